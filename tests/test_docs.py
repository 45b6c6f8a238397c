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


# ---------------------------------------------------------------- what the pages promise

def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def fenced(name: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", page(name), re.DOTALL)


def test_facts_page_lists_the_17_types_with_german_cues() -> None:
    from depesche.engine.ruleset import FACT_TYPES

    section = page("facts.md").split("## The seventeen types", 1)[1]
    rows = re.findall(r"^\| ([A-Z]+) \| (.+?) \| (.+?) \|$", section, re.MULTILINE)
    assert [type_ for type_, _, _ in rows] == sorted(FACT_TYPES, key=[r[0] for r in rows].index)
    assert {type_ for type_, _, _ in rows} == set(FACT_TYPES)
    for type_, meaning, cues in rows:
        assert len(meaning) > 20 and re.search(r"[a-zäöüß]{4}", cues), type_


def test_lexicon_examples_in_the_docs_load() -> None:
    from depesche.rules.lexicons import lexicon_from_yaml
    from depesche.rules.yamlsource import load_yaml

    examples = [b for name in ("rules.md", "authoring.md") for b in fenced(name, "yaml")
                if b.lstrip().startswith("lexicon:")]
    assert examples
    for text in examples:
        lexicon = lexicon_from_yaml(load_yaml(text, "docs.yaml"))
        assert lexicon.entries and lexicon.label.isupper()


def test_a_pack_anywhere_uses_the_shipped_lexicons_as_the_docs_show(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from depesche.engine.reader import read_document
    from depesche.rules.cache import compiled_pack

    [example] = [b for b in fenced("rules.md", "yaml") if "shipped:lexicons" in b]
    (tmp_path / "my-pack").mkdir()
    (tmp_path / "my-pack" / "threats.yaml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DEPESCHE_ALLOW_INCLUDE_OUTSIDE", raising=False)
    _, extractor = compiled_pack(["my-pack"])
    [fact] = extractor.extract(read_document("t", "Russland droht der Ukraine."))
    assert (fact.type, fact.to_json()["actor"][0]["code"],
            fact.to_json()["recipient"][0]["code"]) == ("THREATEN", "RUS", "UKR")


def test_alternatives_share_a_capture_as_the_language_page_says() -> None:
    from depesche.testing import find

    [pattern] = [b.strip() for b in fenced("language.md", "pattern") if "(?<who>" in b
                 and "|" in b]
    found = find(pattern, "Russland droht mit Sanktionen. Dann droht Russland mit Zöllen.")
    assert [(f.captures["who"], f.captures["what"]) for f in found] == [
        ("Russland", "Sanktionen"), ("Russland", "Zöllen")]


@pytest.mark.parametrize(("pattern", "column"), [
    ("(?<a> @ACTOR) [lemma=drohen] (?<a> @ACTOR)", 43),  # at the second capture
    ("$who [lemma=drohen] $who", 14),  # a macro's capture: at the start of the pattern
])
def test_a_capture_twice_on_one_path_is_located_as_the_language_page_says(
        tmp_path: Path, pattern: str, column: int) -> None:
    from depesche.errors import DepescheError
    from depesche.rules.compiler import compile_pack
    from depesche.rules.loader import load_pack

    (tmp_path / "p.yaml").write_text(
        "macros:\n  who: (?<a> @ACTOR)\nrules:\n  - id: t\n    type: THREATEN\n"
        f"    pattern: {pattern}\n", encoding="utf-8")
    pack, _ = load_pack([str(tmp_path / "p.yaml")])
    with pytest.raises(DepescheError, match="capture 'a' is used twice in one pattern") as e:
        compile_pack(pack)
    assert (e.value.location.line, e.value.location.column) == (6, column)
