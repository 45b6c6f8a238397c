"""``depesche explain``: for one sentence, its tokens, and why each rule did or did not match."""

from __future__ import annotations

import difflib
import json
from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.errors import DepescheError, InputError, SourceLocation


@app.command()
def explain(
    text: Annotated[str | None, typer.Argument(help="A sentence (or text) to explain.")] = None,
    file: Annotated[str | None, typer.Option("--file", "-f", help="Explain a sentence of "
                                                                   "this article instead.")] = None,
    sentence: Annotated[int, typer.Option("--sentence", "-s", min=1,
                                          help="Which sentence (1-based).")] = 1,
    rule: Annotated[list[str] | None, typer.Option(
        "--rule", help="Only this rule (repeatable).")] = None,
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Rule pack file or folder (repeatable; default: shipped pack).")
    ] = None,
    every_rule: Annotated[bool, typer.Option(
        "--all", help="Show every rule, not only those that matched and the closest misses.")
    ] = False,
    closest: Annotated[int, typer.Option(
        "--closest", min=0, help="How many of the rules that did not match to show, those "
        "that got furthest first.")] = 5,
    fmt: Annotated[str, typer.Option(
        "--format", help="text, or json (with every rule, or those --rule names).")] = "text",
    doc_timeout: Annotated[float | None, typer.Option(
        "--doc-timeout", min=0, help="Seconds the explanation may take, as extract gives "
        "each document; past it explain stops with status 2 (default 300; 0: no limit).")
    ] = None,
) -> None:
    """Show a sentence's tokens and annotations, and how far each rule got on it."""
    from depesche.authoring.explain import (
        explain_sentence,
        explanation_json,
        format_explanation,
    )
    from depesche.authoring.ruletests import load_extractor
    from depesche.corpus.runner import DOC_TIMEOUT, DocumentTimeout, budgeted
    from depesche.corpus.sources import read_file
    from depesche.engine.reader import read_document
    from depesche.engine.tokenizer import tokenize
    from depesche.rules.extensions import load_extensions

    if fmt not in ("text", "json"):
        raise fail(InputError(f"unknown format {fmt!r} (choose text or json)"))
    if (text is None) == (file is None):
        raise fail(InputError("give a TEXT or --file FILE (one of them)"))
    if file is not None:
        source = read_file(file)
        if source.text is None:
            raise fail(InputError(source.error or "cannot read", None))
        doc_id, body, date = source.id, source.text, source.date
    else:
        doc_id, body, date = "<text>", text or "", None
    try:
        pack, extractor = load_extractor(rules)
        extensions = load_extensions(pack.extensions)
        doc = tokenize(read_document(doc_id, body, date))
    except DepescheError as error:
        raise fail(error) from None
    if sentence > len(doc.sentences):
        raise fail(InputError(f"sentence {sentence} asked for, but {doc_id} has "
                              f"{len(doc.sentences)}"))
    known = [r.id for r in extractor.ruleset.rules]
    for rule_id in rule or ():
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, known, n=1)
            raise fail(InputError(f"no rule {rule_id!r} in the pack",
                                  hint=f"did you mean {close[0]!r}?" if close else None))
    seconds = DOC_TIMEOUT if doc_timeout is None else doc_timeout or None
    try:
        explanation = budgeted(lambda d: explain_sentence(extractor, d, sentence, rule,
                                                          extensions), seconds)(doc)
    except DocumentTimeout:
        raise fail(InputError(f"time budget exceeded: explaining took more than {seconds:g} s "
                              "(--doc-timeout)", SourceLocation(doc_id))) from None
    if fmt == "json":
        typer.echo(json.dumps(explanation_json(explanation), ensure_ascii=False, indent=1))
        return
    full = every_rule or bool(rule)  # named rules are shown whatever they did
    typer.echo(format_explanation(explanation, None if full else closest), nl=False)
