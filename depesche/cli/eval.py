"""``depesche eval``: precision, recall and F1 of a pack's facts against gold (SCHEMA.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from depesche.cli.app import app, fail
from depesche.cli.progress import progress
from depesche.errors import DepescheError, InputError, SourceLocation


@app.command("eval")
def eval_pack(
    gold: Annotated[Path, typer.Option("--gold", "-g", help="Gold facts (JSON Lines).")],
    texts: Annotated[Path, typer.Option("--texts", "-t", help="Folder of the gold "
                                                              "documents (*.txt).")],
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Rule pack file or folder (repeatable; default: shipped pack).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole result as JSON.")
                       ] = False,
    show: Annotated[bool, typer.Option(
        "--show", help="List misses, false alarms and wrong fields, each with its sentence.")
    ] = False,
) -> None:
    """Extract facts from every text under --texts and score them against --gold."""
    from depesche.authoring.evaluate import evaluate, format_evaluation, load_jsonl, load_texts
    from depesche.authoring.ruletests import load_extractor
    from depesche.corpus.sources import read_file
    from depesche.engine.reader import read_document

    if not texts.is_dir():
        raise fail(InputError("--texts must be a folder", SourceLocation(str(texts))))
    if not any(texts.rglob("*.txt")):
        raise fail(InputError("--texts: no *.txt files in this folder",
                              SourceLocation(str(texts))))
    try:
        gold_rows = load_jsonl(gold)
        documents = load_texts(texts)
        _, extractor = load_extractor(rules)
    except DepescheError as error:
        raise fail(error) from None
    predicted: list[dict] = []
    paths = sorted(texts.rglob("*.txt"))
    for path in progress(paths, "extracting", total=len(paths)):
        source = read_file(str(path))
        if source.status == "skipped":
            continue  # an empty file states no facts
        if source.text is None:
            raise fail(InputError(source.error or "cannot read", None))
        try:
            doc = read_document(source.id, source.text, source.date)
            predicted.extend(f.to_json() for f in extractor.extract(doc))
        except DepescheError as error:
            raise fail(error) from None
    try:
        result = evaluate(gold_rows, predicted, documents)
    except DepescheError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
    else:
        typer.echo(format_evaluation(result, show, documents), nl=False)
