"""The semantics of every pattern construct, pinned by a table of (pattern, text, matches).

Each case lists the matches ``find`` yields in the first sentence, as the matched words
joined by spaces, with captures as ``name=words``.
"""

from __future__ import annotations

import pytest

from depesche.engine.document import Token
from depesche.engine.matcher import MatchContext, compile_pattern, compile_test
from depesche.grammar import ast, parse_pattern

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
    # a split whose preferred branch opens with an anchor, a lookahead, a mention
    ("split before an anchor", '(^ | "droht") []', ["Putin", "droht den"]),
    ("split before a lookahead", '((?= "mit") [] | "den") []', ["den USA", "mit schweren"]),
    ("split before a negative lookahead", '((?! @ACTOR) [lemma=/.*en/] | "und") []',
     ["droht den", "und warnt"]),
    ("split before a mention", '(@ACTOR | "mit") []', ["Putin droht", "den USA mit", "die Nato ."]),
    ("optional mention", "(?<x> @ACTOR)? [lemma={drohen, warnen}]",
     ["Putin droht | x=Putin", "warnt"]),
    # lazy repeats take the fewest tokens
    ("lazy optionals", '"den" []{0,3}? "schweren"', ["den USA mit schweren"]),
    ("lazy optional capture", '"droht" (?<x> []){0,2}? "USA"', ["droht den USA | x=den"]),
    ("lazy star", '"mit" []*? [lemma=Konsequenz]', ["mit schweren Konsequenzen"]),
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


# ---------------------------------------------------------------- token tests

# (test, token attributes, passes): how each attribute is read, where a value is missing
# or no string, and how the value kinds and connectives combine.
TOKEN_TESTS = [
    ("[word=Putin]", {"text": "Putin"}, True),
    ("[text=Putin]", {"text": "putin"}, False),
    ("[word!=Putin]", {"text": "Biden"}, True),
    ('"PUTIN"i', {"text": "Putin"}, True),
    ("[lower=putin]", {"text": "Putin"}, True),
    ('[lower="PUTIN"i]', {"text": "Putin"}, True),
    ("[lemma=drohen]", {"text": "droht", "lemma": "drohen"}, True),
    ("[lemma=drohen]", {"text": "drohen"}, True),
    ("[lemma!=drohen]", {"text": "drohen"}, False),
    ("[lemma=/dro.*/i]", {"text": "DROHT"}, True),
    ("[pos=NN]", {"text": "x"}, False),
    ('[pos=""]', {"text": "x"}, True),
    ('[tag="nn"i]', {"text": "x", "pos": "NN"}, True),
    ("[pos={NN, NE}]", {"text": "x", "pos": "NE"}, True),
    ("[pos={NN, NE}]", {"text": "x"}, False),
    ('[pos={NN, ""}]', {"text": "x"}, True),
    ("[morph.Mood=Sub1]", {"text": "x", "morph": {"Mood": "Sub1"}}, True),
    ("[morph.Mood=Sub1]", {"text": "x"}, False),
    ('[morph.Mood="sub1"i]', {"text": "x", "morph": {"Mood": "Sub1"}}, True),
    ("[morph.Mood!=/Sub.*/]", {"text": "x"}, True),
    ("[head=Angriff]", {"text": "x", "attrs": {"head": "Angriff"}}, True),
    ('[head="angriff"i]', {"text": "x", "attrs": {"head": 3}}, False),
    ("[head=/Angr.*/]", {"text": "x", "attrs": {"head": None}}, False),
    ("[head={Angriff, Krieg}]", {"text": "x", "attrs": {"head": "Krieg"}}, True),
    ("[head={Angriff, /Kr.*/}]", {"text": "x", "attrs": {"head": "Krieg"}}, True),
    ('[head={Angriff, "KRIEG"i}]', {"text": "x", "attrs": {"head": 1}}, False),
    ("[quote.form=direct]", {"text": "x", "attrs": {"quote": {"form": "direct"}}}, True),
    ("[quote.form=direct]", {"text": "x", "attrs": {"quote": "direct"}}, False),
    ("[value=+3]", {"text": "x", "attrs": {"value": "3"}}, True),
    ("[word=+1000]", {"text": "1.000"}, True),
    ("[word=+2.5]", {"text": "2,5"}, True),
    ("[word=+2.5]", {"text": "zwei"}, False),
    ("[word={+1, /[0-9]+/}]", {"text": "12"}, True),
    ("[@ACTOR]", {"text": "x", "classes": {"ACTOR"}}, True),
    ("[!@ACTOR]", {"text": "x", "classes": {"ACTOR"}}, False),
    ("[@ACTOR & pos=NE & !lemma=Putin]", {"text": "Biden", "pos": "NE", "classes": {"ACTOR"}},
     True),
    ("[pos=NN | pos=NE & lemma=Putin]", {"text": "Putin", "pos": "NE"}, True),
    ("[!(pos=NN | word=Putin)]", {"text": "Putin", "pos": "NE"}, False),
    ("[]", {"text": "x"}, True),
]


@pytest.mark.parametrize(("test", "attributes", "passes"), TOKEN_TESTS,
                         ids=[f"{t[0]} {t[1]}" for t in TOKEN_TESTS])
def test_token_test(test: str, attributes: dict, passes: bool) -> None:
    node = parse_pattern(test)
    assert isinstance(node, ast.Token)
    attributes = {"start": 0, "end": len(attributes["text"]), **attributes}
    assert bool(compile_test(node.test)(Token(**attributes))) is passes
