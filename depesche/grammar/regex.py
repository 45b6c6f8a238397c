"""Token regexes (``[lemma=/dro.*/]``), matched in time linear in the token, whatever the pattern.

Python's ``re`` backtracks: ``/(a+)+$/`` on a token of 34 "a" and a "b", or ``/(x|x)*y/``,
takes time doubling with each character, and no signal can stop it. Token regexes are
therefore compiled with RE2 (Google's automaton-based engine, through the ``google-re2``
binding), which guarantees time linear in the text. RE2 has no lookarounds and no
backreferences; a regex that needs them is refused where the pattern is loaded, with its
location.

RE2's ``\\w``, ``\\d``, ``\\s`` are ASCII-only, where Python's (and so what rule authors
expect) are Unicode: they are rewritten to Unicode classes (``\\w`` to ``[\\p{L}\\p{N}_]``:
letters, digits and the underscore, so ``/\\w+ung/`` matches "Prüfung"). ``\\b`` and
``\\B`` have no Unicode form in RE2 and are refused (a token is one word already; anchor
with the regex itself, which must match the whole value). Python's ``\\Z``, ``\\uXXXX`` and
``{,n}`` are rewritten to RE2's ``\\z``, ``\\x{XXXX}`` and ``{0,n}``.

A compiled regex remembers its answer per value (bounded), since token values repeat:
most tests are a dictionary lookup, which a compiled token test makes itself
(:attr:`TokenRegex.known`). A value not seen before is matched by the binding's RE2 object
directly (its ``Match`` over the UTF-8 bytes): the binding's ``fullmatch`` builds a match
object and maps byte offsets back to characters, which took half the time of a match, for
an answer that is only yes or no.
"""

from __future__ import annotations

import functools
import re
import warnings

import re2
from re2 import _re2

__all__ = ["RegexError", "TokenRegex", "compile_token_regex", "to_re2"]

_WORD = r"\p{L}\p{N}_"
_SPACE = r"\t-\r \x{1c}-\x{1f}\x{85}\p{Z}"
_OUTSIDE = {"w": f"[{_WORD}]", "W": f"[^{_WORD}]", "d": r"\p{Nd}", "D": r"\P{Nd}",
            "s": f"[{_SPACE}]", "S": f"[^{_SPACE}]", "Z": r"\z"}
_INSIDE = {"w": _WORD, "d": r"\p{Nd}", "D": r"\P{Nd}", "s": _SPACE}
MEMO_SIZE = 50_000
_WHOLE = _re2.RE2.Anchor.ANCHOR_BOTH


class RegexError(ValueError):
    """A token regex that RE2 cannot match (or that has no Unicode form there)."""


def to_re2(source: str) -> str:
    """The RE2 regex that matches what Python's ``re`` matches with ``source``."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            escaped = source[i + 1]
            step = 2
            if escaped in "bB":
                raise RegexError(f"\\{escaped} (a word boundary) has no Unicode form in a "
                                 "linear-time regex; a token is one word, and the regex "
                                 "must match its whole value")
            if escaped in "uU":
                digits = 4 if escaped == "u" else 8
                code = source[i + 2:i + 2 + digits]
                if len(code) != digits or any(c not in "0123456789abcdefABCDEF" for c in code):
                    raise RegexError(f"bad escape \\{escaped}{code}")
                out.append(f"\\x{{{code}}}")
                step = 2 + digits
            elif escaped == "N":
                raise RegexError("named characters (\\N{…}) are not supported; write the "
                                 "character itself")
            elif in_class and escaped in _INSIDE:
                out.append(_INSIDE[escaped])
            elif in_class and escaped in "WS":
                raise RegexError(f"\\{escaped} inside [...] is not supported; write "
                                 f"[^...] with \\{escaped.lower()} instead")
            elif not in_class and escaped in _OUTSIDE:
                out.append(_OUTSIDE[escaped])
            else:
                out.append(source[i:i + 2])
            i += step
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            # "[", "[^", and a "]" right after them, which is a literal, as in Python
            start = i + 1 + (source[i + 1:i + 2] == "^")
            start += source[start:start + 1] == "]"
            out.append(source[i:start])
            in_class, i = True, start
            continue
        elif char == "{" and source[i + 1:i + 2] == ",":
            out.append("{0")
        else:
            out.append(char)
        i += 1
    return "".join(out)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_surrogates(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD (REPLACEMENT CHARACTER)."""
    return _SURROGATE.sub("\ufffd", value)


