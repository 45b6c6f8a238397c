"""The semantics of every pattern construct, pinned by a table of (pattern, text, matches).

Each case lists the matches ``find`` yields in the first sentence, as the matched words
joined by spaces, with captures as ``name=words``.
"""

from __future__ import annotations

import pytest

from depesche.engine.matcher import MatchContext, compile_pattern
from depesche.grammar import parse_pattern

from conftest import make_doc

TEXT = "Putin droht den USA mit schweren Konsequenzen und warnt die Nato ."
LEMMAS = {"droht": "drohen", "warnt": "warnen", "schweren": "schwer", "Konsequenzen": "Konsequenz"}
MENTIONS = {"ACTOR": ["Putin", "den USA", "die Nato"]}


def words(doc, start: int, end: int) -> str:
    return " ".join(t.text for t in doc.tokens[start:end])


def render(doc, match) -> str:
    text = words(doc, match.start, match.end)
    caps = [f"{name}={words(doc, s.start, s.end)}" for name, s in match.captures.items()]
    return " | ".join([text, *caps])


CASES = [
    # token tests
    ("word", '"droht"', ["droht"]),
    ("word in brackets", "[word=droht]", ["droht"]),
    ("word case-insensitive", '"DROHT"i', ["droht"]),
    ("word case-sensitive misses", '"DROHT"', []),
    ("bare value is a word test", "[Putin]", ["Putin"]),
    ("lemma", "[lemma=drohen]", ["droht"]),
    ("lemma set", "[lemma={drohen, warnen}]", ["droht", "warnt"]),
    ("lower", "[lower=putin]", ["Putin"]),
    ("regex is whole-value", "[word=/dro/]", []),
    ("regex whole", "[word=/dro.*/]", ["droht"]),
    ("regex ignore case", "[word=/PUTIN/i]", ["Putin"]),
    ("not equal", "[word!=den & lemma=/.*en/]", ["droht", "warnt"]),
    ("and", "[lemma=/.*en/ & word=/w.*/]", ["warnt"]),
    ("or", '[word=Putin | word=Nato]', ["Putin", "Nato"]),
    ("not", "[!word=/[a-z].*/ & !word=\".\"]", ["Putin", "USA", "Konsequenzen", "Nato"]),
    ("class test", "[@ACTOR & word=/[A-Z].*/]", ["Putin", "USA", "Nato"]),
    ("wildcard", '"mit" []', ["mit schweren"]),
    # sequences and quantifiers
    ("sequence", '"droht" "den"', ["droht den"]),
    ("optional present", '"mit" "schweren"? "Konsequenzen"', ["mit schweren Konsequenzen"]),
    ("optional absent", '"mit" "leichten"? "schweren"', ["mit schweren"]),
    ("star greedy", '"droht" []* "und"', ["droht den USA mit schweren Konsequenzen und"]),
    ("plus greedy takes most", '"den" []+',
     ["den USA mit schweren Konsequenzen und warnt die Nato ."]),
    ("plus lazy takes least", '"den" []+?', ["den USA"]),
    ("lazy before literal", '"den" []*? "mit"', ["den USA mit"]),
    ("range", '"den" []{2,3}', ["den USA mit schweren"]),
    ("range lazy", '"den" []{2,3}?', ["den USA mit"]),
    ("exact count", '"den" []{1}', ["den USA"]),
    ("open range", '"Konsequenzen" []{2,}', ["Konsequenzen und warnt die Nato ."]),
    ("group alternation", '("droht" | "warnt") [@ACTOR]', ["droht den", "warnt die"]),
    ("alternation leftmost-first", '("den" | "den" "USA")', ["den"]),
    ("top-level alternation", '"Putin" | "Nato"', ["Putin", "Nato"]),
    ("group repeat", '("mit" | "schweren")+', ["mit schweren"]),
    # gaps
    ("gap within bound", '"droht" ~{0,4} "schweren"', ["droht den USA mit schweren"]),
    ("gap too short", '"droht" ~{0,2} "schweren"', []),
    ("gap minimum", '"den" ~{2,4} "Konsequenzen"', ["den USA mit schweren Konsequenzen"]),
    # mentions
    ("mention consumes span", '"droht" @ACTOR "mit"', ["droht den USA mit"]),
    ("mention at start", "@ACTOR [lemma=drohen]", ["Putin droht"]),
    # captures
    ("capture", "(?<who> @ACTOR) [lemma=drohen] (?<whom> @ACTOR)",
     ["Putin droht den USA | who=Putin | whom=den USA"]),
    ("short capture", "who:@ACTOR [lemma=drohen]", ["Putin droht | who=Putin"]),
    ("nested capture", '(?<all> "mit" (?<adj> []) "Konsequenzen")',
     ["mit schweren Konsequenzen | all=mit schweren Konsequenzen | adj=schweren"]),
    ("capture in repeat keeps last", '(?<w> "mit" | "schweren")+',
     ["mit schweren | w=schweren"]),
    ("optional capture absent", '"droht" (?<x> "nie")? "den"', ["droht den"]),
    # anchors and lookaround
    ("sentence start", "^ []", ["Putin"]),
    ("sentence end", "[] $", ["."]),
    ("lookahead", '[] (?= "mit")', ["USA"]),
    ("negative lookahead", "[@ACTOR] (?! [@ACTOR])", ["Putin", "USA", "Nato"]),
    ("lookahead is zero-width", '"droht" (?= "den") "den"', ["droht den"]),
    # comments in multi-line patterns
    ("comments", '"droht"   # the verb\n  "den"   # then an article', ["droht den"]),
    # no blow-up on ambiguous nested repeats
    ("ambiguous repeat", '([] | [])* "Nato" "nie"', []),
    ("nested unbounded", '([]+)+ "nie"', []),
]


@pytest.mark.parametrize(("name", "pattern", "expected"), CASES, ids=[c[0] for c in CASES])
def test_pattern_semantics(name: str, pattern: str, expected: list[str]) -> None:
    doc = make_doc(TEXT, MENTIONS, LEMMAS)
    compiled = compile_pattern(parse_pattern(pattern))
    ctx = MatchContext(doc, doc.sentences[0])
    assert [render(doc, m) for m in compiled.find(ctx)] == expected


def test_long_sentence_with_ambiguous_pattern_stays_fast_enough() -> None:
    # A pattern that backtracks exponentially in a naive engine; the visited set makes it linear.
    doc = make_doc(" ".join(["a"] * 300) + " .")
    compiled = compile_pattern(parse_pattern('(["a"] | ["a"] | [])* "b"'))
    ctx = MatchContext(doc, doc.sentences[0])
    assert list(compiled.find(ctx)) == []
