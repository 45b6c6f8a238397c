"""The compiled machine (``_machine``) matches exactly as the Python loop did.

The reference is the matcher's loop as it was before it was compiled (``run`` over a
lowered program, its lookahead memos, and the loops of ``find`` and ``find_at`` over the
starts of a sentence), kept here frozen. It runs the very machines the compiler makes (it
reads their ``code``), so the two differ only in the loop: matches, ends and captures must
be the same for generated patterns over generated text, for every rule of the shipped pack
on every sentence of a corpus sample, and nothing may crash on empty, huge, NUL-bearing or
non-BMP text, on starts anywhere, or on malformed programs.
"""

from __future__ import annotations

import csv
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from depesche.engine import _machine, matcher
from depesche.engine._machine import Look, Machine, search
from depesche.engine.document import Sentence
from depesche.engine.matcher import (
    END,
    EXTERN,
    JUMP,
    LAZY_TOKEN,
    LOOK,
    MATCH,
    MENTION,
    NO_MENTIONS,
    SAVE,
    SPLIT,
    SPLIT_LOOK,
    SPLIT_MENTION,
    SPLIT_START,
    SPLIT_TOKEN,
    START,
    TOKEN,
    TOKENS,
    MatchContext,
    compile_pattern,
    mention_index,
)
from depesche.engine.pipeline import Extractor
from depesche.grammar import parse_pattern
from depesche.rules.loader import load_ruleset

from conftest import ROOT, make_doc

CORPUS = ROOT.parent / "shared" / "corpus" / "10kgnad-test.csv"
CORPUS_STEP = 100


# ---------------------------------------------------------------- the frozen reference


class _Scratch:
    def __init__(self) -> None:
        self.results: dict[int, bool] = {}
        self.failed: dict[int, set[int]] = {}


def _run(machine: Any, ctx: MatchContext, start: int, failed: set[int] | None = None,
         scratch: _Scratch | None = None) -> tuple[int, list[int]] | None:
    tokens, last = ctx.tokens, ctx.last
    first = machine.first
    if first is not None and (start >= last or not first(tokens[start])):
        return None
    code = machine.code
    width = len(tokens) + 1
    visited: set[int] = failed if failed is not None else set()
    slots = [-1] * machine.slots
    mentions = ctx.by_label
    stack: list[tuple[int, int]] = [(machine.entry, start + machine.entry)]
    while stack:
        pc, pos = stack.pop()
        if pc < 0:
            slots[-1 - pc] = pos
            continue
        while True:
            op, a, b, memo = code[pc]
            if memo:
                key = pc * width + pos
                if key in visited:
                    break
                visited.add(key)
            if op == SPLIT_TOKEN:
                if pos < last and a(tokens[pos]):
                    stack.append((b, pos))
                    pc, pos = pc + 1, pos + 1
                else:
                    pc = b
                continue
            if op == LAZY_TOKEN:
                if pos < last and a(tokens[pos]):
                    stack.append((pc + 1, pos + 1))
                pc = b
                continue
            if op == TOKEN:
                if pos < last and a(tokens[pos]):
                    pc, pos = pc + 1, pos + 1
                    continue
                break
            if op == SPLIT:
                stack.append((b, pos))
                pc = a
                continue
            if op == SPLIT_START:
                if pos == ctx.first:
                    stack.append((b, pos))
                    pc += 1
                else:
                    pc = b
                continue
            if op == SPLIT_LOOK:
                if scratch is None:
                    scratch = _Scratch()
                if _holds(a, ctx, pos, width, scratch) != a.negative:
                    stack.append((b, pos))
                    pc += 1
                else:
                    pc = b
                continue
            if op == SAVE:
                stack.append((-1 - a, slots[a]))
                slots[a] = pos
                pc += 1
                continue
            if op == SPLIT_MENTION:
                found = mentions.get(a, NO_MENTIONS).get(pos) if pos < last else None
                if not found:
                    pc = b
                    continue
                stack.append((b, pos))
                for mention in reversed(found[1:]):
                    stack.append((pc + 1, mention.end))
                pc, pos = pc + 1, found[0].end
                continue
            if op == JUMP:
                pc = a
                continue
            if op == MENTION:
                found = mentions.get(a, NO_MENTIONS).get(pos) if pos < last else None
                if not found:
                    break
                for mention in reversed(found[1:]):
                    stack.append((pc + 1, mention.end))
                pc, pos = pc + 1, found[0].end
                continue
            if op == TOKENS:
                if pos + b > last:
                    break
                for test in a:
                    if not test(tokens[pos]):
                        break
                    pos += 1
                else:
                    pc += 1
                    continue
                break
            if op == MATCH:
                return pos, slots
            if op == LOOK:
                if scratch is None:
                    scratch = _Scratch()
                if _holds(a, ctx, pos, width, scratch) != a.negative:
                    pc += 1
                    continue
                break
            if op == START:
                if pos == ctx.first:
                    pc += 1
                    continue
                break
            if op == END:
                if pos >= last:
                    pc += 1
                    continue
                break
            if op == matcher.CLAUSE:
                bound = a(ctx, pos) if pos < last else None
                if bound is None:
                    break
                for slot, begin, end in bound:
                    stack.append((-1 - slot, slots[slot]))
                    stack.append((-2 - slot, slots[slot + 1]))
                    slots[slot], slots[slot + 1] = begin, end
                pc, pos = pc + 1, pos + 1
                continue
            if op == EXTERN:
                ends = list(a(ctx, pos))
                if not ends:
                    break
                for end in reversed(ends[1:]):
                    stack.append((pc + 1, end))
                pc, pos = pc + 1, ends[0]
                continue
            raise AssertionError(op)
    return None


