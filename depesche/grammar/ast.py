"""The pattern AST: what a parsed pattern *is*, independent of Lark and of matching.

Two families of nodes: *token tests* (inside ``[ … ]``, decide about one token) and
*elements* (a pattern's sequence items, which consume tokens). Every node records its
``pos`` in the pattern text so later passes can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Pos:
    """1-based line and column of a node in the pattern text."""

    line: int = 1
    column: int = 1


NOWHERE = Pos()


# ---------------------------------------------------------------- values


@dataclass(frozen=True, slots=True)
class Literal:
    """A string compared whole; ``ignore_case`` from the ``i`` flag (``"biden"i``)."""

    text: str
    ignore_case: bool = False


@dataclass(frozen=True, slots=True)
class Regex:
    """A regular expression that must match the whole value (``/VV.*/``, ``/biden/i``)."""

    source: str
    ignore_case: bool = False


@dataclass(frozen=True, slots=True)
class Number:
    value: float


Value = Literal | Regex | Number


# ---------------------------------------------------------------- token tests


@dataclass(frozen=True, slots=True)
class AnyToken:
    """``[]``: any one token."""

    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class AttrTest:
    """``attr=value`` or ``attr!=value``; ``attr`` is a dotted path (``morph.Mood``)."""

    attr: tuple[str, ...]
    value: Value
    negated: bool = False
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class SetTest:
    """``attr={a, b, c}``: the attribute is one of the values."""

    attr: tuple[str, ...]
    values: tuple[Value, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class ClassTest:
    """``[@ACTOR]``: the token carries the class (from a lexicon, annotator or rule)."""

    label: str
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class AndTest:
    tests: tuple[TokenTest, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class OrTest:
    tests: tuple[TokenTest, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class NotTest:
    test: TokenTest
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class ExtensionTest:
    """A token test added by a grammar extension; ``data`` is the extension's own.

    ``features`` are the annotation features the test reads, so the engine computes them
    only for packs that use it (the parser adds the extension's declared ones).
    """

    extension: str
    kind: str
    data: Any = field(hash=False, compare=False, default=None)
    pos: Pos = NOWHERE
    features: frozenset[str] = frozenset()


TokenTest = AnyToken | AttrTest | SetTest | ClassTest | AndTest | OrTest | NotTest | ExtensionTest


# ---------------------------------------------------------------- elements


@dataclass(frozen=True, slots=True)
class Token:
    """One token that passes ``test``."""

    test: TokenTest
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Element, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Alternation:
    """``a | b``: the first option that leads to a match wins (leftmost-first)."""

    options: tuple[Element, ...]
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Repeat:
    """``x?``, ``x*``, ``x+``, ``x{m,n}``; ``maximum`` None is unbounded; lazy with ``?``."""

    item: Element
    minimum: int
    maximum: int | None
    lazy: bool = False
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Gap:
    """``~{m,n}``: between m and n tokens of any kind, as few as possible (lazy)."""

    minimum: int
    maximum: int
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Capture:
    """``(?<name> …)`` or ``name:x``: remember the tokens ``item`` matched."""

    name: str
    item: Element
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Lookahead:
    """``(?= …)`` / ``(?! …)``: zero-width test of what follows."""

    item: Element
    negative: bool = False
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class MentionRef:
    """``@ACTOR``: one whole mention (span annotation) with that label."""

    label: str
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class MacroRef:
    """``$name``: a macro, replaced by its pattern in a compiler pass."""

    name: str
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class Anchor:
    """``^`` (sentence start) or ``$`` (sentence end)."""

    end: bool
    pos: Pos = NOWHERE


@dataclass(frozen=True, slots=True)
class ExtensionElement:
    """A sequence-level element added by a grammar extension.

    When ``data`` is a tuple, the elements in it are the construct's sub-patterns: passes
    resolve macros in them and check their labels, attributes and captures.
    """

    extension: str
    kind: str
    data: Any = field(hash=False, compare=False, default=None)
    pos: Pos = NOWHERE
    features: frozenset[str] = frozenset()


# The roles a clause frame can ask for (besides prepositions, which name their own role),
# and the properties of the verb complex it can test (docs/language.md, "Clauses").
CLAUSE_ROLES = frozenset({"subj", "obj", "acc", "dat", "agent", "refl"})
CLAUSE_PREPOSITIONS = frozenset({
    "mit", "gegen", "vor", "um", "über", "zu", "für", "an", "auf", "in", "nach", "von",
    "durch", "bei", "aus", "zwischen", "unter", "gegenüber", "wegen", "seit", "ohne", "bis",
    "hinter", "neben", "trotz", "während", "innerhalb", "außerhalb",
    # "als" before a predicative phrase ("bezeichnete es als Fehler"), and postpositions
    # ("einem Bericht zufolge")
    "als", "zufolge", "entsprechend",
})
CLAUSE_FLAGS = frozenset({"neg", "passive", "modal", "question", "conditional"})
CLAUSE_PROPERTIES: dict[str, frozenset[str] | None] = {
    "mood": frozenset({"ind", "sub1", "sub2", "sub", "imp"}),
    "voice": frozenset({"active", "passive"}),
    "tense": frozenset({"simple", "perfect", "future"}),
    "kind": frozenset({"main", "sub", "rel", "inf"}),
    "number": frozenset({"sg", "pl"}),
    "modal": None,  # any modal verb's lemma: modal=wollen
}


@dataclass(frozen=True, slots=True)
class RoleSpec:
    """One role of a clause frame: ``subj=a``, ``dat=r?``, ``mit=c:[@ACTOR]``, ``!dat``.

    ``test`` is a token test on the head of the phrase that fills the role; ``capture``
    names the phrase for the fact; ``absent`` asks that the clause has no such role.
    ``macro`` names the macro that stands for ``test`` until macros are resolved
    (``acc=$weapons``: a macro of one token test).
    """

    role: str
    capture: str | None = None
    test: TokenTest | None = None
    optional: bool = False
    absent: bool = False
    pos: Pos = NOWHERE
    macro: str | None = None


@dataclass(frozen=True, slots=True)
class ClauseFrame:
    """``clause([lemma=drohen], subj=a, dat=r?, mit=c?, !neg)``: a clause by its roles.

    It matches at the head verb of a clause whose verb passes ``verb`` and whose roles
    fill the specs, in any word order; the match spans the verb and the captured phrases.
    ``flags`` are ``(name, value)`` pairs on the verb complex: ``("neg", "no")``,
    ``("mood", "sub1")``.
    """

    verb: Token
    verb_capture: str | None = None
    roles: tuple[RoleSpec, ...] = ()
    flags: tuple[tuple[str, str], ...] = ()
    pos: Pos = NOWHERE

    def tests(self) -> tuple[Token, ...]:
        """The verb test and the role tests, as tokens (for passes that read tests)."""
        return (self.verb, *(Token(spec.test, spec.pos) for spec in self.roles
                             if spec.test is not None))


Element = (
    Token | Sequence | Alternation | Repeat | Gap | Capture | Lookahead | MentionRef | MacroRef
    | Anchor | ExtensionElement | ClauseFrame
)


def children(node: Element) -> tuple[Element, ...]:
    """The direct sub-elements of an element (not token tests)."""
    match node:
        case Sequence(items=items):
            return items
        case Alternation(options=options):
            return options
        case Repeat(item=item) | Capture(item=item) | Lookahead(item=item):
            return (item,)
        case ExtensionElement(data=data) if isinstance(data, tuple):
            return tuple(d for d in data if isinstance(d, Element))
        case ClauseFrame():
            # (a role's ``$macro`` is a reference until macros are resolved)
            return (*node.tests(), *(MacroRef(spec.macro, spec.pos) for spec in node.roles
                                     if spec.macro is not None))
    return ()


def verb_skeleton(node: Element) -> Element:
    """``node`` with each clause frame replaced by its verb token.

    A clause frame matches at its head verb and consumes that one token, so for planning
    where matches start (the rule index) it is the verb test.
    """
    match node:
        case ClauseFrame(verb=verb):
            return verb
        case Sequence(items=items):
            return Sequence(tuple(map(verb_skeleton, items)), node.pos)
        case Alternation(options=options):
            return Alternation(tuple(map(verb_skeleton, options)), node.pos)
        case Repeat(item=item):
            return Repeat(verb_skeleton(item), node.minimum, node.maximum, node.lazy, node.pos)
        case Capture(name=name, item=item):
            return Capture(name, verb_skeleton(item), node.pos)
        case Lookahead(item=item, negative=negative):
            return Lookahead(verb_skeleton(item), negative, node.pos)
    return node


def walk(node: Element):
    """Every element under ``node``, ``node`` first (pre-order)."""
    yield node
    for child in children(node):
        yield from walk(child)


def test_nodes(test: TokenTest):
    """Every token test under ``test``, ``test`` first."""
    yield test
    match test:
        case AndTest(tests=tests) | OrTest(tests=tests):
            for item in tests:
                yield from test_nodes(item)
        case NotTest(test=inner):
            yield from test_nodes(inner)
