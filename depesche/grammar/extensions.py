"""Grammar extensions: new pattern constructs contributed from outside depesche.

An extension supplies a Lark grammar fragment that adds alternatives to the documented
extension points (``%extend test_ext: …`` for a token test, ``%extend element_ext: …``
for a sequence element), builders that turn the new parse-tree nodes into AST nodes
(:class:`~depesche.grammar.ast.ExtensionTest` / ``ExtensionElement``), and compilers the
engine uses to turn those into matcher parts. Extensions are found in the
``depesche.extensions`` entry point group or named by a rule pack; nothing runs unless a
user installed or named it.

:func:`compose` joins the base grammar and the fragments and checks them before any pattern
is parsed, so that a broken fragment or two extensions that collide are reported when they
are loaded — located in the fragment (``file:line:col``) — and never as a wrong parse later.
Lark's strict mode finds terminal collisions and LALR conflicts; the checks here find what
Lark accepts but would silently change a pattern's meaning (an extension that redefines a
base rule, reuses a base tree name, or claims another extension's builder or kind).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from depesche.errors import ExtensionError, SourceLocation
from depesche.grammar.ast import Pos

Builder = Callable[[list[Any], Pos], Any]

# The rules of pattern.lark that extensions may add alternatives to (docs/extending.md).
EXTENSION_POINTS = {"test_ext": "test", "element_ext": "element"}
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")


@dataclass(frozen=True, eq=False)
class GrammarExtension:
    """A named grammar fragment with the code that builds and compiles its nodes.

    ``builders`` maps a rule name or alias of ``grammar`` to ``(children, pos) -> node``:
    ``children`` are the node's children already converted (terminals as ``str``, base rules
    as AST nodes, the extension's own rules as their builders made them) and ``pos`` is the
    node's place in the pattern text. ``test_compilers`` maps an ``ExtensionTest.kind`` to
    ``node -> (token -> bool)``; ``element_compilers`` maps an ``ExtensionElement.kind`` to
    ``node -> matcher``, where a matcher is ``(context, position) -> iterable of end
    positions`` (best first). ``features`` are the annotation features its constructs read
    (``lemma``, ``morph`` or one its own annotator provides): the engine computes them only
    when a rule uses one of the constructs. ``source`` is the file the fragment comes from
    and ``source_line`` the line of that file where the fragment's first line stands, so
    errors in the fragment point there.

    Extensions compare by identity (``eq=False``): the parser cache keys on their grammar.
    """

    name: str
    grammar: str
    builders: Mapping[str, Builder] = field(default_factory=dict)
    test_compilers: Mapping[str, Callable[[Any], Callable[[Any], bool]]] = field(
        default_factory=dict)
    element_compilers: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    features: frozenset[str] = frozenset()
    source: str | None = None
    source_line: int = 1

    @classmethod
    def from_file(cls, name: str, path: str | Path, **parts: Any) -> GrammarExtension:
        """An extension whose fragment is the ``.lark`` file at ``path`` (errors point into it)."""
        path = Path(path)
        return cls(name, path.read_text(encoding="utf-8"), source=str(path), **parts)


def base_grammar() -> str:
    """The text of the base grammar, ``pattern.lark``."""
    return resources.files("depesche.grammar").joinpath("pattern.lark").read_text("utf-8")


@dataclass(frozen=True)
class _Placed:
    """Where an extension's fragment stands in the effective grammar (1-based first line)."""

    extension: GrammarExtension
    first_line: int
    lines: tuple[str, ...]


def _assemble(extensions: Sequence[GrammarExtension]) -> tuple[str, list[_Placed]]:
    text = base_grammar().rstrip("\n") + "\n"
    placed: list[_Placed] = []
    for ext in extensions:
        origin = f" ({ext.source})" if ext.source else ""
        text += f"\n// ---- extension {ext.name}{origin}\n"
        fragment = ext.grammar.rstrip() + "\n"
        placed.append(_Placed(ext, text.count("\n") + 1, tuple(fragment.splitlines())))
        text += fragment
    return text, placed


def effective_grammar(extensions: Sequence[GrammarExtension] = ()) -> str:
    """The base grammar followed by each extension's fragment, as Lark compiles it."""
    return _assemble(extensions)[0]


@dataclass(frozen=True)
class Composition:
    """A compiled grammar: the Lark parser, the builders by tree name, and each tree's role.

    ``roles`` says of the tree names that extensions add directly to an extension point
    whether their builder must return a token test or an element; ``features`` are each
    extension's declared features, by extension name, for the nodes its builders make.
    """

    lark: Lark
    builders: Mapping[str, Builder]
    roles: Mapping[str, str]
    features: Mapping[str, frozenset[str]]


