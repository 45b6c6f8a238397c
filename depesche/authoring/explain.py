"""Why a rule does (not) match a sentence: a tracing walk over the pattern AST.

The engine's matcher (``engine.matcher``) runs compiled programs and only says *whether*
and *where* a pattern matches. To say *why not*, this module walks the pattern AST itself
against the tokens of one sentence, computing for each element and position the set of
positions where it can end (memoised, so the walk is polynomial), and records every
element that fails on a token together with the reason. The report is the failure that
got furthest: the start from which the most tokens were consumed, the element that failed
there, and why (``[lemma=anbieten]`` on a token whose lemma is ``bieten``).

The walk decides existence of a match exactly as the matcher does (backtracking explores
every path; priorities only choose *which* match), so it never disagrees about *whether*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.annotators import annotate
from depesche.engine.document import Document, Mention, Sentence, Token
from depesche.engine.matcher import (
    ElementMatcher,
    FrameTest,
    MatchContext,
    TestCompiler,
    compile_test,
    mention_index,
)
from depesche.engine.pipeline import Extraction, Extractor, RuleMatch
from depesche.engine.ruleset import CompiledRule
from depesche.grammar import ast
from depesche.grammar.extensions import GrammarExtension

# Token attributes shown for every token, whether or not the pack's rules read them.
DISPLAY_FEATURES = ("lemma", "pos", "morph")
PLAIN_VALUE = re.compile(r"[^\W_][\w\-]*\Z")

# ---------------------------------------------------------------- the pattern as text


def format_value(value: ast.Value) -> str:
    """A value as the pattern language writes it."""
    match value:
        case ast.Literal(text=text, ignore_case=ignore_case):
            shown = text if PLAIN_VALUE.match(text) and not ignore_case else (
                '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
            return shown + ("i" if ignore_case else "")
        case ast.Regex(source=source, ignore_case=ignore_case):
            return f"/{source}/" + ("i" if ignore_case else "")
        case ast.Number(value=number):
            return f"{number:g}"
    raise TypeError(value)


def format_test(test: ast.TokenTest, nested: bool = False) -> str:
    """A token test as written inside ``[ … ]``."""
    match test:
        case ast.AnyToken():
            return ""
        case ast.AttrTest(attr=attr, value=value, negated=negated):
            return ".".join(attr) + ("!=" if negated else "=") + format_value(value)
        case ast.SetTest(attr=attr, values=values):
            return ".".join(attr) + "={" + ", ".join(format_value(v) for v in values) + "}"
        case ast.ClassTest(label=label):
            return f"@{label}"
        case ast.AndTest(tests=tests):
            return " & ".join(format_test(t, True) for t in tests)
        case ast.OrTest(tests=tests):
            text = " | ".join(format_test(t, True) for t in tests)
            return f"({text})" if nested else text
        case ast.NotTest(test=inner):
            return "!" + format_test(inner, True)
        case ast.ExtensionTest(kind=kind):
            return f"<{kind}>"
    raise TypeError(test)


def format_element(node: ast.Element) -> str:
    """An element as the pattern language writes it (macros already expanded)."""
    match node:
        case ast.Token(test=test):
            return f"[{format_test(test)}]"
        case ast.Sequence(items=items):
            return " ".join(format_element(i) for i in items)
        case ast.Alternation(options=options):
            return "(" + " | ".join(format_element(o) for o in options) + ")"
        case ast.Repeat(item=item, minimum=minimum, maximum=maximum, lazy=lazy):
            inner = format_element(item)
            if isinstance(item, ast.Sequence) and len(item.items) > 1:
                inner = f"({inner})"
            quantifier = {(0, 1): "?", (0, None): "*", (1, None): "+"}.get(
                (minimum, maximum),
                f"{{{minimum}}}" if minimum == maximum else f"{{{minimum},{maximum or ''}}}")
            return inner + quantifier + ("?" if lazy else "")
        case ast.Gap(minimum=minimum, maximum=maximum):
            return f"~{{{minimum},{maximum}}}"
        case ast.Capture(name=name, item=item):
            return f"(?<{name}> {format_element(item)})"
        case ast.Lookahead(item=item, negative=negative):
            return f"(?{'!' if negative else '='} {format_element(item)})"
        case ast.MentionRef(label=label):
            return f"@{label}"
        case ast.MacroRef(name=name):
            return f"${name}"
        case ast.Anchor(end=end):
            return "$" if end else "^"
        case ast.ExtensionElement(kind=kind):
            return f"<{kind}>"
        case ast.ClauseFrame():
            return format_clause_frame(node)
    raise TypeError(node)


def format_clause_frame(node: ast.ClauseFrame) -> str:
    """A clause frame as written: ``clause([lemma=drohen], subj=a:[@ACTOR], dat=r?, !neg)``."""
    parts = [(f"{node.verb_capture}:" if node.verb_capture else "")
             + format_element(node.verb)]
    for spec in node.roles:
        if spec.absent:
            parts.append(f"!{spec.role}")
            continue
        value = spec.capture or ""
        if spec.test is not None:
            value += (":" if value else "") + f"[{format_test(spec.test)}]"
        parts.append(f"{spec.role}{'=' + value if value else ''}{'?' if spec.optional else ''}")
    for name, value in node.flags:
        parts.append(name if value == "yes" else f"!{name}" if value == "no"
                     else f"!{name}={value[1:]}" if value.startswith("!")
                     else f"{name}={value}")
    return f"clause({', '.join(parts)})"


# ---------------------------------------------------------------- why a token fails


def token_value(token: Token, attr: tuple[str, ...]) -> Any:
    """The value of a token attribute as patterns read it (a missing lemma reads as the text)."""
    name = attr[0]
    if name in ("word", "text"):
        return token.text
    if name == "lower":
        return token.text.lower()
    if name == "lemma":
        return token.lemma if token.lemma is not None else token.text
    if name in ("pos", "tag"):
        return token.pos or ""
    if name == "morph":
        return token.morph.get(attr[1])
    value: Any = token.attrs.get(name)
    for key in attr[1:]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _quoted(value: Any) -> str:
    return "none" if value is None else repr(value)


def why_not(test: ast.TokenTest, token: Token, passes: Callable[[ast.TokenTest], bool]) -> str:
    """Why ``token`` fails ``test``, in the words of the test's attribute."""
    match test:
        case ast.AttrTest(attr=attr, value=value, negated=negated):
            name = ".".join(attr)
            have = token_value(token, attr)
            if negated:
                return f"{name} is {_quoted(have)}, which the test excludes"
            reason = f"{name} is {_quoted(have)}"
            if (attr[0] == "lemma" and isinstance(value, ast.Literal) and isinstance(have, str)
                    and value.text.endswith(have) and value.text != have):
                particle = value.text[: len(value.text) - len(have)]
                reason += (f" (a separable verb whose particle {particle!r} was not joined? "
                           "see `depesche annotate`)")
            return reason
        case ast.SetTest(attr=attr, values=values):
            allowed = ", ".join(format_value(v) for v in values)
            have = _quoted(token_value(token, attr))
            return f"{'.'.join(attr)} is {have}, not one of {{{allowed}}}"
        case ast.ClassTest(label=label):
            classes = ", ".join(f"@{c}" for c in sorted(token.classes)) or "none"
            return f"the token is not @{label} (its classes: {classes})"
        case ast.AndTest(tests=tests):
            failing = next(t for t in tests if not passes(t))
            return why_not(failing, token, passes)
        case ast.OrTest(tests=tests):
            return "none of the options: " + "; ".join(why_not(t, token, passes) for t in tests)
        case ast.NotTest(test=inner):
            return f"the token passes [{format_test(inner)}], which is negated"
    return f"the token fails [{format_test(test)}]"


