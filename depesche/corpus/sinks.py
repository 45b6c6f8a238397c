"""Where a corpus run's facts go: JSON Lines, CSV with flat columns, or a SQLite database.

A sink receives one :class:`DocumentResult` at a time, in input order. The SQLite sink
writes a document's facts and its status in one transaction, so a run killed at any moment
leaves each document either complete or absent, and ``--resume`` can pick up from there.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from depesche.corpus import RunOptionError

DocumentStatus = Literal["done", "failed", "skipped"]


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with milliseconds: the times of the documents table."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What became of one document: its facts (SCHEMA.md dicts), or why there are none.

    ``started_at``/``finished_at`` are ISO 8601 UTC times of the extraction.
    """

    id: str
    content_hash: str
    status: DocumentStatus
    facts: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    started_at: str | None = None
    finished_at: str | None = None


class FactSink(Protocol):
    """What the runner writes to; ``resumable`` sinks can say which documents are finished."""

    resumable: bool

    def is_done(self, doc_id: str, content_hash: str) -> bool: ...

    def write(self, result: DocumentResult) -> None: ...

    def close(self) -> None: ...


def _codes(actors: Any) -> str | None:
    """An actor list's codes, ``|``-joined, for a flat column (``USA|RUS``)."""
    if not actors:
        return None
    if isinstance(actors, dict):
        actors = [actors]
    codes = [str(a.get("code")) for a in actors if isinstance(a, dict) and a.get("code")]
    return "|".join(codes) or None


def _texts(actors: Any) -> str | None:
    if not actors:
        return None
    if isinstance(actors, dict):
        actors = [actors]
    return "|".join(str(a.get("text", "")) for a in actors if isinstance(a, dict)) or None


