"""What number a German news token stands for: digits, number words, vague plurals.

``read_number`` reads one token: ``10.000`` and ``2,5`` (German digit grouping and decimal
comma, Duden rule D 89), cardinal words up to the hundred thousands (``zwölf``,
``dreihundertfünfzig``, ``zehntausend``), and vague plurals (``Hunderte``,
``Zehntausende``, ``Millionen``). ``read_quantities`` reads a sentence, so that a number
followed by a scale word (``2,5 Millionen``, ``3 Mio.``) counts as the product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Quantity:
    """How many a token says: at least ``low`` and at most ``high`` (equal when exact)."""

    low: float
    high: float

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def __str__(self) -> str:
        # German notation, so that plain attribute tests ([number=2.5]) read it as depesche
        # reads numbers in tokens: no grouping dots, a decimal comma.
        low = _german(self.low)
        return low if self.exact else f"{low}–{_german(self.high)}"


def _german(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


DIGITS = re.compile(r"[0-9]+(?:\.[0-9]{3})*(?:,[0-9]+)?\Z")

UNITS = {"eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
         "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
         "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18,
         "neunzehn": 19}
TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
        "siebzig": 70, "achtzig": 80, "neunzig": 90}

# A vague plural means several of the unit and fewer than the next order of magnitude:
# "Tausende" are at least two thousand and not yet ten thousand (Duden, "Tausend", 2b).
VAGUE = {"dutzende": (24, 99), "hunderte": (200, 999), "tausende": (2_000, 9_999),
         "abertausende": (2_000, 9_999), "zehntausende": (20_000, 99_999),
         "hunderttausende": (200_000, 999_999), "millionen": (2e6, 1e9 - 1),
         "milliarden": (2e9, 1e12 - 1)}

# Words that multiply the number before them: "2,5 Millionen", "3 Mio.", "vier Milliarden".
SCALES = {"tausend": 1e3, "million": 1e6, "millionen": 1e6, "mio.": 1e6, "mio": 1e6,
          "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9}


def read_value(text: str) -> float:
    """A value written the German way in a pattern or a token: ``10.000``, ``2,5``."""
    return float(text.replace(".", "").replace(",", "."))


def _below_hundred(word: str, compound: bool) -> int | None:
    if word in UNITS:
        return UNITS[word]
    if word in TENS:
        return TENS[word]
    if compound and word == "ein":
        return 1
    unit, sep, tens = word.partition("und")
    if sep and tens in TENS and (unit in UNITS or unit == "ein") and unit not in ("zehn", "elf"):
        return (1 if unit == "ein" else UNITS[unit]) + TENS[tens]
    return None


def _below_thousand(word: str, compound: bool) -> int | None:
    hundreds, sep, rest = word.partition("hundert")
    if not sep:
        return _below_hundred(word, compound)
    count = _below_hundred(hundreds, True) if hundreds else 1
    tail = _below_hundred(rest, True) if rest else 0
    if count is None or tail is None:
        return None
    return count * 100 + tail


def read_words(word: str) -> int | None:
    """A cardinal number word: ``zwölf``, ``einundzwanzig``, ``dreihunderttausend``.

    A bare ``ein``/``eine`` is an article far more often than a number, so it is not read.
    """
    word = word.lower()
    thousands, sep, rest = word.partition("tausend")
    if not sep:
        return _below_thousand(word, False)
    count = _below_thousand(thousands, True) if thousands else 1
    tail = _below_thousand(rest, True) if rest else 0
    if count is None or tail is None:
        return None
    return count * 1000 + tail


def read_number(text: str) -> Quantity | None:
    """The quantity one token says on its own, or None when it says none."""
    if DIGITS.match(text):
        value = read_value(text)
        return Quantity(value, value)
    word = text.lower()
    if word.endswith("n") and word[:-1] in VAGUE:  # dative plural: "von Tausenden"
        word = word[:-1]
    if word in VAGUE:
        low, high = VAGUE[word]
        return Quantity(low, high)
    if word in ("million", "milliarde"):
        value = SCALES[word]
        return Quantity(value, value)
    value = read_words(word)
    return Quantity(value, value) if value is not None else None


def read_quantities(texts: Sequence[str]) -> list[Quantity | None]:
    """The quantity of each token of a sentence; ``2,5 Millionen`` gives both 2 500 000."""
    found = [read_number(text) for text in texts]
    for i in range(len(texts) - 1):
        number, scale = found[i], SCALES.get(texts[i + 1].lower())
        if number is not None and number.exact and scale is not None:
            product = Quantity(number.low * scale, number.low * scale)
            found[i] = found[i + 1] = product
    return found
