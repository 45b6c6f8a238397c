"""The tag cache: HanTa's analyses of word forms kept in a SQLite file between runs.

What must hold: a warm store gives the very analyses the searches give (so the same
tags, lemmas and facts) without searching again; a store made for another model is not
used; bad paths are reported with the path; a store that stops taking writes costs
speed, never a document.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app
from depesche.engine.annotators.formstore import (
    FORWARD,
    PATH,
    FormStore,
    FormStoreError,
    open_store,
)
from depesche.engine.annotators.tagger import (
    GermanTagger,
    german_tagger,
    open_tag_cache,
    tag_sentence,
)
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

_register()

SENTENCES = [
    "Der Außenminister traf sich am Montag mit seinem Amtskollegen in Genf.",
    "Die Verhandlungsrunde über die Truppenstationierungen wurde ergebnislos abgebrochen.",
    "Moskau wies die Vorwürfe der Nato-Staaten zurück und drohte mit Gegenmaßnahmen.",
    "Sie hätten die Grenzschutzvereinbarung längst unterzeichnen sollen, sagte Baerbock.",
]
# Forms HanTa did not see in training, so their analyses come from the lattice.
UNSEEN = ["verhandlungsrunde", "truppenstationierungen", "grenzschutzvereinbarung",
          "gegenmaßnahmen", "amtskollegen"]


@pytest.fixture(scope="module")
def fresh_tagger() -> type[GermanTagger]:
    german_tagger()  # the model is loaded once; each test then builds a tagger of its own
    return GermanTagger


def tagged(tagger: GermanTagger) -> list[list[tuple[str, str | None, str | None]]]:
    result = []
    for text in SENTENCES:
        doc = tokenize(read_document("t", text))
        tag_sentence(tagger, doc.tokens)
        result.append([(t.text, t.pos, t.lemma) for t in doc.tokens])
    return result


class RefusingLattice:
    """A lattice that fails any search asked of it."""

    def forward(self, *args: object) -> None:
        raise AssertionError(f"searched the lattice for {args}")

    viterbi = forward


def refuse_to_search(tagger: GermanTagger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tagger, "_lattice", RefusingLattice())


def test_a_warm_store_gives_the_same_analyses_without_searching(
        tmp_path: Path, fresh_tagger: type[GermanTagger],
        monkeypatch: pytest.MonkeyPatch) -> None:
    cold = fresh_tagger()
    cold.store = open_tag_cache(tmp_path / "forms.sqlite")
    expected = tagged(cold)
    cold.store.flush()
    plain = tagged(fresh_tagger())
    assert expected == plain

    warm = fresh_tagger()
    warm.store = cold.store
    refuse_to_search(warm, monkeypatch)
    assert tagged(warm) == expected
    # and the morphemes, which the compound and mood annotators read from the same paths
    assert [warm.morphemes(w, "NN") for w in UNSEEN] == [
        fresh_tagger().morphemes(w, "NN") for w in UNSEEN]


def test_stored_values_are_the_searches_values_exactly(
        tmp_path: Path, fresh_tagger: type[GermanTagger]) -> None:
    tagger = fresh_tagger()
    store = tagger.store = open_tag_cache(tmp_path / "forms.sqlite")
    searched = {w: tagger.analyze_forward(w) for w in UNSEEN}
    paths = {w: tagger.analyze_viterbi(w, -tagger.tag2int["NN"]) for w in UNSEEN}
    store.flush()
    nn = tagger.tag2int["NN"]
    for word in UNSEEN:
        stored = store.get(FORWARD, word)
        assert [tuple(p) for p in stored] == searched[word]
        assert all(float(a) == b for (_, a), (_, b) in zip(searched[word], stored, strict=True))
        assert [tuple(p) for p in store.get(PATH, f"{-nn}:{word}")] == paths[word]


def test_a_store_made_with_another_model_is_emptied(tmp_path: Path) -> None:
    path = tmp_path / "forms.sqlite"
    first = FormStore(path, "model-a")
    first.add(FORWARD, "wort", [[20, -1.5]])
    first.flush()
    assert FormStore(path, "model-a").get(FORWARD, "wort") == [[20, -1.5]]
    assert FormStore(path, "model-b").get(FORWARD, "wort") is None
    assert FormStore(path, "model-a").get(FORWARD, "wort") is None


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b"this is no database at all" * 100), "cannot use it"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: None, "does not exist"),
])
def test_bad_paths_are_reported_with_the_path(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "forms.sqlite"
    make(path)
    where = path if message != "does not exist" else tmp_path / "missing" / "forms.sqlite"
    with pytest.raises(FormStoreError, match=message) as caught:
        open_store(where, "model-a")
    assert str(where) in str(caught.value)


@pytest.mark.parametrize(("use", "failure"), [
    (lambda store: store.flush(), "cannot write"),
    (lambda store: store.get(FORWARD, "wort"), "cannot read"),
])
def test_a_store_that_fails_warns_once_and_the_run_goes_on_without_it(
        tmp_path: Path, use, failure: str) -> None:
    store = FormStore(tmp_path / "forms.sqlite", "model-a")
    store.add(FORWARD, "wort", [[20, -1.5]])
    store._db.close()  # as if the disk were gone
    with pytest.warns(RuntimeWarning, match=failure):
        use(store)
    # no longer used, and no second warning
    store.add(FORWARD, "anderes", [[20, -2.0]])
    assert not store._pending
    assert store.get(FORWARD, "wort") is None
    assert store.remember(FORWARD, "wort", lambda: [(20, -1.5)], list) == [(20, -1.5)]


def test_a_worker_that_cannot_reconnect_goes_on_without_the_store(tmp_path: Path) -> None:
    store = FormStore(tmp_path / "forms.sqlite", "model-a")
    store._pid = -1  # as in a worker forked from the process that opened it
    store.path = tmp_path  # which by then cannot open the file
    with pytest.warns(RuntimeWarning, match="cannot read"):
        assert store.get(FORWARD, "wort") is None
    assert not store.usable


def extract(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for number, text in enumerate(SENTENCES):
        (folder / f"{number}.txt").write_text(f"date 2021-12\n{text}\n", encoding="utf-8")
    return folder


def stored_rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM forms").fetchone()[0])


def test_extract_gives_the_same_facts_with_a_cold_and_a_warm_store_and_workers(
        tmp_path: Path, articles: Path) -> None:
    cache = tmp_path / "forms.sqlite"
    code, plain, _ = extract(str(articles))
    assert code == 0 and plain
    for jobs in ("1", "2", "1"):
        german_tagger.cache_clear()  # as in a new process: nothing analysed in memory
        code, out, err = extract(str(articles), "--tag-cache", str(cache), "--jobs", jobs)
        assert code == 0, err
        assert out == plain
        assert stored_rows(cache) > 0
    assert [json.loads(line)["type"] for line in plain.splitlines()]


def test_the_tag_cache_can_come_from_the_environment(
        tmp_path: Path, articles: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "forms.sqlite"
    monkeypatch.setenv("DEPESCHE_TAG_CACHE", str(cache))
    code, _, err = extract(str(articles))
    assert code == 0, err
    assert cache.exists()


def test_extract_reports_a_bad_tag_cache_before_reading_documents(
        tmp_path: Path, articles: Path) -> None:
    bad = tmp_path / "nowhere" / "forms.sqlite"
    code, out, err = extract(str(articles), "--tag-cache", str(bad))
    assert code == 2
    assert f"tag cache {bad}" in err and "Traceback" not in err
    assert out == ""


def test_a_finished_run_leaves_everything_in_the_file_itself(
        tmp_path: Path, articles: Path) -> None:
    cache = tmp_path / "forms.sqlite"
    subprocess.run([sys.executable, "-m", "depesche", "extract", str(articles),
                    "--tag-cache", str(cache)], check=True, capture_output=True)
    assert not Path(f"{cache}-wal").exists()
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(cache, copy)  # the file alone, as a user would copy it
    assert stored_rows(copy) > 0
