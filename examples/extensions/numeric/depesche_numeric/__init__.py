"""depesche-numeric: ``[num>=10000]``, a token test on the number a token stands for.

The test reads the ``number`` feature, which this package's annotator computes (see
:mod:`depesche_numeric.german`): digits (``10.000``, ``2,5``), number words (``zwölf``),
vague plurals (``Zehntausende``) and products with scale words (``2,5 Millionen``). A
comparison holds when it holds for every value the token may mean: ``Zehntausende`` is
``>=10000`` but not ``>=50000``. depesche runs the annotator only for packs whose rules use
``[num…]``, because the extension declares the feature.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from depesche.engine.annotators import AnnotationContext, annotator
from depesche.engine.document import Document, Token
from depesche.grammar.ast import ExtensionTest, Pos
from depesche.grammar.extensions import GrammarExtension

from .german import Quantity, read_quantities, read_value

__all__ = ["EXTENSION", "Quantity"]

FEATURE = "number"


@annotator("numeric", provides={FEATURE})
def annotate_numbers(doc: Document, context: AnnotationContext) -> None:
    """Give every token that stands for a number its :class:`Quantity` (``attrs["number"]``)."""
    for sentence in doc.sentences:
        tokens = doc.tokens[sentence.first:sentence.last]
        for token, quantity in zip(tokens, read_quantities([t.text for t in tokens]),
                                   strict=True):
            if quantity is not None:
                token.attrs[FEATURE] = quantity


def build_compare(children: list[Any], pos: Pos) -> ExtensionTest:
    """``num OP VALUE`` → an ExtensionTest holding the operator and the value as a float."""
    op, value = children
    return ExtensionTest("numeric", "numeric_compare", (op, read_value(value)), pos)


# Each comparison must hold for the whole range a quantity may mean.
COMPARISONS: dict[str, Callable[[Quantity, float], bool]] = {
    ">=": lambda q, v: q.low >= v,
    ">": lambda q, v: q.low > v,
    "<=": lambda q, v: q.high <= v,
    "<": lambda q, v: q.high < v,
    "=": lambda q, v: q.exact and q.low == v,
    "!=": lambda q, v: not q.low <= v <= q.high,
}


def compile_compare(node: ExtensionTest) -> Callable[[Token], bool]:
    """The predicate of ``[num OP VALUE]``: false for tokens that stand for no number."""
    op, value = node.data
    compare = COMPARISONS[op]

    def test(token: Token) -> bool:
        quantity = token.attrs.get(FEATURE)
        return quantity is not None and compare(quantity, value)

    return test


EXTENSION = GrammarExtension.from_file(
    "numeric", Path(__file__).with_name("numeric.lark"),
    builders={"numeric_compare": build_compare},
    test_compilers={"numeric_compare": compile_compare},
    features=frozenset({FEATURE}),
)
