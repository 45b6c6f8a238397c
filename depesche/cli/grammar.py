"""``depesche grammar``: the effective pattern grammar, extensions included, as Lark reads it."""

from __future__ import annotations

from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.errors import DepescheError, SourceLocation


@app.command()
def grammar(
    pack: Annotated[list[str] | None, typer.Option(
        "--pack", "-p", help="Include the extensions this rule pack names (repeatable).")
    ] = None,
    extension: Annotated[list[str] | None, typer.Option(
        "--extension", "-e", help="Include this extension: entry point name, module or .py "
                                  "file (repeatable).")] = None,
) -> None:
    """Print the pattern grammar: pattern.lark, then each extension's fragment, checked."""
    from depesche.grammar.extensions import effective_grammar
    from depesche.rules.extensions import load_extensions
    from depesche.rules.loader import load_pack

    try:
        named: list[tuple[str, SourceLocation | None]] = [
            *(load_pack(pack)[0].extensions if pack else []),
            *((spec, None) for spec in extension or [])]
        extensions = load_extensions(named)
    except DepescheError as error:
        raise fail(error) from None
    typer.echo(effective_grammar(extensions), nl=False)
