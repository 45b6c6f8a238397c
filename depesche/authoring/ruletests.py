"""Inline rule tests: run every rule's ``tests:`` through the whole pack and compare.

A test is ``{text, expect, date?}``. Its text is read as a document and the pack's
:class:`~depesche.engine.pipeline.Extractor` runs over it, so cascades, conflicts and
annotators act as they do on real articles; then only the facts of the rule under test are
compared with ``expect``. Each expected item is a *subset* of a fact's fields (see
:data:`EXPECT_FIELDS`); items and facts are paired one to one, and the counts must agree,
so ``expect: []`` says the rule yields nothing on this text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from depesche.engine.facts import Actor, Fact
from depesche.engine.pipeline import Extraction, Extractor, RuleMatch
from depesche.engine.reader import read_document
from depesche.errors import DepescheError
from depesche.rules.cache import compiled_pack
from depesche.rules.model import RulePack, RuleSpec, RuleTest

# Fields an expected item may give, and what each is compared with.
EXPECT_FIELDS = {
    "type": "the fact type",
    "tag": "the class a tagging rule gives",
    "actor": "actor codes (a list; order does not matter)",
    "recipient": "recipient codes (a list; order does not matter)",
    "speaker": "the speaker's code",
    "date": "the date's ISO value",
    "location": "the location's text",
    "modality": "modality keys (those given must agree)",
    "mode": "the PLOVER mode",
    "text": "a substring of the evidence",
    "content": "a substring of the content",
}


def _who(actor: Actor) -> str:
    return actor.code or actor.text


def fact_fields(fact: Fact) -> dict[str, Any]:
    """The comparable fields of a fact, as tests write them (codes, values, texts)."""
    fields: dict[str, Any] = {"type": fact.type}
    if fact.actor:
        fields["actor"] = [_who(a) for a in fact.actor]
    if fact.recipient:
        fields["recipient"] = [_who(a) for a in fact.recipient]
    if fact.speaker:
        fields["speaker"] = _who(fact.speaker)
    if fact.date:
        fields["date"] = fact.date.get("value")
    if fact.location:
        fields["location"] = fact.location.get("text")
    if fact.modality:
        fields["modality"] = dict(fact.modality)
    if fact.mode:
        fields["mode"] = fact.mode
    if fact.content:
        fields["content"] = fact.content.get("text")
    fields["text"] = fact.evidence
    return fields


def tag_fields(extraction: Extraction, item: RuleMatch) -> dict[str, Any]:
    """The comparable fields of a tagging rule's match: its class and its text."""
    return {"tag": item.rule.tag, "text": match_text(extraction, item)}


def _codes(value: Any) -> set[str]:
    items = value if isinstance(value, list | tuple) else [] if value is None else [value]
    return {str(item).upper() for item in items}


def field_problem(name: str, expected: Any, got: dict[str, Any]) -> str | None:
    """Why ``got`` does not satisfy ``name: expected``, or None when it does."""
    value = got.get(name)
    if name not in EXPECT_FIELDS:
        return f"unknown expect field {name!r} (fields: {', '.join(EXPECT_FIELDS)})"
    if name in ("actor", "recipient"):
        ok = _codes(expected) == _codes(value)
    elif name in ("type", "tag", "speaker"):
        ok = (expected is None and value is None) or (
            value is not None and str(expected).upper() == str(value).upper())
    elif name == "location":
        ok = (expected is None and value is None) or (
            value is not None and str(expected).casefold() == str(value).casefold())
    elif name in ("text", "content"):
        ok = value is not None and str(expected) in str(value)
    elif name == "modality":
        have = value or {}
        ok = isinstance(expected, dict) and all(have.get(k) == v for k, v in expected.items())
    elif name == "date":
        ok = (expected is None and value is None) or (
            value is not None and str(expected) == str(value))
    else:
        ok = expected == value
    if ok:
        return None
    return f"{name}: expected {format_value(expected)}, got {format_value(value)}"