def _holds(look: Any, ctx: MatchContext, pos: int, width: int, scratch: _Scratch) -> bool:
    key = look.key * width + pos
    ok = scratch.results.get(key)
    if ok is None:
        failed = scratch.failed.setdefault(look.key, set())
        ok = _run(look.machine, ctx, pos, failed, scratch) is not None
        if ok:
            scratch.failed[look.key] = set()
        scratch.results[key] = ok
    return ok


def reference_find(pattern: Any, ctx: MatchContext, starts: list[int] | None = None
                   ) -> list[tuple[int, int, list[int]]]:
    """``(start, end, slots)`` of every match, as ``find`` (or ``find_at``) found them."""
    found = []
    failed: set[int] = set()
    scratch = _Scratch()
    if starts is None:
        pos = ctx.first
        while pos <= ctx.last:
            if pattern.first_tokens is not None and (
                    pos >= ctx.last or not any(p(ctx.tokens[pos]) for p in pattern.first_tokens)):
                pos += 1
                continue
            match = _run(pattern.machine, ctx, pos, failed, scratch)
            if match is None:
                pos += 1
                continue
            found.append((pos, *match))
            failed = set()
            pos = match[0] if match[0] > pos else pos + 1
        return found
    resume = ctx.first
    for pos in starts:
        if pos < resume:
            continue
        if pos > ctx.last:
            break
        match = _run(pattern.machine, ctx, pos, failed, scratch)
        if match is None:
            continue
        found.append((pos, *match))
        failed = set()
        resume = match[0] if match[0] > pos else pos + 1
    return found


def assert_same(pattern: Any, ctx: MatchContext) -> int:
    """Compare the compiled search with the reference over every start and every token."""
    everywhere = list(range(ctx.first, ctx.last + 1))
    expected = reference_find(pattern, ctx)
    assert search(pattern.machine, ctx, None, pattern.first_tokens) == expected
    assert search(pattern.machine, ctx, everywhere) == reference_find(pattern, ctx, everywhere)
    for start in everywhere[::3]:
        alone = _run(pattern.machine, ctx, start)
        assert _machine.match_at(pattern.machine, ctx, start) == alone
    return len(expected)


# ---------------------------------------------------------------- generated patterns

WORDS = ["a", "b", "c", "Putin", "droht", "den", "USA", "."]
MENTIONS = {"ACTOR": ["Putin", "den USA", "b c", "b"]}

atoms = st.sampled_from([
    '"a"', '"b"', '"c"', "[]", "[lemma=drohen]", '[word=/[a-c]/]', '"A"i', "@ACTOR",
    "[@ACTOR]", "^", "$", '"Putin"', "[!word=a]",
])


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    quantifiers = st.sampled_from(["?", "*", "+", "{0,2}", "{1,3}", "??", "*?", "+?",
                                   "{0,2}?", "{2,}"])
    return st.one_of(
        st.lists(children, min_size=2, max_size=4).map(" ".join),
        st.lists(children, min_size=2, max_size=3).map(lambda o: "(" + " | ".join(o) + ")"),
        st.tuples(children, quantifiers).map(lambda p: f"({p[0]}){p[1]}"),
        children.map(lambda c: f"(?<x> {c})"),
        children.map(lambda c: f"(?<y> {c})"),
        children.map(lambda c: f"(?= {c})"),
        children.map(lambda c: f"(?! {c})"),
        st.tuples(st.integers(0, 2), st.integers(0, 3)).map(
            lambda g: f"~{{{g[0]},{g[0] + g[1]}}}"),
    )


