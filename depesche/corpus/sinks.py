"""Where a corpus run's facts go: JSON Lines, CSV with flat columns, or a SQLite database.

A sink receives one :class:`DocumentResult` at a time, in input order, and is then either
*closed* (the run finished: its output takes the place of the previous one) or *aborted*
(the run stopped early: the previous output is left as it was, as far as the format
allows). A sink is also a context manager that closes on success and aborts on an
exception.

- A JSON Lines, JSON or CSV file is written to a temporary file beside it, which replaces
  the file only when the run closes the sink (an atomic rename): a run that stops at
  start-up, is interrupted or killed leaves the previous file whole.
- The SQLite sink writes a document's facts and its status in one transaction, so a run
  killed at any moment leaves each document either complete or absent, and ``--resume``
  can pick up from there. It changes nothing in an existing database before the first
  document is committed (that transaction also empties it, without ``--resume``).
- Every file output is locked for the run (:class:`OutputLock`): a second run writing the
  same file is refused instead of mixing its documents with the first one's.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import fcntl
import json
import os
import secrets
import sqlite3
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, TextIO, TypeVar

from depesche.corpus import RunOptionError

DocumentStatus = Literal["done", "failed", "skipped"]


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with milliseconds: the times of the documents table."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What became of one document: its facts (SCHEMA.md dicts), or why there are none.

    ``started_at``/``finished_at`` are ISO 8601 UTC times of the extraction. ``warning``
    says why a ``done`` document's text may not be what its author wrote (bytes that were
    not valid in its encoding): the summary counts it as *degraded*.
    """

    id: str
    content_hash: str
    status: DocumentStatus
    facts: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    warning: str | None = None


class FactSink(Protocol):
    """What the runner writes to; ``resumable`` sinks can say which documents are finished.

    ``close`` ends a finished run (the output is complete); ``abort`` ends one that stopped
    early and leaves the previous output as it was where the format allows. ``name`` is
    what a message about the output calls it (``-o facts.jsonl``).
    """

    resumable: bool
    name: str

    def is_done(self, doc_id: str, content_hash: str) -> bool: ...

    def write(self, result: DocumentResult) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class SinkBase:
    """``with sink:`` closes the sink when the block ends normally and aborts it otherwise."""

    def close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> SinkBase:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


_LOCKED: set[str] = set()  # outputs this process holds (POSIX locks do not exclude oneself)


class OutputLock:
    """An exclusive lock on an output file for the length of a run.

    A POSIX record lock on ``FILE.lock`` beside the output: the system releases it when the
    process ends, however it ends (``kill -9`` included), and worker processes forked
    from the run do not inherit it. A second run that asks for it is refused with a
    message naming the process that holds it. The lock file is removed on release; a run
    that locked a file just being removed by its previous holder locks afresh.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        self.key = os.path.realpath(target)
        self.path = self.key + ".lock"
        if self.key in _LOCKED:
            raise self._busy("this process")
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as error:
                raise RunOptionError(f"-o {target}: cannot write: "
                                     f"{error.strerror or error}") from None
            try:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
                os.close(fd)
                if error.errno not in (errno.EACCES, errno.EAGAIN):
                    raise RunOptionError(f"-o {target}: cannot lock: "
                                         f"{error.strerror or error}") from None
                raise self._busy(f"process {holder}" if holder.isdigit()
                                 else "another process") from None
            try:
                current = os.stat(self.path).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(fd).st_ino:
                break
            os.close(fd)  # the previous holder removed the file after we opened it
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd: int | None = fd
        _LOCKED.add(self.key)

    def _busy(self, holder: str) -> RunOptionError:
        return RunOptionError(
            f"-o {self.target}: another depesche run ({holder}) is writing this file; "
            "wait for it to finish or write elsewhere (the lock is "
            f"{os.path.basename(self.path)}, released when that run ends)")

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)
        self._fd = None
        _LOCKED.discard(self.key)


class OutputFile:
    """A text file that is replaced whole or not at all.

    Writes go to a hidden temporary file in the target's folder (same file system, so the
    final rename is atomic), which takes the target's place on :meth:`commit` after its
    data reached the disk; :meth:`discard` removes it and leaves the target as it was.
    A target that is not a regular file (``/dev/null``, a pipe, a terminal) is written
    directly. The new file gets the old one's permissions, else the usual ones (umask).
    """

    def __init__(self, target: str) -> None:
        self.target = target
        real = os.path.realpath(target)
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise RunOptionError(f"-o {target}: cannot write: "
                                 f"{error.strerror or error}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise RunOptionError(f"-o {target}: is a folder, not a file")
        self._temp: str | None = None
        self._real = real
        self.on_end: Callable[[], None] | None = None  # called once, after commit or discard
        try:
            if mode is not None and not stat.S_ISREG(mode):
                self.stream: TextIO = open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115
                return
            folder, name = os.path.split(real)
            temp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise RunOptionError(f"-o {target}: cannot write: "
                                 f"{error.strerror or error}") from None
        self._temp = temp
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(temp, stat.S_IMODE(mode))
        self.stream = open(fd, "w", encoding="utf-8", newline="")  # noqa: SIM115

    def commit(self) -> None:
        """Make what was written the target's content (raises OSError if it cannot)."""
        try:
            self.stream.flush()
            if self._temp is not None:
                os.fsync(self.stream.fileno())
            self.stream.close()
            if self._temp is not None:
                os.replace(self._temp, self._real)
                self._temp = None
        except BaseException:
            self.discard()
            raise
        self._end()

    def discard(self) -> None:
        """Forget what was written; the target stays as it was."""
        with contextlib.suppress(OSError):
            self.stream.close()
        if self._temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temp)
            self._temp = None
        self._end()

    def _end(self) -> None:
        on_end, self.on_end = self.on_end, None
        if on_end:
            on_end()


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


