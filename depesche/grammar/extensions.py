"""Grammar extensions: new pattern constructs contributed from outside depesche.

An extension supplies a Lark grammar fragment that adds alternatives to the documented
extension points (``%extend test_ext: …`` for a token test, ``%extend element_ext: …``
for a sequence element), builders that turn the new parse-tree nodes into AST nodes
(:class:`~depesche.grammar.ast.ExtensionTest` / ``ExtensionElement``), and compilers the
engine uses to turn those into matcher parts. Extensions are found in the
``depesche.extensions`` entry point group or named by a rule pack; nothing runs unless a
user installed or named it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from depesche.grammar.ast import Pos

Builder = Callable[[list[Any], Pos], Any]


@dataclass(frozen=True)
class GrammarExtension:
    """A named grammar fragment with the code that builds and compiles its nodes.

    ``builders`` maps a rule name of ``grammar`` to a function ``(children, pos) -> node``.
    ``test_compilers`` maps an ``ExtensionTest.kind`` to ``data -> (token -> bool)``;
    ``element_compilers`` maps an ``ExtensionElement.kind`` to ``data -> matcher``, where
    a matcher is ``(context, position) -> iterable of end positions`` (best first).
    ``features`` are the token features (e.g. ``lemma``) its tests read.
    """

    name: str
    grammar: str
    builders: Mapping[str, Builder] = field(default_factory=dict)
    test_compilers: Mapping[str, Callable[[Any], Callable[[Any], bool]]] = field(
        default_factory=dict)
    element_compilers: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    features: frozenset[str] = frozenset()
    source: str | None = None
