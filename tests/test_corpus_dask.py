"""The Dask engine on a LocalCluster gives the single-process facts, in input order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_corpus_runner import KeywordFacts, make_corpus, run

from depesche.corpus.sources import SourceDocument

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Two single-threaded in-process workers: starts in well under a second."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as local:
        yield local


def test_dask_gives_the_single_process_facts(cluster: object, tmp_path: Path) -> None:
    docs = [*make_corpus(60), SourceDocument("bad", "Hilfe BOOM"), *make_corpus(5)]
    log = tmp_path / "builds.log"
    single, single_summary = run(docs)
    with distributed.Client(cluster) as client:
        on_dask, dask_summary = run(docs, engine="dask", scheduler=client, batch_size=3,
                                    factory=KeywordFacts(build_log=str(log)))
    assert [r.id for r in on_dask.results] == [d.id for d in docs]
    assert on_dask.facts() == single.facts()
    assert dask_summary.line() == single_summary.line() == (
        "66 documents: 65 extracted, 1 failed, 0 skipped")
    builds = log.read_text().split()
    assert len(set(builds)) == len(builds) <= 3  # the check here, then once per worker thread


def test_dask_by_scheduler_address(cluster: object) -> None:
    docs = make_corpus(20)
    single, _ = run(docs)
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    on_dask, _ = run(docs, engine="dask", scheduler=address)
    assert on_dask.facts() == single.facts()


# The fixture's scheduler holds the default HTTP port; the run's own cluster moves on.
@pytest.mark.filterwarnings("ignore:Port 8787 is already in use")
def test_dask_without_an_address_starts_a_local_cluster() -> None:
    docs = make_corpus(12)
    single, _ = run(docs)
    on_dask, summary = run(docs, engine="dask", jobs=1)
    assert on_dask.facts() == single.facts()
    assert summary.extracted == 12
