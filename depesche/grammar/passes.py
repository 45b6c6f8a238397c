"""Compiler passes over the pattern AST: pure functions from AST to AST (or findings).

Run in order by the rule compiler (``depesche.rules.compiler``), as sqlglot runs its
optimizer rules: ``resolve_macros`` → ``check_labels`` → ``check_captures``; ``features``
says which token attributes and labels a pattern needs (the engine computes only those);
``lint`` finds patterns that are legal but suspect (for ``depesche check``).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from depesche.errors import PatternError
from depesche.grammar import ast
from depesche.grammar.regex import compile_token_regex

# Token attributes every pattern may test, and the annotation feature each one needs.
ATTRIBUTE_FEATURES: dict[str, str | None] = {
    "word": None,
    "text": None,
    "lower": None,
    "lemma": "lemma",
    "pos": "pos",
    "tag": "pos",
    "morph": "morph",
    "head": "head",
    "governor": "clauses",
    "role": "clauses",
    "conditional": "clauses",
    "negated": "clauses",
    "question": "clauses",
    "embedded": "phrases",
}

# The morphology features and values the engine sets (engine/annotators/morph.py, after
# the Universal Dependencies German features): a test of anything else could never match.
MORPH_VALUES: dict[str, tuple[str, ...]] = {
    "VerbForm": ("Fin", "Inf", "Part"),
    "Mood": ("Ind", "Sub1", "Sub2", "Imp"),
    "Evidential": ("Hearsay",),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a pass noticed: an error or a warning at a position in the pattern."""

    severity: str
    message: str
    pos: ast.Pos


def _map(node: ast.Element, fn: Callable[[ast.Element], ast.Element]) -> ast.Element:
    """Rebuild ``node`` bottom-up with ``fn`` applied to every element."""
    match node:
        case ast.Sequence(items=items):
            node = replace(node, items=tuple(_map(i, fn) for i in items))
        case ast.Alternation(options=options):
            node = replace(node, options=tuple(_map(o, fn) for o in options))
        case ast.Repeat(item=item) | ast.Capture(item=item) | ast.Lookahead(item=item):
            node = replace(node, item=_map(item, fn))
        case ast.ExtensionElement(data=tuple() as data):
            # An extension's sub-patterns are patterns too: macros in them resolve alike.
            node = replace(node, data=tuple(_map(d, fn) if isinstance(d, ast.Element) else d
                                            for d in data))
        case ast.ClauseFrame(roles=roles) if any(spec.macro for spec in roles):
            node = replace(node, roles=tuple(_role_macro(spec, fn) for spec in roles))
    return fn(node)


def _role_macro(spec: ast.RoleSpec, fn: Callable[[ast.Element], ast.Element]) -> ast.RoleSpec:
    """A clause frame's role with its ``$macro`` replaced by the token test it stands for."""
    if spec.macro is None:
        return spec
    element = fn(ast.MacroRef(spec.macro, spec.pos))
    if isinstance(element, ast.MacroRef):
        return spec  # (a pass that does not resolve macros)
    if not isinstance(element, ast.Token):
        raise PatternError(f"${spec.macro} stands for more than one token test, and a "
                           f"role takes one ({spec.role}=[…])").at(spec.pos)
    return replace(spec, test=element.test, macro=None)


# The most elements macros may expand one pattern to: twice what the matcher compiles
# (``engine.matcher.MAX_PROGRAM`` instructions; every element but a sequence emits at
# least one), so no pattern that could compile is refused, and a "macro bomb" (each macro
# using the one before twice) stops here instead of expanding 2**n elements.
MAX_EXPANDED_ELEMENTS = 40_000
# The deepest macros may nest one pattern (in AST levels): a pattern of its own nests at
# most about 100 (the parser's 64 brackets); macros in macros could nest without end, and
# every later pass (and Python's recursion limit) would meet it.
MAX_EXPANDED_DEPTH = 200


@dataclass(frozen=True, slots=True)
class Expansion:
    """A macro's AST with its macros replaced: its number of elements, how deep it nests."""

    node: ast.Element
    size: int
    depth: int


# Each macro's expansion; None for a macro that has errors
Expansions = dict[str, Expansion | None]


