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
    ``mentions`` holds span annotations by label, in the order added; ``mentions_at``,
    ``covering``, ``within`` and ``overlapping`` find them through an index by token.
    ``phrases`` and ``clauses`` are the phrase and clause layers (in document order);
    ``clause_of_head`` finds a clause by the document index of its head verb.
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
    phrases: list[Phrase] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    clause_of_head: dict[int, Clause] = field(default_factory=dict)
    _phrase_kinds: dict[int, str] = field(default_factory=dict, init=False, repr=False,
                                          compare=False)
    _span_index: dict[str, MentionSpans] = field(default_factory=dict, init=False,
                                                 repr=False)

    def phrase_kinds(self) -> dict[int, str]:
        """The kind of the phrase headed at each token index (coordinations' members
        too), built once the phrases are there."""
        if len(self._phrase_kinds) == 0 and self.phrases:
            for phrase in self.phrases:
                for member in (phrase, *phrase.members):
                    self._phrase_kinds.setdefault(member.head, member.kind)
        return self._phrase_kinds

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first : sentence.last]

    def add_mention(self, mention: Mention) -> None:
        """Record a span annotation and tag its tokens with its label as a class."""
        self.mentions.setdefault(mention.label, []).append(mention)
        for token in self.tokens[mention.start : mention.end]:
            token.classes.add(mention.label)

    def mentions_at(self, label: str, start: int) -> list[Mention]:
        """The mentions with ``label`` that start at token ``start``, in the order added."""
        spans = self._spans(label)
        return [spans.mentions[k] for k in spans.by_start.get(start, ())]

    def covering(self, label: str, token_index: int) -> list[Mention]:
        """The mentions with ``label`` whose tokens hold ``token_index``, in the order added."""
        spans = self._spans(label)
        return [spans.mentions[k] for k in spans.covering(token_index)]

    def within(self, label: str, start: int, end: int) -> list[Mention]:
        """The mentions with ``label`` inside tokens ``[start, end)`` (empty ones
        included), in the order added."""
        spans = self._spans(label)
        mentions = spans.mentions
        if len(mentions) <= end - start:
            return [m for m in mentions if m.start >= start and m.end <= end]
        found = [k for i in range(start, end + 1) for k in spans.by_start.get(i, ())
                 if mentions[k].end <= end]
        return [mentions[k] for k in sorted(found)]

    def overlapping(self, label: str, start: int, end: int) -> list[Mention]:
        """The mentions with ``label`` that share a token with ``[start, end)``, or that
        are empty and lie strictly inside it, in the order added."""
        spans = self._spans(label)
        mentions = spans.mentions
        if len(mentions) <= end - start:
            return [m for m in mentions if m.start < end and start < m.end]
        found = [k for k in spans.covering(start) if mentions[k].start < end]
        found += [k for i in range(start + 1, end) for k in spans.by_start.get(i, ())]
        return [mentions[k] for k in sorted(found)]

    def _spans(self, label: str) -> MentionSpans:
        """The index of one label's mentions, brought up to date with what was added."""
        mentions = self.mentions.get(label)
        if mentions is None:
            return NO_SPANS
        spans = self._span_index.get(label)
        if spans is None or spans.mentions is not mentions or spans.count > len(mentions):
            spans = self._span_index[label] = MentionSpans(mentions)
        spans.update()
        return spans


class MentionSpans:
    """One label's mentions by first token and by the tokens they cover, as positions in
    the label's list (so that every query answers in the order the mentions were added).

    Mentions are only ever appended (:meth:`Document.add_mention`), so the index catches
    up with the list on each query instead of being rebuilt: a document's annotators and
    fact building ask where mentions are once per phrase, match or fact, and a scan of
    all mentions per question made them quadratic in the length of the document.
    """

    __slots__ = ("by_start", "count", "cover", "covered", "mentions")

    def __init__(self, mentions: list[Mention]) -> None:
        self.mentions = mentions
        self.count = 0  # mentions indexed by start
        self.by_start: dict[int, list[int]] = {}
        self.cover: dict[int, list[int]] = {}
        self.covered = 0  # mentions indexed by the tokens they cover (built on demand)

    def update(self) -> None:
        mentions = self.mentions
        for k in range(self.count, len(mentions)):
            self.by_start.setdefault(mentions[k].start, []).append(k)
        self.count = len(mentions)

    def covering(self, token: int) -> list[int]:
        mentions = self.mentions
        if self.covered < len(mentions):
            cover = self.cover
            for k in range(self.covered, len(mentions)):
                for i in range(mentions[k].start, mentions[k].end):
                    cover.setdefault(i, []).append(k)
            self.covered = len(mentions)
        return self.cover.get(token, [])


