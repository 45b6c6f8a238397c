"""Compiled patterns: pattern AST → a small instruction program → matches over tokens.

A pattern compiles to a program for a backtracking machine in the manner of RE2's
"BitState" engine (Russ Cox, *Regular Expression Matching: the Virtual Machine Approach*,
2009): leftmost-first (Perl) priority between alternatives and greedy/lazy repeats, with a
visited set over (instruction, position) so that no state is explored twice. Matching is
therefore linear in ``program size × sentence length`` per start position: patterns such
as ``([a]|[a])*[b]`` cannot blow up. Where no match is found, the states that failed (and
what lookaheads answered) are kept for the next start in the sentence, so a search over
all starts stays linear too.

Rules run millions of token tests and machine steps per corpus, so both are prepared
once per pattern: a token test becomes one Python expression (:class:`_TestSource`), and
a program is lowered (:func:`lower`) to a machine that consults its visited set only at
join points and runs common instruction pairs as one. The machine and its loop over the
starts of a sentence are compiled (Cython, :mod:`depesche.engine._machine`); this module
compiles patterns for it.

The matcher is a stage of its own behind :class:`CompiledPattern`: ``find(context)`` yields
matches in one sentence. Indexing rules by the literals they require is layered on top
(:mod:`depesche.engine.index`, which runs ``find_at`` only at the starts it vouches for),
without touching the machine.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from depesche.engine._machine import Look, Machine, match_at, search
from depesche.engine.document import Clause, Document, Mention, Sentence, Token
from depesche.errors import PatternError
from depesche.grammar import ast
from depesche.grammar.regex import compile_token_regex

Predicate = Callable[[Token], bool]
ElementMatcher = Callable[["MatchContext", int], Any]

# Opcodes. Programs are lists of tuples (opcode, a, b) for speed.
TOKEN, MENTION, SPLIT, JUMP, SAVE, START, END, LOOK, EXTERN, MATCH, CLAUSE = range(11)
MAX_PROGRAM = 20_000


@dataclass(frozen=True, slots=True)
class Span:
    """A token span ``[start, end)`` in document token indices."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Match:
    """One match of a pattern: its token span and the spans of its named captures."""

    start: int
    end: int
    captures: Mapping[str, Span] = field(default_factory=dict)


class MatchContext:
    """What a pattern is matched against: one sentence of an annotated document."""

    __slots__ = ("by_label", "doc", "first", "last", "sentence", "tokens")

    def __init__(self, doc: Document, sentence: Sentence,
                 mentions: MentionIndex | None = None) -> None:
        self.doc = doc
        self.sentence = sentence
        self.tokens = doc.tokens
        self.first = sentence.first
        self.last = sentence.last
        self.by_label = mentions if mentions is not None else mention_index(doc)

    def mentions(self, label: str, start: int) -> list[Mention]:
        """Mentions with ``label`` starting at token ``start``, longest first."""
        return self.by_label.get(label, NO_MENTIONS).get(start, [])


MentionIndex = dict[str, dict[int, list[Mention]]]
NO_MENTIONS: dict[int, list[Mention]] = {}


def mention_index(doc: Document) -> MentionIndex:
    """Mentions by label and first token, longest first: built once per document stage."""
    index: MentionIndex = {}
    for label, mentions in doc.mentions.items():
        by_start: dict[int, list[Mention]] = {}
        for mention in mentions:
            by_start.setdefault(mention.start, []).append(mention)
        for group in by_start.values():
            group.sort(key=lambda m: m.start - m.end)
        index[label] = by_start
    return index


# ---------------------------------------------------------------- token tests


