"""Quotes, indirect speech and attributions with cue and speaker, on seed and dev sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.quotes import FALLBACK_CUES, cue_lemmas
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.lexicons import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
LEXICONS = tuple(load_lexicon(p) for p in sorted((ROOT / "rules" / "lexicons").glob("*.yaml")))


def quotes_of(text: str, lexicons: tuple = LEXICONS) -> list[dict[str, Any]]:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"QUOTE"}, AnnotationContext(lexicons=lexicons))
    return [{"text": m.text, **m.attrs} for m in sorted(doc.mentions.get("QUOTE", []),
                                                         key=lambda m: (m.start, m.end))]


def summary(quote: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    speaker = quote["speaker"] or {}
    return quote["form"], quote["cue"], speaker.get("text"), speaker.get("code")


# (text, expected (form, cue, speaker text, speaker code) of each quote, in order)
CASES = [
    # seed: comma inside the closing mark, speaker a definite description
    ("„Sollte sich Russland dazu entscheiden, dann werde dies massive Kosten nach sich "
     "ziehen,“ sagte der Offizielle.",
     [("direct", "sagte", "der Offizielle", None)]),
    # seed: Konjunktiv I before ", erklärte X" is indirect speech
    ("Für welchen dieser beiden Wege sich die USA am Ende entscheiden, hänge ganz von Moskau "
     "ab, erklärte ein US-Regierungsmitglied im Anschluss an das Gespräch.",
     [("indirect", "erklärte", "ein US-Regierungsmitglied", "USA")]),
    # seed: "X bezeichnete … als …" and "X bestätigte, dass …"
    ("Die US-Regierung bezeichnete den Ton des Gesprächs als seriös und inhaltlich gehaltvoll.",
     [("indirect", "bezeichnete", "Die US-Regierung", "USA")]),
    ("Das Weiße Haus bestätigte zudem, dass die Initiative für das Gespräch von Moskau ausging.",
     [("indirect", "bestätigte", "Das Weiße Haus", "USA")]),
    # seed: "so X" inserted, and "laut X"
    ("Präsident Biden machte klar, so der Offizielle weiter, dass die USA keine Entscheidungen "
     "treffen werden.",
     [("according_to", "so", "der Offizielle", None)]),
    ("Laut einem Kreml-Berater warnte Putin die USA allerdings vor dem Einsatz drastischer "
     "Wirtschaftssanktionen.",
     [("according_to", "Laut", "einem Kreml-Berater", "RUS")]),
    # gnad-30: indicative before ", sagte X" without quotation marks is direct speech
    ("Natürlich müssen Parlaments- und Präsidentenwahlen vorbereitet werden, sagte "
     "Außenminister Sergej Lawrow dem staatlichen Fernsehsender Rossija 1 am Samstag.",
     [("direct", "sagte", "Außenminister Sergej Lawrow", "RUS")]),
    ("Nach Angaben aus Moskau sprachen sie unter anderem über die mögliche Einbindung weiterer "
     "Akteure aus Nahost.",
     [("according_to", "Angaben", "Moskau", "RUS")]),
    ("Wie die in London ansässige Syrische Beobachtungsstelle für Menschenrechte mitteilte, "
     "bombardierten die russischen Kampfjets auch ein provisorisches Krankenhaus.",
     [("according_to", "mitteilte", "Syrische Beobachtungsstelle für Menschenrechte", "SOHR")]),
    ("Lawrow sagte, Russland sei prinzipiell auch bereit, der Freien Syrischen Armee zu helfen.",
     [("indirect", "sagte", "Lawrow", "RUS")]),
    # gnad-579: a separable cue ("teilte … mit") and a genitive speaker
    ("Bei dem Gespräch sei es vor allem um den Bürgerkrieg in Syrien gegangen, teilte der "
     "Palast in Amman anschließend mit.",
     [("indirect", "teilte", "der Palast in Amman", "JOR")]),
    ("Kerrys Sprecher unterstrich, dass die USA den israelischen Siedlungsbau weiterhin als "
     "illegal betrachteten.",
     [("indirect", "unterstrich", "Kerrys Sprecher", "USA")]),
    # gnad-1008: a participle cue after its auxiliary
    ("Das US-Verteidigungsministerium hatte im Juni mitgeteilt, es sollten in Polen Panzer "
     "stationiert werden.",
     [("indirect", "mitgeteilt", "Das US-Verteidigungsministerium", "USA")]),
    # gnad-698: "begründete … mit …" takes its content as object
    ("Die Regierung in Libyen hat die arabischen Verbündeten aufgefordert. Die Regierung "
     "begründete ihre Bitte mit entsetzlichen humanitären Verletzungen.",
     [("indirect", "begründete", "Die Regierung", "LBY")]),
    # gnad-166: a source named by its prefix
    ("US-Informationen zufolge sollen IS-Kämpfer im vergangenen Jahr in Syrien Senfgas "
     "eingesetzt haben.", [("according_to", "zufolge", "US-Informationen", "USA")]),
    # gnad-1008, gnad-698, gnad-819: sources without a code, and no source at all
    # a report noun alone names what was said, not who said it: no speaker
    ("Sie waren dem Bericht zufolge vom US-Luftwaffenstützpunkt nach Polen geflogen.",
     [("according_to", "zufolge", None, None)]),
    ("Der Verdächtige wurde den Angaben zufolge bereits am 15. Januar in der Hafenstadt "
     "Mohammedia festgenommen.", [("according_to", "zufolge", None, None)]),
    ("Sie sollen nach Angaben lokaler Medien mehr als 100 Kämpfer getötet haben.",
     [("according_to", "Angaben", "lokaler Medien", None)]),
    # a name apposed to the source's class noun gives its code
    ("Nach Angaben des Kinderhilfswerks Unicef fehlt Wasser.",
     [("according_to", "Angaben", "des Kinderhilfswerks Unicef", "UN")]),
    ("In Brüsseler Militärkreisen hieß es, das dürfte im EU-Außenministerrat geschehen.",
     [("indirect", "hieß", None, None)]),
    # gnad-839: "nach X Worten"
    ("Die polnisch-russischen Beziehungen sind nach Andrejews Worten auf dem schlechtesten "
     "Stand seit 1945.",
     [("according_to", "Worten", "Andrejews", "RUS")]),
    # corpus: speakers no lexicon knows are noun phrases without a code
    ("Die Fähren seien derzeit in der Hauptreisesaison von Touristen ausgebucht, sagte die "
     "Behördenchefin.", [("indirect", "sagte", "die Behördenchefin", None)]),
    ("Das ist unvorstellbar, sagte Fall.", [("direct", "sagte", "Fall", None)]),
    # corpus: a pronoun subject before the cue, and speech after a colon
    ("Er betonte indes bei einem Besuch in Kiew, die Türkei setze keine eigenen Truppen in "
     "Syrien ein.", [("indirect", "betonte", "Er", None)]),
    ("Wałęsa teilte mit: Es können keine von mir stammenden Dokumente vorliegen.",
     [("direct", "teilte", "Wałęsa", None)]),
    # corpus: a passive names no speaker; the object after the cue is not the speaker
    ("Das Lied wurde für den Dokumentarfilm The Hunting Ground geschrieben.", []),
    # corpus: the speaker is the subject; a noun phrase in another case is an object
    ("Sultan Qabus bin Said hatte erstmals den Nationalfeiertag und seinen Geburtstag im "
     "November 2014 im Ausland verbracht und in einer TV-Rede seinen Landsleuten mitgeteilt, "
     "er könne nicht nach Hause kommen.", [("indirect", "mitgeteilt", "Sultan Qabus", None)]),
    ("Befürworter eines Austritts Großbritanniens aus der EU sahen sich durch den "
     "Times-Bericht bestätigt.", []),
    # corpus: a purpose ("um … zu bestätigen") reports nothing
    ("Gelingt das innerhalb von drei Tagen nicht, tritt der Verteidigungsrat, das Parlament "
     "und drei Höchstrichter zusammen, um jene Person als Herrscher zu bestätigen.", []),
    # corpus: nor does a participle out of the perfect ("ehrlich gesagt")
    ("Diese Debatte ist noch lange nicht vorbei, ehrlich gesagt, beginnt sie erst, erklärte "
     "er.", [("direct", "erklärte", "er", None)]),
    # corpus: a passive with a mistagged participle; a finite cue heads its own clause
    ("Irrtümlicherweise wurde dieser Name aber stets eher auf Schwaben betont als auf Donau.",
     []),
    ("Seehofer hat Anfang des Monats die Klagsandrohung auf Eis gelegt, am Dienstag bestätigte "
     "die Landesregierung den Beschluss.",
     [("indirect", "bestätigte", "die Landesregierung", None)]),
    # corpus: "wie berichtet" is the paper's own remark
    ("Zuletzt hatte Tusk als Chef der Chefs, wie berichtet, ein Kompromisspapier vorgelegt, das "
     "nun als Beschlussvorlage dienen wird.", []),
    # corpus: an adverb may stand between the subject and the cue; a correlate ("damit, dass")
    # announces the content further on
    ("Die Innenministerin wiederum erklärte das Nichtzustandekommen der von ihr begehrten "
     "Version damit, dass der Nachbar Slowenien darum gebeten habe.",
     [("indirect", "erklärte", "Die Innenministerin", None)]),
    # confirming someone in an office ("in seinem Amt bestätigt") appoints, it reports nothing
    ("Das Parlament hat den Präsidenten in seinem Amt bestätigt.", []),
    ("Die Delegierten bestätigten die Vorsitzende im Amt.", []),
    ("Die Regierung bestätigte den Angriff.", [("indirect", "bestätigte", "Die Regierung", None)]),
    # corpus: a cue in the words of a report is part of them, no report of its own
    ("Das Pro-EU-Establishment sagt nicht die Wahrheit, schrieb der Chef der europafeindlichen "
     "Ukip, Nigel Farage, im Kurznachrichtendienst Twitter.",
     [("direct", "schrieb", "der Chef der europafeindlichen Ukip, Nigel Farage", "UKIP")]),
    # corpus: declaring oneself willing is an agreement, not a report of words
    ("Im Jänner habe er sich bereit erklärt, mit seinem Cousin einen Anschlag zu verüben.", []),
    ("Der Minister erklärte sich einverstanden, die Gespräche fortzusetzen.", []),
    # corpus: "melden" is how agencies and broadcasters report
    ("Das türkische Militär habe als Reaktion auf den Beschuss Ziele des IS angegriffen, meldete "
     "der Nachrichtensender NTV Türk.",
     [("indirect", "meldete", "der Nachrichtensender NTV Türk", None)]),
    # corpus: whoever is cited speaks, not the agency citing them
    ("Auch wenn das komisch klinge, der Islam hat keinen Platz in der Slowakei, zitierte die "
     "Nachrichtenagentur TASR Fico am Mittwochabend.",
     [("indirect", "zitierte", "Fico", "SVK")]),
    ("Weitere 26 Menschen seien bei den Auseinandersetzungen verletzt worden, berichtete die "
     "Nachrichtenagentur Interfax unter Berufung auf die Gesundheitsbehörden.",
     [("indirect", "berichtete", "die Nachrichtenagentur Interfax", None)]),
    # impersonal "hieß es" after the speech: the source after "in" or "aus" speaks
    ("Die Lage sei dramatisch, heißt es in einer Erklärung der Vereinten Nationen.",
     [("indirect", "heißt", "der Vereinten Nationen", "UN")]),
    ("Die Verhandlungen seien gescheitert, hieß es aus dem Kreml.",
     [("indirect", "hieß", "dem Kreml", "RUS")]),
    # ... also one no lexicon knows, after "aus" or "seitens"; not a reason after "aus"
    ("Die Verhandlungen seien gescheitert, hieß es aus Regierungskreisen.",
     [("indirect", "hieß", "Regierungskreisen", None)]),
    # ... government circles are the story's state's
    ("Kabul – Die Verhandlungen seien gescheitert, hieß es aus Regierungskreisen.",
     [("indirect", "hieß", "Regierungskreisen", "AFG")]),
    ("Die Lage sei ruhig, hieß es seitens des Militärkommandos.",
     [("indirect", "hieß", "des Militärkommandos", None)]),
    # a passive cue: its agent speaks, or the body it was said in; else nobody
    ("Vom Außenministerium Kenias wurde betont, dass die Grenze offen bleibe.",
     [("indirect", "betont", "Außenministerium Kenias", "KEN")]),
    ("Im Außenministerium Kenias wurde betont, dass die Grenze offen bleibe.",
     [("indirect", "betont", "Außenministerium Kenias", "KEN")]),
    ("Es wurde betont, dass die Grenze offen bleibe.", []),
    ("In Nairobi wurde betont, dass die Grenze offen bleibe.", []),
    ("Die Grenze bleibe zu, hieß es aus Sicherheitsgründen.",
     [("indirect", "hieß", None, None)]),
    ("Der Krieg ist noch nicht vorbei, hieß es darin.", [("direct", "hieß", None, None)]),
    # ... "hieß es weiter" (the particle made it "weiterheißen"), "wie es (aus X) hieß"
    ("Die Ermittlungen dauerten an, hieß es weiter.", [("direct", "hieß", None, None)]),
    ("Die Lage sei ruhig, hieß es weiter aus dem Kreml.",
     [("indirect", "hieß", "dem Kreml", "RUS")]),
    ("Es gebe keine Verletzten, wie es hieß.", [("indirect", "hieß", None, None)]),
    ("Die Grenze bleibe zu, wie es aus dem Innenministerium in Wien hieß.",
     [("indirect", "hieß", "dem Innenministerium in Wien", "AUT")]),
    # ... and at the start of the sentence, "Wie es (aus X) hieß, …", "Wie verlautete, …";
    # not "Wie heißt …?", which asks a name
    ("Wie es hieß, gebe es keine Verletzten.", [("according_to", "hieß", None, None)]),
    ("Wie es aus dem Innenministerium in Wien hieß, bleibt die Grenze zu.",
     [("according_to", "hieß", "dem Innenministerium in Wien", "AUT")]),
    ("Wie verlautete, bleibt die Grenze zu.", [("according_to", "verlautete", None, None)]),
    ("Wie heißt der Minister, der zurücktrat?", []),
    # a verb of saying in the perfect after the words: "…, hat X gesagt"
    ("Die Brücke ist morsch, hat der Bürgermeister gesagt.",
     [("direct", "gesagt", "der Bürgermeister", None)]),
    ("„Die Brücke ist morsch“, hatte der Bürgermeister dem Kurier gesagt.",
     [("direct", "gesagt", "der Bürgermeister", None)]),
    ("Die Brücke ist morsch, hat der Bürgermeister nie gesagt.", []),
    # "nach Kiewer Angaben": the state an adjective names speaks
    ("Nach Kiewer Angaben wurden drei Soldaten getötet.",
     [("according_to", "Angaben", "Kiewer", "UKR")]),
    ("Nach offiziellen Angaben wurden drei Soldaten getötet.", []),
    # an uncoded title at the head, a coded body in its genitive: the body's code
    ("Die Lage sei ruhig, sagte ein Sprecher der US-Streitkräfte.",
     [("indirect", "sagte", "ein Sprecher der US-Streitkräfte", "USA")]),
    # a ministry in the genitive of the report noun is the story's state's
    ("Kabul – Nach Angaben des Innenministeriums wurden drei Soldaten getötet.",
     [("according_to", "Angaben", "des Innenministeriums", "AFG")]),
    # ... but "heißen" with an infinitive means "require"
    ("Hat man ein Modell im Visier, heißt es geduldig bleiben.", []),
    # ... and a report inside keeps its speaker
    ("Lawrow betonte, man wolle keine Grenzen schließen, hieß es.",
     [("indirect", "betonte", "Lawrow", "RUS")]),
    # "nach eigenen Angaben": the clause's subject speaks of itself
    ("Die Sängerin ist nach eigenen Angaben von ihrem Manager betrogen worden.",
     [("according_to", "eigenen Angaben", "Die Sängerin", None)]),
    ("Die Armee Kanadas hat eigenen Angaben zufolge zwei Dörfer geräumt.",
     [("according_to", "eigenen Angaben zufolge", "Die Armee Kanadas", "CAN")]),
    # a name in the genitive before a report noun, a compound naming its source
    ("Nach Müllers Darstellung war der Vertrag nie gültig.",
     [("according_to", "Darstellung", "Müllers", None)]),
    ("Nach Polizeiangaben wurden zwei Demonstranten verletzt.",
     [("according_to", "Polizeiangaben", "Polizeiangaben", None)]),
    # "laut" a channel beside a verb of saying: the verb's speaker speaks
    ("Die Lage sei ernst, sagte der Minister laut einer Aussendung.",
     [("indirect", "sagte", "der Minister", None)]),
    ("Die Lage sei ruhig, sagte ein Sprecher des Ministeriums laut Staatsmedien.",
     [("indirect", "sagte", "ein Sprecher des Ministeriums", None)]),
    # ... and so is any source right beside it, in its clause; not one with a claim of its
    # own elsewhere in the sentence
    ("Die Lage sei ernst, sagte der Minister laut der Zeitung Kurier.",
     [("indirect", "sagte", "der Minister", None)]),
    ("Laut der Zeitung Kurier sagte der Minister, die Lage sei ernst.",
     [("indirect", "sagte", "der Minister", None)]),
    ("Der Minister kritisierte den Plan, der laut Becker ein Fehler sei.",
     [("according_to", "laut", "Becker", None)]),
    # a norm is no source: "gemäß der Hausordnung", "laut Völkerrecht"
    ("Gemäß der neuen Hausordnung werden Besucher kontrolliert.", []),
    ("Laut Völkerrecht ist das verboten.", []),
    # "Was heißt es, wenn …?": "heißen" means "to mean"
    ("Was heißt es, wenn die Zahlen steigen?", []),
    # a cue's comma further on, past adjuncts only
    ("Der Minister sagte in seiner Rede beim Forum in Davos am Montag, es gebe keine "
     "Einigung.", [("indirect", "sagte", "Der Minister", None)]),
    ("Die Polizei hielt den Mann bis zum Eintreffen der Streife in der Wohnung fest.", []),
    ("Die Polizei hielt drei Männer fest, die Steine geworfen hatten.", []),
    ("Die Firma hielt an ihrem Plan fest, um Verwirrung zu vermeiden.", []),
    # far off, only reported words count: Konj I, "dass" or a colon
    ("Der Autor schrieb etwa in der New York Times ständig darüber, daneben hatte man "
     "andere Themen.", []),
    # a postposed tag with "so" before its verb
    ("Die Flüchtlinge kommen in ein Lager, so erklärte der Minister am Montag.",
     [("direct", "erklärte", "der Minister", None)]),
    ("Die Lage sei ernst, so sagte der Sprecher.",
     [("indirect", "sagte", "der Sprecher", None)]),
    ("Kabul – Nach Polizeiangaben wurden zwei Demonstranten verletzt.",  # the story's police
     [("according_to", "Polizeiangaben", "Polizeiangaben", "AFG")]),
    ("Nach ersten Angaben wurden zwei Demonstranten verletzt.", []),
    # an opinion attributed: "nach Ansicht von X", "nach Meinung der X"
    ("Nach Ansicht der Regierung in Kiew ist die Lage ernst.",
     [("according_to", "Ansicht", "der Regierung in Kiew", "UKR")]),
    # an infinitive after adjuncts is what was said; after an object it is what was asked
    ("Die Rebellen gaben auf ihrer Website an, das Flugzeug abgeschossen zu haben.",
     [("indirect", "gaben", "Die Rebellen", None)]),
    ("Die Regierung erklärte am Montag, zu Gesprächen bereit zu sein.",
     [("indirect", "erklärte", "Die Regierung", None)]),
    ("Der Minister erklärte den Bauern, die Grenze zu öffnen.", []),
    # "sagte er weiter": the verb of saying is the cue, whatever the particle layer joins
    ("Die Lage sei ernst, sagte Lawrow weiter.", [("indirect", "sagte", "Lawrow", "RUS")]),
    # an inserted "so" with a speaker no lexicon knows; "so" as an adverb is none
    ("Die Lage ist ernst, so der Experte.", [("according_to", "so", "der Experte", None)]),
    ("Die Zahlen seien gestiegen, so Küberl weiter.",
     [("according_to", "so", "Küberl", None)]),
    ("Es regnete stark, so dass die Straße gesperrt wurde.", []),
    # a relative clause after the cue's object is no speech
    ("Darin erzählt er die Geschichte eines Journalisten, der aus dem Betrieb fällt.", []),
    # a scare quote is not a report
    ("Dies und das „schleichende“ Vordringen der Nato stellen eine Gefahr für Russland dar.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quote_cases(text: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    # a definite description takes its code from earlier actors; alone it has none
    assert [summary(q) for q in quotes_of(text)] == expected


def test_konjunktiv_continues_the_report_before() -> None:
    """gnad-1008: a Konjunktiv I sentence after "…, sagte Carter." is still Carter's."""
    text = ("Die USA müssten ihre militärischen Kapazitäten an der russischen Aggression "
            "ausrichten, sagte Carter. Russlands Präsident Wladimir Putin verhalte sich mit seinen "
            "Aktionen in der Ukraine wie ein echter Gegenspieler. Das Land ist groß.")
    found = [(summary(q), q["text"][:20]) for q in quotes_of(text)]
    assert found == [(("indirect", "sagte", "Carter", "USA"), "Die USA müssten ihre"),
                     (("indirect", "sagte", "Carter", "USA"), "Russlands Präsident ")]


