"""Rule packs as written: rules, macros, lexicons and inline tests, with their places.

These are the loader's output and the compiler's input: plain dataclasses, no YAML nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from depesche.engine.lexicon import Lexicon
from depesche.errors import SourceLocation


@dataclass(frozen=True, slots=True)
class PatternSource:
    """A pattern's text and how to map a (line, column) inside it to the YAML file.

    ``line``/``column`` are where the text's first character stands in the file;
    ``block`` is true for block scalars, whose later lines keep the same indentation.
    """

    text: str
    path: str
    line: int
    column: int
    block: bool
    file_lines: tuple[str, ...] = field(default=(), repr=False)

    def locate(self, line: int, column: int) -> SourceLocation:
        """The file location of ``line:column`` of the pattern text."""
        file_line = self.line + line - 1
        file_column = (self.column if line == 1 or self.block else 1) + column - 1
        if not self.block and line > 1:
            text_line = self.file_lines[file_line - 1] if file_line <= len(self.file_lines) else ""
            file_column = len(text_line) - len(text_line.lstrip()) + column
        source = (self.file_lines[file_line - 1]
                  if 0 < file_line <= len(self.file_lines) else None)
        return SourceLocation(self.path, file_line, file_column, source)


@dataclass(frozen=True, slots=True)
class RuleTest:
    """An inline test: a text, and the facts (or fields of facts) it must yield."""

    text: str
    expect: list[dict[str, Any]]
    location: SourceLocation
    date: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """One rule as written in a pack file."""

    id: str
    type: str | None
    pattern: PatternSource
    location: SourceLocation
    priority: int = 0
    stage: int = 10
    tag: str | None = None
    group: str | None = None
    description: str | None = None
    fact: dict[str, Any] = field(default_factory=dict)
    fact_location: SourceLocation | None = None
    tests: tuple[RuleTest, ...] = ()
    order: int = 0


@dataclass(frozen=True, slots=True)
class MacroSpec:
    name: str
    pattern: PatternSource
    location: SourceLocation


@dataclass(slots=True)
class RulePack:
    """Everything loaded from a set of pack paths.

    ``read`` holds the SHA-256 of every file the loader read (by resolved path) and
    ``listed`` the rule files it found in each folder it searched (by resolved path): all
    the pack's compiled form depends on, which the pack cache checks
    (``depesche.rules.cache``).
    """

    paths: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    rules: list[RuleSpec] = field(default_factory=list)
    macros: dict[str, MacroSpec] = field(default_factory=dict)
    lexicons: list[Lexicon] = field(default_factory=list)
    extensions: list[tuple[str, SourceLocation]] = field(default_factory=list)
    read: dict[str, str] = field(default_factory=dict)
    listed: dict[str, tuple[str, ...]] = field(default_factory=dict)