def _getter(attr: tuple[str, ...]) -> Callable[[Token], Any]:
    """How a token test reads ``attr`` (the meaning :class:`_TestSource` writes inline)."""
    name = attr[0]
    if name in ("word", "text"):
        return lambda t: t.text
    if name == "lower":
        return lambda t: t.text.lower()
    if name == "lemma":
        return lambda t: t.lemma if t.lemma is not None else t.text
    if name in ("pos", "tag"):
        return lambda t: t.pos or ""
    if name == "morph":
        feature = attr[1]
        return lambda t: t.morph.get(feature)
    if len(attr) == 1:
        return lambda t: t.attrs.get(name)
    rest = attr[1:]

    def nested(t: Token) -> Any:
        value: Any = t.attrs.get(name)
        for key in rest:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    return nested


def _as_number(value: Any) -> float | None:
    try:
        return float(str(value).replace(".", "").replace(",", ".")) if value is not None else None
    except ValueError:
        return None


TestCompiler = Callable[[ast.ExtensionTest], Predicate]

# Attributes read straight off the token, as Python expressions over ``t``; all are strings.
_STRING_ATTRIBUTES = {
    "word": "t.text",
    "text": "t.text",
    "lower": "t.text.lower()",
    "lemma": "(t.lemma if t.lemma is not None else t.text)",
    "pos": "(t.pos or '')",
    "tag": "(t.pos or '')",
}


class _TestSource:
    """Writes a token test as one Python expression over the token ``t``.

    A test is evaluated millions of times per corpus, mostly nested (``[pos=NN &
    !lemma={…}]``): as one expression it costs one function call, where a closure per node
    costs one per node plus generators for ``&`` and ``|``. Constants (values, sets,
    regular expressions, extension predicates) are bound as names, never written as text.
    """

    def __init__(self, extensions: Mapping[str, TestCompiler]) -> None:
        self.extensions = extensions
        self.names: dict[str, Any] = {"_as_number": _as_number}
        self.variables = 0
        self.extension_calls = 0

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.names)}"
        self.names[name] = value
        return name

    def variable(self) -> str:
        self.variables += 1
        return f"_v{self.variables}"

    def attribute(self, attr: tuple[str, ...]) -> tuple[str, bool]:
        """An expression reading ``attr``, and whether its value is always a string."""
        name = attr[0]
        if name in _STRING_ATTRIBUTES:
            return _STRING_ATTRIBUTES[name], True
        if name == "morph":
            return f"t.morph.get({self.constant(attr[1])})", False
        if len(attr) == 1:
            return f"t.attrs.get({self.constant(name)})", False
        return f"{self.constant(_getter(attr))}(t)", False

    def value(self, read: str, is_string: bool, value: ast.Value) -> str:
        """An expression testing the value ``read`` evaluates to against ``value``."""
        match value:
            case ast.Literal(text=text, ignore_case=False):
                return f"({read} == {self.constant(text)})"
            case ast.Literal(text=text, ignore_case=True):
                folded = self.constant(text.casefold())
                if is_string:
                    return f"({read}.casefold() == {folded})"
                v = self.variable()
                return f"(isinstance({v} := {read}, str) and {v}.casefold() == {folded})"
            case ast.Regex(source=source, ignore_case=ignore_case):
                # The regex's answers so far are looked up here: a call per value seen
                # before cost as much as the rest of the test
                compiled = compile_token_regex(source, ignore_case)
                regex, known = self.constant(compiled), self.constant(compiled.known)
                v, found = self.variable(), self.variable()
                if is_string:
                    return (f"({found} if ({found} := {known}.get({v} := {read})) is not None "
                            f"else {regex}.matches({v}))")
                return (f"(isinstance({v} := {read}, str) and ({found} if ({found} := "
                        f"{known}.get({v})) is not None else {regex}.matches({v})))")
            case ast.Number(value=number):
                return f"(_as_number({read}) == {self.constant(number)})"
        raise TypeError(value)

    def test(self, test: ast.TokenTest) -> str:
        match test:
            case ast.AnyToken():
                return "True"
            case ast.AttrTest(attr=attr, value=value, negated=negated):
                check = self.value(*self.attribute(attr), value)
                return f"(not {check})" if negated else check
            case ast.SetTest(attr=attr, values=values):
                read, is_string = self.attribute(attr)
                if all(isinstance(v, ast.Literal) and not v.ignore_case for v in values):
                    members = frozenset(v.text for v in values)  # type: ignore[union-attr]
                    return f"({read} in {self.constant(members)})"
                v = self.variable()
                checks = " or ".join(self.value(v, is_string, value) for value in values)
                return f"(lambda {v}: {checks})({read})"
            case ast.ClassTest(label=label):
                return f"({self.constant(label)} in t.classes)"
            case ast.AndTest(tests=tests):
                return "(" + " and ".join(self.test(x) for x in tests) + ")"
            case ast.OrTest(tests=tests):
                return "(" + " or ".join(self.test(x) for x in tests) + ")"
            case ast.NotTest(test=inner):
                return f"(not {self.test(inner)})"
            case ast.ExtensionTest():
                return f"{self.constant(self.extension(test))}(t)"
        raise TypeError(test)

    def extension(self, test: ast.ExtensionTest) -> Predicate:
        self.extension_calls += 1
        compiler = self.extensions.get(test.kind)
        if compiler is None:
            raise PatternError(f"no compiler for token test {test.kind!r} "
                               f"(extension {test.extension!r} not loaded)").at(test.pos)
        return compiler(test)