class StreamSink(SinkBase):
    """Facts written as text to standard output or to an :class:`OutputFile`."""

    resumable = False

    def __init__(self, stream: TextIO, output: OutputFile | None = None) -> None:
        self.stream = stream
        self.output = output
        self.name = f"-o {output.target}" if output else "standard output"

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        return False

    def write(self, result: DocumentResult) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """What the format writes after the last fact (a JSON array's bracket)."""

    def close(self) -> None:
        self.finish()
        if self.output:
            self.output.commit()
        else:
            self.stream.flush()

    def abort(self) -> None:
        if self.output:
            self.output.discard()
        else:
            with contextlib.suppress(OSError):
                self.stream.flush()


class JsonLinesSink(StreamSink):
    """Facts as JSON Lines, one SCHEMA.md object a line (what ``--format jsonl`` prints)."""

    def write(self, result: DocumentResult) -> None:
        for fact in result.facts:
            self.stream.write(json.dumps(fact, ensure_ascii=False) + "\n")
        self.stream.flush()


class JsonArraySink(StreamSink):
    """Facts as one JSON array (``--format json``), written as they come, closed at the end.

    An aborted run on standard output leaves the array open: a reader sees it is cut short.
    """

    def __init__(self, stream: TextIO, output: OutputFile | None = None) -> None:
        super().__init__(stream, output)
        self._separator = "[\n"

    def write(self, result: DocumentResult) -> None:
        for fact in result.facts:
            self.stream.write(self._separator + json.dumps(fact, ensure_ascii=False))
            self._separator = ",\n"
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("[]\n" if self._separator == "[\n" else "\n]\n")


class CsvSink(StreamSink):
    """Facts as CSV with a header row and the flat columns of :func:`flatten_fact`."""

    def __init__(self, stream: TextIO, output: OutputFile | None = None) -> None:
        super().__init__(stream, output)
        self._writer = csv.DictWriter(stream, fieldnames=FLAT_COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, result: DocumentResult) -> None:
        self._writer.writerows(flatten_fact(fact) for fact in result.facts)
        self.stream.flush()


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
    finished_at TEXT,
    warning TEXT
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
DOCUMENT_COLUMNS = ("id", "content_hash", "status", "error", "n_facts", "started_at",
                    "finished_at", "warning")