def _part(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def flatten_fact(fact: dict[str, Any]) -> dict[str, Any]:
    """The SCHEMA.md fact as flat columns: codes ``|``-joined, nested fields split out."""
    span = fact.get("span") or [None, None]
    modality = fact.get("modality") or {}
    return {
        "doc": fact.get("doc"),
        "type": fact.get("type"),
        "span_start": span[0],
        "span_end": span[1],
        "rule": fact.get("rule"),
        "evidence": fact.get("evidence"),
        "actor_codes": _codes(fact.get("actor")),
        "actor_text": _texts(fact.get("actor")),
        "recipient_codes": _codes(fact.get("recipient")),
        "recipient_text": _texts(fact.get("recipient")),
        "date_text": _part(fact.get("date"), "text"),
        "date_value": _part(fact.get("date"), "value"),
        "date_granularity": _part(fact.get("date"), "granularity"),
        "location": _part(fact.get("location"), "text"),
        "location_id": _part(fact.get("location"), "id"),
        "content": _part(fact.get("content"), "text"),
        "mode": fact.get("mode"),
        "status": modality.get("status"),
        "polarity": modality.get("polarity"),
        "hypothetical": _flag(modality.get("hypothetical")),
        "evidential": modality.get("evidential"),
        "speaker_code": _codes(fact.get("speaker")),
        "attribution_cue": _part(fact.get("attribution"), "cue"),
        "attribution_form": _part(fact.get("attribution"), "form"),
    }


FLAT_COLUMNS = tuple(flatten_fact({}))


class JsonLinesSink:
    """Facts as JSON Lines, one SCHEMA.md object a line (what ``--format jsonl`` prints)."""

    resumable = False

    def __init__(self, stream: TextIO, on_close: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self._on_close = on_close

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        return False

    def write(self, result: DocumentResult) -> None:
        for fact in result.facts:
            self.stream.write(json.dumps(fact, ensure_ascii=False) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._on_close:
            self._on_close()


class JsonArraySink:
    """Facts as one JSON array (``--format json``), written as they come, closed at the end."""

    resumable = False

    def __init__(self, stream: TextIO, on_close: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self._on_close = on_close
        self._separator = "[\n"

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        return False

    def write(self, result: DocumentResult) -> None:
        for fact in result.facts:
            self.stream.write(self._separator + json.dumps(fact, ensure_ascii=False))
            self._separator = ",\n"
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("[]\n" if self._separator == "[\n" else "\n]\n")
        self.stream.flush()
        if self._on_close:
            self._on_close()


class CsvSink:
    """Facts as CSV with a header row and the flat columns of :func:`flatten_fact`."""

    resumable = False

    def __init__(self, stream: TextIO, on_close: Callable[[], None] | None = None) -> None:
        self.stream = stream
        self._on_close = on_close
        self._writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        return False

    def write(self, result: DocumentResult) -> None:
        self._writer.writerows(flatten_fact(fact) for fact in result.facts)
        self.stream.flush()

    def close(self) -> None:
        if self._on_close:
            self._on_close()


def _column_definitions() -> str:
    integers = {"span_start", "span_end", "hypothetical"}
    return ", ".join(f"{name} {'INTEGER' if name in integers else 'TEXT'}"
                     for name in FLAT_COLUMNS if name != "doc")


SCHEMA_SQL = f"""
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'failed', 'skipped')),
    error TEXT,
    n_facts INTEGER NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE TABLE IF NOT EXISTS facts (
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    {_column_definitions()},
    json TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS runs (
    started_at TEXT NOT NULL,
    finished_at TEXT,
    extractor TEXT
);
CREATE INDEX IF NOT EXISTS facts_type ON facts (type);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
"""


class SqliteSink:
    """Facts and document statuses in a SQLite database, one transaction per document.

    ``documents`` holds every document once (id, content hash, status, error, fact count,
    times); ``facts`` holds the SCHEMA.md fields as columns plus the whole fact as ``json``.
    Without ``resume`` an existing database is emptied first; with it, documents already
    ``done`` or ``skipped`` with the same content hash are finished, everything else (absent,
    failed, or changed since) is redone and replaces what was there.

    ``runs`` records each run's start, end and ``extractor`` fingerprint (the rule pack and
    depesche version, :meth:`PackExtractor.fingerprint`); resuming with a different one is
    refused, so one database never mixes facts of two rule versions.
    """

    resumable = True

    def __init__(self, path: str | Path, resume: bool = False,
                 extractor: str | None = None) -> None:
        self.path = str(path)
        self.connection = sqlite3.connect(self.path, isolation_level=None)
        # WAL: readers (a progress query) never block the writer; NORMAL sync is still
        # atomic per transaction, which is what a killed process needs.
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.executescript(SCHEMA_SQL)
        with contextlib.ExitStack() as on_error:
            on_error.callback(self.connection.close)
            with self._transaction():
                if resume:
                    self._check_extractor(extractor)
                else:
                    self.connection.execute("DELETE FROM facts")
                    self.connection.execute("DELETE FROM documents")
                    self.connection.execute("DELETE FROM runs")
                self._run = self.connection.execute(
                    "INSERT INTO runs (started_at, extractor) VALUES (?, ?)",
                    (utc_now(), extractor)).lastrowid
            on_error.pop_all()
        columns = ("doc", "seq", *(c for c in FLAT_COLUMNS if c != "doc"), "json")
        self._insert_fact = (f"INSERT INTO facts ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' for _ in columns)})")

    def _check_extractor(self, extractor: str | None) -> None:
        row = self.connection.execute(
            "SELECT extractor FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()
        if row and None not in (row[0], extractor) and row[0] != extractor:
            raise RunOptionError(f"--resume: {self.path} holds facts of another rule pack or "
                                 "depesche version; run without --resume to start afresh")

    def _transaction(self) -> _Transaction:
        return _Transaction(self.connection)

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM documents WHERE id = ? AND content_hash = ? "
            "AND status IN ('done', 'skipped')", (doc_id, content_hash)).fetchone()
        return row is not None

    def write(self, result: DocumentResult) -> None:
        with self._transaction():
            self.connection.execute("DELETE FROM facts WHERE doc = ?", (result.id,))
            self.connection.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
                (result.id, result.content_hash, result.status, result.error,
                 len(result.facts), result.started_at, result.finished_at))
            self.connection.executemany(self._insert_fact, (
                (result.id, seq, *(flat[c] for c in FLAT_COLUMNS if c != "doc"),
                 json.dumps(fact, ensure_ascii=False))
                for seq, fact in enumerate(result.facts)
                for flat in (flatten_fact(fact),)))

    def close(self) -> None:
        with self._transaction():
            self.connection.execute("UPDATE runs SET finished_at = ? WHERE rowid = ?",
                                    (utc_now(), self._run))
        self.connection.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` when the block raises."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self.connection.execute("ROLLBACK" if kind else "COMMIT")


SINK_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
                ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}
STREAM_SINKS: dict[str, type[JsonLinesSink | JsonArraySink | CsvSink]] = {
    "jsonl": JsonLinesSink, "json": JsonArraySink, "csv": CsvSink}


def sink_format(target: str | None, format: str | None = None) -> str:
    """The output format: ``format`` if given, else from ``target``'s suffix, else jsonl."""
    if format:
        if format not in set(SINK_FORMATS.values()):
            raise RunOptionError(f"--format {format}: unknown output format "
                                 "(jsonl, json, csv or sqlite)")
        return format
    if target is None or target == "-":
        return "jsonl"
    suffix = Path(target).suffix.lower()
    if suffix not in SINK_FORMATS:
        raise RunOptionError(f"-o {target}: cannot tell the output format from "
                             f"{suffix or 'no'} suffix; use .jsonl, .json, .csv or .sqlite, "
                             "or --format")
    return SINK_FORMATS[suffix]


def open_sink(target: str | None, format: str | None = None, resume: bool = False,
              stdout: TextIO | None = None, extractor: str | None = None) -> FactSink:
    """Open the sink for ``-o target`` (``None`` or ``-``: standard output).

    ``extractor`` is the fingerprint a SQLite output records and checks on ``resume``.
    """
    kind = sink_format(target, format)
    if kind == "sqlite":
        if target is None or target == "-":
            raise RunOptionError("--format sqlite needs a file: -o facts.sqlite")
        return SqliteSink(target, resume=resume, extractor=extractor)
    if resume:
        raise RunOptionError("--resume needs a SQLite output (-o facts.sqlite)")
    sink_class = STREAM_SINKS[kind]
    if target is None or target == "-":
        return sink_class(stdout or sys.stdout)
    stream = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the sink
    return sink_class(stream, on_close=stream.close)
