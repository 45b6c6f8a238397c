"""HanTa's morpheme lattice, searched the same way with far less work per word.

HanTa (see :mod:`depesche.engine.annotators.tagger`) analyses a word form as a path of
morphemes through a lattice over its character positions: from each position ``i`` and
each state (the last two morpheme tags), every following tag is tried with every segment
``word[i:j]``, and ``lp_m_t`` scores the segment as a morpheme of that tag. Its
``analyze_forward`` (the tag probabilities of a form) and ``analyze_viterbi`` (the best
path for a known tag, which gives lemma and morphemes) thus score the same (segment,
tag) pairs again for every state of a row, and try segments of every length with tags
whose morphemes are all known and short ("zu", "-ung"), where the score is minus
infinity and the path is dropped.

:class:`MorphemeLattice` reads the tables of a loaded HanTa model and scores each
(start, tag) once per word: a tag with only known morphemes ("closed") is offered the
known morphemes that start at ``i`` (one dictionary look-up per segment, for all tags at
once); an "open" tag (one HanTa guesses for: nouns, names, adjectives, verbs …) is
offered every segment, scored from the tag's length, hapax and suffix tables as HanTa
does. Everything HanTa's results depend on is kept: the floats are added in its order
(``lp + lpt + lp_m_t(…)`` and the guess ``Int_t + hapax + length + suffix``), states
enter each row in its order (for one target row, the candidates arrive ordered by
start, state and follower tag: only the order of segments of one (state, tag) differs,
and those go to different rows), ties keep the first candidate, and the tag
probabilities are summed with ``logaddexp`` in its order and sorted stably. The tests
compare both searches with HanTa's own on words of every kind.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import repeat
from operator import add, itemgetter
from typing import Any

from numpy import logaddexp

# HanTa's reserved tag numbers (HanTa.HanoverTagger: EMPTY, START, UNKNOWN, END_UNKNOWN).
EMPTY = 0
START = 1
END = 2
UNKNOWN = 3
END_UNKNOWN = -3
# HanTa drops lattice paths scored at or below this.
LOWER_BOUND = -1e6
# HanTa's penalty for guessing a whole word as one unknown morpheme.
WHOLE_WORD_PENALTY = 4.6
# HanTa's length table stops at this many characters.
MAX_LENGTH_CLASS = 24
# Suffixes HanTa's guesses look at are at most this long.
MAX_SUFFIX = 4
# Endings whose suffix scores are remembered before the memo starts afresh.
SUFFIX_MEMO_LIMIT = 200_000
NEG_INF = -math.inf

State = tuple[int, int]
# The segments a tag can take from one start position: (end, log probability).
Segments = list[tuple[int, float]]


class MorphemeLattice:
    """HanTa's ``analyze_forward`` and ``analyze_viterbi`` over a loaded model's tables."""

    def __init__(self, model: Any) -> None:
        """Index the model's tables (``model`` is a loaded ``HanoverTagger``).

        The morpheme table is inverted once (morpheme → its tags) so that a segment is
        looked up once for all tags; per open tag the sum ``Int_t + hapax + length`` is
        kept for every length, evaluated in HanTa's order.
        """
        self.strict: bool = model.strict
        self.followers: dict[State, list[tuple[int, float]]] = model.LP_trans_nonfinal
        self.finals: dict[State, list[tuple[int, float]]] = model.LP_trans_final
        self.reachability: dict[int, frozenset[int]] = model.reachability
        morphemes: dict[str, list[tuple[int, float]]] = {}
        for tag, table in model.LP_m_t.items():
            for morpheme, lp in table.items():
                morphemes.setdefault(morpheme, []).append((tag, lp))
        self.morphemes = morphemes
        self.longest = max((len(m) for m in morphemes), default=0)
        # The open tags, numbered: the suffix scores of an ending are kept for all at once.
        self.open_tags: dict[int, int] = {
            tag: number
            for number, tag in enumerate(
                t for t in model.LP_m_t if t in model.LP_hapax_t and t in model.LP_s_t
            )
        }
        self.suffix_tables: list[dict[str, float]] = [model.LP_s_t[t] for t in self.open_tags]
        self.guess_base: list[list[float]] = [
            [
                model.Int_t + model.LP_hapax_t[tag] + model.LP_len_t[tag][length]
                for length in range(MAX_LENGTH_CLASS + 1)
            ]
            for tag in self.open_tags
        ]
        self._suffix_scores: dict[str, tuple[float, ...]] = {}
        self._towards: dict[int, dict[State, list[tuple[int, float]]]] = {}
        self._final_of: dict[State, dict[int, float]] = {
            state: dict(finals) for state, finals in self.finals.items()
        }

    def forward(self, word: str) -> list[tuple[int, Any]]:
        """HanTa's ``analyze_forward(word)``: (tag, log probability) best first."""
        table, _ = self._fill(_WordSegments(self, word), self.followers, self.strict)
        final = table[-1]
        for state, lp in table[-2].items():
            for tag1, lpt in self.finals.get(state, ()):
                lp1 = lp + lpt
                if lp1 > LOWER_BOUND:
                    newstate = (state[1], tag1)
                    if newstate not in final or lp1 > final[newstate]:
                        final[newstate] = lp1
        results: dict[int, Any] = {}
        for state, lp in final.items():
            if lp == -math.inf:
                continue
            pos = -state[1]
            results[pos] = logaddexp(results[pos], lp) if pos in results else lp
        result_list = list(results.items())
        result_list.sort(key=itemgetter(1), reverse=True)
        return result_list or [(UNKNOWN, 0)]

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """HanTa's ``analyze_viterbi(word, targetpos)``: the best path's (tag, end) pairs.

        As HanTa does, the search first uses known morphemes only and guesses unknown
        ones only if that finds no path.
        """
        followers = self._followers_towards(targetpos)
        wlen = len(word)
        segments = _WordSegments(self, word)  # the known morphemes serve both tries
        for strict in (True, False):
            table, backpointer = self._fill(segments, followers, strict)
            final = table[-1]
            for state, lp in table[-2].items():
                lpt = self._final_of.get(state, {}).get(targetpos)
                if lpt is not None:
                    lp1 = lp + lpt
                    if lp1 > LOWER_BOUND:
                        newstate = (state[1], targetpos)
                        if newstate not in final or lp1 > final[newstate]:
                            final[newstate] = lp1
                            backpointer[-1][newstate] = (state, wlen)
            if final:
                break
        return _best_path(final, backpointer)

    def _fill(
        self,
        segments: _WordSegments,
        followers: dict[State, list[tuple[int, float]]],
        strict: bool,
    ) -> tuple[list[dict[State, float]], list[dict[State, tuple[State, int]]]]:
        """HanTa's lattice up to the last character: best score and back pointer per state.

        A row's states are expanded best first only down to one below the fourth best,
        as HanTa does. The last two rows (final states) are left to the caller.
        """
        wlen = len(segments.word)
        table: list[dict[State, float]] = [{(EMPTY, START): 0}] + [{} for _ in range(wlen + 1)]
        backpointer: list[dict[State, tuple[State, int]]] = [{} for _ in range(wlen + 2)]
        guessable = frozenset() if strict else self.open_tags.keys()
        lower, neg_inf = LOWER_BOUND, NEG_INF  # locals in the innermost loop
        for i in range(wlen):
            row = table[i]
            if not row:
                continue
            rowbound = sorted(row.values(), reverse=True)[3] - 1 if len(row) > 3 else LOWER_BOUND
            known = segments.known_from(i)
            guessed = segments.guessed_from(i)
            for state, lp in row.items():
                if lp < rowbound:
                    continue
                back = (state, i)
                last = state[1]
                for tag1, lpt in followers.get(state, ()):
                    if tag1 in guessable:
                        options = guessed.get(tag1)
                        if options is None:
                            options = segments.guess(i, tag1)
                    else:
                        options = known.get(tag1)
                        if options is None:
                            continue
                    base = lp + lpt
                    newstate = (last, tag1)
                    for j, lpm in options:
                        lp1 = base + lpm
                        if lp1 > lower:
                            cell = table[j]
                            if lp1 > cell.get(newstate, neg_inf):
                                cell[newstate] = lp1
                                backpointer[j][newstate] = back
        return table, backpointer

    def _followers_towards(self, targetpos: int) -> dict[State, list[tuple[int, float]]]:
        """Per state, its non-final followers from which ``targetpos`` can be reached."""
        found = self._towards.get(targetpos)
        if found is None:
            reachable = self.reachability.get(targetpos, frozenset())
            found = {
                state: [(t, p) for t, p in followers if t in reachable]
                for state, followers in self.followers.items()
            }
            self._towards[targetpos] = found
        return found

    def suffix_scores(self, ending: str) -> tuple[float, ...]:
        """HanTa's suffix log probability, per open tag, of a guessed morpheme ending so.

        ``ending`` holds the last letters HanTa may look at (at most four, and fewer than
        the morpheme has); the longest of its endings that a tag's table knows counts.
        Remembered per ending, since words share their endings.
        """
        scores = self._suffix_scores.get(ending)
        if scores is None:
            if len(self._suffix_scores) >= SUFFIX_MEMO_LIMIT:
                self._suffix_scores.clear()
            if ending:
                # A tag's table knows the ending, or its longest known ending is one of
                # the shorter ending's, which are remembered too.
                shorter = self.suffix_scores(ending[1:])
                scores = tuple(map(dict.get, self.suffix_tables, repeat(ending), shorter))
            else:
                scores = tuple(table[""] for table in self.suffix_tables)
            self._suffix_scores[ending] = scores
        return scores