class TokenRegex:
    """A compiled token regex: ``fullmatch(value)`` is ``True`` or ``None``, as ``re``'s is
    a match or ``None`` (what ``is not None`` tests); ``matches(value)`` is a bool.

    ``known`` holds the answer for each value matched so far (at most ``MEMO_SIZE``):
    a compiled token test looks a value up there and calls :meth:`matches` only for a
    value it does not hold.
    """

    __slots__ = ("_match", "_regex", "ignore_case", "known", "source")

    def __init__(self, source: str, ignore_case: bool = False) -> None:
        self.source = source
        self.ignore_case = ignore_case
        try:  # Python's syntax, which authors write, with Python's messages
            with warnings.catch_warnings():
                warnings.simplefilter("error", FutureWarning)
                re.compile(source)
        except re.error as error:
            raise RegexError(str(error)) from None
        except FutureWarning as warning:
            # "[[:alpha:]]" is a set of "[:alph" and a "]" to Python, a letter to RE2: the
            # two would disagree, and Python warns that its own reading will change
            raise RegexError(f"{str(warning).lower()}: inside [...] a '[' and a doubled '-', "
                             "'&', '~' or '|' need a backslash (POSIX classes such as "
                             "[:alpha:] are not supported)") from None
        options = re2.Options()
        options.case_sensitive = not ignore_case
        options.log_errors = False  # RE2 would print each refusal on stderr
        options.never_capture = True
        try:
            self._regex = re2.compile(to_re2(source), options)
        except re2.error as error:
            raise RegexError(_explained(error)) from None
        # (anchor, UTF-8 text, start, end) → the spans of the match: (-1, -1) for none
        self._match = self._regex._regexp.Match
        self.known: dict[str, bool] = {}

    def fullmatch(self, value: str) -> bool | None:
        found = self.known.get(value)
        if found is None:
            found = self.matches(value)
        return True if found else None

    def matches(self, value: str) -> bool:
        """Whether the regex matches all of ``value``, remembered in :attr:`known`."""
        try:
            text = value.encode()
        except UnicodeEncodeError:
            # A lone surrogate (half of a UTF-16 pair) has no UTF-8, which RE2 reads: it is
            # matched as U+FFFD, a character that is no letter, digit or space, as it is not
            text = _without_surrogates(value).encode()
        found: bool = self._match(_WHOLE, text, 0, len(text))[0][0] >= 0
        if len(self.known) >= MEMO_SIZE:
            self.known.clear()
        self.known[value] = found
        return found

    def __repr__(self) -> str:
        return f"TokenRegex({self.source!r}{', ignore_case=True' if self.ignore_case else ''})"


def _explained(error: re2.error) -> str:
    text = error.args[0] if error.args else str(error)
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if "(?=" in message or "(?!" in message or "(?<" in message or "\\1" in message or (
            "invalid escape sequence: \\" in message and message[-1:].isdigit()):
        return (f"{message}: lookarounds and backreferences cannot be matched in linear "
                "time, which token regexes are")
    return message


@functools.lru_cache(maxsize=4096)
def compile_token_regex(source: str, ignore_case: bool = False) -> TokenRegex:
    """The :class:`TokenRegex` of ``source``, once per process; raises :class:`RegexError`."""
    return TokenRegex(source, ignore_case)
