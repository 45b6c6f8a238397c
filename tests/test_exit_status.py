"""The README's exit-status policy, command by command: 0 done, 1 failures found, 2 bad usage.

Each row runs one command the way a user would and checks the status and the first line
of stderr: a located message (the path alone for a whole file, never a made-up ``:1:1``)
and no traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app

_register()

PACK = """\
rules:
  - id: consult-talk
    type: CONSULT
    pattern: "[word=Gespräche]"
    tests:
      - text: "Es gab Gespräche."
        expect: [{type: CONSULT}]
"""
FAILING_PACK = PACK.replace("expect: [{type: CONSULT}]", "expect: []")
BROKEN_PACK = PACK.replace("[word=Gespräche]", "[word=Gespräche")
GOLD = '{"doc": "a", "type": "CONSULT", "anchor": "Gespräche"}\n'


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a good, a failing and a broken pack, an article, and an empty folder."""
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "failing.yaml").write_text(FAILING_PACK, encoding="utf-8")
    (tmp_path / "broken.yaml").write_text(BROKEN_PACK, encoding="utf-8")
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("Es gab Gespräche in Wien.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    (tmp_path / "empty").mkdir()
    (tmp_path / "gold.jsonl").write_text(GOLD, encoding="utf-8")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


R = ["-r", "pack.yaml"]

# (command line, exit status, start of the first stderr line or None)
CASES = [
    # extract: a path that names nothing is bad usage; an unreadable document a failure
    (["extract", "texts/a.txt", *R], 0, None),
    (["extract", "missing.txt", *R], 2, "missing.txt: no such file or folder"),
    (["extract", "empty", *R], 2, "empty: no file matching *.txt in this folder"),
    (["extract", "nothing*.txt", *R], 2, "nothing*.txt: no file matches this pattern"),
    (["extract", "texts/a.txt", "missing.txt", *R], 2, "missing.txt: no such file"),
    (["extract", "binary.txt", *R], 1, "binary.txt:1:1: binary file"),
    (["extract", "texts/a.txt", "-r", "broken.yaml"], 2, "broken.yaml:4:"),
    (["extract", "texts/a.txt", "-r", "nopack"], 2, "nopack: no such rule file or folder"),
    (["extract", "texts/a.txt", "--format", "xml", *R], 2, "--format xml: unknown format"),
    (["extract", "texts/a.txt", "--bogus"], 2, None),
    # single-document commands: the document is the input, so unreadable is bad input
    (["annotate", "texts/a.txt", *R], 0, None),
    (["annotate", "missing.txt", *R], 2, "missing.txt: cannot read"),
    (["annotate", "binary.txt", *R], 2, "binary.txt:1:1: binary file"),
    (["annotate", "texts/a.txt", "-r", "nopack"], 2, "nopack: no such rule file"),
    (["render", "texts/a.txt", "-o", "a.html", *R], 0, None),
    (["render", "missing.txt", "-o", "a.html", *R], 2, "missing.txt: cannot read"),
    (["render", "texts/a.txt", "-o", "empty/no/a.html", *R], 2, None),
    (["explain", "Es gab Gespräche.", *R], 0, None),
    (["explain", "--file", "missing.txt", *R], 2, "missing.txt: cannot read"),
    (["explain", *R], 2, "give a TEXT or --file FILE"),
    (["explain", "Es gab Gespräche.", "-s", "3", *R], 2, "sentence 3 asked for"),
    (["explain", "Es gab Gespräche.", "--rule", "consult-tlak", *R], 2, "no rule"),
    # check and test: their findings are 1; a pack path that names nothing is 2
    (["check", "pack.yaml"], 0, None),
    (["check", "broken.yaml"], 1, None),
    (["check", "nopack"], 2, "nopack: no such rule file or folder"),
    (["check", "empty"], 2, "empty: no rule files (*.yaml) in this folder"),
    (["check", "pack.yaml", "--format", "xml"], 2, "unknown format"),
    (["test", "pack.yaml"], 0, None),
    (["test", "failing.yaml"], 1, None),
    (["test", "broken.yaml"], 2, "broken.yaml:4:"),
    (["test", "nopack"], 2, "nopack: no such rule file or folder"),
    (["test", "empty"], 2, "empty: no rule files (*.yaml) in this folder"),
    # eval
    (["eval", "--gold", "gold.jsonl", "--texts", "texts", *R], 0, None),
    (["eval", "--gold", "missing.jsonl", "--texts", "texts", *R], 2,
     "missing.jsonl: cannot read"),
    (["eval", "--gold", "gold.jsonl", "--texts", "empty", *R], 2,
     "empty: --texts: no *.txt files in this folder"),
    (["eval", "--gold", "gold.jsonl", "--texts", "missing", *R], 2,
     "missing: --texts must be a folder"),
    # play serves until stopped; it exits only when it cannot start
    (["play", "nopack.yaml", "--no-open"], 2, "nopack.yaml: no such rule file or folder"),
    (["play", "pack.yaml", "missing.txt", "--no-open"], 2, "missing.txt: cannot read"),
    (["play", "pack.yaml", "--port", "70000", "--no-open"], 2,
     "cannot listen on 127.0.0.1:70000"),
    # the others
    (["grammar"], 0, None),
    (["grammar", "--pack", "nopack"], 2, "nopack: no such rule file or folder"),
    (["init", "full"], 2, "full: exists and is not an empty folder"),
    (["schema"], 0, None),
    (["no-such-command"], 2, None),
]


@pytest.mark.parametrize(("args", "status", "message"), CASES,
                         ids=[" ".join(args) for args, _, _ in CASES])
def test_exit_status_follows_the_readme(place: Path, args: list[str], status: int,
                                        message: str | None) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.stderr
    if message is not None:
        first = result.stderr.splitlines()[0]
        assert first.startswith(message), result.stderr


def test_readme_exit_status_policy_names_every_command() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Exit status")
    policy = readme[start:readme.index("\n## ", start + 1)]
    commands = {command.name or command.callback.__name__ for command in app.registered_commands}
    assert sorted(c for c in commands if f"`{c}`" not in policy) == []
    tested = {args[0] for args, _, _ in CASES}
    assert commands <= tested