# ---------------------------------------------------------------- the tracing walk


@dataclass(frozen=True, slots=True)
class Failure:
    """An element that failed at a document token position, and why.

    ``order`` is the element's place in the pattern (pre-order): a failure of a later
    element got further through the pattern.
    """

    position: int
    element: str
    reason: str
    order: int = 0


@dataclass(frozen=True, slots=True)
class Trace:
    """How far a pattern got in a sentence: the best start, the furthest position, failures."""

    matched: bool
    start: int
    furthest: int
    failures: tuple[Failure, ...]


class _Compiled:
    """What walks from every start share: token tests, frames and extension elements
    compiled once, and elements as text (compiling them again for each start cost more
    than the walks)."""

    def __init__(self, extensions: Sequence[GrammarExtension]) -> None:
        self.tests: dict[str, TestCompiler] = {
            k: v for ext in extensions for k, v in ext.test_compilers.items()}
        self.elements: dict[str, Callable[[Any], ElementMatcher]] = {
            k: v for ext in extensions for k, v in ext.element_compilers.items()}
        self.element_matchers: dict[int, ElementMatcher] = {}
        self.frames: dict[int, FrameTest] = {}
        self.predicates: dict[int, Callable[[Token], bool]] = {}
        self.texts: dict[int, str] = {}

    def text(self, node: ast.Element) -> str:
        text = self.texts.get(id(node))
        if text is None:
            text = self.texts[id(node)] = format_element(node)
        return text