def compile_test(test: ast.TokenTest, extensions: Mapping[str, TestCompiler] | None = None
                 ) -> Predicate:
    """Turn a token test into a predicate over tokens (an extension's own, if it is one)."""
    if not extensions:
        try:
            known = _PREDICATES.get(test)
        except TypeError:  # a test holding an unhashable value
            return _compile_test(test, {})
        if known is None:
            if len(_PREDICATES) >= _PREDICATE_CACHE:
                _PREDICATES.clear()
            known = _PREDICATES[test] = _compile_test(test, {})
        return known
    return _compile_test(test, extensions)


# A pack's patterns repeat their tests (a {m,n} repetition emits its item n times, macros
# recur in many rules): 22,754 tests of the shipped pack are 421 different ones. Without
# extensions a predicate depends on the test alone, so each is written and compiled once.
_PREDICATES: dict[ast.TokenTest, Predicate] = {}
_PREDICATE_CACHE = 20_000


def _compile_test(test: ast.TokenTest, extensions: Mapping[str, TestCompiler]) -> Predicate:
    source = _TestSource(extensions)
    if isinstance(test, ast.ExtensionTest):
        return source.extension(test)
    expression = source.test(test)
    predicate: Predicate = eval(f"lambda t: {expression}", source.names)
    if not source.extension_calls:
        predicate.__token_test__ = test  # type: ignore[attr-defined]
    return predicate


def token_test_of(predicate: Predicate) -> ast.TokenTest | None:
    """The test ``predicate`` was compiled from by :func:`compile_test`, if it depends on
    nothing else: ``compile_test(token_test_of(p))`` makes it again (the pack cache
    stores predicates so). None for a predicate that calls an extension's code."""
    return getattr(predicate, "__token_test__", None)


# ---------------------------------------------------------------- program


# Which roles of a clause a frame's role spec accepts: objects whose case is open
# ("Japan", "die Vorwürfe") may be accusative or dative, as the verb's frame needs.
ACCEPTS = {"acc": ("acc", "obj"), "dat": ("dat", "obj"), "obj": ("acc", "dat", "obj")}
# Every clause frame binds its head verb under this name, so that facts find the clause,
# and its whole verb complex under the second, so that the match spans it ("sollen …
# getötet haben" carries the hearsay of "sollen").
VERB_CAPTURE = "_verb"
VERBS_CAPTURE = "_verbs"


