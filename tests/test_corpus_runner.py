"""Corpus runs: same facts with any number of workers, failures recorded, killed runs resumed.

The extraction here is a fake (:class:`KeywordFacts`), so these tests pin the runner, not
the rules; the real pipeline is run over the corpus where it is installed.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from depesche.corpus import RunOptionError, runner
from depesche.corpus.runner import (
    YOUNG_GENERATION_THRESHOLD,
    PackExtractor,
    RunSummary,
    run_corpus,
)
from depesche.corpus.sinks import DocumentResult, JsonLinesSink, SqliteSink
from depesche.corpus.sources import FileSource, SourceDocument
from depesche.engine.document import Document

KEYWORDS = {"Gespräch": ("CONSULT", "RUS"), "Sanktionen": ("THREATEN", "USA"),
            "Hilfe": ("AID", "EU")}
KEYWORD = re.compile("|".join(KEYWORDS))


@dataclass(frozen=True)
class KeywordFacts:
    """A fake extractor factory: one fact per keyword; logs each build's process and thread.

    ``BOOM`` in a document makes extraction raise; ``CRASH`` kills the worker process.
    """

    build_log: str | None = None
    delay: float = 0.0

    def __call__(self) -> Any:
        if self.build_log:
            with open(self.build_log, "a", encoding="utf-8") as log:
                log.write(f"{os.getpid()}-{threading.get_ident()}\n")

        def extract(doc: Document) -> list[dict[str, Any]]:
            time.sleep(self.delay)
            if "BOOM" in doc.text:
                raise RuntimeError("rule exploded")
            if "CRASH" in doc.text and os.getpid() != PARENT_PID:
                os._exit(3)
            return [{"doc": doc.id, "type": KEYWORDS[m.group()][0], "span": [m.start(), m.end()],
                     "rule": "fake", "actor": [{"text": m.group(),
                                                "code": KEYWORDS[m.group()][1]}],
                     "date": {"text": None, "value": doc.date and doc.date.isoformat(),
                              "granularity": doc.date_granularity},
                     "modality": {"status": "held", "polarity": "positive",
                                  "hypothetical": False, "evidential": "direct"}}
                    for m in KEYWORD.finditer(doc.text)]

        return extract


PARENT_PID = os.getpid()


def make_corpus(n: int) -> list[SourceDocument]:
    """``n`` documents with 0-2 keywords each, a date header on some."""
    words = list(KEYWORDS)
    docs = []
    for i in range(n):
        header = f"date 2022-0{1 + i % 9}\n" if i % 3 == 0 else ""
        body = " ".join(words[(i + k) % 3] for k in range(i % 3)) or "Nichts."
        docs.append(SourceDocument(f"doc-{i:04d}", f"{header}Text {i}: {body}"))
    return docs


class ListSink:
    """An in-memory sink that keeps every result, to compare runs."""

    resumable = False

    def __init__(self) -> None:
        self.results: list[DocumentResult] = []

    def is_done(self, doc_id: str, content_hash: str) -> bool:
        return False

    def write(self, result: DocumentResult) -> None:
        self.results.append(result)

    def close(self) -> None:
        pass

    def facts(self) -> list[dict[str, Any]]:
        return [fact for result in self.results for fact in result.facts]


def run(docs: list[SourceDocument], jobs: int = 1, **options: Any) -> tuple[ListSink, RunSummary]:
    sink = ListSink()
    summary = run_corpus(docs, options.pop("factory", KeywordFacts()), sink, jobs=jobs,
                         **options)
    return sink, summary


@pytest.mark.parametrize(("jobs", "batch_size"), [(2, 1), (2, 8), (3, 5)])
def test_workers_give_the_same_facts_in_input_order(jobs: int, batch_size: int) -> None:
    docs = make_corpus(120)
    single, single_summary = run(docs)
    parallel, parallel_summary = run(docs, jobs=jobs, batch_size=batch_size)
    assert [r.id for r in parallel.results] == [d.id for d in docs]
    assert parallel.facts() == single.facts()
    assert len(single.facts()) == 120
    assert single_summary.extracted == parallel_summary.extracted == 120


def test_workers_start_from_the_extractor_built_before_they_were_forked(
        tmp_path: Path) -> None:
    # built once, in this process (which checks the pack before starting workers); the
    # workers forked from it take their copies, not a pack compiled again per worker
    log = tmp_path / "builds.log"
    sink, _ = run(make_corpus(80), jobs=2, factory=KeywordFacts(build_log=str(log)),
                  batch_size=2)
    assert log.read_text().split() == [f"{os.getpid()}-{threading.get_ident()}"]
    assert sink.facts() == run(make_corpus(80))[0].facts()
    assert runner._built_before_fork is None  # nothing kept for a later run


def test_a_worker_builds_its_own_extractor_when_none_was_built_before(
        tmp_path: Path) -> None:
    log = tmp_path / "builds.log"
    pages = [make_corpus(40)[k:k + 2] for k in range(0, 40, 2)]
    results = list(runner.run_in_pool(pages, KeywordFacts(build_log=str(log)), 2))
    builds = log.read_text().split()
    assert len(set(builds)) == len(builds) <= 2 and str(os.getpid()) not in \
        {b.split("-")[0] for b in builds}
    assert sum(len(batch) for batch in results) == 40


def test_failures_are_recorded_and_the_run_goes_on() -> None:
    docs = [*make_corpus(5), SourceDocument("bad", "Hilfe BOOM"),
            SourceDocument("unreadable", None, status="failed", error="x: binary file"),
            SourceDocument("empty", None, status="skipped", error="empty document"),
            SourceDocument("bad-date", "date 2022-13\nGespräch"), *make_corpus(3)]
    sink, summary = run(docs, jobs=2)
    by_id = {r.id: r for r in sink.results}
    assert by_id["bad"].status == "failed"
    assert by_id["bad"].error == "internal error: RuntimeError: rule exploded"
    assert by_id["unreadable"].error == "x: binary file"
    assert by_id["empty"].status == "skipped"
    assert by_id["bad-date"].status == "failed"
    assert "bad document date '2022-13'" in (by_id["bad-date"].error or "")
    assert (summary.read, summary.extracted, summary.failed, summary.skipped) == (12, 8, 3, 1)
    assert summary.line() == "12 documents: 8 extracted, 3 failed, 1 skipped"


def test_a_worker_that_dies_loses_only_its_document() -> None:
    docs = [*make_corpus(10), SourceDocument("killer", "Gespräch CRASH"), *make_corpus(10)]
    sink, summary = run(docs, jobs=2, batch_size=4)
    assert [r.id for r in sink.results] == [d.id for d in docs]
    killer = next(r for r in sink.results if r.id == "killer")
    assert killer.status == "failed"
    assert killer.error == "worker process died on this document"
    assert summary.failed == 1
    assert summary.extracted == 20


def test_bad_usage_is_refused() -> None:
    with pytest.raises(RunOptionError, match="--jobs 0: must be at least 1"):
        run(make_corpus(1), jobs=0)
    with pytest.raises(RunOptionError, match="--resume needs a SQLite output"):
        run(make_corpus(1), resume=True)


def test_jsonl_sink_writes_facts_as_schema_objects(tmp_path: Path) -> None:
    path = tmp_path / "facts.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        run_corpus(make_corpus(6), KeywordFacts(), JsonLinesSink(stream))
    facts = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [f["doc"] for f in facts] == ["doc-0001", "doc-0002", "doc-0002", "doc-0004",
                                         "doc-0005", "doc-0005"]
    assert facts[0]["type"] == "THREATEN"


def sqlite_rows(path: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(path) as db:
        documents = db.execute("SELECT id, content_hash, status, error, n_facts FROM documents "
                               "ORDER BY id").fetchall()
        facts = db.execute("SELECT doc, seq, json FROM facts ORDER BY doc, seq").fetchall()
    return documents, facts


def test_sqlite_sink_has_queryable_columns(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    sink = SqliteSink(path)
    docs = [*make_corpus(4), SourceDocument("empty", None, status="skipped",
                                            error="empty document")]
    run_corpus(docs, KeywordFacts(), sink)
    sink.close()
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT doc, type, span_start, span_end, rule, actor_codes, "
                         "date_value, status, polarity, hypothetical, evidential "
                         "FROM facts WHERE type = 'AID'").fetchone()
        statuses = dict(db.execute("SELECT id, status FROM documents").fetchall())
    assert row == ("doc-0002", "AID", 8, 13, "fake", "EU", None, "held", "positive", 0,
                   "direct")
    assert statuses == {"doc-0000": "done", "doc-0001": "done", "doc-0002": "done",
                        "doc-0003": "done", "empty": "skipped"}


def test_sqlite_resume_skips_finished_and_redoes_changed(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    docs = make_corpus(10)
    sink = SqliteSink(path)
    run_corpus(docs[:6], KeywordFacts(), sink)
    sink.close()
    changed = [*docs[:2], SourceDocument(docs[2].id, "Jetzt Hilfe und Hilfe"), *docs[3:]]
    sink = SqliteSink(path, resume=True)
    summary = run_corpus(changed, KeywordFacts(), sink, resume=True)
    sink.close()
    assert (summary.read, summary.resumed, summary.extracted) == (10, 5, 5)
    assert summary.line().endswith(", 5 already done")
    documents, facts = sqlite_rows(path)
    assert [d[0] for d in documents] == [d.id for d in docs]
    assert [f[0] for f in facts].count("doc-0002") == 2


def test_sqlite_without_resume_starts_afresh(tmp_path: Path) -> None:
    path = tmp_path / "facts.sqlite"
    for docs in (make_corpus(8), make_corpus(3)):
        sink = SqliteSink(path)
        run_corpus(docs, KeywordFacts(), sink)
        sink.close()
    assert len(sqlite_rows(path)[0]) == 3


RUN_SCRIPT = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {tests!r})
    from test_corpus_runner import KeywordFacts
    from depesche.corpus.runner import run_corpus
    from depesche.corpus.sinks import SqliteSink
    from depesche.corpus.sources import FileSource

    resume = sys.argv[1] == "resume"
    sink = SqliteSink({db!r}, resume=resume)
    summary = run_corpus(FileSource([{corpus!r}]), KeywordFacts(delay={delay}), sink,
                         jobs=2, resume=resume, batch_size=2)
    print(json.dumps([summary.read, summary.resumed, summary.extracted]))
""")


