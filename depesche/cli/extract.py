"""``depesche extract``: facts from articles, as JSON Lines, JSON, CSV or a table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.cli.output import FORMATS, write_facts
from depesche.corpus.sources import FileSource
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.errors import DepescheError, InputError


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Rule pack file or folder (repeatable; default: shipped pack).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}.")
                   ] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Extract facts from German news articles."""
    if fmt not in FORMATS:
        raise fail(InputError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})"))
    try:
        extractor = Extractor.from_paths(rules or [])
    except DepescheError as error:
        raise fail(error) from None
    failures = 0
    facts: list[dict] = []
    for source in FileSource(paths):
        if source.status != "ok" or source.text is None:
            if source.status == "failed":
                failures += 1
            typer.echo(f"{source.id}: {source.status}: {source.error}", err=True)
            continue
        try:
            doc = read_document(source.id, source.text, source.date)
            facts.extend(f.to_json() for f in extractor.extract(doc))
        except DepescheError as error:
            failures += 1
            typer.echo(error.render(), err=True)
    stream = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        write_facts(facts, stream, fmt)
    finally:
        if output:
            stream.close()
    if failures:
        raise typer.Exit(1)