_CHECKED: dict[tuple[Any, ...], tuple[Lark, dict[str, str]]] = {}
_LARKS: dict[tuple[tuple[str, str], ...], Lark] = {}
_CACHE_SIZE = 16


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value


def compose(extensions: Sequence[GrammarExtension] = ()) -> Composition:
    """The checked, compiled grammar of base + ``extensions``.

    Raises a located :class:`ExtensionError` for a fragment that does not compile, one that
    changes the base grammar, names without builders, and conflicts between extensions.
    Compiling and checking are cached by what they depend on (names, fragments, builder and
    kind names), so parsing many patterns with the same extensions compiles once.
    """
    key = tuple((ext.name, ext.grammar, tuple(ext.builders), tuple(ext.test_compilers),
                 tuple(ext.element_compilers)) for ext in extensions)
    checked = _CHECKED.get(key)
    if checked is None:
        checked = _check(extensions)
        _remember(_CHECKED, key, checked)
    lark, roles = checked
    builders: dict[str, Builder] = {}
    for ext in extensions:
        builders.update(ext.builders)
    features = {ext.name: frozenset(ext.features) for ext in extensions}
    return Composition(lark, builders, roles, features)


def _check(extensions: Sequence[GrammarExtension]) -> tuple[Lark, dict[str, str]]:
    _check_names(extensions)
    base = _compile(())
    for ext in extensions:
        _check_alone(ext, base)
    try:
        lark = _compile(tuple(extensions))
    except ExtensionError as error:
        raise _conflict(extensions, error) from None
    roles = {(rule.alias or rule.origin.name): EXTENSION_POINTS[rule.origin.name]
             for rule in lark.rules if rule.origin.name in EXTENSION_POINTS}
    return lark, roles


def _lark(text: str) -> Lark:
    return Lark(text, parser="lalr", lexer="contextual", propagate_positions=True,
                maybe_placeholders=False, strict=True)


def _compile(extensions: tuple[GrammarExtension, ...]) -> Lark:
    """Compile base + ``extensions``; a Lark error becomes an ExtensionError in a fragment."""
    key = tuple((ext.name, ext.grammar) for ext in extensions)
    cached = _LARKS.get(key)
    if cached is not None:
        return cached
    text, placed = _assemble(extensions)
    try:
        lark = _lark(text)
    except (LarkError, UnexpectedInput) as error:
        if not extensions:
            raise  # the base grammar is ours and tested: a failure here is a bug, not input
        raise _locate_lark_error(error, placed) from None
    _remember(_LARKS, key, lark)
    return lark


def _conflict(extensions: Sequence[GrammarExtension], error: ExtensionError) -> ExtensionError:
    """Each extension compiles alone but not all together: name the first pair that clashes."""
    for later in range(1, len(extensions)):
        for earlier in range(later):
            pair = (extensions[earlier], extensions[later])
            try:
                _compile(pair)
            except ExtensionError as clash:
                detail = clash.message.split(" does not compile: ", 1)[-1]
                return ExtensionError(f"extensions {pair[0].name!r} and {pair[1].name!r} "
                                      f"conflict: {detail}", clash.location)
    return error


def _check_names(extensions: Sequence[GrammarExtension]) -> None:
    """Names, builder keys and compiler kinds must be unique across extensions."""
    seen: dict[str, GrammarExtension] = {}
    claims: dict[tuple[str, str], GrammarExtension] = {}
    for ext in extensions:
        if not NAME_PATTERN.match(ext.name):
            raise ExtensionError(f"bad extension name {ext.name!r}: use lower case letters, "
                                 "digits and '_', starting with a letter",
                                 _fragment_location(ext, 1, 1))
        if ext.name in seen:
            raise ExtensionError(f"two extensions are named {ext.name!r} "
                                 f"({_origin(seen[ext.name])} and {_origin(ext)})",
                                 _fragment_location(ext, 1, 1))
        seen[ext.name] = ext
        for what, names in (("builder", ext.builders), ("token test kind", ext.test_compilers),
                            ("element kind", ext.element_compilers)):
            for name in names:
                other = claims.get((what, name))
                if other is not None:
                    raise ExtensionError(
                        f"extensions {other.name!r} and {ext.name!r} both define the {what} "
                        f"{name!r}: prefix your names with the extension's name",
                        _name_location(ext, name))
                claims[(what, name)] = ext


