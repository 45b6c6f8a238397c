"""Edits of rule files as text: add an inline test to a rule, keeping the rest of the file.

An author's file has comments, blank lines, quoting and line breaks of its own, which a
load and dump would lose; so the test is inserted as text where the rule's ``tests:`` list
ends (or as a new ``tests:`` key after the rule's last line), indented like its
neighbours. The result is read back, and an edit that would not give exactly the rule's
old tests plus the new one is refused instead of returned.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from depesche.errors import DepescheError, RuleError, SourceLocation
from depesche.rules.yamlsource import Node, YamlFile, load_yaml, plain


def _flow(value: Any) -> str:
    """A value as one line of YAML flow style, keys in the given order."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False,
                          width=float("inf")).strip()


def _test_fields(text: str, expect: list[dict[str, Any]], date: str | None) -> list[str]:
    """The test's ``key: value`` lines; JSON strings are YAML double-quoted scalars."""
    fields = [f"text: {json.dumps(text, ensure_ascii=False)}"]
    if date is not None:
        fields.append(f"date: {json.dumps(date)}")
    fields.append(f"expect: {_flow(expect)}")
    return fields


def _find_rule(source: YamlFile, rule_id: str) -> Node:
    root = source.root
    rules = root.value.get("rules") if isinstance(root.value, dict) else None
    if rules is None or not isinstance(rules[1].value, list):
        raise RuleError(f"no rule {rule_id!r} in this file (it has no 'rules:' list)",
                        SourceLocation(source.path))
    for item in rules[1].value:
        if isinstance(item.value, dict) and "id" in item.value and \
                str(item.value["id"][1].value) == rule_id:
            return item
    raise RuleError(f"no rule {rule_id!r} in this file", SourceLocation(source.path))


def _last_line(lines: list[str], node: Node) -> int:
    """The 0-based index of the last line that holds some of ``node``'s text.

    A block collection ends where the next token starts, after blank lines and comments,
    which belong to what follows.
    """
    index = node.end_line - 1
    if index < len(lines) and lines[index][:node.end_column - 1].strip():
        return index  # the node ends within this line (a flow collection or a scalar)
    index -= 1
    while index >= 0 and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
        index -= 1
    return index


def _is_flow(lines: list[str], node: Node) -> bool:
    line = lines[node.line - 1] if 0 < node.line <= len(lines) else ""
    return line[node.column - 1:node.column] in ("[", "{")


def _insert(source: YamlFile, rule: Node, fields: list[str]) -> list[str]:
    lines = list(source.lines)
    tests = rule.value.get("tests")
    if tests is None:
        if _is_flow(lines, rule):
            raise RuleError("the rule is written in flow style ({…}); add its tests by hand",
                            source.at(rule))
        indent = " " * (rule.column - 1)
        after = _last_line(lines, rule)
        block = [f"{indent}tests:", f"{indent}  - {fields[0]}",
                 *(f"{indent}    {field}" for field in fields[1:])]
        return lines[:after + 1] + block + lines[after + 1:]
    node = tests[1]
    if not isinstance(node.value, list):
        raise RuleError("'tests' must be a list of {text, expect}", source.at(node))
    if _is_flow(lines, node):
        # [] or [{…}, …]: add a flow mapping before the closing bracket.
        item = "{" + ", ".join(fields) + "}"
        row, column = node.end_line - 1, node.end_column - 2  # the "]"
        text = lines[row]
        glue = ", " if node.value else ""
        lines[row] = text[:column] + glue + item + text[column:]
        return lines
    indent = " " * (node.column - 1)  # a block sequence starts at its first "-"
    after = _last_line(lines, node)
    block = [f"{indent}- {fields[0]}", *(f"{indent}  {field}" for field in fields[1:])]
    return lines[:after + 1] + block + lines[after + 1:]


def add_rule_test(text: str, path: str, rule_id: str, test_text: str,
                  expect: list[dict[str, Any]], date: str | None = None) -> str:
    """``text`` (a rule file) with a test ``{text, expect, date?}`` added to rule ``rule_id``.

    Raises a :class:`RuleError` when the file does not parse, has no such rule, or the rule
    is written so that the test cannot be added as text (flow style).
    """
    source = load_yaml(text, path)
    rule = _find_rule(source, rule_id)
    before = plain(rule.value["tests"][1]) if "tests" in rule.value else []
    lines = _insert(source, rule, _test_fields(test_text, expect, date))
    edited = "\n".join(lines) + ("\n" if text.endswith("\n") or not text else "")
    wanted: dict[str, Any] = {"text": test_text}
    if date is not None:
        wanted["date"] = date
    wanted["expect"] = expect
    try:
        after = _find_rule(load_yaml(edited, path), rule_id)
        tests = plain(after.value["tests"][1]) if "tests" in after.value else None
    except DepescheError:
        tests = None
    if tests != [*before, wanted]:
        raise RuleError(f"cannot add a test to rule {rule_id!r} as text here; add it by hand",
                        source.at(rule))
    return edited
