"""Sinks: flat columns of a SCHEMA.md fact, atomic SQLite writes, format by suffix."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from depesche.corpus import RunOptionError
from depesche.corpus.sinks import (
    CsvSink,
    DocumentResult,
    JsonArraySink,
    SqliteSink,
    flatten_fact,
    sink_format,
)

FACT: dict[str, Any] = {
    "doc": "a.txt", "type": "THREATEN", "span": [10, 42], "rule": "threaten-warn",
    "actor": [{"text": "Putin", "name": "Wladimir Putin", "code": "RUS", "sector": "GOV"}],
    "recipient": [{"text": "die USA", "code": "USA"}, {"text": "die Nato", "code": "NATO"},
                  {"text": "Experten", "code": None}],
    "date": {"text": "am 10. Januar", "value": "2022-01-10", "granularity": "day"},
    "location": {"text": "Genf", "id": None},
    "content": {"text": "Sanktionen", "span": [30, 40]},
    "mode": "relations",
    "modality": {"status": "announced", "polarity": "negative", "hypothetical": True,
                 "evidential": "reported"},
    "speaker": {"text": "ein Kreml-Berater", "name": None, "code": "RUS", "sector": "GOV"},
    "attribution": {"cue": "sagte", "form": "indirect"},
    "evidence": "warnte die USA",
}


def test_a_full_fact_flattens_to_columns() -> None:
    assert flatten_fact(FACT) == {
        "doc": "a.txt", "type": "THREATEN", "span_start": 10, "span_end": 42,
        "rule": "threaten-warn", "evidence": "warnte die USA", "actor_codes": "RUS",
        "actor_text": "Putin", "recipient_codes": "USA|NATO",
        "recipient_text": "die USA|die Nato|Experten", "date_text": "am 10. Januar",
        "date_value": "2022-01-10", "date_granularity": "day", "location": "Genf",
        "location_id": None, "content": "Sanktionen", "mode": "relations",
        "status": "announced", "polarity": "negative", "hypothetical": 1,
        "evidential": "reported", "speaker_code": "RUS", "attribution_cue": "sagte",
        "attribution_form": "indirect"}


def test_a_minimal_fact_flattens_with_empty_columns() -> None:
    flat = flatten_fact({"doc": "a", "type": "CONSULT", "span": [0, 1], "rule": "r"})
    assert {k for k, v in flat.items() if v is not None} == {"doc", "type", "span_start",
                                                             "span_end", "rule"}


def result(doc_id: str, facts: list[dict[str, Any]]) -> DocumentResult:
    return DocumentResult(doc_id, "hash-" + doc_id, "done", facts)


def test_a_failing_write_leaves_no_half_document(tmp_path: Path) -> None:
    sink = SqliteSink(tmp_path / "facts.sqlite")
    sink.write(result("ok", [FACT]))
    unserialisable = dict(FACT, content={"text": object()})
    with pytest.raises(TypeError):
        sink.write(result("half", [FACT, unserialisable]))
    sink.close()
    with sqlite3.connect(tmp_path / "facts.sqlite") as db:
        assert db.execute("SELECT id FROM documents").fetchall() == [("ok",)]
        assert db.execute("SELECT doc FROM facts").fetchall() == [("ok",)]


def test_resume_redoes_failed_documents(tmp_path: Path) -> None:
    sink = SqliteSink(tmp_path / "facts.sqlite")
    sink.write(result("done", []))
    sink.write(DocumentResult("failed", "h", "failed", error="boom"))
    sink.write(DocumentResult("skipped", "h", "skipped", error="empty document"))
    sink.close()
    sink = SqliteSink(tmp_path / "facts.sqlite", resume=True)
    assert sink.is_done("done", "hash-done")
    assert not sink.is_done("done", "another hash")
    assert not sink.is_done("failed", "h")
    assert sink.is_done("skipped", "h")
    assert not sink.is_done("absent", "h")
    sink.close()


def test_json_array_sink_writes_one_valid_array() -> None:
    for results in ([], [result("a", [FACT]), result("b", []), result("c", [FACT, FACT])]):
        stream = io.StringIO()
        sink = JsonArraySink(stream)
        for item in results:
            sink.write(item)
        sink.close()
        assert len(json.loads(stream.getvalue())) == sum(len(r.facts) for r in results)


def test_csv_sink_has_a_header_even_without_facts() -> None:
    stream = io.StringIO()
    CsvSink(stream).close()
    assert stream.getvalue().startswith("doc,type,span_start,span_end,rule,")


@pytest.mark.parametrize(("target", "format", "expected"), [
    (None, None, "jsonl"), ("-", None, "jsonl"), ("out.JSONL", None, "jsonl"),
    ("out.json", None, "json"), ("out.csv", None, "csv"), ("out.sqlite", None, "sqlite"),
    ("out.db", None, "sqlite"), ("out.txt", "csv", "csv"),
])
def test_sink_format(target: str | None, format: str | None, expected: str) -> None:
    assert sink_format(target, format) == expected


def test_sink_format_refuses_what_it_cannot_tell() -> None:
    with pytest.raises(RunOptionError, match="-o out: cannot tell the output format"):
        sink_format("out")


def test_resume_refuses_another_extractor(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    SqliteSink(path, extractor="pack-v1").close()
    SqliteSink(path, resume=True, extractor="pack-v1").close()
    with pytest.raises(RunOptionError, match="holds facts of another rule pack"):
        SqliteSink(path, resume=True, extractor="pack-v2")
    SqliteSink(path, extractor="pack-v2").close()  # starting afresh is always allowed
    with sqlite3.connect(path) as db:
        runs = db.execute("SELECT extractor, finished_at IS NOT NULL FROM runs").fetchall()
    assert runs == [("pack-v2", 1)]
