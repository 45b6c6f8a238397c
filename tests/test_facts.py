"""Facts from matches: what the fact builder adds beyond the captured tokens.

Each case is a one-rule pack, a text (with an optional document date) and the fields the
one fact it yields must have: actors through ``quote.speaker`` and ``q.speakers``, codes of
nationality adjectives that head no actor, the quote's speaker as fallback, and
``scheduled`` for what is dated after the article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from depesche.engine.facts import Fact
from depesche.engine.pipeline import Extractor
from depesche.errors import RuleError
from depesche.rules.compiler import compile_pack
from depesche.rules.loader import load_pack

LEXICONS = Path(__file__).resolve().parents[1] / "rules" / "lexicons"


def one_rule(tmp_path: Path, rule: str) -> Extractor:
    """An extractor for a pack of one rule and the shipped lexicons."""
    path = tmp_path / "rule.yaml"
    path.write_text("rules:\n" + rule, encoding="utf-8")
    pack, _ = load_pack([str(path), str(LEXICONS)])
    ruleset, _ = compile_pack(pack)
    return Extractor(ruleset)


def codes(actors: Any) -> list[str | None]:
    return [a.code for a in actors or ()]


CASES = [
    ("quote speaker as actor",
     "  - id: r\n    type: THREATEN\n    pattern: '[lemma=Konsequenz]'\n"
     "    fact: {actor: quote.speaker}\n",
     "„Das wird Konsequenzen haben“, sagte der russische Außenminister Lawrow.", None,
     {"actor": ["RUS"], "speaker": "RUS"}),
    # an event in the words of a report that is no statement ("…, kritisierte X") is still
    # told by X: it lost its speaker when the criticism stopped being a QUOTE
    ("speaker of a criticism",
     "  - id: r\n    type: ASSAULT\n    pattern: '[lemma=Angriff]'\n"
     "    fact: {actor: quote.speaker}\n",
     "Der Angriff auf das Krankenhaus sei ein Verbrechen, kritisierte der russische "
     "Außenminister Lawrow.", None,
     {"actor": ["RUS"], "speaker": "RUS"}),
    ("all speakers of a quote",
     "  - id: r\n    type: STATEMENT\n    pattern: 'q:@QUOTE'\n    fact: {actor: q.speakers}\n",
     "Sowohl Biden wie auch Putin bestätigten, dass es Bereiche gäbe.", None,
     {"actor": ["USA", "RUS"]}),
    ("nationality adjective heading no actor",
     "  - id: r\n    type: REJECT\n    pattern: 'a:@ACTOR [] (?<r> [] []) [lemma=ablehnen]'\n"
     "    fact: {actor: a, recipient: r}\n",
     "Die FSA hat russische Vorschläge abgelehnt.", None,
     {"actor": ["FSA"], "recipient": ["RUS"]}),
    ("an actor in the capture wins over adjectives",
     "  - id: r\n    type: ACCUSE\n"
     "    pattern: '(?<r> [pos=ART] [] @ACTOR [] [] []) [lemma=gefährden]'\n"
     "    fact: {recipient: r}\n",
     "Das Vordringen der Nato in ukrainisches Gebiet gefährdet den Frieden.", None,
     {"recipient": ["NATO"]}),
    ("a named subject before the speaker",
     "  - id: r\n    type: AGREE\n    pattern: 'a:[pos={NE, PPER}] [lemma=sein] [lower=offen]'\n"
     "    fact: {actor: a | quote.speaker}\n",
     "Lawrow sagte, Erdogan sei offen für Gespräche.", None,
     {"actor": ["TUR"]}),
    ("a pronoun subject gives way to the speaker",
     "  - id: r\n    type: AGREE\n    pattern: 'a:[pos={NE, PPER}] [lemma=sein] [lower=offen]'\n"
     "    fact: {actor: a | quote.speaker}\n",
     "Lawrow sagte, er sei offen für Gespräche.", None,
     {"actor": ["RUS"]}),
    ("a prefixed noun joins the actors of a capture",
     "  - id: r\n    type: SANCTION\n    pattern: 'a:(@ACTOR [] [] []) [] [lemma=Sanktion]'\n"
     "    fact: {actor: a}\n",
     "Die USA und die EU-Staaten haben Sanktionen.", None,
     {"actor": ["USA", "EU"]}),
    # "c.actors": the actors named inside a capture, none where it names no one
    ("the actors inside a capture",
     "  - id: r\n    type: REJECT\n    pattern: 'c:([pos=ART] [] [] []) [] [lemma=ablehnen]'\n"
     "    fact: {recipient: c.actors}\n",
     "Der Plan von Ungarn wurde abgelehnt.", None,
     {"recipient": ["HUN"]}),
    ("no actor inside a capture: none",
     "  - id: r\n    type: REJECT\n    pattern: 'c:([pos=ART] []) [] [lemma=ablehnen]'\n"
     "    fact: {recipient: c.actors}\n",
     "Der Plan wurde abgelehnt.", None,
     {"recipient": []}),
    ("a group no lexicon knows inside a capture is someone",
     "  - id: r\n    type: REQUEST\n"
     "    pattern: 'clause([lemma=richten], obj=[lemma=Appell], an=c)'\n"
     "    fact: {recipient: c.actors}\n",
     "Der Generalsekretär richtete einen Appell an die Konfliktparteien.", None,
     {"recipient": [None]}),
    ("speaker falls back to the quote",
     "  - id: r\n    type: REQUEST\n    pattern: '(?<s> [pos=PPER])? [lemma=müssen & @QUOTE]'\n"
     "    fact: {speaker: s}\n",
     "Natürlich müssen Wahlen vorbereitet werden, sagte Außenminister Lawrow.", None,
     {"speaker": "RUS"}),
    ("dated after the article: scheduled",
     "  - id: r\n    type: CONSULT\n    pattern: '[lemma=Dialog] @DATE'\n",
     "Es folgt ein Dialog am 10. Januar.", "2021-12",
     {"modality": {"status": "scheduled"}}),
    ("dated within the article's month: not told apart",
     "  - id: r\n    type: CONSULT\n    pattern: '[lemma=Dialog] @DATE'\n",
     "Es folgt ein Dialog am 20. Dezember.", "2021-12",
     {"modality": None}),
    ("the rule's status wins",
     "  - id: r\n    type: CONSULT\n    pattern: '[lemma=Dialog] @DATE'\n"
     "    fact: {modality: {status: held}}\n",
     "Es folgt ein Dialog am 10. Januar.", "2021-12",
     {"modality": {"status": "held"}}),
]


def fields(fact: Fact) -> dict[str, Any]:
    return {"actor": codes(fact.actor), "recipient": codes(fact.recipient),
            "speaker": fact.speaker.code if fact.speaker else None, "modality": fact.modality}


@pytest.mark.parametrize(("name", "rule", "text", "date", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_fact_fields(tmp_path: Path, name: str, rule: str, text: str, date: str | None,
                     expected: dict[str, Any]) -> None:
    facts = one_rule(tmp_path, rule).extract_text("t", text, date)
    assert len(facts) == 1
    got = fields(facts[0])
    assert {key: got[key] for key in expected} == expected


def test_quote_is_a_reserved_reference(tmp_path: Path) -> None:
    rule = ("  - id: r\n    type: THREATEN\n    pattern: '[lemma=drohen]'\n"
            "    fact: {actor: quoted}\n")
    with pytest.raises(RuleError, match="quoted"):
        one_rule(tmp_path, rule)


def test_alternatives_only_for_actors(tmp_path: Path) -> None:
    rule = ("  - id: r\n    type: CONSULT\n    pattern: 'a:[] b:[]'\n"
            "    fact: {location: a | b}\n")
    with pytest.raises(RuleError, match="no alternatives"):
        one_rule(tmp_path, rule)


@pytest.mark.parametrize(("text", "location"), [
    ("Die Armee griff in der syrischen Stadt Aleppo ein Krankenhaus an.", "Aleppo"),
    ("In Genf griff die Armee ein Krankenhaus an.", "Genf"),
    # a role that names no place, and a clause without the role, give none
    ("Die Armee griff in der Nacht ein Krankenhaus an.", None),
    ("Die Armee griff ein Krankenhaus an.", None),
])
def test_location_from_a_role_of_the_clause(tmp_path: Path, text: str,
                                             location: str | None) -> None:
    rule = ("  - id: r\n    type: ASSAULT\n    pattern: 'clause([lemma=angreifen], subj=a)'\n"
            "    fact: {actor: a, location: clause.in}\n")
    (fact,) = one_rule(tmp_path, rule).extract_text("t", text, None)
    assert (fact.location or {}).get("text") == location


@pytest.mark.parametrize(("text", "recipient"), [
    # "Waffen" may be dative or accusative: the optional dat= must leave it to acc=
    ("Russland liefert Waffen an Syrien.", ["SYR"]),
    # where both fit in the frame's order, that order decides ("Algerien" the dative)
    ("Russland liefert Algerien Waffen.", ["DZA"]),
])
def test_a_required_role_gets_the_object_an_optional_one_would_take(
        tmp_path: Path, text: str, recipient: list[str]) -> None:
    rule = ("  - id: r\n    type: AID\n"
            "    pattern: 'clause([lemma=liefern], subj=a, dat=r?, an=r2?, acc=c:[head=Waffe])'\n"
            "    fact: {actor: a, recipient: [r, r2]}\n")
    (fact,) = one_rule(tmp_path, rule).extract_text("t", text, None)
    assert codes(fact.recipient) == recipient


def test_a_clause_reference_names_a_role(tmp_path: Path) -> None:
    rule = ("  - id: r\n    type: ASSAULT\n    pattern: 'clause([lemma=angreifen], subj=a)'\n"
            "    fact: {actor: a, location: clause.inn}\n")
    with pytest.raises(RuleError, match="no such role"):
        one_rule(tmp_path, rule)
