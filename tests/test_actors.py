"""Actors with codes per SCHEMA.md, pinned on sentences of the seed, dev and corpus articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.actors import actor_record
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.lexicons import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
LEXICONS = tuple(load_lexicon(p) for p in sorted((ROOT / "rules" / "lexicons").glob("*.yaml")))


# Actors that the document memory adds (open actors, references back) are tested in
# tests/test_clauses.py; this table is about the chains the actor lexicons build.
MEMORY_KINDS = ("open", "memory")


def actors_of(text: str) -> list[dict[str, Any]]:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    return [m.attrs for m in sorted(doc.mentions.get("ACTOR", []), key=lambda m: m.start)
            if m.attrs.get("kind") not in MEMORY_KINDS]


def codes(text: str) -> list[tuple[str, str | None]]:
    return [(a["text"], a["code"]) for a in actors_of(text)]


# (text, expected (text, code) of each actor, in order)
CASES = [
    # seed: title + name chains; the person decides when there is no prefix
    ("Die Beziehungen bleiben trotz eines Telefongesprächs zwischen US-Präsident Joe Biden und "
     "Präsident Wladimir Putin weiter angespannt.",
     [("US-Präsident Joe Biden", "USA"), ("Präsident Wladimir Putin", "RUS")]),
    # seed: the adjective wins over the US- of "ambassador to the US"
    ("„Wir haben nie eine klare Antwort erhalten“, schrieb der russische US-Botschafter "
     "Anatoly Antonov am Donnerstag in Foreign Policy.",
     [("der russische US-Botschafter Anatoly Antonov", "RUS"), ("Foreign Policy", None)]),
    # seed: compounds with an actor prefix, genitives, metonyms
    ("Noch vor den Weihnachtsfeiertagen veröffentlichte Russlands Regierung deshalb eine Liste "
     "von Forderungen an die USA.", [("Russlands Regierung", "RUS"), ("die USA", "USA")]),
    ("Moskau begründet dies damit, dass der östliche Vormarsch der USA und seinen "
     "Nato-Verbündeten eine Bedrohung darstelle.",
     [("Moskau", "RUS"), ("der USA", "USA"), ("seinen Nato-Verbündeten", "NATO")]),
    ("Das Weiße Haus bestätigte zudem, dass die Initiative von Moskau ausging.",
     [("Das Weiße Haus", "USA"), ("Moskau", "RUS")]),
    ("Laut einem Kreml-Berater warnte Putin die USA.",
     [("einem Kreml-Berater", "RUS"), ("Putin", "RUS"), ("die USA", "USA")]),
    ("Noch immer befinden sich Zehntausende von russischen Soldaten in Grenzgebiet.",
     [("russischen Soldaten", "RUS")]),
    # gnad-839: an unknown name after a title takes the adjective's code
    ("Der polnische Außenminister Grzegorz Schetyna will am Montag den russischen Botschafter "
     "Sergej Andrejew ins Außenamt zitieren.",
     [("Der polnische Außenminister Grzegorz Schetyna", "POL"),
      ("den russischen Botschafter Sergej Andrejew", "RUS")]),
    # gnad-665, gnad-30, gnad-579: genitive states, complements, seats, organisations
    ("Chinas Staats- und Parteichef Xi Jinping traf den türkischen Präsidenten Recep Tayyip "
     "Erdogan.", [("Chinas Staats- und Parteichef Xi Jinping", "CHN"),
                  ("den türkischen Präsidenten Recep Tayyip Erdogan", "TUR")]),
    ("Lawrow informierte auch die Außenminister des Irans und Ägyptens über das Treffen.",
     [("Lawrow", "RUS"), ("die Außenminister des Irans", "IRN"), ("Ägyptens", "EGY")]),
    ("Das teilte der Palast in Amman anschließend mit.", [("der Palast in Amman", "JOR")]),
    ("Erst dann würde eine Kooperation erwogen, sagte ein Sprecher der Gruppe Erste "
     "Küstendivision.", [("ein Sprecher der Gruppe Erste Küstendivision", "FSA")]),
    ("Zunächst müssten die Angriffe aufhören, erklärten Vertreter der unter dem Banner der FSA "
     "kämpfenden Gruppen am Samstag.",
     [("Vertreter der unter dem Banner der FSA kämpfenden Gruppen", "FSA")]),
    ("Die Arabische Liga kündigte für Dienstag ein Krisentreffen an.",
     [("Die Arabische Liga", "LAS")]),
    ("Danach folgt ein Dialog der Organisation Sicherheit und Zusammenarbeit in Europa (OSZE).",
     [("der Organisation Sicherheit und Zusammenarbeit in Europa", "OSCE"), ("OSZE", "OSCE")]),
    ("US-Informationen zufolge sollen IS-Kämpfer im vergangenen Jahr Senfgas eingesetzt haben.",
     [("IS-Kämpfer", "ISIS")]),
    # media and unnamed groups get no code (SCHEMA.md)
    ("Die Landung wurde vom polnischen Info-Kanal TVP übertragen, Separatisten kämpfen weiter.",
     [("TVP", None), ("Separatisten", None)]),
    # corpus: a nationality does not name a group: "die syrische Opposition" has no code
    ("Die syrische Opposition und der Westen werfen den Truppen von Syriens Staatschef vor, "
     "Fassbomben abzuwerfen.", [("Die syrische Opposition", None), ("Syriens Staatschef", "SYR")]),
    # corpus: a single word is a name or an office only as a noun; persons as prefixes
    ("Gegenüber dem Schuljahr davor war das eine Steigerung.", []),
    ("Kurz darauf ziehe Van der Bellen nach.", [("Van der Bellen", "AUT")]),
    ("Dem Merkel-Berater zufolge ist das nicht geplant.", [("Dem Merkel-Berater", "DEU")]),
    # corpus: parties and armed groups act for themselves; a regnal number at the end of a
    # sentence loses its period to the full stop
    ("Boko Haram hatte der AfD und dem PSOE nichts zu sagen, meinte Kerry zu König Abdullah II.",
     [("Boko Haram", "BOKOHARAM"), ("der AfD", "AFD"), ("dem PSOE", "PSOE"), ("Kerry", "USA"),
      ("König Abdullah II", "JOR")]),
    # corpus: a capital's name before a surname is a first name
    ("Die Luftwaffe habe damit nichts zu tun, sagte Riad Haddad dem Fernsehsender Rossija 24.",
     []),
    # a dateline names where the article was written, not an actor
    ("Warschau/Moskau – Neuer diplomatischer Streit zwischen Polen und Russland.",
     [("Polen", "POL"), ("Russland", "RUS")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_actor_cases(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert codes(text) == expected


# (text, the definite description, its code and name from the earlier actor)
DESCRIPTIONS = [
    # seed: "der Offizielle" takes up "ein US-Regierungsmitglied", not "Präsident Biden"
    ("Das erklärte ein US-Regierungsmitglied. Präsident Biden machte klar, so der Offizielle "
     "weiter, dass nichts entschieden sei.", "der Offizielle", "USA", None),
    ("Laut einem Kreml-Berater warnte Putin die USA. „Es wäre ein Fehler“, sagte der Berater.",
     "der Berater", "RUS", None),
    ("Das schrieb der russische US-Botschafter Anatoly Antonov. Das sei eine Gefahr, so der "
     "Botschafter.", "der Botschafter", "RUS", "Anatoli Antonow"),
    # gnad-839: "der Diplomat" takes up an ambassador
    ("Schetyna will den russischen Botschafter Sergej Andrejew zitieren. Grund ist ein "
     "Interview, in dem der Diplomat Warschau Vorwürfe machte.", "der Diplomat", "RUS",
     "Sergej Andrejew"),
    # gnad-30: an adjective narrows the choice; "Der Minister" takes up the minister
    ("Außenminister Sergej Lawrow traf US-Außenminister John Kerry. Der russische "
     "Außenminister machte sich stark. Der Minister rief die USA auf.",
     "Der Minister", "RUS", "Sergej Lawrow"),
    # gnad-30: "die Menschenrechtler" take up a human-rights organisation (refers_to a sector)
    ("Wie die in London ansässige Syrische Beobachtungsstelle für Menschenrechte mitteilte, "
     "bombardierten Jets ein Krankenhaus. Das teilten die Menschenrechtler mit.",
     "die Menschenrechtler", "SOHR", "Syrische Beobachtungsstelle für Menschenrechte"),
    # gnad-698: "Die Regierung" takes up the government named with its seat
    ("Die Regierung in Libyen hat Verbündete aufgefordert. Die Regierung begründete ihre Bitte.",
     "Die Regierung", "LBY", None),
]


@pytest.mark.parametrize(("text", "description", "code", "name"), DESCRIPTIONS)
def test_definite_descriptions(text: str, description: str, code: str, name: str | None
                               ) -> None:
    found = [a for a in actors_of(text) if a["text"] == description]
    assert found, description
    assert (found[-1]["code"], found[-1]["name"]) == (code, name)


def test_unknown_name_after_title_may_end_in_a_common_noun() -> None:
    """Corpus: HanTa tags the surname of "Ruth Becher" as a noun; it is still the name."""
    (actor,) = actors_of("Das beschreibt SPÖ-Bautensprecherin Ruth Becher genau.")
    assert (actor["text"], actor["name"], actor["code"]) == (
        "SPÖ-Bautensprecherin Ruth Becher", "Ruth Becher", None)


def test_actor_record_is_the_schema_actor() -> None:
    doc = tokenize(read_document("t", "US-Präsident Joe Biden telefonierte mit Putin."))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    first = doc.mentions["ACTOR"][0]
    assert actor_record(first) == {"text": "US-Präsident Joe Biden", "name": "Joe Biden",
                                   "code": "USA", "sector": "GOV"}
    assert all("ACTOR" in t.classes for t in doc.tokens[first.start:first.end])


def test_no_actor_lexicons_no_coded_actors() -> None:
    """Without lexicons no actor gets a code; a full name is still an (open) actor."""
    doc = tokenize(read_document("t", "US-Präsident Joe Biden telefonierte mit Putin."))
    annotate(doc, {"ACTOR"}, AnnotationContext())
    actors = doc.mentions.get("ACTOR", [])
    assert all(m.attrs["code"] is None and m.attrs["kind"] == "open" for m in actors)
    assert [m.text for m in actors] == ["US-Präsident Joe Biden"]


def test_seed_actors_all_have_codes() -> None:
    """Every actor of the seed that names a side of the conflict acts for someone."""
    actors = actors_of(SEED.read_text(encoding="utf-8"))
    uncoded = {a["text"] for a in actors if a["code"] is None}
    assert uncoded <= {"beiden Staatsoberhäuptern", "Beide Regierungschefs", "Foreign Policy"}


def test_corpus_articles_get_actors(shared: Path) -> None:
    """Robustness: the first corpus articles annotate without error, with codes known."""
    import csv

    known = {entry.attrs.get("code") for lexicon in LEXICONS for entry in lexicon.entries}
    with (shared / "corpus" / "10kgnad-test.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";", quotechar="'"))[:40]
    for _label, text in rows:
        for actor in actors_of(text):
            assert actor["code"] in known
