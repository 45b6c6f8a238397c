"""Part of speech, lemma, separable verbs, mood and compound heads on real German news."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.compounds import compound_head
from depesche.engine.annotators.morph import mood
from depesche.engine.annotators.tagger import german_tagger, stts
from depesche.engine.document import Document, Token
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
FEATURES = ("pos", "lemma", "morph", "head")


def annotated(text: str) -> Document:
    return annotate(tokenize(read_document("t", text)), FEATURES, AnnotationContext())


@functools.cache
def article(source: str) -> Document:
    """The seed (``seed``) or a shared dev article (``gnad-30``), tokenised and annotated."""
    if source == "seed":
        return annotated(SEED.read_text(encoding="utf-8"))
    path = SHARED / "dev" / f"{source}.txt"
    if not path.exists():
        pytest.skip("shared dev articles not available")
    return annotated(path.read_text(encoding="utf-8"))


def token(doc: Document, word: str, after: str | None = None) -> Token:
    """The first token ``word`` (after the first token ``after``, if given)."""
    start = 0
    if after is not None:
        start = next(t.i for t in doc.tokens if t.text == after)
    return next(t for t in doc.tokens[start:] if t.text == word)


@pytest.mark.parametrize(
    ("hanta", "expected"),
    [("VV(FIN)", "VVFIN"), ("ADJ(A)", "ADJA"), ("VA(INF)", "VAINF"), ("VV(IZU)", "VVIZU"),
     ("NNA", "NN"), ("NE", "NE"), ("$(", "$("), ("$.", "$."), ("PTKVZ", "PTKVZ")],
)
def test_stts_tags(hanta: str, expected: str) -> None:
    assert stts(hanta) == expected


@pytest.mark.parametrize(
    ("source", "word", "pos", "lemma"),
    [
        # case of proper nouns and hyphenated compounds is kept
        ("seed", "US-Regierung", "NN", "US-Regierung"),
        ("seed", "US-Präsident", "NN", "US-Präsident"),
        ("seed", "Nato-Verbündeten", "NN", "Nato-Verbündete"),
        ("seed", "Nato-Russland-Rat", "NN", "Nato-Russland-Rat"),
        ("seed", "russisch-ukrainischen", "ADJA", "russisch-ukrainisch"),
        ("seed", "USA", "NE", "USA"),
        ("seed", "OSZE", "NE", "OSZE"),
        ("seed", "Russlands", "NE", "Russland"),
        ("seed", "Telefongesprächs", "NN", "Telefongespräch"),
        ("seed", "Wirtschaftssanktionen", "NN", "Wirtschaftssanktion"),
        # reformed spelling: HanTa learnt "Anschluß"
        ("seed", "Anschluss", "NN", "Anschluss"),
        # a name HanTa took for a determiner
        ("seed", "Jen", "NE", "Jen"),
        # a nominalised adjective
        ("seed", "Offizielle", "NN", "Offizielle"),
        ("seed", "Weiße", "ADJA", "weiß"),
        ("seed", "erklärte", "VVFIN", "erklären"),
        ("seed", "Gesprächs", "NN", "Gespräch"),
        ("seed", "10.", "ADJA", "10."),
        ("seed", "„", "$(", "„"),
        ("gnad-30", "al-Assad", "NE", "al-Assad"),
        ("gnad-30", "Parlaments-", "TRUNC", "Parlaments-"),
        ("gnad-1008", "F-22", None, "F-22"),
        ("gnad-1008", "US-Tarnkappenjets", "NN", "US-Tarnkappenjet"),
        ("gnad-1008", "44.000", "CARD", "44.000"),
        ("gnad-665", "G-20-Gipfel", "NN", "G-20-Gipfel"),
    ],
)
def test_pos_and_lemma(source: str, word: str, pos: str | None, lemma: str) -> None:
    """``pos`` None: the tag is not pinned (HanTa reads "F-22" as a number)."""
    found = token(article(source), word)
    assert found.lemma == lemma
    assert pos is None or found.pos == pos


# (source, verb as written, the token the search starts after, lemma, particle or None)
SEPARABLE = [
    ("seed", "rufen", None, "aufrufen", "auf"),
    ("seed", "anbot", None, "anbieten", None),
    ("seed", "hänge", None, "abhängen", "ab"),
    ("seed", "voranzuschreiten", None, "voranschreiten", None),
    ("seed", "machte", None, "klarmachen", "klar"),
    ("seed", "spitzt", None, "zuspitzen", "zu"),
    ("seed", "darstelle", None, "darstellen", None),
    ("seed", "stellen", None, "darstellen", "dar"),
    ("seed", "lehnt", None, "ablehnen", "ab"),
    ("seed", "ausging", None, "ausgehen", None),
    ("gnad-1008", "werfen", None, "vorwerfen", "vor"),
    ("gnad-1008", "kündigte", None, "ankündigen", "an"),
    ("gnad-1008", "einzusetzen", None, "einsetzen", None),
    ("gnad-30", "setzten", None, "fortsetzen", "fort"),
    ("gnad-30", "rief", None, "aufrufen", "auf"),
    ("gnad-30", "gibt", None, "angeben", "an"),
    ("gnad-30", "teilten", None, "mitteilen", "mit"),
    ("gnad-665", "gehen", "Terroranschlägen", "vorgehen", "vor"),
    ("gnad-665", "ging", None, "eingehen", "ein"),
    ("gnad-819", "arbeiten", None, "abarbeiten", "ab"),
    ("gnad-819", "laufen", None, "auslaufen", "aus"),
]


@pytest.mark.parametrize(("source", "word", "after", "lemma", "particle"), SEPARABLE)
def test_separable_verbs(
    source: str, word: str, after: str | None, lemma: str, particle: str | None
) -> None:
    doc = article(source)
    verb = token(doc, word, after)
    assert verb.lemma == lemma
    if particle is None:
        assert "particle" not in verb.attrs
    else:
        joined = doc.tokens[verb.attrs["particle"]]
        assert (joined.text, joined.pos) == (particle, "PTKVZ")
        assert joined.attrs["particle_of"] == verb.i
        assert joined.sentence == verb.sentence


@pytest.mark.parametrize(
    ("text", "verb", "lemma"),
    [
        # a comment clause between verb and particle does not steal the particle
        ("Der Minister lehnt, wie er sagte, den Vorschlag ab.", "lehnt", "ablehnen"),
        ("Der Minister lehnt, wie er sagte, den Vorschlag ab.", "sagte", "sagen"),
        # coordinated main clauses: the particle closes the second one
        ("Er kam nach Genf und bot dort Gespräche an.", "bot", "anbieten"),
        ("Er kam nach Genf und bot dort Gespräche an.", "kam", "kommen"),
        # a w-question is a main clause (corpus: "Was schlagen Sie stattdessen vor?")
        ("Was schlagen Sie stattdessen vor?", "schlagen", "vorschlagen"),
        # the joined form in a subordinate clause and the zu-infinitive
        ("Er sagte, dass Biden zwei Optionen anbot.", "anbot", "anbieten"),
        ("Biden versuchte, Putin Optionen anzubieten.", "anzubieten", "anbieten"),
        # a participle between an article with adjuncts and its noun is no finite verb:
        # the particle is the clause's own verb's
        ("Die von Minsk unterstützte Miliz griff die Stadt an.", "griff", "angreifen"),
        ("Die Rebellen griffen die von Minsk unterstützte Miliz an.", "griffen",
         "angreifen"),
        # a verb written apart from its first part at the clause's end
        ("Die Regierung hatte die Zahlen bekannt gegeben.", "gegeben", "bekanntgeben"),
        ("Die Geiseln wurden am Montag frei gelassen.", "gelassen", "freilassen"),
    ],
)
def test_separable_verbs_in_clauses(text: str, verb: str, lemma: str) -> None:
    assert token(annotated(text), verb).lemma == lemma


@pytest.mark.parametrize(("text", "word", "pos"), [
    ("Die von Minsk unterstützte Miliz griff die Stadt an.", "unterstützte", "ADJA"),
    ("Die vom Westen angeführte Allianz zog ab.", "angeführte", "ADJA"),
    # a past tense after a subject stays one
    ("Die Miliz unterstützte die Armee.", "unterstützte", "VVFIN"),
    ("Seit Jahren unterstützte Moskau die Armee.", "unterstützte", "VVFIN"),
])
def test_attributive_participles(text: str, word: str, pos: str) -> None:
    assert token(annotated(text), word).pos == pos


MOODS = [
    # Konjunktiv I (seed and dev articles)
    ("seed", "hänge", "Sub1"),
    ("seed", "werde", "Sub1"),
    ("seed", "habe", "Sub1"),
    ("seed", "komme", "Sub1"),
    ("seed", "expandiere", "Sub1"),
    ("seed", "darstelle", "Sub1"),
    ("seed", "liege", "Sub1"),
    ("gnad-166", "gebe", "Sub1"),
    ("gnad-166", "nehme", "Sub1"),
    ("gnad-30", "sei", "Sub1"),
    ("gnad-30", "seien", "Sub1"),
    ("gnad-30", "helfe", "Sub1"),
    ("gnad-30", "müsse", "Sub1"),
    ("gnad-1008", "verhalte", "Sub1"),
    ("gnad-1008", "solle", "Sub1"),
    ("gnad-839", "solle", "Sub1"),
    # Konjunktiv II
    ("seed", "gäbe", "Sub2"),
    ("seed", "wäre", "Sub2"),
    ("seed", "hätte", "Sub2"),
    ("seed", "könnten", "Sub2"),
    ("seed", "könnte", "Sub2"),
    ("gnad-166", "würden", "Sub2"),
    ("gnad-30", "würde", "Sub2"),
    ("gnad-819", "dürfte", "Sub2"),
    ("gnad-1008", "müssten", "Sub2"),
    # indicative, and forms that Konjunktiv II shares with the past
    ("seed", "wird", "Ind"),
    ("seed", "erklärte", "Ind"),
    ("seed", "Sollte", "Ind"),
    ("seed", "lehnt", "Ind"),
    ("seed", "stellen", "Ind"),
    ("gnad-30", "ist", "Ind"),
    ("gnad-30", "hat", "Ind"),
]


@pytest.mark.parametrize(("source", "word", "expected"), MOODS)
def test_mood_of_finite_verbs(source: str, word: str, expected: str) -> None:
    morph = token(article(source), word).morph
    assert (morph.get("Mood"), morph.get("VerbForm")) == (expected, "Fin")


@pytest.mark.parametrize(
    ("form", "lemma", "after_ich", "expected"),
    [
        ("hängt", "hängen", False, "Ind"),
        ("hänge", "hängen", False, "Sub1"),
        ("habe", "haben", True, "Ind"),
        ("gibt", "geben", False, "Ind"),
        ("bedeute", "bedeuten", False, "Sub1"),
        ("sagte", "sagen", False, "Ind"),
        ("käme", "kommen", False, "Sub2"),
        ("stünde", "stehen", False, "Sub2"),
        ("bräuchte", "brauchen", False, "Sub2"),
        ("wollte", "wollen", False, "Ind"),
        ("fährt", "fahren", False, "Ind"),
        ("träge", "tragen", False, "Ind"),
    ],
)
def test_mood_from_form(form: str, lemma: str, after_ich: bool, expected: str) -> None:
    assert mood(form, lemma, after_ich) == expected


@pytest.mark.parametrize(
    ("text", "verb", "expected"),
    [
        # strong past stems with -e, found by HanTa's morphemes
        ("Wenn er ginge, bliebe sie.", "ginge", "Sub2"),
        ("Wenn er ginge, bliebe sie.", "bliebe", "Sub2"),
        ("Er sagte, das hielte er für falsch.", "hielte", "Sub2"),
        ("Er sagte, das halte er für falsch.", "halte", "Sub1"),
        ("Die Soldaten gingen nach Hause.", "gingen", "Ind"),
        # the past of mixed verbs is indicative (corpus: "nannte", "brachte", "wandte")
        ("Der Minister nannte keine Zahlen.", "nannte", "Ind"),
        ("Die Regierung wandte sich an die EU.", "wandte", "Ind"),
        ("Die Reform brachte wenig.", "brachte", "Ind"),
        ("Er sagte, die Regierung handle richtig.", "handle", "Sub1"),
    ],
)
def test_mood_of_strong_verbs(text: str, verb: str, expected: str) -> None:
    assert token(annotated(text), verb).morph["Mood"] == expected


@pytest.mark.parametrize(
    ("source", "word", "verb_form"),
    [
        ("seed", "gezeigt", "Part"),
        ("seed", "haben", "Inf"),
        ("seed", "voranzuschreiten", "Inf"),
        ("seed", "getroffen", "Part"),
        ("gnad-30", "fortsetzen", "Inf"),
    ],
)
def test_verb_forms(source: str, word: str, verb_form: str) -> None:
    found = token(article(source), word, "soll" if source == "seed" and word == "haben" else None)
    assert found.morph.get("VerbForm") == verb_form
    assert "Mood" not in found.morph


@pytest.mark.parametrize(
    ("source", "word", "hearsay"),
    [
        ("seed", "soll", True),  # "Putin soll sich damit einverstanden gezeigt haben."
        ("gnad-166", "sollen", True),  # "sollen IS-Kämpfer ... Senfgas eingesetzt haben"
        ("gnad-698", "sollen", True),  # "Sie sollen ... Kämpfer ... getötet haben."
        ("gnad-1008", "sollen", False),  # "sollen die Flugkosten ... betragen"
        ("gnad-839", "solle", False),  # "der Botschafter solle Stellung nehmen"
        ("seed", "Sollte", False),
    ],
)
def test_hearsay_sollen(source: str, word: str, hearsay: bool) -> None:
    morph = token(article(source), word).morph
    assert (morph.get("Evidential") == "Hearsay") is hearsay


def test_hearsay_in_verb_final_clause() -> None:
    doc = annotated("Berichten zufolge ist unklar, ob er das gesagt haben soll.")
    assert token(doc, "soll").morph.get("Evidential") == "Hearsay"


@pytest.mark.parametrize(
    ("source", "word", "head"),
    [
        ("seed", "US-Regierungssprecherin", "Sprecherin"),
        ("seed", "Stabilitätsdialog", "Dialog"),
        ("seed", "Telefongesprächs", "Gespräch"),
        ("seed", "Telefongespräch", "Gespräch"),
        ("seed", "Nato-Russland-Rat", "Rat"),
        ("seed", "US-Regierungsmitglied", "Mitglied"),
        ("seed", "Wirtschaftssanktionen", "Sanktion"),
        ("seed", "Regierungschefs", "Chef"),
        ("seed", "Kreml-Berater", "Berater"),
        ("seed", "Gespräch", "Gespräch"),
        ("seed", "Verhandlungen", "Verhandlung"),
        ("seed", "Russland", "Russland"),
        ("gnad-1008", "US-Verteidigungsministerium", "Ministerium"),
        ("gnad-665", "Raketenabwehrsystems", "System"),
    ],
)
def test_compound_heads(source: str, word: str, head: str) -> None:
    assert token(article(source), word).attrs["head"] == head


def test_a_noun_that_recurs_gets_the_head_found_for_it_alone() -> None:
    # Heads are remembered by form, lemma and whether to split (each noun once per run):
    # every noun of an article, its repetitions included, has the head compound_head finds.
    doc = article("gnad-1008")
    nouns = [t for t in doc.tokens if t.pos in ("NN", "NE")]
    assert len({(t.text, t.lemma) for t in nouns}) < len(nouns)  # some recur
    for noun in nouns:
        assert noun.attrs["head"] == compound_head(
            german_tagger(), noun.text, noun.lemma or noun.text, split=noun.pos == "NN")


@pytest.mark.parametrize(
    ("text", "word", "pos", "lemma"),
    [
        # corpus sentences: capitalised words inside a sentence are nouns and names
        ("Istanbul – Der türkische Präsident Recep Tayyip Erdoğan hat Ministerpräsident "
         "Ahmet Davutoğlu mit der Bildung einer Übergangsregierung beauftragt.",
         "Ahmet", "NE", "Ahmet"),
        ("Die App ermöglicht Schrittzählung mit Zielsetzung und das Protokollieren von Puls "
         "und UV-Strahlung.", "Protokollieren", "NN", "Protokollieren"),
        ("Die App ermöglicht Schrittzählung mit Zielsetzung und das Protokollieren von Puls "
         "und UV-Strahlung.", "App", "NN", "App"),
        # a number and a hyphen before a capital: a nominalised adjective, a noun
        ("Das sagte der 72-Jährige am Montag.", "72-Jährige", "NN", "72-Jährig"),
        # "zu" before no verb is a preposition; before an infinitive the particle
        ("Am Abend kam es zu schweren Kämpfen.", "zu", "APPR", "zu"),
        ("Sie sind bereit, weiter zu verhandeln.", "zu", "PTKZU", "zu"),
        # "während" before a genitive is a preposition; before a clause the conjunction
        ("Während des Krieges starben viele Menschen.", "Während", "APPR", "während"),
        ("Während der Minister sprach, protestierten viele.", "Während", "KOUS", "während"),
        # the last verb of a verb-final clause without a finite verb is finite
        ("Er sagte, dass Norwegen und Russland über Quoten verhandeln.", "verhandeln", "VVFIN",
         "verhandeln"),
        ("Er sagte, dass beide Seiten weiter verhandeln wollen.", "verhandeln", "VVINF",
         "verhandeln"),
        # ... also an auxiliary's or a modal's
        ("Nein, weil wir eine gute Zusammenarbeit mit den Behörden haben.", "haben", "VAFIN",
         "haben"),
        ("Er sagte, dass beide Seiten weiter verhandeln wollen.", "wollen", "VMFIN",
         "wollen"),
        ("Er wird bald zufrieden sein.", "sein", "VAINF", "sein"),
        # a weak verb's past form after a noun, in a clause with no finite verb, is finite
        ("Schwere Bomber bombardierten Brücken im Norden.", "bombardierten", "VVFIN",
         "bombardieren"),
        ("Er sagte, dass Soldaten mehrere Reporter verhafteten.", "verhafteten", "VVFIN",
         "verhaften"),
        ("Die bombardierten Brücken sind gesperrt.", "bombardierten", "ADJA", "bombardiert"),
        # "ss" after a short vowel is the reformed spelling of HanTa's "ß" ("Prozess"); after
        # a diphthong the lemma keeps it ("beschloss" is "beschließen")
        ("Der Prozess begann im Mai.", "Prozess", "NN", "Prozess"),
        ("Die EU beschloss neue Sanktionen.", "beschloss", "VVFIN", "beschließen"),
        ("Der Attentäter riss zwölf Menschen mit in den Tod.", "riss", "VVFIN", "reißen"),
    ],
)
def test_capitalisation_repairs(text: str, word: str, pos: str, lemma: str) -> None:
    found = token(annotated(text), word)
    assert (found.pos, found.lemma) == (pos, lemma)


@pytest.mark.parametrize(
    ("source", "word", "lemma"),
    [
        ("seed", "Russlands", "Russland"),  # a name HanTa knows
        ("gnad-579", "Kerrys", "Kerry"),  # the article says "Kerry" too
        ("gnad-30", "Assads", "Assad"),  # … or "al-Assad"
        ("gnad-30", "Moskaus", "Moskau"),
        ("gnad-839", "Andrejews", "Andrejew"),
    ],
)
def test_genitive_of_names(source: str, word: str, lemma: str) -> None:
    assert token(article(source), word).lemma == lemma


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # corpus: a name in -s that the article never uses without it
        ("Zunächst aber braucht Alexis Tsipras eine neue Regierung.", "Tsipras"),
        ("Das Juventus-Stadion liegt in Turin, sagte Juventus.", "Juventus"),
        ("Die Zahl der Anträge stieg laut IMAS.", "IMAS"),
    ],
)
def test_names_ending_in_s_keep_it(text: str, word: str) -> None:
    assert token(annotated(text), word).lemma == word


def test_overlong_tokens_are_their_own_lemma() -> None:
    """Regression: HanTa's analysis is quadratic in the length of a form (minutes for 2,000
    characters), so an over-long token must not reach it."""
    junk = "https://example.org/" + "a" * 2000
    doc = annotated(f"Die Seite {junk} ist weg. " + "Donaudampfschifffahrtskapitän" * 10 + " kam.")
    assert token(doc, junk).lemma == junk
    assert token(doc, "kam").lemma == "kommen"


def test_only_nouns_have_heads() -> None:
    doc = article("seed")
    assert all("head" not in t.attrs for t in doc.tokens if t.pos not in ("NN", "NE"))


def test_tagger_runs_only_when_asked() -> None:
    doc = tokenize(read_document("t", SEED.read_text(encoding="utf-8")))
    annotate(doc, ["lemma"], AnnotationContext())
    assert doc.annotated == {"tagger"}
    assert all(t.lemma is not None and t.pos is not None for t in doc.tokens)
    assert all(not t.morph for t in doc.tokens)


def test_corpus_sentences_are_tagged_and_lemmatised() -> None:
    """Real articles of the corpus: every token gets an STTS tag and a non-empty lemma."""
    path = SHARED / "corpus" / "10kgnad-test.csv"
    if not path.exists():
        pytest.skip("shared corpus not available")
    import csv
    import itertools

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(itertools.islice(csv.reader(handle, delimiter=";", quotechar="'"), 5))
    for _label, text in rows:
        doc = annotate(tokenize(Document("c", text)), FEATURES, AnnotationContext())
        assert all(t.lemma and t.pos for t in doc.tokens)
        assert all(t.pos == "$(" or "(" not in t.pos for t in doc.tokens)


# (sentence, token, pos, lemma): words of a person's name in the shipped actor lexicon
NAME_CASES = [
    ("Annalena Baerbock sagte nichts.", "Annalena", "NE", "Annalena"),
    ("Annalena sagte nichts.", "Annalena", "NE", "Annalena"),
    ("Frank-Walter Steinmeiers Rede war kurz.", "Frank-Walter", "NE", "Frank-Walter"),
    ("Frank-Walter Steinmeiers Rede war kurz.", "Steinmeiers", "NE", "Steinmeier"),
    ("Baerbocks Reise nach Kiew.", "Baerbocks", "NE", "Baerbock"),
    ("Die Annalen des Vereins.", "Annalen", "NN", "Annalen"),
    ("Kurz darauf ziehe Van der Bellen nach.", "Kurz", "ADJD", "kurz"),
]


@pytest.mark.parametrize(("text", "word", "pos", "lemma"), NAME_CASES,
                         ids=[f"{c[1]} in {c[0]}" for c in NAME_CASES])
def test_person_names_keep_their_form_as_lemma(text: str, word: str, pos: str,
                                               lemma: str) -> None:
    from depesche.rules.loader import load_pack

    pack, _ = load_pack()
    doc = tokenize(read_document("t", text))
    annotate(doc, ("pos", "lemma"), AnnotationContext(lexicons=tuple(pack.lexicons)))
    token = next(t for t in doc.tokens if t.text == word)
    assert (token.pos, token.lemma) == (pos, lemma)


@pytest.mark.parametrize(("text", "word"), [
    ("Die Stiftung ist eine Initiative von British American Tobacco (BAT).", "BAT"),
    ("Das Institut für Nationales Gedenken (IPN) legte Akten vor.", "IPN"),
])
def test_an_acronym_in_brackets_is_a_name(text: str, word: str) -> None:
    """HanTa read "BAT" as the past tense of "bitten", a REQUEST cue (corpus)."""
    found = token(annotated(text), word)
    assert (found.pos, found.lemma) == ("NE", word)
