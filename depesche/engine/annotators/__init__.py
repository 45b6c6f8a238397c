"""Annotators: the stages that add lemmas, morphology, classes and mentions to a document.

Each annotator is registered under a name with the *features* it provides (token
attributes such as ``lemma`` or ``morph``, or mention labels such as ``DATE``) and the
features it requires. ``annotate`` runs just what the loaded rules need, in dependency
order, so a pack that never asks for lemmas never runs the tagger.
"""

from __future__ import annotations

from depesche.engine.annotators.registry import (
    ANNOTATORS,
    AnnotateFn,
    AnnotationContext,
    Annotator,
    annotate,
    annotator,
    plan,
    providers,
)

__all__ = ["ANNOTATORS", "AnnotateFn", "AnnotationContext", "Annotator", "annotate",
           "annotator", "plan", "providers"]

# The built-in annotators register themselves when imported.
from depesche.engine.annotators import (  # noqa: F401
    actors,
    clauses,
    compounds,
    dates,
    lexicon,
    memory,
    morph,
    phrases,
    quotes,
    tagger,
)
