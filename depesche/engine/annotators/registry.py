"""The annotator registry: annotators by name, what each provides and requires, run order.

A module of its own below the annotators, so that each annotator registers itself here
without importing its own package (whose ``__init__`` imports the annotators).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.document import Document
from depesche.engine.lexicon import Lexicon


@dataclass(slots=True)
class AnnotationContext:
    """What annotators may use besides the document: the pack's lexicons and caches."""

    lexicons: tuple[Lexicon, ...] = ()
    cache: dict[str, Any] = field(default_factory=dict)


AnnotateFn = Callable[[Document, AnnotationContext], None]


@dataclass(frozen=True, slots=True)
class Annotator:
    name: str
    provides: frozenset[str]
    requires: frozenset[str]
    run: AnnotateFn


ANNOTATORS: dict[str, Annotator] = {}


def annotator(
    name: str, *, provides: Iterable[str], requires: Iterable[str] = ()
) -> Callable[[AnnotateFn], AnnotateFn]:
    """Register an annotator function under ``name`` (a decorator)."""

    def register(fn: AnnotateFn) -> AnnotateFn:
        ANNOTATORS[name] = Annotator(name, frozenset(provides), frozenset(requires), fn)
        return fn

    return register


def providers(feature: str) -> list[Annotator]:
    return [a for a in ANNOTATORS.values() if feature in a.provides]


def plan(features: Iterable[str]) -> list[Annotator]:
    """The annotators that provide ``features``, with what they require, in run order."""
    ordered: list[Annotator] = []
    visiting: set[str] = set()

    def visit(ann: Annotator) -> None:
        if ann in ordered:
            return
        if ann.name in visiting:
            raise RuntimeError(f"annotator cycle through {ann.name!r}")
        visiting.add(ann.name)
        for feature in sorted(ann.requires):
            for dep in providers(feature):
                visit(dep)
        visiting.discard(ann.name)
        ordered.append(ann)

    for feature in sorted(set(features)):
        for ann in providers(feature):
            visit(ann)
    return ordered


def annotate(doc: Document, features: Iterable[str], context: AnnotationContext) -> Document:
    """Run the annotators that provide ``features`` (and their requirements) once each."""
    for ann in plan(features):
        if ann.name not in doc.annotated:
            ann.run(doc, context)
            doc.annotated.add(ann.name)
    return doc
