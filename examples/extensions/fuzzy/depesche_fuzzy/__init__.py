"""depesche-fuzzy: ``fuzzy("Charkiw", 2)``, a sequence element for misspelt names.

The element matches one or more tokens whose text, joined with spaces and folded (case,
diacritics, hyphens), is within the allowed edit distance of the name: ``Charkow``,
``Kharkiv`` and ``Charkiw`` all match ``fuzzy("Charkiw", 2)``. It may span one token more
or fewer than the name has words (``al-Assad`` / ``al Assad``). Closer matches are tried
first, so a capture around the element takes the best reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from depesche.errors import PatternSyntaxError
from depesche.grammar.ast import ExtensionElement, Pos
from depesche.grammar.extensions import GrammarExtension

from .distance import default_distance, distance, fold

__all__ = ["EXTENSION"]

Matcher = Callable[[Any, int], Iterable[int]]


def build_fuzzy(children: list[Any], pos: Pos) -> ExtensionElement:
    """``fuzzy("name"[, n])`` → an ExtensionElement with the folded name and the distance.

    Errors point at the construct in the rule file: an empty name, or a distance that would
    let the name match anything of its length.
    """
    name = fold(children[0][1:-1])
    if not name:
        raise PatternSyntaxError("fuzzy() needs a name: fuzzy(\"Charkiw\")").at(pos)
    limit = int(children[1]) if len(children) > 1 else default_distance(name)
    if limit >= len(name.replace(" ", "")):
        raise PatternSyntaxError(
            f"fuzzy(): distance {limit} would let {name!r} match any word of its length; "
            f"allow at most {len(name.replace(' ', '')) - 1}").at(pos)
    return ExtensionElement("fuzzy", "fuzzy_match", (name, limit), pos)


def compile_fuzzy(node: ExtensionElement) -> Matcher:
    """The matcher of ``fuzzy(…)``: end positions of readings within the distance, best first."""
    name, limit = node.data
    words = name.count(" ") + 1

    def match(ctx: Any, pos: int) -> list[int]:
        found: list[tuple[int, int]] = []
        text = ""
        for end in range(pos + 1, min(pos + words + 1, ctx.last) + 1):
            piece = fold(ctx.tokens[end - 1].text)
            if not piece:
                break
            text = f"{text} {piece}" if text else piece
            cost = distance(text, name, limit)
            if cost <= limit:
                found.append((cost, end))
        found.sort(key=lambda item: (item[0], -item[1]))
        return [end for _, end in found]

    return match


EXTENSION = GrammarExtension.from_file(
    "fuzzy", Path(__file__).with_name("fuzzy.lark"),
    builders={"fuzzy_match": build_fuzzy},
    element_compilers={"fuzzy_match": compile_fuzzy},
)