class _Walk:
    """Ends of every element at every position from one start, recording failures."""

    def __init__(self, ctx: MatchContext, compiled: _Compiled, order: Mapping[int, int]
                 ) -> None:
        self.ctx = ctx
        self.compiled = compiled
        self.tests = compiled.tests
        self.elements = compiled.elements
        self.element_matchers = compiled.element_matchers
        self.frames = compiled.frames
        self.order = order
        self.memo: dict[tuple[int, int], frozenset[int]] = {}
        self.predicates = compiled.predicates
        self.furthest = -1
        # The elements that failed at ``furthest``, each once, with why: worded only for
        # the start a trace reports (wording each failure of each start cost the most).
        self.failing: dict[int, tuple[ast.Element, str | Callable[[], str]]] = {}
        self.quiet = 0  # inside a lookahead, failures are not the rule's failures

    def passes(self, test: ast.TokenTest, token: Token) -> bool:
        predicate = self.predicates.get(id(test))
        if predicate is None:
            predicate = self.predicates[id(test)] = compile_test(test, self.tests)
        return predicate(token)

    def fail(self, pos: int, node: ast.Element, reason: str | Callable[[], str]) -> None:
        """Record a failure at ``pos`` if none got further (``reason``: why, or how to
        word it; an element fails at one position for one reason)."""
        if self.quiet or pos < self.furthest:
            return
        if pos > self.furthest:
            self.furthest, self.failing = pos, {}
        self.failing.setdefault(id(node), (node, reason))

    def last_order(self) -> int:
        """The latest place in the pattern of an element that failed furthest."""
        return max((self.order.get(key, 0) for key in self.failing), default=0)

    def failures(self) -> tuple[Failure, ...]:
        """The failures at the furthest position, worded, in the order they happened."""
        found: list[Failure] = []
        for key, (node, reason) in self.failing.items():
            failure = Failure(self.furthest, self.compiled.text(node),
                              reason if isinstance(reason, str) else reason(),
                              self.order.get(key, 0))
            if failure not in found:
                found.append(failure)
        return tuple(found)

    def ends(self, node: ast.Element, pos: int) -> frozenset[int]:
        key = (id(node), pos)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = frozenset(self._ends(node, pos))
        return found

    def _token_text(self, pos: int) -> str:
        return repr(self.ctx.tokens[pos].text)

    def _ends(self, node: ast.Element, pos: int) -> set[int]:
        ctx = self.ctx
        match node:
            case ast.Token(test=test):
                if pos >= ctx.last:
                    self.fail(pos, node, "the sentence ends here")
                    return set()
                token = ctx.tokens[pos]
                if self.passes(test, token):
                    return {pos + 1}
                self.fail(pos, node, lambda: why_not(test, token,
                                                     lambda t: self.passes(t, token)))
                return set()
            case ast.Sequence(items=items):
                positions = {pos}
                for item in items:
                    positions = {end for p in positions for end in self.ends(item, p)}
                    if not positions:
                        break
                return positions
            case ast.Alternation(options=options):
                return {end for option in options for end in self.ends(option, pos)}
            case ast.Repeat(item=item, minimum=minimum, maximum=maximum):
                return self._repeat(item, minimum, maximum, pos)
            case ast.Gap(minimum=minimum, maximum=maximum):
                if pos + minimum > ctx.last:
                    self.fail(ctx.last, node, "the sentence ends before the gap's minimum")
                return set(range(pos + minimum, min(pos + maximum, ctx.last) + 1))
            case ast.Capture(item=item):
                return set(self.ends(item, pos))
            case ast.Lookahead(item=item, negative=negative):
                self.quiet += 1
                found = bool(self.ends(item, pos))
                self.quiet -= 1
                if found != negative:
                    return {pos}
                what = "what follows matches" if negative else "what follows does not match"
                self.fail(pos, node, what)
                return set()
            case ast.MentionRef(label=label):
                return self._mention(node, label, pos)
            case ast.Anchor(end=end):
                if (pos >= ctx.last) if end else (pos == ctx.first):
                    return {pos}
                reason = (f"not at the sentence end ({self._token_text(pos)} follows)" if end
                          else "not at the sentence start")
                self.fail(pos, node, reason)
                return set()
            case ast.ClauseFrame():
                if pos >= ctx.last:
                    self.fail(pos, node, "the sentence ends here")
                    return set()
                frame = self.frames.get(id(node))
                if frame is None:
                    frame = self.frames[id(node)] = FrameTest(node, {}, self.tests)
                notes: list[str] = []
                if frame.bind(ctx, pos, notes) is not None:
                    return {pos + 1}
                # Only a clause's head verb, or a token that passes the verb test, is a
                # place where the frame could have matched: say why it did not there.
                if pos in ctx.doc.clause_of_head or frame.verb(ctx.tokens[pos]):
                    self.fail(pos, node, "; ".join(notes))
                return set()
            case ast.ExtensionElement(kind=kind) if kind in self.elements:
                matcher = self.element_matchers.get(id(node))
                if matcher is None:
                    matcher = self.element_matchers[id(node)] = self.elements[kind](node)
                ends = {end for end in matcher(ctx, pos) if end <= ctx.last}
                if not ends:
                    at = self._token_text(pos) if pos < ctx.last else "the sentence end"
                    self.fail(pos, node, f"{kind} does not match at {at}")
                return ends
        self.fail(pos, node, f"{format_element(node)} cannot be traced (extension not loaded)")
        return set()

    def _repeat(self, item: ast.Element, minimum: int, maximum: int | None, pos: int
                ) -> set[int]:
        positions = {pos}
        for _ in range(minimum):
            positions = {end for p in positions for end in self.ends(item, p)}
        reached, frontier, count = set(positions), positions, minimum
        while frontier and (maximum is None or count < maximum):
            step = {end for p in frontier for end in self.ends(item, p)}
            frontier = step - reached
            reached |= step
            count += 1
        return reached

    def _mention(self, node: ast.Element, label: str, pos: int) -> set[int]:
        found = self.ctx.mentions(label, pos)
        if found:
            return {m.end for m in found}
        if pos >= self.ctx.last:
            self.fail(pos, node, "the sentence ends here")
            return set()
        around = [m for m in self.ctx.doc.covering(label, pos) if m.start < pos]
        if around:
            inside = around[0]
            reason = (f"{self._token_text(pos)} is inside the @{label} {inside.text!r}, "
                      f"which starts at {self._token_text(inside.start)}")
        else:
            reason = f"no @{label} starts at {self._token_text(pos)}"
        self.fail(pos, node, reason)
        return set()


