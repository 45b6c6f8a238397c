"""``depesche check``: all errors and warnings of rule packs, as text or JSON."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from depesche.cli.app import ALLOW_INCLUDE_OUTSIDE_HELP, allow_include_outside, app, fail
from depesche.errors import DepescheError, InputError

FORMATS = ("text", "json")


@app.command()
def check(
    packs: Annotated[list[str] | None, typer.Argument(
        help="Rule pack files or folders (default: the shipped pack).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    outside: Annotated[bool, typer.Option(
        "--allow-include-outside", help=ALLOW_INCLUDE_OUTSIDE_HELP)] = False,
) -> None:
    """Report every error and warning of a pack at once; exit 1 if there are errors."""
    from depesche.authoring.checks import check_pack

    allow_include_outside(outside)
    if fmt not in FORMATS:
        raise fail(InputError(f"unknown format {fmt!r} (choose text or json)"))
    try:
        report = check_pack(packs or None)
    except DepescheError as error:  # a pack path that names nothing: bad usage, not a finding
        raise fail(error) from None
    if fmt == "json":
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1))
    else:
        for diagnostic in report.diagnostics:
            typer.echo(diagnostic.render())
        typer.echo(report.summary())
    if report.errors:
        raise typer.Exit(1)
