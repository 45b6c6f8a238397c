"""HanTa's analyses of word forms, kept on disk from one run to the next.

Tagging a form HanTa has not seen in training costs a morpheme lattice search (see
:mod:`depesche.engine.annotators.hanta_fast`), and on news most distinct forms are such
forms. The tagger memoises them for one process; a :class:`FormStore` keeps them in a
SQLite file, so that a second run over the same archive (after a rule was changed, say)
or a run over new articles with much the same vocabulary searches only the forms it has
never met.

What is stored is what HanTa's model and the lattice compute from a form alone: the tag
probabilities of a form (``forward``) and its best morpheme path for a tag (``path``).
Nothing depesche derives from them (repaired lemmas, compound heads) is stored, so the
store stays valid when depesche's own rules change. It is bound to the model: a file
made with another HanTa model or version is emptied when opened. Floats are written as
JSON, which gives back the same doubles, so the facts of a run are the same with the
store, without it, cold or warm.

Several processes may share one file (``--jobs``): SQLite serialises their writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from depesche.errors import DepescheError

# Bumped whenever what a stored value means changes.
STORE_FORMAT = 1
FORWARD = "f"
PATH = "p"
# Pending rows are written at the end of each document, or when this many have gathered.
FLUSH_EVERY = 5_000
BUSY_TIMEOUT_MS = 60_000

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS forms (kind TEXT NOT NULL, form TEXT NOT NULL, "
    "value TEXT NOT NULL, PRIMARY KEY (kind, form)) WITHOUT ROWID",
)


class FormStoreError(DepescheError):
    """A tag cache file that cannot be opened or is not one."""


def model_fingerprint(model_file: Path) -> str:
    """What the stored analyses depend on: HanTa's version, its model file, this format."""
    digest = hashlib.sha256(model_file.read_bytes())
    version = importlib.metadata.version("HanTa")
    return f"{STORE_FORMAT}:{version}:{digest.hexdigest()}"


class FormStore:
    """A SQLite file of HanTa's per-form analyses, read through and written in batches."""

    def __init__(self, path: Path, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.usable = True  # until the file fails a read or a write
        self._pending: list[tuple[str, str, str]] = []
        self._pid = os.getpid()
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        """Connect, create the tables, and empty a store made for another model."""
        db = None
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000,
                                 isolation_level=None, check_same_thread=False)
            self._set_up(db)
        except sqlite3.Error as error:
            if db is not None:
                db.close()
            raise FormStoreError(f"tag cache {self.path}: cannot use it: {error}") from None
        return db

    def _set_up(self, db: sqlite3.Connection) -> None:
        db.execute("PRAGMA journal_mode=WAL")
        # No sync to disk at each document's commit: a crash may lose the last few
        # documents' forms, which the next run analyses again, never corrupt the file.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            for statement in SCHEMA:
                db.execute(statement)
            if self._stored_fingerprint(db) != self.fingerprint:
                db.execute("DELETE FROM forms")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('model', ?)",
                           (self.fingerprint,))
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise

    @staticmethod
    def _stored_fingerprint(db: sqlite3.Connection) -> str | None:
        try:
            row = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
        except sqlite3.OperationalError:  # no meta table: not a store yet
            return None
        return None if row is None else str(row[0])

    def _connection(self) -> sqlite3.Connection:
        """This process's connection: a worker forked from the opener connects anew.

        Raises :class:`FormStoreError` if the worker cannot.
        """
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._pending = []
            self._db = self._open()
        return self._db

    def get(self, kind: str, form: str) -> Any | None:
        """The stored value of ``form`` of ``kind``, or None."""
        if not self.usable:
            return None
        try:
            row = self._connection().execute(
                "SELECT value FROM forms WHERE kind = ? AND form = ?", (kind, form)).fetchone()
        except (sqlite3.Error, FormStoreError) as error:
            self._give_up("read", error)
            return None
        return None if row is None else json.loads(row[0])

    def add(self, kind: str, form: str, value: Any) -> None:
        """Queue ``value`` for writing; :meth:`flush` writes it."""
        if self.usable:
            self._pending.append((kind, form, json.dumps(value, separators=(",", ":"))))
            if len(self._pending) >= FLUSH_EVERY:
                self.flush()

    def flush(self) -> None:
        """Write the queued values in one transaction."""
        if not self._pending:
            return
        try:
            db = self._connection()
        except FormStoreError as error:
            self._give_up("write", error)
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR IGNORE INTO forms VALUES (?, ?, ?)", self._pending)
            db.execute("COMMIT")
        except sqlite3.Error as error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            self._give_up("write", error)
        self._pending = []

    def _give_up(self, what: str, error: Exception) -> None:
        """Stop using a file that failed (disk full, locked for a minute, removed).

        It is a cache, not a result: the run goes on without it and says so once.
        """
        self.usable = False
        self._pending = []
        warnings.warn(f"tag cache {self.path}: cannot {what} ({error}); the run goes on "
                      "without it", RuntimeWarning, stacklevel=3)

    def remember(self, kind: str, form: str, compute: Callable[[], Any],
                 decode: Callable[[Any], Any]) -> Any:
        """The value of ``form``: from the file if stored there, else computed and queued."""
        stored = self.get(kind, form)
        if stored is not None:
            return decode(stored)
        value = compute()
        self.add(kind, form, value)
        return value


_STORES: dict[tuple[Path, str], FormStore] = {}


def open_store(path: str | Path, fingerprint: str) -> FormStore:
    """The process's store at ``path`` (opened once per process and path)."""
    where = Path(path).expanduser()
    key = (where.resolve(), fingerprint)
    store = _STORES.get(key)
    if store is None:
        if where.is_dir():
            raise FormStoreError(f"tag cache {where}: is a folder; give a file path")
        if not where.parent.is_dir():
            raise FormStoreError(f"tag cache {where}: folder {where.parent} does not exist")
        store = _STORES[key] = FormStore(where, fingerprint)
    return store


def flush_stores() -> None:
    """Write what every store of this process has queued."""
    for store in _STORES.values():
        store.flush()
