"""Facts that hang on the clause layer: sentences of the kinds the pack lost before it.

Each row is a short text and the facts it must give (type and, where the text settles
them, the codes of actor and recipient; ``None`` where the actor keeps only its text).
They cover free word order, verb complexes, unknown actors and references back, the
kinds of sentence behind issue "Clauses and phrases".
"""

from __future__ import annotations

import pytest

from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.rules.loader import load_ruleset

_EXTRACTOR: list[Extractor] = []


def facts(text: str) -> list[tuple[str, tuple, tuple]]:
    if not _EXTRACTOR:
        _EXTRACTOR.append(Extractor(load_ruleset(None)))
    doc = read_document("t", text, "2024-05")
    found = []
    for fact in _EXTRACTOR[0].extract(doc):
        actor = tuple(a.code for a in fact.actor or ())
        recipient = tuple(a.code for a in fact.recipient or ())
        found.append((fact.type, actor, recipient))
    return found


CASES = [
    # an organisation's mission acts for it
    ("Die OSZE-Beobachtermission berichtete von neuen Kämpfen.", ("STATEMENT", ("OSCE",), ())),
    # "beide" alone takes up the two sides named before
    ("Peru und Chile stritten lange. Am Ende einigten sich beide auf einen Kompromiss.",
     ("AGREE", ("CHL", "PER"), ())),
    # words quoted inside a phrase, after its article or its preposition, are the phrase's
    # ("sprach von …" says something)
    ("Der Außenminister Perus sprach von einem „ersten wichtigen Schritt“.",
     ("STATEMENT", ("PER",), ())),
    ("Die UN sprechen von „ethnischer Säuberung“.", ("STATEMENT", ("UN",), ())),
    # a state's body named by its seat acts for that state, not for the one the story
    # named before; so does the one who speaks for such a body
    ("Die Polizei in Lima nahm zwei Männer fest. Die Armee in Quito teilte mit, die Lage "
     "sei ruhig.", ("STATEMENT", ("ECU",), ())),
    ("Ein Sprecher der Staatsanwaltschaft in Quito sagte, die Lage sei ruhig.",
     ("STATEMENT", ("ECU",), ())),
    # a Commission member by portfolio, without "EU-", is the EU's
    ("Die Fusion sei nicht erlaubt, sagte Wettbewerbskommissarin Anna Berg.",
     ("STATEMENT", ("EU",), ())),
    # ... so does a spokesman of its police, as a "Polizeisprecher" does
    ("Quito – Die Lage sei ruhig, sagte ein Sprecher der Polizei.", ("STATEMENT", ("ECU",), ())),
    # a ministry's or a government's office that names no state: the story's state
    ("Nairobi – Die Mittel reichten nicht, sagte ein Sprecher des Gesundheitsministeriums.",
     ("STATEMENT", ("KEN",), ())),
    # a family name first, the given name in two short parts ("Pak Ho Sun"): "Pak" later
    ("UNO-Generalsekretär Pak Ho Sun landete in Genf. Pak klagte über die Blockade im "
     "Sicherheitsrat.", ("ACCUSE", ("UN",), ())),
    # a party's office holder speaks for the party, also as "er" or "der Verhandler" later;
    # so does a name with its party after "von"
    ("Der ÖVP-Verhandler Max Huber ist vorgeprescht. Es gebe keinen Grund zur Eile, sagte "
     "er.", ("STATEMENT", ("ÖVP",), ())),
    ("Der SPÖ-Verhandler Max Huber ist vorgeprescht. Der Verhandler sagte, man sei weit "
     "auseinander.", ("STATEMENT", ("SPÖ",), ())),
    ("Julia Berger von der CDU bezeichnete den Plan als falsch.", ("STATEMENT", ("CDU",), ())),
    # a list closed by a coordinator acts as a whole, also under a preposition; conjuncts
    # each with a party in brackets act for their parties, the brackets are no actors
    ("Chile, Peru und Bolivien verurteilten den Angriff.",
     ("ACCUSE", ("CHL", "PER", "BOL"), ())),
    ("Peru verhandelte mit Chile, Bolivien und Ecuador.",
     ("CONSULT", ("PER",), ("CHL", "BOL", "ECU"))),
    ("Franz Maier (ÖVP) und Karl Huber (SPÖ) kritisierten die Pläne scharf.",
     ("ACCUSE", ("ÖVP", "SPÖ"), ())),
    # "der Westen" is a side
    ("Russland warnte den Westen vor einer Eskalation.", ("THREATEN", ("RUS",), (None,))),
    # a pronoun's speaker as the document memory reads it: the subject before the object
    ("Österreichs Außenminister Sebastian Kurz traf den polnischen Außenminister. Er sagte, "
     "Europa müsse die Grenzen schützen.", ("STATEMENT", ("AUT",), ())),
    # "beide Seiten" take up the two persons just named, with their states
    ("Der US-Präsident Joe Biden telefonierte mit Wladimir Putin. Beide Seiten einigten sich "
     "auf neue Gespräche.", ("AGREE", ("RUS", "USA"), ())),
    # one event told by a noun and its verb: the noun rule's fact takes the actor the
    # clause rule it beat found
    ("Russland startete Luftangriffe auf Stellungen der Rebellen.", ("ASSAULT", ("RUS",), ())),
    ("Am Donnerstag weitete die türkische Luftwaffe ihre Angriffe auf die PKK aus.",
     ("ASSAULT", ("TUR",), ("PKK",))),
    # ... but not a side the winner's own evidence holds in another role: China made the
    # offer, it does not reply to it
    ("Er sei offen für ein verbessertes Angebot der chinesischen Seite.",
     ("AGREE", (), ("CHN",))),
    # a person taken up by surname promises: a known actor's act (a company's offer is none)
    ("Der polnische Außenminister Adam Krawiec traf die Ministerin. Krawiec sagte Litauen "
     "weitere Unterstützung zu.", ("AGREE", ("POL",), ("LTU",))),
    # an unknown negotiator with a nationality, then by surname
    ("Der ägyptische Chefunterhändler Karim Mansour traf Lawrow in Genf.",
     ("CONSULT", ("EGY",), ("RUS",))),
    ("Der ägyptische Chefunterhändler Karim Mansour traf Lawrow. "
     "Mansour betonte nach dem Treffen, die Grenzfragen seien wichtig.",
     ("STATEMENT", ("EGY",), ())),
    # an open group as subject, a separable verb
    ("Die Angeklagten weisen die Vorwürfe zurück.", ("REJECT", (None,), ())),
    # a body of a country named before, a dative object
    ("In Myanmar wird gekämpft. Die Armee des Landes drohte Japan mit Vergeltung.",
     ("THREATEN", ("MMR",), ("JPN",))),
    # adverb in the Vorfeld, an open group as object
    ("Anschließend traf Blinken die Vertreter der Opposition.", ("CONSULT", ("USA",), (None,))),
    # coordination with an elided subject
    ("Auch Serbien begrüßte den Vorschlag, lehnte aber eine Anerkennung des Kosovo ab.",
     ("REJECT", ("SRB",), ("XKX",))),
    # passive with agent
    ("Die Sanktionen wurden von der EU am Montag verhängt.", ("SANCTION", ("EU",), ())),
    # verb-final subordinate clause
    ("Dass Peking die Vorwürfe zurückwies, überraschte niemanden.", ("REJECT", ("CHN",), ())),
    # modal complex, fronted object
    ("Mit Konsequenzen will die Regierung in Ankara Griechenland drohen.",
     ("THREATEN", ("TUR",), ("GRC",))),
    # relative clause whose pronoun is the object
    ("Die Sanktionen, die Kanada gegen Venezuela verhängt hat, bleiben in Kraft.",
     ("SANCTION", ("CAN",), ("VEN",))),
    # a pronoun resolved by gender
    ("Die Außenministerin Kanadas besuchte Lima. Sie forderte eine Untersuchung.",
     ("REQUEST", ("CAN",), ())),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_clause_facts(text: str, expected: tuple[str, tuple, tuple]) -> None:
    kind, actor, recipient = expected
    got = [f for f in facts(text) if f[0] == kind]
    assert got, facts(text)
    assert any(f[1] == actor and (not recipient or f[2] == recipient) for f in got), got


NEGATIVES = [
    ("Die Gefahr droht zu wachsen.", "THREATEN"),
    ("Bei einer Überschreitung droht Österreich eine Strafe.", "THREATEN"),
    ("Eine Rakete traf ein Wohnhaus.", "CONSULT"),
    ("Der Minister sagte, man sei zu Gesprächen bereit.", "CONSULT"),
    ("Tausende Flüchtlinge reisten nach Deutschland.", "CONSULT"),
    ("Die Regierung verspricht sich von der Reform mehr Wachstum.", "AGREE"),
    ("Polen hat bislang keine Sanktionen gegen Ungarn verhängt.", "SANCTION"),
    ("Der Provider Tele7 bietet seinen Kunden schnelles Internet an.", "AGREE"),
]


@pytest.mark.parametrize(("text", "kind"), NEGATIVES, ids=[n[0][:40] for n in NEGATIVES])
def test_no_fact(text: str, kind: str) -> None:
    assert kind not in [f[0] for f in facts(text)]


def statuses(text: str, kind: str) -> list[str | None]:
    if not _EXTRACTOR:
        _EXTRACTOR.append(Extractor(load_ruleset(None)))
    doc = read_document("t", text, "2024-05")
    return [(f.modality or {}).get("status") for f in _EXTRACTOR[0].extract(doc)
            if f.type == kind]


@pytest.mark.parametrize(("text", "kind", "status"), [
    ("Kerry will Lawrow in Genf treffen.", "CONSULT", "scheduled"),
    ("Kerry wird Lawrow in Genf treffen.", "CONSULT", "scheduled"),
    ("Kerry traf Lawrow in Genf.", "CONSULT", None),
    ("Die Kundgebung gegen die Regierung soll am Samstag in Tiflis stattfinden.", "PROTEST",
     "scheduled"),
    ("Die Armee soll die Stadt bombardiert haben.", "ASSAULT", None),
    ("Sollte Serbien Truppen verlegen, wird die Nato Konsequenzen ziehen.", "MOBILIZE", None),
    # a noun frame's event under an adjective of planning is to come
    ("Die Polizei bereitet sich auf die geplanten Proteste in Tiflis vor.", "PROTEST",
     "scheduled"),
    ("Beim nächsten Gipfeltreffen mit China in Peking will die EU Zölle ansprechen.", "CONSULT",
     "scheduled"),
    ("Die Proteste in Tiflis dauerten die ganze Nacht.", "PROTEST", None),
    # a statement was made when it is reported, whatever its words say is to come
    ("„Wir werden helfen“, sagte die Ministerin.", "STATEMENT", None),
    ("Die Regierung wolle am Montag die Grenze schließen, sagte der Minister.", "STATEMENT",
     None),
])
def test_planned_events_are_scheduled(text: str, kind: str, status: str | None) -> None:
    assert statuses(text, kind) == [status]


def test_a_frames_place_is_the_first_in_phrase_that_names_one() -> None:
    # "in der Nacht" names no place; "in Genf" does
    doc = read_document("t", "Der UN-Sondergesandte forderte in der Nacht auf Donnerstag in "
                        "Genf, die Waffenruhe wiederzubeleben.", "2024-05")
    if not _EXTRACTOR:
        _EXTRACTOR.append(Extractor(load_ruleset(None)))
    found = [f.location for f in _EXTRACTOR[0].extract(doc) if f.type == "REQUEST"]
    assert found == [{"text": "Genf", "id": None}]


def dates(text: str, kind: str) -> list[str | None]:
    if not _EXTRACTOR:
        _EXTRACTOR.append(Extractor(load_ruleset(None)))
    doc = read_document("t", text, "2024-05")
    return [(f.date or {}).get("value") for f in _EXTRACTOR[0].extract(doc) if f.type == kind]


@pytest.mark.parametrize(("text", "kind", "value"), [
    # the time adverbial of the event's own clause dates it, wherever it stands
    ("Im Jahr 2019 warf die Opposition dem Präsidenten Betrug vor.", "ACCUSE", "2019"),
    ("2017 hatte es noch mehr als hundert Anschläge gegeben.", "ASSAULT", "2017"),
    ("Anfang 2020 griffen Rebellen mehrere Dörfer an.", "ASSAULT", "2020"),
    ("Die Armee hat im März 2022 mehrere Dörfer bombardiert.", "ASSAULT", "2022-03"),
    # a date in a clause inside it is that clause's, not the event's
    ("Die Partei, die 2015 gegründet wurde, kritisierte die Regierung scharf.", "ACCUSE",
     None),
    # a noun frame takes no date from the clause it stands in
    ("Nach dem Anschlag auf die Botschaft reiste der Minister 2021 ab.", "ASSAULT", None),
])
def test_an_events_date_is_its_clauses(text: str, kind: str, value: str | None) -> None:
    assert dates(text, kind) == [value]