def resolve_macros(node: ast.Element, macros: Mapping[str, ast.Element],
                   expanded: Expansions | None = None) -> ast.Element:
    """Replace every ``$name`` by its macro's AST (macros may use macros; cycles are errors).

    Every error stands at a ``$name`` of ``node`` itself: the macro it names, or one that
    macro uses, is unknown, part of a cycle, or expands ``node`` past
    :data:`MAX_EXPANDED_ELEMENTS`. ``expanded`` remembers each macro's expansion across
    calls (``None`` for one that failed), so a table of macros is expanded once, not once
    for each macro that uses another.
    """
    # The expansion shares each macro's subtree wherever the macro is used; the pattern
    # gets a tree of its own (a place in it is one node), at most the size allowed.
    return _map(expand_macros(node, macros, expanded).node, lambda element: element)


def expand_macros(node: ast.Element, macros: Mapping[str, ast.Element],
                  expanded: Expansions | None = None) -> Expansion:
    """:func:`resolve_macros` without the copy: the expansion, sharing the subtree of a
    macro used twice, at a cost linear in ``node`` and the macros not yet in ``expanded``.

    Macros are expanded the ones used first, each once, without recursion from one macro
    into the next (a chain of macros may be as long as the file).
    """
    expanded = {} if expanded is None else expanded
    cycles: dict[str, str] = {}
    for ref in _macro_refs(node):
        if ref.name in macros and ref.name not in expanded:
            _expand_used(ref.name, macros, expanded, cycles)

    def failed(ref: ast.MacroRef) -> PatternError:
        if ref.name not in macros:
            names = sorted(macros)
            known = ", ".join(f"${n}" for n in names[:KNOWN_SHOWN]) or "none defined"
            if len(names) > KNOWN_SHOWN:
                known += f", … ({len(names)} in all)"
            return PatternError(f"unknown macro ${ref.name} (known: {known})",
                                hint=_did_you_mean(ref.name, macros, "$")).at(ref.pos)
        return PatternError(cycles.get(ref.name) or BROKEN.format(ref.name)).at(ref.pos)

    try:
        return _expand_body(node, expanded, failed)
    except _TooLarge as too_large:
        raise PatternError(too_large.message).at(too_large.where) from None


def _macro_refs(node: ast.Element) -> list[ast.MacroRef]:
    return [element for element in ast.walk(node) if isinstance(element, ast.MacroRef)]


def _expand_used(name: str, macros: Mapping[str, ast.Element], expanded: Expansions,
                 cycles: dict[str, str]) -> None:
    """Expand macro ``name`` into ``expanded`` after each macro it uses (depth first, with
    a stack of its own); a macro that cannot be expanded is ``None`` there, and one on a
    cycle names the cycle in ``cycles``."""
    path = [name]
    pending = [iter(_macro_refs(macros[name]))]
    while pending:
        ref = next(pending[-1], None)
        if ref is None:
            done = path.pop()
            pending.pop()
            try:
                expanded[done] = None if done in cycles else _expand_body(
                    macros[done], expanded, lambda _: _Broken())
            except (_Broken, _TooLarge):
                expanded[done] = None
        elif ref.name in path:
            loop = path[path.index(ref.name):]
            message = f"macro cycle: {' → '.join(f'${n}' for n in (*path, ref.name))}"
            for member in loop:
                cycles.setdefault(member, message)
        elif ref.name in macros and ref.name not in expanded:
            path.append(ref.name)
            pending.append(iter(_macro_refs(macros[ref.name])))


def _expand_body(node: ast.Element, expanded: Expansions,
                 failed: Callable[[ast.MacroRef], Exception]) -> Expansion:
    """``node`` with each ``$name`` replaced by its expansion, all of them in ``expanded``
    already (``failed`` says what to raise for one that is missing or ``None``)."""
    size = 0
    last_macro = getattr(node, "pos", ast.NOWHERE)

    def visit(item: ast.Element) -> ast.Element:
        nonlocal size, last_macro
        added = 1
        if isinstance(item, ast.MacroRef):
            last_macro = item.pos
            found = expanded.get(item.name)
            if found is None:
                raise failed(item)
            item, added = found.node, found.size
        size += added
        if size > MAX_EXPANDED_ELEMENTS:
            raise _TooLarge(TOO_LARGE, last_macro)
        return item

    result = _map(node, visit)
    depth = _depth(node, expanded)
    if depth > MAX_EXPANDED_DEPTH:
        raise _TooLarge(TOO_DEEP, last_macro)
    return Expansion(result, size, depth)


