"""Inline rule tests: fields compared, ``depesche test``, the pytest plugin; real sentences."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.authoring.ruletests import field_problem, load_extractor, run_tests
from depesche.cli.app import _register, app

PACK = Path(__file__).parent / "data" / "packs" / "authoring"
LEXICONS = PACK / "lexicons"


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def write_pack(folder: Path, rules: str) -> Path:
    """A rule file using the authoring test lexicons; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "rules.yaml"
    shutil.copytree(LEXICONS, folder / "lexicons", dirs_exist_ok=True)  # a pack reads its own
    path.write_text("lexicons: [lexicons/states.yaml, lexicons/threat_nouns.yaml]\n"
                    + rules, encoding="utf-8")
    return path


FIELD_CASES = [
    # (field, expected, got fields, problem or None)
    ("type", "threaten", {"type": "THREATEN"}, None),
    ("actor", ["USA", "RUS"], {"actor": ["RUS", "USA"]}, None),
    ("actor", ["USA"], {"actor": ["RUS"]}, "actor: expected [USA], got [RUS]"),
    ("actor", [], {}, None),
    ("recipient", ["UKR"], {}, "recipient: expected [UKR], got none"),
    ("speaker", "RUS", {"speaker": "RUS"}, None),
    ("date", "2021-12-07", {"date": "2021-12-07"}, None),
    ("location", "genf", {"location": "Genf"}, None),
    ("modality", {"hypothetical": True}, {"modality": {"hypothetical": True, "status": "held"}},
     None),
    ("modality", {"status": "scheduled"}, {"modality": {"status": "held"}},
     "modality: expected {status: scheduled}, got {status: held}"),
    ("mode", "phone", {"mode": "phone"}, None),
    ("text", "droht der", {"text": "Russland droht der Ukraine"}, None),
    ("text", "warnt", {"text": "Russland droht"}, "text: expected warnt, got \"Russland droht\""),
    ("actr", ["USA"], {}, "unknown expect field 'actr'"),
]


@pytest.mark.parametrize(("name", "expected", "got", "problem"), FIELD_CASES)
def test_expect_fields_are_compared_as_subsets(name, expected, got, problem) -> None:
    found = field_problem(name, expected, got)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


def test_library_runs_every_inline_test_of_the_pack() -> None:
    pack, extractor = load_extractor([str(PACK)])
    results = list(run_tests(pack, extractor))
    assert [r.name for r in results] == [
        "threaten.drohen[1]", "threaten.drohen[2]", "threaten.warnen[1]", "agree.anbieten[1]",
        "threaten.noun[1]"]
    assert all(r.passed for r in results), [r.render() for r in results if not r.passed]


def test_cli_passes_on_a_good_pack() -> None:
    result = invoke("test", str(PACK))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "5 passed, 0 failed"


FAILING = """rules:
  - id: threaten.drohen
    type: THREATEN
    pattern: (?<who> @ACTOR) [lemma=drohen] (?<whom> @ACTOR)?
    fact: {actor: who, recipient: whom}
    tests:
      - text: Russland droht der Ukraine.
        expect: [{type: THREATEN, actor: [RUS], recipient: [UKR]}]
      - text: Die USA drohen Russland.
        expect: [{type: THREATEN, actor: [USA], recipient: [UKR]}]
      - text: Moskau droht.
        expect: []
"""


def test_cli_reports_each_failure_with_place_rule_sentence_and_diff(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack", FAILING)
    result = invoke("test", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 passed, 2 failed"
    assert f"{path}:10 threaten.drohen[2]: Die USA drohen Russland." in lines
    assert "    - item 1: recipient: expected [UKR], got [RUS]" in lines
    assert f"{path}:12 threaten.drohen[3]: Moskau droht." in lines
    assert "    - expected 0 fact(s) from this rule, got 1" in lines


def test_conflict_losers_are_named_in_the_failure(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack", """rules:
  - id: broad
    type: THREATEN
    priority: 5
    pattern: (?<who> @ACTOR) [lemma=drohen] []*
    fact: {actor: who}
  - id: narrow
    type: THREATEN
    pattern: (?<who> @ACTOR) [lemma=drohen]
    fact: {actor: who}
    tests:
      - text: Russland droht der Ukraine.
        expect: [{type: THREATEN, actor: [RUS]}]
""")
    result = invoke("test", str(path))
    assert result.exit_code == 1
    assert "    note: a match of this rule ('Russland droht') lost to rule 'broad'" in result.stdout


def test_cli_bad_pack_is_a_located_error(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack", "rules:\n  - id: a\n    type: THREATEN\n"
                                         "    pattern: '[lemma=drohen'\n")
    result = invoke("test", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:5:")


def run_pytest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=cwd, capture_output=True, text=True, check=False)


def test_pytest_plugin_collects_rule_tests_with_k_and_x(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    write_pack(tmp_path / "rules", FAILING)
    selected = run_pytest(tmp_path, "rules", "-q", "-k", "drohen and 1")
    assert "1 passed, 2 deselected" in selected.stdout, selected.stdout
    stopped = run_pytest(tmp_path, "rules", "-q", "-x")
    assert stopped.returncode == 1
    assert "1 failed, 1 passed" in stopped.stdout, stopped.stdout
    assert "expected [UKR], got [RUS]" in stopped.stdout


def test_pytest_verbose_ids_of_dotted_rule_ids_can_be_pasted_back(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    write_pack(tmp_path / "rules", FAILING)  # the rule id is threaten.drohen
    listed = run_pytest(tmp_path, "rules", "-v")
    shown = re.findall(r"^(\S+\.yaml::\S+) (?:PASSED|FAILED)", listed.stdout, re.MULTILINE)
    assert shown[0] == "rules/rules.yaml::threaten.drohen[1]", listed.stdout
    again = run_pytest(tmp_path, shown[0], "-q")
    assert "1 passed" in again.stdout, again.stdout


def test_pytest_plugin_leaves_python_test_folders_alone(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    write_pack(tmp_path / "tests" / "data", FAILING)
    (tmp_path / "tests" / "test_code.py").write_text("def test_ok():\n    pass\n",
                                                     encoding="utf-8")
    result = run_pytest(tmp_path, "tests", "--collect-only", "-q")
    assert result.returncode == 0, result.stdout
    assert "tests/test_code.py::test_ok" in result.stdout
    assert "drohen" not in result.stdout


def test_tagging_rules_are_tested_by_tag_and_text(tmp_path: Path) -> None:
    path = write_pack(tmp_path / "pack", """rules:
  - id: threat.phrase
    tag: THREAT_PHRASE
    stage: 1
    pattern: '[lemma=drohen] [lemma=mit] [@THREAT_NOUN]'
    tests:
      - text: Russland droht mit Sanktionen.
        expect: [{tag: THREAT_PHRASE, text: droht mit Sanktionen}]
  - id: threaten.phrase
    type: THREATEN
    pattern: (?<who> @ACTOR) @THREAT_PHRASE
    fact: {actor: who}
    tests:
      - text: Russland droht mit Sanktionen.
        expect: [{type: THREATEN, actor: [RUS], text: Russland droht mit Sanktionen}]
      - text: Russland droht mit Konsequenzen.
        expect: [{type: THREATEN, actor: [UKR]}]
""")
    pack, extractor = load_extractor([str(path)])
    results = list(run_tests(pack, extractor))
    assert [r.passed for r in results] == [True, True, False]
    assert results[2].problems == ("item 1: actor: expected [UKR], got [RUS]",)
