"""Temporal expressions and their HeidelTime-style values, on sentences of the seed and dev."""

from __future__ import annotations

from pathlib import Path

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.dates import CUES, PATTERNS
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"


def dates_of(text: str, date: str | None = None) -> list[tuple[str, str | None, str]]:
    doc = tokenize(read_document("t", text, date))
    annotate(doc, {"DATE"}, AnnotationContext())
    return [(m.text, m.attrs["value"], m.attrs["granularity"])
            for m in sorted(doc.mentions.get("DATE", []), key=lambda m: m.start)]


# (sentence, document date, expected (text, value, granularity) list)
CASES = [
    # seed, December 2021: January lies ahead in a present-tense sentence (HeidelTime news)
    ("Diese starten mit einem bilateralen strategischen Stabilitätsdialog am 10. Januar in "
     "Genf.", "2021-12", [("am 10. Januar", "2022-01-10", "day")]),
    ("Danach folgt der Nato-Russland-Rat am 12. Januar und ein Dialog der Organisation "
     "Sicherheit und Zusammenarbeit in Europa (OSZE) am 13. Januar.", "2021-12",
     [("am 12. Januar", "2022-01-12", "day"), ("am 13. Januar", "2022-01-13", "day")]),
    # a weekday needs a day-exact document date
    ("Und das, obwohl Biden seinem russischen Gegenüber am Donnerstag zwei Optionen anbot.",
     "2021-12", [("am Donnerstag", None, "day")]),
    ("Und das, obwohl Biden seinem russischen Gegenüber am Donnerstag zwei Optionen anbot.",
     "2021-12-31", [("am Donnerstag", "2021-12-30", "day")]),
    ("Biden verständigte sich mit Putin darauf, dass beide Seite in den kommenden Wochen "
     "weitere diplomatische Gespräche führen werden.", "2021-12",
     [("in den kommenden Wochen", None, "week")]),
    # gnad-839
    ("Polen war daher teilweise verantwortlich für die Katastrophe im September 1939.", None,
     [("im September 1939", "1939-09", "month")]),
    ("Grund ist ein Interview, in dem der Diplomat am Freitagabend Warschau vorwarf, die "
     "Kontakte zu Moskau einzufrieren.", None, [("am Freitagabend", None, "day")]),
    # gnad-30, gnad-1008, gnad-819, gnad-665: years, relative expressions, "Mitte"
    ("In Syrien tobt seit 2011 ein Bürgerkrieg.", None, [("seit 2011", "2011", "year")]),
    ("Nach dem Treffen mit US-Außenminister John Kerry in Wien am Vortag setzten die beiden "
     "Minister ihre Beratungen fort.", None, [("am Vortag", None, "day")]),
    ("In der vergangenen Woche kündigte die Regierung in Warschau für Mitte 2016 die "
     "Stationierung von schweren US-Waffen an.", "2015-06-20",
     [("In der vergangenen Woche", "2015-W24", "week"), ("für Mitte 2016", "2016", "year")]),
    ("Verteidigungsminister Ashton Carter hatte Russland vergangene Woche als Bedrohung "
     "bezeichnet.", None, [("vergangene Woche", None, "week")]),
    ("Erdogan hatte die Behandlung der Uiguren in China 2009 als eine Art Völkermord "
     "bezeichnet.", None, [("2009", "2009", "year")]),
    ("Sie laufen regulär am 1. Jänner aus.", "2015-12", [("am 1. Jänner", "2016-01-01", "day")]),
    ("In Brüsseler Militärkreisen hieß es, das dürfte im EU-Außenministerrat Mitte Dezember "
     "geschehen.", "2015-12", [("Mitte Dezember", "2015-12", "month")]),
    ("Die Abschiebung hatte Anfang des Monats zu Protesten geführt.", "2015-07",
     [("Anfang des Monats", "2015-07", "month")]),
    # numeric dates; a past sentence puts a later month into the previous year
    ("Das Treffen fand am 10.01.2022 statt.", None, [("am 10.01.2022", "2022-01-10", "day")]),
    ("Lawrow hatte im November gewarnt.", "2016-02", [("im November", "2015-11", "month")]),
    ("Sie werden seit vergangenem September bei Luftangriffen eingesetzt.", "2015-06",
     [("seit vergangenem September", "2014-09", "month")]),
    ("Die Uhr zeigte am Montag 10:30.", "2015-06-17", [("am Montag", "2015-06-15", "day")]),
    # corpus: the year named relative to the document's
    ("Carabinieri haben dort im Februar dieses Jahres gefälschte Banknoten gefunden.", "2016-05",
     [("im Februar dieses Jahres", "2016-02", "month")]),
    ("Marshmallow wurde bereits Anfang Oktober des vergangenen Jahres vorgestellt.", "2016-05",
     [("Anfang Oktober des vergangenen Jahres", "2015-10", "month")]),
]


