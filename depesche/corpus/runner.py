"""Running extraction over a corpus: in this process, in worker processes, or on Dask.

The unit of work is a batch of :class:`SourceDocument` objects; every engine turns a stream
of batches into a stream of :class:`DocumentResult` lists *in input order*, with a bounded
number of batches in flight, so memory stays flat however large the corpus and the output
is the same whatever the number of workers.

Workers never receive an extractor: they receive an *extractor factory*, a picklable
callable (a top-level function or a frozen dataclass such as :class:`PackExtractor`) that
builds the extraction function once per worker. A document that fails, whatever the
reason, becomes a ``failed`` result with its error; the run goes on.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import importlib.metadata
import itertools
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from depesche.corpus import RunOptionError
from depesche.corpus.sinks import DocumentResult, FactSink, utc_now
from depesche.corpus.sources import SourceDocument
from depesche.engine.document import Document
from depesche.engine.reader import read_document
from depesche.errors import DepescheError

Extract = Callable[[Document], list[dict[str, Any]]]
ExtractorFactory = Callable[[], Extract]
Batch = list[SourceDocument]

BATCH_SIZE = 8
BATCHES_IN_FLIGHT_PER_WORKER = 4
# The cyclic garbage collector's threshold for its youngest generation while documents are
# extracted (Python's default is 700 allocations). A document makes and drops some 10^5
# objects, hardly any in a cycle (the whole corpus leaves some 14,000 in cycles): at 700 the
# collector ran 4,000 times over the 1,028-article corpus, 390 of them over the older
# generations that hold the models and the word caches, and took 1.5 s of the run's 14;
# at 10,000 it runs some 100 times and takes 0.14 s. See :func:`settle_heap`.
YOUNG_GENERATION_THRESHOLD = 10_000


@dataclass(frozen=True, slots=True)
class PackExtractor:
    """The extractor factory for rule packs: builds an ``Extractor`` from ``pack_paths``.

    An empty tuple means the pack shipped with depesche. ``allow_outside`` lets the packs
    include files outside their folders (on every worker, wherever it runs; otherwise the
    worker's environment decides).
    """

    pack_paths: tuple[str, ...] = ()
    allow_outside: bool = False

    def __call__(self) -> Extract:
        # Imported here: a worker imports the engine when it builds its extractor.
        from depesche.rules.cache import compiled_pack

        _, extractor = compiled_pack(list(self.pack_paths),
                                     allow_outside=self.allow_outside or None)
        extractor.load_models()

        def extract(doc: Document) -> list[dict[str, Any]]:
            return [fact.to_json() for fact in extractor.extract(doc)]

        return extract

    def fingerprint(self) -> str:
        """SHA-256 of depesche's version and every file under the pack paths.

        ``--resume`` compares it with the one stored in the output, so that facts of two
        rule versions never end up mixed in one database.
        """
        from depesche.rules.loader import shipped_pack

        digest = hashlib.sha256(importlib.metadata.version("depesche").encode())
        for root in [Path(p) for p in self.pack_paths] or [shipped_pack()]:
            files = sorted(root.rglob("*")) if root.is_dir() else [root]
            for path in (f for f in files if f.is_file()):
                digest.update(f"\x00{path.relative_to(root)}\x00".encode())
                digest.update(path.read_bytes())
        return digest.hexdigest()


@dataclass(slots=True)
class RunSummary:
    """How a corpus run went: documents read, and what became of them.

    ``resumed`` counts documents found finished in the output by ``--resume``; the others
    read are ``extracted``, ``failed`` or ``skipped`` (empty); ``facts`` counts the facts
    written. The caller decides the exit status (``depesche extract`` exits 1 when any
    failed).
    """

    read: int = 0
    extracted: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    facts: int = 0
    degraded: int = 0

    def count(self, result: DocumentResult) -> None:
        if result.status == "done":
            self.extracted += 1
            self.degraded += result.warning is not None
        elif result.status == "failed":
            self.failed += 1
        else:
            self.skipped += 1
        self.facts += len(result.facts)

    @property
    def written(self) -> int:
        """Documents whose result reached the output in this run."""
        return self.extracted + self.failed + self.skipped

    def line(self) -> str:
        """``N documents: X extracted, Y failed, Z skipped`` (and how many were resumed).

        ``X extracted (D degraded)`` when D of them were read with a warning (bytes not
        valid in their encoding); after a stop, the documents read but not written.
        """
        noun = "document" if self.read == 1 else "documents"
        degraded = f" ({self.degraded} degraded)" if self.degraded else ""
        text = (f"{self.read} {noun}: {self.extracted} extracted{degraded}, "
                f"{self.failed} failed, {self.skipped} skipped")
        text += f", {self.resumed} already done" if self.resumed else ""
        unwritten = self.read - self.resumed - self.written
        return text + (f", {unwritten} not written" if unwritten > 0 else "")


class RunStopped(DepescheError):
    """A run that stopped before its end; ``summary`` says what it had written by then.

    ``status`` is the exit status a command line gives it.
    """

    status = 2

    def __init__(self, message: str, summary: RunSummary) -> None:
        super().__init__(message)
        self.summary = summary


class OutputFailed(RunStopped):
    """The output could not be written (disk full, file removed, database locked)."""


class StopSignal(KeyboardInterrupt):
    """A signal that stops a run as Ctrl-C does (``depesche extract`` raises it on SIGTERM)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


class RunInterrupted(RunStopped):
    """Ctrl-C, or a :class:`StopSignal`: ``status`` is 128 and the signal's number."""

    def __init__(self, message: str, summary: RunSummary,
                 number: int = signal.SIGINT) -> None:
        super().__init__(message, summary)
        self.status = 128 + number

    @classmethod
    def of(cls, stop: KeyboardInterrupt, summary: RunSummary) -> RunInterrupted:
        """The stop ``stop`` (Ctrl-C or a StopSignal) made of a run that wrote ``summary``."""
        number = stop.number if isinstance(stop, StopSignal) else signal.SIGINT
        name = "interrupted" if number == signal.SIGINT else (
            f"stopped by {signal.Signals(number).name}")
        return cls(name, summary, number)


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stops_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while a result is written and counted.

    A stop between the commit of a document and its count would leave the summary one
    document short of the output; held, the stop arrives right after. Blocking the
    signals is not enough by itself: one that arrived just before is already pending in
    the interpreter, whose handler runs at its next instruction, inside the block. So
    the handlers only note a stop while the block runs, and the stop is raised again,
    to the handlers of before, when it ends.
    """
    caught: list[int] = []

    def note(number: int, frame: object) -> None:
        caught.append(number)

    handlers = {number: signal.signal(number, note) for number in STOP_SIGNALS}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        for number, handler in handlers.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])


def check_run_options(jobs: int, engine: str, resume: bool = False,
                      resumable: bool = True) -> None:
    """Refuse options no run can do, before anything is opened or read."""
    if jobs < 1:
        raise RunOptionError(f"--jobs {jobs}: must be at least 1")
    if resume and not resumable:
        raise RunOptionError("--resume needs a SQLite output (-o facts.sqlite)")
    if engine not in ("local", "dask"):
        raise RunOptionError(f"--engine {engine}: unknown engine (local or dask)")


def close_sink(sink: FactSink, summary: RunSummary) -> None:
    """Close ``sink`` after a finished run; a failure to write is an :class:`OutputFailed`."""
    try:
        sink.close()
    except (OSError, sqlite3.Error) as error:
        raise OutputFailed(_cannot_write(sink, error), summary) from None


def _cannot_write(sink: FactSink, error: BaseException) -> str:
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{sink.name}: cannot write: {reason}"


DOC_TIMEOUT = 300.0  # seconds; a 16 MiB document at this machine's slowest rate fits
BUDGET_RETRY = 0.1  # seconds between the signals that end a document past its budget


class DocumentTimeout(BaseException):
    """A document ran past its time budget (a BaseException: no rule's ``except Exception``
    may swallow it)."""


Result = TypeVar("Result")


def budgeted(extract: Callable[[Document], Result], seconds: float | None
             ) -> Callable[[Document], Result]:
    """``extract``, stopped with :class:`DocumentTimeout` after ``seconds`` per document
    (also what ``depesche explain`` does with one document).

    The budget is a real-time timer (SIGALRM), so it can only be set in a process's main
    thread: the in-process engine and ``--jobs`` workers have it, Dask's worker threads do
    not. Python code is stopped wherever it is; native code at its next return to Python
    (token regexes run in linear time, so that comes soon).
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        return extract

    def extract_in_time(doc: Document) -> Result:
        armed = True

        def stop(number: int, frame: object) -> None:
            if armed:  # a signal delivered after the document ended is ignored
                raise DocumentTimeout(seconds)

        previous = signal.signal(signal.SIGALRM, stop)
        # and again every BUDGET_RETRY seconds: Python drops an exception raised in a
        # finalizer or a garbage collector callback, so one signal may go unheard
        signal.setitimer(signal.ITIMER_REAL, seconds, BUDGET_RETRY)
        try:
            return extract(doc)
        finally:
            armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return extract_in_time


def settle_heap() -> None:
    """Tune the cyclic garbage collector for extracting documents in this process, once
    the extractor is built and its models loaded.

    Everything alive now (the pack, HanTa's model: some 10^6 objects that live as long as
    the process) is frozen out of every later collection (``gc.freeze``), and the young
    generation is collected every :data:`YOUNG_GENERATION_THRESHOLD` allocations instead of
    700. Worker processes forked after this inherit the frozen heap, and no collection of
    theirs writes to its pages, which they share with the parent.
    """
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, older, oldest)


