"""``depesche check``: every error and warning of a pack at once, located, as text or JSON."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from depesche.authoring.checks import check_pack
from depesche.cli.app import _register, app

PACK = Path(__file__).parent / "data" / "packs" / "authoring"
LEXICONS = PACK / "lexicons"

SUSPECT = """lexicons: [lexicons/states.yaml, lexicons/threat_nouns.yaml]
macros:
  who: (?<who> @ACTOR)
  unused: '[lemma=nie]'
rules:
  - id: broken
    type: THREATEN
    pattern: $who [@ACTR]
  - id: empty
    type: REJECT
    pattern: '[lemma=ablehnen]?'
  - id: greedy
    type: REJECT
    pattern: $who []* [lemma=ablehnen]
    fact: {actor: who}
  - id: broad
    type: THREATEN
    priority: 5
    pattern: $who [lemma=drohen] ~{0,5}
    fact: {actor: who}
  - id: narrow
    type: THREATEN
    pattern: $who [lemma=drohen]
    fact: {actor: who}
    tests:
      - text: Russland droht der Ukraine.
        expect: [{type: THREATEN, actor: [RUS]}]
"""

# (severity, line, column, start of the message)
EXPECTED = [
    ("warning", 1, 1, "lexicon 'threat_nouns': no rule uses its label @THREAT_NOUN"),
    ("warning", 4, 3, "macro $unused is used by no rule"),
    ("error", 8, 20, "unknown class @ACTR"),
    ("warning", 11, 15, "pattern can match the empty string"),
    ("warning", 14, 19, "unbounded quantifier"),
    ("warning", 21, 9, "rule is shadowed on all 1 of its tests: its matches lose to broad"),
]


def suspect_pack(tmp_path: Path) -> Path:
    """The suspect rule file, with the lexicons it reads copied into its folder."""
    shutil.copytree(LEXICONS, tmp_path / "lexicons", dirs_exist_ok=True)
    path = tmp_path / "suspect.yaml"
    path.write_text(SUSPECT, encoding="utf-8")
    return path


def test_check_finds_every_error_and_warning(tmp_path: Path) -> None:
    path = suspect_pack(tmp_path)
    report = check_pack([str(path)])
    got = []
    for d in report.diagnostics:
        assert d.location is not None
        known = next((m for *_, m in EXPECTED if d.message.startswith(m)), d.message)
        got.append((d.severity, d.location.line, d.location.column, known))
    assert sorted(got) == sorted(EXPECTED)
    assert report.summary() == "1 error(s), 5 warning(s)"


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_cli_text_is_located_and_exits_1_on_errors(tmp_path: Path) -> None:
    path = suspect_pack(tmp_path)
    result = invoke("check", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{path}:8:20: error: unknown class @ACTR (in rule 'broken') (did you mean @ACTOR?)" \
        in lines
    assert "        pattern: $who [@ACTR]" in lines
    assert lines[-1] == "1 error(s), 5 warning(s)"


def test_cli_json(tmp_path: Path) -> None:
    result = invoke("check", str(suspect_pack(tmp_path)), "--format", "json")
    data = json.loads(result.stdout)
    assert (data["errors"], data["warnings"]) == (1, 5)
    errors = [d for d in data["diagnostics"] if d["severity"] == "error"]
    assert errors[0] | {"path": None} == {
        "severity": "error", "message": "unknown class @ACTR", "rule": "broken",
        "hint": "did you mean @ACTOR?", "path": None, "line": 8, "column": 20}


def test_cli_clean_pack_exits_0() -> None:
    result = invoke("check", str(PACK))
    assert result.exit_code == 0, result.output
    assert result.stdout == "0 error(s), 0 warning(s)\n"


def test_shipped_pack_has_no_errors() -> None:
    report = check_pack(None)
    assert not report.errors, "\n".join(d.render() for d in report.errors)


def test_broken_rule_gives_no_knock_on_unused_warnings(tmp_path: Path) -> None:
    lexicon = tmp_path / "ultimatum.yaml"
    lexicon.write_text("lexicon: ultimatum\nlabel: ULTIMATUM\nentries: [Ultimatum]\n",
                       encoding="utf-8")
    path = tmp_path / "broken.yaml"
    path.write_text(
        "include: [ultimatum.yaml]\nmacros:\n  say: '[lemma=sagen]'\nrules:\n"
        "  - id: threaten-a\n    type: THREATEN\n    pattern: |\n      [lemma=drohen\n"
        "      (?! [lemma=nicht]) [@ULTIMATUM]\n      $say\n", encoding="utf-8")
    report = check_pack([str(path)])
    assert [(d.severity, d.location.line, d.location.column, d.message)
            for d in report.diagnostics if d.location] == [
        ("error", 8, 7, "unclosed token test: missing ']'")]
