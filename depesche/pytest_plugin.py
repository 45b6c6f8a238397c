"""A pytest plugin: the inline tests of YAML rule files as pytest items.

``pytest rules/`` (or ``pytest rules/threaten.yaml``) runs every rule's ``tests:`` with
pytest's reporting, ``-k`` and ``-x``; each item is named ``rule-id[n]``. Only YAML under
a command-line argument that is a rule file, or a folder holding no Python files, is
collected, so an ordinary ``pytest`` run of ``tests/`` (which keeps rule files as test
data) collects nothing from YAML. Registered under the ``pytest11`` entry point.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

YAML_SUFFIXES = (".yaml", ".yml")
_ROOTS = pytest.StashKey[list[Path]]()
_PACKS = pytest.StashKey[dict[Path, Any]]()


def _rule_roots(config: pytest.Config) -> list[Path]:
    """The command-line arguments that name rule files or folders of rules."""
    if _ROOTS in config.stash:
        return config.stash[_ROOTS]
    roots: list[Path] = []
    base = config.invocation_params.dir
    for arg in config.args:
        path = (base / arg.split("::")[0]).resolve()
        rule_file = path.is_file() and path.suffix in YAML_SUFFIXES
        rule_folder = path.is_dir() and next(path.rglob("*.py"), None) is None
        if rule_file or rule_folder:
            roots.append(path)
    config.stash[_ROOTS] = roots
    return roots


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    """Collect a YAML file when it lies under a rule-file argument (see the module doc)."""
    if file_path.suffix not in YAML_SUFFIXES:
        return None
    resolved = file_path.resolve()
    for root in _rule_roots(parent.config):
        if resolved == root or root in resolved.parents:
            return RuleFile.from_parent(parent, path=file_path, root=root)
    return None


class RuleTestFailure(Exception):
    """Raised by a failing rule test; carries the result whose report pytest shows."""

    def __init__(self, result: Any) -> None:
        super().__init__(result.render())
        self.result = result


class RuleFile(pytest.File):
    """A rule file; its items are the inline tests of its rules, run with the whole pack."""

    def __init__(self, *, root: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.root = root

    def _pack(self) -> Any:
        from depesche.authoring.ruletests import load_extractor

        packs = self.config.stash.setdefault(_PACKS, {})
        if self.root not in packs:
            packs[self.root] = load_extractor([str(self.root)])
        return packs[self.root]

    def collect(self) -> list[pytest.Item]:
        from depesche.errors import DepescheError

        try:
            pack, extractor = self._pack()
        except DepescheError as error:
            raise self.CollectError(error.render()) from None
        here = self.path.resolve()
        items: list[pytest.Item] = []
        for rule in pack.rules:
            for index, test in enumerate(rule.tests):
                if Path(test.location.path).resolve() == here:
                    items.append(RuleTestItem.from_parent(
                        self, name=f"{rule.id}[{index + 1}]", rule=rule, test=test, index=index,
                        extractor=extractor))
        return items


class RuleTestItem(pytest.Item):
    """One inline test of one rule."""

    def __init__(self, *, rule: Any, test: Any, index: int, extractor: Any, **kwargs: Any
                 ) -> None:
        super().__init__(**kwargs)
        self.rule, self.test, self.index, self.extractor = rule, test, index, extractor

    def runtest(self) -> None:
        from depesche.authoring.ruletests import run_test

        result = run_test(self.extractor, self.rule, self.test, self.index)
        if not result.passed:
            raise RuleTestFailure(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, RuleTestFailure):
            return excinfo.value.result.render()
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        # Not the item's name: pytest shows a node id that ends in its reportinfo name with
        # that name's dots as "::", so "protest.summon[1]" would print as
        # "protest::summon[1]", an id that cannot be pasted back.
        return self.path, (self.test.location.line or 1) - 1, \
            f"rule {self.rule.id}, test {self.index + 1}"