class FrameTest:
    """A clause frame, compiled: does the clause headed at a token fill it, and how.

    Called with a match context and a token position, it answers None, or the capture
    slots to set: ``(slot, start, end)`` for each captured role (and the verb). Roles are
    bound in the order of the frame, each to the first role of the clause that fits and
    is not bound yet; where that fails, once more with the required roles first, so that
    an optional ``dat=r?`` does not take the only object a required ``acc=c`` needs
    ("liefert Waffen an Syrien", where "Waffen" may be either case).
    """

    __slots__ = ("complex_slot", "flags", "required_first", "roles", "verb", "verb_slots")

    def __init__(self, frame: ast.ClauseFrame, slots: Mapping[str, int],
                 tests: Mapping[str, TestCompiler]) -> None:
        self.verb = compile_test(frame.verb.test, tests)
        self.verb_slots = tuple(slot for name in (VERB_CAPTURE, frame.verb_capture)
                                if name is not None and (slot := slots.get(name)) is not None)
        self.roles = tuple(
            (spec.role, (spec.role,) if spec.absent else ACCEPTS.get(spec.role, (spec.role,)),
             compile_test(spec.test, tests) if spec.test is not None else None,
             slots.get(spec.capture) if spec.capture else None, spec.optional, spec.absent)
            for spec in frame.roles)
        # The same roles with the required ones first, tried when the frame's order fails
        # (None where it is the same order).
        required_first = tuple(sorted(self.roles, key=lambda role: role[4] or role[5]))
        self.required_first = required_first if required_first != self.roles else None
        self.flags = frame.flags
        self.complex_slot = slots.get(VERBS_CAPTURE)

    def bind(self, ctx: MatchContext, pos: int, notes: list[str] | None = None
             ) -> list[tuple[int, int, int]] | None:
        """The capture slots the frame sets at ``pos``, or None; ``notes`` (for ``explain``)
        receives what was found and what was missing, role by role."""
        tokens = ctx.tokens
        clause = ctx.doc.clause_of_head.get(pos)
        if clause is None:
            if notes is not None:
                notes.append(f"{tokens[pos].text!r} heads no clause")
            return None
        if not self.verb(tokens[pos]):
            if notes is not None:
                notes.append(f"the verb {clause.verb.lemma!r} fails the verb test")
            return None
        for name, value in self.flags:
            if not _flag_holds(clause, name, value):
                if notes is not None:
                    notes.append(f"the verb complex fails {name}={value} "
                                 f"({_describe_verb(clause)})")
                return None
        bound = self._bind_roles(tokens, clause, self.roles, notes)
        if bound is None and self.required_first is not None:
            bound = self._bind_roles(tokens, clause, self.required_first, None)
        if bound is None:
            return None
        bound.extend((slot, pos, pos + 1) for slot in self.verb_slots)
        if self.complex_slot is not None:
            words = clause.verb.tokens
            bound.append((self.complex_slot, min(words), max(words) + 1))
        return bound

    # The machine calls a frame as ``frame(ctx, pos)``: that is ``bind``, one call, not two.
    __call__ = bind

    @staticmethod
    def _bind_roles(tokens: list[Token], clause: Clause, roles: tuple, notes: list[str] | None
                    ) -> list[tuple[int, int, int]] | None:
        """Bind ``roles`` in their order to the roles of ``clause``: the capture slots, or
        None where a required role is missing or an excluded one present."""
        bound: list[tuple[int, int, int]] = []
        used: set[int] = set()
        for role_name, accepts, test, slot, optional, absent in roles:
            found = None
            for n, role in enumerate(clause.roles):
                if n in used or role.name not in accepts:
                    continue
                heads = [m.head for m in role.phrase.members] or [role.phrase.head]
                if test is None or any(test(tokens[h]) for h in heads):
                    found = n
                    break
                if notes is not None:
                    notes.append(f"{role_name} {role.phrase.text!r} fails its test")
            if absent:
                if found is not None:
                    if notes is not None:
                        notes.append(f"the clause has {role_name} "
                                     f"{clause.roles[found].phrase.text!r}, which the frame "
                                     "excludes")
                    return None
                continue
            if found is None:
                if optional:
                    continue
                if notes is not None:
                    have = ", ".join(f"{r.name} {r.phrase.text!r}" for r in clause.roles)
                    notes.append(f"no {role_name} (the clause has: {have or 'no roles'})")
                return None
            used.add(found)
            if notes is not None:
                notes.append(f"{role_name} found: {clause.roles[found].phrase.text!r}")
            if slot is not None:
                phrase = clause.roles[found].phrase
                bound.append((slot, phrase.start, phrase.end))
        return bound