def _depth(node: ast.Element, expanded: Expansions) -> int:
    """How deep ``node`` nests once its macros (all in ``expanded``) are replaced."""
    if isinstance(node, ast.MacroRef):
        found = expanded.get(node.name)
        return found.depth if found else 1
    return 1 + max((_depth(child, expanded) for child in ast.children(node)), default=0)


KNOWN_SHOWN = 16  # the macros an "unknown macro" error lists
TOO_DEEP = (f"macros nest this pattern deeper than {MAX_EXPANDED_DEPTH} levels (a macro "
            "that nests another, over and over?)")
TOO_LARGE = (f"macros expand this pattern to more than {MAX_EXPANDED_ELEMENTS} elements (a "
             "macro that uses another several times, over and over?)")
BROKEN = "macro ${} has errors (reported where it is defined)"


class _Broken(Exception):
    """A macro uses one that cannot be expanded."""


class _TooLarge(Exception):
    """An expansion past a limit: the message, and the ``$name`` that went past it."""

    def __init__(self, message: str, where: ast.Pos) -> None:
        super().__init__(message)
        self.message, self.where = message, where


def check_labels(node: ast.Element, known: Iterable[str]) -> None:
    """Every ``@LABEL`` and ``[@LABEL]`` must name a lexicon, annotator or rule tag."""
    known = set(known)
    for element in ast.walk(node):
        labels: list[tuple[str, ast.Pos]] = []
        if isinstance(element, ast.MentionRef):
            labels.append((element.label, element.pos))
        elif isinstance(element, ast.Token):
            labels.extend((t.label, t.pos) for t in ast.test_nodes(element.test)
                          if isinstance(t, ast.ClassTest))
        for label, pos in labels:
            if label not in known:
                raise PatternError(f"unknown class @{label}",
                                   hint=_did_you_mean(label, known, "@")).at(pos)


def check_attributes(node: ast.Element, extra: Iterable[str] = ()) -> None:
    """Token tests may only read attributes the engine knows (or extensions declare)."""
    allowed = set(ATTRIBUTE_FEATURES) | set(extra)
    for element in ast.walk(node):
        if isinstance(element, ast.Token):
            for test in ast.test_nodes(element.test):
                if isinstance(test, ast.AttrTest | ast.SetTest):
                    name = test.attr[0]
                    if name not in allowed:
                        raise PatternError(f"unknown token attribute {name!r}",
                                           hint=_did_you_mean(name, allowed, "")).at(test.pos)
                    if name == "morph":
                        _check_morph(test)


def _check_morph(test: ast.AttrTest | ast.SetTest) -> None:
    """``morph.Feature=Value`` must name a feature and values the engine sets."""
    if len(test.attr) != 2:
        raise PatternError("morph takes one feature: morph.Mood=Sub1").at(test.pos)
    feature = test.attr[1]
    if feature not in MORPH_VALUES:
        raise PatternError(f"unknown morph feature {feature!r} (known: "
                           f"{', '.join(MORPH_VALUES)})",
                           hint=_did_you_mean(feature, MORPH_VALUES, "")).at(test.pos)
    known = MORPH_VALUES[feature]
    values = test.values if isinstance(test, ast.SetTest) else (test.value,)
    for value in values:
        if isinstance(value, ast.Literal):
            wanted = value.text.casefold() if value.ignore_case else value.text
            found = any((k.casefold() if value.ignore_case else k) == wanted for k in known)
            shown = repr(value.text)
        elif isinstance(value, ast.Regex):
            regex = compile_token_regex(value.source, value.ignore_case)
            found = any(regex.fullmatch(k) for k in known)
            shown = f"/{value.source}/"
        else:
            found, shown = False, repr(value)
        if not found:
            text = value.text if isinstance(value, ast.Literal) else ""
            close = [k for k in known if k in difflib.get_close_matches(text, known, n=3)]
            raise PatternError(f"morph.{feature} is never {shown} (its values: "
                               f"{', '.join(known)})",
                               hint=f"did you mean {' or '.join(close)}?" if close else None
                               ).at(test.pos)