NO_SPANS = MentionSpans([])


@dataclass(slots=True, eq=False)
class Phrase:
    """A noun phrase: its token span ``[start, end)``, head, and what German settles of it.

    ``kind`` is the head's class: ``person``, ``office``, ``org``, ``state``, ``group``,
    ``people`` (private persons), ``name`` (an unknown single name), ``time``,
    ``pronoun``, ``reflexive`` or ``other``;
    ``cases`` the cases its determiner, pronoun or preposition leave open (``nom``,
    ``acc``, ``dat``, ``gen``); ``number`` ``sg``/``pl`` or None;
    ``prep`` the lower-cased preposition that governs it ("mit" for "mit den Rebellen",
    "zu" for "zum"), None for a bare phrase. ``members`` are the conjuncts of a
    coordinated phrase ("Japan und Südkorea"). ``actor`` holds the actor it names or
    refers to (``text``, ``name``, ``code``, ``sector``), None when it names none.
    ``inner`` are the phrases inside a participle's adjuncts between the article and the
    noun ("der Armee" in "die von der Armee getöteten Zivilisten"): no roles of the
    clause, and not whom the phrase names.
    """

    start: int
    end: int
    head: int
    kind: str
    text: str
    cases: frozenset[str]
    number: str | None = None
    gender: str | None = None
    prep: str | None = None
    members: tuple[Phrase, ...] = ()
    actor: dict[str, Any] | None = None
    sentence: int = 0
    inner: tuple[Phrase, ...] = ()


@dataclass(slots=True, eq=False)
class VerbComplex:
    """The verbs of a clause: the lexical head, the finite verb, and what they say together.

    ``lemma`` is the head's lemma with its separated particle ("zurückweisen");
    ``voice`` is ``active`` or ``passive``; ``tense`` ``simple``, ``perfect`` or
    ``future``; ``mood`` ``ind``, ``sub1``, ``sub2`` or ``imp``; ``modal`` the lemma of a
    modal verb ("wollen"), ``auxiliary`` that of "haben", "sein" or "werden",
    ``negated`` whether "nicht", "kein" or "nie" negates the clause; ``number`` ``sg``
    or ``pl`` by the finite verb's ending (None without one).
    """

    head: int
    finite: int | None
    tokens: tuple[int, ...]
    lemma: str
    voice: str = "active"
    tense: str = "simple"
    mood: str = "ind"
    modal: str | None = None
    auxiliary: str | None = None
    negated: bool = False
    number: str | None = None


@dataclass(slots=True, eq=False)
class Role:
    """An argument of a clause: ``subj``, ``obj`` (accusative or dative, see ``cases``),
    ``refl`` ("sich"), ``agent`` (of a passive) or a preposition ("mit", "gegen");
    ``inherited`` when the clause takes its subject from the clause before ("…, lehnte
    aber … ab")."""

    name: str
    phrase: Phrase
    inherited: bool = False


@dataclass(slots=True, eq=False)
class Clause:
    """A clause: its tokens ``[start, end)``, kind (``main``, ``sub``, ``rel``, ``inf``),
    the word that introduces it ("dass", a relative pronoun), its verbs and its roles;
    ``question`` for a main clause of a sentence that ends in "?" and for an indirect
    question ("ob …"), ``conditional`` for a condition ("wenn …", "falls …", "Sollte X
    …, …")."""

    index: int
    sentence: int
    start: int
    end: int
    kind: str
    verb: VerbComplex
    roles: tuple[Role, ...] = ()
    introducer: str | None = None
    question: bool = False
    conditional: bool = False

    def role(self, name: str) -> Role | None:
        return next((r for r in self.roles if r.name == name), None)
