"""The shipped pack measured on gold: seed and dev scores, and the seed's facts as a golden file.

The scores come from the evaluation set in the repository (``eval/``, the seed and dev
articles with their gold) and depesche's own metric (``depesche eval``, which
``tests/test_authoring_eval.py`` checks against the contract's scorer where ``../shared``
is here). The thresholds sit a little below what the pack reaches, so a change that costs
accuracy fails here. The golden file holds every fact the pack extracts from the
project's copy of the seed article; ``--update-golden`` rewrites it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.authoring.evaluate import evaluate, load_jsonl, load_texts
from depesche.cli.app import _register, app
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.rules.loader import load_extractor

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
GOLDEN = ROOT / "tests" / "golden" / "seed_facts.jsonl"
EVAL = ROOT / "eval"

# (gold file, texts folder, events F1, strict F1): the targets are seed 0.95/0.85
# and dev 0.75/0.55; the pack reaches seed 1.00/1.00 and dev 0.98/0.77, and these floors,
# a little below, guard what it reaches.
CORPORA = {
    "seed": ("gold/biden-putin-2021-12.jsonl", "seed", 0.97, 0.95),
    "dev": ("gold/dev.jsonl", "dev", 0.95, 0.73),
}


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return load_extractor()


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_scores_hold(name: str, extractor: Extractor) -> None:
    gold, texts, events_floor, strict_floor = CORPORA[name]
    folder = EVAL / texts
    predicted = [fact.to_json() for path in sorted(folder.glob("*.txt"))
                 for fact in extractor.extract(read_document(
                     str(path), path.read_text(encoding="utf-8")))]
    result = evaluate(load_jsonl(EVAL / gold), predicted, load_texts(folder)).to_json()
    assert result["events"]["f1"] >= events_floor, result["unmatched_gold"]
    assert result["strict"]["f1"] >= strict_floor, result["fields"]


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_evaluation_set_is_the_shared_one(name: str, shared: Path) -> None:
    gold, texts, _, _ = CORPORA[name]
    ours = sorted(p.name for p in (EVAL / texts).glob("*.txt"))
    assert ours == sorted(p.name for p in (shared / texts).glob("*.txt"))
    for file in [Path(gold), *(Path(texts) / n for n in ours)]:
        assert (EVAL / file).read_bytes() == (shared / file).read_bytes(), file


def test_the_documented_eval_command_runs_from_a_clone(monkeypatch: pytest.MonkeyPatch) -> None:
    _register()
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["eval", "--gold", "eval/gold/biden-putin-2021-12.jsonl",
                                      "--texts", "eval/seed"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("events P 1.000 R 1.000 F1 1.000")


def test_seed_facts_match_golden(extractor: Extractor, request: pytest.FixtureRequest) -> None:
    doc = read_document(SEED.stem, SEED.read_text(encoding="utf-8"))
    got = "".join(json.dumps(fact.to_json(), ensure_ascii=False) + "\n"
                  for fact in extractor.extract(doc))
    if request.config.getoption("--update-golden") or not GOLDEN.exists():
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