def trace_pattern(node: ast.Element, ctx: MatchContext,
                  extensions: Sequence[GrammarExtension] = (),
                  compiled: _Compiled | None = None) -> Trace:
    """Walk ``node`` from every start in the sentence; keep the start that got furthest.

    From one start, the furthest token position counts; between starts, the one whose
    failing element stands latest in the pattern, then the one that consumed more tokens,
    then the leftmost: "Russland wies am Freitag …" failing at the recipient beats failing
    at the verb after a longer actor further right.
    """
    order = {id(element): i for i, element in reversed(list(enumerate(ast.walk(node))))}
    best: tuple[tuple[bool, int, int], int, int, _Walk] | None = None
    compiled = compiled or _Compiled(extensions)
    for start in range(ctx.first, ctx.last + 1):
        walk = _Walk(ctx, compiled, order)
        ends = walk.ends(node, start)
        if ends and max(ends) > start:
            return Trace(True, start, max(ends), ())
        furthest = max(walk.furthest, start)
        # A start with no failure at all (a clause frame away from any clause head) says
        # nothing: any start that failed somewhere ranks above it.
        rank = (bool(walk.failing), walk.last_order(), furthest - start)
        if best is None or rank > best[0]:
            best = (rank, start, furthest, walk)
    assert best is not None
    _rank, start, furthest, walk = best
    return Trace(False, start, furthest, walk.failures())