def test_demnach_continues_the_report_before() -> None:
    """gnad-579: "Demnach sprachen die beiden Politiker …" goes on with the spokesman's report."""
    text = ("Dies habe Kerry am Sonntag deutlich gemacht, sagte ein US-Außenamtssprecher. "
            "Demnach sprachen die beiden Politiker unter anderem über die jüngsten Gewalttaten.")
    found = [summary(q) for q in quotes_of(text)]
    assert found == [("indirect", "sagte", "ein US-Außenamtssprecher", "USA")] * 2


def test_pronoun_speaker_is_the_last_person_named() -> None:
    """gnad-839: "…, sagte er." speaks for the ambassador named before."""
    text = ("Grund ist ein Interview, in dem der russische Botschafter Sergej Andrejew Warschau "
            "vorwarf, die Kontakte einzufrieren. Die damalige polnische Regierung habe den Bau "
            "einer Anti-Hitler-Koalition blockiert, sagte er.")
    (quote,) = quotes_of(text)
    assert summary(quote) == ("indirect", "sagte", "er", "RUS")
    assert quote["speaker"]["name"] == "Sergej Andrejew"


def test_spans_are_character_offsets() -> None:
    text = "„Es wäre ein kolossaler Fehler“, sagte der Berater."
    (quote,) = quotes_of(text)
    assert text[slice(*quote["content_span"])] == "Es wäre ein kolossaler Fehler"
    assert text[slice(*quote["cue_span"])] == "sagte"
    assert text[slice(*quote["speaker_span"])] == "der Berater"
    assert quote["text"] == text[:-1]


