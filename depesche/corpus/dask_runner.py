"""The ``--engine dask`` engine: batches of documents extracted on a Dask cluster.

The client reads the sources and submits batches to the cluster; results stream back as
they complete (``as_completed``) and are put back into input order before they reach the
sink. At most ``BATCHES_IN_FLIGHT_PER_WORKER`` batches per worker are submitted or waiting
to be written, so a slow batch never lets the client's memory grow.

Each worker thread builds its extractor once, from the factory, on its first batch, and
keeps it (keyed by the factory, which must be hashable, as :class:`PackExtractor` is).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Any

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


def run_on_dask(batches: Iterable[Batch], factory: ExtractorFactory, scheduler: Any,
                jobs: int = 2) -> Iterator[list[DocumentResult]]:
    """Extract ``batches`` on the cluster at ``scheduler``, yielding results in input order.

    ``scheduler`` is an address (``tcp://host:8786``), a ``distributed.Client`` to use as
    it is, or ``None`` to start a ``LocalCluster`` of ``jobs`` single-threaded worker
    processes for this run.
    """
    from dask.distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
        with cluster, Client(cluster) as client:
            yield from _stream(client, batches, factory)
    elif isinstance(scheduler, Client):
        yield from _stream(scheduler, batches, factory)
    else:
        with Client(scheduler) as client:
            yield from _stream(client, batches, factory)


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
