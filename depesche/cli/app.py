"""The ``depesche`` command: one typer app; each command lives in a module of its own.

Exit status everywhere (the README's table): 0 success, 1 the command ran and found
failures (failing tests, pack errors for ``check``, failed documents for ``extract``), 2
bad usage or bad input (with a located message on stderr and no traceback).
"""

from __future__ import annotations

import sys

import typer

from depesche.errors import DepescheError

app = typer.Typer(
    name="depesche",
    help="Extract diplomatic event facts from German news with hand-written rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(error: DepescheError) -> typer.Exit:
    """Print a located error on stderr; the caller raises the returned exit (status 2)."""
    typer.echo(error.render(), err=True)
    return typer.Exit(2)


def _register() -> None:
    # Each module adds its commands to ``app``; importing them here keeps app.py small.
    from depesche.cli import (  # noqa: F401
        annotate,
        check,
        eval,
        explain,
        extract,
        grammar,
        init,
        render,
        schema,
        test,
    )


def main() -> None:
    """Entry point of the console script: run the app, turn depesche errors into status 2."""
    _register()
    try:
        app()
    except DepescheError as error:
        typer.echo(error.render(), err=True)
        sys.exit(2)