def _describe_verb(clause: Clause) -> str:
    verb = clause.verb
    words = [clause.kind, verb.voice, verb.tense, verb.mood]
    if verb.modal:
        words.append(f"modal {verb.modal}")
    if verb.negated:
        words.append("negated")
    return ", ".join(words)


def _flag_holds(clause: Clause, name: str, value: str) -> bool:
    if value.startswith("!"):
        return not _flag_holds(clause, name, value[1:])
    verb = clause.verb
    if name == "kind":
        return clause.kind == value
    if name in ("question", "conditional"):
        return getattr(clause, name) == (value == "yes")
    if name == "neg":
        return verb.negated == (value == "yes")
    if name == "passive":
        return (verb.voice == "passive") == (value == "yes")
    if name == "modal":
        if value in ("yes", "no"):
            return (verb.modal is not None) == (value == "yes")
        return verb.modal == value
    if name == "mood":
        return verb.mood == value or (value == "sub" and verb.mood in ("sub1", "sub2"))
    return bool(getattr(verb, name, None) == value)


@dataclass
class Program:
    """Instructions plus the sub-programs of lookaheads and the capture names."""

    code: list[tuple[int, Any, Any]]
    captures: list[str]
    looks: list[Program] = field(default_factory=list)


class _Builder:
    def __init__(self, test_compilers: Mapping[str, TestCompiler],
                 element_compilers: Mapping[str, Callable[[Any], ElementMatcher]]) -> None:
        self.code: list[tuple[int, Any, Any]] = []
        self.captures: list[str] = []
        self.looks: list[Program] = []
        self.tests = test_compilers
        self.elements = element_compilers

    def emit(self, op: int, a: Any = None, b: Any = None) -> int:
        self.code.append((op, a, b))
        if len(self.code) > MAX_PROGRAM:
            raise PatternError(f"pattern compiles to more than {MAX_PROGRAM} instructions "
                               "(reduce large {m,n} repetitions)")
        return len(self.code) - 1

    def patch(self, at: int, a: Any = None, b: Any = None) -> None:
        op, old_a, old_b = self.code[at]
        self.code[at] = (op, old_a if a is None else a, old_b if b is None else b)

    def here(self) -> int:
        return len(self.code)

    def element(self, node: ast.Element) -> None:
        match node:
            case ast.Token(test=test):
                self.emit(TOKEN, compile_test(test, self.tests))
            case ast.MentionRef(label=label):
                self.emit(MENTION, label)
            case ast.Sequence(items=items):
                for item in items:
                    self.element(item)
            case ast.Alternation(options=options):
                jumps = []
                for option in options[:-1]:
                    split = self.emit(SPLIT)
                    self.patch(split, a=self.here())
                    self.element(option)
                    jumps.append(self.emit(JUMP))
                    self.patch(split, b=self.here())
                self.element(options[-1])
                for jump in jumps:
                    self.patch(jump, a=self.here())
            case ast.Repeat(item=item, minimum=minimum, maximum=maximum, lazy=lazy):
                self.repeat(item, minimum, maximum, lazy)
            case ast.Gap(minimum=minimum, maximum=maximum):
                self.repeat(ast.Token(ast.AnyToken()), minimum, maximum, True)
            case ast.Capture(name=name, item=item):
                if name not in self.captures:
                    self.captures.append(name)
                slot = self.captures.index(name) * 2
                self.emit(SAVE, slot)
                self.element(item)
                self.emit(SAVE, slot + 1)
            case ast.Lookahead(item=item, negative=negative):
                sub = _Builder(self.tests, self.elements)
                sub.element(item)
                sub.emit(MATCH)
                self.looks.append(Program(sub.code, sub.captures, sub.looks))
                self.emit(LOOK, len(self.looks) - 1, negative)
            case ast.Anchor(end=end):
                self.emit(END if end else START)
            case ast.ExtensionElement(kind=kind):
                compiler = self.elements.get(kind)
                if compiler is None:
                    raise PatternError(f"no compiler for element {kind!r} "
                                       f"(extension {node.extension!r} not loaded)").at(node.pos)
                self.emit(EXTERN, compiler(node))
            case ast.ClauseFrame():
                slots = {}
                for name in (VERB_CAPTURE, VERBS_CAPTURE, node.verb_capture,
                             *(r.capture for r in node.roles)):
                    if name is not None:
                        if name not in self.captures:
                            self.captures.append(name)
                        slots[name] = self.captures.index(name) * 2
                self.emit(CLAUSE, FrameTest(node, slots, self.tests))
            case ast.MacroRef(name=name):
                raise PatternError(f"unresolved macro ${name}").at(node.pos)
            case _:
                raise TypeError(node)

    def optional(self, item: ast.Element, lazy: bool) -> int:
        split = self.emit(SPLIT)
        body = self.here()
        self.element(item)
        end = self.here()
        self.patch(split, *((end, body) if lazy else (body, end)))
        return split

    def repeat(self, item: ast.Element, minimum: int, maximum: int | None, lazy: bool) -> None:
        for _ in range(minimum):
            self.element(item)
        if maximum is None:
            loop = self.emit(SPLIT)
            body = self.here()
            self.element(item)
            self.emit(JUMP, loop)
            end = self.here()
            self.patch(loop, *((end, body) if lazy else (body, end)))
            return
        for _ in range(maximum - minimum):
            self.optional(item, lazy)


