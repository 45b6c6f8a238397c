"""Lexicons (gazetteers) as the engine sees them: entries with ids, forms and attributes.

The rule loader builds these from YAML; the engine never reads YAML itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MatchOn = Literal["text", "lower", "lemma"]


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One entry: a canonical id, its surface forms as token sequences, and attributes."""

    id: str
    forms: tuple[tuple[str, ...], ...]
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A named set of entries; tokens it tags get the class ``label``.

    ``match_on`` says which token attribute the forms are compared with: the exact
    ``text``, its ``lower`` case, or the ``lemma``.
    """

    name: str
    label: str
    entries: tuple[LexiconEntry, ...]
    match_on: MatchOn = "text"
    source: str | None = None
