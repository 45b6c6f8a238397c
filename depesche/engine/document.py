"""The data that flows from reading an article to matching: documents, sentences, tokens.

Offsets are always character offsets into ``Document.text``, the text as read (after
decoding, before any normalisation), so that ``text[start:end]`` is the evidence.

Tokens carry their annotations as plain attributes. Annotators (``engine.annotators``) fill
them in place, once per document, before matching; after that nothing changes them.
Span-level annotations (dates, quotes, lexicon mentions such as actors) live on the
document as :class:`Mention` objects and are indexed by the tokens they start at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True, eq=False)
class Token:
    """One token of a sentence, with what the annotators know about it.

    ``i`` is the token's index in the document, ``si`` its index in its sentence.
    ``morph`` holds features in Universal Dependencies style (``Mood=Sub1``,
    ``VerbForm=Fin``); ``classes`` holds annotation and lexicon class names (``ACTOR``,
    ``SAY_VERB``) of the token itself and of every mention it belongs to.
    """

    text: str
    start: int
    end: int
    i: int = 0
    si: int = 0
    sentence: int = 0
    lemma: str | None = None
    pos: str | None = None
    morph: dict[str, str] = field(default_factory=dict)
    classes: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)

    @property
    def lower(self) -> str:
        return self.text.lower()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}:{self.end})"


@dataclass(slots=True, eq=False)
class Mention:
    """A span-level annotation: a lexicon entry, a date, a quote, a cascaded rule match.

    ``start``/``end`` are document token indices (end exclusive); ``attrs`` holds what the
    annotation knows (an actor's ``code`` and ``sector``, a date's ``value``).
    """

    label: str
    start: int
    end: int
    char_start: int
    char_end: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Sentence:
    """A sentence: its character span and the document token range ``[first, last)``."""

    index: int
    start: int
    end: int
    first: int
    last: int


@dataclass(slots=True, eq=False)
class Document:
    """An article as read: its id, raw text, the date it speaks from, and its layers.

    ``body_start`` is where article text begins (after a ``date YYYY-MM`` header).
    ``mentions`` holds span annotations by label; ``by_start`` indexes them by first token.
    """

    id: str
    text: str
    date: dt.date | None = None
    date_granularity: str | None = None
    body_start: int = 0
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)
    annotated: set[str] = field(default_factory=set)

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first : sentence.last]

    def add_mention(self, mention: Mention) -> None:
        """Record a span annotation and tag its tokens with its label as a class."""
        self.mentions.setdefault(mention.label, []).append(mention)
        for token in self.tokens[mention.start : mention.end]:
            token.classes.add(mention.label)

    def mentions_at(self, label: str, start: int) -> list[Mention]:
        return [m for m in self.mentions.get(label, ()) if m.start == start]

    def covering(self, label: str, token_index: int) -> list[Mention]:
        return [m for m in self.mentions.get(label, ()) if m.start <= token_index < m.end]
