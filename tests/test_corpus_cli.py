"""``depesche extract`` over corpora: formats, workers, failures, exit status, kill and resume.

The rule pack here is a one-rule pack written by the test, so these tests pin the corpus
machinery through the real pipeline without depending on how the shipped pack evolves.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app
from depesche.corpus.runner import PackExtractor, run_corpus
from depesche.corpus.sinks import SqliteSink
from depesche.corpus.sources import SourceOptions, TableOptions, open_sources

from conftest import CONSULT_PACK

_register()  # the commands, as the console script has them

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GNAD = SHARED / "corpus" / "10kgnad-test.csv"
GNAD_OPTIONS = ["--csv-delimiter", ";", "--csv-quote", "'", "--csv-no-header",
                "--text-column", "1"]



@pytest.fixture
def pack(tmp_path: Path) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(CONSULT_PACK, encoding="utf-8")
    return str(path)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                    SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write_news(folder: Path) -> Path:
    """A CSV corpus with a header, ids and dates; one row's text is empty."""
    path = folder / "news.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "date", "text"])
        for i in range(30):
            text = f"Merkel führte ein Gespräch mit Macron. Zeile {i}." if i % 2 else f"Nichts {i}."
            writer.writerow([f"n{i}", "2021-12-0" + str(1 + i % 9), text])
        writer.writerow(["leer", "", ""])
    return path


def test_csv_corpus_to_jsonl_same_with_workers(tmp_path: Path, pack: str) -> None:
    news = str(write_news(tmp_path))
    options = ["--rules", pack, "--id-column", "id", "--date-column", "date"]
    status, single, stderr = invoke(news, *options)
    assert status == 0
    assert stderr.strip().splitlines()[-1] == "31 documents: 30 extracted, 0 failed, 1 skipped"
    facts = [json.loads(line) for line in single.splitlines()]
    assert [f["doc"] for f in facts] == [f"n{i}" for i in range(1, 30, 2)]
    assert facts[0]["actor"][0]["text"] == "Merkel"
    status, parallel, _ = invoke(news, *options, "--jobs", "2")
    assert (status, parallel) == (0, single)


@pytest.mark.parametrize(("suffix", "check"), [
    (".csv", lambda p: next(csv.DictReader(p.open(encoding="utf-8")))["actor_text"] == "Merkel"),
    (".json", lambda p: json.loads(p.read_text(encoding="utf-8"))[0]["type"] == "CONSULT"),
    (".sqlite", lambda p: sqlite3.connect(p).execute(
        "SELECT count(*) FROM facts WHERE type = 'CONSULT'").fetchone()[0] == 15),
])
def test_output_format_follows_the_suffix(tmp_path: Path, pack: str, suffix: str,
                                          check: object) -> None:
    out = tmp_path / f"facts{suffix}"
    status, _, _ = invoke(str(write_news(tmp_path)), "--rules", pack, "-o", str(out))
    assert status == 0
    assert check(out)  # type: ignore[operator]


