"""Adding an inline test to a rule as text: the rest of the file stays as the author wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from depesche.authoring.scaffold import create_pack
from depesche.errors import RuleError
from depesche.rules.edit import add_rule_test
from depesche.rules.loader import load_pack

BLOCK = """\
rules:
  - id: a
    type: AGREE
    pattern: '[lemma=zustimmen]'   # a comment that stays
    tests:
      - text: Russland stimmt zu.
        expect: []

    # a comment before the next rule
  - id: b
    type: AGREE
    pattern: '[lemma=billigen]'
"""

FLOW_EMPTY = """\
rules:
  - id: a
    type: AGREE
    pattern: '[lemma=zustimmen]'
    tests: []
"""

FLOW_ITEMS = """\
rules:
  - id: a
    type: AGREE
    pattern: '[lemma=zustimmen]'
    tests: [{text: Er stimmt zu., expect: []}]  # one test
"""

LAST_WITHOUT_NEWLINE = """\
rules:
  - id: a
    type: AGREE
    pattern: |
      [lemma=zustimmen]"""

# (file, rule, the lines the new test must add, in order, as a block of the result)
CASES = [
    ("block list", BLOCK, "a", ['      - text: "Die USA stimmen: \\"ja\\"."',
                                "        expect: [{type: AGREE, actor: [USA]}]",
                                "", "    # a comment before the next rule"]),
    ("no tests key", BLOCK, "b", ["    pattern: '[lemma=billigen]'", "    tests:",
                                  '      - text: "Die USA stimmen: \\"ja\\"."',
                                  "        expect: [{type: AGREE, actor: [USA]}]"]),
    ("flow, empty", FLOW_EMPTY, "a", ['    tests: [{text: "Die USA stimmen: \\"ja\\".", '
                                      "expect: [{type: AGREE, actor: [USA]}]}]"]),
    ("flow, with items", FLOW_ITEMS, "a", [
        '    tests: [{text: Er stimmt zu., expect: []}, {text: "Die USA stimmen: \\"ja\\".", '
        "expect: [{type: AGREE, actor: [USA]}]}]  # one test"]),
    ("block scalar at the end of the file", LAST_WITHOUT_NEWLINE, "a", [
        "      [lemma=zustimmen]", "    tests:", '      - text: "Die USA stimmen: \\"ja\\"."']),
]
SENTENCE = 'Die USA stimmen: "ja".'
EXPECT = [{"type": "AGREE", "actor": ["USA"]}]


def _contains_block(text: str, block: list[str]) -> bool:
    lines = text.splitlines()
    return any(lines[i:i + len(block)] == block for i in range(len(lines)))


@pytest.mark.parametrize(("name", "text", "rule", "block"), CASES, ids=[c[0] for c in CASES])
def test_add_rule_test_inserts_where_the_tests_go(tmp_path: Path, name: str, text: str,
                                                 rule: str, block: list[str]) -> None:
    edited = add_rule_test(text, "rules.yaml", rule, SENTENCE, EXPECT)
    assert _contains_block(edited, block), edited
    # Nothing else changed: removing the added lines gives the file back.
    assert len(edited.splitlines()) >= len(text.splitlines())
    for line in text.splitlines():
        assert line in edited.splitlines() or "tests: [" in line
    path = tmp_path / "rules.yaml"
    path.write_text(edited, encoding="utf-8")
    pack, _ = load_pack([str(path)])
    tests = next(r for r in pack.rules if r.id == rule).tests
    assert (tests[-1].text, tests[-1].expect) == (SENTENCE, EXPECT)


def test_add_rule_test_with_a_date_to_the_scaffold_pack(tmp_path: Path) -> None:
    create_pack(tmp_path / "pack")
    path = tmp_path / "pack" / "rules.yaml"
    text = path.read_text(encoding="utf-8")
    edited = add_rule_test(text, str(path), "threaten.drohen", "Russland droht.", [],
                           date="2024-03-05")
    assert edited.startswith(text.rstrip("\n"))  # the rule is the file's last
    assert edited.endswith('      - text: "Russland droht."\n        date: "2024-03-05"\n'
                           "        expect: []\n")
    path.write_text(edited, encoding="utf-8")
    pack, _ = load_pack([str(tmp_path / "pack")])
    test = pack.rules[0].tests[-1]
    assert (test.text, test.date, test.expect) == ("Russland droht.", "2024-03-05", [])


@pytest.mark.parametrize(("text", "rule", "message"), [
    (BLOCK, "c", "no rule 'c' in this file"),
    ("macros: {}\n", "a", "no rule 'a' in this file (it has no 'rules:' list)"),
    ("rules:\n  - {id: a, type: AGREE, pattern: x}\n", "a", "the rule is written in flow style"),
    ("rules: [\n", "a", "YAML:"),
])
def test_add_rule_test_refuses_what_it_cannot_edit(text: str, rule: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        add_rule_test(text, "rules.yaml", rule, SENTENCE, [])
    assert caught.value.message.startswith(message)