# ---------------------------------------------------------------- explaining a sentence


@dataclass(frozen=True, slots=True)
class RuleReport:
    """One rule on the sentence: its kept and dropped matches, or how far it got."""

    rule: CompiledRule
    kept: tuple[RuleMatch, ...] = ()
    dropped: tuple[tuple[RuleMatch, RuleMatch], ...] = ()
    trace: Trace | None = None


@dataclass(slots=True)
class Explanation:
    """Everything ``depesche explain`` shows for one sentence."""

    extraction: Extraction
    sentence: Sentence
    reports: list[RuleReport] = field(default_factory=list)

    @property
    def doc(self) -> Document:
        return self.extraction.doc


def explain_sentence(extractor: Extractor, doc: Document, number: int,
                     rule_ids: list[str] | None = None,
                     extensions: Sequence[GrammarExtension] = ()) -> Explanation:
    """Run the pack on ``doc`` and explain each rule (or those named) on sentence ``number``.

    ``number`` is 1-based; the caller checks it against ``len(doc.sentences)``.
    ``extensions`` are the pack's grammar extensions, whose constructs the walk runs.
    """
    extraction = extractor.run(doc)
    # Shown for every token, added after the run so that they cannot change what it found.
    annotate(doc, DISPLAY_FEATURES, extractor.context)
    sentence = doc.sentences[number - 1]
    ctx = MatchContext(doc, sentence, mention_index(doc))
    explanation = Explanation(extraction, sentence)
    wanted = set(rule_ids or ())
    compiled = _Compiled(extensions)
    for rule in extractor.ruleset.rules:
        if wanted and rule.id not in wanted:
            continue
        kept = tuple(k for k in extraction.kept
                     if k.rule.id == rule.id and k.sentence == sentence.index)
        dropped = tuple((loser, winner) for loser, winner in extraction.dropped
                        if loser.rule.id == rule.id and loser.sentence == sentence.index)
        trace = None
        if not kept and not dropped and rule.pattern.source is not None:
            trace = trace_pattern(rule.pattern.source, ctx, extensions, compiled)
        explanation.reports.append(RuleReport(rule, kept, dropped, trace))
    return explanation


# ---------------------------------------------------------------- the report as text


def _span_text(doc: Document, start: int, end: int) -> str:
    if end <= start:
        return ""
    return doc.text[doc.tokens[start].start:doc.tokens[end - 1].end]


def _why_won(loser: RuleMatch, winner: RuleMatch) -> str:
    if winner.rule.priority != loser.rule.priority:
        return f"priority {winner.rule.priority} > {loser.rule.priority}"
    won, lost = winner.match, loser.match
    if won.end - won.start != lost.end - lost.start:
        return f"longer match: {won.end - won.start} > {lost.end - lost.start} tokens"
    if winner.rule.order != loser.rule.order:
        return "earlier in the pack"
    return "earlier in the sentence"


def _mention_line(mention: Mention, first: int) -> str:
    # The text is shown already; ids and lexicon names repeat what the label says.
    shown = {k: v for k, v in mention.attrs.items()
             if k not in ("text", "id", "lexicon") and v not in (None, "")
             and not isinstance(v, dict | list)}
    attrs = " ".join(f"{k}={v}" for k, v in sorted(shown.items()))
    return (f"  {mention.label:<12} {mention.start - first:>3}-{mention.end - first:<3} "
            f"{mention.text!r}" + (f"  {attrs}" if attrs else ""))


def _progress(report: RuleReport) -> tuple[bool, int]:
    """How close a rule that did not match came: tokens matched from its best start."""
    trace = report.trace
    return (False, 0) if trace is None else (trace.matched, trace.furthest - trace.start)