def test_failed_documents_are_listed_and_exit_1(tmp_path: Path, pack: str) -> None:
    (tmp_path / "good.txt").write_text("Merkel hatte ein Gespräch.", encoding="utf-8")
    (tmp_path / "bin.txt").write_bytes(b"ab\x00cd")
    (tmp_path / "bad-date.txt").write_text("date 2022-13\nText.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    status, stdout, stderr = invoke(str(tmp_path), "--rules", pack)
    assert status == 1
    lines = stderr.strip().splitlines()
    assert lines[-1] == "4 documents: 1 extracted, 2 failed, 1 skipped"
    assert "bad document date '2022-13': month must be in 1..12" in stderr
    assert f"{tmp_path / 'bin.txt'}:1:3: binary file" in stderr
    assert f"{tmp_path / 'empty.txt'}: empty document (skipped)" in lines
    assert json.loads(stdout)["doc"] == str(tmp_path / "good.txt")


def _not_utf8_file_name(folder: Path) -> tuple[str, str]:
    name = folder / "news"
    name.mkdir()
    (name / os.fsdecode(b"doc-\xff.txt")).write_bytes("Merkel hatte ein Gespräch.".encode())
    return str(name), f"{name}/doc-\\xff.txt"


def _surrogates_in_json(folder: Path) -> tuple[str, str]:
    path = folder / "halves.jsonl"
    path.write_text('{"id": "a\\udfff", "text": "Merkel\\ud800 hatte ein Gespräch."}\n',
                    encoding="utf-8")
    return str(path), "a\\udfff"


@pytest.mark.parametrize("suffix", [".sqlite", ".csv", ".jsonl", None])
@pytest.mark.parametrize("make", [_not_utf8_file_name, _surrogates_in_json],
                         ids=["file name not UTF-8", "JSON surrogates"])
def test_lone_surrogates_reach_no_output(tmp_path: Path, pack: str, suffix: str | None,
                                         make: Callable[[Path], tuple[str, str]]) -> None:
    """A file name that is not UTF-8 (read by Python with one lone surrogate a bad byte)
    or a JSON "\\ud800" ended the run with a UnicodeEncodeError traceback in the sink:
    UTF-8 cannot write half a character. The id keeps an escape, the text U+FFFD."""
    source, doc_id = make(tmp_path)
    out = ["-o", str(tmp_path / f"facts{suffix}")] if suffix else []
    status, stdout, stderr = invoke(source, "--rules", pack, "--id-column", "id", *out)
    degraded = " (1 degraded)" if source.endswith(".jsonl") else ""
    assert (status, stderr.splitlines()[-1]) == (
        0, f"1 document: 1 extracted{degraded}, 0 failed, 0 skipped"), stderr
    if suffix == ".sqlite":
        with sqlite3.connect(tmp_path / "facts.sqlite") as connection:
            assert connection.execute("SELECT doc FROM facts").fetchall() == [(doc_id,)]
    elif suffix is None:
        assert json.loads(stdout)["doc"] == doc_id


@pytest.mark.parametrize(("args", "message"), [
    (["--jobs", "0"], "--jobs 0: must be at least 1"),
    (["--resume"], "--resume needs a SQLite output (-o facts.sqlite)"),
    (["-o", "facts.xyz"], "-o facts.xyz: cannot tell the output format from .xyz suffix"),
    (["--format", "yaml"], "--format yaml: unknown format"),
    (["--engine", "spark"], "--engine spark: unknown engine (local or dask)"),
    (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    (["--input-format", "xml"], "unknown input format 'xml'"),
    (["--csv-delimiter", ";;"], "the CSV delimiter and quote must be one character each"),
], ids=lambda value: value if isinstance(value, str) else " ".join(value))
def test_bad_usage_exits_2_with_a_message(tmp_path: Path, pack: str, args: list[str],
                                          message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, stderr = invoke(str(write_news(tmp_path)), "--rules", pack, *args)
    assert status == 2
    assert stderr.startswith(message)
    assert "Traceback" not in stderr


def gnad_sample(folder: Path, rows: int) -> Path:
    """The first ``rows`` articles of the shared corpus, in its own format."""
    if not GNAD.exists():
        pytest.skip("shared corpus not available")
    sample = folder / "sample.csv"
    with GNAD.open(encoding="utf-8", newline="") as handle:
        head = list(itertools.islice(csv.reader(handle, delimiter=";", quotechar="'"), rows))
    with sample.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";", quotechar="'").writerows(head)
    return sample


def test_the_shared_corpus_reads_with_documented_options(tmp_path: Path, pack: str) -> None:
    sample = gnad_sample(tmp_path, 40)
    status, stdout, stderr = invoke(str(sample), "--rules", pack, *GNAD_OPTIONS)
    assert (status, stderr.strip()) == (0, "40 documents: 40 extracted, 0 failed, 0 skipped")
    assert all(json.loads(line)["doc"].startswith(f"{sample}:") for line in stdout.splitlines())


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def table(db: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db) as connection:
        return connection.execute(query).fetchall()


def test_killed_cli_run_resumes_to_the_uninterrupted_result(tmp_path: Path, pack: str) -> None:
    sample = gnad_sample(tmp_path, 400)
    command = [sys.executable, "-m", "depesche", "extract", str(sample), "--rules", pack,
               *GNAD_OPTIONS]
    reference, killed = tmp_path / "reference.sqlite", tmp_path / "killed.sqlite"
    sink = SqliteSink(reference)  # the uninterrupted run, in this process
    run_corpus(open_sources([str(sample)], SourceOptions(
        table=TableOptions(text_column=1), csv_delimiter=";", csv_quote="'",
        csv_header=False)), PackExtractor((pack,)), sink)
    sink.close()

    process = subprocess.Popen([*command, "--jobs", "2", "-o", str(killed)],
                               start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while count_documents(killed) < 80 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)  # the run's own process group: it and its workers
    process.wait()
    written = count_documents(killed)
    assert 80 <= written < 400, "the run was not killed in the middle"

    resumed = subprocess.run([*command, "--jobs", "2", "--resume", "-o", str(killed)],
                             capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stderr.strip().endswith(
        f"400 documents: {400 - written} extracted, 0 failed, 0 skipped, "
        f"{written} already done")
    documents = "SELECT id, content_hash, status, n_facts FROM documents ORDER BY id"
    facts = "SELECT doc, seq, json FROM facts ORDER BY doc, seq"
    assert table(killed, documents) == table(reference, documents)
    assert table(killed, facts) == table(reference, facts)


DOC = Path(__file__).resolve().parents[1] / "docs" / "corpus.md"


def doc_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_docs_use_only_options_extract_has() -> None:
    help_text = CliRunner().invoke(app, ["extract", "--help"], terminal_width=200).stdout
    commands = " ".join(block.replace("\\\n", " ") for block in doc_blocks("console"))
    used = set(re.findall(r"(?<=\s)--[a-z][a-z-]+", commands)) - {"--port", "--nworkers",
                                                                  "--nthreads"}
    assert used, "no depesche options found in docs/corpus.md"
    assert {option for option in used if option not in help_text} == set()


def test_every_test_the_docs_name_exists() -> None:
    """The guarantees and limits name their tests: ``file.py::test_x``, or ``test_x`` of the
    file the table row or list item named last (``test_corpus_faults.py`` before any)."""
    tests = DOC.parent.parent / "tests"
    missing = []
    current = "test_corpus_faults.py"
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith(("|", "- ")):
            current = "test_corpus_faults.py"
        for file, name in re.findall(r"`(?:(test_\w+\.py)::)?(test_\w+)`", line):
            current = file or current
            if f"def {name}(" not in (tests / current).read_text(encoding="utf-8"):
                missing.append(f"{current}::{name}")
    assert missing == []


def test_docs_python_example_runs(tmp_path: Path, pack: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news.jsonl").write_text(
        json.dumps({"url": "u1", "body": "Merkel hatte ein Gespräch."}) + "\n", encoding="utf-8")
    (example,) = doc_blocks("python")
    exec(example.replace("PackExtractor()", f"PackExtractor(({pack!r},))"), {})
    assert table(tmp_path / "facts.sqlite", "SELECT doc, type FROM facts") == [("u1", "CONSULT")]


def test_resume_with_a_changed_pack_is_refused(tmp_path: Path, pack: str) -> None:
    news, out = str(write_news(tmp_path)), str(tmp_path / "facts.sqlite")
    assert invoke(news, "--rules", pack, "-o", out)[0] == 0
    assert invoke(news, "--rules", pack, "-o", out, "--resume")[0] == 0
    Path(pack).write_text(CONSULT_PACK.replace("Gespräch", "Treffen"), encoding="utf-8")
    status, _, stderr = invoke(news, "--rules", pack, "-o", out, "--resume")
    assert (status, stderr.splitlines()[0]) == (
        2, f"--resume: {out} holds facts of another rule pack or depesche version; "
           "run without --resume to start afresh")