@contextlib.contextmanager
def collector_restored() -> Iterator[None]:
    """Undo :func:`settle_heap` when the block ends (a run in a longer-lived process)."""
    threshold = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen:  # what the caller froze itself stays frozen
            gc.unfreeze()


def extract_document(extract: Extract, source: SourceDocument) -> DocumentResult:
    """Read and extract one document; any error becomes a ``failed`` result, never a raise."""
    content_hash = source.content_hash
    if source.status != "ok" or source.text is None:
        status = "skipped" if source.status == "skipped" else "failed"
        return DocumentResult(source.id, content_hash, status, error=source.error,
                              warning=source.warning)
    started = utc_now()
    try:
        facts = extract(read_document(source.id, source.text, source.date))
    except DepescheError as error:
        return DocumentResult(source.id, content_hash, "failed", error=error.render(),
                              started_at=started, finished_at=utc_now(),
                              warning=source.warning)
    except DocumentTimeout as stop:
        return DocumentResult(source.id, content_hash, "failed",
                              error=f"time budget exceeded: extraction took more than "
                                    f"{stop.args[0]:g} s (--doc-timeout)",
                              started_at=started, finished_at=utc_now(),
                              warning=source.warning)
    except (Exception, SystemExit) as error:  # a bug in one rule (or an extension's exit)
        # must not end a million-document run
        return DocumentResult(source.id, content_hash, "failed",
                              error=f"internal error: {type(error).__name__}: {error}",
                              started_at=started, finished_at=utc_now(),
                              warning=source.warning)
    return DocumentResult(source.id, content_hash, "done", facts, started_at=started,
                          finished_at=utc_now(), warning=source.warning)