class _WordSegments:
    """The scored segments of one word, per start position and tag, computed on demand."""

    def __init__(self, lattice: MorphemeLattice, word: str) -> None:
        self.lattice = lattice
        self.word = word
        self._known: dict[int, dict[int, Segments]] = {}
        self._guessed: dict[int, dict[int, Segments]] = {}
        self._opened: dict[int, tuple[list[float], list[float]]] = {}
        self._ends: list[tuple[float, ...]] | None = None

    def known_from(self, i: int) -> dict[int, Segments]:
        """Known morphemes ``word[i:j]``, by tag."""
        found = self._known.get(i)
        if found is None:
            found = {}
            word, morphemes = self.word, self.lattice.morphemes
            for j in range(i + 1, min(len(word), i + self.lattice.longest) + 1):
                for tag, lp in morphemes.get(word[i:j], ()):
                    found.setdefault(tag, []).append((j, lp))
            self._known[i] = found
        return found

    def guessed_from(self, i: int) -> dict[int, Segments]:
        """The segments from ``i`` of the open tags :meth:`guess` has scored, by tag."""
        return self._guessed.setdefault(i, {})

    def guess(self, i: int, tag: int) -> Segments:
        """Every segment from ``i`` for an open tag: known ones as known, others guessed.

        HanTa guesses no unknown morpheme of one or two letters in a word of four or more,
        and penalises the guess that the whole word is one morpheme.
        """
        word = self.word
        wlen = len(word)
        number = self.lattice.open_tags[tag]
        base, tail = self._open(number)
        longer = i + MAX_SUFFIX + 1  # the first end of a segment whose last four letters count
        found: Segments = []
        scores = self.lattice.suffix_scores
        for j in range(i + 1 if wlen < 4 else i + 3, min(longer, wlen + 1)):
            found.append((j, base[j - i] + scores(word[i + 1 : j])[number]))
        if longer <= wlen:
            found += zip(
                range(longer, wlen + 1),
                map(add, base[MAX_SUFFIX + 1 : wlen - i + 1], tail[longer:]),
                strict=True,
            )
        if i == 0 and found and found[-1][0] == wlen:
            found[-1] = (wlen, found[-1][1] - WHOLE_WORD_PENALTY)
        known = self.known_from(i).get(tag)
        if known:
            ends = {j for j, _ in known}
            found = [(j, lp) for j, lp in found if j not in ends and lp > NEG_INF] + known
        else:
            # A segment scored minus infinity extends no path: HanTa adds it and drops it.
            found = [option for option in found if option[1] > NEG_INF]
        self._guessed[i][tag] = found
        return found

    def _open(self, number: int) -> tuple[list[float], list[float]]:
        """For the open tag ``number``: its guess base per morpheme length up to the word's,
        and per end ``j`` the suffix score of ``word[j-4:j]``, which every longer morpheme
        ending there gets."""
        found = self._opened.get(number)
        if found is None:
            if self._ends is None:
                word, scores = self.word, self.lattice.suffix_scores
                self._ends = [
                    scores(word[j - MAX_SUFFIX : j]) for j in range(MAX_SUFFIX + 1, len(word) + 1)
                ]
            base = self.lattice.guess_base[number]
            base = base + [base[MAX_LENGTH_CLASS]] * (len(self.word) + 1 - len(base))
            tail = [NEG_INF] * (MAX_SUFFIX + 1) + [scores[number] for scores in self._ends]
            found = self._opened[number] = (base, tail)
        return found


