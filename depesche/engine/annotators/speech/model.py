"""The speech layer's working state: the reports found so far, and tests on tokens that
every stage shares (the sentence a token is in, the body of a sentence, whether a span has
a finite verb or a Konjunktiv, whether a token already belongs to a report)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.annotators.actors import ActorIndex
from depesche.engine.document import Clause, Document, Mention, Sentence, Token

SENTENCE_END = frozenset(".!?")

SUBJUNCTIVE = frozenset({"Sub1", "Sub2"})

OPENERS = {"„": "“”\"", "»": "«", "“": "”", '"': '"'}

PERSON_KINDS = frozenset({"person", "title"})  # actors a pronoun speaker may stand for

# The speaker's own person: words in it are someone's own ("Wir haben keine Wahl", "Ich
# habe davor gewarnt"), even where the agencies dropped the quotation marks.
FIRST_PERSON = frozenset({"ich", "wir", "mich", "mir", "uns", "mein", "meine", "meinen",
                          "meinem", "meiner", "unser", "unsere", "unseren", "unserem",
                          "unserer"})


@dataclass(slots=True)
class Quote:
    """A report being assembled, in document token indices (end exclusive)."""

    form: str
    start: int
    end: int
    cue: tuple[int, int]
    content: tuple[int, int]
    speakers: list[Mention] = field(default_factory=list)
    speaker_span: tuple[int, int] | None = None
    pronoun: Token | None = None
    continued: bool = False  # goes on with the report before, whose speaker it has
    statement: bool = True  # a report of saying or writing (a QUOTE), not only a REPORT


class Reports:
    """One document's reports so far, what the stages share: the cue lemmas, the actors
    by where they start and end, the cue tokens already used, and the content of every
    quotation-mark pair."""

    def __init__(self, doc: Document, cues: frozenset[str], object_cues: frozenset[str],
                 index: ActorIndex, report_cues: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.index = index
        self.tokens = doc.tokens
        self.cues = cues
        self.object_cues = object_cues & cues
        self.report_cues = report_cues - cues
        actors = sorted(doc.mentions.get("ACTOR", ()), key=lambda m: m.start)
        self.actors = actors
        # Where two actors share their words ("der SPD-Politiker": a title, and the
        # minister the memory says it describes), the coded one speaks.
        self.actor_at: dict[int, Mention] = {}
        self.actor_ending: dict[int, Mention] = {}
        for m in actors:
            for table, key in ((self.actor_at, m.start), (self.actor_ending, m.end)):
                known = table.get(key)
                if known is None or m.attrs.get("code") or not known.attrs.get("code"):
                    table[key] = m
        self.used: set[int] = set()
        self.quotes: list[Quote] = []
        self.marked: list[tuple[int, int]] = []  # content of every quotation-mark pair
        self.clause_at = {i: c for c in doc.clauses for i in c.verb.tokens}
        self.phrases = [member for phrase in doc.phrases
                        for member in (phrase, *phrase.members)]
        # Indexes, so that no question about one token scans the whole document: actors
        # by first token (in the order of ``actors``), phrases by head, clauses, quotes
        # and quotation marks by the sentences they reach.
        self.actor_starts = [m.start for m in actors]
        self.persons = [m for m in actors if m.attrs.get("kind") in PERSON_KINDS]
        self.person_starts = [m.start for m in self.persons]
        self.actors_from: dict[int, list[Mention]] = {}
        for m in actors:
            self.actors_from.setdefault(m.start, []).append(m)
        self.phrases_at_head: dict[int, list[int]] = {}
        for k, phrase in enumerate(self.phrases):
            self.phrases_at_head.setdefault(phrase.head, []).append(k)
        self.clauses_over: dict[int, list[Clause]] = {}
        for clause in doc.clauses:
            self.file(self.clauses_over, clause.start, clause.end, clause)
        self.quoted: dict[int, list[Quote]] = {}  # quotes over a sentence
        self.spoken: dict[int, list[Quote]] = {}  # contents of reports over a sentence
        self.inserted: dict[int, list[Quote]] = {}  # before the cue of an inserted "so X"
        self.ended: set[int] = set()  # sentences a quote ends in
        self.marks_over: dict[int, list[tuple[int, int]]] = {}
        self.filed = self.filed_marks = 0  # quotes and marks indexed so far

    def file(self, table: dict[int, list[Any]], start: int, end: int, item: Any) -> None:
        """List ``item`` under each sentence that tokens ``[start, end)`` reach."""
        if end > start:
            for sentence in range(self.tokens[start].sentence, self.tokens[end - 1].sentence + 1):
                table.setdefault(sentence, []).append(item)

    def catch_up(self) -> None:
        """Index the quotes and marks added since the last question (stages append to
        ``quotes`` and ``marked`` directly)."""
        for quote in self.quotes[self.filed:]:
            self.file(self.quoted, quote.start, quote.end, quote)
            if quote.form != "according_to":
                self.file(self.spoken, quote.content[0], quote.content[1], quote)
            elif self.tokens[quote.cue[0]].text.lower() == "so":
                self.file(self.inserted, quote.start, quote.cue[0], quote)
            self.ended.add(self.tokens[quote.end - 1].sentence)
        self.filed = len(self.quotes)
        for mark in self.marked[self.filed_marks:]:
            self.file(self.marks_over, mark[0], mark[1], mark)
        self.filed_marks = len(self.marked)

    def actors_in(self, start: int, end: int) -> list[Mention]:
        """The actors lying within tokens ``[start, end)``, by where they start."""
        return [m for j in range(start, end) for m in self.actors_from.get(j, ())
                if m.end <= end]

    def clause_holding(self, i: int) -> Clause | None:
        """The first clause (in document order) whose tokens hold token ``i``."""
        return next((c for c in self.clauses_over.get(self.tokens[i].sentence, ())
                     if c.start <= i < c.end), None)


def add(r: Reports, quote: Quote, cue: int | None = None) -> None:
    """Add a report; one whose cue renders speech or thought but states nothing ("forderte
    … auf", "hofft"), or whose verb of saying is negated ("äußerte sich nicht", "bestätigte
    das bisher nicht"), is no statement."""
    if cue is not None:
        r.used.add(cue)
    lemma = r.tokens[quote.cue[0]].lemma or ""
    clause = r.doc.clause_of_head.get(quote.cue[0])
    if lemma in r.report_cues or (clause is not None and clause.verb.negated):
        quote.statement = False
    r.quotes.append(quote)


def sentence_of(r: Reports, i: int) -> Sentence:
    return r.doc.sentences[r.tokens[i].sentence]


def body(r: Reports, sentence: Sentence) -> tuple[int, int]:
    """A sentence's tokens without a leading dateline and final punctuation."""
    first, last = sentence.first, sentence.last
    while first < last and r.tokens[first].attrs.get("dateline"):
        first += 1
    while last > first and r.tokens[last - 1].text in SENTENCE_END:
        last -= 1
    return first, last


def clause_end(r: Reports, i: int, last: int) -> int:
    """Where a report starting at ``i`` must end: its sentence, or its enclosing quote."""
    r.catch_up()
    for start, end in r.marks_over.get(r.tokens[i].sentence, ()):
        if start <= i < end:
            return min(last, end)
    return last


def inside_quote(r: Reports, i: int) -> bool:
    r.catch_up()
    return any(q.start <= i < q.end for q in r.quoted.get(r.tokens[i].sentence, ()))


def inside_speech(r: Reports, i: int) -> bool:
    """Whether token ``i`` is in the words of a report already found: "Das
    Establishment sagt nicht die Wahrheit, schrieb Farage" is Farage's report, and
    its "sagt" is what he wrote, not a second report."""
    r.catch_up()
    return any(q.content[0] <= i < q.content[1]
               for q in r.spoken.get(r.tokens[i].sentence, ()))


def inserted_attribution(r: Reports, k: int) -> bool:
    """Whether an inserted "so X" after the cue makes the clause X's report:
    "A machte klar, so der Offizielle weiter, dass …" is one report, the official's."""
    r.catch_up()
    return any(q.start <= k < q.cue[0] for q in r.inserted.get(r.tokens[k].sentence, ()))


def quote_ends_in(r: Reports, sentence: int) -> bool:
    """Whether a report found so far ends in ``sentence``."""
    r.catch_up()
    return sentence in r.ended


def has_finite(r: Reports, start: int, end: int) -> bool:
    return any((t.pos or "").endswith("FIN") for t in r.tokens[start:end])


def has_infinitive(r: Reports, start: int, end: int) -> bool:
    return any((t.pos or "").endswith(("INF", "IZU")) for t in r.tokens[start:end])


def subjunctive(r: Reports, start: int, end: int) -> bool:
    return any(t.morph.get("Mood") in SUBJUNCTIVE for t in r.tokens[start:end])


def skip_comma(r: Reports, i: int, last: int) -> int:
    while i < last and r.tokens[i].text == ",":
        i += 1
    return i


def trim_comma(r: Reports, first: int, i: int) -> int:
    while i > first and r.tokens[i - 1].text == ",":
        i -= 1
    return i


def char_span(r: Reports, span: Iterable[int]) -> list[int]:
    start, end = span
    return [r.tokens[start].start, r.tokens[end - 1].end]