class SqliteSink(SinkBase):
    """Facts and document statuses in a SQLite database, one transaction per document.

    ``documents`` holds every document once (id, content hash, status, error, fact count,
    times, warning); ``facts`` holds the SCHEMA.md fields as columns plus the whole fact
    as ``json``. Without ``resume`` an existing database is emptied, in the transaction
    that commits the first document (or when a run over no documents closes), so a run
    that stops before that leaves it as it was; with ``resume``, documents already
    ``done`` or ``skipped`` with the same content hash are finished, everything else
    (absent, failed, or changed since) is redone and replaces what was there.

    ``runs`` records each run's start, end and ``extractor`` fingerprint (the rule pack and
    depesche version, :meth:`PackExtractor.fingerprint`); resuming with a different one is
    refused, so one database never mixes facts of two rule versions. The file is locked
    for the run (:class:`OutputLock`).
    """

    resumable = True

    def __init__(self, path: str | Path, resume: bool = False,
                 extractor: str | None = None) -> None:
        self.path = str(path)
        self.name = f"-o {self.path}"
        self.resume = resume
        self.extractor = extractor
        self._started = utc_now()
        self._run: int | None = None
        self.connection: sqlite3.Connection | None = None
        self._lock = OutputLock(self.path)
        try:
            self._tables = self._open_existing()
            if resume:
                self._check_extractor(extractor)
        except BaseException:
            self.abort()
            raise
        columns = ("doc", "seq", *(c for c in FLAT_COLUMNS if c != "doc"), "json")
        self._insert_fact = (f"INSERT INTO facts ({', '.join(columns)}) "
                             f"VALUES ({', '.join('?' for _ in columns)})")
        self._insert_document = (f"INSERT OR REPLACE INTO documents "
                                 f"({', '.join(DOCUMENT_COLUMNS)}) "
                                 f"VALUES ({', '.join('?' for _ in DOCUMENT_COLUMNS)})")

    def _open_existing(self) -> set[str]:
        """Connect to an existing database (read only until the first commit); its tables."""
        target = Path(self.path)
        if target.is_dir():
            raise RunOptionError(f"-o {self.path}: is a folder, not a file")
        if not target.exists():
            return set()
        try:
            self.connection = sqlite3.connect(self.path, isolation_level=None)
            return {name for (name,) in self.connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as error:
            raise RunOptionError(f"-o {self.path}: not a SQLite database ({error}); "
                                 "choose another file or remove this one") from None

    def _check_extractor(self, extractor: str | None) -> None:
        if self.connection is None or "runs" not in self._tables:
            return
        row = self.connection.execute(
            "SELECT extractor FROM runs ORDER BY rowid DESC LIMIT 1").fetchone()
        if row and None not in (row[0], extractor) and row[0] != extractor:
            raise RunOptionError(f"--resume: {self.path} holds facts of another rule pack or "
                                 "depesche version; run without --resume to start afresh")

    def _transaction(self) -> _Transaction:
        assert self.connection is not None
        return _Transaction(self.connection)

    def _begin_run(self) -> None:
        """Set the database up for this run, in the transaction of its first commit."""
        connection = self.connection
        assert connection is not None
        for statement in SCHEMA_SQL.split(";"):
            if statement.strip():
                connection.execute(statement)
        columns = {row[1] for row in connection.execute("PRAGMA table_info(documents)")}
        if "warning" not in columns:  # a database of an earlier depesche
            connection.execute("ALTER TABLE documents ADD COLUMN warning TEXT")
        if not self.resume:
            connection.execute("DELETE FROM facts")
            connection.execute("DELETE FROM documents")
            connection.execute("DELETE FROM runs")
        self._run = connection.execute(
            "INSERT INTO runs (started_at, extractor) VALUES (?, ?)",
            (self._started, self.extractor)).lastrowid

    def _connect(self) -> sqlite3.Connection:
        if self.connection is None:
            self.connection = sqlite3.connect(self.path, isolation_level=None)
        # WAL: readers (a progress query) never block the writer; NORMAL sync is still
        # atomic per transaction, which is what a killed process needs.
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        return self.connection

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        if self.connection is None or "documents" not in self._tables:
            return False
        row = self.connection.execute(
            "SELECT 1 FROM documents WHERE id = ? AND content_hash = ? "
            "AND status IN ('done', 'skipped')", (doc_id, content_hash)).fetchone()
        return row is not None

    def write(self, result: DocumentResult) -> None:
        if self._run is None:
            self._connect()
        with self._transaction() as connection:
            if self._run is None:
                self._begin_run()
            connection.execute("DELETE FROM facts WHERE doc = ?", (result.id,))
            connection.execute(self._insert_document, (
                result.id, result.content_hash, result.status, result.error,
                len(result.facts), result.started_at, result.finished_at, result.warning))
            connection.executemany(self._insert_fact, (
                (result.id, seq, *(flat[c] for c in FLAT_COLUMNS if c != "doc"),
                 json.dumps(fact, ensure_ascii=False))
                for seq, fact in enumerate(result.facts)
                for flat in (flatten_fact(fact),)))
        self._tables = {"documents", "facts", "runs"}

    def close(self) -> None:
        """End a finished run: record its end (a run over no documents empties the file)."""
        try:
            if self._run is None:
                self._connect()
            with self._transaction() as connection:
                if self._run is None:
                    self._begin_run()
                connection.execute("UPDATE runs SET finished_at = ? WHERE rowid = ?",
                                   (utc_now(), self._run))
        finally:
            self.abort()

    def abort(self) -> None:
        """Stop writing: what was committed stays (and can be resumed); the lock is released."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None
        self._lock.release()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` when the block raises."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
            return
        with contextlib.suppress(sqlite3.Error):  # never hide the error that got us here
            self.connection.execute("ROLLBACK")


SINK_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
                ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}
StreamSinkT = TypeVar("StreamSinkT", bound=StreamSink)
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
    A file output is locked for the run and replaced only when the sink is closed.
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
    return open_stream_sink(target, sink_class)


def open_stream_sink(target: str, sink_class: Callable[[TextIO, OutputFile], StreamSinkT],
                     ) -> StreamSinkT:
    """A text sink writing ``target`` through an :class:`OutputFile`, locked for the run."""
    lock = OutputLock(target) if _is_regular_or_absent(target) else None
    try:
        output = OutputFile(target)
    except BaseException:
        if lock:
            lock.release()
        raise
    if lock:
        output.on_end = lock.release
    try:
        return sink_class(output.stream, output)
    except BaseException:
        output.discard()
        raise


def _is_regular_or_absent(target: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(target).st_mode)
    except OSError:
        return True