def write_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for doc in make_corpus(n):
        (folder / f"{doc.id}.txt").write_text(doc.text or "", encoding="utf-8")


def run_script(tmp_path: Path, corpus: Path, db: Path, delay: float) -> Path:
    script = tmp_path / f"run-{db.stem}.py"
    script.write_text(RUN_SCRIPT.format(tests=str(Path(__file__).parent), db=str(db),
                                        corpus=str(corpus), delay=delay), encoding="utf-8")
    return script


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_a_killed_run_resumes_to_the_uninterrupted_result(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 150)
    reference = tmp_path / "reference.sqlite"
    sink = SqliteSink(reference)
    run_corpus(FileSource([str(corpus)]), KeywordFacts(), sink)
    sink.close()

    killed = tmp_path / "killed.sqlite"
    script = run_script(tmp_path, corpus, killed, delay=0.02)
    process = subprocess.Popen([sys.executable, str(script), "fresh"], start_new_session=True,
                               stdout=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while count_documents(killed) < 30 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the run's own process group: it and its workers
    process.wait()
    written = count_documents(killed)
    assert 30 <= written < 150, "the run was not killed in the middle"

    resumed = subprocess.run([sys.executable, str(script), "resume"], capture_output=True,
                             text=True, timeout=60, check=True)
    read, already_done, extracted = json.loads(resumed.stdout)
    assert (read, already_done + extracted) == (150, 150)
    assert already_done >= written
    assert sqlite_rows(killed) == sqlite_rows(reference)


def test_the_shipped_pack_gives_the_same_facts_with_workers() -> None:
    dev = Path(__file__).resolve().parents[1] / "eval" / "dev"
    docs = list(FileSource([str(dev)]))
    single, parallel = ListSink(), ListSink()
    run_corpus(docs, PackExtractor(), single)
    run_corpus(docs, PackExtractor(), parallel, jobs=2, batch_size=1)
    assert parallel.facts() == single.facts()
    assert [r.status for r in single.results] == ["done"] * len(docs)


@dataclass(frozen=True)
class CollectorReport:
    """A fake extractor factory whose one fact per document says how the cyclic garbage
    collector is set where the document is extracted."""

    def __call__(self) -> Any:
        def extract(doc: Document) -> list[dict[str, Any]]:
            return [{"young": gc.get_threshold()[0], "frozen": gc.get_freeze_count() > 0}]

        return extract


@pytest.mark.parametrize("jobs", [1, 2])
def test_documents_are_extracted_with_the_heap_settled_and_the_collector_is_restored(
        jobs: int) -> None:
    before = gc.get_threshold(), gc.get_freeze_count()
    sink, _ = run(make_corpus(6), jobs=jobs, factory=CollectorReport(), batch_size=2)
    assert sink.facts() == [{"young": YOUNG_GENERATION_THRESHOLD, "frozen": True}] * 6
    assert (gc.get_threshold(), gc.get_freeze_count()) == before


def test_the_pack_extractor_loads_the_tagger_before_the_first_document() -> None:
    # in a process of its own: this one may have loaded the tagger already
    code = ("from depesche.corpus.runner import PackExtractor\n"
            "from depesche.engine.annotators.tagger import german_tagger\n"
            "PackExtractor()()\n"
            "print(german_tagger.cache_info().currsize)\n")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env={**os.environ, "DEPESCHE_CACHE": "off"})
    assert loaded.stdout.split() == ["1"]
