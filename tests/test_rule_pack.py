"""The shipped rule pack: it compiles, every rule carries tests, and every inline test passes.

Each rule's ``tests:`` hold real sentences (from the seed, dev and corpus articles) that it
must turn into facts with the fields listed, and near misses it must leave alone. They run
through the whole pack (``depesche.authoring.ruletests``), so conflicts between rules and
the annotators act as they do on articles.
"""

from __future__ import annotations

import pytest

from depesche.authoring.ruletests import RuleTestResult, load_extractor, run_tests
from depesche.engine.ruleset import FACT_TYPES

PACK, EXTRACTOR = load_extractor()
RESULTS = list(run_tests(PACK, EXTRACTOR))


@pytest.mark.parametrize("result", RESULTS, ids=[r.name for r in RESULTS])
def test_inline_rule_test(result: RuleTestResult) -> None:
    assert result.passed, result.render()


def test_every_rule_has_a_match_and_a_near_miss() -> None:
    lacking = [rule.id for rule in PACK.rules
               if not any(t.expect for t in rule.tests)
               or not any(not t.expect for t in rule.tests)]
    assert lacking == []


def test_every_fact_type_has_rules() -> None:
    covered = {rule.type for rule in PACK.rules}
    assert [t for t in FACT_TYPES if t not in covered] == []


def test_rules_are_filed_by_family() -> None:
    """Rules live in one file per family of types, lexicons apart (rules/README.md)."""
    files = {rule.location.path.rsplit("/", 1)[-1] for rule in PACK.rules}
    assert "lexicons" not in {rule.location.path.rsplit("/", 2)[-2] for rule in PACK.rules}
    assert len(files) >= 6