patterns = st.recursive(atoms, _combine, max_leaves=8)
texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=14).map(" ".join)


def _compiled(source: str) -> Any:
    return compile_pattern(parse_pattern(source))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(patterns, texts)
def test_generated_patterns_match_as_the_reference(source: str, text: str) -> None:
    pattern = _compiled(source)
    doc = make_doc(text, MENTIONS, {"droht": "drohen"})
    for sentence in doc.sentences or []:
        assert_same(pattern, MatchContext(doc, sentence))


@pytest.mark.parametrize("source", [
    '(["a"] | ["a"] | [])* "b"', '([]+)+ "c"', '(?= (?! "a") []) []* $',
    '(@ACTOR | "a")+ "b"', '(?<x> "a" (?<y> "b")?)* (?= "c")', '^ ~{0,5} (?! "a") [] $',
    # a lookahead asked again and again at the positions where it failed
    '"a"* (?= "a")',
])
def test_ambiguous_patterns_on_a_long_sentence(source: str) -> None:
    doc = make_doc(" ".join(["a", "b", "a", "c"] * 120), MENTIONS)
    assert_same(_compiled(source), MatchContext(doc, doc.sentences[0]))


# ---------------------------------------------------------------- the shipped pack


@pytest.fixture(scope="module")
def pack_extractor() -> Extractor:
    return Extractor(load_ruleset([str(ROOT / "rules")]))


def _corpus_sample() -> list[str]:
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not available ({CORPUS})")
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter=";", quotechar="'")
        return [text for _label, text in itertools.islice(rows, 0, None, CORPUS_STEP)]


def test_every_pack_rule_matches_as_the_reference_on_a_corpus_sample(
        pack_extractor: Extractor) -> None:
    from depesche.engine.reader import read_document

    matches = 0
    for number, text in enumerate(_corpus_sample()):
        doc = pack_extractor.prepare(read_document(str(number), text))
        mentions = mention_index(doc)
        for _stage, rules in pack_extractor.ruleset.stages():
            for rule in rules:
                for sentence in doc.sentences:
                    matches += assert_same(rule.pattern, MatchContext(doc, sentence, mentions))
    assert matches > 20  # the sample is one where the pack finds things


# ---------------------------------------------------------------- safety

odd_text = st.text(
    st.characters() | st.sampled_from(["\x00", "𝔄", "😀", "\ud800", " ", "."]),
    max_size=200)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_text, st.lists(st.integers(-10**6, 10**6), max_size=20))
def test_no_crash_on_odd_text_and_starts(text: str, starts: list[int]) -> None:
    doc = make_doc(text)
    pattern = _compiled('(?<x> []) ([]* (?= []) | $) (?! [word=/[^a-z]+/])')
    for sentence in doc.sentences:
        ctx = MatchContext(doc, sentence)
        assert_same(pattern, ctx)
        found = search(pattern.machine, ctx, sorted(starts))
        assert found == reference_find(pattern, ctx, sorted(starts))
        for start in starts:
            alone = _machine.match_at(pattern.machine, ctx, start)
            # A start outside the sentence matches nothing.
            if not sentence.first <= start <= sentence.last:
                assert alone is None


def test_empty_document_and_empty_sentence() -> None:
    doc = make_doc("")
    pattern = _compiled("[]*")
    ctx = MatchContext(doc, Sentence(0, 0, 0, 0, 0), {})
    assert search(pattern.machine, ctx) == [(0, 0, [])]
    assert search(pattern.machine, ctx, [0, 1, 5]) == [(0, 0, [])]
    assert _machine.match_at(pattern.machine, ctx, 0) == (0, [])


def test_a_sentence_outside_its_document_is_refused() -> None:
    doc = make_doc("a b")
    ctx = MatchContext(doc, Sentence(0, 0, 3, 0, 9), {})
    with pytest.raises(ValueError, match="outside a document"):
        search(_compiled('"a"').machine, ctx)


