"""Compiled rules as the engine runs them: patterns, fact templates, stages and tags.

The rule loader (``depesche.rules``) builds a :class:`RuleSet` from YAML; the engine takes
it as it is and never sees YAML or Lark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from depesche.engine.lexicon import Lexicon
from depesche.engine.matcher import CompiledPattern

FACT_TYPES = (
    "CONSULT", "AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "STATEMENT",
)

# Template fields whose values name captures (``actor: who``), and those that are constants.
CAPTURE_FIELDS = ("actor", "recipient", "date", "location", "content", "speaker", "evidence")
CONSTANT_FIELDS = ("mode", "modality", "attribution")


@dataclass(frozen=True, slots=True)
class FactTemplate:
    """How a match becomes a fact: capture references per field, and constants.

    A reference is a capture name (``who``), a capture and a mention attribute
    (``q.speaker``: the ``speaker`` attribute of the mention captured as ``q``), or a list
    of references (their actors are joined).
    """

    refs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    constants: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """One rule, compiled: what it matches, what it makes, and where it came from."""

    id: str
    type: str | None
    pattern: CompiledPattern
    template: FactTemplate
    priority: int = 0
    stage: int = 10
    order: int = 0
    tag: str | None = None
    group: str | None = None
    source: str | None = None
    features: frozenset[str] = frozenset()

    @property
    def conflict_group(self) -> str:
        """Matches conflict only within a group: the fact type, a tag, or ``group:``."""
        return self.group or self.type or f"@{self.tag}"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All compiled rules of a pack, in run order, with the lexicons they need."""

    rules: tuple[CompiledRule, ...]
    lexicons: tuple[Lexicon, ...] = ()
    features: frozenset[str] = frozenset()

    def stages(self) -> list[tuple[int, list[CompiledRule]]]:
        by_stage: dict[int, list[CompiledRule]] = {}
        for rule in self.rules:
            by_stage.setdefault(rule.stage, []).append(rule)
        return sorted(by_stage.items())

    def rule(self, rule_id: str) -> CompiledRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
