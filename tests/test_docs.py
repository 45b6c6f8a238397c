"""Docs snippets run as tests: every ```pattern block in docs/ must parse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from depesche.grammar import ast, parse_pattern
from depesche.grammar.passes import resolve_macros

DOCS = Path(__file__).resolve().parents[1] / "docs"
BLOCK = re.compile(r"```pattern\n(.*?)```", re.DOTALL)
MACROS = {"say": parse_pattern("[lemma={sagen, erklären, betonen, mitteilen}]")}


def pattern_blocks() -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.glob("*.md")):
        for number, block in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")), 1):
            found.append((f"{page.name}#{number}", block))
    return found


@pytest.mark.parametrize(("where", "pattern"), pattern_blocks(), ids=lambda v: v[:40])
def test_docs_pattern_parses(where: str, pattern: str) -> None:
    node = resolve_macros(parse_pattern(pattern), MACROS)
    assert isinstance(node, ast.Sequence | ast.Alternation | ast.Token | ast.Repeat
                      | ast.Capture | ast.MentionRef | ast.Gap | ast.ClauseFrame)
