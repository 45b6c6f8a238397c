"""What people read from the command line: the fact table, annotate's table, --help."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app
from depesche.cli.output import table_header, write_table

_register()

PACK = ('rules:\n  - id: consult-talk\n    type: CONSULT\n'
        '    pattern: "(?<who> @ACTOR) [word=sprach] [word=mit] (?<whom> @ACTOR)"\n'
        '    fact: {actor: who, recipient: whom}\n'
        'lexicons: [LEXICONS]\n')


def test_table_has_a_header_and_a_document_column() -> None:
    stream = io.StringIO()
    facts = [
        {"doc": "a.txt", "type": "CONSULT", "rule": "r1", "evidence": "Biden sprach\nmit Putin",
         "actor": [{"code": "USA"}], "recipient": [{"code": "RUS"}, {"text": "Kreml"}],
         "date": {"value": "2021-12-30"}},
        {"doc": "archive/2021/12/" + "x" * 40 + ".txt", "type": "STATEMENT", "rule": "r2",
         "evidence": "e" * 80},
    ]
    assert write_table(facts, stream) == 2
    lines = (table_header() + stream.getvalue()).splitlines()
    assert lines[0].split() == ["doc", "type", "actor", "recipient", "date", "rule",
                                "evidence"]
    assert lines[1].split() == ["a.txt", "CONSULT", "USA", "RUS,Kreml", "2021-12-30", "r1",
                                "Biden", "sprach", "mit", "Putin"]
    assert lines[2].split() == ["…" + ("x" * 40 + ".txt")[-31:], "STATEMENT", "-", "-", "-",
                                "r2", "e" * 49 + "…"]
    # columns line up under the header
    assert lines[1].index("CONSULT") == lines[0].index("type") == lines[2].index("STATEMENT")


def test_extract_table_tells_documents_apart(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from depesche.rules.loader import shipped_pack

    shutil.copy(shipped_pack() / "lexicons" / "actors.yaml", tmp_path / "actors.yaml")
    (tmp_path / "pack.yaml").write_text(PACK.replace("LEXICONS", "actors.yaml"),
                                        encoding="utf-8")
    (tmp_path / "one.txt").write_text("Biden sprach mit Putin.\n", encoding="utf-8")
    (tmp_path / "two.txt").write_text("Scholz sprach mit Macron.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["extract", "one.txt", "two.txt", "-r", "pack.yaml",
                                      "--format", "table"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("doc ")
    assert [line.split()[:4] for line in lines[1:]] == [
        ["one.txt", "CONSULT", "USA", "RUS"], ["two.txt", "CONSULT", "DEU", "FRA"]]


def test_annotate_table_shows_actor_codes_and_a_readable_speaker(tmp_path: Path) -> None:
    article = tmp_path / "q.txt"
    article.write_text("Baerbock sagte: „Wir stehen an der Seite der Ukraine.“\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["annotate", str(article), "--format", "table"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["token", "lemma", "pos", "morph", "classes"]
    assert "  ACTOR  'Baerbock' = DEU (GOV), Annalena Baerbock" in lines
    assert "  ACTOR  'der Ukraine' = UKR (GOV), Ukraine" in lines
    assert "  QUOTE  direct, speech, cue 'sagte', speaker Baerbock (DEU, GOV)" in lines
    assert "{" not in result.stdout


HELP_COMMANDS = [[], *([c.name or c.callback.__name__] for c in app.registered_commands)]


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=[" ".join(c) or "depesche" for c in
                                                        HELP_COMMANDS])
def test_help_shows_flags_and_arguments_as_words(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "<bool>" not in text and "<list" not in text and "<str>" not in text
    usage = next(line for line in text.splitlines() if "Usage:" in line)
    assert "{" not in usage
    if command == ["extract"]:
        assert "Usage: depesche extract [OPTIONS] PATHS..." in usage
        resume = next(line for line in text.splitlines() if "--resume" in line)
        assert resume.split("--resume")[1].split()[0] == "Continue"
        assert re.search(r"--jobs\s+-j\s+INTEGER", text)


def test_shipped_pack_files_are_named_as_the_readme_names_them(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from depesche.rules.loader import load_pack

    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    pack, _ = load_pack()
    assert pack.files and all(f.startswith("rules/") for f in pack.files), pack.files[:3]
    assert all(r.location.path.startswith("rules/") for r in pack.rules)
    monkeypatch.chdir(tmp_path)
    pack, _ = load_pack()
    assert all(Path(f).is_absolute() and "/depesche/pack/" not in f for f in pack.files)
