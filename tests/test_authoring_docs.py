"""The session in docs/authoring.md runs as written: its commands on ``mine/`` give its output.

Commands that use only the author's own pack (``mine``, which takes the shipped actor
lexicons) are replayed in a scratch folder, each with the version of ``mine/expel.yaml``
the text has shown by then; commands over the whole shipped pack are left out, since that
pack keeps growing.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app
from depesche.rules.loader import shipped_pack

DOC = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
FENCE = re.compile(r"^```(\S*)(?: (\S+))?\n(.*?)^```$", re.M | re.S)


def session_steps() -> list[tuple[str, str, str]]:
    """(file content, command, expected output) for each replayable command, in order."""
    steps = []
    content = ""
    for match in FENCE.finditer(DOC.read_text(encoding="utf-8")):
        kind, name, body = match.groups()
        if kind == "yaml" and name == "mine/expel.yaml":
            content = body
        elif kind == "console":
            for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
                command, _, output = chunk.partition("\n")
                words = shlex.split(command)
                if words[0] == "depesche" and "mine" in words and "rules" not in words:
                    steps.append((content, command, output))
    return steps


STEPS = session_steps()


def test_the_session_has_steps() -> None:
    assert len(STEPS) >= 4


@pytest.mark.parametrize(("content", "command", "output"), STEPS, ids=[s[1] for s in STEPS])
def test_session_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str,
                      command: str, output: str) -> None:
    (tmp_path / "rules").symlink_to(shipped_pack())
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "expel.yaml").write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _register()
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.output.rstrip("\n") == output.rstrip("\n")