def test_multi_sentence_quote_with_speaker_after() -> None:
    text = ("„Seit der Auflösung der Sowjetunion haben wir fünf Erweiterungswellen der Nato "
            "miterlebt. Auf unsere Frage haben wir nie eine klare Antwort erhalten“, schrieb der "
            "russische US-Botschafter Anatoly Antonov am Donnerstag in Foreign Policy.")
    (quote,) = quotes_of(text)
    assert summary(quote) == ("direct", "schrieb", "der russische US-Botschafter Anatoly Antonov",
                              "RUS")
    assert quote["text"].startswith("„Seit der Auflösung")


def test_quote_without_speech_lexicon_uses_fallback_cues() -> None:
    without = tuple(lexicon for lexicon in LEXICONS if lexicon.name != "speech")
    assert cue_lemmas(AnnotationContext(lexicons=without)) == FALLBACK_CUES
    (quote,) = quotes_of("„Es wäre ein kolossaler Fehler“, sagte Lawrow.", without)
    assert summary(quote) == ("direct", "sagte", "Lawrow", "RUS")


def test_seed_every_quote_has_its_speaker() -> None:
    """Done-when of issue 3: on the seed, every quote has its speaker (with a code)."""
    quotes = quotes_of(SEED.read_text(encoding="utf-8"))
    direct = [q for q in quotes if q["form"] == "direct"]
    assert len(direct) == 4
    assert all(q["speaker"] and q["speaker"]["code"] for q in quotes)
    codes = {q["cue"] + " " + q["speaker"]["text"]: q["speaker"]["code"] for q in direct}
    assert codes == {
        "sagte der Offizielle": "USA",
        "sagte die US-Regierungssprecherin Jen Psaki": "USA",
        "schrieb der russische US-Botschafter Anatoly Antonov": "RUS",
        "sagte der Berater": "RUS",
    }