def format_explanation(explanation: Explanation, closest: int | None = None) -> str:
    """The report ``depesche explain`` prints: tokens, mentions, then the rules.

    With ``closest`` None, or no more than ``closest`` rules without a match, every rule is
    shown in pack order. Otherwise the rules that matched (kept or dropped) lead, then the
    ``closest`` rules that came furthest without a match, and a count of the rest: a pack
    of a hundred rules would print hundreds of lines of misses.
    """
    doc, sentence = explanation.doc, explanation.sentence
    first = sentence.first
    lines = [f"sentence {sentence.index + 1} of {len(doc.sentences)}: "
             f"{' '.join(doc.text[sentence.start:sentence.end].split())}", "", "tokens"]
    for token in doc.sentence_tokens(sentence):
        morph = "|".join(f"{k}={v}" for k, v in sorted(token.morph.items())) or "-"
        classes = " ".join(f"@{c}" for c in sorted(token.classes)) or "-"
        lines.append(f"  {token.i - first:>3} {token.text:<18} {token.lemma or '-':<18} "
                     f"{token.pos or '-':<7} {morph:<28} {classes}".rstrip())
    mentions = sorted((m for ms in doc.mentions.values() for m in ms
                       if first <= m.start < sentence.last),
                      key=lambda m: (m.start, -m.end, m.label))
    if mentions:
        lines += ["", "mentions"] + [_mention_line(m, first) for m in mentions]
    reports = explanation.reports
    matched = [r for r in reports if r.kept or r.dropped]
    if closest is not None and len(reports) - len(matched) > closest:
        misses = sorted((r for r in reports if not (r.kept or r.dropped)), key=_progress,
                        reverse=True)
        near = [r for r in misses[:closest] if _progress(r) > (False, 0)]
        hidden = len(misses) - len(near)
        lines += ["", f"rules that matched ({len(matched)} of {len(reports)})"]
        lines += _report_lines(explanation, matched) or ["  none"]
        lines += ["", f"closest misses (the {len(near)} rules that got furthest)"]
        lines += _report_lines(explanation, near) or ["  none: no rule matched a token here"]
        if hidden:
            lines += ["", f"{hidden} other rules did not match (--all shows every rule, "
                          "--rule ID one)"]
        return "\n".join(lines) + "\n"
    lines += ["", "rules", *_report_lines(explanation, reports)]
    return "\n".join(lines) + "\n"


def _report_lines(explanation: Explanation, reports: list[RuleReport]) -> list[str]:
    doc, sentence = explanation.doc, explanation.sentence
    lines: list[str] = []
    for report in reports:
        rule = report.rule
        for item in report.kept:
            text = _span_text(doc, item.match.start, item.match.end)
            lines.append(f"  match    {rule.id}: {text!r}")
            start, end = doc.tokens[item.match.start].start, doc.tokens[item.match.end - 1].end
            fact = next((f for f in explanation.extraction.facts
                         if f.rule == rule.id and f.span[0] < end and start < f.span[1]), None)
            if fact is not None:
                lines.append(f"           → {_fact_summary(fact.to_json())}")
            elif rule.tag:
                lines.append(f"           → @{rule.tag}")
        for loser, winner in report.dropped:
            text = _span_text(doc, loser.match.start, loser.match.end)
            won = _span_text(doc, winner.match.start, winner.match.end)
            lines.append(f"  dropped  {rule.id}: {text!r} lost to {winner.rule.id} "
                         f"({won!r}; {_why_won(loser, winner)})")
        if report.trace is not None:
            lines.extend(_trace_lines(doc, rule, report.trace, sentence))
    return lines


# ---------------------------------------------------------------- the report as JSON


def _match_json(explanation: Explanation, item: RuleMatch) -> dict[str, Any]:
    doc, first = explanation.doc, explanation.sentence.first
    start, end = doc.tokens[item.match.start].start, doc.tokens[item.match.end - 1].end
    fact = next((f for f in explanation.extraction.facts
                 if f.rule == item.rule.id and f.span[0] < end and start < f.span[1]), None)
    return {"text": doc.text[start:end], "span": [start, end],
            "tokens": [item.match.start - first, item.match.end - first],
            "fact": fact.to_json() if fact is not None else None, "tag": item.rule.tag}