def compile_program(node: ast.Element, *,
                    test_compilers: Mapping[str, TestCompiler] | None = None,
                    element_compilers: Mapping[str, Callable[[Any], ElementMatcher]] | None = None,
                    ) -> Program:
    """Lower a (macro-free) pattern AST to a program."""
    builder = _Builder(test_compilers or {}, element_compilers or {})
    builder.element(node)
    builder.emit(MATCH)
    return Program(builder.code, builder.captures, builder.looks)


# ---------------------------------------------------------------- the machine

# Machine-only opcodes: a run of token tests; splits whose preferred branch opens with a
# token test, an anchor, a lookahead or a mention; a split that prefers to skip a token.
TOKENS, SPLIT_TOKEN, SPLIT_START, SPLIT_LOOK, SPLIT_MENTION, LAZY_TOKEN = range(11, 17)
GUARDED = {TOKEN: SPLIT_TOKEN, START: SPLIT_START, LOOK: SPLIT_LOOK, MENTION: SPLIT_MENTION}


def lower(program: Program, numbers: Iterator[int] | None = None) -> Machine:
    """Lower ``program`` (and its lookaheads, numbered from ``numbers``) to a ``Machine``.

    The machine's ``code`` holds ``(opcode, a, b, memo)`` instructions. Only *join points*
    are remembered in the visited set (``memo``): instructions reached by more than one
    edge (a loop head, the end of an alternation) or right after a mention or an extension
    element, which may end at several positions. Every other state has exactly one
    predecessor state, so it is reached at most as often as that one: remembering the join
    points is enough to visit each (instruction, position) at most once (a run enters its
    start once), and the machine skips the set for the straight stretches in between,
    where instructions are merged (see :func:`_groups`).

    ``first`` is the test of a leading token (an instruction that is no join point): a
    start whose token fails it cannot match, and is rejected before the machine is set up;
    otherwise the machine begins at ``entry``, right after that token.
    """
    numbers = numbers if numbers is not None else itertools.count()
    code = program.code
    edges = [0] * len(code)
    edges[0] = 1  # the start
    several = [False] * len(code)
    for pc, (op, a, b) in enumerate(code):
        if op in (TOKEN, SAVE, START, END, LOOK, CLAUSE):
            edges[pc + 1] += 1
        elif op in (MENTION, EXTERN):
            edges[pc + 1] += 1
            several[pc + 1] = True
        elif op == SPLIT:
            edges[a] += 1
            edges[b] += 1
        elif op == JUMP:
            edges[a] += 1
    memo = [several[pc] or edges[pc] > 1 for pc in range(len(code))]
    looks = [(lower(sub, numbers), next(numbers)) for sub in program.looks]

    def operand(pc: int) -> Any:
        op, a, b = code[pc]
        return Look(*looks[a], negative=b) if op == LOOK else a

    groups = _groups(code, memo)
    where = {group[0]: number for number, (_op, group) in enumerate(groups)}
    lowered: list[tuple[int, Any, Any, bool]] = []
    for op, group in groups:
        _op, a, b = code[group[0]]
        if op == TOKENS:
            a, b = tuple(code[pc][1] for pc in group), len(group)
        elif op in GUARDED.values():
            a, b = operand(group[1]), where[b]
        elif op == LAZY_TOKEN:
            a, b = operand(group[1]), where[a]
        elif op in (SPLIT, JUMP):
            a, b = where[a], (where[b] if op == SPLIT else b)
        elif op == LOOK:
            a, b = operand(group[0]), None
        lowered.append((op, a, b, memo[group[0]]))
    first = None
    op, a, _b = code[0]
    if op == TOKEN and not memo[0]:
        first = a
    return Machine(tuple(lowered), 2 * len(program.captures), first, 1 if first else 0)


