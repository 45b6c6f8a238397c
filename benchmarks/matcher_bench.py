"""depesche's indexed matcher against spaCy's ``Matcher``, on identical tokens and lemmas.

Both get the same input: depesche's tokens and lemmas of the benchmark documents, as
depesche ``Document`` objects and as spaCy ``Doc`` objects built from them (one ``Doc`` per
document, ``Doc(vocab, words=…, spaces=…)`` with ``lemma_`` set). Building the inputs and
compiling the patterns are not timed; the timed part is finding every match of every
pattern in every document, best of ``repeat`` runs. The match sets are compared as
``patterns.py`` defines, and a difference stops the benchmark.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from patterns import BenchPattern

from depesche.engine.document import Document
from depesche.engine.index import PatternIndex
from depesche.engine.matcher import MatchContext, compile_pattern
from depesche.grammar import parse_pattern

# (document, pattern, start, end) in document token indices.
Found = set[tuple[int, int, int, int]]


@dataclass(frozen=True, slots=True)
class MatcherRun:
    """One pattern count: seconds per engine, tokens, matches, and the speed ratio."""

    patterns: int
    tokens: int
    matches: int
    depesche_seconds: float
    spacy_seconds: float

    @property
    def ratio(self) -> float:
        return self.spacy_seconds / self.depesche_seconds


def spacy_docs(nlp: Any, docs: list[Document]) -> list[Any]:
    """spaCy ``Doc`` objects with depesche's tokens, spaces and lemmas."""
    from spacy.tokens import Doc

    built = []
    for doc in docs:
        tokens = doc.tokens
        spaces = [a.end < b.start for a, b in itertools.pairwise(tokens)] + [False]
        sdoc = Doc(nlp.vocab, words=[t.text for t in tokens], spaces=spaces)
        for token, stoken in zip(tokens, sdoc, strict=True):
            stoken.lemma_ = token.lemma if token.lemma is not None else token.text
        built.append(sdoc)
    return built


def run_depesche(index: PatternIndex, docs: list[Document]) -> list[tuple[int, int, int, int]]:
    """Every start of every pattern that the index proposes, and the match there if any."""
    found = []
    for number, doc in enumerate(docs):
        mentions: dict = {}
        for sentence_number, candidates in index.candidates(doc, mentions).items():
            sentence = doc.sentences[sentence_number]
            ctx = MatchContext(doc, sentence, mentions)
            for candidate in candidates:
                pattern = index.patterns[candidate.pattern]
                starts = (candidate.starts if candidate.starts is not None
                          else range(sentence.first, sentence.last))
                for start in starts:
                    match = pattern.match_at(ctx, start)
                    if match is not None and match.end > match.start:
                        found.append((number, candidate.pattern, start, match.end))
    return found


def run_spacy(matcher: Any, sdocs: list[Any]) -> list[tuple[int, int, int, int]]:
    found = []
    for number, sdoc in enumerate(sdocs):
        found.extend((number, key, start, end) for key, start, end in matcher(sdoc))
    return found


def shortest_in_sentence(found: list[tuple[int, int, int, int]], keys: dict[int, int],
                         docs: list[Document]) -> Found:
    """spaCy's matches inside one sentence, the shortest per (document, pattern, start)."""
    best: dict[tuple[int, int, int], int] = {}
    for number, key, start, end in found:
        tokens = docs[number].tokens
        if tokens[start].sentence != tokens[end - 1].sentence:
            continue
        at = (number, keys[key], start)
        if at not in best or end < best[at]:
            best[at] = end
    return {(*at, end) for at, end in best.items()}


def best_of(repeat: int, work: Callable[[], list]) -> tuple[float, list]:
    seconds, result = float("inf"), []
    for _ in range(repeat):
        begin = time.perf_counter()
        result = work()
        seconds = min(seconds, time.perf_counter() - begin)
    return seconds, result


def compare(nlp: Any, docs: list[Document], sdocs: list[Any], patterns: list[BenchPattern],
            repeat: int) -> MatcherRun:
    """Time both engines on ``patterns``; raise if their match sets differ."""
    from spacy.matcher import Matcher

    index = PatternIndex([compile_pattern(parse_pattern(p.depesche)) for p in patterns])
    matcher = Matcher(nlp.vocab)
    keys: dict[int, int] = {}
    for number, pattern in enumerate(patterns):
        matcher.add(f"p{number}", [pattern.spacy])
        keys[nlp.vocab.strings[f"p{number}"]] = number
    depesche_seconds, ours = best_of(repeat, lambda: run_depesche(index, docs))
    spacy_seconds, theirs = best_of(repeat, lambda: run_spacy(matcher, sdocs))
    expected = shortest_in_sentence(theirs, keys, docs)
    if set(ours) != expected:
        missing = sorted(expected - set(ours))[:5]
        extra = sorted(set(ours) - expected)[:5]
        raise AssertionError(
            f"match sets differ at {len(patterns)} patterns: spaCy only {missing} "
            f"({[patterns[m[1]].depesche for m in missing]}), depesche only {extra} "
            f"({[patterns[m[1]].depesche for m in extra]})")
    return MatcherRun(len(patterns), sum(len(d.tokens) for d in docs), len(expected),
                      depesche_seconds, spacy_seconds)
