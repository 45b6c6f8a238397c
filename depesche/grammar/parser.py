"""Pattern text → AST: the only module that parses patterns with Lark.

``parse_pattern`` parses with the LALR parser built from ``pattern.lark`` (plus any grammar
extensions, composed and checked by ``grammar.extensions``) and converts the parse tree to
:mod:`depesche.grammar.ast` nodes. Lark's errors are translated here, once, into
:class:`PatternSyntaxError` with the line and column *in the pattern text*; the rule loader
shifts them into the YAML file.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from depesche.errors import DepescheError, PatternSyntaxError, SourceLocation
from depesche.grammar import ast
from depesche.grammar.extensions import (
    Composition,
    GrammarExtension,
    base_grammar,
    compose,
    effective_grammar,
)
from depesche.grammar.regex import RegexError, compile_token_regex

__all__ = ["base_grammar", "build_parser", "effective_grammar", "parse_pattern"]

MAX_PATTERN_LENGTH = 20_000
MAX_NESTING = 64


def build_parser(extensions: Sequence[GrammarExtension] = ()) -> Lark:
    """Build (once, cached) the parser for the base grammar with ``extensions``.

    Extension fragments are checked here (``grammar.extensions.compose``): a fragment that
    does not compile or collides raises a located :class:`ExtensionError`.
    """
    return compose(extensions).lark


# Friendly messages for common mistakes, tried in order against Lark's error, as Lark's
# ``match_examples`` does with example inputs (see tests/test_pattern_errors.py). Brackets
# that are never closed or close nothing are found before these (``_unbalanced``).
ERROR_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("[lemma=]", "missing value after '=' (quote empty or special values: word=\"…\")"),
    ("[=x]", "missing attribute name before '='"),
    ("[a=x] **", "a quantifier needs something before it to repeat"),
    ("* [a=x]", "a quantifier needs something before it to repeat"),
    ("[a=x] | | [b=y]", "empty alternative: remove the extra '|'"),
    ("@actor", "labels are upper case: @ACTOR"),
    ("drohen", "bare words are not patterns: write [lemma=drohen] or \"drohen\""),
)


def _example_message(error: UnexpectedInput, text: str) -> str | None:
    parser = build_parser()
    for example, message in ERROR_EXAMPLES:
        try:
            parser.parse(example)
        except UnexpectedInput as expected:
            if (type(expected) is type(error) and expected.state == error.state
                    and _token_type(expected) == _token_type(error)):
                return message
    return None


def _token_type(error: UnexpectedInput) -> str | None:
    token = getattr(error, "token", None)
    return getattr(token, "type", None)


def _describe(error: UnexpectedInput, text: str) -> str:
    if isinstance(error, UnexpectedCharacters):
        char = text[error.pos_in_stream] if error.pos_in_stream < len(text) else "end"
        return f"unexpected character {char!r}"
    if isinstance(error, UnexpectedEOF):
        return "pattern ends too early"
    if isinstance(error, UnexpectedToken):
        if error.token.type == "$END":
            return "pattern ends too early"
        return f"unexpected {error.token.value!r}"
    return "syntax error"


def parse_pattern(text: str, *, path: str = "<pattern>",
                  extensions: Sequence[GrammarExtension] = ()) -> ast.Element:
    """Parse a pattern into its AST, or raise a :class:`PatternSyntaxError` located in ``text``."""
    if "\x01" in text or "\x00" in text:
        raise PatternSyntaxError("control characters are not allowed in patterns",
                                 SourceLocation(path, 1, 1))
    if len(text) > MAX_PATTERN_LENGTH:
        raise PatternSyntaxError(f"pattern longer than {MAX_PATTERN_LENGTH} characters",
                                 SourceLocation(path, 1, 1))
    _check_nesting(text, path)
    lines = text.splitlines() or [""]
    composition = compose(extensions)
    try:
        tree = composition.lark.parse(text)
    except UnexpectedInput as error:
        line, column = max(error.line, 1), max(error.column, 1)
        if isinstance(error, UnexpectedToken) and error.token.type == "$END":
            line, column = len(lines), len(lines[-1]) + 1
        unbalanced = _unbalanced(text)
        if unbalanced is not None:
            # The parser stumbles where the missing bracket shows (often a line later);
            # the mistake is the opener that is never closed, so point there.
            offset, message = unbalanced
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        else:
            message = _example_message(error, text) if not extensions else None
            detail = _describe(error, text)
            message = f"{detail}: {message}" if message else detail
        source = lines[line - 1] if 0 < line <= len(lines) else None
        raise PatternSyntaxError(message, SourceLocation(path, line, column, source)) from None
    try:
        result = _ToAst(composition).transform(tree)
    except VisitError as error:
        raise _in_pattern(error.orig_exc, path, lines) from None
    except DepescheError as error:  # raised by an extension builder (see _ToAst.__default__)
        raise _in_pattern(error, path, lines) from None
    return _simplify(result)


def _in_pattern(error: BaseException, path: str, lines: list[str]) -> DepescheError:
    """An error from building the AST, located in the pattern text at ``path``."""
    if not isinstance(error, DepescheError):
        raise error
    where = error.location
    line, column = (where.line or 1, where.column or 1) if where else (1, 1)
    source = lines[line - 1] if 0 < line <= len(lines) else None
    error.location = SourceLocation(path, line, column, source)
    return error


BRACKETS = {"[": "]", "(": ")", "{": "}"}
UNCLOSED = {"[": "unclosed token test: missing ']'", "(": "unclosed group: missing ')'",
            "{": "unclosed repetition: missing '}'"}


def _unbalanced(text: str) -> tuple[int, str] | None:
    """The offset of the first bracket that is never closed or closes nothing, and why.

    Strings, regular expressions and comments are skipped as the lexer reads them
    (``STRING``, ``REGEX`` and ``COMMENT`` in pattern.lark: none spans a line end), so a
    ``]`` inside ``/[a-z]/`` or ``"]"`` is not a bracket. None when brackets balance.
    """
    stack: list[tuple[str, int]] = []
    offset = 0
    while offset < len(text):
        char = text[offset]
        if char in "\"'/#":
            offset = _skip_literal(text, offset)
            continue
        if char in BRACKETS:
            stack.append((char, offset))
        elif char in ")]}":
            if not stack:
                return offset, f"unmatched {char!r}"
            opener, where = stack.pop()
            if BRACKETS[opener] != char:
                return where, UNCLOSED[opener]
        offset += 1
    if stack:
        opener, where = stack[-1]
        return where, UNCLOSED[opener]
    return None


def _skip_literal(text: str, offset: int) -> int:
    """The offset after the string, regex or comment that starts at ``offset``."""
    end_of_line = text.find("\n", offset)
    end_of_line = len(text) if end_of_line < 0 else end_of_line
    if text[offset] == "#":
        return end_of_line
    quote = text[offset]
    index = offset + 1
    while index < end_of_line:
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    return end_of_line


def _check_nesting(text: str, path: str) -> None:
    """Refuse absurdly deep nesting before Lark recurses into it."""
    depth = 0
    for offset, char in enumerate(text):
        if char in "([":
            depth += 1
            if depth > MAX_NESTING:
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                raise PatternSyntaxError(f"pattern nested deeper than {MAX_NESTING} levels",
                                         SourceLocation(path, line, column))
        elif char in ")]":
            depth = max(depth - 1, 0)


def _pos(meta: Any) -> ast.Pos:
    if getattr(meta, "empty", True):
        return ast.NOWHERE
    return ast.Pos(meta.line, meta.column)


def _unquote(token: str) -> tuple[str, bool]:
    ignore_case = token.endswith("i") and token[-2] in "\"'"
    body = token[1:-2] if ignore_case else token[1:-1]
    return re.sub(r"\\(.)", r"\1", body), ignore_case


@v_args(meta=True)
class _ToAst(Transformer):
    """Lark parse tree → AST nodes (positions from ``propagate_positions``)."""

    def __init__(self, composition: Composition) -> None:
        super().__init__()
        self._builders = composition.builders
        self._roles = composition.roles
        self._features = composition.features

    def __default__(self, data: Any, children: list[Any], meta: Any) -> Any:
        name = str(data)
        builder = self._builders.get(name)
        if builder is None:
            raise PatternSyntaxError(f"no builder for grammar rule {name!r}",
                                     SourceLocation("<pattern>", *_line_col(meta)))
        # Builders see plain strings, not Lark tokens: no Lark object leaves this package.
        plain = [str(c) if isinstance(c, Token) else c for c in children]
        try:
            node = self._with_features(builder(plain, _pos(meta)))
        except DepescheError as error:
            if error.location is None:
                error.location = SourceLocation("<pattern>", *_line_col(meta))
            raise
        except Exception as error:  # a bug in the extension: say which rule, and where
            raise PatternSyntaxError(
                f"extension rule {name!r} failed: {type(error).__name__}: {error}",
                SourceLocation("<pattern>", *_line_col(meta))) from None
        role = self._roles.get(name)
        if role is not None:
            self._check_role(name, role, node, meta)
        return node

    def _with_features(self, node: Any) -> Any:
        """Give an extension node its extension's declared features (read lazily)."""
        if isinstance(node, ast.ExtensionTest | ast.ExtensionElement):
            declared = self._features.get(node.extension, frozenset())
            if not declared <= node.features:
                return replace(node, features=node.features | declared)
        return node

    @staticmethod
    def _check_role(name: str, role: str, node: Any, meta: Any) -> None:
        wanted = ast.TokenTest if role == "test" else ast.Element
        if not isinstance(node, wanted):
            kind = "token test (an ast.ExtensionTest)" if role == "test" else \
                "element (an ast.ExtensionElement)"
            raise PatternSyntaxError(
                f"extension rule {name!r} built a {type(node).__name__}, not a {kind}",
                SourceLocation("<pattern>", *_line_col(meta)))

    def start(self, meta: Any, children: list[Any]) -> ast.Element:
        return children[0]

    def sequence(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Sequence(tuple(children), _pos(meta))

    def alternation(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Alternation(tuple(children), _pos(meta))

    def item(self, meta: Any, children: list[Any]) -> ast.Element:
        element, (minimum, maximum, lazy) = children
        return ast.Repeat(element, minimum, maximum, lazy, _pos(meta))

    def short_capture(self, meta: Any, children: list[Any]) -> ast.Element:
        name, element = str(children[0]), children[1]
        if len(children) == 3:
            minimum, maximum, lazy = children[2]
            element = ast.Repeat(element, minimum, maximum, lazy, element.pos)
        return ast.Capture(name, element, _pos(meta))

    def quantifier(self, meta: Any, children: list[Any]) -> tuple[int, int | None, bool]:
        symbol, lazy = str(children[0]), len(children) > 1
        return {"?": (0, 1, lazy), "*": (0, None, lazy), "+": (1, None, lazy)}[symbol]

    def range_quant(self, meta: Any, children: list[Any]) -> tuple[int, int | None, bool]:
        lazy = bool(children) and getattr(children[-1], "type", "") == "LAZY"
        parts = [str(c) for c in children if getattr(c, "type", "") != "LAZY"]
        comma = parts.index(",")
        minimum = int(parts[0]) if comma > 0 else 0
        maximum = int(parts[comma + 1]) if comma + 1 < len(parts) else None
        if maximum is not None and maximum < minimum:
            raise PatternSyntaxError(f"repetition {{{minimum},{maximum}}}: maximum below minimum",
                                     SourceLocation("<pattern>", *_line_col(meta)))
        return minimum, maximum, lazy

    def exact_quant(self, meta: Any, children: list[Any]) -> tuple[int, int | None, bool]:
        count = int(children[0])
        return count, count, len(children) > 1

    def group(self, meta: Any, children: list[Any]) -> ast.Element:
        return children[0]

    def capture(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Capture(str(children[0]), children[1], _pos(meta))

    def lookahead(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Lookahead(children[0], False, _pos(meta))

    def neg_lookahead(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Lookahead(children[0], True, _pos(meta))

    def mention(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.MentionRef(str(children[0]), _pos(meta))

    def macro_ref(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.MacroRef(str(children[0])[1:], _pos(meta))

    def sentence_start(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Anchor(False, _pos(meta))

    def sentence_end(self, meta: Any, children: list[Any]) -> ast.Element:
        return ast.Anchor(True, _pos(meta))

    def gap(self, meta: Any, children: list[Any]) -> ast.Element:
        parts = [str(c) for c in children]
        comma = parts.index(",")
        minimum = int(parts[0]) if comma > 0 else 0
        maximum = int(parts[comma + 1])
        if maximum < minimum:
            raise PatternSyntaxError(f"gap ~{{{minimum},{maximum}}}: maximum below minimum",
                                     SourceLocation("<pattern>", *_line_col(meta)))
        return ast.Gap(minimum, maximum, _pos(meta))

    def clause_frame(self, meta: Any, children: list[Any]) -> ast.Element:
        capture, verb = children[1]
        roles: list[ast.RoleSpec] = []
        flags: list[tuple[str, str]] = []
        for arg in children[2:]:
            if isinstance(arg, ast.RoleSpec):
                roles.append(arg)
            else:
                flags.append(arg)
        return ast.ClauseFrame(verb, capture, tuple(roles), tuple(flags), _pos(meta))

    def clause_verb(self, meta: Any, children: list[Any]) -> tuple[str | None, ast.Token]:
        if len(children) == 2:
            return str(children[0]), children[1]
        return None, children[0]

    def clause_role(self, meta: Any, children: list[Any]) -> ast.RoleSpec | tuple[str, str]:
        key = str(children[0])
        value = children[1] if len(children) > 1 and not _is_lazy(children[1]) else None
        optional = _is_lazy(children[-1]) and len(children) > 1
        pos = _pos(meta)
        if key in ast.CLAUSE_PROPERTIES and (value is not None or key != "modal"):
            allowed = ast.CLAUSE_PROPERTIES[key]
            name = value[0] if isinstance(value, tuple) and value[1] is None else None
            if name is None or (allowed is not None and name not in allowed):
                choices = ", ".join(sorted(allowed)) if allowed else "a modal verb's lemma"
                raise PatternSyntaxError(f"{key}= takes one of: {choices}",
                                         SourceLocation("<pattern>", pos.line, pos.column))
            return (key, name)
        if key in ast.CLAUSE_FLAGS:
            if value is not None or optional:
                raise PatternSyntaxError(f"{key} is a flag of the verb: write {key} or !{key}",
                                         SourceLocation("<pattern>", pos.line, pos.column))
            return (key, "yes")
        _check_role_name(key, pos)
        capture, test = value if isinstance(value, tuple) else (None, None)
        if isinstance(test, ast.MacroRef):
            return ast.RoleSpec(key, capture, None, optional, False, pos, macro=test.name)
        return ast.RoleSpec(key, capture, test, optional, False, pos)

    def clause_absent(self, meta: Any, children: list[Any]) -> ast.RoleSpec | tuple[str, str]:
        key = str(children[0])
        pos = _pos(meta)
        if len(children) == 2:  # !kind=inf: the property must not have that value
            name, value = self.clause_role(meta, [children[0], (str(children[1]), None)])
            return (name, "!" + value)
        if key in ast.CLAUSE_FLAGS:
            return (key, "no")
        _check_role_name(key, pos)
        return ast.RoleSpec(key, absent=True, pos=pos)

    def clause_value(self, meta: Any, children: list[Any]) -> tuple[str | None, Any]:
        """(capture, test): the test a token test, or a ``$macro``'s name as a MacroRef
        (resolved to the one token test the macro stands for when macros are)."""
        def test_of(child: Any) -> Any:
            if isinstance(child, ast.Token):
                return child.test
            return ast.MacroRef(str(child)[1:], _pos(meta))
        if isinstance(children[0], ast.Token) or children[0].type == "MACRO":
            return None, test_of(children[0])
        name = str(children[0])
        return name, (test_of(children[1]) if len(children) > 1 else None)

    def element_ext(self, meta: Any, children: list[Any]) -> ast.Element:
        self._check_role("element_ext", "element", children[0], meta)
        return children[0]

    def token_test(self, meta: Any, children: list[Any]) -> ast.Element:
        test = children[0] if children else ast.AnyToken(_pos(meta))
        return ast.Token(test, _pos(meta))

    def word_literal(self, meta: Any, children: list[Any]) -> ast.Element:
        text, ignore_case = _unquote(str(children[0]))
        test = ast.AttrTest(("word",), ast.Literal(text, ignore_case), False, _pos(meta))
        return ast.Token(test, _pos(meta))

    def or_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return children[0] if len(children) == 1 else ast.OrTest(tuple(children), _pos(meta))

    def and_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return children[0] if len(children) == 1 else ast.AndTest(tuple(children), _pos(meta))

    def not_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.NotTest(children[0], _pos(meta))

    def eq_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.AttrTest(children[0], children[1], False, _pos(meta))

    def ne_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.AttrTest(children[0], children[1], True, _pos(meta))

    def set_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.SetTest(children[0], tuple(children[1:]), _pos(meta))

    def class_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.ClassTest(str(children[0]), _pos(meta))

    def word_test(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        return ast.AttrTest(("word",), children[0], False, _pos(meta))

    def test_ext(self, meta: Any, children: list[Any]) -> ast.TokenTest:
        self._check_role("test_ext", "test", children[0], meta)
        return children[0]

    def attr(self, meta: Any, children: list[Any]) -> tuple[str, ...]:
        return tuple(str(c) for c in children)

    def string_value(self, meta: Any, children: list[Any]) -> ast.Value:
        return ast.Literal(*_unquote(str(children[0])))

    def regex_value(self, meta: Any, children: list[Any]) -> ast.Value:
        token = str(children[0])
        ignore_case = token.endswith("i")
        source = token[1:-2] if ignore_case else token[1:-1]
        source = source.replace("\\/", "/")
        try:
            compile_token_regex(source, ignore_case)
        except RegexError as error:
            raise PatternSyntaxError(f"bad regular expression /{source}/: {error}",
                                     SourceLocation("<pattern>", *_line_col(meta))) from None
        return ast.Regex(source, ignore_case)

    def bare_value(self, meta: Any, children: list[Any]) -> ast.Value:
        return ast.Literal(str(children[0]))

    def number_value(self, meta: Any, children: list[Any]) -> ast.Value:
        return ast.Number(float(str(children[0])))


def _is_lazy(child: Any) -> bool:
    """Whether ``child`` is the ``?`` that makes a clause frame's role optional."""
    if not (isinstance(child, Token) and child.type == "QUANT"):
        return False
    if child != "?":
        raise PatternSyntaxError(f"a role is optional with '?'; {child!r} repeats nothing here",
                                 SourceLocation("<pattern>", child.line or 1, child.column or 1))
    return True


def _check_role_name(key: str, pos: ast.Pos) -> None:
    """A clause frame's key must be a role, a preposition, a flag or a property."""
    if key in ast.CLAUSE_ROLES or key in ast.CLAUSE_PREPOSITIONS:
        return
    known = sorted(ast.CLAUSE_ROLES | ast.CLAUSE_PREPOSITIONS | ast.CLAUSE_FLAGS
                   | set(ast.CLAUSE_PROPERTIES))
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise PatternSyntaxError(
        f"unknown clause role or property {key!r}{hint}; roles: subj, obj, acc, dat, agent, refl "
        "or a preposition; verb: neg, passive, modal, question, conditional, mood=, tense=, "
        "voice=, kind=, number=",
        SourceLocation("<pattern>", pos.line, pos.column))


def _line_col(meta: Any) -> tuple[int, int]:
    if getattr(meta, "empty", True):
        return 1, 1
    return meta.line, meta.column


def _simplify(node: ast.Element) -> ast.Element:
    """Unwrap one-item sequences so the AST says what the pattern means, not how it parsed."""
    match node:
        case ast.Sequence(items=(only,)):
            return _simplify(only)
        case ast.Sequence(items=items, pos=pos):
            return ast.Sequence(tuple(_simplify(i) for i in items), pos)
        case ast.Alternation(options=options, pos=pos):
            return ast.Alternation(tuple(_simplify(o) for o in options), pos)
        case ast.Repeat(item=item, minimum=lo, maximum=hi, lazy=lazy, pos=pos):
            return ast.Repeat(_simplify(item), lo, hi, lazy, pos)
        case ast.Capture(name=name, item=item, pos=pos):
            return ast.Capture(name, _simplify(item), pos)
        case ast.Lookahead(item=item, negative=negative, pos=pos):
            return ast.Lookahead(_simplify(item), negative, pos)
    return node