def _best_path(
    final: dict[State, float], backpointer: list[dict[State, tuple[State, int]]]
) -> list[tuple[int, int]]:
    """HanTa's read-out of the Viterbi table: the first best final state, traced back."""
    pmax = -math.inf
    beststate = (EMPTY, EMPTY)
    for state, lp in final.items():
        if lp > pmax:
            pmax = lp
            beststate = state
    i = len(backpointer) - 1
    if beststate == (EMPTY, EMPTY):
        states = [((UNKNOWN, END_UNKNOWN), i), ((START, UNKNOWN), i - 1)]
    else:
        states = [(beststate, i)]
        state = beststate
        while i > 0:
            state, i = backpointer[i][state]
            states.append((state, i))
        states = states[:-1]
    return [(state[1], i) for state, i in states[::-1]]


# A word's tags for the sentence search with their scores (log p(word | tag) / p(tag)),
# per group of states, in the order HanTa tries them; None: any tag, at no cost.
WordOptions = list[list[tuple[int, float]]] | None


class SentenceLattice:
    """HanTa's ``tag_sent_viterbi``: the best tag sequence of a sentence over tag trigrams.

    HanTa tries every tag the model knows after each state and keeps those the word
    has a score for (a handful of some fifty). Here each word's scored tags are put once
    in the order the transition table lists them, so a state tries only those, in the
    order HanTa tries them: the states enter each row in HanTa's order and ties go the
    same way.
    """

    def __init__(self, model: Any) -> None:
        """Index the transition table (``model`` is a loaded ``HanoverTagger``)."""
        self.transitions: dict[State, dict[int, float]] = model.LP_trans_word
        # States whose transitions list the tags in the same order share a group.
        orders: dict[tuple[int, ...], int] = {}
        self.group: dict[State, int] = {
            state: orders.setdefault(tuple(following), len(orders))
            for state, following in self.transitions.items()
        }
        self.ranks: list[dict[int, int]] = [
            {tag: rank for rank, tag in enumerate(order)} for order in orders
        ]

    def options(self, scored: list[tuple[int, float]]) -> WordOptions:
        """A word's options from HanTa's ``_tag_word(word, cutoff=5, conditional=True)``.

        A word without scores, or only scored as unknown, takes any tag at no cost.
        """
        scores = dict(scored)
        if not scores or scores.keys() == {UNKNOWN}:
            return None
        return [
            sorted(
                ((tag, lp) for tag, lp in scores.items() if tag in rank and tag != END),
                key=lambda option, rank=rank: rank[option[0]],
            )
            for rank in self.ranks
        ]

    def tags(self, words: Sequence[WordOptions]) -> list[int]:
        """The best tag of each word, from :meth:`options` of each (at least one word)."""
        transitions, group = self.transitions, self.group
        prevrow: dict[State, float] = {(EMPTY, START): 0.0}
        backpointer: list[dict[State, State]] = []
        for options in words:
            row: dict[State, float] = {}
            back: dict[State, State] = {}
            rowbound = (
                sorted(prevrow.values(), reverse=True)[5] - 1 if len(prevrow) > 5 else LOWER_BOUND
            )
            for state, lp0 in prevrow.items():
                if lp0 < rowbound:
                    continue
                following = transitions[state]
                last = state[1]
                if options is None:
                    tried = [(tag, lp, 0) for tag, lp in following.items() if tag != END]
                else:
                    tried = [(tag, following[tag], lpw) for tag, lpw in options[group[state]]]
                for tag, lpt, lpw in tried:
                    lp = lp0 + lpt + lpw
                    if lp > LOWER_BOUND:
                        newstate = (last, tag)
                        if lp > row.get(newstate, NEG_INF):
                            row[newstate] = lp
                            back[newstate] = state
            backpointer.append(back)
            prevrow = row
        final: State | None = None
        best = NEG_INF
        for state, lp0 in prevrow.items():
            lp = lp0 + transitions[state].get(END, NEG_INF)
            if lp > best:
                best, final = lp, state
        tags = []
        state = final
        for back in reversed(backpointer):
            tags.append(state[1])
            state = back[state]
        return tags[::-1]
