"""Patterns expressible both in depesche's language and as spaCy ``Matcher`` patterns.

Each pattern is cut from a real stretch of the benchmark corpus, so every one matches
somewhere: a random token starts it, and each of its 1-4 elements takes the next token
(or one a few tokens on, behind a gap) as

* a word (``"Regierung"`` / ``{"ORTH": "Regierung"}``),
* a lower-cased word (``[lower=regierung]`` / ``{"LOWER": "regierung"}``),
* a lemma (``[lemma=fordern]`` / ``{"LEMMA": "fordern"}``),
* a set of lemmas: its own and two others of the corpus (``[lemma={a, b, c}]`` /
  ``{"LEMMA": {"IN": [a, b, c]}}``);

inner elements may be optional, and elements may be separated by a bounded gap. All
quantifiers are lazy in depesche (``x??``, ``~{0,n}``) and written as ``OP: ?`` in spaCy
(a gap of n is n optional wildcards ``{"OP": "?"}``). The first and the last element are
always required.

What "the same matches" means: spaCy's ``Matcher`` (``greedy=None``) returns every
``(start, end)`` any path reaches, overlapping ones included; depesche returns at each start
the first match in priority order, which with lazy quantifiers is the shortest. So the
compared sets are: spaCy's matches within one sentence, reduced to the shortest per
(pattern, start); and depesche's match at every start where one exists (not only the
non-overlapping ones ``find`` keeps).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from depesche.engine.document import Document, Token

MAX_ELEMENTS = 4
MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class BenchPattern:
    """One pattern in both languages."""

    depesche: str
    spacy: list[dict[str, Any]]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _lemma(token: Token) -> str:
    return token.lemma if token.lemma is not None else token.text


def _element(token: Token, kind: str, vocabulary: list[str], rng: random.Random
             ) -> tuple[str, dict[str, Any]]:
    if kind == "word":
        return _quote(token.text), {"ORTH": token.text}
    if kind == "lower":
        lower = token.text.lower()
        return f"[lower={_quote(lower)}]", {"LOWER": lower}
    lemma = _lemma(token)
    if kind == "lemma":
        return f"[lemma={_quote(lemma)}]", {"LEMMA": lemma}
    members = sorted({lemma, *rng.sample(vocabulary, 2)})
    return ("[lemma={" + ", ".join(map(_quote, members)) + "}]",
            {"LEMMA": {"IN": members}})


KINDS = ("word", "lower", "lemma", "lemma", "set")


def generate(docs: list[Document], count: int, seed: int = 7) -> list[BenchPattern]:
    """``count`` distinct patterns cut from ``docs`` (deterministic for a seed)."""
    rng = random.Random(seed)
    vocabulary = sorted({_lemma(t) for doc in docs for t in doc.tokens if t.text.isalpha()})
    sentences = [(doc, s) for doc in docs for s in doc.sentences if s.last - s.first >= 2]
    patterns: dict[str, BenchPattern] = {}
    while len(patterns) < count:
        doc, sentence = rng.choice(sentences)
        pos = rng.randrange(sentence.first, sentence.last)
        if not doc.tokens[pos].text.isalpha():
            continue
        size = rng.randint(1, MAX_ELEMENTS)
        source: list[str] = []
        spacy: list[dict[str, Any]] = []
        for number in range(size):
            if number:
                if rng.random() < 0.25:
                    gap = rng.randint(1, MAX_GAP)
                    source.append(f"~{{0,{gap}}}")
                    spacy.extend({"OP": "?"} for _ in range(gap))
                    pos += rng.randint(0, gap)
                if pos >= sentence.last:
                    break
            text, spec = _element(doc.tokens[pos], rng.choice(KINDS), vocabulary, rng)
            if 0 < number < size - 1 and rng.random() < 0.2:
                text, spec = text + "??", {**spec, "OP": "?"}
            source.append(text)
            spacy.append(spec)
            pos += 1
            if pos >= sentence.last:
                break
        if spacy[-1].get("OP") or spacy[-1] == {}:
            continue
        pattern = " ".join(source)
        patterns.setdefault(pattern, BenchPattern(pattern, spacy))
    return list(patterns.values())
