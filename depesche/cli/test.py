"""``depesche test``: run the inline tests of rule packs and report like pytest."""

from __future__ import annotations

import json
from itertools import groupby
from typing import Annotated

import typer

from depesche.cli.app import ALLOW_INCLUDE_OUTSIDE_HELP, allow_include_outside, app, fail
from depesche.errors import DepescheError, InputError


@app.command("test")
def test_pack(
    packs: Annotated[list[str] | None, typer.Argument(
        help="Rule pack files or folders (default: the shipped pack).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only failures and the summary.")
                     ] = False,
    outside: Annotated[bool, typer.Option(
        "--allow-include-outside", help=ALLOW_INCLUDE_OUTSIDE_HELP)] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Run every rule's inline tests; exit 1 if any fails."""
    from depesche.authoring.ruletests import load_extractor, results_json, run_tests

    if fmt not in ("text", "json"):
        raise fail(InputError(f"unknown format {fmt!r} (choose text or json)"))
    allow_include_outside(outside)
    try:
        pack, extractor = load_extractor(packs)
    except DepescheError as error:
        raise fail(error) from None
    if fmt == "json":
        report = results_json(run_tests(pack, extractor))
        typer.echo(json.dumps(report, ensure_ascii=False, indent=1))
        if report["failed"]:
            raise typer.Exit(1)
        return
    failures = []
    passed = 0
    results = run_tests(pack, extractor)
    for path, group in groupby(results, key=lambda r: r.test.location.path):
        marks = []
        for result in group:
            marks.append("." if result.passed else "F")
            if result.passed:
                passed += 1
            else:
                failures.append(result)
        if not quiet:
            typer.echo(f"{path} {''.join(marks)}")
    if failures:
        typer.echo("\nFAILURES")
        for result in failures:
            typer.echo(result.render())
    typer.echo(f"{passed} passed, {len(failures)} failed")
    if failures:
        raise typer.Exit(1)
