"""A pack anywhere on disk takes the shipped pack's lexicons with ``shipped:`` (docs/rules.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app
from depesche.errors import RuleError
from depesche.rules.loader import load_pack, shipped_pack

RULE = """\
rules:
  - id: threaten
    type: THREATEN
    pattern: (?<who> @ACTOR) [lemma=drohen] (?<whom> @ACTOR)?
    fact: {actor: who, recipient: whom}
    tests:
      - text: Moskau droht der Ukraine.
        expect: [{type: THREATEN, actor: [RUS], recipient: [UKR]}]
"""


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder outside the source tree, reading outside not allowed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DEPESCHE_ALLOW_INCLUDE_OUTSIDE", raising=False)
    (tmp_path / "my-pack").mkdir()
    return tmp_path / "my-pack"


@pytest.mark.parametrize("entries", [
    "lexicons: [shipped:lexicons/actors.yaml, shipped:lexicons/titles.yaml]",
    "lexicons: [shipped:lexicons/]",
    "include: [shipped:lexicons/actors.yaml]",
    "lexicons: [shipped:/lexicons/actors.yaml]",
])
def test_a_pack_outside_the_source_tree_uses_the_shipped_lexicons(
        elsewhere: Path, entries: str) -> None:
    (elsewhere / "threats.yaml").write_text(f"{entries}\n{RULE}", encoding="utf-8")
    _register()
    result = CliRunner().invoke(app, ["test", "my-pack"])
    assert result.exit_code == 0, result.output
    assert "1 passed, 0 failed" in result.output
    pack, _ = load_pack(["my-pack"])
    assert "actors" in [lexicon.name for lexicon in pack.lexicons]
    assert any(Path(f).resolve().is_relative_to(shipped_pack()) for f in pack.files)


def test_a_shipped_path_that_does_not_exist_is_an_error_at_its_entry(elsewhere: Path) -> None:
    (elsewhere / "threats.yaml").write_text(
        f"lexicons: [shipped:lexicons/actors.yaml, shipped:lexicons/akteure.yaml]\n{RULE}",
        encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_pack(["my-pack"])
    assert "shipped:lexicons/akteure.yaml: no such file or folder in the shipped pack" in \
        error.value.message
    assert (error.value.location.line, error.value.location.column) == (1, 42)
    assert "actors.yaml" in (error.value.hint or "")


def test_a_shipped_path_cannot_climb_out_of_the_shipped_pack(elsewhere: Path) -> None:
    (elsewhere / "threats.yaml").write_text(
        f"lexicons: [shipped:../README.md]\n{RULE}", encoding="utf-8")
    with pytest.raises(RuleError, match=r"shipped:\.\./README\.md: leads out of the shipped pack"):
        load_pack(["my-pack"])