def _groups(code: list[tuple[int, Any, Any]], memo: list[bool]) -> list[tuple[int, list[int]]]:
    """Instructions that run as one: ``(opcode, instructions)``, in program order.

    A split whose preferred branch opens with a token test that is no join point
    (``[x]?``, ``[x]*``) becomes ``SPLIT_TOKEN``, which saves the alternative only if the
    token passes; so with an anchor, a lookahead or a mention (``SPLIT_START``,
    ``SPLIT_LOOK``, ``SPLIT_MENTION``: ``(^ | …)``, ``(@ACTOR | …)``). One whose other
    branch is a token test (``[x]??``, ``~{0,5}?``) becomes ``LAZY_TOKEN``, which tests
    the token at once and saves the state after it only if it passes. A token test
    absorbs the tests after it that are no join points (``TOKENS``). The first
    instruction stays alone, for ``Machine.first``.
    """
    groups: list[tuple[int, list[int]]] = []
    pc = 0
    while pc < len(code):
        op, a, _b = code[pc]
        if op == SPLIT and a == pc + 1 and code[a][0] in GUARDED and not memo[a]:
            groups.append((GUARDED[code[a][0]], [pc, a]))
        elif op == SPLIT and _b == pc + 1 and code[_b][0] == TOKEN and not memo[_b]:
            groups.append((LAZY_TOKEN, [pc, _b]))
        elif op == TOKEN and pc > 0:
            group = [pc]
            while code[group[-1] + 1][0] == TOKEN and not memo[group[-1] + 1]:
                group.append(group[-1] + 1)
            groups.append((TOKENS if len(group) > 1 else TOKEN, group))
        else:
            groups.append((op, [pc]))
        pc = groups[-1][1][-1] + 1
    return groups