def _rule_key(rule: Any) -> tuple[str, tuple[str, ...], str | None]:
    return str(rule.origin.name), tuple(s.name for s in rule.expansion), rule.alias


def _check_alone(ext: GrammarExtension, base: Lark) -> None:
    """Compile ``ext`` with the base grammar alone and check what it adds."""
    lark = _compile((ext,))
    if set(lark.ignore_tokens) != set(base.ignore_tokens):
        raise ExtensionError(f"extension {ext.name!r} changes what patterns ignore (%ignore): "
                             "that would change the meaning of every pattern",
                             _name_location(ext, "%ignore"))
    base_rules = {_rule_key(r) for r in base.rules}
    base_names = {r.origin.name for r in base.rules} | {r.alias for r in base.rules if r.alias}
    added = [r for r in lark.rules if _rule_key(r) not in base_rules]
    tree_names: set[str] = set()
    for rule in added:
        origin = str(rule.origin.name)
        if origin in base_names and origin not in EXTENSION_POINTS and not origin.startswith("_"):
            raise ExtensionError(
                f"extension {ext.name!r} changes the base rule {origin!r}: extensions may only "
                f"add alternatives to {' and '.join(EXTENSION_POINTS)}",
                _name_location(ext, origin))
        if origin in EXTENSION_POINTS and not rule.alias and (
                len(rule.expansion) != 1 or rule.expansion[0].is_term):
            raise ExtensionError(
                f"extension {ext.name!r} adds an alternative to {origin} without a name: end "
                f"it with an alias (-> {ext.name}_…) and give that a builder",
                _name_location(ext, origin))
        if rule.alias in base_names:
            raise ExtensionError(
                f"extension {ext.name!r} names a tree {rule.alias!r}, as the base grammar "
                f"does: prefix it, e.g. -> {ext.name}_{rule.alias}",
                _name_location(ext, rule.alias))
        name = rule.alias or origin
        if name in EXTENSION_POINTS and not rule.alias:
            continue
        if not name.startswith("_") and (rule.alias or not rule.options.expand1):
            tree_names.add(name)
    _check_probes(ext, lark, base)
    missing = sorted(tree_names - set(ext.builders))
    if missing:
        raise ExtensionError(f"extension {ext.name!r} has no builder for its rule {missing[0]!r}",
                             _name_location(ext, missing[0]))
    own_rules = {str(r.origin.name) for r in added if not r.origin.name.startswith("_")}
    unused = sorted(set(ext.builders) - tree_names - own_rules)
    if unused:
        raise ExtensionError(f"extension {ext.name!r} has a builder for {unused[0]!r}, which "
                             "its grammar never makes (a typo in the rule name or alias?)",
                             _fragment_location(ext, 1, 1))


def _probes() -> tuple[str, ...]:
    """Patterns of the base language that every extension must leave as they parse.

    Every token attribute in each form of test, and each sequence construct: an
    extension keyword that a base pattern also uses (``"lemma"``) would be lexed as the
    keyword and make every ``[lemma=…]`` of a pack fail to parse.
    """
    from depesche.grammar.passes import ATTRIBUTE_FEATURES

    tests = [f"[{a}=drohen]" for a in ATTRIBUTE_FEATURES]
    tests += [f"[{a}!=drohen]" for a in ATTRIBUTE_FEATURES]
    tests += [f"[{a}={{drohen, warnen}}]" for a in ATTRIBUTE_FEATURES]
    return (*tests, "[morph.Mood=Sub1 & !pos=/VV.*/ | @ACTOR]", '"droht"', "@ACTOR $verb",
            "wer: [lemma=drohen]", "(?<wer> [lemma=drohen]) ~{0,3} [lemma=mit]{1,2}?",
            "^ (?= [lemma=drohen]) (?! [lemma=nicht]) ([lemma=a] | [lemma=b])* $")


def _check_probes(ext: GrammarExtension, lark: Lark, base: Lark) -> None:
    """Refuse an extension that changes how a pattern of the base language parses."""
    keywords = [str(t.pattern.value) for t in lark.terminals
                if t.pattern.type == "str" and t.name not in {b.name for b in base.terminals}]
    for probe in _probes():
        expected = base.parse(probe)
        try:
            changed = lark.parse(probe) != expected
        except UnexpectedInput:
            changed = True
        if not changed:
            continue
        stolen = next((k for k in keywords if re.search(rf"(?<!\w){re.escape(k)}(?!\w)", probe)),
                      None)
        where = _find_literal(ext, stolen) if stolen else None
        what = f"its keyword {stolen!r} is" if stolen else "it is"
        raise ExtensionError(
            f"extension {ext.name!r} changes how other patterns parse: {what} read where "
            f"the base language has its own meaning, so {probe!r} no longer parses as it "
            "did; choose a keyword of its own (e.g. prefixed with the extension's name)",
            where or _fragment_location(ext, 1, 1))


