"""The extraction pipeline: document → tokens → annotations → matches → facts.

:class:`Extractor` holds a compiled :class:`RuleSet` (built once per pack, reused for every
document) and runs its stages. Rules run stage by stage; a rule with a ``tag`` turns its
surviving matches into mentions that rules of later stages use (a cascade, as in Odin).

Conflicts: two matches conflict when their rules share a conflict group (the fact type,
the tag, or an explicit ``group``) and their token spans overlap. The winner has the
higher priority, then the longer span, then the earlier rule in pack order, then the
earlier start. Losers are kept in :class:`Extraction` for ``depesche explain``. A
winner whose rule leaves the actor or the recipient open takes it from a loser of the same
fact type (one event told by a noun and its verb: the noun rule's evidence, the clause
rule's actor).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Document, Mention
from depesche.engine.facts import Fact, QuoteContents, build_fact
from depesche.engine.index import PatternIndex
from depesche.engine.matcher import Match, MatchContext, MentionIndex, mention_index
from depesche.engine.reader import read_document
from depesche.engine.ruleset import CompiledRule, RuleSet
from depesche.engine.tokenizer import tokenize


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A match of one rule in one sentence."""

    rule: CompiledRule
    match: Match
    sentence: int


@dataclass(slots=True)
class Extraction:
    """Everything one document run produced: kept matches, dropped ones, and facts."""

    doc: Document
    kept: list[RuleMatch] = field(default_factory=list)
    dropped: list[tuple[RuleMatch, RuleMatch]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


def _rank(item: RuleMatch) -> tuple[int, int, int, int]:
    m = item.match
    return (-item.rule.priority, -(m.end - m.start), item.rule.order, m.start)


def resolve_conflicts(matches: list[RuleMatch]) -> tuple[list[RuleMatch],
                                                        list[tuple[RuleMatch, RuleMatch]]]:
    """Keep the best of overlapping matches per conflict group; say who beat whom."""
    kept: list[RuleMatch] = []
    dropped: list[tuple[RuleMatch, RuleMatch]] = []
    # The tokens each conflict group's kept matches hold (an empty match holds the token
    # it stands at): kept matches of one group never share a token, so a candidate's
    # winner is the earliest kept match on its tokens, found without a scan of all kept.
    held: dict[str, dict[int, int]] = {}
    for candidate in sorted(matches, key=_rank):
        c = candidate.match
        tokens = range(c.start, max(c.end, c.start + 1))
        group = held.setdefault(candidate.rule.conflict_group, {})
        winner = min((group[i] for i in tokens if i in group), default=None)
        if winner is None:
            for i in tokens:
                group[i] = len(kept)
            kept.append(candidate)
        else:
            dropped.append((candidate, kept[winner]))
    kept.sort(key=lambda k: (k.match.start, k.rule.order))
    return kept, dropped


class Extractor:
    """Runs a compiled rule set over documents; build once, use for many documents."""

    def __init__(self, ruleset: RuleSet, *, indexed: bool = True) -> None:
        """Index each stage's rules once, for every document to come.

        ``indexed=False`` tries every rule at every token instead: the reference the index
        is tested against, and the baseline of the benchmarks.
        """
        self.ruleset = ruleset
        self.context = AnnotationContext(lexicons=ruleset.lexicons)
        self._stages = ruleset.stages()
        self._indexes = ([PatternIndex([rule.pattern for rule in rules])
                          for _stage, rules in self._stages] if indexed else None)

    def load_models(self) -> None:
        """Load now what the pack's annotators load on first use (HanTa's model, tables
        built from the lexicons), not in the first document: a corpus run loads them
        before it forks its workers, which then share them."""
        annotate(Document("", ""), self.ruleset.features, self.context)

    def prepare(self, doc: Document) -> Document:
        """Tokenize and annotate ``doc`` with the features the rules need."""
        if not doc.tokens:
            tokenize(doc)
        annotate(doc, self.ruleset.features, self.context)
        return doc

    def run(self, doc: Document) -> Extraction:
        """Match every stage's rules on ``doc`` and build the facts."""
        self.prepare(doc)
        result = Extraction(doc)
        for number, (_stage, rules) in enumerate(self._stages):
            mentions = mention_index(doc)
            if self._indexes is not None:
                found = self._indexes[number].find(doc, mentions)
                candidates = [RuleMatch(rules[rule], match, sentence)
                              for sentence, rule, match in found if match.end > match.start]
            else:
                candidates = self._scan(doc, rules, mentions)
            kept, dropped = resolve_conflicts(candidates)
            result.dropped.extend(dropped)
            for item in kept:
                result.kept.append(item)
                if item.rule.tag:
                    doc.add_mention(_tag_mention(doc, item))
        quotes = QuoteContents(doc)
        beaten: dict[int, list[RuleMatch]] = {}
        for loser, winner in result.dropped:
            if loser.rule.type and loser.rule.type == winner.rule.type:
                beaten.setdefault(id(winner), []).append(loser)
        result.facts = [
            _fill_sides(build_fact(doc, item.rule, item.match, quotes),
                        beaten.get(id(item), ()), doc, quotes)
            for item in sorted(result.kept, key=lambda k: (k.match.start, k.rule.order))
            if item.rule.type]
        return result

    @staticmethod
    def _scan(doc: Document, rules: list[CompiledRule], mentions: MentionIndex
              ) -> list[RuleMatch]:
        """Every rule at every token of every sentence: what the index must reproduce."""
        candidates: list[RuleMatch] = []
        for sentence in doc.sentences:
            ctx = MatchContext(doc, sentence, mentions)
            for rule in rules:
                for match in rule.pattern.find(ctx):
                    if match.end > match.start:
                        candidates.append(RuleMatch(rule, match, sentence.index))
        return candidates

    def extract(self, doc: Document) -> list[Fact]:
        """The facts of one document."""
        return self.run(doc).facts

    def extract_text(self, doc_id: str, text: str, date: str | None = None) -> list[Fact]:
        return self.extract(read_document(doc_id, text, date))


def _fill_sides(fact: Fact, beaten: list[RuleMatch] | tuple[()], doc: Document,
                quotes: QuoteContents) -> Fact:
    """A fact with the actor or recipient its rule left open taken from a match of the
    same type it beat on the same words: "Russland startete Luftangriffe auf Stellungen"
    is one ASSAULT, with the noun rule's evidence and the clause rule's actor. Matches
    are tried in the order they lost (best first)."""
    if not beaten or (fact.actor and fact.recipient):
        return fact
    actor, recipient = fact.actor, fact.recipient
    held = doc.text[fact.span[0]:fact.span[1]]
    for loser in sorted(beaten, key=_rank):
        other = build_fact(doc, loser.rule, loser.match, quotes)
        # (a side within the winner's own evidence had a role there already: in "offen
        # für ein Angebot der chinesischen Seite" China made the offer, not the reply)
        if not actor and other.actor and not any(a.text in held for a in other.actor):
            actor = other.actor
        if not recipient and other.recipient and \
                not any(a.text in held for a in other.recipient):
            recipient = other.recipient
        if actor and recipient:
            break
    if actor == fact.actor and recipient == fact.recipient:
        return fact
    return replace(fact, actor=actor, recipient=recipient)


def _tag_mention(doc: Document, item: RuleMatch) -> Mention:
    match = item.match
    start, end = doc.tokens[match.start].start, doc.tokens[match.end - 1].end
    attrs: dict[str, object] = {"rule": item.rule.id}
    for name, span in match.captures.items():
        if span.end > span.start:
            attrs[name] = doc.text[doc.tokens[span.start].start:doc.tokens[span.end - 1].end]
    return Mention(item.rule.tag or "", match.start, match.end, start, end,
                   doc.text[start:end], attrs)
