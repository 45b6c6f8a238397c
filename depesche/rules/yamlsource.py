"""Safe YAML with source positions: the one boundary where PyYAML's errors are translated.

``load_yaml`` composes the document with PyYAML's *safe* composer (no Python tags, so a
pack can never run code) and converts the node tree to plain ``dict``/``list``/scalars,
remembering where each value stood. ``Node`` wraps a value with its location; for block
scalars (``|``, ``>``) it also knows where the text starts, so errors inside a pattern can
point at the right line and column of the file.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

import yaml

from depesche.errors import RuleError, SourceLocation

# libyaml's composer (PyYAML's C binding, in its wheels) is ten times faster than the
# pure-Python one and gives the same nodes and marks. A file it refuses is composed again
# by the pure-Python one, whose messages say more ("expected ',' or ']', but got '<stream
# end>'" where libyaml says "did not find expected ',' or ']'").
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# libyaml composes nested nodes by recursion in C and crashes the process somewhere past
# 20,000 levels; a text that could nest deeper than this goes to the pure-Python composer,
# whose recursion ends in a RecursionError.
FAST_LOADER_DEPTH = 5_000
# Nodes that aliases may add by expanding what their anchors name: an alias bomb ("billion
# laughs") composes in a few nodes and expands to billions, so it is refused here, while a
# large honest file (a lexicon of 40,000 entries: about a million nodes) has no such cap.
MAX_ALIAS_NODES = 100_000
MAX_DEPTH = 100  # rule files are shallow; deeper nesting is an attack or an accident


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value with where it stands: ``line``/``column`` are 1-based.

    ``style`` is the scalar style (``None`` plain, ``'"'``/``"'"`` quoted, ``"|"``/``">"``
    block); ``body_line`` is the first line of a block scalar's text. ``end_line`` and
    ``end_column`` are where the node ends (1-based; for a block collection, where the
    next token starts), for edits that insert text after a node.
    """

    value: Any
    path: str
    line: int
    column: int
    style: str | None = None
    body_line: int | None = None
    body_column: int | None = None
    end_line: int = 0
    end_column: int = 0

    def location(self, lines: list[str] | None = None) -> SourceLocation:
        text = lines[self.line - 1] if lines and 0 < self.line <= len(lines) else None
        return SourceLocation(self.path, self.line, self.column, text)


@dataclass(slots=True)
class YamlFile:
    """A parsed YAML file: its path, lines (for carets) and the root as ``Node`` trees."""

    path: str
    lines: list[str]
    root: Node

    def where(self, line: int, column: int) -> SourceLocation:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        return SourceLocation(self.path, line, column, text)

    def at(self, node: Node) -> SourceLocation:
        return self.where(node.line, node.column)


def load_yaml(text: str, path: str) -> YamlFile:
    """Parse ``text`` safely into a :class:`YamlFile`, or raise a located :class:`RuleError`.

    The cyclic garbage collector pauses meanwhile: a large file makes millions of objects,
    none of them garbage, and collections that walked them all took half the time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_yaml(text, path)
    finally:
        if enabled:
            gc.enable()


def _load_yaml(text: str, path: str) -> YamlFile:
    lines = text.splitlines()
    try:
        composed = _compose(text, lines)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = error.problem or error.context or "YAML syntax error"
        source = lines[line - 1] if 0 < line <= len(lines) else None
        raise RuleError(f"YAML: {message}", SourceLocation(path, line, column, source)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow: no mark
        char = chr(error.character) if isinstance(error.character, int) else error.character
        line, column = _line_and_column(text, error.position)
        raise RuleError(f"YAML: character U+{ord(char):04X} is not allowed ({error.reason})",
                        SourceLocation(path, line, column, _line(lines, line))) from None
    except yaml.YAMLError as error:
        raise RuleError(f"YAML: {error}", SourceLocation(path)) from None
    except RecursionError:
        raise RuleError(f"YAML nested deeper than {MAX_DEPTH} levels",
                        _too_deep(text, path, lines)) from None
    root = Node({}, path, 1, 1) if composed is None else _convert(
        composed, path, lines, _Expansion())
    return YamlFile(path, lines, root)


def _line(lines: list[str], line: int) -> str | None:
    return lines[line - 1] if 0 < line <= len(lines) else None


def _line_and_column(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of character ``position``, lines as ``splitlines`` cuts
    them (which is how :class:`YamlFile` keeps them for carets)."""
    before = text[:position].splitlines(keepends=True)
    if not before:
        return 1, 1
    if before[-1].splitlines()[0] != before[-1]:  # the character starts a line
        return len(before) + 1, 1
    return len(before), len(before[-1]) + 1


def _too_deep(text: str, path: str, lines: list[str]) -> SourceLocation:
    """Where ``text`` first nests deeper than :data:`MAX_DEPTH`: the composer's recursion
    ran out, and the parser's events (no recursion) say where."""
    depth, mark = 0, None
    try:  # the pure-Python parser: libyaml's stops at its own nesting limit, past ours
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    break
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:  # a syntax error first
        mark = error.problem_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return SourceLocation(path, line, column, _line(lines, line))


