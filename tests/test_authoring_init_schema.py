"""``depesche init`` makes a pack whose tests pass; ``depesche schema`` validates rule files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from depesche.authoring.ruletests import EXPECT_FIELDS
from depesche.authoring.scaffold import rules_schema
from depesche.cli.app import _register, app
from depesche.engine.ruleset import CAPTURE_FIELDS, CONSTANT_FIELDS, FACT_TYPES
from depesche.rules.lexicons import LEXICON_KEYS
from depesche.rules.loader import FILE_KEYS, RULE_KEYS, TEST_KEYS, shipped_pack

DATA = Path(__file__).parent / "data" / "packs"
SCHEMA = json.loads(rules_schema())


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_init_makes_a_pack_whose_tests_and_checks_pass(tmp_path: Path) -> None:
    folder = tmp_path / "mypack"
    made = invoke("init", str(folder))
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[-1] == f"next: depesche test {folder}"
    tested = invoke("test", str(folder))
    assert tested.exit_code == 0, tested.output
    assert tested.stdout.splitlines()[-1] == "3 passed, 0 failed"
    checked = invoke("check", str(folder))
    assert checked.stdout == "0 error(s), 0 warning(s)\n"


def test_init_refuses_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text("rules: []\n", encoding="utf-8")
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 2
    assert "exists and is not an empty folder" in result.stderr


def test_schema_command_prints_the_schema() -> None:
    result = invoke("schema")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == SCHEMA
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def load(path: Path) -> Any:
    """A YAML file as JSON data (dates and other YAML scalars as strings, as editors see them)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def rule_files() -> list[Path]:
    files = sorted(shipped_pack().rglob("*.yaml")) + sorted(DATA.rglob("*.yaml"))
    return [f for f in files if f.is_file()]


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.name)
def test_every_rule_file_validates(path: Path) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(load(path))]
    assert not errors, errors


def test_init_pack_validates(tmp_path: Path) -> None:
    invoke("init", str(tmp_path / "p"))
    for path in (tmp_path / "p").rglob("*.yaml"):
        jsonschema.validate(load(path), SCHEMA)


BAD = [
    # (rule file, what the schema must reject)
    ({"rules": [{"id": "a", "type": "THREATEN", "patern": "[x]"}]}, "patern"),
    ({"rules": [{"id": "a", "type": "THRETEN", "pattern": "[x]"}]}, "THRETEN"),
    ({"rules": [{"id": "a", "pattern": "[x]"}]}, "not valid under any"),
    ({"rules": [{"id": "a", "type": "AGREE", "pattern": "[x]",
                 "fact": {"modality": {"status": "maybe"}}}]}, "maybe"),
    ({"rules": [{"id": "a", "type": "AGREE", "pattern": "[x]",
                 "tests": [{"text": "x", "expect": [{"actr": ["RUS"]}]}]}]}, "actr"),
    ({"lexicon": "x", "label": "lower"}, "lower"),
]


@pytest.mark.parametrize(("data", "culprit"), BAD)
def test_schema_rejects_mistakes(data: dict[str, Any], culprit: str) -> None:
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert errors
    assert any(culprit in json.dumps(e.instance) or culprit in e.message for e in errors)


def test_schema_agrees_with_the_loader() -> None:
    defs = SCHEMA["$defs"]
    assert set(defs["ruleFile"]["properties"]) == set(FILE_KEYS)
    assert set(defs["rule"]["properties"]) == set(RULE_KEYS)
    assert set(defs["test"]["properties"]) == set(TEST_KEYS)
    assert set(defs["expected"]["properties"]) == set(EXPECT_FIELDS)
    assert set(defs["fact"]["properties"]) == {*CAPTURE_FIELDS, *CONSTANT_FIELDS}
    assert defs["rule"]["properties"]["type"]["enum"] == list(FACT_TYPES)
    assert set(defs["lexiconFile"]["properties"]) == set(LEXICON_KEYS)