def extract_batch(extract: Extract, batch: Batch) -> list[DocumentResult]:
    """The results of a batch, in its order: the task every engine runs."""
    return [extract_document(extract, source) for source in batch]


def lost_batch(batch: Batch, reason: str) -> list[DocumentResult]:
    """Failed results for a batch whose worker was lost, so the documents are not."""
    return [DocumentResult(s.id, s.content_hash, "failed", error=reason) for s in batch]


def run_in_process(batches: Iterable[Batch], factory: ExtractorFactory,
                   timeout: float | None = None) -> Iterator[list[DocumentResult]]:
    """The single-process engine: one extractor, batches one after the other."""
    extract = budgeted(factory(), timeout)
    settle_heap()
    for batch in batches:
        yield extract_batch(extract, batch)


_worker_extract: Extract | None = None
# The extraction function the parent of ``--jobs`` workers built (with its factory) before
# it forked them: a worker whose factory equals it takes that copy instead of building the
# same again (a pack compiled once, not once per worker; see :func:`run_in_pool`).
_built_before_fork: tuple[ExtractorFactory, Extract] | None = None


PARENT_CHECK_SECONDS = 0.5


def _start_worker(factory: ExtractorFactory, parent: int, timeout: float | None) -> None:
    """Set this worker process up: it follows its parent, then builds its extractor, once.

    Ctrl-C reaches every process of the terminal's group; the parent alone decides what
    it means, so a worker ignores it (and the SIGTERM handler the parent may have). A
    worker whose parent is gone, killed with ``kill -9`` included, would wait forever
    for batches that never come: a thread ends it.
    """
    global _worker_extract  # one extractor per worker process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    threading.Thread(target=_end_with_parent, args=(parent,), daemon=True,
                     name="depesche-parent-watch").start()
    built = _built_before_fork
    extract = built[1] if built is not None and built[0] == factory else factory()
    _worker_extract = budgeted(extract, timeout)
    settle_heap()