def _trace_json(doc: Document, trace: Trace, sentence: Sentence) -> dict[str, Any]:
    first = sentence.first
    return {
        "matched_after_run": trace.matched,
        "start": trace.start - first, "furthest": trace.furthest - first,
        "matched_text": _span_text(doc, trace.start, trace.furthest),
        "failures": [{
            "token": failure.position - first,
            "token_text": (doc.tokens[failure.position].text
                           if failure.position < sentence.last else None),
            "element": failure.element, "reason": failure.reason,
        } for failure in trace.failures],
    }


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    """What ``depesche explain --format json`` prints: the text report's content as data.

    Token positions (``tokens``, ``start``, ``furthest``, ``token``) count from the
    sentence's first token, as the text report's do; ``span`` values are character
    offsets into the document. ``status`` per rule is ``match`` (a kept match),
    ``dropped`` (matches that lost a conflict), or ``no match`` (with the trace).
    """
    doc, sentence = explanation.doc, explanation.sentence
    first = sentence.first
    tokens = [{"i": token.i - first, "text": token.text, "span": [token.start, token.end],
               "lemma": token.lemma, "pos": token.pos, "morph": dict(token.morph),
               "classes": sorted(token.classes)}
              for token in doc.sentence_tokens(sentence)]
    mentions = [{"label": m.label, "tokens": [m.start - first, m.end - first], "text": m.text,
                 "attrs": {k: v for k, v in m.attrs.items() if k != "text"}}
                for m in sorted((m for ms in doc.mentions.values() for m in ms
                                 if first <= m.start < sentence.last),
                                key=lambda m: (m.start, -m.end, m.label))]
    rules = []
    for report in explanation.reports:
        rule = report.rule
        status = "match" if report.kept else "dropped" if report.dropped else "no match"
        rules.append({
            "rule": rule.id, "type": rule.type, "tag": rule.tag, "status": status,
            "matches": [_match_json(explanation, item) for item in report.kept],
            "dropped": [{"text": _span_text(doc, loser.match.start, loser.match.end),
                         "lost_to": winner.rule.id,
                         "winner_text": _span_text(doc, winner.match.start, winner.match.end),
                         "why": _why_won(loser, winner)} for loser, winner in report.dropped],
            "trace": (None if report.trace is None
                      else _trace_json(doc, report.trace, sentence)),
        })
    return {"sentence": {"number": sentence.index + 1, "of": len(doc.sentences),
                         "text": doc.text[sentence.start:sentence.end],
                         "span": [sentence.start, sentence.end]},
            "tokens": tokens, "mentions": mentions, "rules": rules}


def _trace_lines(doc: Document, rule: CompiledRule, trace: Trace, sentence: Sentence
                 ) -> list[str]:
    first = sentence.first
    if trace.matched:
        # The run kept no match, yet the walk over the finished document finds one: it uses
        # mentions that a later stage tagged, or annotations the run did not need.
        text = _span_text(doc, trace.start, trace.furthest)
        return [f"  no match {rule.id}",
                f"           {text!r} matches only after the run (a tag of a later stage?)"]
    lines = [f"  no match {rule.id}"]
    if trace.furthest > trace.start:
        lines.append(f"           got from token {trace.start - first} to "
                     f"{trace.furthest - first}: "
                     f"{_span_text(doc, trace.start, trace.furthest)!r} matched")
    else:
        lines.append("           no start: the pattern fails on its first element everywhere; "
                     f"at token {trace.start - first}:")
    for failure in trace.failures:
        where = (f"token {failure.position - first} {doc.tokens[failure.position].text!r}"
                 if failure.position < sentence.last else "the sentence end")
        lines.append(f"           {failure.element} fails at {where}: {failure.reason}")
    return lines


def _fact_summary(fact: dict[str, Any]) -> str:
    parts = [fact["type"]]
    for name in ("actor", "recipient"):
        if fact.get(name):
            codes = ",".join(a.get("code") or a.get("text") for a in fact[name])
            parts.append(f"{name}=[{codes}]")
    if fact.get("speaker"):
        parts.append(f"speaker={fact['speaker'].get('code') or fact['speaker'].get('text')}")
    if fact.get("date"):
        parts.append(f"date={fact['date'].get('value')}")
    if fact.get("location"):
        parts.append(f"location={fact['location'].get('text')}")
    if fact.get("modality"):
        parts.append("modality={" + ", ".join(f"{k}: {v}" for k, v in fact["modality"].items())
                     + "}")
    return " ".join(parts)
