"""``depesche extract``: facts from articles or whole corpora, in parallel, to a file or stdout.

Thin by design: options become :class:`SourceOptions`, a sink and a :class:`PackExtractor`,
and :func:`run_corpus` does the work. Each failed or skipped document gets a line on
stderr, the run ends with ``N documents: X extracted, Y failed, Z skipped``; the exit
status is 1 when any document failed, 2 for bad usage (an input that names no document, a
bad option), a broken rule pack or an output that cannot be written (README).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated

import typer

from depesche.cli.app import ALLOW_INCLUDE_OUTSIDE_HELP, allow_include_outside, app, fail
from depesche.errors import DepescheError

if TYPE_CHECKING:
    from depesche.corpus.runner import PackExtractor, RunStopped
    from depesche.corpus.sinks import DocumentResult, FactSink

FORMATS = ("jsonl", "json", "csv", "table", "sqlite")


def _open_output(output: str | None, fmt: str | None, resume: bool,
                 extractor: PackExtractor) -> FactSink:
    """The sink for ``-o``/``--format``: the table here, the rest from the library."""
    from depesche.cli.output import TableSink
    from depesche.corpus import RunOptionError
    from depesche.corpus.sinks import open_sink, open_stream_sink

    if fmt != "table":
        return open_sink(output, fmt, resume=resume, extractor=extractor.fingerprint())
    if resume:
        raise RunOptionError("--resume needs a SQLite output (-o facts.sqlite)")
    if output in (None, "-"):
        return TableSink(typer.get_text_stream("stdout"))
    return open_stream_sink(output, TableSink)


def _report(result: DocumentResult) -> None:
    """Stderr lines for a document read with a warning, or without facts (failed, skipped)."""
    if result.warning:
        where = "" if result.warning.startswith(result.id) else f"{result.id}: "
        typer.echo(f"{where}{result.warning}", err=True)
    if result.status == "done":
        return
    error = result.error or result.status
    where = "" if error.startswith(result.id) else f"{result.id}: "
    typer.echo(f"{where}{error}" + (" (skipped)" if result.status == "skipped" else ""),
               err=True)


def _stopped(stop: RunStopped, sink: FactSink) -> typer.Exit:
    """Say why a run stopped, what its output holds now, and how it went until then."""
    typer.echo(stop.render(), err=True)
    if sink.resumable:
        typer.echo(f"{sink.name}: holds every document finished before the stop; run again "
                   "with --resume to go on", err=True)
    elif sink.name.startswith("-o "):
        typer.echo(f"{sink.name}: left as it was before this run (a SQLite output keeps "
                   "what a stopped run finished)", err=True)
    typer.echo(stop.summary.line(), err=True)
    return typer.Exit(stop.status)


@contextlib.contextmanager
def _sigterm_stops_like_ctrl_c() -> Iterator[None]:
    """While the run lasts, SIGTERM (``kill``, a job scheduler) stops it as Ctrl-C does."""
    from depesche.corpus.runner import StopSignal

    def stop(number: int, frame: object) -> None:
        raise StopSignal(number)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (a test runner's): leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders, globs, CSV or JSON Lines corpora, or - for stdin.")],
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Rule pack file or folder (repeatable; default: shipped pack).")
    ] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", "-f", help=f"One of {', '.join(FORMATS)} (default: from -o, else jsonl).")
    ] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", help="Write here (.jsonl, .json, .csv, .sqlite); default stdout.")
    ] = None,
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", help="Worker processes (local engine) or local Dask workers.")] = 1,
    engine: Annotated[str, typer.Option(
        "--engine", help="local (this machine) or dask (a Dask cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local "
        "cluster.")] = None,
    connect_timeout: Annotated[float, typer.Option(
        "--connect-timeout", min=0.1, help="Seconds to wait for the Dask scheduler before "
        "giving up (exit 2).")] = 10.0,
    resume: Annotated[bool, typer.Option(
        "--resume", help="Continue a killed run: skip documents the SQLite output holds as "
        "done.")] = False,
    input_format: Annotated[str, typer.Option(
        "--input-format", help="auto (by suffix), text, csv or jsonl.")] = "auto",
    pattern: Annotated[list[str] | None, typer.Option(
        "--pattern", help="File names to take from folders (repeatable; default *.txt).")
    ] = None,
    encoding: Annotated[str, typer.Option(
        "--encoding", help="auto (UTF-8, else Windows-1252) or a Python codec name, strict.")
    ] = "auto",
    text_column: Annotated[str, typer.Option(
        "--text-column", help="Corpus column or field of the text: a name, or a 0-based "
        "number.")] = "text",
    id_column: Annotated[str | None, typer.Option(
        "--id-column", help="Column of the document id (default: FILE:ROW).")] = None,
    date_column: Annotated[str | None, typer.Option(
        "--date-column", help="Column of the document date (YYYY[-MM[-DD]]).")] = None,
    csv_delimiter: Annotated[str, typer.Option("--csv-delimiter", help="CSV field separator.")
                             ] = ",",
    csv_quote: Annotated[str, typer.Option("--csv-quote", help="CSV quote character.")] = '"',
    csv_no_header: Annotated[bool, typer.Option(
        "--csv-no-header", help="The CSV has no header row: name columns by number.")] = False,
    doc_timeout: Annotated[float | None, typer.Option(
        "--doc-timeout", min=0, help="Seconds one document may take; past it the document "
        "is recorded as failed and the run goes on (default 300; 0: no limit; not with "
        "--engine dask).")] = None,
    outside: Annotated[bool, typer.Option(
        "--allow-include-outside", help=ALLOW_INCLUDE_OUTSIDE_HELP)] = False,
) -> None:
    """Extract facts from German news articles, one file or a corpus of millions."""
    import sqlite3

    from depesche.corpus import RunOptionError
    from depesche.corpus.runner import (
        DOC_TIMEOUT,
        PackExtractor,
        RunInterrupted,
        RunStopped,
        RunSummary,
        check_run_options,
        close_sink,
        run_corpus,
    )
    from depesche.corpus.sinks import sink_format
    from depesche.corpus.sources import (
        SourceOptions,
        TableOptions,
        open_sources,
        parse_column,
        require_inputs,
    )
    from depesche.rules.loader import outside_allowed

    allow_include_outside(outside)
    if fmt not in (None, *FORMATS):
        raise fail(RunOptionError(f"--format {fmt}: unknown format (choose "
                                  f"{', '.join(FORMATS)})"))
    try:
        check_run_options(jobs, engine, resume, resumable=fmt == "sqlite" or (
            fmt is None and output is not None and sink_format(output) == "sqlite"))
        options = SourceOptions(
            input_format=input_format,  # type: ignore[arg-type]  # checked by SourceOptions
            patterns=tuple(pattern or ("*.txt",)), encoding=encoding,
            table=TableOptions(text_column=parse_column(text_column),
                               id_column=None if id_column is None else parse_column(id_column),
                               date_column=None if date_column is None
                               else parse_column(date_column)),
            csv_delimiter=csv_delimiter, csv_quote=csv_quote, csv_header=not csv_no_header)
        require_inputs(paths, options)
        extractor = PackExtractor(tuple(rules or ()), allow_outside=outside_allowed())
        sink = _open_output(output, fmt, resume, extractor)
    except DepescheError as error:
        raise fail(error) from None
    except (OSError, sqlite3.Error) as error:
        raise fail(RunOptionError(f"-o {output}: cannot write: {error}")) from None
    with _sigterm_stops_like_ctrl_c():
        try:
            try:
                summary = run_corpus(open_sources(paths, options), extractor, sink,
                                     jobs=jobs, engine=engine, scheduler=scheduler,
                                     resume=resume, progress=_report,
                                     connect_timeout=connect_timeout,
                                     doc_timeout=DOC_TIMEOUT if doc_timeout is None
                                     else doc_timeout or None)
            except BaseException:
                sink.abort()  # the previous output stays as it was
                raise
            close_sink(sink, summary)
        except RunStopped as stop:
            raise _stopped(stop, sink) from None
        except KeyboardInterrupt as stop:  # before the run began or after it ended
            raise _stopped(RunInterrupted.of(stop, RunSummary()), sink) from None
        except DepescheError as error:
            raise fail(error) from None
    typer.echo(summary.line(), err=True)
    if summary.failed:
        raise typer.Exit(1)

