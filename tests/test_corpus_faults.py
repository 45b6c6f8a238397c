"""What a corpus run leaves behind when it stops early, meets a second writer or bad bytes.

Each test is named after what used to go wrong (issue "Nothing lost, nothing hangs"):
an output emptied by a run that stopped at start-up, documents lost to a second run on
the same database, text silently changed by a decoding fallback, rows swallowed by an
unterminated CSV quote. Where it takes a real process (a concurrent run, a kill, a
signal) the test runs ``python -m depesche`` as a subprocess.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import resource
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
from depesche.corpus import RunOptionError, sources
from depesche.corpus.sinks import DocumentResult, OutputLock, SqliteSink, open_sink
from depesche.corpus.sources import (
    CsvSource,
    JsonLinesSource,
    SourceOptions,
    TableOptions,
    open_sources,
    read_bytes_document,
)

from conftest import CONSULT_PACK

_register()

ARTICLE = "Merkel führte ein Gespräch mit Macron über die Lage in der Ukraine."


@pytest.fixture
def pack(tmp_path: Path) -> str:
    path = tmp_path / "pack.yaml"
    path.write_text(CONSULT_PACK, encoding="utf-8")
    return str(path)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["extract", *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_corpus(folder: Path, n: int, text: str = ARTICLE) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"doc-{i:04d}.txt").write_text(f"{text} Nummer {i}.", encoding="utf-8")
    return folder


STARTUP_FAILURES = {
    "broken pack": (["--rules", "BROKEN"], "YAML"),
    "--jobs 0": (["--jobs", "0"], "--jobs 0: must be at least 1"),
    "unknown engine": (["--engine", "spark"], "--engine spark"),
    "missing pack": (["--rules", "no-such-pack.yaml"], "no-such-pack.yaml"),
    "unreachable scheduler": (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
                               "--connect-timeout", "0.2"], "--scheduler tcp://127.0.0.1:9"),
}


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".sqlite", ".txt"])
@pytest.mark.parametrize("failure", list(STARTUP_FAILURES))
def test_a_run_that_fails_at_start_up_leaves_the_previous_output_whole(
        tmp_path: Path, pack: str, suffix: str, failure: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    if failure == "unreachable scheduler":
        pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "BROKEN").write_text("rules: [\n", encoding="utf-8")
    corpus = str(write_corpus(tmp_path / "corpus", 5))
    out = tmp_path / f"facts{suffix}"
    table = ["--format", "table"] if suffix == ".txt" else []
    status, _, stderr = invoke(corpus, "--rules", pack, "-o", str(out), *table)
    assert status == 0, stderr
    before = digest(out)
    assert out.stat().st_size > 0

    args, message = STARTUP_FAILURES[failure]
    if "--rules" not in args:
        args = [*args, "--rules", pack]
    status, _, stderr = invoke(corpus, *args, "-o", str(out), *table)
    assert status == 2
    assert message in stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["BROKEN", "corpus", "pack.yaml", out.name])  # no lock or temporary file left


class Boom(RuntimeError):
    pass


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".sqlite"])
def test_an_aborted_sink_leaves_the_previous_file(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"facts{suffix}"
    fact = {"doc": "a", "type": "CONSULT", "span": [0, 1], "rule": "r"}
    with open_sink(str(out)) as sink:
        sink.write(DocumentResult("a", "h", "done", [fact]))
    before = digest(out)
    with pytest.raises(Boom), open_sink(str(out)) as sink:
        if suffix != ".sqlite":  # a SQLite output changes with its first commit
            sink.write(DocumentResult("b", "h", "done", [fact, fact]))
        raise Boom
    assert digest(out) == before
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


def test_a_killed_run_leaves_the_previous_jsonl_whole(tmp_path: Path, pack: str) -> None:
    corpus = str(write_corpus(tmp_path / "corpus", 3000))
    out = tmp_path / "facts.jsonl"
    out.write_text('{"previous": "run"}\n', encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "depesche", "extract", corpus, "--rules", pack, "-o", str(out)],
        start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            p.stat().st_size for p in tmp_path.glob(".facts.jsonl.*.tmp")):
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    (partial,) = tmp_path.glob(".facts.jsonl.*.tmp")  # killed in the middle of writing
    assert partial.stat().st_size > 0
    assert out.read_text(encoding="utf-8") == '{"previous": "run"}\n'


SLOW_RUN = """
import sys, time
from depesche.corpus.runner import close_sink, run_corpus
from depesche.corpus.sinks import open_sink
from depesche.corpus.sources import FileSource


