"""``depesche init``: start a new rule pack with an example rule, a lexicon and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.errors import DepescheError


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="A new (or empty) folder for the pack.")],
) -> None:
    """Create a rule pack whose tests pass: run `depesche test FOLDER` next."""
    from depesche.authoring.scaffold import create_pack

    try:
        files = create_pack(folder)
    except DepescheError as error:
        raise fail(error) from None
    for path in files:
        typer.echo(f"created {path}")
    typer.echo(f"next: depesche test {folder}")
