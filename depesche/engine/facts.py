"""Facts: what depesche emits (the contract in SCHEMA.md), built from rule matches.

``build_fact`` turns a match of a rule into a :class:`Fact`: the evidence span, actors from
the ACTOR mentions inside captures (or, where a capture holds none, the coded lexicon terms
in it: "russische Vorschläge", "US-Tarnkappenjets"), actors named through the quote layer
(``quote.speaker``), dates from DATE mentions, the speaker and attribution from the QUOTE
mention that contains the evidence, and modality from the tokens' mood and from the date
(what is dated after the article is scheduled).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.document import Clause, Document, Mention
from depesche.engine.matcher import VERB_CAPTURE, Match, Span
from depesche.engine.ruleset import CompiledRule


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as SCHEMA.md has it: the text, a name, the code it acts for, its sector."""

    text: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "code": self.code, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact: the required keys, then what the text states (None when it does not)."""

    doc: str
    type: str
    span: tuple[int, int]
    rule: str
    actor: tuple[Actor, ...] | None = None
    recipient: tuple[Actor, ...] | None = None
    date: dict[str, Any] | None = None
    location: dict[str, Any] | None = None
    content: dict[str, Any] | None = None
    mode: str | None = None
    modality: dict[str, Any] | None = None
    speaker: Actor | None = None
    attribution: dict[str, Any] | None = None
    evidence: str = field(default="", compare=False)

    def to_json(self) -> dict[str, Any]:
        """The fact as a JSON object; keys with no value are left out."""
        data: dict[str, Any] = {"doc": self.doc, "type": self.type, "span": list(self.span),
                                "rule": self.rule}
        if self.actor:
            data["actor"] = [a.to_json() for a in self.actor]
        if self.recipient:
            data["recipient"] = [a.to_json() for a in self.recipient]
        for name in ("date", "location", "content", "mode", "modality", "attribution"):
            value = getattr(self, name)
            if value:
                data[name] = value
        if self.speaker:
            data["speaker"] = self.speaker.to_json()
        data["evidence"] = self.evidence
        return data


def actor_of(mention: Mention | dict[str, Any]) -> Actor:
    """An :class:`Actor` from an ACTOR mention or an actor dict (as quotes carry them)."""
    attrs = mention.attrs if isinstance(mention, Mention) else mention
    text = mention.text if isinstance(mention, Mention) else str(attrs.get("text", ""))
    return Actor(text=str(attrs.get("text") or text), name=attrs.get("name"),
                 code=attrs.get("code"), sector=attrs.get("sector"))


def _mentions_in(doc: Document, label: str, span: Span) -> list[Mention]:
    return [m for m in doc.within(label, span.start, span.end) if m.end > m.start]


def _overlapping(doc: Document, label: str, span: Span) -> list[Mention]:
    return doc.overlapping(label, span.start, span.end)


def _char_span(doc: Document, span: Span) -> tuple[int, int]:
    tokens = doc.tokens
    if span.end <= span.start:
        at = tokens[span.start].start if span.start < len(tokens) else len(doc.text)
        return at, at
    return tokens[span.start].start, tokens[span.end - 1].end


def _resolve(doc: Document, match: Match, ref: str, quote: Mention | None = None) -> list[Any]:
    """The values a template reference names: mentions in a capture, or a mention attribute.

    Four names need no capture: ``match`` is the whole match, ``quote`` the QUOTE
    mention whose words hold the fact (``quote.speaker``: who said them), ``clause``
    the clause of the match's verb, or the clause around its start (``clause.in``: the
    phrase of its "in" role, ``clause.subj`` its subject), and ``cue`` the clause of the
    verb of saying of the QUOTE the match starts with (``cue.in``).
    """
    name, _, attr = ref.partition(".")
    if name in ("clause", "cue"):
        verb = match.captures.get(VERB_CAPTURE)
        clause = doc.clause_of_head.get(verb.start) if verb is not None else None
        clause = _cue_clause(doc, match) if name == "cue" \
            else clause or _clause_around(doc, match.start)
        if clause is None:
            return []
        # (every phrase of the role, in order: "in der Nacht … in Genf" has its place second)
        return [Span(role.phrase.start, role.phrase.end) for role in clause.roles
                if role.name == attr and not role.inherited]
    if name == "quote":
        if quote is None:
            return []
        if not attr:
            return [Span(quote.start, quote.end)]
        return [quote.attrs[attr]] if quote.attrs.get(attr) is not None else []
    span = Span(match.start, match.end) if name == "match" else match.captures.get(name)
    if span is None:
        return []
    if attr:
        values = [mention.attrs[attr] for label in doc.mentions
                  for mention in doc.mentions_at(label, span.start)
                  if mention.end == span.end and attr in mention.attrs]
        return [v for v in values if v is not None][:1]
    return [span]


def _place_name(doc: Document, span: Span) -> Span | None:
    """The name in a phrase that names a place: its last run of proper names ("der syrischen
    Stadt Aleppo" → "Aleppo", "Genf"); None for a phrase that names no place ("der Nacht",
    "einem Interview", a person)."""
    tokens = doc.tokens
    end = span.end
    while end > span.start and tokens[end - 1].pos != "NE":
        end -= 1
    start = end
    while start > span.start and tokens[start - 1].pos == "NE":
        start -= 1
    if start == end:
        return None
    if any(m.attrs.get("kind") in ("person", "memory") for m in doc.covering("ACTOR", start)):
        return None  # a person's name is no place, nor one taken up ("in einer Erklärung Yuns")
    return Span(start, end)


def _coded_terms(doc: Document, span: Span) -> list[Mention]:
    """Mentions with a code inside ``span`` that are no part of an ACTOR mention.

    A noun whose compound prefix names an actor (``ACTOR_PREFIX``: "die EU-Staaten") acts
    for it beside the actors of a capture; where a capture holds no actor, a nationality
    adjective that heads none ("russische Vorschläge", "türkische Hilfe") still says whose
    proposal or help it is.
    """
    found = []
    for label in doc.mentions:
        if label in ("ACTOR", "QUOTE", "DATE"):
            continue
        found.extend(m for m in doc.within(label, span.start, span.end)
                     if m.attrs.get("code") and not doc.covering("ACTOR", m.start))
    return sorted(found, key=lambda m: m.start)


def _actors(doc: Document, match: Match, refs: tuple[str, ...],
            quote: Mention | None = None) -> tuple[Actor, ...] | None:
    """The actors ``refs`` name, joined; a ref ``a|b`` takes its first part with a coded actor.

    "er sei offen für …": ``a|quote.speaker`` gives the speaker where the subject is a
    pronoun, and the subject where it is named ("Erdogan sei offen", said by Baykal).
    """
    actors: list[Actor] = []
    for ref in refs:
        if "|" in ref:
            found = [_actors(doc, match, (part,), quote) for part in ref.split("|")]
            coded = [f for f in found if f and any(a.code for a in f)]
            actors.extend((coded or [f for f in found if f] or [()])[0])
            continue
        # "c.actors": only the actors named inside capture c ("Der Vorschlag von Mexiko"
        # → Mexico), never the capture's words as an actor of their own.
        named_only = ref.endswith(".actors")
        values = _resolve(doc, match, ref.removesuffix(".actors"), quote)
        values = [v for value in values
                  for v in (value if isinstance(value, list | tuple) else [value])]
        for value in values:
            if isinstance(value, Span):
                terms = [m for m in _coded_terms(doc, value) if not _embedded(doc, m, value)]
                prefixed = [m for m in terms if m.label == "ACTOR_PREFIX"]
                found = [m for m in sorted([*_mentions_in(doc, "ACTOR", value), *prefixed],
                                           key=lambda m: m.start)
                         or _mentions_in(doc, "ACTOR_REF", value)
                         if not _embedded(doc, m, value)]
                # An actor inside another ("der Opposition" in "die Vertreter der
                # Opposition") is part of it, unless it says whom the outer acts for.
                # So is an uncoded actor the memory has given a code on the same words
                # ("der SPD-Politiker": a title, and the minister it describes).
                found = [m for m in found if m.attrs.get("code") or not any(
                    o is not m and o.start <= m.start and m.end <= o.end
                    and ((o.start, o.end) != (m.start, m.end) or o.attrs.get("code"))
                    for o in found)]
                coded_starts = {m.start for m in found if m.attrs.get("code")}
                # An office without a code right before the coded actor it belongs to
                # ("Der Präsident" + "Serbiens") is that actor, not a second one.
                found = [m for m in found if m.attrs.get("code") or m.end not in coded_starts]
                if not any(m.attrs.get("code") for m in found):
                    # An open actor ("Flüchtlinge") says less than a coded term beside it
                    # ("türkische Hilfe für …").
                    found = terms or found
                if len(found) > 1 and not any(m.attrs.get("code") for m in found):
                    # Parts without a code ("die Vertreter" + "der Opposition") are one
                    # actor: the words of the capture.
                    start, end = _char_span(doc, value)
                    actors.append(Actor(text=doc.text[start:end]))
                    continue
                if found:
                    actors.extend(actor_of(m) for m in found)
                elif named_only and not _names_someone(doc, value):
                    continue  # "den Plan", "die Vorwürfe": no one
                elif value.end > value.start:
                    # no lexicon or memory knows it (for ``c.actors``: but it is someone,
                    # an unknown name "Soros", a group "an die Konfliktparteien")
                    start, end = _char_span(doc, value)
                    actors.append(Actor(text=doc.text[start:end]))
            elif isinstance(value, dict | Mention):
                actors.append(actor_of(value))
    unique: list[Actor] = []
    for actor in actors:
        if actor not in unique:
            unique.append(actor)
    return tuple(unique) or None


def _embedded(doc: Document, mention: Mention, span: Span) -> bool:
    """Whether ``mention`` stands in a participle's adjuncts inside a noun phrase of ``span``
    ("die von Russland unterstützten Rebellen": Russia is not whom the phrase names)."""
    return bool(doc.tokens[mention.start].attrs.get("embedded")) \
        and not doc.tokens[span.start].attrs.get("embedded")


# Phrase kinds that name someone who can act (phrases.py), for ``c.actors``.
SOMEONE = frozenset({"person", "office", "group", "people", "name", "org", "state"})


def _names_someone(doc: Document, span: Span) -> bool:
    """Whether a phrase headed inside ``span`` names someone: a person, a group, an
    unknown name; not a thing ("den Plan", "die Vorwürfe")."""
    kinds = doc.phrase_kinds()
    return any(kinds.get(k) in SOMEONE for k in range(span.start, span.end))


def _date(doc: Document, spans: list[Span], skip: Callable[[Mention], bool] | None = None
          ) -> dict[str, Any] | None:
    """The first DATE mention in ``spans`` (``skip``: a test of mentions to pass over)."""
    for span in spans:
        for mention in _overlapping(doc, "DATE", span):
            if skip is None or not skip(mention):
                return {"text": mention.text, "value": mention.attrs.get("value"),
                        "granularity": mention.attrs.get("granularity")}
    return None


def _clause_date(doc: Document, match: Match) -> dict[str, Any] | None:
    """The date of a match that names no date capture: the time adverbial of the clause
    its verb heads ("Im Jahr 2008 warf X Y … vor", "Erst in der vergangenen Woche hatten
    Soldaten … getötet"), one inside the match first; where that clause has none, the
    first inside the match that no relative or subordinate clause holds (a conjunct's,
    "X hatte am Montag … angegriffen und zwei Menschen getötet"). Clauses are disjoint,
    so a date in "die 2015 gegründete …"'s relative clause is not the event's. A sequence
    pattern that opens with a clause's verb ("griffen Rebellen …") is that clause's; any
    other match without a clause verb (a noun frame) takes the first date inside it."""
    verb = match.captures.get(VERB_CAPTURE)
    clause = doc.clause_of_head.get(verb.start if verb is not None else match.start)
    if clause is None:
        return _date(doc, [Span(match.start, match.end)])
    inside = Span(max(match.start, clause.start), min(match.end, clause.end))
    found = (_date(doc, [inside]) if inside.end > inside.start else None) or \
        _date(doc, [Span(clause.start, clause.end)])
    return found or _date(doc, [Span(match.start, match.end)], skip=lambda mention: getattr(
        _clause_around(doc, mention.start), "kind", None) in ("rel", "sub", "inf"))


def _text_field(doc: Document, span: Span | None) -> dict[str, Any] | None:
    if span is None or span.end <= span.start:
        return None
    start, end = _char_span(doc, span)
    return {"text": doc.text[start:end], "span": [start, end]}


class QuoteContents:
    """A document's QUOTE mentions by the tokens their content may hold, to find the
    quote around a fact without a scan of every quote per fact (which made fact building
    quadratic in long documents). Build it after the last QUOTE mention is added.

    A quote is listed under each token ``k`` whose stretch of text, from its start to the
    next token's, can hold a start inside the content; a query looks at the stretch of
    its own start only, so each quote it needs is there, in the order of the mentions.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.starts: list[int] = []
        self.by_token: dict[int, list[Mention]] | None = None

    def around(self, start: int) -> list[Mention]:
        """The quotes whose content may hold character ``start``, in the order added."""
        if self.by_token is None:
            self.starts = [token.start for token in self.doc.tokens]
            self.by_token = {}
            # every rendering of speech, writing or thought (REPORT), not only statements:
            # an event in the words of "…, kritisierte er" is his to tell
            for quote in self.doc.mentions.get("REPORT", self.doc.mentions.get("QUOTE", ())):
                content = quote.attrs.get("content_span")
                if not content:
                    continue
                first = bisect.bisect_right(self.starts, content[0]) - 1
                last = bisect.bisect_right(self.starts, content[1]) - 1
                for k in range(first, last + 1):
                    self.by_token.setdefault(k, []).append(quote)
        return self.by_token.get(bisect.bisect_right(self.starts, start) - 1, [])


def _quote_around(doc: Document, start: int, end: int,
                  quotes: QuoteContents | None = None) -> Mention | None:
    """The innermost QUOTE whose content holds the character span ``[start, end)``."""
    best: Mention | None = None
    for quote in (quotes or QuoteContents(doc)).around(start):
        content = quote.attrs.get("content_span")
        if not content or not (content[0] <= start and end <= content[1]):
            continue
        if best is None or content[1] - content[0] < best.attrs["content_span"][1] - best.attrs[
                "content_span"][0]:
            best = quote
    return best


def _quote_of(doc: Document, span: Span) -> Mention | None:
    """A QUOTE mention that is the match itself (for STATEMENT rules over @QUOTE)."""
    found = doc.within("QUOTE", span.start, span.end)
    return found[0] if found else None


def _modality(doc: Document, rule: CompiledRule, match: Match, own_quote: Mention | None,
              date: dict[str, Any] | None) -> dict[str, Any] | None:
    modality: dict[str, Any] = {}
    tokens = doc.tokens[match.start:match.end]
    if any(t.morph.get("Evidential") == "Hearsay" for t in tokens):
        modality["evidential"] = "hearsay"
    elif own_quote is not None:
        modality["evidential"] = "direct" if own_quote.attrs.get("form") == "direct" else "reported"
    verb = match.captures.get(VERB_CAPTURE)
    clause = doc.clause_of_head.get(verb.start) if verb is not None else None
    if clause is not None:
        # What the verb complex says (clauses layer): "nicht"/"kein" negate the event,
        # subjunctive II makes it hypothetical (SCHEMA.md, modality).
        if clause.verb.negated:
            modality["polarity"] = "negative"
        if clause.verb.mood == "sub2" or clause.question or clause.conditional:
            # "Soll die EU Sanktionen verhängen?", "ob …" ask; "falls …" supposes.
            modality["hypothetical"] = True
    # (A statement is made when it is reported; what it says is to come is its content's:
    # "„Wir werden helfen“, sagte sie" was said, not planned.)
    planned = None if rule.type == "STATEMENT" else clause or _clause_around(doc, match.start)
    if planned is not None and modality.get("evidential") != "hearsay" and (
            planned.verb.tense == "future" or planned.verb.modal in PLANNING_MODALS) and not (
            planned.conditional or planned.question or planned.verb.mood == "sub2"):
        # "will … treffen", "wird … reisen", "Die Kundgebung soll am Samstag stattfinden":
        # the event is to come (SCHEMA.md, status scheduled).
        modality["status"] = "scheduled"
    if "status" not in modality and clause is None and rule.type != "STATEMENT" \
            and _planned_noun(doc, match.start, match.end):
        # "die geplante Kundgebung", "beim nächsten Gipfel": a noun frame's event to come.
        modality["status"] = "scheduled"
    modality.update(rule.template.constants.get("modality") or {})
    if "status" not in modality and date is not None and rule.type != "STATEMENT" \
            and _later(date.get("value"), doc):
        modality["status"] = "scheduled"
    return modality or None


# Adjectives that put an event named by a noun ahead (by the start of the word, so that
# every inflection counts: "geplanten", "nächsten", "kommende").
PLANNED_ADJECTIVES = ("geplant", "kommend", "nächst", "bevorstehend", "morgig", "anstehend",
                      "angekündigt", "künftig", "angesetzt", "vorgesehen")


def _planned_noun(doc: Document, start: int, end: int) -> bool:
    """Whether an adjective of planning stands before the first noun of a span (or in the
    three words before it): "die kommende geplante Kundgebung", "am nächsten Gipfel"."""
    tokens = doc.tokens
    sentence = tokens[start].sentence if start < len(tokens) else -1
    k = max(0, start - 3)
    while k < end and k < len(tokens) and tokens[k].pos != "NN":
        token = tokens[k]
        if token.sentence == sentence and token.pos in ("ADJA", "ADJD") and \
                token.text.lower().startswith(PLANNED_ADJECTIVES):
            return True
        k += 1
    return False


# Modal verbs that put the event ahead: wanting or being due to do it.
PLANNING_MODALS = frozenset({"wollen", "sollen"})


def _cue_clause(doc: Document, match: Match) -> Clause | None:
    """The clause of the verb of saying of the QUOTE the match starts with ("Der Minister
    sagte am Mittwoch in Berlin, …": the place is the cue clause's, not the content's)."""
    for quote in doc.mentions_at("QUOTE", match.start):
        cue = quote.attrs.get("cue_span")
        if cue:
            k = bisect.bisect_left(doc.tokens, cue[0], key=lambda t: t.start)
            if k < len(doc.tokens) and doc.tokens[k].start == cue[0]:
                return _clause_around(doc, k)
    return None


def _clause_around(doc: Document, token: int) -> Clause | None:
    """The clause whose tokens hold ``token`` (for facts of noun frames).

    Clauses are disjoint and in document order, so a binary search finds it: a scan per
    fact would make fact building quadratic in long documents.
    """
    k = bisect.bisect_right(doc.clauses, token, key=lambda c: c.start) - 1
    return doc.clauses[k] if k >= 0 and token < doc.clauses[k].end else None


def _later(value: Any, doc: Document) -> bool:
    """Whether an ISO date lies after the document's date, at the coarser granularity.

    An event dated after the report that tells of it has not happened yet: it is
    scheduled (SCHEMA.md, CONSULT). "am 10. Januar" in a December article is; a date in
    the document's own month or year cannot be told apart and is not.
    """
    if not isinstance(value, str) or doc.date is None:
        return False
    own = doc.date.isoformat()[:{"year": 4, "month": 7}.get(doc.date_granularity or "", 10)]
    width = min(len(value), len(own))
    return value[:width] > own[:width]


def build_fact(doc: Document, rule: CompiledRule, match: Match,
               quotes: QuoteContents | None = None) -> Fact:
    """Make the fact a rule's match states (``quotes``: the document's, built once for
    all its facts)."""
    template = rule.template
    evidence = Span(match.start, match.end)
    if "evidence" in template.refs:
        spans = [v for r in template.refs["evidence"] for v in _resolve(doc, match, r)
                 if isinstance(v, Span)]
        if spans:
            evidence = Span(min(s.start for s in spans), max(s.end for s in spans))
    start, end = _char_span(doc, evidence)
    own_quote = _quote_of(doc, evidence) if rule.type == "STATEMENT" else None
    quote = None if own_quote is not None else _quote_around(doc, start, end, quotes)

    source_quote = own_quote or quote
    actor = _actors(doc, match, template.refs.get("actor", ()), source_quote)
    recipient = _actors(doc, match, template.refs.get("recipient", ()), source_quote)
    found = _actors(doc, match, template.refs.get("speaker", ()), source_quote)
    speaker: Actor | None = found[0] if found else None
    if speaker is None and quote is not None and quote.attrs.get("speaker"):
        speaker = actor_of(quote.attrs["speaker"])
    if own_quote is not None and actor is None and own_quote.attrs.get("speaker"):
        actor = (actor_of(own_quote.attrs["speaker"]),)

    date_spans = [v for r in template.refs.get("date", ()) for v in _resolve(doc, match, r)
                  if isinstance(v, Span)]
    location = None
    for ref in template.refs.get("location", ()):
        for value in _resolve(doc, match, ref):
            if isinstance(value, Span) and ref.startswith(("clause.", "cue.")):
                value = _place_name(doc, value)  # "in der syrischen Stadt Aleppo": Aleppo
            if isinstance(value, Span) and value.end > value.start:
                s, e = _char_span(doc, value)
                location = {"text": doc.text[s:e], "id": None}
                break
        if location is not None:
            break
    content = None
    for ref in template.refs.get("content", ()):
        for value in _resolve(doc, match, ref):
            if isinstance(value, Span):
                content = _text_field(doc, value)
    attribution = template.constants.get("attribution")
    if attribution is None and source_quote is not None:
        attribution = {"cue": source_quote.attrs.get("cue"), "form": source_quote.attrs.get("form")}
    date = _date(doc, date_spans) if date_spans else _clause_date(doc, match)
    return Fact(
        doc=doc.id, type=rule.type or "", span=(start, end), rule=rule.id,
        actor=actor, recipient=recipient, date=date, location=location,
        content=content, mode=template.constants.get("mode"),
        modality=_modality(doc, rule, match, own_quote, date), speaker=speaker,
        attribution=attribution, evidence=doc.text[start:end],
    )