def slow_facts():
    def extract(doc):
        time.sleep(0.02)
        return [{"doc": doc.id, "type": "CONSULT", "span": [0, 1], "rule": "slow"}]
    return extract


sink = open_sink(sys.argv[2])
print("started", flush=True)
close_sink(sink, run_corpus(FileSource([sys.argv[1]]), slow_facts, sink,
                            jobs=int(sys.argv[3])))
"""


def start_slow_run(tmp_path: Path, corpus: Path, out: Path, jobs: int = 1,
                   ) -> subprocess.Popen[str]:
    """A library run at 50 documents a second, started once it holds its output."""
    script = tmp_path / "slow_run.py"
    script.write_text(SLOW_RUN, encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(script), str(corpus), str(out), str(jobs)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    assert process.stdout is not None and process.stdout.readline() == "started\n"
    return process


def test_a_second_writer_of_one_database_is_refused(tmp_path: Path, pack: str) -> None:
    """Two runs on one SQLite file used to both exit 0 with 288 of the first's 400 left."""
    corpus = write_corpus(tmp_path / "corpus", 400)
    db = tmp_path / "facts.sqlite"
    first = start_slow_run(tmp_path, corpus, db)  # 8 s, the time of two refused starts
    for resume in ([], ["--resume"]):
        second = subprocess.run(
            [sys.executable, "-m", "depesche", "extract", str(corpus), "--rules", pack,
             "-o", str(db), *resume], capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert second.stderr.startswith(f"-o {db}: another depesche run (process "
                                        f"{first.pid}) is writing this file")
    assert first.wait(timeout=120) == 0, first.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*), sum(n_facts) FROM documents"
                                  ).fetchone() == (400, 400)
    assert not (tmp_path / "facts.sqlite.lock").exists()


