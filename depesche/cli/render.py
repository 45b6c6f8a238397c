"""``depesche render``: an article and its facts as one self-contained HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.errors import DepescheError, InputError


@app.command()
def render(
    path: Annotated[str, typer.Argument(help="An article (a text file).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Rule pack file or folder (repeatable; default: shipped pack).")
    ] = None,
) -> None:
    """Write a page with the article's facts highlighted by type (no network needed)."""
    from depesche.authoring.render import render_html, shown_date
    from depesche.authoring.ruletests import load_extractor
    from depesche.corpus.sources import read_file
    from depesche.engine.reader import read_document

    source = read_file(path)
    if source.text is None:
        raise fail(InputError(source.error or "cannot read", None))
    try:
        _, extractor = load_extractor(rules)
        doc = read_document(source.id, source.text, source.date)
        facts = extractor.extract(doc)
    except DepescheError as error:
        raise fail(error) from None
    page = render_html(source.id, source.text, [f.to_json() for f in facts],
                       body_start=doc.body_start,
                       date=shown_date(doc.date, doc.date_granularity))
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as error:
        raise fail(InputError(f"cannot write: {error.strerror or error}", None)) from None
    typer.echo(f"{output}: {len(facts)} facts")
