"""The pattern language: grammar, parser and AST. Knows nothing of YAML or documents.

``parse_pattern`` and ``effective_grammar`` are imported from the parser on first use: the
engine reads AST nodes (``depesche.grammar.ast``) to run a compiled pack, and a run whose
pack comes from the pack cache then never imports Lark.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from depesche.grammar.parser import effective_grammar, parse_pattern

__all__ = ["effective_grammar", "parse_pattern"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from depesche.grammar import parser

        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
