"""Token regexes: RE2 in linear time, with the Unicode meaning Python's ``re`` gives them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from depesche.engine.document import Token
from depesche.engine.matcher import compile_test
from depesche.errors import PatternSyntaxError
from depesche.grammar import regex as regex_module
from depesche.grammar.parser import parse_pattern
from depesche.grammar.regex import RegexError, TokenRegex, compile_token_regex, to_re2

# (regex, case-insensitive, value): depesche must agree with Python's re on each
AGREEMENT_CASES = [
    (r"\w+ung", False, "Prüfung"),
    (r"\w+", False, "Außenministerin"),
    (r"\W", False, "ß"),
    (r"\W", False, "-"),
    (r"\d+", False, "١٢٣"),  # Arabic-Indic digits are \d in Python
    (r"\D", False, "x"),
    (r"\s", False, "\u00a0"),
    (r"\S+", False, "Zölle"),
    (r"[\w-]+", False, "Nord-Süd"),
    (r"[^\d]+", False, "Jahr"),
    (r"[]a]+", False, "]a]"),
    (r"[^]a]", False, "b"),
    (r"dro.*", False, "drohen"),
    (r"dro.*", True, "DROHEN"),
    (r"ärger", True, "ÄRGER"),
    (r"[A-ZÄÖÜ][a-zäöüß]+", False, "Äußerung"),
    (r".*(Diplomat|Botschafter).*", False, "Botschafterin"),
    (r"(Gefechts|Boden)?Kämpfe(n)?", False, "Bodenkämpfen"),
    (r"a{,2}b", False, "aab"),
    (r"\u00e4", False, "ä"),
    (r"x\Z", False, "x"),
    (r"V.FIN", False, "VVFIN"),
]


@pytest.mark.parametrize(("source", "ignore_case", "value"), AGREEMENT_CASES)
def test_token_regexes_mean_what_python_means(source: str, ignore_case: bool,
                                              value: str) -> None:
    expected = re.fullmatch(source, value, re.IGNORECASE if ignore_case else 0) is not None
    assert (compile_token_regex(source, ignore_case).fullmatch(value) is not None) == expected


# Lone surrogates (half of a UTF-16 pair: text decoded with ``surrogateescape``, or made in
# code) have no UTF-8, which RE2 reads: its binding raised UnicodeEncodeError on them, so a
# document holding one failed in the first rule with a token regex.
@pytest.mark.parametrize(("source", "value"), [
    ("[^a]+", "\ud800"), ("a.", "a\udc80"), (r"\w+", "x\ud800"), (".*", "\udfff\x00"),
    ("[^a]+", "b\ud83d"), ("..", "\ud83d\ude00"),
])
def test_lone_surrogates_match_as_python_matches_them(source: str, value: str) -> None:
    expected = re.fullmatch(source, value) is not None
    assert (compile_token_regex(source).fullmatch(value) is not None) == expected


ATOMS = st.sampled_from(["a", "b", "ä", ".", r"\w", r"\d", r"\s", r"\W", "[ab]", "[^a]",
                         "[äb-d]", r"[\w]", "(a|b)", "(a|ab)", "(x?)"])
QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{1,2}", "*?"])
REGEXES = st.lists(st.tuples(ATOMS, QUANTIFIERS), min_size=1, max_size=5).map(
    lambda parts: "".join(atom + quantifier for atom, quantifier in parts))
VALUES = st.text(st.sampled_from(list("abäx1 _-ß٣")), max_size=8)


@settings(max_examples=300, deadline=None)
@given(REGEXES, st.booleans(), VALUES)
def test_random_regexes_agree_with_python(source: str, ignore_case: bool, value: str) -> None:
    expected = re.fullmatch(source, value, re.IGNORECASE if ignore_case else 0) is not None
    assert (compile_token_regex(source, ignore_case).fullmatch(value) is not None) == expected


# (regex, the start of the error) for regexes no linear-time engine can run
REFUSED = [
    (r"(?=a)a", "invalid perl operator: (?=: lookarounds and backreferences"),
    (r"(a)\1", "invalid escape sequence: \\1: lookarounds and backreferences"),
    (r"\bab", "\\b (a word boundary) has no Unicode form"),
    (r"[\W]", "\\W inside [...] is not supported"),
    (r"(", "missing ), unterminated subpattern"),
    # Python reads a set "[:alph" and a "]" and warns; RE2 read a POSIX class of letters,
    # so /[[:alpha:]]+/ matched "abc" here, which Python does not (found by the hostile-pack
    # run of test_corpus_robustness.py)
    (r"[[:alpha:]]+", "possible nested set at position 1: inside [...] a '['"),
    (r"[a-z--b]", "possible set difference at position 4"),
]


@pytest.mark.parametrize(("source", "message"), REFUSED)
def test_regexes_that_cannot_run_in_linear_time_are_refused(source: str, message: str) -> None:
    with pytest.raises(RegexError) as caught:
        compile_token_regex(source)
    assert str(caught.value).startswith(message)
    with pytest.raises(PatternSyntaxError) as located:
        parse_pattern(f"[word=x] [lemma=/{source}/]", path="rules.yaml")
    assert located.value.render().startswith("rules.yaml:1:17: bad regular expression")


def test_translation_keeps_escapes_it_does_not_know() -> None:
    assert to_re2(r"\.\-\t[\w.]") == r"\.\-\t[\p{L}\p{N}_.]"


CATASTROPHIC = {
    "nested quantifier": (r"(a+)+$", "a" * 34 + "b"),
    "ambiguous alternation": (r"(x|x)*y", "x" * 40),
    "overlapping repeats": (r"\w*\w*\w*\w*z", "a" * 3000),
}


@pytest.mark.parametrize("name", list(CATASTROPHIC))
def test_catastrophic_regexes_run_in_linear_time(tmp_path: Path, name: str) -> None:
    """``/(a+)+$/`` on 34 "a" and a "b" used to run for hours; a subprocess with a deadline."""
    source, token = CATASTROPHIC[name]
    pack = tmp_path / "pack.yaml"
    pack.write_text(f"rules:\n  - id: r\n    tag: R\n    pattern: '[word=/{source}/]'\n",
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "depesche", "extract", "-", "--rules",
                          str(pack)], input=f"Das {token} ist da.", capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip().endswith("1 document: 1 extracted, 0 failed, 0 skipped")


# A compiled token test looks each value up in its regex's answers so far (``known``) and
# matches only a value it has not seen, with RE2's own object over the UTF-8 bytes: its
# answers, the first time and from ``known`` again, are Python's, NUL, letters outside the
# BMP and lone surrogates (matched as U+FFFD) included.
TOKEN_TEXTS = st.text(st.sampled_from([*"abäx1 _-ß٣", "\x00", "\U0001d400", "😀", "\ud800"]),
                      max_size=8)


@settings(max_examples=300, deadline=None)
@given(REGEXES, st.booleans(), st.lists(TOKEN_TEXTS, min_size=1, max_size=6))
def test_token_tests_answer_from_known_values_as_python_does(
        source: str, ignore_case: bool, values: list[str]) -> None:
    element = parse_pattern(f"[word=/{source}/{'i' if ignore_case else ''}]")
    test = compile_test(element.test)  # type: ignore[attr-defined]
    regex = compile_token_regex(source, ignore_case)
    flags = re.IGNORECASE if ignore_case else 0
    for value in values * 2:
        expected = re.fullmatch(source, value, flags) is not None
        assert bool(test(Token(value, 0, len(value)))) == expected, value
        assert regex.known[value] == expected


def test_the_known_answers_of_a_regex_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regex_module, "MEMO_SIZE", 3)
    regex = TokenRegex("a.*")
    answers = [regex.matches(value) for value in ["ab", "b", "ac", "x", "a"]]
    assert answers == [True, False, True, False, True]
    assert len(regex.known) <= 3
    assert regex.fullmatch("ab") is True and regex.fullmatch("b") is None
