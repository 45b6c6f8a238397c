"""``depesche eval``: the same numbers as the shared scorer, on gold and on synthetic edge cases."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from depesche.authoring.evaluate import evaluate, load_jsonl, load_texts, sentence_around
from depesche.authoring.ruletests import load_extractor
from depesche.cli.app import _register, app
from depesche.cli.progress import progress
from depesche.corpus.sources import read_file
from depesche.engine.reader import read_document
from depesche.errors import DepescheError, InputError

PACK = Path(__file__).parent / "data" / "packs" / "authoring"

TEXT = "Moskau droht Kiew. Biden telefoniert mit Putin in Genf am 7. Dezember."


def span(part: str, text: str = TEXT) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def gold(anchor: str, kind: str = "THREATEN", **fields: Any) -> dict[str, Any]:
    return {"doc": "a", "type": kind, "anchor": anchor, **fields}


def pred(part: str, kind: str = "THREATEN", **fields: Any) -> dict[str, Any]:
    return {"doc": "texts/a.txt", "type": kind, "span": span(part), "rule": "r", **fields}


# name: (gold rows, predicted rows)
CASES: dict[str, tuple[list[dict], list[dict]]] = {
    "empty_prediction": ([gold("Moskau droht Kiew")], []),
    "one_hit_with_fields": (
        [gold("Moskau droht Kiew", actor=["RUS"], recipient=["UKR"])],
        [pred("droht", actor=[{"code": "RUS"}], recipient=[{"code": "UKR.GOV"}])]),
    "ties_pair_later_gold_and_later_prediction_first": (
        [gold("Moskau droht", actor=["RUS"]), gold("droht Kiew", actor=["UKR"])],
        [pred("droht", actor=[{"code": "RUS"}]), pred("droht", actor=[{"code": "UKR"}])]),
    "largest_overlap_first": (
        [gold("Moskau droht Kiew", actor=["RUS"]), gold("Kiew", actor=["UKR"])],
        [pred("Kiew", actor=[{"code": "UKR"}]), pred("droht Kiew", actor=[{"code": "RUS"}])]),
    "required_before_optional": (
        [gold("Moskau droht Kiew", optional=True), gold("Kiew")],
        [pred("Moskau droht Kiew")]),
    "optional_pair_counts_nowhere": (
        [gold("Moskau droht Kiew", optional=True)],
        [pred("droht"), pred("Biden", kind="CONSULT")]),
    "type_case_start_end_and_other_docs": (
        [gold("Biden telefoniert mit Putin", kind="CONSULT", participants=["USA", "RUS"])],
        [{"doc": "a", "type": "consult", "start": 19, "end": 40,
          "actor": [{"code": "USA"}], "recipient": [{"id": "RUS"}]},
         {"doc": "b.txt", "type": "CONSULT", "span": [0, 5]}]),
    "date_location_speaker_modality": (
        [gold("Biden telefoniert mit Putin in Genf", kind="CONSULT", date="2021-12-07",
              location="genf", speaker="USA", modality={"status": "held", "hypothetical": False})],
        [pred("telefoniert", kind="CONSULT", date={"text": "am 7. Dezember", "value": "2021-12-07"},
              location={"text": "Genf", "id": None}, speaker={"code": "USA"},
              modality={"status": "held"})]),
    "wrong_fields_are_not_strict": (
        [gold("Moskau droht Kiew", actor=["RUS"], date="2021-12"),
         gold("Biden telefoniert", kind="CONSULT", location=["Wien"])],
        [pred("Moskau", actor=["USA"], date={"value": "2021-12"}),
         pred("Biden", kind="CONSULT", location=[{"name": "Genf"}])]),
}


def run_scorer(shared: Path, tmp_path: Path, gold_rows: list[dict], pred_rows: list[dict],
               texts: Path) -> dict[str, Any]:
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    for path, rows in ((gold_file, gold_rows), (pred_file, pred_rows)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                        encoding="utf-8")
    done = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold",
                           str(gold_file), "--pred", str(pred_file), "--texts", str(texts),
                           "--json"], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def ours(gold_rows: list[dict], pred_rows: list[dict], texts: dict[str, str]) -> dict[str, Any]:
    result = evaluate(gold_rows, pred_rows, texts).to_json()
    del result["false_alarms"]
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_numbers_as_the_scorer_on_edge_cases(name: str, shared: Path, tmp_path: Path
                                                  ) -> None:
    gold_rows, pred_rows = CASES[name]
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(TEXT, encoding="utf-8")
    (texts / "b.txt").write_text("Other text.", encoding="utf-8")
    expected = run_scorer(shared, tmp_path, gold_rows, pred_rows, texts)
    assert ours(gold_rows, pred_rows, load_texts(texts)) == expected


def test_tie_break_follows_the_scorer() -> None:
    gold_rows, pred_rows = CASES["ties_pair_later_gold_and_later_prediction_first"]
    result = evaluate(gold_rows, pred_rows, {"a": TEXT})
    assert result.fields == {"actor": "2/2"}


@pytest.fixture(scope="module")
def shipped():
    try:
        return load_extractor(None)[1]
    except DepescheError as error:
        pytest.skip(f"the shipped pack does not compile right now: {error.message}")


@pytest.mark.parametrize(("gold_name", "folder"), [
    ("biden-putin-2021-12.jsonl", "seed"), ("dev.jsonl", "dev")])
def test_same_numbers_as_the_scorer_on_gold(shared: Path, tmp_path: Path, shipped,
                                            gold_name: str, folder: str) -> None:
    texts = shared / folder
    predicted = []
    for path in sorted(texts.rglob("*.txt")):
        source = read_file(str(path))
        doc = read_document(source.id, source.text or "", source.date)
        predicted.extend(f.to_json() for f in shipped.extract(doc))
    gold_rows = load_jsonl(shared / "gold" / gold_name)
    expected = run_scorer(shared, tmp_path, gold_rows, predicted, texts)
    assert ours(gold_rows, predicted, load_texts(texts)) == expected


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def gold_folder(tmp_path: Path) -> tuple[Path, Path]:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text("Russland droht der Ukraine mit Konsequenzen. Moskau droht "
                                 "Washington.", encoding="utf-8")
    (texts / "empty.txt").write_text("", encoding="utf-8")  # skipped: states no facts
    gold_file = tmp_path / "gold.jsonl"
    rows = [gold("Russland droht der Ukraine", actor=["RUS"], recipient=["UKR"]),
            gold("mit Konsequenzen", kind="REQUEST")]
    gold_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return gold_file, texts


def test_cli_scores_a_pack(gold_folder: tuple[Path, Path]) -> None:
    gold_file, texts = gold_folder
    result = invoke("eval", "--gold", str(gold_file), "--texts", str(texts), "--rules",
                    str(PACK), "--show")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:2] == ["REQUEST      P 0.00  R 0.00  F1 0.00  (tp 0, fp 0, fn 1)",
                         "THREATEN     P 0.50  R 1.00  F1 0.67  (tp 1, fp 1, fn 0)"]
    assert "fields right among matched: actor 1/1, recipient 1/1" in lines
    missed = lines.index("missed  a  REQUEST      «mit Konsequenzen»")
    assert lines[missed + 1] == "        Russland droht der Ukraine mit Konsequenzen."
    false = lines.index("false   a  THREATEN   «Moskau droht Washington»  [threaten.drohen]")
    assert lines[false + 1] == "        Moskau droht Washington."
    assert lines[-1] == "events P 0.500 R 0.500 F1 0.500; strict F1 0.500"
    as_json = json.loads(invoke("eval", "--gold", str(gold_file), "--texts", str(texts),
                                "--rules", str(PACK), "--json").stdout)
    assert as_json["events"] == {"p": 0.5, "r": 0.5, "f1": 0.5, "tp": 1, "fp": 1, "fn": 1}


def test_cli_bad_gold_is_a_located_error(gold_folder: tuple[Path, Path]) -> None:
    gold_file, texts = gold_folder
    gold_file.write_text(gold_file.read_text(encoding="utf-8") + "{not json\n", encoding="utf-8")
    result = invoke("eval", "--gold", str(gold_file), "--texts", str(texts), "--rules", str(PACK))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{gold_file}:3:2: not JSON")


def test_missing_anchor_is_an_input_error() -> None:
    with pytest.raises(InputError, match="anchor not found"):
        evaluate([gold("Paris")], [], {"a": TEXT})


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_progress_draws_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, terminal: bool
                                           ) -> None:
    stderr = Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert list(progress(range(3), "extracting", total=3)) == [0, 1, 2]
    assert bool(stderr.getvalue()) == terminal


def test_show_prints_wrong_fields_with_their_sentence(gold_folder: tuple[Path, Path]) -> None:
    gold_file, texts = gold_folder
    rows = [gold("Russland droht der Ukraine", actor=["USA"], recipient=["UKR"])]
    gold_file.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    lines = invoke("eval", "--gold", str(gold_file), "--texts", str(texts), "--rules",
                   str(PACK), "--show").stdout.splitlines()
    wrong = lines.index("wrong   a  THREATEN   actor USA ≠ RUS  [threaten.drohen]")
    assert lines[wrong + 1] == "        Russland droht der Ukraine mit Konsequenzen."


@pytest.mark.parametrize(("text", "span", "sentence"), [
    ("Erst das. Dann dies! Zuletzt jenes?", (10, 14), "Dann dies!"),
    ("Er sagte: Wir kommen. Gut.", (10, 13), "Wir kommen."),
    ("Titel\nErster Satz. Zweiter.", (6, 11), "Erster Satz."),
    ("ohne Ende", (0, 4), "ohne Ende"),
    ("kurz", (3, 9), ""),
])
def test_sentence_around(text: str, span: tuple[int, int], sentence: str) -> None:
    assert sentence_around(text, *span) == sentence