def _compose(text: str, lines: list[str]) -> yaml.Node | None:
    """The node tree of ``text``; a refused file raises the pure-Python composer's error."""
    # Flow nesting needs an opening bracket per level, block nesting a column per level.
    depth_bound = text.count("[") + text.count("{") + max(map(len, lines), default=0)
    if FAST_LOADER is not yaml.SafeLoader:
        try:
            if depth_bound <= FAST_LOADER_DEPTH or _nesting_fits(text):
                return yaml.compose(text, Loader=FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _nesting_fits(text: str) -> bool:
    """Whether ``text`` nests no deeper than libyaml's composer may recurse: counted on
    libyaml's parser events, which come without recursion, for a text the quick bound
    leaves in doubt (a lexicon of 40,000 one-line entries has 80,000 brackets, and the
    pure-Python composer took 25 s for it where libyaml takes 5)."""
    depth = 0
    for event in yaml.parse(text, Loader=FAST_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > FAST_LOADER_DEPTH:
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return True


class _Expansion:
    """What a conversion has seen: the composed nodes met so far (an alias is the node of
    its anchor met again) and how many nodes the aliases have added."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.added = 0


def _convert(node: yaml.Node, path: str, lines: list[str], expansion: _Expansion,
             depth: int = 0, parent: yaml.Node | None = None,
             aliased: yaml.Node | None = None) -> Node:
    """``aliased``: the collection holding the alias whose expansion ``node`` is part of."""
    # ``depth`` counts the collections above ``node``: a collection at depth MAX_DEPTH is one
    # level too deep, where the parser's events in :func:`_too_deep` also place it.
    if depth >= MAX_DEPTH and isinstance(node, yaml.CollectionNode):
        raise RuleError(f"YAML nested deeper than {MAX_DEPTH} levels",
                        SourceLocation(path, node.start_mark.line + 1, node.start_mark.column + 1))
    # The composer gives an alias the very node of its anchor: a node met again, and all
    # under it, is what aliases add.
    if aliased is None and id(node) in expansion.seen:
        aliased = parent or node
    if aliased is not None:
        expansion.added += 1
        if expansion.added > MAX_ALIAS_NODES:
            mark = aliased.start_mark
            raise RuleError(f"YAML aliases expand to more than {MAX_ALIAS_NODES:,} nodes "
                            "(an alias bomb?)", SourceLocation(
                                path, mark.line + 1, mark.column + 1,
                                lines[mark.line] if mark.line < len(lines) else None))
    else:
        expansion.seen.add(id(node))
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    end = (node.end_mark.line + 1, node.end_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        value = yaml.SafeLoader.construct_scalar(_CONSTRUCTOR, node)
        if node.tag != "tag:yaml.org,2002:str":
            try:
                value = _CONSTRUCTOR.construct_object(node, deep=True)
            except yaml.YAMLError as error:
                raise RuleError(f"YAML: {error}", SourceLocation(path, line, column)) from None
        style = node.style or None  # libyaml says '' for plain, PyYAML None
        body_line = body_column = None
        if style in ("|", ">"):
            body_line, body_column = _block_body_start(lines, line)
        return Node(value, path, line, column, style, body_line, body_column, *end)
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(item, path, lines, expansion, depth + 1, node, aliased)
                 for item in node.value]
        return Node(items, path, line, column, end_line=end[0], end_column=end[1])
    if isinstance(node, yaml.MappingNode):
        mapping: dict[str, tuple[Node, Node]] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, path, lines, expansion, depth + 1, node, aliased)
            if not isinstance(key.value, str | int | float | bool):
                raise RuleError("YAML: mapping keys must be plain scalars",
                                SourceLocation(path, key.line, key.column))
            name = str(key.value)
            if name in mapping:
                source = lines[key.line - 1] if key.line <= len(lines) else None
                raise RuleError(f"duplicate key {name!r}",
                                SourceLocation(path, key.line, key.column, source))
            mapping[name] = (key, _convert(value_node, path, lines, expansion, depth + 1,
                                           node, aliased))
        return Node(mapping, path, line, column, end_line=end[0], end_column=end[1])
    raise RuleError("YAML: unsupported node", SourceLocation(path, line, column))


_CONSTRUCTOR = yaml.SafeLoader("")


def _block_body_start(lines: list[str], header_line: int) -> tuple[int, int]:
    """First non-blank line after a block scalar's header, and its indentation + 1."""
    for number in range(header_line + 1, len(lines) + 1):
        text = lines[number - 1]
        if text.strip():
            return number, len(text) - len(text.lstrip(" ")) + 1
    return header_line + 1, 1


def plain(node: Node) -> Any:
    """The Python value of a node tree, positions dropped."""
    value = node.value
    if isinstance(value, dict):
        return {key: plain(item) for key, (_, item) in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
