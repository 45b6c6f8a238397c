"""Tokens and sentence boundaries of German news, pinned on the seed, dev articles and cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from depesche.engine.document import Document
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"


def tokens_of(text: str) -> list[str]:
    return [t.text for t in tokenize(Document("t", text)).tokens]


def sentences_of(text: str) -> list[str]:
    doc = tokenize(Document("t", text))
    return [text[s.start : s.end] for s in doc.sentences]


def first_words(doc: Document) -> list[str]:
    """Each sentence by its first three tokens, the way the expectations are written."""
    return [" ".join(t.text for t in doc.sentence_tokens(s)[:3]) for s in doc.sentences]


# The seed article, sentence by sentence (the headline on the date line is a sentence).
SEED_SENTENCES = [
    "Biden telefoniert mit",
    "US-Präsident Biden und",
    "Die Beziehungen zwischen",
    "Und das ,",
    "Für welchen dieser",
    "„ Sollte sich",
    "Damit gemeint sind",
    "Konkrete Entscheidungen wurden",
    "Die US-Regierung bezeichnete",
    "Das Weiße Haus",
    "Weitere diplomatische Gespräche",
    "Biden , der",
    "Diese starten mit",
    "Danach folgt der",
    "„ Präsident Biden",
    "Ob Russland bereits",
    "Präsident Biden machte",
    "Präsident Putin soll",
    "Die Nato und",
    "Die Krise an",
    "Noch immer befinden",
    "Moskau begründet dies",
    "Noch vor den",
    "Dazu gehört unter",
    "„ Seit der",
    "Bei verschiedensten Veranstaltungen",
    "Auf unsere Frage",
    "Dies und das",
    "Sowohl Biden wie",
    "Zugleich gäbe es",
    "Was genau damit",
    "Eine Garantie darüber",
    "Diese Entscheidung liege",
    "Beide Regierungschefs versuchten",
    "Laut einem Kreml-Berater",
    "„ Es wäre",
]


def test_seed_sentence_boundaries() -> None:
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    assert first_words(doc) == SEED_SENTENCES


def test_seed_sentences_end_where_expected() -> None:
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    ends = [doc.text[s.start : s.end] for s in doc.sentences]
    assert ends[0].endswith("Diplomatie oder Abschreckung")
    assert ends[5].endswith("ziehen,“ sagte der Offizielle.")
    assert ends[10] == "Weitere diplomatische Gespräche"
    assert ends[24].endswith("der Nato miterlebt.")
    assert ends[26].endswith("erhalten“, schrieb der russische US-Botschafter Anatoly "
                             "Antonov am Donnerstag in Foreign Policy.")
    assert ends[-1].endswith("zum „kompletten Abbruch“ aller Beziehungen führen könnte.")


def test_seed_tokens_index_consistently() -> None:
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    assert doc.tokens[0].start == doc.body_start
    for i, token in enumerate(doc.tokens):
        assert token.i == i
        assert doc.text[token.start : token.end] == token.text
        sentence = doc.sentences[token.sentence]
        assert sentence.first + token.si == i
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert doc.sentences[-1].last == len(doc.tokens)


DEV_SENTENCES = {
    "gnad-579.txt": [
        "US-Außenminister traf Palästinenserpräsident",
        "Washington – US-Außenminister",
        "Dies habe Kerry",
        "Demnach sprachen die",
        "Seit Oktober wurden",
        "Bei der Mehrzahl",
        "Kerrys Sprecher unterstrich",
        "Washington werde sich",
        "Kerry traf in",
        "Bei dem Gespräch",
        "Zugleich habe der",
    ],
    "gnad-839.txt": [
        "Russischer Botschaft soll",
        "Warschau / Moskau",
        "Grund ist ein",
        "Die polnisch-russischen Beziehungen",
        "Zudem warf er",
        "Die damalige polnische",
        "Polen war daher",
        "Schetyna sagte am",
        "In den vergangenen",
        "Am Freitag hatte",
        "Russland warf Polen",
    ],
    "gnad-166.txt": [
        "Russischer Außenminister glaubt",
        "Genf – Russland",
        "Es gebe Berichte",
        "Außerdem eroberten sie",
        "Lawrow forderte Verhandlungen",
        "US-Informationen zufolge sollen",
        "Nach einem Bericht",
        "Die Gefahr nehme",
    ],
}


@pytest.mark.parametrize("name", sorted(DEV_SENTENCES))
def test_dev_sentence_boundaries(name: str) -> None:
    path = SHARED / "dev" / name
    if not path.exists():
        pytest.skip("shared dev articles not available")
    doc = tokenize(read_document(name, path.read_text(encoding="utf-8")))
    assert first_words(doc) == DEV_SENTENCES[name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ordinals and dates do not end sentences (seed, gnad-819)
        ("Dialog am 10. Januar in Genf.", ["Dialog", "am", "10.", "Januar", "in", "Genf", "."]),
        ("regulär am 1. Jänner aus.", ["regulär", "am", "1.", "Jänner", "aus", "."]),
        ("im 20. Jahrhundert", ["im", "20.", "Jahrhundert"]),
        # hyphenated compounds stay one token
        ("US-Präsident Biden", ["US-Präsident", "Biden"]),
        ("der Nato-Russland-Rat am", ["der", "Nato-Russland-Rat", "am"]),
        ("an der russisch-ukrainischen Grenze", ["an", "der", "russisch-ukrainischen", "Grenze"]),
        ("Natürlich müssen Parlaments- und Präsidentenwahlen",
         ["Natürlich", "müssen", "Parlaments-", "und", "Präsidentenwahlen"]),
        ("Chinas Staats- und Parteichef", ["Chinas", "Staats-", "und", "Parteichef"]),
        ("Bashar al-Assad", ["Bashar", "al-Assad"]),
        # numbers
        ("über 44.000 Dollar", ["über", "44.000", "Dollar"]),
        ("3,4 Milliarden US-Dollar", ["3,4", "Milliarden", "US-Dollar"]),
        ("vom Typ F-22 sind", ["vom", "Typ", "F-22", "sind"]),
        ("den G-20-Gipfel", ["den", "G-20-Gipfel"]),
        ("am 10.01.2022 um 10:30", ["am", "10.01.2022", "um", "10:30"]),
        ("rund 12.000 Soldaten", ["rund", "12.000", "Soldaten"]),
        ("Die 26.000-Einwohner-Stadt", ["Die", "26.000-Einwohner-Stadt"]),
        # abbreviations and initials keep their period
        ("z. B. die Nato", ["z.", "B.", "die", "Nato"]),
        ("u. a. Polen", ["u.", "a.", "Polen"]),
        ("Dr. Müller bzw. Nr. 5", ["Dr.", "Müller", "bzw.", "Nr.", "5"]),
        ("John F. Kennedy", ["John", "F.", "Kennedy"]),
        ("die U.S. Army", ["die", "U.S.", "Army"]),
        # quotes are tokens of their own, apostrophes inside words are not
        ("„Präsident Biden“", ["„", "Präsident", "Biden", "“"]),
        ("»Nato« und ‚USA‘", ["»", "Nato", "«", "und", "‚", "USA", "‘"]),
        ('"All-in-Rechner"', ['"', "All-in-Rechner", '"']),
        ("'warum die Nato?’,", ["'", "warum", "die", "Nato", "?", "’", ","]),
        ("wie geht's", ["wie", "geht's"]),
        ("ziehen,“ sagte", ["ziehen", ",", "“", "sagte"]),
        # dashes and slashes
        ("Warschau/Moskau – Neuer", ["Warschau", "/", "Moskau", "–", "Neuer"]),
        ("Wien - Die", ["Wien", "-", "Die"]),
        ("Ost-West-Spannungen", ["Ost-West-Spannungen"]),
        # brackets, urls, ellipses
        ("Europa (OSZE) am", ["Europa", "(", "OSZE", ")", "am"]),
        ("unter www.allinrechner.at ein", ["unter", "www.allinrechner.at", "ein"]),
        ("und so weiter …", ["und", "so", "weiter", "…"]),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ordinal before a month continues the sentence
        ("Diese starten am 10. Januar in Genf. Danach folgt der Rat.",
         ["Diese starten am 10. Januar in Genf.", "Danach folgt der Rat."]),
        ("ab dem vollendeten 16. Lebensjahr vollzogen.",
         ["ab dem vollendeten 16. Lebensjahr vollzogen."]),
        ("Rallye-WM (3. Etappe) in Polen.", ["Rallye-WM (3. Etappe) in Polen."]),
        ("(red, 16. 5. 2016)", ["(red, 16. 5. 2016)"]),
        # a year ends the sentence (gnad-839)
        ("auf dem schlechtesten Stand seit 1945. Zudem warf er Polen Mitschuld vor.",
         ["auf dem schlechtesten Stand seit 1945.", "Zudem warf er Polen Mitschuld vor."]),
        # a small number before a capitalised function word ends it
        ("Die Zahl stieg auf 176. Die Regierung schwieg.",
         ["Die Zahl stieg auf 176.", "Die Regierung schwieg."]),
        # a regnal ordinal before a sentence starter ends it (gnad-579)
        ("Kerry traf auch König Abdullah II. Bei dem Gespräch sei es um Syrien gegangen.",
         ["Kerry traf auch König Abdullah II.", "Bei dem Gespräch sei es um Syrien gegangen."]),
        ("Papst Benedikt XVI. traf Merkel.", ["Papst Benedikt XVI. traf Merkel."]),
        # abbreviations inside a sentence
        ("Er nannte z. B. Polen und Dr. Müller u. a. als Zeugen. Dann ging er.",
         ["Er nannte z. B. Polen und Dr. Müller u. a. als Zeugen.", "Dann ging er."]),
        ("Polen, Ungarn usw. Die Nato schwieg.", ["Polen, Ungarn usw.", "Die Nato schwieg."]),
        # a quote closed after a comma stays with its cue (seed)
        ("„Dann werde dies Kosten nach sich ziehen,“ sagte der Offizielle. Damit gemeint",
         ["„Dann werde dies Kosten nach sich ziehen,“ sagte der Offizielle.", "Damit gemeint"]),
        ("„Warum?“, fragte er. Niemand antwortete.",
         ["„Warum?“, fragte er.", "Niemand antwortete."]),
        ("„Wer kommt?“ fragte er.", ["„Wer kommt?“ fragte er."]),
        # a quote that goes on splits at its inner sentence ends; the closer stays inside
        ("„Wir haben fünf Wellen miterlebt. Bei Treffen wurde uns erklärt, dass …“, schrieb er.",
         ["„Wir haben fünf Wellen miterlebt.",
          "Bei Treffen wurde uns erklärt, dass …“, schrieb er."]),
        ("Er sagte: „Wir kommen.“ Dann ging er.", ["Er sagte: „Wir kommen.“", "Dann ging er."]),
        # headlines: a line without final punctuation before a blank line
        ("Weitere diplomatische Gespräche\n\nBiden verständigte sich mit Putin.",
         ["Weitere diplomatische Gespräche", "Biden verständigte sich mit Putin."]),
        # a subheading glued to its paragraph by a flattened archive ends before a
        # capitalised sentence starter, unless a title's introducer stands before it
        ("Die Polizei schwieg. Neue Vorwürfe Es seien Akten gefunden worden.",
         ["Die Polizei schwieg.", "Neue Vorwürfe", "Es seien Akten gefunden worden."]),
        ("Der Minister weist alles zurück Er habe nie gelogen, sagte er.",
         ["Der Minister weist alles zurück", "Er habe nie gelogen, sagte er."]),
        ("Lage im Norden In der Provinz wird gekämpft.",
         ["Lage im Norden", "In der Provinz wird gekämpft."]),
        ("Das berichtete die Zeitung Die Presse am Montag.",
         ["Das berichtete die Zeitung Die Presse am Montag."]),
        ("Er schrieb in Der Spiegel, der Film Das Boot sei gut.",
         ["Er schrieb in Der Spiegel, der Film Das Boot sei gut."]),
        ("Die Polizei fragte: Haben Sie das gesehen?",
         ["Die Polizei fragte: Haben Sie das gesehen?"]),
        ("Sie wählten die Partei Die Linke.", ["Sie wählten die Partei Die Linke."]),
        # a colon does not end a sentence
        ("zwei Optionen anbot: Diplomatie oder Abschreckung.",
         ["zwei Optionen anbot: Diplomatie oder Abschreckung."]),
        # ! and ?
        ("Wirklich? Ja! Gut.", ["Wirklich?", "Ja!", "Gut."]),
        # punctuation glued to a sentence's end is no sentence of its own (an initial's
        # period and the sentence's: "K..")
        ("Das war knapp, sagt K.. Er blieb.", ["Das war knapp, sagt K..", "Er blieb."]),
        ("Wirklich?! Ja.", ["Wirklich?!", "Ja."]),
        ("Klappe (siehe Seite 3). Die Nato", ["Klappe (siehe Seite 3).", "Die Nato"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


@pytest.mark.parametrize(
    ("name", "dateline"),
    [
        ("gnad-1008.txt", ["Warschau", "/", "Washington", "–"]),
        ("gnad-839.txt", ["Warschau", "/", "Moskau", "–"]),
        ("gnad-30.txt", ["Moskau", "–"]),
        ("gnad-698.txt", ["Sirte", "–"]),
    ],
)
def test_datelines_are_marked_and_open_their_sentence(name: str, dateline: list[str]) -> None:
    path = SHARED / "dev" / name
    if not path.exists():
        pytest.skip("shared dev articles not available")
    doc = tokenize(read_document(name, path.read_text(encoding="utf-8")))
    marked = [t for t in doc.tokens if t.attrs.get("dateline")]
    assert [t.text for t in marked] == dateline
    assert marked[0].sentence == 1
    assert marked[0].si == 0


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        # corpus articles: double spaces, particles and glosses in place names
        ("Zweisatzsieg bringt Duell mit dem Spanier. Buenos Aires  – Dominic Thiem steht im "
         "Halbfinale.", ["Buenos", "Aires", "–"]),
        ("Segel-Revier verseucht. Rio de Janeiro – Das olympische Segel-Revier ist verseucht.",
         ["Rio", "de", "Janeiro", "–"]),
        ("Streit um Denkmal. Breslau (Wroclaw) – Noch wird in Polen gestritten.",
         ["Breslau", "(", "Wroclaw", ")", "–"]),
        ("Wien - Die Gewerkschaft sieht Handlungsbedarf.", ["Wien", "-"]),
        # no dateline: a dash after a sentence adverb or inside a teaser
        ("Gespräche laufen. Allein – ohne Partner geht es nicht.", []),
        ("Privater Besuch ohne Öffentlichkeit – Politiker seit langem befreundet.", []),
    ],
)
def test_datelines(text: str, dateline: list[str]) -> None:
    doc = tokenize(Document("t", text))
    assert [t.text for t in doc.tokens if t.attrs.get("dateline")] == dateline


def test_seed_has_no_dateline() -> None:
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    assert not any(t.attrs.get("dateline") for t in doc.tokens)


def test_empty_body_has_no_sentences() -> None:
    doc = tokenize(read_document("empty", "date 2021-12\n\n"))
    assert doc.tokens == []
    assert doc.sentences == []


def test_corpus_article_tokens_cover_text() -> None:
    """Every non-space character of real articles lies in exactly one token."""
    path = SHARED / "corpus" / "10kgnad-test.csv"
    if not path.exists():
        pytest.skip("shared corpus not available")
    import csv
    import itertools

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(itertools.islice(csv.reader(handle, delimiter=";", quotechar="'"), 50))
    for _label, text in rows:
        doc = tokenize(Document("c", text))
        covered = "".join(t.text for t in doc.tokens)
        assert covered == "".join(text.split())
        assert all(s.first < s.last for s in doc.sentences)


ALPHABET = "aäbcdeöfghijklmnopqrsßtuüvwxyzAÄBCDÖEFGHIJKLMNOPQRSTUÜVWXYZ0123456789" + (
    " \n\t.,;:!?…-–—/()[]„“”\"»«‚‘’'‹›%&"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=200))
def test_any_text_is_covered_by_tokens_and_sentences(text: str) -> None:
    """Whatever the text, tokens are its non-space characters in order, once each."""
    doc = tokenize(Document("h", text))
    assert "".join(t.text for t in doc.tokens) == "".join(text.split())
    for i, token in enumerate(doc.tokens):
        assert token.i == i
        assert text[token.start : token.end] == token.text
        assert i == 0 or doc.tokens[i - 1].end <= token.start
    assert [s.first for s in doc.sentences[1:]] == [s.last for s in doc.sentences[:-1]]
    if doc.tokens:
        assert (doc.sentences[0].first, doc.sentences[-1].last) == (0, len(doc.tokens))