def test_dev_reports_have_speakers(shared: Path) -> None:
    """Every report found in the dev articles names a speaker (an actor, a noun phrase or a
    pronoun), except the impersonal "hieß es" and a report noun alone ("dem Bericht
    zufolge")."""
    for path in sorted((shared / "dev").glob("*.txt")):
        for quote in quotes_of(path.read_text(encoding="utf-8")):
            assert quote["speaker_span"] or quote["cue"] in ("hieß", "heißt", "zufolge"), (
                path.name, quote["text"])


def test_closing_mark_before_punctuation_opens_no_quote() -> None:
    """A closing mark followed by punctuation ("von „Chaos“.") was taken to open an
    English-style quote, which swallowed every later quotation of the paragraph."""
    text = ("Die Opposition sprach von „Chaos“. Der Minister sagte: „Wir werden das nicht "
            "hinnehmen.“ Später hieß es „Einigung“.")
    (quote,) = quotes_of(text)
    assert summary(quote) == ("direct", "sagte", "Der Minister", None)
    assert text[slice(*quote["content_span"])] == "Wir werden das nicht hinnehmen."


# Speakers are the subject of the cue's clause (the clause layer), whole phrases with their
# genitive attributes and appositions, open actors included (issue 19, error class 3).
SPEAKER_CASES = [
    ("Ein Sprecher der Stadtverwaltung sagte, es gebe keine neuen Pläne.",
     [("indirect", "sagte", "Ein Sprecher der Stadtverwaltung", None)]),
    ("Es gebe keine neuen Pläne, sagte ein Sprecher der Stadtverwaltung am Montag.",
     [("indirect", "sagte", "ein Sprecher der Stadtverwaltung", None)]),
    ("Die Lage sei stabil, erklärte die Leiterin des Krankenhauses.",
     [("indirect", "erklärte", "die Leiterin des Krankenhauses", None)]),
    # a passive gives no report
    ("Am Abend wurde mitgeteilt, dass die Straße gesperrt bleibe.", []),
]