def _find_literal(ext: GrammarExtension, value: str) -> SourceLocation | None:
    """Where the anonymous string ``"value"`` first stands in ``ext``'s fragment."""
    for number, line in enumerate(ext.grammar.rstrip().splitlines(), 1):
        column = line.split("//", 1)[0].find(f'"{value}"')
        if column >= 0:
            return _fragment_location(ext, number, column + 1)
    return None


# ---------------------------------------------------------------- locating errors

_LINE_COLUMN = re.compile(r",? at line (\d+),? column (\d+)|line (\d+),? column (\d+)")
# Grammar symbols Lark names in its messages: 'quoted', Terminal('X'), <rule : expansion>.
_SYMBOL = re.compile(r"'([A-Za-z_]\w*)'|<([a-z_]\w*) :|\b([A-Z][A-Z0-9_]+)\b"
                     r"|\brule ([a-z_]\w*)")


def _origin(ext: GrammarExtension) -> str:
    return ext.source or f"<extension {ext.name}>"


def _fragment_location(ext: GrammarExtension, line: int, column: int) -> SourceLocation:
    """The file location of ``line:column`` of ``ext``'s fragment."""
    lines = ext.grammar.rstrip().splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else None
    return SourceLocation(_origin(ext), ext.source_line + line - 1, column, text)


def _uses(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w\"]){re.escape(name)}(?![\w\"])")


def _name_location(ext: GrammarExtension, name: str) -> SourceLocation:
    """Where ``name`` is defined in ``ext``'s fragment (else first used; else its start)."""
    found = _find_name(ext, name)
    return found if found is not None else _fragment_location(ext, 1, 1)


def _find_name(ext: GrammarExtension, name: str) -> SourceLocation | None:
    lines = ext.grammar.rstrip().splitlines()
    definition = re.compile(rf"^\s*(?:%(?:extend|override)\s+)?[?!]?({re.escape(name)})\s*[:.]")
    for pattern in (definition, _uses(name)):
        for number, line in enumerate(lines, 1):
            code = line.split("//", 1)[0]
            found = pattern.search(code)
            if found:
                return _fragment_location(ext, number, found.start(found.lastindex or 0) + 1)
    return None


def _summary(error: Exception) -> str:
    """Lark's message in one line: its first paragraph, without positions and noise."""
    if isinstance(error, UnexpectedToken):
        expected = ", ".join(sorted(error.expected)) if error.expected else ""
        value = "end of line" if error.token.type == "_NL" else repr(str(error.token))
        return f"unexpected {value}" + (f" (expected {expected})" if expected else "")
    if isinstance(error, UnexpectedCharacters):
        return f"unexpected character {error.char!r}"
    text = str(error).strip().split("\n\n")[0]
    text = _LINE_COLUMN.sub("", text).replace("[strict-mode]", "")
    text = re.sub(r"\s+in <string>(?=:|$)|:\s*$", "", text)
    return re.sub(r"\s+", " ", text).strip(" .:") or type(error).__name__


def _locate_lark_error(error: Exception, placed: list[_Placed]) -> ExtensionError:
    """Map a Lark error about the effective grammar to the fragment it is about."""
    text = str(error)
    summary = _summary(error)
    line_column = _LINE_COLUMN.search(text)
    if isinstance(error, UnexpectedInput):
        line, column = error.line, error.column
    elif line_column:
        numbers = [int(g) for g in line_column.groups() if g]
        line, column = numbers[0], numbers[1]
    else:
        line = column = 0
    if line:
        for item in reversed(placed):
            if line >= item.first_line:
                return ExtensionError(
                    f"grammar of extension {item.extension.name!r} does not compile: {summary}",
                    _fragment_location(item.extension, line - item.first_line + 1, column))
    paragraph = text.strip().split("\n\n")[0]
    for match in _SYMBOL.finditer(paragraph):
        name = next(g for g in match.groups() if g)
        for item in reversed(placed):
            where = _find_name(item.extension, name)
            if where is not None:
                return ExtensionError(
                    f"grammar of extension {item.extension.name!r} does not compile: {summary}",
                    where)
    last = placed[-1].extension
    return ExtensionError(f"grammar of extension {last.name!r} does not compile: {summary}",
                          _name_location(last, "%extend"))
