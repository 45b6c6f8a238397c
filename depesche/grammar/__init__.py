"""The pattern language: grammar, parser and AST. Knows nothing of YAML or documents."""

from depesche.grammar.parser import effective_grammar, parse_pattern

__all__ = ["effective_grammar", "parse_pattern"]