def _end_with_parent(parent: int) -> None:
    """Exit this process as soon as ``parent`` is no longer its parent."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # no clean-up: the parent that would take the results is gone


def _extract_batch_in_worker(batch: Batch) -> list[DocumentResult]:
    assert _worker_extract is not None, "worker started without _start_worker"
    return extract_batch(_worker_extract, batch)


class _WorkerPool:
    """A process pool that is replaced when one of its workers dies."""

    def __init__(self, factory: ExtractorFactory, jobs: int, timeout: float | None) -> None:
        self.factory = factory
        self.jobs = jobs
        self.timeout = timeout
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # fork: workers inherit the imported engine, and the extraction function the parent
        # built, if any (each worker has its own copy of it: nothing is shared between
        # processes while they run).
        return ProcessPoolExecutor(self.jobs, multiprocessing.get_context("fork"),
                                   initializer=_start_worker,
                                   initargs=(self.factory, os.getpid(), self.timeout))

    def submit(self, batch: Batch) -> tuple[ProcessPoolExecutor, Future]:
        return self.executor, self.executor.submit(_extract_batch_in_worker, batch)

    def replace(self, broken: ProcessPoolExecutor) -> None:
        if broken is self.executor:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def terminate(self) -> None:
        """Stop now (Ctrl-C, an output that failed): batches in flight are not waited for."""
        # The executor has no public way to stop a running task; its processes are known.
        processes = list(getattr(self.executor, "_processes", {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=5)


def run_in_pool(batches: Iterable[Batch], factory: ExtractorFactory, jobs: int,
                timeout: float | None = None, built: Extract | None = None
                ) -> Iterator[list[DocumentResult]]:
    """The ``--jobs N`` engine: ``jobs`` worker processes, results in input order.

    ``built`` is what ``factory()`` gave in this process, if it was called: the workers,
    forked from it, start from their copies of it instead of calling the factory again.

    At most ``jobs * BATCHES_IN_FLIGHT_PER_WORKER`` batches are submitted and not yet
    written. When a worker dies (a crash in native code, the OOM killer), the pool is
    replaced and the batches it held are redone one document at a time, so only the
    document that kills a worker is lost, recorded as failed.
    """
    global _built_before_fork  # read by the workers forked while it is set
    _built_before_fork = (factory, built) if built is not None else None
    pool = _WorkerPool(factory, jobs, timeout)
    in_flight: deque[tuple[Batch, ProcessPoolExecutor, Future]] = deque()
    try:
        for batch in batches:
            in_flight.append((batch, *pool.submit(batch)))
            while len(in_flight) >= jobs * BATCHES_IN_FLIGHT_PER_WORKER:
                yield _batch_results(pool, *in_flight.popleft())
        while in_flight:
            yield _batch_results(pool, *in_flight.popleft())
    except BaseException:  # a stop (Ctrl-C, the generator closed early, a failed write)
        pool.terminate()
        raise
    finally:
        _built_before_fork = None
    pool.shutdown()


def _batch_results(pool: _WorkerPool, batch: Batch, executor: ProcessPoolExecutor,
                   future: Future) -> list[DocumentResult]:
    try:
        return future.result()
    except BrokenProcessPool:
        pool.replace(executor)
    results = []
    for source in batch:
        executor, single = pool.submit([source])
        try:
            results.extend(single.result())
        except BrokenProcessPool:
            pool.replace(executor)
            results.extend(lost_batch([source], "worker process died on this document"))
    return results


def batched(sources: Iterable[SourceDocument], size: int) -> Iterator[Batch]:
    """Consecutive batches of ``size`` documents (the last may be shorter)."""
    iterator = iter(sources)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def run_corpus(
    sources: Iterable[SourceDocument],
    extractor_factory: ExtractorFactory,
    sink: FactSink,
    jobs: int = 1,
    engine: str = "local",
    scheduler: Any = None,
    resume: bool = False,
    progress: Callable[[DocumentResult], None] | None = None,
    batch_size: int = BATCH_SIZE,
    connect_timeout: float | None = None,
    doc_timeout: float | None = DOC_TIMEOUT,
) -> RunSummary:
    """Extract facts from every document of ``sources`` into ``sink``; never raises per document.

    ``engine`` is ``local`` (``jobs`` worker processes; 1 runs in this process) or ``dask``
    (``scheduler``: a Dask scheduler address, a ``distributed.Client``, or ``None`` for a
    local cluster of ``jobs`` workers; ``connect_timeout`` seconds to reach it, by default
    ``dask_runner.CONNECT_TIMEOUT``). With ``resume`` the sink must be resumable and
    documents it holds as finished, with the same content hash, are not extracted again.
    ``progress`` is called with each result after it is written. The sink is not closed
    (:func:`close_sink` closes it after a finished run). A document whose extraction
    takes longer than ``doc_timeout`` seconds (``None`` or 0: no limit) is recorded as
    failed and the run goes on (:func:`budgeted`; not on Dask).

    A run that cannot write its output raises :class:`OutputFailed`, one stopped by
    Ctrl-C :class:`RunInterrupted`; both carry the summary of what was written.
    """
    check_run_options(jobs, engine, resume, sink.resumable)
    summary = RunSummary()
    try:
        with collector_restored():
            _run(sources, extractor_factory, sink, summary, jobs=jobs, engine=engine,
                 scheduler=scheduler, resume=resume, progress=progress,
                 batch_size=batch_size, connect_timeout=connect_timeout,
                 doc_timeout=doc_timeout)
    except KeyboardInterrupt as stop:
        raise RunInterrupted.of(stop, summary) from None
    return summary


def _run(sources: Iterable[SourceDocument], extractor_factory: ExtractorFactory,
         sink: FactSink, summary: RunSummary, *, jobs: int, engine: str, scheduler: Any,
         resume: bool, progress: Callable[[DocumentResult], None] | None,
         batch_size: int, connect_timeout: float | None, doc_timeout: float | None) -> None:
    """The body of :func:`run_corpus`, counting into ``summary`` as it goes."""

    def to_extract() -> Iterator[SourceDocument]:
        for source in sources:
            summary.read += 1
            if resume and sink.is_done(source.id, source.content_hash):
                summary.resumed += 1
                continue
            yield source

    if engine == "dask":
        from depesche.corpus import dask_runner

        dask_runner.import_distributed()  # a missing extra is said before the pack is built
    built = None
    if engine == "dask" or jobs > 1:
        # Building the extractor here first turns a broken pack into one clear error
        # instead of every document failing; local workers, forked from this process,
        # start from copies of it and of its loaded models (Dask's build their own).
        built = extractor_factory()
        if engine == "local":
            settle_heap()
    batches = batched(to_extract(), batch_size)
    if engine == "dask":
        results = dask_runner.run_on_dask(
            batches, extractor_factory, scheduler, jobs,
            dask_runner.CONNECT_TIMEOUT if connect_timeout is None else connect_timeout)
    elif jobs == 1:
        results = run_in_process(batches, extractor_factory, doc_timeout)
    else:
        results = run_in_pool(batches, extractor_factory, jobs, doc_timeout, built)
    with contextlib.closing(results):  # shuts the workers down on Ctrl-C too
        for batch_results in results:
            for result in batch_results:
                with _stops_held():
                    try:
                        sink.write(result)
                    except (OSError, sqlite3.Error) as error:
                        raise OutputFailed(_cannot_write(sink, error), summary) from None
                    summary.count(result)
                if progress:
                    progress(result)
