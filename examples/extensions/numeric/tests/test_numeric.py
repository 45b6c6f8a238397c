"""The numeric extension: German numbers read right, [num…] parsed, compiled and run in rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from depesche_numeric import EXTENSION, Quantity
from depesche_numeric.german import read_number, read_quantities

from depesche.authoring.ruletests import run_tests
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.errors import DepescheError
from depesche.grammar import ast, parse_pattern
from depesche.rules.compiler import compile_pack
from depesche.rules.extensions import installed_extensions
from depesche.rules.loader import load_pack

RULES = Path(__file__).resolve().parents[1] / "rules"

NUMBERS = [
    ("10.000", Quantity(10_000, 10_000)),
    ("2,5", Quantity(2.5, 2.5)),
    ("1500", Quantity(1_500, 1_500)),
    ("zwölf", Quantity(12, 12)),
    ("einundzwanzig", Quantity(21, 21)),
    ("dreihundertfünfzig", Quantity(350, 350)),
    ("Zehntausend", Quantity(10_000, 10_000)),
    ("zweitausendzwölf", Quantity(2_012, 2_012)),
    ("Hunderte", Quantity(200, 999)),
    ("Zehntausende", Quantity(20_000, 99_999)),
    ("Tausenden", Quantity(2_000, 9_999)),
    ("Millionen", Quantity(2e6, 1e9 - 1)),
    ("Million", Quantity(1e6, 1e6)),
    ("eine", None),
    ("und", None),
    ("Haus", None),
    ("2.5", None),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_read_number(text: str, expected: Quantity | None) -> None:
    assert read_number(text) == expected


def test_scale_words_multiply_the_number_before_them() -> None:
    found = read_quantities(["2,5", "Millionen", "Menschen", "3", "Mio.", "Euro"])
    assert found == [Quantity(2.5e6, 2.5e6)] * 2 + [None] + [Quantity(3e6, 3e6)] * 2 + [None]


def test_parse_gives_an_extension_test_that_declares_its_feature() -> None:
    node = parse_pattern("[num>=10.000 & pos=CARD]", extensions=[EXTENSION])
    assert isinstance(node, ast.Token) and isinstance(node.test, ast.AndTest)
    test = node.test.tests[0]
    assert isinstance(test, ast.ExtensionTest)
    assert (test.kind, test.data, test.features) == ("numeric_compare", (">=", 10_000.0),
                                                      frozenset({"number"}))


COMPARISONS = [
    ("[num>=10000]", "Zehntausende", True),
    ("[num>=50000]", "Zehntausende", False),
    ("[num<10000]", "Tausende", True),
    ("[num<=12]", "zwölf", True),
    ("[num>12]", "zwölf", False),
    ("[num=2,5]", "2,5", True),
    ("[num!=3]", "Hunderte", True),
    ("[num!=300]", "Hunderte", False),
    ("[num>=0]", "Haus", False),
]


@pytest.mark.parametrize(("pattern", "word", "expected"), COMPARISONS)
def test_comparison_holds_for_every_value_a_token_may_mean(pattern: str, word: str,
                                                           expected: bool, tmp_path: Path
                                                           ) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"extensions: [numeric]\nrules:\n  - id: n\n    tag: N\n"
                    f"    pattern: '{pattern}'\n", encoding="utf-8")
    loaded, _ = load_pack([str(pack)])
    extractor = Extractor(compile_pack(loaded)[0])
    kept = extractor.run(read_document("t", word)).kept
    assert bool(kept) is expected


def test_the_pack_rule_tests_pass() -> None:
    pack, _ = load_pack([str(RULES)])
    extractor = Extractor(compile_pack(pack)[0])
    results = list(run_tests(pack, extractor))
    assert results and all(r.passed for r in results), "\n".join(
        r.render() for r in results if not r.passed)


def test_the_annotator_runs_only_for_packs_that_use_the_test(tmp_path: Path) -> None:
    pack, _ = load_pack([str(RULES)])
    assert "number" in compile_pack(pack)[0].features
    plain = tmp_path / "plain.yaml"
    plain.write_text("extensions: [numeric]\nrules:\n  - id: p\n    tag: P\n"
                     "    pattern: '[word=Menschen]'\n", encoding="utf-8")
    pack, _ = load_pack([str(plain)])
    assert "number" not in compile_pack(pack)[0].features


def test_installed_as_an_entry_point() -> None:
    assert installed_extensions()["numeric"] == "depesche_numeric:EXTENSION"


def test_num_is_reserved_inside_brackets() -> None:
    with pytest.raises(DepescheError):
        parse_pattern("[num]", extensions=[EXTENSION])


def test_the_feature_is_an_attribute_plain_tests_may_read(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text("extensions: [numeric]\nrules:\n  - id: n\n    tag: N\n"
                    "    pattern: '[number=2.5]'\n", encoding="utf-8")
    loaded, _ = load_pack([str(pack)])
    extractor = Extractor(compile_pack(loaded)[0])
    assert not extractor.run(read_document("t", "Es waren 2,5 Millionen.")).kept
    assert extractor.run(read_document("t", "Es waren 2,5 Prozent.")).kept