@dataclass
class CompiledPattern:
    """A pattern ready to run: its program and what the first token must be (if known)."""

    program: Program
    first_tokens: tuple[Predicate, ...] | None = None
    source: ast.Element | None = None
    machine: Machine = field(init=False, repr=False, compare=False)
    # Whether a match spans its captures too: a clause frame consumes only its verb, but
    # its match is the clause's evidence, from the first role to the last.
    spans_captures: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.machine = lower(self.program)
        self.spans_captures = self.source is not None and any(
            isinstance(node, ast.ClauseFrame) for node in ast.walk(self.source))

    @property
    def captures(self) -> list[str]:
        return self.program.captures

    def match_at(self, ctx: MatchContext, start: int) -> Match | None:
        """The best match starting at ``start`` alone (None outside the sentence)."""
        found = match_at(self.machine, ctx, start)
        return None if found is None else self._match(start, *found)

    def _match(self, start: int, end: int, slots: list[int]) -> Match:
        if not slots:
            return Match(start, end, {})
        captures = {
            name: Span(slots[2 * i], slots[2 * i + 1])
            for i, name in enumerate(self.program.captures)
            if slots[2 * i] >= 0 and slots[2 * i + 1] >= 0
        }
        return Match(start, end, captures)

    def _spanned(self, match: Match) -> Match:
        """The match widened over its captures, for patterns with clause frames."""
        if not self.spans_captures or not match.captures:
            return match
        spans = match.captures.values()
        return Match(min(match.start, *(s.start for s in spans)),
                     max(match.end, *(s.end for s in spans)), match.captures)

    def find_at(self, ctx: MatchContext, starts: Iterable[int]) -> Iterator[Match]:
        """``find`` restricted to candidate ``starts`` (ascending) that an index vouches for.

        Every position where a match can start must be among ``starts``; then the matches
        are exactly ``find``'s: leftmost-first and non-overlapping.
        """
        for start, end, slots in search(self.machine, ctx, starts):
            yield self._spanned(self._match(start, end, slots))

    def find(self, ctx: MatchContext) -> Iterator[Match]:
        """Non-overlapping matches in the sentence, left to right (like ``re.finditer``)."""
        for start, end, slots in search(self.machine, ctx, None, self.first_tokens):
            yield self._spanned(self._match(start, end, slots))


def first_token_tests(node: ast.Element) -> list[ast.TokenTest] | None:
    """The tests one of which the first token of any match must pass, or None if unknown.

    None when a match may start with something other than a plain token (an empty match,
    a mention, a lookahead, an anchor, an extension), so no start position can be skipped.
    """
    match node:
        case ast.Token(test=test):
            return None if isinstance(test, ast.AnyToken) else [test]
        case ast.Sequence(items=items) if items:
            head = items[0]
            if isinstance(head, ast.Capture):
                return first_token_tests(ast.Sequence((head.item, *items[1:])))
            if isinstance(head, ast.Repeat) and head.minimum >= 1:
                return first_token_tests(head.item)
            return first_token_tests(head)
        case ast.Alternation(options=options):
            tests: list[ast.TokenTest] = []
            for option in options:
                found = first_token_tests(option)
                if found is None:
                    return None
                tests.extend(found)
            return tests
        case ast.Capture(item=item):
            return first_token_tests(item)
        case ast.ClauseFrame(verb=verb):
            return first_token_tests(verb)
        case ast.Repeat(item=item, minimum=minimum) if minimum >= 1:
            return first_token_tests(item)
    return None


def compile_pattern(node: ast.Element, *,
                    test_compilers: Mapping[str, TestCompiler] | None = None,
                    element_compilers: Mapping[str, Callable[[Any], ElementMatcher]] | None = None,
                    ) -> CompiledPattern:
    """Compile a checked, macro-free AST into a :class:`CompiledPattern`."""
    program = compile_program(node, test_compilers=test_compilers,
                              element_compilers=element_compilers)
    tests = first_token_tests(node)
    first = (tuple(compile_test(t, test_compilers) for t in tests)
             if tests is not None else None)
    return CompiledPattern(program, first, node)