def check_captures(node: ast.Element) -> list[str]:
    """Capture names in pattern order; a name used twice on one path is an error."""

    def names(element: ast.Element) -> list[tuple[str, ast.Pos]]:
        match element:
            case ast.ExtensionElement(kind=kind):
                # The matcher runs an extension element as one step and keeps no captures
                # from inside it, so a capture there would silently stay empty.
                for child in ast.children(element):
                    for inner in ast.walk(child):
                        if isinstance(inner, ast.Capture):
                            raise PatternError(
                                f"capture {inner.name!r} inside the extension construct "
                                f"{kind!r} would stay empty: capture around the construct"
                            ).at(inner.pos)
                return []
            case ast.Capture(name=name, item=item, pos=pos):
                return [(name, pos), *names(item)]
            case ast.ClauseFrame(verb_capture=verb_capture, roles=roles, pos=pos):
                found = [(verb_capture, pos)] if verb_capture else []
                return found + [(r.capture, r.pos) for r in roles if r.capture]
            case ast.Alternation(options=options):
                found: dict[str, tuple[str, ast.Pos]] = {}
                for option in options:
                    for name, pos in names(option):
                        found.setdefault(name, (name, pos))
                return list(found.values())
            case _:
                result = []
                for child in ast.children(element):
                    result.extend(names(child))
                return result

    seen: dict[str, ast.Pos] = {}
    for name, pos in names(node):
        if name in seen:
            raise PatternError(f"capture {name!r} is used twice in one pattern").at(pos)
        seen[name] = pos
    return list(seen)


def features(node: ast.Element) -> set[str]:
    """Annotation features a pattern reads: token attributes, class/mention labels, and what
    extension constructs declare (``GrammarExtension.features``)."""
    needed: set[str] = set()
    for element in ast.walk(node):
        if isinstance(element, ast.MentionRef):
            needed.add(element.label)
        elif isinstance(element, ast.ClauseFrame):
            needed.add("clauses")
        elif isinstance(element, ast.ExtensionElement):
            needed |= element.features
        elif isinstance(element, ast.Token):
            for test in ast.test_nodes(element.test):
                if isinstance(test, ast.AttrTest | ast.SetTest):
                    feature = ATTRIBUTE_FEATURES.get(test.attr[0], test.attr[0])
                    if feature:
                        needed.add(feature)
                elif isinstance(test, ast.ClassTest):
                    needed.add(test.label)
                elif isinstance(test, ast.ExtensionTest):
                    needed |= test.features
    return needed


def can_be_empty(node: ast.Element) -> bool:
    """Whether the element can match zero tokens."""
    match node:
        case ast.Token() | ast.MentionRef():
            return False
        case ast.Sequence(items=items):
            return all(can_be_empty(i) for i in items)
        case ast.Alternation(options=options):
            return any(can_be_empty(o) for o in options)
        case ast.Repeat(item=item, minimum=minimum):
            return minimum == 0 or can_be_empty(item)
        case ast.Gap(minimum=minimum):
            return minimum == 0
        case ast.Capture(item=item):
            return can_be_empty(item)
        case ast.Lookahead() | ast.Anchor():
            return True
        case ast.ExtensionElement() | ast.ClauseFrame():
            return False
    return True


def lint(node: ast.Element) -> list[Finding]:
    """Warnings for legal but suspect patterns: empty matches, nested unbounded repeats."""
    findings: list[Finding] = []
    if can_be_empty(node):
        findings.append(Finding("warning", "pattern can match the empty string", node.pos))

    def nested_unbounded(element: ast.Element, inside: bool) -> None:
        if isinstance(element, ast.Repeat) and element.maximum is None:
            if inside:
                findings.append(Finding(
                    "warning", "unbounded repetition inside another: slow on long sentences; "
                    "bound it with {m,n}", element.pos))
            inside = True
            if can_be_empty(element.item):
                findings.append(Finding(
                    "warning", "unbounded repetition of something that can be empty",
                    element.pos))
        for child in ast.children(element):
            nested_unbounded(child, inside)

    nested_unbounded(node, False)
    return findings


def _did_you_mean(name: str, known: Iterable[str], sigil: str) -> str | None:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not close and name.upper() in known:
        close = [name.upper()]
    return f"did you mean {sigil}{close[0]}?" if close else None
