"""The compiled scanner (``_tokenizer``) cuts text exactly as the regular expression did.

The reference is the tokenizer's scan as it was before it was compiled (one regular
expression, ``finditer``, and the loop over its matches), kept here frozen: tokens, their
offsets and the full stops must be the same on every article of the shared corpus and on
generated text, NUL, non-BMP letters, lone surrogates and huge inputs included.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from depesche.engine.document import Token
from depesche.engine.tokenizer import (
    _ATTRIBUTIVE,
    _HYPHEN_CLASS,
    ABBREVIATIONS,
    FINAL_ABBREVIATIONS,
    MONTHS,
    ORDINAL_CONTEXT,
    _ends_sentence_after,
    _next_word,
    scan,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "10kgnad-test.csv"

REFERENCE_TOKEN = re.compile(
    rf"""
    (?P<url>(?:https?://|www\.)[^\s]+?(?=[.,;:!?)\]]*(?:\s|$)))
  | (?P<ordinal>(?<![\w.,])(?:\d{{1,3}}|[IVX]{{1,4}})\.(?=\s))
  | (?P<number>\d+(?:[.,:]\d+)+\w*(?:[{_HYPHEN_CLASS}]\w+)*)
  | (?P<dotted>(?<!\w)(?:[^\W\d_]\.){{2,}})
  | (?P<abbr>(?<!\w)(?:{"|".join(sorted(ABBREVIATIONS, key=len, reverse=True))}|[A-ZÄÖÜ])\.
      (?=[\s,;:)]))
  | (?P<word>\w+(?:['’]\w+|[{_HYPHEN_CLASS}]\w+)*(?:[{_HYPHEN_CLASS}](?=[\s,]))?)
  | (?P<ellipsis>\.{{3}}|…)
  | (?P<terminal>[!?]+|\.)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)


def _ordinal_ends_sentence(text: str, match: re.Match[str], previous: str) -> bool:
    """Whether the period of ``10.`` or ``II.`` is a full stop rather than an ordinal's."""
    numeral = match.group("ordinal")[:-1]
    first, word, _ = _next_word(text, match.end())
    if first.islower() or first.isdigit() or word in MONTHS:
        return False
    if _ends_sentence_after(text, match.end()):
        return True
    if numeral.isdigit():
        return not (
            previous.lower() in ORDINAL_CONTEXT
            or previous.endswith(".")
            or previous == "("
            or _ATTRIBUTIVE.fullmatch(previous) is not None
        )
    # Roman numerals are regnal ordinals after a name ("Abdullah II."), else a letter.
    return not previous[:1].isupper()


def reference_scan(text: str, start: int = 0) -> tuple[list[Token], set[int]]:
    """The tokenizer's scan as it was before it was compiled: one regular expression."""
    tokens: list[Token] = []
    stops: set[int] = set()
    previous = ""
    for match in REFERENCE_TOKEN.finditer(text, start):
        kind = match.lastgroup
        begin, end = match.span()
        word = text[begin:end]
        if kind == "word" or kind == "other":  # the common case first
            pass
        elif kind == "ordinal" and _ordinal_ends_sentence(text, match, previous):
            if word[:-1].isdigit():
                tokens.append(Token(word[:-1], begin, end - 1, len(tokens)))
                stops.add(len(tokens))
                tokens.append(Token(".", end - 1, end, len(tokens)))
                previous = "."
                continue
            stops.add(len(tokens))
        elif kind == "abbr" or kind == "dotted":
            stem = word.split(".")[0]
            can_end = kind == "dotted" or stem in FINAL_ABBREVIATIONS or len(stem) == 1
            if can_end and _ends_sentence_after(text, end):
                stops.add(len(tokens))
        elif kind == "terminal" or kind == "ellipsis":
            stops.add(len(tokens))
        previous = word
        tokens.append(Token(word, begin, end, len(tokens)))
    return tokens, stops


def spans(result: tuple[list[Token], set[int]]) -> tuple[list[tuple[str, int, int, int]], set[int]]:
    tokens, stops = result
    return [(t.text, t.start, t.end, t.i) for t in tokens], stops


def assert_scan_is_the_reference(text: str, start: int = 0) -> None:
    assert spans(scan(text, start)) == spans(reference_scan(text, start))


CASES = [
    "", " ", "\n\n", "a", ".", "...", "....", "…", "!?!", "?", "-", "–",
    "Am 10. Januar 2022 sagte z.B. Dr. Merkel: „Nein.“",
    "Abdullah II. Die Kinder. König Karl V. sagte", "im 20. Jahrhundert. Die", "seit 1990. Zudem",
    "www.example.org, https://x.de/a?b=1). http://", "www. und www.", "https:// x",
    "10.000 3,5 10:30 10.01.2022 1,5-fach 12.3a-b- 1.", "1. 12. 123. 1234. I. IV. IIII. XXXXX.",
    "Parlaments- und Präsidentenwahlen, US-Präsident, geht's, Rock’n’Roll, a-",
    "u.a. z. B. bzw. Nr. 5, usw. Die", "U.S.A. A. B. Ä. Ö. ü. ß.", "_a_ __ a_b 2_3",
    "x\x00y \x00. 😀 𝔄𝔅. 𝟙𝟚. ²³. ½. ١٢٣. ١٢.٣ \ud800 a\udfffb",
    "St. Std. Str. Prof. Dr.-Ing. a.D. Co. Ltd. etc. Jh. Chr.",
    "www.a.de.", "(10.)", "10.\tDie", "10.\u00a0Januar", "Dr.)", "Dr.;", "A.,",
]


@pytest.mark.parametrize("text", CASES)
def test_the_scan_is_the_reference(text: str) -> None:
    assert_scan_is_the_reference(text)


@pytest.mark.parametrize("start", [0, 1, 3, 7, 100])
def test_a_scan_from_an_offset_sees_the_text_before_it(start: int) -> None:
    """Look-behinds read the text before the start, as ``finditer(text, start)`` does."""
    assert_scan_is_the_reference("ab 10. Jan, x.y.z. Dr. 3,5", start)


def test_every_article_of_the_corpus_is_scanned_as_before() -> None:
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not available ({CORPUS})")
    csv.field_size_limit(1 << 30)
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        texts = [text for _label, text in csv.reader(handle, delimiter=";", quotechar="'")]
    assert len(texts) > 1000
    for text in texts:
        assert_scan_is_the_reference(text)


# Letters, digits, the punctuation the grammar looks at, spaces, and anything else.
TRICKY = st.one_of(
    st.sampled_from(list("aAzZäÄß0123456789IVXhtpsw:/.,;:!?)]('’\"-‐‑–…_ \n\t\x00😀𝔄𝟙²½١")),
    st.sampled_from(sorted(ABBREVIATIONS | {"http://", "https://", "www."})),
    st.characters(),
)
FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.lists(TRICKY, max_size=40).map("".join), st.integers(min_value=0, max_value=5))
def test_any_text_is_scanned_as_before(text: str, start: int) -> None:
    assert_scan_is_the_reference(text, start)


@pytest.mark.parametrize("text", [
    "x" * 1_000_000,
    "www." + "a" * 500_000 + "." * 500_000,
    "1." * 300_000,
    "z.B. " * 100_000,
    "\x00\ud800😀 " * 100_000,
])
def test_huge_texts_are_scanned_as_before(text: str) -> None:
    assert_scan_is_the_reference(text)


@pytest.mark.parametrize(("call", "error"), [
    (lambda: scan(None), TypeError),  # type: ignore[arg-type]
    (lambda: scan(b"abc"), TypeError),  # type: ignore[arg-type]
])
def test_wrong_arguments_are_python_errors(call: Callable[[], object],
                                           error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


def test_a_negative_start_scans_from_the_beginning() -> None:
    assert spans(scan("a b", -5)) == spans(scan("a b", 0))
