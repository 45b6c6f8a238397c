"""Known bad patterns and the friendly, located message each must get (parser.ERROR_EXAMPLES
and the bracket scan): (pattern, line, column, message)."""

from __future__ import annotations

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.morph import VERB_FORMS
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.errors import PatternError, PatternSyntaxError
from depesche.grammar import passes
from depesche.grammar.parser import parse_pattern

from conftest import ROOT

CASES = [
    # brackets never closed are reported at the opener, not where the parser stumbles
    ("[lemma=drohen", 1, 1, "unclosed token test: missing ']'"),
    ("[lemma=drohen\n(?! [lemma=nicht])\n$say", 1, 1, "unclosed token test: missing ']'"),
    ("@ACTOR [lemma=drohen\n[lemma=mit]", 1, 8, "unclosed token test: missing ']'"),
    ("(?<a> [lemma=x]", 1, 1, "unclosed group: missing ')'"),
    ("([lemma=x]", 1, 1, "unclosed group: missing ')'"),
    ("( [a=b", 1, 3, "unclosed token test: missing ']'"),
    ("[a=b )", 1, 1, "unclosed token test: missing ']'"),
    ("[lemma=x]{2,", 1, 10, "unclosed repetition: missing '}'"),
    ("[lemma=x] ]", 1, 11, "unmatched ']'"),
    ("[lemma=x])", 1, 10, "unmatched ')'"),
    # brackets inside strings, regexes and comments are not brackets
    ('[word="]"', 1, 1, "unclosed token test: missing ']'"),
    ('[word="[" ] # ( ]\n [a=b', 2, 2, "unclosed token test: missing ']'"),
    # the other known mistakes
    ("[lemma=]", 1, 8, "unexpected ']': missing value after '='"),
    ("[=x]", 1, 2, "unexpected '=': missing attribute name before '='"),
    ("[a=x] **", 1, 8, "unexpected '*': a quantifier needs something before it to repeat"),
    ("* [a=x]", 1, 1, "unexpected '*': a quantifier needs something before it to repeat"),
    ("@actor", 1, 2, "unexpected 'actor': labels are upper case: @ACTOR"),
    ("drohen", 1, 7, "pattern ends too early: bare words are not patterns"),
]


@pytest.mark.parametrize(("pattern", "line", "column", "message"), CASES,
                         ids=[c[0].replace("\n", "⏎") for c in CASES])
def test_bad_pattern_gets_a_friendly_located_message(pattern: str, line: int, column: int,
                                                     message: str) -> None:
    with pytest.raises(PatternSyntaxError) as caught:
        parse_pattern(pattern)
    error = caught.value
    assert error.message.startswith(message)
    assert (error.location.line, error.location.column) == (line, column)


def test_regex_with_brackets_is_not_a_bracket_error() -> None:
    parse_pattern("[word=/[a-z]+\\]/] (?<x> [lemma=/x(y)?/])")


# (pattern, message start, hint): morphology tests that could never match are errors
MORPH_CASES = [
    ("[morph.Mod=Sub1]", "unknown morph feature 'Mod'", "did you mean Mood?"),
    ("[morph.Mood=Sub]", "morph.Mood is never 'Sub'", "did you mean Sub1 or Sub2?"),
    ("[morph.Mood=sub1]", "morph.Mood is never 'sub1'", "did you mean Sub1"),
    ("[morph.Mood={Sub1, Sub3}]", "morph.Mood is never 'Sub3'", "did you mean Sub1 or Sub2"),
    ("[morph.Mood!=Sub]", "morph.Mood is never 'Sub'", "did you mean Sub1"),
    ("[morph.Mood=/Sob./]", "morph.Mood is never /Sob./", None),
    ("[morph.verbform=Fin]", "unknown morph feature 'verbform'", "did you mean VerbForm?"),
    ("[morph=Sub1]", "morph takes one feature", None),
    ("[morph.Mood=/Sub./]", None, None),
    ('[morph.Mood="sub1"i & morph.VerbForm=Fin]', None, None),
    ("[morph.Evidential!=Hearsay]", None, None),
]


@pytest.mark.parametrize(("pattern", "message", "hint"), MORPH_CASES,
                         ids=[c[0] for c in MORPH_CASES])
def test_misspelt_morphology_is_an_error(pattern: str, message: str | None,
                                         hint: str | None) -> None:
    node = parse_pattern(pattern)
    if message is None:
        passes.check_attributes(node)
        return
    with pytest.raises(PatternError) as caught:
        passes.check_attributes(node)
    assert caught.value.message.startswith(message)
    assert (caught.value.hint or "").startswith(hint or "")
    assert (caught.value.location.line, caught.value.location.column) == (1, 2)


def test_morph_values_are_what_the_annotator_sets() -> None:
    text = (ROOT / "examples" / "biden-putin-2021-12.txt").read_text(encoding="utf-8")
    doc = tokenize(read_document("example", text + " Er sagte, das sei falsch und wäre "
                                 "teuer. Geh! Er soll es gesagt haben."))
    annotate(doc, ("morph",), AnnotationContext())
    seen = {(feature, value) for token in doc.tokens for feature, value in token.morph.items()}
    assert {v for f, v in seen if f == "Mood"} == {"Ind", "Sub1", "Sub2", "Imp"}
    assert set(VERB_FORMS.values()) <= set(passes.MORPH_VALUES["VerbForm"])
    assert {f for f, _ in seen} <= set(passes.MORPH_VALUES)
    assert all(v in passes.MORPH_VALUES[f] for f, v in seen)