def test_huge_sentence_with_a_large_program_stays_bounded() -> None:
    # 60,000 tokens and a program of some 600 join points: too large for a bit table of
    # the sentence, so the visited states go to a hash set.
    doc = make_doc(" ".join(["a"] * 60_000))
    pattern = _compiled('("a" | "b"){0,300} ("c" | $)')
    ctx = MatchContext(doc, doc.sentences[0])
    starts = [0, 59_900]
    found = search(pattern.machine, ctx, starts)
    assert found == reference_find(pattern, ctx, starts)
    assert [match[:2] for match in found] == [(59_900, 60_000)]


@pytest.mark.parametrize(("code", "slots", "entry", "error"), [
    ((), 0, 0, "entry 0 outside"),
    (((99, None, None, False),), 0, 0, "unknown opcode"),
    (((JUMP, 5, None, False), (MATCH, None, None, False)), 0, 0, "jump to 5"),
    (((SPLIT, 0, 7, True), (MATCH, None, None, False)), 0, 0, "jump to 7"),
    (((SAVE, 2, None, False), (MATCH, None, None, False)), 2, 0, "capture slot 2"),
    (((SAVE, 0, None, False), (MATCH, None, None, False)), 3, 0, "even count"),
    (((TOKENS, (None,), 2, False), (MATCH, None, None, False)), 0, 0, "its 2 tests"),
    (((LOOK, "x", None, False), (MATCH, None, None, False)), 0, 0, "no Look"),
    (((TOKEN, None, None, False),), 0, 0, "past its end"),
])
def test_malformed_programs_are_refused(code: tuple, slots: int, entry: int, error: str
                                        ) -> None:
    with pytest.raises(ValueError, match=error):
        Machine(code, slots, None, entry)


def test_machines_pickle_with_their_lookaheads() -> None:
    # As the pack cache stores them, token tests as the tests they were compiled from.
    import io
    import pickle

    from depesche.rules.cache import _Pickler

    pattern = _compiled('"a" (?= "b" (?! "c")) []')
    buffer = io.BytesIO()
    _Pickler(buffer).dump(pattern.machine)
    again = pickle.loads(buffer.getvalue())
    assert isinstance(again, Machine)
    assert [op for op, *_ in again.code] == [op for op, *_ in pattern.machine.code]
    looks = [a for op, a, _b, _m in again.code if op in (LOOK, SPLIT_LOOK)]
    assert looks and all(isinstance(look, Look) for look in looks)
    doc = make_doc("a b d a b c")
    ctx = MatchContext(doc, doc.sentences[0])
    assert search(again, ctx) == search(pattern.machine, ctx) == [(0, 2, [])]


def test_opcodes_are_numbered_alike_in_compiler_and_machine() -> None:
    assert {name: getattr(matcher, name) for name in _machine.OPCODES} == _machine.OPCODES


def test_an_error_in_a_token_test_propagates() -> None:
    def broken(token: Any) -> bool:
        raise RuntimeError("broken test")

    machine = Machine(((TOKEN, broken, None, False), (MATCH, None, None, False)), 0, None, 0)
    doc = make_doc("a b")
    with pytest.raises(RuntimeError, match="broken test"):
        search(machine, MatchContext(doc, doc.sentences[0]))


def test_a_clause_frame_is_asked_only_at_the_head_verb_of_a_clause() -> None:
    from depesche.engine.annotators import AnnotationContext, annotate
    from depesche.engine.reader import read_document
    from depesche.engine.tokenizer import tokenize

    doc = tokenize(read_document("t", "Russland droht der Ukraine, und Putin warnte Biden, "
                                      "dass die Lage ernst sei."))
    annotate(doc, ("clauses",), AnnotationContext())
    pattern = _compiled("[]* clause([pos=/V.*/], subj=a) []*")
    code = list(pattern.machine.code)
    asked: list[int] = []
    for pc, (op, frame, b, memo) in enumerate(code):
        if op == matcher.CLAUSE:
            def recorded(ctx: Any, pos: int, frame: Any = frame) -> Any:
                asked.append(pos)
                return frame(ctx, pos)
            code[pc] = (op, recorded, b, memo)
    machine = Machine(tuple(code), pattern.machine.slots, pattern.machine.first,
                      pattern.machine.entry)
    ctx = MatchContext(doc, doc.sentences[0])
    found = search(machine, ctx, list(range(ctx.first, ctx.last + 1)))
    assert found and found == search(pattern.machine, ctx, list(range(ctx.first, ctx.last + 1)))
    assert asked and set(asked) <= set(doc.clause_of_head)
    assert found == reference_find(pattern, ctx, list(range(ctx.first, ctx.last + 1)))
