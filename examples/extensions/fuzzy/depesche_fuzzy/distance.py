"""Edit distance between names, after folding case and diacritics.

Misspelt and differently transliterated names differ by a few substituted, inserted,
deleted or swapped letters (Charkiw / Charkow / Kharkiv, Erdoğan / Erdogan): the optimal
string alignment distance (Damerau 1964; Boytsov 2011 for the name) counts each as one.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics, hyphens as spaces: ``Erdoğan`` → ``erdogan``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("-", " ").split())


def default_distance(name: str) -> int:
    """How many edits a name of this length tolerates: short names must be near exact."""
    length = len(name.replace(" ", ""))
    return 0 if length <= 3 else 1 if length <= 5 else 2 if length <= 10 else 3


def distance(a: str, b: str, limit: int) -> int:
    """The optimal string alignment distance of ``a`` and ``b``, or ``limit + 1`` if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, other in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)