@pytest.mark.parametrize(("text", "expected"), SPEAKER_CASES)
def test_speaker_is_the_subject_phrase(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected


def test_quote_span_covers_its_speaker() -> None:
    """The speaker of "…, sagte ein Sprecher der Polizei" lay outside the QUOTE's span."""
    text = "Es gebe keine Verletzten, sagte ein Sprecher der Feuerwehr."
    (quote,) = quotes_of(text)
    assert text[slice(*quote["speaker_span"])] == "ein Sprecher der Feuerwehr"
    assert quote["text"] == text[:-1]


def test_konjunktiv_cue_after_a_report_stays_in_it() -> None:
    """A cue in the Konjunktiv I right after a report reports what the first speaker said
    ("Zugleich habe der Direktor betont, …"): the continuation keeps the first speaker."""
    text = ("Die Verhandlungen seien gescheitert, teilte die Gewerkschaft mit. Zugleich habe "
            "der Direktor die Bedeutung der Gespräche betont.")
    found = [summary(q) for q in quotes_of(text)]
    assert found == [("indirect", "teilte", "die Gewerkschaft", None)] * 2


# Speech, writing or thought, told by the cue and the source (issue 19: the mode was not
# predicted; the Redewiedergabe scheme marks it on every report).
MODE_CASES = [
    ("Die Brücke sei gesperrt, sagte der Bürgermeister.", "speech"),
    ("Die Brücke sei gesperrt, schrieb der Bürgermeister in einem Brief.", "writing"),
    ("Laut einem Bericht des Landratsamts ist die Brücke gesperrt.", "writing"),
    ("Laut Bürgermeister Hans Huber ist die Brücke gesperrt.", "speech"),
    ("Nach Angaben der Stadtwerke ist die Brücke gesperrt.", "speech_or_writing"),
    ("Die Stadtwerke bestätigten, dass die Brücke gesperrt ist.", "speech_or_writing"),
    ("Die Brücke ist gesperrt, so die Stadtwerke.", "speech"),
    ("Nach Ansicht der Stadtwerke ist die Brücke zu alt.", "speech_or_thought"),
    ("„Die Brücke bleibt zu“, sagte er. „Wir haben keine Wahl.“", "speech"),
]


@pytest.mark.parametrize(("text", "mode"), MODE_CASES)
def test_mode_is_told_by_cue_and_source(text: str, mode: str) -> None:
    quotes = quotes_of(text)
    assert quotes and {q["mode"] for q in quotes} == {mode}


# "laut X" and "gemäß X" with a source no lexicon knows (issue 19, error class 2): the
# phrase after the preposition speaks, with no code; a norm or a plan says nothing.
UNKNOWN_SOURCE_CASES = [
    ("Laut einem Bericht des Landratsamts ist die Brücke gesperrt.",
     [("according_to", "Laut", "einem Bericht des Landratsamts", None)]),
    ("Die Brücke ist laut Medienberichten seit Montag gesperrt.",
     [("according_to", "laut", "Medienberichten", None)]),
    ("Laut „Kreisbote“ ist die Brücke gesperrt.",
     [("according_to", "Laut", "„Kreisbote“", None)]),
    ("Die Trümmer lagen gemäß einem Augenzeugen weit verstreut.",
     [("according_to", "gemäß", "einem Augenzeugen", None)]),
    ("Laut Verfassung muss der Präsident zurücktreten.", []),
    ("Gemäß dem Vertrag zahlt die Stadt die Hälfte.", []),
]


@pytest.mark.parametrize(("text", "expected"), UNKNOWN_SOURCE_CASES)
def test_laut_names_a_source_no_lexicon_knows(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected


def reports_of(text: str) -> list[tuple[str, str | None, bool, bool]]:
    """Every REPORT: its text's first words, its speaker, whether it continues the report
    before, whether it is a statement (a QUOTE too)."""
    doc = tokenize(read_document("t", text))
    annotate(doc, {"REPORT"}, AnnotationContext(lexicons=LEXICONS))
    return [(" ".join(m.text.split()[:3]), (m.attrs["speaker"] or {}).get("text"),
             m.attrs["continues"], m.attrs["statement"])
            for m in sorted(doc.mentions.get("REPORT", []), key=lambda m: (m.start, m.end))]


# Reported speech that goes on after its report (issue 19, error class 5: free indirect
# speech was not found): a Konjunktiv I or "demnach" continues the statement; a Konjunktiv
# II or hearsay "soll … haben" is rendered speech but no statement of its own (SCHEMA.md),
# and a Konjunktiv II of a subordinate clause's own is no continuation.
CONTINUATION_CASES = [
    ("Der Damm sei sicher, sagte der Bürgermeister. Er werde jede Woche geprüft.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Er werde jede", "der Bürgermeister", True, True)]),
    # a plural Konjunktiv II stands in for a Konjunktiv I that looks like the indicative
    # ("würden" for "werden"): stated; a singular one ("wäre", "hätte") is the real one
    ("Der Damm sei sicher, sagte der Bürgermeister. Die Prüfungen würden jede Woche "
     "gemacht.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Die Prüfungen würden", "der Bürgermeister", True, True)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Eine Prüfung wäre teuer.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Eine Prüfung wäre", "der Bürgermeister", True, False)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Ein Arbeiter soll ihn beschädigt haben.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Ein Arbeiter soll", "der Bürgermeister", True, False)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Die Wehre sollen demnach geöffnet "
     "werden.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Die Wehre sollen", "der Bürgermeister", True, True)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Was daraus folgen würde, blieb offen.",
     [("Der Damm sei", "der Bürgermeister", False, True)]),
    # ... also after words said directly; a singular one there is no one's
    ("„Der Damm ist sicher“, sagte der Bürgermeister. Die Prüfungen würden jede Woche "
     "gemacht.",
     [("„Der Damm ist", "der Bürgermeister", False, True),
      ("Die Prüfungen würden", "der Bürgermeister", True, True)]),
    ("„Der Damm ist sicher“, sagte der Bürgermeister. Eine Prüfung wäre teuer.",
     [("„Der Damm ist", "der Bürgermeister", False, True)]),
    ("„Der Damm ist sicher“, sagte der Bürgermeister. Die Wehre könnten bald fertig sein.",
     [("„Der Damm ist", "der Bürgermeister", False, True)]),
    # a Konjunktiv I after a speech act that reports no words of its own: its subject speaks
    ("Die Regierung in Rom wies die Kritik zurück. Der Damm werde jede Woche geprüft.",
     [("Der Damm werde", "Die Regierung in Rom", True, True)]),
    ("Der Bürgermeister kritisierte den Bund scharf. Die Mittel reichten nicht.",
     []),  # "reichten" is no Konjunktiv I
    ("Die Regierung in Rom wies die Kritik nicht zurück. Der Damm werde geprüft.", []),
    # ... not after a passive one: its subject is whom the act is about
    ("Der Bürgermeister wurde scharf kritisiert. Der Damm sei marode.", []),
    ("Der Bürgermeister die Pläne scharf kritisiert. Der Damm sei marode.",
     [("Der Damm sei", "Der Bürgermeister", True, True)]),  # an auxiliary lost: active
    ("Der Presserat mahnte die Zeitung ab. Das Foto sei nicht vereinbar.",
     [("Das Foto sei", "Der Presserat", True, True)]),
    # ... and in the same sentence after a comma
    ("Die Regierung in Rom wies die Kritik zurück, der Damm werde jede Woche geprüft.",
     [("Die Regierung in", "Die Regierung in Rom", False, True)]),
    ("Die Regierung in Rom wies die Kritik zurück, aber der Damm werde geprüft.",
     [("Die Regierung in", "Die Regierung in Rom", False, True)]),
    ("Die Regierung in Rom wies die Kritik zurück, und der Damm sei marode.", []),
    ("Die Regierung in Rom wies die Kritik zurück, die der Damm verdiene.", []),
    ("Die Regierung in Rom wehrte sich gegen den Vorwurf, der Damm sei marode.", []),
    # "sich an etwas halten" is no view; "hält … für" is
    ("Der Bürgermeister hielt sich an die Regeln. Der Damm werde geprüft.", []),
    ("Der Bürgermeister hält den Damm für sicher. Er werde geprüft.",
     [("Er werde geprüft", "Der Bürgermeister", True, True)]),
    ("Der Damm brach. Der Damm werde geprüft.", []),  # no speech act before
    # after a speech act's own words, which are the act, the words that go on are stated
    ("Der Damm sei marode, kritisierte der Bürgermeister. Die Stadt habe jahrelang "
     "gespart.",
     [("Der Damm sei", "der Bürgermeister", False, False),
      ("Die Stadt habe", "der Bürgermeister", True, True)]),
    # the first person after words said directly: the speaker goes on (marks dropped)
    ("Der Damm ist sicher, sagte der Bürgermeister. Ich habe ihn selbst geprüft.",
     [("Der Damm ist", "der Bürgermeister", False, True),
      ("Ich habe ihn", "der Bürgermeister", True, True)]),
    ("Der Damm ist sicher, sagte der Bürgermeister. Der Fluss stieg trotzdem.",
     [("Der Damm ist", "der Bürgermeister", False, True)]),
    # ... and after reported words too
    ("Der Damm sei sicher, sagte der Bürgermeister. Ich habe ihn selbst geprüft.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Ich habe ihn", "der Bürgermeister", True, True)]),
    # a view is a speech act too: the Konjunktiv I after it is its holder's
    ("Die Ministerin sieht das anders. Der Damm sei sicher.",
     [("Der Damm sei", "Die Ministerin", True, True)]),
    # ... also one said by a predicate, not by a passive of "werden" or a thing's state
    ("Die Ministerin ist davon überzeugt. Der Damm sei sicher.",
     [("Der Damm sei", "Die Ministerin", True, True)]),
    ("Die Ministerin zeigte sich zuversichtlich. Der Damm halte.",
     [("Der Damm halte", "Die Ministerin", True, True)]),
    ("Die Ministerin wurde überzeugt. Der Damm sei sicher.", []),
    # the first person as a main clause's subject right after a speech act goes on with it
    ("Der Bürgermeister verwies auf die Pegel. Wir wissen, dass der Damm hält.",
     [("Wir wissen, dass", "Der Bürgermeister", True, True)]),
    ("Der Bürgermeister kritisierte den Bund. Ich habe davor gewarnt.",
     [("Ich habe davor", "Der Bürgermeister", True, True)]),
    ("Der Bürgermeister kritisierte den Bund. Die Hälfte unserer Dämme ist alt.", []),
    ("Der Bürgermeister kritisierte den Bund. Das Land, das wir kennen, ist alt.", []),
    ("Der Damm war sicher. Die Straße sei frei.", []),
    # the Konjunktiv I goes on across sentences in the indicative that report nothing,
    # not across a question
    ("Der Damm sei sicher, sagte der Bürgermeister. Am Abend regnete es. Er werde geprüft.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Er werde geprüft", "der Bürgermeister", True, True)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Wer prüft ihn? Er werde geprüft.",
     [("Der Damm sei", "der Bürgermeister", False, True)]),
    ("Der Damm sei sicher, sagte der Bürgermeister. Es regnete. Es stürmte. Es hagelte. "
     "Er werde geprüft.",
     [("Der Damm sei", "der Bürgermeister", False, True)]),
    # the author's own sentence that holds a Konjunktiv I in a clause goes on with nothing
    ("Der Damm sei sicher, sagte der Bürgermeister. Es regnete. Nach Berichten, der Damm "
     "sei brüchig, prüfte die Stadt ihn.",
     [("Der Damm sei", "der Bürgermeister", False, True),
      ("Nach Berichten, der", None, False, False)]),
    # a first-person sentence leads in to words said directly whose tag comes after them
    ("Wir haben alles geprüft. Der Damm hält, sagte der Bürgermeister.",
     [("Wir haben alles", "der Bürgermeister", True, True),
      ("Der Damm hält,", "der Bürgermeister", False, True)]),
    ("Der Fluss stieg. Der Damm hält, sagte der Bürgermeister.",
     [("Der Damm hält,", "der Bürgermeister", False, True)]),
    # the main clause's mood counts where a condition opens the sentence
    ("Der Damm hält, sagte der Bürgermeister. Sollte er brechen, werde die Stadt zahlen.",
     [("Der Damm hält,", "der Bürgermeister", False, True),
      ("Sollte er brechen,", "der Bürgermeister", True, True)]),
    ("Der Damm hält, sagte der Bürgermeister. Wenn er bricht, werde die Stadt zahlen.",
     [("Der Damm hält,", "der Bürgermeister", False, True),
      ("Wenn er bricht,", "der Bürgermeister", True, True)]),
    ("Der Damm hält, sagte der Bürgermeister. Wenn er bricht, zahlt die Stadt.",
     [("Der Damm hält,", "der Bürgermeister", False, True)]),
]