def test_the_lock_is_released_by_a_killed_run(tmp_path: Path) -> None:
    db = tmp_path / "facts.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from depesche.corpus.sinks import "
         f"OutputLock; OutputLock({str(db)!r}); print('locked', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    with pytest.raises(RunOptionError, match=f"another depesche run \\(process {holder.pid}"):
        SqliteSink(db)
    holder.kill()
    holder.wait()
    SqliteSink(db).close()  # the system released the lock with the process


def test_one_process_cannot_open_one_output_twice(tmp_path: Path) -> None:
    lock = OutputLock(str(tmp_path / "facts.jsonl"))
    with pytest.raises(RunOptionError, match="this process"):
        open_sink(str(tmp_path / "facts.jsonl"))
    lock.release()
    open_sink(str(tmp_path / "facts.jsonl")).close()


def test_an_output_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "facts.jsonl"
    out.write_text("", encoding="utf-8")
    out.chmod(0o640)
    open_sink(str(out)).close()
    assert out.stat().st_mode & 0o777 == 0o640


# UTF-8 with three stray Windows-1252 bytes (an en dash, an ellipsis, a quote mark).
STRAY = ("Außenminister Baerbock führte ein Gespräch mit Blinken in Genf. ".encode()
         + b"\x96 Danach \x85 sagte er \x93Nein. "
         + "Die Gespräche über Grenzen und Zölle gehen weiter.".encode())


# (what the file holds, the text depesche reads, the warning's start or None)
DECODING_CASES = [
    ("utf-8", ARTICLE.encode(), ARTICLE, None),
    ("utf-8 with stray bytes", STRAY,
     STRAY.decode("utf-8", "replace").replace("\ufffd", "\x00", 1).replace(
         "\x00", "–", 1).replace("\ufffd", "…", 1).replace("\ufffd", "“", 1),
     "doc.txt:1:65: warning: not valid UTF-8: byte 0x96 (3 bytes in all); read as "
     "Windows-1252 (the rest is UTF-8)"),
    ("windows-1252", "Gespräch über Zölle – „Nein“".encode("cp1252"),
     "Gespräch über Zölle – „Nein“",
     "doc.txt:1:6: warning: not valid UTF-8: byte 0xe4 (6 bytes in all); read the "
     "document as Windows-1252"),
    ("windows-1252 with a UTF-8 look-alike", "Gruß“ und Grüße".encode("cp1252"),
     "Gruß“ und Grüße", "doc.txt:1:12: warning: not valid UTF-8: byte 0xfc (2 bytes in all); "
     "read the document as Windows-1252"),
]


@pytest.mark.parametrize(("name", "raw", "text", "warning"), DECODING_CASES,
                         ids=[case[0] for case in DECODING_CASES])
def test_bytes_that_are_not_utf8_are_read_with_a_located_warning(
        name: str, raw: bytes, text: str, warning: str | None) -> None:
    doc = read_bytes_document("doc.txt", raw)
    assert doc.text == text
    if warning is None:
        assert doc.warning is None
    else:
        assert (doc.warning or "").startswith(warning)


def test_stray_bytes_are_warned_about_and_counted_as_degraded(tmp_path: Path,
                                                              pack: str) -> None:
    """A UTF-8 file with three stray bytes used to be read whole as Windows-1252, silently."""
    (tmp_path / "stray.txt").write_bytes(STRAY)
    (tmp_path / "clean.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "facts.sqlite"
    status, _, stderr = invoke(str(tmp_path / "stray.txt"), str(tmp_path / "clean.txt"),
                               "--rules", pack, "-o", str(out))
    assert status == 0
    lines = stderr.strip().splitlines()
    assert lines[0].startswith(f"{tmp_path / 'stray.txt'}:1:65: warning: not valid UTF-8")
    assert lines[-1] == "2 documents: 2 extracted (1 degraded), 0 failed, 0 skipped"
    with sqlite3.connect(out) as db:
        warnings = dict(db.execute("SELECT id, warning FROM documents").fetchall())
        evidence = [row[0] for row in db.execute("SELECT evidence FROM facts")]
    assert warnings[str(tmp_path / "clean.txt")] is None
    assert "byte 0x96" in warnings[str(tmp_path / "stray.txt")]
    assert "Baerbock führte ein Gespräch" in evidence  # umlauts intact


def csv_rows(path: Path, text: str) -> list[tuple[str, str]]:
    """(id, status) of each document of a CSV corpus; a failed row by its row number."""
    path.write_text(text, encoding="utf-8")
    return [(d.id.rsplit(":", 1)[-1] if d.status == "failed" else d.id, d.status)
            for d in CsvSource(str(path), TableOptions(id_column="id"))]


def test_an_unterminated_quote_fails_its_row_and_the_rows_after_it_are_read(
        tmp_path: Path) -> None:
    """One unterminated quote used to fold five rows into one document (8 of 13 counted)."""
    rows = ["id,text", *(f'r{i},"{ARTICLE} Zeile {i}."' for i in range(13))]
    rows[4] = f'r3,"{ARTICLE} ohne Ende'
    path = tmp_path / "news.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    docs = list(CsvSource(str(path), TableOptions(id_column="id")))
    assert [d.id for d in docs] == [
        "r0", "r1", "r2", f"{path}:3", *(f"r{i}" for i in range(4, 13))]
    assert [d.status for d in docs] == ["ok"] * 3 + ["failed"] + ["ok"] * 9
    assert (docs[3].error or "").startswith(f"{path}:5:4: CSV: unterminated quote: the field "
                                            "opened here runs into line 6")


# (CSV text after the header "id,text", the (id or row, status) of each document)
QUOTE_CASES = [
    ("never closed", 'a,"eins\nb,zwei\nc,drei\n', [("0", "failed"), ("b", "ok"), ("c", "ok")]),
    ("closed by a later row", 'a,"eins\nb,"zwei"\nc,drei\n',
     [("0", "failed"), ("b", "ok"), ("c", "ok")]),
    ("a field over two lines is fine", 'a,"eins\nund zwei"\nb,drei\n',
     [("a", "ok"), ("b", "ok")]),
    ("text after a closing quote", 'a,"eins"x\nb,zwei\n', [("0", "failed"), ("b", "ok")]),
    ("every row unterminated", 'a,"eins\nb,"zwei\nc,"drei\n',
     [("0", "failed"), ("1", "failed"), ("2", "failed")]),
]


@pytest.mark.parametrize(("name", "body", "expected"), QUOTE_CASES,
                         ids=[case[0] for case in QUOTE_CASES])
def test_csv_quote_errors_lose_only_their_row(tmp_path: Path, name: str, body: str,
                                              expected: list[tuple[str, str]]) -> None:
    assert csv_rows(tmp_path / "news.csv", "id,text\n" + body) == expected


@pytest.mark.parametrize("input_format", ["text", "csv", "jsonl"])
def test_a_device_is_read_only_up_to_the_document_limit(input_format: str) -> None:
    """``extract /dev/zero`` used to read 6.7 GB: the size check trusted the reported size."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero on this system")
    (doc,) = open_sources(["/dev/zero"], SourceOptions(input_format=input_format))  # type: ignore[arg-type]
    assert doc.status == "failed"
    assert ("document too large (more than 16777216 bytes" in (doc.error or "")
            or "holding binary data (NUL bytes): the rest of the file is not read"
            in (doc.error or ""))


def test_a_corpus_line_over_the_limit_fails_alone(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_DOCUMENT_BYTES", 1000)
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(json.dumps({"text": text}) for text in (
        "eins", "x" * 5000, "drei")) + "\n", encoding="utf-8")
    docs = list(JsonLinesSource(str(path)))
    assert [d.status for d in docs] == ["ok", "failed", "ok"]
    assert docs[1].error == f"{path}:2:1: line longer than the 1000-byte limit of a document"


def children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its new parent to reap it has ended)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


linux_only = pytest.mark.skipif(not Path("/proc/self/task").exists(),
                                reason="reads worker processes from /proc (Linux)")


@linux_only
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A ``kill -9`` of the parent of --jobs 2 used to leave both workers blocked forever."""
    corpus = write_corpus(tmp_path / "corpus", 1000)
    run = start_slow_run(tmp_path, corpus, tmp_path / "facts.sqlite", jobs=2)
    deadline = time.monotonic() + 30
    while len(children(run.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(run.pid)
    assert len(workers) == 2
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)


def news_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerows([f"n{i}", f"{ARTICLE} Zeile {i}. " * 10] for i in range(rows))
    return path


@linux_only
@pytest.mark.parametrize(("stop", "status", "message"), [
    (signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "stopped by SIGTERM")])
def test_a_stopped_run_ends_cleanly_with_its_summary(tmp_path: Path, pack: str,
                                                     stop: int, status: int,
                                                     message: str) -> None:
    """SIGTERM used to kill the parent at once and leave its workers running."""
    corpus = news_csv(tmp_path / "news.csv", 20_000)
    db = tmp_path / "facts.sqlite"
    run = subprocess.Popen([sys.executable, "-m", "depesche", "extract", str(corpus),
                            "--rules", pack, "--id-column", "id", "--jobs", "2",
                            "-o", str(db)], stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 60
    while count_documents(db) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(run.pid)
    # Ctrl-C in a terminal reaches the whole process group; kill(1) the process it names.
    if stop == signal.SIGINT:
        os.killpg(run.pid, stop)
    else:
        os.kill(run.pid, stop)
    _, stderr = run.communicate(timeout=30)
    assert run.returncode == status, stderr
    lines = stderr.strip().splitlines()
    assert lines[0] == message
    assert lines[1] == (f"-o {db}: holds every document finished before the stop; run "
                        "again with --resume to go on")
    extracted = int(re.fullmatch(
        r"\d+ documents: (\d+) extracted, 0 failed, 0 skipped, \d+ not written",
        lines[2]).group(1))  # type: ignore[union-attr]
    assert 20 <= extracted < 20_000
    assert count_documents(db) == extracted
    assert not any(alive(w) for w in workers)
    assert "Traceback" not in stderr
    assert not (tmp_path / "facts.sqlite.lock").exists()


def count_documents(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def limit_file_size(size: int) -> Callable[[], None]:
    """For a subprocess: files it writes may grow to ``size`` bytes (EFBIG past it)."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past it fails, not kills
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


@pytest.mark.parametrize(("output", "reason"), [
    ("facts.jsonl", "-o {out}: cannot write: File too large"),
    ("facts.sqlite", "-o {out}: cannot write: "),
    ("/dev/full", "standard output: cannot write: No space left on device"),
])
def test_a_full_disk_is_a_message_a_summary_and_exit_2(tmp_path: Path, pack: str,
                                                       output: str, reason: str) -> None:
    """A full disk (or /dev/full as stdout) used to end in a traceback without a summary."""
    if output == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    corpus = write_corpus(tmp_path / "corpus", 400)
    out = tmp_path / output
    command = [sys.executable, "-m", "depesche", "extract", str(corpus), "--rules", pack]
    if output == "/dev/full":
        with open("/dev/full", "w") as full:
            run = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True,
                                 timeout=120)
    else:
        out.write_text("", encoding="utf-8") if output.endswith(".jsonl") else None
        run = subprocess.run([*command, "-o", str(out)], stderr=subprocess.PIPE, text=True,
                             timeout=120, preexec_fn=limit_file_size(60_000))
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith(reason.format(out=out))
    written = int(re.fullmatch(r"\d+ documents: (\d+) extracted, 0 failed, 0 skipped, "
                               r"\d+ not written", lines[-1]).group(1))  # type: ignore[union-attr]
    assert "Traceback" not in run.stderr
    if output.endswith(".jsonl"):
        assert out.read_text(encoding="utf-8") == ""  # the previous (empty) file, whole
    if output.endswith(".sqlite"):
        assert count_documents(out) == written
        resumed = subprocess.run([*command, "-o", str(out), "--resume"],
                                 stderr=subprocess.PIPE, text=True, timeout=120)
        assert resumed.stderr.strip().endswith(
            f"400 documents: {400 - written} extracted, 0 failed, 0 skipped, "
            f"{written} already done")


def exiting_facts() -> Callable[[object], list]:
    def extract(doc: object) -> list:
        sys.exit(0)  # as an extension's predicate might
    return extract


def test_an_exit_inside_extraction_fails_only_that_document() -> None:
    from depesche.corpus.runner import extract_document
    from depesche.corpus.sources import SourceDocument

    result = extract_document(exiting_facts(), SourceDocument("a", "Text."))
    assert (result.status, result.error) == ("failed", "internal error: SystemExit: 0")


ENDLESS = '''\
"""[endless]: a token test that never returns on the word "endlos" (a runaway rule)."""
from depesche.grammar.ast import ExtensionTest
from depesche.grammar.extensions import GrammarExtension

GRAMMAR = r"""
%extend test_ext: "endless" -> endless_test
"""


def spin(token):
    while token.text == "endlos":
        pass
    return False


EXTENSION = GrammarExtension(
    "endless", GRAMMAR,
    builders={"endless_test": lambda children, pos: ExtensionTest("endless", "endless_test",
                                                                  None, pos)},
    test_compilers={"endless_test": lambda node: spin})
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_past_its_time_budget_fails_and_the_run_goes_on(tmp_path: Path,
                                                                    jobs: str) -> None:
    """A rule that never returns used to stall its worker, and the run, forever."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "endless.py").write_text(ENDLESS, encoding="utf-8")
    (pack / "rules.yaml").write_text(
        "extensions: [endless.py]\nrules:\n  - id: r\n    tag: R\n    pattern: '[endless]'\n",
        encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in (("a", "Ein Satz."), ("b", "Das ist endlos so."), ("c", "Noch einer.")):
        (corpus / f"{name}.txt").write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "depesche", "extract", str(corpus),
                          "--rules", str(pack), "--doc-timeout", "1", "--jobs", jobs,
                          "-o", str(tmp_path / "facts.sqlite")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines == [f"{corpus / 'b.txt'}: time budget exceeded: extraction took more than "
                     "1 s (--doc-timeout)",
                     "3 documents: 2 extracted, 1 failed, 0 skipped"]


def test_a_time_budget_ends_with_its_document() -> None:
    from depesche.corpus.runner import budgeted

    extract = budgeted(lambda doc: [], 0.05)
    extract(None)  # type: ignore[arg-type]
    time.sleep(0.1)  # no alarm arrives after the document
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)


def test_the_doc_timeout_help_states_the_default() -> None:
    from depesche.corpus.runner import DOC_TIMEOUT

    help_text = CliRunner().invoke(app, ["extract", "--help"], terminal_width=200).stdout
    assert f"default {DOC_TIMEOUT:g};" in " ".join(re.sub("[│╭╮╰╯─]", " ", help_text).split())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_time_budget_that_runs_out_in_a_finalizer_still_stops_the_document() -> None:
    """Python drops an exception raised in a finalizer ("Exception ignored in …"): a budget
    that ran out there was lost, and the document ran on without one (the hostile-pack run
    met it in a garbage collector callback). The timer now fires again until it is heard."""
    from depesche.corpus.runner import DocumentTimeout, budgeted

    class SlowToFinalize:
        def __del__(self) -> None:
            time.sleep(0.3)  # the budget runs out in here

    def extract(doc: object) -> str:
        SlowToFinalize()  # finalized at once
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass
        return "ran on"

    start = time.monotonic()
    with pytest.raises(DocumentTimeout):
        budgeted(extract, 0.1)(None)  # type: ignore[arg-type]
    assert time.monotonic() - start < 2
