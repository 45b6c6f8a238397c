"""The ``--engine dask`` engine: batches of documents extracted on a Dask cluster.

The client reads the sources and submits batches to the cluster; results stream back as
they complete (``as_completed``) and are put back into input order before they reach the
sink. At most ``BATCHES_IN_FLIGHT_PER_WORKER`` batches per worker are submitted or waiting
to be written, so a slow batch never lets the client's memory grow.

Each worker thread builds its extractor once, from the factory, on its first batch, and
keeps it (keyed by the factory, which must be hashable, as :class:`PackExtractor` is).

Connecting happens when :func:`run_on_dask` is called, before any document is read: a
missing ``dask`` extra or a scheduler that does not answer within ``connect_timeout``
seconds is one :class:`RunOptionError` (exit status 2), never a traceback.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from depesche.corpus import RunOptionError
from depesche.corpus.runner import (
    BATCHES_IN_FLIGHT_PER_WORKER,
    Batch,
    Extract,
    ExtractorFactory,
    extract_batch,
    lost_batch,
)
from depesche.corpus.sinks import DocumentResult

_extractors = threading.local()


def _extractor_for(factory: ExtractorFactory) -> Extract:
    """This worker thread's extractor for ``factory``, built on first use."""
    cache: dict[ExtractorFactory, Extract] = _extractors.__dict__.setdefault("cache", {})
    if factory not in cache:
        cache[factory] = factory()
    return cache[factory]


def extract_batch_on_worker(factory: ExtractorFactory, batch: Batch) -> list[DocumentResult]:
    """The Dask task: extract one batch with this worker's extractor."""
    return extract_batch(_extractor_for(factory), batch)


CONNECT_TIMEOUT = 10.0  # seconds to wait for a scheduler (Dask's own default is 30)


def import_distributed() -> ModuleType:
    """``dask.distributed``, or a RunOptionError that says how to install it."""
    try:
        import dask.distributed
    except ImportError as error:
        raise RunOptionError(f"--engine dask needs Dask, which is not installed ({error})",
                             hint="pip install 'depesche[dask]'") from None
    return dask.distributed


class DaskRun:
    """A connected run: iterate for the results; ``close`` ends the stream and the client."""

    def __init__(self, stack: contextlib.ExitStack, results: Iterator[list[DocumentResult]]
                 ) -> None:
        self._stack = stack
        self._results = results

    def __iter__(self) -> Iterator[list[DocumentResult]]:
        return self._results

    def close(self) -> None:
        try:
            self._results.close()  # type: ignore[attr-defined]  # a generator
        finally:
            self._stack.close()


def run_on_dask(batches: Iterable[Batch], factory: ExtractorFactory, scheduler: Any,
                jobs: int = 2, connect_timeout: float = CONNECT_TIMEOUT) -> DaskRun:
    """Connect to the cluster at ``scheduler`` now; the run yields results in input order.

    ``scheduler`` is an address (``tcp://host:8786``), a ``distributed.Client`` to use as
    it is, or ``None`` to start a ``LocalCluster`` of ``jobs`` single-threaded worker
    processes for this run. Raises :class:`RunOptionError` when Dask is not installed or
    the scheduler does not answer within ``connect_timeout`` seconds.
    """
    distributed = import_distributed()
    stack = contextlib.ExitStack()
    try:
        if scheduler is None:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, dashboard_address=None))
            client = stack.enter_context(distributed.Client(cluster))
        elif isinstance(scheduler, distributed.Client):
            client = scheduler
        else:
            client = stack.enter_context(_connect(distributed, scheduler, connect_timeout))
    except BaseException:
        stack.close()
        raise
    return DaskRun(stack, _stream(client, batches, factory))


def _connect(distributed: ModuleType, address: str, timeout: float) -> Any:
    """A client of the scheduler at ``address``; a failure is one located RunOptionError."""
    try:
        return distributed.Client(address, timeout=timeout)
    except ValueError as error:
        raise RunOptionError(f"--scheduler {address}: not a Dask scheduler address ({error})",
                             hint="e.g. tcp://HOST:8786") from None
    except OSError as error:
        raise RunOptionError(
            f"--scheduler {address}: no Dask scheduler answered within {timeout:g} s "
            f"({error or type(error).__name__})",
            hint="is `dask scheduler` running there? --connect-timeout SECONDS sets the wait"
        ) from None


def _stream(client: Any, batches: Iterable[Batch], factory: ExtractorFactory,
            ) -> Iterator[list[DocumentResult]]:
    from dask.distributed import as_completed

    workers = max(len(client.scheduler_info(n_workers=-1).get("workers", {})), 1)
    window = workers * BATCHES_IN_FLIGHT_PER_WORKER
    pending = iter(batches)
    submitted: dict[Any, tuple[int, Batch]] = {}
    finished: dict[int, list[DocumentResult]] = {}
    completed = as_completed()
    next_index = next_to_write = 0

    def submit_more() -> None:
        nonlocal next_index
        while next_index - next_to_write < window:
            batch = next(pending, None)
            if batch is None:
                return
            future = client.submit(extract_batch_on_worker, factory, batch, pure=False)
            submitted[future] = (next_index, batch)
            completed.add(future)
            next_index += 1

    submit_more()
    while submitted:
        future = next(completed)
        index, batch = submitted.pop(future)
        try:
            finished[index] = future.result()
        except Exception as error:  # a lost worker (KilledWorker) after Dask's own retries
            finished[index] = lost_batch(batch, f"Dask task failed: {type(error).__name__}: "
                                                f"{error}")
        future.release()
        while next_to_write in finished:
            yield finished.pop(next_to_write)
            next_to_write += 1
        submit_more()
