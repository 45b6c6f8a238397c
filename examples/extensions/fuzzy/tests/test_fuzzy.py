"""The fuzzy extension: edit distance, the element parsed, compiled, run, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from depesche_fuzzy import EXTENSION
from depesche_fuzzy.distance import distance, fold

from depesche.authoring.ruletests import run_tests
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.errors import DepescheError
from depesche.grammar import ast, parse_pattern
from depesche.rules.compiler import compile_pack
from depesche.rules.extensions import installed_extensions
from depesche.rules.loader import load_pack

RULES = Path(__file__).resolve().parents[1] / "rules"

DISTANCES = [
    ("charkiw", "charkow", 1),
    ("charkiw", "kharkiv", 2),
    ("lawrow", "lavrov", 2),
    ("ab", "ba", 1),  # a swap is one edit
    ("selenskyj", "selenski", 2),
    ("kiew", "charkiw", 4),  # above the limit of 3: reported as limit + 1
]


@pytest.mark.parametrize(("a", "b", "expected"), DISTANCES)
def test_distance(a: str, b: str, expected: int) -> None:
    assert distance(a, b, 3) == expected


def test_fold_drops_case_diacritics_and_hyphens() -> None:
    assert fold("Erdoğan") == "erdogan"
    assert fold("al-Assad") == "al assad"
    assert fold("Großbritannien") == "grossbritannien"


def run(pattern: str, text: str, tmp_path: Path) -> list[str]:
    """The texts a one-rule pack with ``pattern`` tags in ``text``."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extensions: [fuzzy]\nrules:\n  - id: f\n    tag: F\n"
                    f"    pattern: '{pattern}'\n", encoding="utf-8")
    loaded, _ = load_pack([str(pack)])
    extraction = Extractor(compile_pack(loaded)[0]).run(read_document("t", text))
    doc = extraction.doc
    return [doc.text[doc.tokens[k.match.start].start:doc.tokens[k.match.end - 1].end]
            for k in extraction.kept]


MATCHES = [
    ('fuzzy("Charkiw", 2)', "Angriffe auf Charkow und Kharkiv .", ["Charkow", "Kharkiv"]),
    ('fuzzy("Charkiw", 0)', "Angriffe auf Charkow und Charkiw .", ["Charkiw"]),
    ('fuzzy("Recep Erdogan")', "Präsident Recep Erdoğan sagte", ["Recep Erdoğan"]),
    ('fuzzy("Assad")', "Machthaber al-Assad und Assad", ["Assad"]),
    ('"auf" fuzzy("Charkiw", 2) "und"', "Angriffe auf Charkow und Kiew", ["auf Charkow und"]),
    ('fuzzy("Charkiw", 2)', "In Kiew blieb es ruhig", []),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), MATCHES)
def test_matches(pattern: str, text: str, expected: list[str], tmp_path: Path) -> None:
    assert run(pattern, text, tmp_path) == expected


def test_parse_gives_an_extension_element() -> None:
    node = parse_pattern('(?<city> fuzzy("Kharkiv", 2))', extensions=[EXTENSION])
    assert isinstance(node, ast.Capture) and isinstance(node.item, ast.ExtensionElement)
    assert (node.item.kind, node.item.data) == ("fuzzy_match", ("kharkiv", 2))


@pytest.mark.parametrize(("pattern", "message", "column"), [
    ('[lemma=in] fuzzy("Kiew", 4)', "distance 4 would let 'kiew' match any word", 12),
    ('[lemma=in] fuzzy("")', "fuzzy() needs a name", 12),
])
def test_builder_errors_point_at_the_rule_file(pattern: str, message: str, column: int,
                                               tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text(f"extensions: [fuzzy]\nrules:\n  - id: f\n    tag: F\n"
                    f"    pattern: '{pattern}'\n", encoding="utf-8")
    loaded, _ = load_pack([str(pack)])
    with pytest.raises(DepescheError) as caught:
        compile_pack(loaded)
    assert message in caught.value.message
    where = caught.value.location
    assert where is not None and (where.path, where.line, where.column) == (
        str(pack), 5, len("    pattern: '") + column)


def test_the_pack_rule_tests_pass() -> None:
    pack, _ = load_pack([str(RULES)])
    extractor = Extractor(compile_pack(pack)[0])
    results = list(run_tests(pack, extractor))
    assert results and all(r.passed for r in results), "\n".join(
        r.render() for r in results if not r.passed)


def test_installed_as_an_entry_point() -> None:
    assert installed_extensions()["fuzzy"] == "depesche_fuzzy:EXTENSION"