@pytest.mark.parametrize(("text", "expected"), CONTINUATION_CASES)
def test_reported_speech_goes_on_after_its_report(text: str, expected: list[tuple]) -> None:
    assert reports_of(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # words after a colon closing a clause with an actor as subject: the first person or
    # the Konjunktiv I says they are the actor's
    ("Auch die kenianische Ministerin sieht das so: Wir haben keine Wahl.",
     [("direct", ":", "die kenianische Ministerin", "KEN")]),
    ("Der Botschafter Kenias geht noch weiter: Es brauche Sanktionen.",
     [("indirect", ":", "Der Botschafter Kenias", "KEN")]),
    # ... or any clause after a clause of opinion
    ("Ähnlich sieht das die kenianische Ministerin: Die Reform kommt zu spät.",
     [("direct", ":", "die kenianische Ministerin", "KEN")]),
    ("Der Botschafter Kenias ist überzeugt: Die Einigung hält.",
     [("direct", ":", "Der Botschafter Kenias", "KEN")]),
    # ... or one that names a view or conclusion by a noun, or holds something of it
    ("Der Botschafter Kenias zog daraus den Schluss: Die Einigung hält.",
     [("direct", ":", "Der Botschafter Kenias", "KEN")]),
    ("Der Botschafter Kenias hat den Eindruck: Die Einigung hält.",
     [("direct", ":", "Der Botschafter Kenias", "KEN")]),
    # ... not a list, a plan, or words in the third person and the indicative
    ("Die Regierung Kenias hat zwei Optionen: Diplomatie oder Abschreckung.", []),
    ("Die Regierung Kenias hat ein Problem: Die Kassen sind leer.", []),
    ("Der Plan Kenias sieht vor: Die Truppen ziehen im Mai ab.", []),
    ("Der Torwart Kenias hält den Ball: Das Spiel geht weiter.", []),
    ("Die Regierung Kenias hat eine naive Sicht auf das Motto: Dahinter steckt Eigennutz.",
     []),
    # a word for words denotes, it does not speak
    ("Der Begriff bezeichnet die Lage, in der ein Land seine Grenzen schließt.", []),
    # a speaker's label led in by an adverb
    ("Darauf der Minister Kenias: Wir warten ab.",
     [("direct", ":", "der Minister Kenias", "KEN")]),
    ("Dazu kommt: Die Spitäler sind voll.", []),
])
def test_words_after_a_colon_are_the_subjects(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected


@pytest.mark.parametrize(("text", "speakers"), [
    ("Sowohl Kenia als auch Uganda bestätigten, dass es Gespräche gebe.", ["KEN", "UGA"]),
    ("Sowohl Kenia wie auch Uganda bestätigten, dass es Gespräche gebe.", ["KEN", "UGA"]),
])
def test_coordinated_speakers_speak_together(text: str, speakers: list[str]) -> None:
    quote = quotes_of(text)[0]
    assert [s.get("code") for s in quote["speakers"]] == speakers


# "nach" with a report noun after determiners and adjectives, or a report noun of its own,
# and a possessive's view ("seiner Meinung nach"); issue 19, error class 2. A report that
# names no one is rendered speech but no statement.
NACH_CASES = [
    ("Nach ersten Untersuchungen war die Brücke morsch.",
     [("Nach ersten Untersuchungen", None, False, False)]),
    ("Nach übereinstimmenden Angaben der Feuerwehr war die Brücke morsch.",
     [("Nach übereinstimmenden Angaben", "der Feuerwehr", False, True)]),
    ("Nach einer Studie der Universität war die Brücke morsch.",
     [("Nach einer Studie", "der Universität", False, True)]),
    ("Nach Zeugenaussagen war die Brücke morsch.",
     [("Nach Zeugenaussagen war", None, False, False)]),
    ("Nach einer Bilanz der Feuerwehr starben zwölf Menschen.",
     [("Nach einer Bilanz", "der Feuerwehr", False, True)]),
    ("Der Bürgermeister Hans Huber warnte. Die Brücke sei seiner Meinung nach morsch.",
     [("Die Brücke sei", "seiner", False, True)]),
    # "nach Berichten über …" is after the reports, not according to them
    ("Die Stadt sperrte die Brücke nach Berichten über Risse.", []),
]


@pytest.mark.parametrize(("text", "expected"), NACH_CASES)
def test_nach_a_report_noun_attributes(text: str, expected: list[tuple]) -> None:
    assert reports_of(text) == expected


# Verbs that render speech or thought but state nothing (SCHEMA.md: a demand, a criticism,
# a hope are events of their own or no one's statement): their reports are REPORTs only,
# never QUOTEs (issue 19: speech under such verbs was not found at all).
RENDERED_CASES = [
    ("Die Gemeinde hofft, dass die Brücke bald öffnet.", "Die Gemeinde hofft", "thought"),
    ("Der Bürgermeister geht davon aus, dass die Brücke bald öffnet.",
     "Der Bürgermeister geht", "thought"),
    ("Die Anwohner forderten, dass die Brücke sofort öffnet.", "Die Anwohner forderten",
     "speech_or_writing"),
    ("Die Brücke sei zu spät geprüft worden, kritisierte der Verband.", "Die Brücke sei",
     "speech_or_writing"),
    # a threat is an event of its own (SCHEMA.md: "drohte" gives that event only)
    ("Der Bürgermeister drohte, die Gemeinde werde die Brücke sperren.",
     "Der Bürgermeister drohte", "speech"),
]


@pytest.mark.parametrize(("text", "start", "mode"), RENDERED_CASES)
def test_verbs_of_demand_and_thought_render_speech_but_state_nothing(
        text: str, start: str, mode: str) -> None:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"REPORT"}, AnnotationContext(lexicons=LEXICONS))
    (report,) = doc.mentions["REPORT"]
    assert report.text.startswith(start)
    assert (report.attrs["statement"], report.attrs["mode"]) == (False, mode)
    assert not doc.mentions.get("QUOTE")


def test_editorial_pointer_is_no_report() -> None:
    """"(Wikinews berichtete)" after a sentence is the paper's pointer to its own earlier
    report: it took the closing bracket for the words reported."""
    assert reports_of("Die Brücke wurde gesperrt (Kreisbote berichtete).") == []


# A report that points back, or names where the words came from (issue 19): "Das teilte X
# mit." reports the sentence before; "wie aus X verlautete" is X's; "demnach" after no
# report found reports what the sentence before told of, naming no one.
POINTING_CASES = [
    ("Die Brücke bleibt bis Montag gesperrt. Das teilte die Stadtverwaltung mit.",
     [("Die Brücke bleibt", "die Stadtverwaltung", False, True)]),
    ("Die Brücke bleibt bis Montag gesperrt. Das Wetter wird besser.", []),
    ("Wie aus Verwaltungskreisen verlautete, bleibt die Brücke gesperrt.",
     [("Wie aus Verwaltungskreisen", "Verwaltungskreisen", False, True)]),
    ("Ein Gutachten liegt vor. Demnach ist die Brücke morsch.",
     [("Demnach ist die", None, False, False)]),
]


