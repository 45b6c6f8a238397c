"""Rule indexing: which rules can match in which sentence, and where their matches may start.

A pack of hundreds of rules must not try every rule at every token, as spaCy's ``Matcher``
does. Each pattern is planned once, from its AST, into a :class:`PatternPlan`:

* ``anchor`` and ``reach``: *keys* — a word, a lower-cased word, a lemma, a part of speech,
  a noun's compound head (each exact or case-folded), a class label on a token, or the
  label of a mention starting there — one of which a token at most a bounded number of
  tokens after the start of every match has. Usually that is the first token (``reach``
  ``(0, 0)``); a pattern such as ``(^ | [!pos=APPR]) [pos=ART]? @ACTOR …`` is anchored on
  the actor, one to two tokens on. ``None`` when no element at a bounded distance from the
  start is indexable (a leading unbounded wildcard, an extension element, a pattern that
  can match nothing).
* ``needs``: clauses, each a set of keys of which every sentence holding a match has at
  least one (``[lemma=drohen]`` anywhere in a sequence makes ``{lemma:drohen}`` a clause).
  Clauses are necessary conditions, so a sentence lacking one is skipped unread.
* ``trigger``: the clause that wakes the rule up, the rarest by a static estimate (a word
  or lemma is rarer than a class; one literal is rarer than a set of ten).
* ``anchor_tests``: the token tests of the anchor, of which keys are only a part
  (``[pos=NN & lemma=/.*angriff/]`` has the key ``pos=NN``): a token with an anchor key
  that fails them vouches for no start.

This is the classic inverted index of multi-pattern matching (Aho and Corasick, 1975, and
the "required literal" prefilters of regular expression engines such as RE2 and
Hyperscan): per document, every token's word, lemma and classes are looked up once in
dictionaries shared by all rules, so the cost of a pack grows with the keys present in the
text, not with the number of rules. Rules whose trigger is absent cost nothing; the rest
run the matcher (``CompiledPattern.find_at``) only at the starts their anchor allows, in
the sentences that hold all their clauses. Every key is a *necessary* condition of a match, so
the indexed run yields exactly the matches of trying every rule at every token.

Planning is done here, once per pattern; the work per document (where the keys are, which
sentences hold each clause, the starts each anchor vouches for) is compiled
(:mod:`depesche.engine._index`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from depesche.engine._index import Tables
from depesche.engine.document import Document
from depesche.engine.matcher import (
    CompiledPattern,
    Match,
    MatchContext,
    MentionIndex,
    Predicate,
    compile_test,
)
from depesche.grammar import ast

# A key is (view, value): the view names a token attribute as the matcher reads it.
Key = tuple[str, str]
Clause = frozenset[Key]

CLASS, MENTION = "class", "mention"

# Single-valued views: how the matcher's token tests read each attribute (see
# ``matcher._getter``; ``_index`` reads one column of values per document); a ``/i`` view
# is the case-folded column of its base view, for ``"x"i`` literals. ``head`` is a noun's
# compound head (``attrs["head"]``, none on other tokens): rules that name a family of
# nouns (``[head={Kritik, Vorwurf} & pos=NN]``) are anchored on those heads, not on every
# noun that the part of speech alone would offer.
ATTRIBUTE_VIEW = {"word": "word", "text": "word", "lower": "lower", "lemma": "lemma",
                  "pos": "pos", "tag": "pos", "head": "head"}

# Static rarity of one key, for choosing a rule's trigger: classes, mentions and parts of
# speech mark many tokens (every actor, every finite verb), short words are mostly function
# words ("die", "und", "mit").
COMMON_VIEWS = frozenset({CLASS, MENTION, "pos", "pos/i"})
CLASS_WEIGHT = 1000
# A token test says more than its keys: a regular expression on a word or lemma picks a
# family of words ("/.*angriff/"); no test at all takes every token.
PATTERN_WEIGHT = 100
ANY_WEIGHT = 10 * CLASS_WEIGHT
SHORT_WORD_WEIGHT = 20
SHORT_WORD = 3


@dataclass(frozen=True, slots=True)
class PatternPlan:
    """What the index knows of one pattern: where matches start, what sentences they need.

    Every match starts between ``reach[0]`` and ``reach[1]`` tokens before a token that has
    one of the ``anchor`` keys (the first token itself when ``reach`` is ``(0, 0)``); with no
    anchor, a match may start anywhere in a sentence that has all of ``needs``. Where known,
    ``anchor_tests`` are the token tests one of which that token passes: keys only say
    ``pos=NN`` of ``[pos=NN & lemma=/.*angriff/]``, the test says the rest.
    """

    anchor: Clause | None
    needs: tuple[Clause, ...]
    trigger: Clause | None
    reach: tuple[int, int] = (0, 0)
    anchor_tests: tuple[ast.TokenTest, ...] | None = None


# ---------------------------------------------------------------- planning


def _weight(key: Key) -> int:
    view, value = key
    if view in COMMON_VIEWS:
        return CLASS_WEIGHT
    return SHORT_WORD_WEIGHT if len(value) <= SHORT_WORD else 1


def rarity(clause: Clause) -> int:
    """Estimated frequency of a clause: lower is rarer, and a better trigger."""
    return sum(_weight(key) for key in clause)


def _value_key(attr: tuple[str, ...], value: ast.Value) -> Key | None:
    view = ATTRIBUTE_VIEW.get(attr[0]) if len(attr) == 1 else None
    if view is None or not isinstance(value, ast.Literal):
        return None
    if value.ignore_case:
        return f"{view}/i", value.text.casefold()
    return view, value.text


def test_keys(test: ast.TokenTest) -> Clause | None:
    """Keys one of which every token passing ``test`` has; None if the test is not indexable."""
    match test:
        case ast.AttrTest(attr=attr, value=value, negated=False):
            key = _value_key(attr, value)
            return frozenset((key,)) if key is not None else None
        case ast.SetTest(attr=attr, values=values):
            keys = [_value_key(attr, v) for v in values]
            if any(k is None for k in keys):
                return None
            return frozenset(k for k in keys if k is not None)
        case ast.ClassTest(label=label):
            return frozenset(((CLASS, label),))
        case ast.AndTest(tests=tests):
            # Any one conjunct is necessary: take the rarest.
            options = [k for k in map(test_keys, tests) if k is not None]
            return min(options, key=rarity) if options else None
        case ast.OrTest(tests=tests):
            union: set[Key] = set()
            for part in tests:
                keys = test_keys(part)
                if keys is None:
                    return None
                union |= keys
            return frozenset(union)
    return None


def first_keys(node: ast.Element) -> tuple[Clause | None, bool]:
    """Keys of the first token any match consumes (None: unknown), and whether it may be empty.

    Zero-width elements (lookaheads, anchors) are transparent: the first token consumed is
    still at the start position. Mention keys stand for "a mention with this label starts here".
    """
    match node:
        case ast.Token(test=test):
            return test_keys(test), False
        case ast.MentionRef(label=label):
            return frozenset(((MENTION, label),)), False
        case ast.Lookahead() | ast.Anchor():
            return frozenset(), True
        case ast.Capture(item=item):
            return first_keys(item)
        case ast.Repeat(item=item, minimum=minimum):
            keys, empty = first_keys(item)
            return keys, empty or minimum == 0
        case ast.Gap(minimum=minimum):
            return None, minimum == 0
        case ast.Sequence(items=items):
            found: set[Key] = set()
            for item in items:
                keys, empty = first_keys(item)
                if keys is None:
                    return None, empty
                found |= keys
                if not empty:
                    return frozenset(found), False
            return frozenset(found), True
        case ast.Alternation(options=options):
            found = set()
            any_empty = False
            for option in options:
                keys, empty = first_keys(option)
                if keys is None:
                    return None, True
                found |= keys
                any_empty = any_empty or empty
            return frozenset(found), any_empty
    return None, True


def required_clauses(node: ast.Element) -> list[Clause]:
    """Clauses every match needs in its sentence: each a set of keys, one of which occurs."""
    match node:
        case ast.Token(test=test):
            keys = test_keys(test)
            return [keys] if keys else []
        case ast.MentionRef(label=label):
            return [frozenset(((MENTION, label),))]
        case ast.Capture(item=item):
            return required_clauses(item)
        case ast.Lookahead(item=item, negative=False):
            # A positive lookahead reads tokens of the same sentence: they must be there.
            return required_clauses(item)
        case ast.Repeat(item=item, minimum=minimum) if minimum >= 1:
            return required_clauses(item)
        case ast.Sequence(items=items):
            return [clause for item in items for clause in required_clauses(item)]
        case ast.Alternation(options=options):
            union: set[Key] = set()
            for option in options:
                clauses = required_clauses(option)
                if not clauses:
                    return []
                union |= min(clauses, key=rarity)
            return [frozenset(union)]
    return []


def length(node: ast.Element) -> tuple[int, int | None]:
    """The fewest and the most tokens an element consumes (None: no bound)."""
    match node:
        case ast.Token():
            return 1, 1
        case ast.Lookahead() | ast.Anchor():
            return 0, 0
        case ast.Capture(item=item):
            return length(item)
        case ast.Gap(minimum=minimum, maximum=maximum):
            return minimum, maximum
        case ast.Repeat(item=item, minimum=minimum, maximum=maximum):
            low, high = length(item)
            return low * minimum, None if high is None or maximum is None else high * maximum
        case ast.Sequence(items=items):
            bounds = [length(item) for item in items]
            highs = [high for _, high in bounds]
            return (sum(low for low, _ in bounds),
                    None if None in highs else sum(h for h in highs if h is not None))
        case ast.Alternation(options=options):
            bounds = [length(option) for option in options]
            highs = [high for _, high in bounds]
            return (min(low for low, _ in bounds),
                    None if None in highs else max(h for h in highs if h is not None))
    # A mention spans as many tokens as it has; an extension element is opaque.
    return 0, None


# Keys of an anchor token, the bounds of the tokens before it, and its tests if known.
Anchor = tuple[Clause, int, int, tuple[ast.TokenTest, ...] | None]


def anchors(node: ast.Element) -> list[Anchor]:
    """Elements of the top-level sequence that a match must pass, with keys for their first
    token and the bounds of how many tokens precede them (as long as those are bounded)."""
    found: list[Anchor] = []
    _walk_anchors(node, 0, 0, found)
    return found


def _walk_anchors(node: ast.Element, low: int, high: int | None, found: list[Anchor]
                  ) -> tuple[int, int | None]:
    match node:
        case ast.Sequence(items=items):
            for item in items:
                low, high = _walk_anchors(item, low, high, found)
            return low, high
        case ast.Capture(item=item):
            return _walk_anchors(item, low, high, found)
        case ast.Alternation(options=options) if high is not None:
            # Each option passes its own best anchor: together, one of theirs.
            best = [_best_anchor(option) for option in options]
            if all(b is not None for b in best):
                chosen = [b for b in best if b is not None]
                found.append((frozenset().union(*(anchor[0] for anchor in chosen)),
                              low + min(anchor[1] for anchor in chosen),
                              high + max(anchor[2] for anchor in chosen),
                              _any_of([anchor[3] for anchor in chosen])))
    if high is not None:
        keys, empty = first_keys(node)
        if keys and not empty:
            found.append((keys, low, high, _anchor_tests(node)))
    least, most = length(node)
    return low + least, None if high is None or most is None else high + most


def first_tests(node: ast.Element) -> tuple[tuple[ast.TokenTest, ...], bool] | None:
    """Tests one of which the first token any match consumes passes, unless a mention starts
    there, and whether the match may be empty; None where unknown (``first_keys``' twin).

    Keys only know part of a test (``[pos=NN & lemma=/.*angriff/]`` has the key
    ``pos=NN``); the index runs the whole test on each token with the key before it tries
    the starts that token vouches for. Mentions are left to their keys, which are exact;
    extension tests to the matcher, as the index has no compilers for them.
    """
    match node:
        case ast.Token(test=test):
            return ((test,), False) if _plain(test) else None
        case ast.MentionRef():
            return (), False
        case ast.Lookahead() | ast.Anchor():
            return (), True
        case ast.Capture(item=item):
            return first_tests(item)
        case ast.Repeat(item=item, minimum=minimum):
            found = first_tests(item)
            return None if found is None else (found[0], found[1] or minimum == 0)
        case ast.Sequence(items=items):
            tests: list[ast.TokenTest] = []
            for item in items:
                found = first_tests(item)
                if found is None:
                    return None
                tests.extend(found[0])
                if not found[1]:
                    return tuple(tests), False
            return tuple(tests), True
        case ast.Alternation(options=options):
            tests = []
            any_empty = False
            for option in options:
                found = first_tests(option)
                if found is None:
                    return None
                tests.extend(found[0])
                any_empty = any_empty or found[1]
            return tuple(tests), any_empty
    return None


def _anchor_tests(node: ast.Element) -> tuple[ast.TokenTest, ...] | None:
    found = first_tests(node)
    return None if found is None else found[0]


def _any_of(options: list[tuple[ast.TokenTest, ...] | None]
            ) -> tuple[ast.TokenTest, ...] | None:
    """The tests of an anchor that is one of ``options``: all theirs, if each has them."""
    joined: list[ast.TokenTest] = []
    for tests in options:
        if tests is None:
            return None
        joined.extend(tests)
    return tuple(joined)


def _plain(test: ast.TokenTest) -> bool:
    match test:
        case ast.ExtensionTest():
            return False
        case ast.AndTest(tests=tests) | ast.OrTest(tests=tests):
            return all(map(_plain, tests))
        case ast.NotTest(test=inner):
            return _plain(inner)
    return True


def _test_rarity(test: ast.TokenTest) -> int:
    """Estimated frequency of tokens passing ``test``, on the scale of :func:`rarity`."""
    match test:
        case ast.AttrTest(attr=attr, value=value, negated=False):
            return _value_rarity(attr, value)
        case ast.SetTest(attr=attr, values=values):
            return sum(_value_rarity(attr, value) for value in values)
        case ast.AndTest(tests=tests):
            return min(map(_test_rarity, tests))
        case ast.OrTest(tests=tests):
            return sum(map(_test_rarity, tests))
        case ast.AnyToken():
            return ANY_WEIGHT
    return CLASS_WEIGHT


def _value_rarity(attr: tuple[str, ...], value: ast.Value) -> int:
    if attr[0] in ("pos", "tag", "morph"):
        return CLASS_WEIGHT
    if isinstance(value, ast.Literal):
        return SHORT_WORD_WEIGHT if len(value.text) <= SHORT_WORD else 1
    return PATTERN_WEIGHT


def _anchor_rarity(keys: Clause, tests: tuple[ast.TokenTest, ...] | None) -> int:
    """How often an anchor's token occurs: its keys, or its mentions and tests if rarer."""
    by_keys = rarity(keys)
    if tests is None:
        return by_keys
    mentions = sum(_weight(key) for key in keys if key[0] == MENTION)
    return min(by_keys, mentions + sum(map(_test_rarity, tests)))


def _rank(anchor: Anchor) -> tuple[int, int]:
    # The expected number of starts to try: how often the anchor occurs, times the reach.
    keys, low, high, tests = anchor
    return _anchor_rarity(keys, tests) * (high - low + 1), high - low


def _best_anchor(node: ast.Element) -> Anchor | None:
    candidates = anchors(node)
    starts, empty = first_keys(node)
    if starts and not empty:
        candidates.append((starts, 0, 0, _anchor_tests(node)))
    return min(candidates, key=_rank) if candidates else None


def plan_pattern(node: ast.Element) -> PatternPlan:
    """Plan one pattern: its anchor and reach, the clauses it needs, and its trigger.

    The anchor is the element at a bounded distance from the start (the first token itself,
    or "a token with @ACTOR one to three tokens on") with the fewest expected starts: the
    rarity of its keys times the width of its reach.
    """
    best = _best_anchor(node)
    needs = list(dict.fromkeys(required_clauses(node)))
    if best is None:
        trigger = min(needs, key=rarity) if needs else None
        return PatternPlan(None, tuple(needs), trigger)
    anchor, low, high, tests = best
    if anchor not in needs:
        needs.append(anchor)
    return PatternPlan(anchor, tuple(needs), min(needs, key=rarity), (low, high), tests)


# ---------------------------------------------------------------- the index


@dataclass(frozen=True, slots=True)
class Candidate:
    """A pattern to run in a sentence: at ``starts`` (sorted), or at every token if None."""

    pattern: int
    starts: tuple[int, ...] | None


class PatternIndex:
    """Patterns indexed by their triggers and start keys; ask it where to run them per document.

    ``patterns`` are in run order; :meth:`candidates` and :meth:`find` report them by their
    position in that order.
    """

    def __init__(self, patterns: Sequence[CompiledPattern]) -> None:
        self.patterns = list(patterns)
        self.plans = [_plan(p) for p in self.patterns]
        self._tables = Tables([(plan.anchor, plan.needs, plan.trigger, plan.reach, _check(plan))
                               for plan in self.plans], Candidate)

    def positions(self, doc: Document, mentions: MentionIndex) -> dict[Key, list[int]]:
        """Where each indexed key occurs in ``doc``: token indices, ascending."""
        return self._tables.positions(doc, mentions)

    def candidates(self, doc: Document, mentions: MentionIndex
                   ) -> dict[int, list[Candidate]]:
        """The patterns to run in each sentence (by sentence index), in pattern order.

        A pattern runs in the sentences that hold one key of each of its needs, at the
        starts its anchor allows there (``reach`` before a token with an anchor key that
        passes the anchor's tests), or everywhere in them without an anchor.
        """
        return self._tables.candidates(doc, mentions)

    def find(self, doc: Document, mentions: MentionIndex
             ) -> Iterator[tuple[int, int, Match]]:
        """``(sentence, pattern, match)`` for every match, as each pattern's ``find`` has them.

        Sentences in document order, patterns in run order within a sentence, matches left
        to right and non-overlapping per pattern (``CompiledPattern.find`` semantics).
        """
        by_sentence = self.candidates(doc, mentions)
        for number in sorted(by_sentence):
            ctx = MatchContext(doc, doc.sentences[number], mentions)
            for candidate in by_sentence[number]:
                pattern = self.patterns[candidate.pattern]
                matches = (pattern.find(ctx) if candidate.starts is None
                           else pattern.find_at(ctx, candidate.starts))
                for match in matches:
                    yield number, candidate.pattern, match


def _check(plan: PatternPlan) -> Predicate | None:
    """The anchor token's tests as one predicate, or None where they say no more than keys."""
    tests = plan.anchor_tests
    if not tests or all(map(_said_by_keys, tests)):
        return None
    return compile_test(tests[0] if len(tests) == 1 else ast.OrTest(tests))


def _said_by_keys(test: ast.TokenTest) -> bool:
    """Whether a token passes ``test`` exactly when it has one of the test's keys."""
    match test:
        case ast.AttrTest(attr=attr, value=value, negated=False):
            return _value_key(attr, value) is not None
        case ast.SetTest(attr=attr, values=values):
            return all(_value_key(attr, value) is not None for value in values)
        case ast.ClassTest():
            return True
        case ast.OrTest(tests=tests):
            return all(map(_said_by_keys, tests))
    return False


def _plan(pattern: CompiledPattern) -> PatternPlan:
    if pattern.source is None:
        return PatternPlan(None, (), None)
    return plan_pattern(ast.verb_skeleton(pattern.source))