def item_problems(expected: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Every field of ``expected`` that ``got`` does not satisfy."""
    return [p for name, value in expected.items()
            if (p := field_problem(name, value, got)) is not None]


def format_value(value: Any) -> str:
    """A compact YAML-like rendering: lists in brackets, strings quoted when they hold spaces."""
    if value is None:
        return "none"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if isinstance(value, str) and (not value or any(c in value for c in " ,:{}[]\"'")):
        return '"' + value.replace('"', '\\"') + '"'
    return str(value).lower() if isinstance(value, bool) else str(value)


def pair(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[int] | None:
    """A one-to-one assignment of expected items to got items that satisfies all, or None.

    Tests have a handful of facts, so plain backtracking is enough.
    """
    if len(expected) != len(got):
        return None
    chosen: list[int] = []

    def extend(i: int) -> bool:
        if i == len(expected):
            return True
        for j, item in enumerate(got):
            if j not in chosen and not item_problems(expected[i], item):
                chosen.append(j)
                if extend(i + 1):
                    return True
                chosen.pop()
        return False

    return chosen if extend(0) else None


@dataclass(frozen=True, slots=True)
class RuleTestResult:
    """One inline test run: the rule, the test, what the rule yielded, and what was wrong."""

    rule: RuleSpec
    test: RuleTest
    index: int
    got: tuple[dict[str, Any], ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        """``rule-id[n]``: how pytest and ``depesche test`` name the test (1-based)."""
        return f"{self.rule.id}[{self.index + 1}]"

    def headline(self) -> str:
        """One line: ``file:line rule[n]: the sentence``."""
        where = f"{self.test.location.path}:{self.test.location.line}"
        return f"{where} {self.name}: {' '.join(self.test.text.split())}"

    def to_json(self) -> dict[str, Any]:
        """The result as ``depesche test --format json`` gives it, with the test's place."""
        loc = self.test.location
        return {"name": self.name, "rule": self.rule.id, "index": self.index + 1,
                "path": loc.path, "line": loc.line, "column": loc.column,
                "text": self.test.text, "date": self.test.date, "passed": self.passed,
                "expected": self.test.expect, "got": list(self.got),
                "problems": list(self.problems), "notes": list(self.notes)}

    def render(self) -> str:
        """The failure report: the headline, expected against got, and the differences."""
        lines = [self.headline()]
        expected = self.test.expect
        lines.append("    expected: " + (
            "nothing" if not expected else "; ".join(format_value(e) for e in expected)))
        lines.append("    got:      " + (
            "nothing" if not self.got else "; ".join(format_value(g) for g in self.got)))
        lines.extend(f"    - {problem}" for problem in self.problems)
        lines.extend(f"    note: {note}" for note in self.notes)
        return "\n".join(lines)


def _diff(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """What to tell the author: counts, then for each expected item its nearest fact's misses.

    Never empty for a failed test: a greedy pairing without misses would be a pairing.
    """
    problems: list[str] = []
    if len(expected) != len(got):
        problems.append(f"expected {len(expected)} fact(s) from this rule, got {len(got)}")
    used: set[int] = set()
    for number, item in enumerate(expected, 1):
        options = [(len(item_problems(item, g)), j) for j, g in enumerate(got) if j not in used]
        if not options:
            continue
        misses, j = min(options)
        used.add(j)
        if misses:
            problems.extend(f"item {number}: {p}" for p in item_problems(item, got[j]))
    return problems


def run_test(extractor: Extractor, rule: RuleSpec, test: RuleTest, index: int
             ) -> RuleTestResult:
    """Run one inline test of ``rule`` with the whole pack's extractor."""
    doc_id = f"{rule.id}[{index + 1}]"
    try:
        extraction = extractor.run(read_document(doc_id, test.text, test.date))
    except DepescheError as error:
        return RuleTestResult(rule, test, index, problems=(error.render(),))
    got = rule_items(extraction, rule)
    notes = tuple(
        f"a match of this rule ({match_text(extraction, loser)!r}) lost to rule "
        f"{winner.rule.id!r}" for loser, winner in extraction.dropped if loser.rule.id == rule.id)
    if pair(test.expect, got) is not None:
        return RuleTestResult(rule, test, index, tuple(got))
    return RuleTestResult(rule, test, index, tuple(got), tuple(_diff(test.expect, got)), notes)


def rule_items(extraction: Extraction, rule: RuleSpec) -> list[dict[str, Any]]:
    """What ``rule`` yielded in ``extraction``, as tests compare it: facts, or tagged spans."""
    if rule.type:
        return [fact_fields(f) for f in extraction.facts if f.rule == rule.id]
    return [tag_fields(extraction, k) for k in extraction.kept if k.rule.id == rule.id]


# Fields a proposed test leaves out: the evidence and content texts are long and change
# with every widening of a pattern; the fact's other fields say what the test is about.
UNPROPOSED_FIELDS = ("text", "content")


def propose_expect(extractor: Extractor, rule: RuleSpec, text: str, date: str | None,
                   positive: bool) -> list[dict[str, Any]]:
    """The ``expect`` of a new test of ``rule`` on ``text``, as ``depesche play`` adds it.

    A negative test expects nothing. A positive one expects what the rule yields now, or,
    when it yields nothing yet, one fact of its type (one span of its tag): a test that
    fails until the rule is made to match.
    """
    if not positive:
        return []
    extraction = extractor.run(read_document(f"{rule.id}[new]", text, date))
    items = [{k: v for k, v in item.items() if k not in UNPROPOSED_FIELDS}
             for item in rule_items(extraction, rule)]
    return items or [{"type": rule.type} if rule.type else {"tag": rule.tag}]


def match_text(extraction: Extraction, item: RuleMatch) -> str:
    """The text a rule match covers."""
    doc, match = extraction.doc, item.match
    return doc.text[doc.tokens[match.start].start:doc.tokens[match.end - 1].end]


def load_extractor(paths: Iterable[str] | None = None) -> tuple[RulePack, Extractor]:
    """Load and compile packs (default: the shipped pack, from the pack cache when
    unchanged); raise the first error."""
    return compiled_pack(list(paths or []) or None)


def results_json(results: Iterable[RuleTestResult]) -> dict[str, Any]:
    """Test results as one JSON object: counts, then every result in pack order."""
    items = [result.to_json() for result in results]
    passed = sum(1 for item in items if item["passed"])
    return {"passed": passed, "failed": len(items) - passed, "results": items}


def run_tests(pack: RulePack, extractor: Extractor) -> Iterator[RuleTestResult]:
    """Every inline test of every rule of ``pack``, in pack order."""
    for rule in pack.rules:
        for index, test in enumerate(rule.tests):
            yield run_test(extractor, rule, test, index)