@pytest.mark.parametrize(("text", "expected"), POINTING_CASES)
def test_reports_that_point_back_or_name_their_origin(text: str, expected: list) -> None:
    assert reports_of(text) == expected


@pytest.mark.parametrize(("text", "statements"), [
    # a negated verb of saying says nothing: a report, no statement
    ("Die Polizei bestätigte das bisher aber nicht.", 0),
    ("Der Sprecher sagte nicht, wann die Brücke öffnet.", 0),
    # a negation in what was said is no negated saying
    ("Der Sprecher sagte, die Brücke öffne nicht.", 1),
])
def test_a_negated_verb_of_saying_states_nothing(text: str, statements: int) -> None:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"REPORT"}, AnnotationContext(lexicons=LEXICONS))
    assert len(doc.mentions.get("QUOTE", [])) == statements


@pytest.mark.parametrize(("text", "expected"), [
    # a speaker's label before quotation marks: a headline's direct quote
    ("Der französische Außenminister Pierre Dupont: „Wir werden nicht nachgeben.“",
     [("direct", ":", "Der französische Außenminister Pierre Dupont", "FRA")]),
    # ... and without them, the rest of the sentence
    ("Außenminister Pierre Dupont: Frankreich wird nicht nachgeben.",
     [("direct", ":", "Außenminister Pierre Dupont", None)]),
    # an interview: the labelled sentences are the speaker's (not those after them); the
    # paper's questions are no one's statement; a surname names the speaker labelled before
    ("ZEITUNG: Treten Sie zurück? Anna Berger: Nein. Das kommt nicht in Frage. ZEITUNG: "
     "Warum nicht? Berger: Die Partei braucht mich.",
     [("direct", ":", "Anna Berger", None), ("direct", ":", "Berger", None)]),
    # a name no label gave before, answering a question: the one interviewed; an actor of
    # the article with that surname lends its words
    ("ZEITUNG: Was nun? Huber: Wir warten ab.", [("direct", ":", "Huber", None)]),
    ("Der österreichische Kanzler Karl Huber gab ein Interview. ZEITUNG: Was nun? Huber: "
     "Wir warten ab.",
     [("direct", ":", "Huber", "AUT")]),
    # ... also one the tagger took for a noun, when the article used it before
    ("Ingrid Wiesgrund leitet den Rat. ZEITUNG: Was nun? Wiesgrund: Wir müssen mehr tun.",
     [("direct", ":", "Wiesgrund", None)]),
    ("ZEITUNG: Was nun? Wahrheit: Wir müssen mehr tun.", []),
    ("Er gab eine Antwort. Frage: Was nun? Antwort: Wir müssen mehr tun.", []),
    # an adverb between the label and its colon: "Kurz weiter:"
    ("Außenminister Sebastian Kurz kritisierte den Plan. Kurz weiter: Wir geben nicht nach.",
     [("direct", ":", "Kurz", "AUT")]),
    ("ZEITUNG: Warum? Anna Berger: Darum. ZEITUNG: Und? Berger weiter: Die Partei braucht mich.",
     [("direct", ":", "Anna Berger", None), ("direct", ":", "Berger", None)]),
    # a possessive label of a message: the words of whoever spoke just before
    ("Der Minister Karl Huber sagte, die Lage sei ernst. Seine Botschaft: Wir bleiben hart.",
     [("indirect", "sagte", "Der Minister Karl Huber", None),
      ("direct", ":", "Der Minister Karl Huber", None)]),
    # ... whose gender the possessive fits
    ("Der Minister sagte, die Lage sei ernst. Die Ministerin sagte, alles sei gut. Sein "
     "Argument: Wir bleiben hart.",
     [("indirect", "sagte", "Der Minister", None), ("indirect", "sagte", "Die Ministerin", None),
      ("direct", ":", "Der Minister", None)]),
    # a body or an organisation that speaks in a headline; a medium's name does not
    ("Griechische Regierung: Die Aktion war geplant.",
     [("direct", ":", "Griechische Regierung", "GRC")]),
    ("Nato: Russland verlegt Truppen.", [("direct", ":", "Nato", "NATO")]),
    # a place, a state or a word before a colon is no speaker, after a question neither
    ("Berlin: Die Regierung tagt. Fazit: Es bleibt alles beim Alten.", []),
    ("Wer gewinnt? Fazit: Es bleibt alles beim Alten.", []),
])
def test_words_under_a_speakers_label(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected


def test_a_list_under_a_name_is_no_ones_words() -> None:
    text = "Tore: 1:0 Berger. Rapid Wien: Novak – Huber, Maier, Gruber – Schmid (80. Bauer)."
    assert quotes_of(text) == []


def test_a_decision_renders_no_speech() -> None:
    doc = tokenize(read_document("t", "Die Regierung beschloss, dass die Grenze zu bleibt."))
    annotate(doc, {"REPORT"}, AnnotationContext(lexicons=LEXICONS))
    assert not doc.mentions.get("REPORT")


# Attribution formulas, tags that are no verbs of saying, and warnings (issue 14, from
# reading unseen corpus articles; every sentence made up here). Each case: the quotes as
# (form, cue, speaker text, speaker code).
FORMULA_CASES = [
    # a report noun with its owner in the genitive before "zufolge"
    ("Einem Bericht des Senders zufolge wurden drei Dörfer geräumt.",
     [("according_to", "zufolge", "des Senders", None)]),
    ("Einer Studie der Universität zufolge sinkt die Zahl der Anträge.",
     [("according_to", "zufolge", "der Universität", None)]),
    # "heißt es" with a colon: the words quoted need no verb; a source before it speaks
    ("Darin heißt es: Keine Gespräche mit Extremisten.", [("direct", "heißt", None, None)]),
    # the source of an impersonal report "seitens" or "von Seiten" someone
    ("Man werde nicht zustimmen, hieß es seitens der Grünen.",
     [("indirect", "hieß", "der Grünen", "GRÜNE")]),
    ("Seitens der Regierung hieß es, man prüfe den Vorschlag.",
     [("indirect", "hieß", "der Regierung", None)]),
    # "it is time to", with no source: no report
    ("Jetzt heißt es: Zelte aufbauen, Wasser holen, Decken verteilen.", []),
    ("Ab Montag heißt es für die Lehrer: früh aufstehen.", []),
    ("In einer Erklärung des Kremls hieß es: Wir werden nicht nachgeben.",
     [("direct", "hieß", "des Kremls", "RUS")]),
    ("Das heißt: Wir müssen sparen.", []),
    # "heißen" with an object means "to mean"; the source may follow "heißt es"
    ("Es heißt das Gleiche, egal wie man es schreibt.", []),
    ("Es heißt in der Erklärung der Regierung in Kiew, die Lage sei ernst.",
     [("indirect", "heißt", "der Regierung in Kiew", "UKR")]),
    ("Dazu heißt es aus dem Kreml, man prüfe das.",
     [("indirect", "heißt", "dem Kreml", "RUS")]),
    # who told the reporter speaks, not the reporter
    ("Das Treffen werde verschoben, erfuhr die Agentur aus Diplomatenkreisen.",
     [("indirect", "erfuhr", "Diplomatenkreisen", None)]),
    ("Er habe davon erst spät erfahren, sagte der Minister.",
     [("indirect", "sagte", "der Minister", None)]),
    # "ist die Rede von" after a text or a place named in front
    ("Im Bericht ist die Rede von schweren Versäumnissen der Behörden.",
     [("indirect", "Rede", None, None)]),
    ("In Moskau ist die Rede von einer Provokation.", [("indirect", "Rede", "Moskau", "RUS")]),
    ("Die Rede ist von einem Durchbruch.", []),
    ("Von einem Rücktritt ist keine Rede.", []),
    # tags after the words that no verb of saying makes; the subject follows the verb
    ("Das wird teuer, weiß die Architektin.", [("direct", "weiß", "die Architektin", None)]),
    ("Es reicht nicht, ist sich der Experte sicher.",
     [("direct", "ist", "der Experte", None)]),
    ("Ob das klug ist, gibt die Forscherin zu bedenken.",
     [("direct", "gibt", "die Forscherin", None)]),
    ("Das ist übertrieben, gab die Sprecherin der Kammer im Gespräch mit dem Sender zu "
     "bedenken.", [("direct", "gab", "die Sprecherin der Kammer", None)]),
    ("Die Lage bessert sich, zeigt sich der Minister zuversichtlich.",
     [("direct", "zeigt", "der Minister", None)]),
    ("Wie teuer das wird, weiß auch die Architektin.",
     [("direct", "weiß", "die Architektin", None)]),
    ("Leute, die ihn kennen, wussten, dass er gehen würde.", []),
    ("Er weiß, dass er verloren hat.", []),
    # "wie berichtet" points back to the paper's own report, whatever the tagger made of it
    ("Neben dem Chef klagt der Fotograf wie berichtet auch den Obmann.", []),
    # verbs of saying made of a verb and a predicative word, before or after the words
    ("Der Sprecher stellte klar, dass es keine Gespräche gebe.",
     [("indirect", "stellte", "Der Sprecher", None)]),
    ("Die Ministerin machte am Montag deutlich, dass sie nicht nachgebe.",
     [("indirect", "machte", "Die Ministerin", None)]),
    ("Die Kanzlerin zeigte sich überzeugt, dass eine Lösung gefunden werde.",
     [("indirect", "zeigte", "Die Kanzlerin", None)]),
    ("Der Minister zeigte sich zufrieden: Das Ergebnis ist ein Erfolg für alle.",
     [("direct", "zeigte", "Der Minister", None)]),
    ("Der Minister zeigte sich mit dem Ergebnis zufrieden.", []),
    ("Der Präsident gab zu bedenken, dass die Lage ernst sei.",
     [("indirect", "gab", "Der Präsident", None)]),
    ("Die Regierung ließ wissen, dass sie nicht nachgeben werde.",
     [("indirect", "ließ", "Die Regierung", None)]),
    ("Der Bürgermeister machte darauf aufmerksam, dass die Schulen zu bleiben.",
     [("indirect", "machte", "Der Bürgermeister", None)]),
    ("Der Präsident gab zu verstehen, dass er nicht kandidieren werde.",
     [("indirect", "gab", "Der Präsident", None)]),
    ("Der Minister sprach davon, dass die Lage ernst sei.",
     [("indirect", "sprach", "Der Minister", None)]),
    # a participle closing its clause has the word before it
    ("Die Ministerin hatte zu bedenken gegeben, dass die Lage ernst sei.",
     [("indirect", "gegeben", "Die Ministerin", None)]),
    ("Die Kanzlerin ließ durchblicken, dass sie einen Kompromiss für möglich halte.",
     [("indirect", "ließ", "Die Kanzlerin", None)]),
    ("Der Sänger machte mit einem Lied auf sich aufmerksam.", []),
    ("Die Firma machte im Sommer Gewinn, dass es alle freute.", []),
    # "ankündigen" with its content; "sich ankündigen" is a prospect; a cue ending its
    # clause before the sentence's own finite verb reports nothing
    ("Der Minister kündigte an, dass er zurücktrete.",
     [("indirect", "kündigte", "Der Minister", None)]),
    ("Gegen Fognini kündigt sich ein Hit an, denn Nadal hat zweimal verloren.", []),
    ("Warum er seinen Rückzug ankündigte, blieb am Freitag ungeklärt.", []),
    ("Wenn der Sänger jemanden zitiert, ist er es selbst.", []),
    # a verb-final perfect in a subordinate clause: its words end where the main clause
    # of the sentence begins
    ("Nachdem der Minister erklärt hatte, die Lage sei ernst, tagte der Rat.",
     [("indirect", "erklärt", "der Minister", None)]),
    ("Wie die Firma am Donnerstag schrieb, wurden die Zahlen genannt.",
     [("according_to", "schrieb", "die Firma", None)]),
    # "sich fragen" is wondering; a clause after "und" is no report of its own
    ("Beobachter fragten sich, warum der Minister die Sitzung verließ.", []),
    ("Im Winter habe ihn der Chef gefragt, und er zögerte nicht.", []),
    ("Wer solle das bezahlen, fragte der Minister.",
     [("indirect", "fragte", "der Minister", None)]),
    # "erinnern" reports with its correlate; "ausführen" with an object carries out
    ("Der Minister erinnerte daran, dass die Frist abläuft.",
     [("indirect", "erinnerte", "Der Minister", None)]),
    ("Der Fall erinnert an Vorgänge im Fußball, wo sich Vereine Erfolge kauften.", []),
    ("Der Jurist führte aus, dass alle Dateien geschützt seien.",
     [("indirect", "führte", "Der Jurist", None)]),
    ("Die Armee führte den Befehl aus, dass alle Dörfer zu räumen seien.", []),
    # a warning renders words: a statement; one to an addressee is the threat rules'
    ("Der Plan ist gefährlich, warnte die Ärztin.",
     [("direct", "warnte", "die Ärztin", None)]),
    ("Die Ärztin warnte, der Plan sei gefährlich.",
     [("indirect", "warnte", "Die Ärztin", None)]),
    ("Die OECD habe die Minister gewarnt, dass die Frist ablaufe.", []),
    # a postposed tag's speaker is no genitive inside a prepositional phrase
    ("Er bekennt sich zur Union, warnt vor einer Spaltung der Europäischen Union.", []),
    # a cue with no subject and a source in front: the source speaks
    ("Aus Regierungskreisen verlautete, die Gespräche stockten.",
     [("indirect", "verlautete", "Regierungskreisen", None)]),
    ("Aus dem Ministerium wurde bestätigt, dass die Grenze offen bleibe.",
     [("indirect", "bestätigt", "dem Ministerium", None)]),
    # "aus Sicht X": the view of whoever the genitive or "von" names
    ("Aus Sicht Moskaus ist das eine Provokation.",
     [("according_to", "Sicht", "Moskaus", "RUS")]),
    ("Aus Sicht von Experten ist die Lage ernst.",
     [("according_to", "Sicht", "Experten", None)]),
    ("Aus Sicherheitsgründen wurde die Straße gesperrt.", []),
    ("Aus Sicht der Hardware überzeugt das Gerät.", []),
    # a passive cue whose words stand in a text named in front: the text speaks, for an
    # actor named in it; a place or nothing in front names no text
    ("In dem Bericht wird bemängelt, dass die Kontrollen fehlen.",
     [("indirect", "bemängelt", None, None)]),
    ("In der Erklärung des Kremls wird betont, dass alles ruhig sei.",
     [("indirect", "betont", "des Kremls", "RUS")]),
    ("In Wien wird betont, dass alles ruhig sei.", []),
    ("Es wird betont, dass alles ruhig sei.", []),
    # a name after "auch" is the tag's own subject, not one taken over
    ("Die Kinder würden es nicht verstehen, warnte auch Fabius vor einem Nein.",
     [("indirect", "warnte", "Fabius", "FRA")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMULA_CASES)
def test_attribution_formulas_and_tags(text: str, expected: list[tuple]) -> None:
    assert [summary(q) for q in quotes_of(text)] == expected
