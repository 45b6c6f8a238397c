"""Rule files read the same through libyaml and through PyYAML's pure-Python composer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from depesche.rules import yamlsource
from depesche.rules.yamlsource import Node, load_yaml

PACK = Path(__file__).resolve().parents[1] / "rules"


def shape(node: Node) -> object:
    """A node tree as plain data with every position and style kept."""
    value = node.value
    if isinstance(value, dict):
        value = {key: (shape(k), shape(v)) for key, (k, v) in value.items()}
    elif isinstance(value, list):
        value = [shape(item) for item in value]
    return (value, node.line, node.column, node.style, node.body_line, node.body_column)


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML built without libyaml")
@pytest.mark.parametrize("path", sorted(PACK.rglob("*.yaml")), ids=lambda p: p.name)
def test_both_composers_give_the_same_nodes(path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    text = path.read_text(encoding="utf-8")
    fast = shape(load_yaml(text, str(path)).root)
    monkeypatch.setattr(yamlsource, "FAST_LOADER", yaml.SafeLoader)
    assert shape(load_yaml(text, str(path)).root) == fast


def test_possibly_deep_text_avoids_libyaml() -> None:
    """libyaml recurses in C and crashes far down; such text gets a located error instead."""
    depth = 100_000
    with pytest.raises(yamlsource.RuleError, match="deep"):
        load_yaml("[" * depth + "]" * depth, "deep.yaml")
