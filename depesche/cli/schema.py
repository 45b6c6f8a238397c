"""``depesche schema``: print the JSON Schema of rule files, for editors that validate YAML."""

from __future__ import annotations

import typer

from depesche.cli.app import app


@app.command()
def schema() -> None:
    """Print the JSON Schema of rule and lexicon files (see docs/authoring.md)."""
    from depesche.authoring.scaffold import rules_schema

    typer.echo(rules_schema(), nl=False)