@pytest.mark.parametrize(("text", "date", "expected"), CASES)
def test_date_cases(text: str, date: str | None, expected: list[tuple[str, str | None, str]]
                    ) -> None:
    assert dates_of(text, date) == expected


@pytest.mark.parametrize("text", [
    "Insgesamt verfügen die US-Streitkräfte über 180 dieser Maschinen.",
    "Rund 2000 Soldaten sind im Einsatz.",
    "Die Flugkosten sollen über 44.000 Dollar betragen.",
    "Nach dem Treffen am Morgen reisten sie ab.",
])
def test_numbers_are_not_dates(text: str) -> None:
    assert dates_of(text) == []


def test_seed_january_dates() -> None:
    """Done-when of issue 3: the seed's three January dates are 2022-01-10, -12, -13."""
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    annotate(doc, {"DATE"}, AnnotationContext())
    values = [m.attrs["value"] for m in doc.mentions["DATE"] if "Januar" in m.text]
    assert values == ["2022-01-10", "2022-01-12", "2022-01-13"]


def test_undated_document_is_not_tagged() -> None:
    """The tense (and so the tagger) matters only against a document date."""
    doc = tokenize(read_document("t", "In Syrien tobt seit 2011 ein Bürgerkrieg."))
    annotate(doc, {"DATE"}, AnnotationContext())
    assert doc.annotated == {"dates"}
    assert doc.tokens[0].pos is None


def test_date_mentions_cover_their_tokens() -> None:
    doc = tokenize(read_document("t", "Diese starten am 10. Januar in Genf.", "2021-12"))
    annotate(doc, {"DATE"}, AnnotationContext())
    (mention,) = doc.mentions["DATE"]
    assert [t.text for t in doc.tokens[mention.start:mention.end]] == ["am", "10.", "Januar"]
    assert all("DATE" in t.classes for t in doc.tokens[mention.start:mention.end])


@pytest.mark.parametrize("text", [case[0] for case in CASES] + [
    "Am Mittwoch, dem 3. März 2021, und am 12.03.2021 sprachen sie vergangene Woche.",
    "In den kommenden Wochen, Anfang des Jahres, Mitte 2019 und Ende Mai dieses Jahres.",
])
def test_pattern_cues_are_inside_every_match(text: str) -> None:
    """A pattern is skipped when one of its cues is absent: each cue is part of each match."""
    for pattern, _resolver, cues in PATTERNS:
        for match in pattern.finditer(text):
            assert all(CUES[cue].search(match.group(0)) for cue in cues), (pattern.pattern, cues)


def test_direction_without_ending_does_not_crash() -> None:
    """A direction word without its ending ("im vergangen Jahr", a common slip) lost its
    stem to the ending rule ("vergang") and raised KeyError; it is read as written."""
    assert dates_of("Insgesamt gab es im vergangen Jahr 500 Berichte.", "2009-10") == [
        ("im vergangen Jahr", "2008", "year")]
