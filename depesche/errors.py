"""One exception family for everything depesche reports to a user.

Every error carries a :class:`SourceLocation` where one is known, and renders like a
compiler diagnostic: ``path:line:col: message``, then the source line and a caret.
Foreign errors (Lark, PyYAML, OS) are translated into these at exactly one boundary each.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A place in a source file: 1-based line and column, and the line's text for the caret.

    Without a line the place is the whole file (a file that cannot be read, a folder with
    nothing in it): it renders as the path alone, never as a made-up ``:1:1``. A line
    without a column is the line's start (a corpus row).
    """

    path: str = "<string>"
    line: int | None = None
    column: int | None = None
    source_line: str | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"

    def shifted(self, line_offset: int, column: int) -> SourceLocation:
        return replace(self, line=(self.line or 1) + line_offset, column=column)


class DepescheError(Exception):
    """Base of all errors depesche reports; ``render()`` gives the user-facing text."""

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        *,
        rule_id: str | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.rule_id = rule_id
        self.hint = hint

    def with_location(self, location: SourceLocation) -> DepescheError:
        self.location = location
        return self

    def at(self, pos: object) -> DepescheError:
        """Locate the error at an AST position (line, column within the pattern text)."""
        line, column = getattr(pos, "line", 1), getattr(pos, "column", 1)
        self.location = SourceLocation("<pattern>", line, column)
        return self

    def render(self) -> str:
        head = f"{self.location}: " if self.location else ""
        text = f"{head}{self.message}"
        if self.rule_id and f"rule {self.rule_id!r}" not in self.message:
            text += f" (in rule {self.rule_id!r})"
        if self.hint:
            text += f" ({self.hint})"
        loc = self.location
        if loc and loc.line is not None and loc.source_line is not None:
            line = loc.source_line.rstrip("\n")
            # Tabs before the caret keep their width so the caret lines up in a terminal.
            before = line[: max((loc.column or 1) - 1, 0)]
            pad = "".join("\t" if ch == "\t" else " " for ch in before)
            text += f"\n    {line}\n    {pad}^"
        return text

    def __str__(self) -> str:
        return self.render()


class PatternSyntaxError(DepescheError):
    """A pattern's text does not parse."""


class PatternError(DepescheError):
    """A pattern parses but is wrong: unknown macro, class or attribute, bad capture."""


class RuleError(DepescheError):
    """A rule file is malformed: YAML syntax, unknown key, duplicate id, bad template."""


class InputError(DepescheError):
    """A document cannot be read: missing, binary, bad encoding, bad date header."""


class ExtensionError(DepescheError):
    """A grammar extension is missing, conflicts with another, or fails to load."""


@dataclass
class ErrorList(DepescheError):
    """Several errors at once, as ``check`` collects them for a whole pack."""

    errors: list[DepescheError] = field(default_factory=list)

    def __post_init__(self) -> None:
        DepescheError.__init__(self, f"{len(self.errors)} error(s)")

    def render(self) -> str:
        return "\n".join(error.render() for error in self.errors)
