"""``depesche annotate``: what the German text layer makes of an article, sentence by sentence."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from depesche.cli.app import app, fail
from depesche.errors import DepescheError, InputError


@app.command()
def annotate(
    path: Annotated[str, typer.Argument(help="An article (a text file).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl or table.")] = "jsonl",
    rules: Annotated[list[str] | None, typer.Option(
        "--rules", "-r", help="Pack whose lexicons to use (default: shipped pack).")] = None,
) -> None:
    """Show sentences, tokens, lemmas, morphology, dates, quotes and actors of an article."""
    from depesche.corpus.sources import read_file
    from depesche.engine.layer_view import annotate_records
    from depesche.engine.reader import read_document
    from depesche.rules.loader import load_pack

    if fmt not in ("jsonl", "table"):
        raise fail(InputError(f"unknown format {fmt!r} (choose jsonl or table)"))
    source = read_file(path)
    if source.text is None:
        raise fail(InputError(source.error or "cannot read", None))
    try:
        pack, _ = load_pack(rules or None)
        doc = read_document(source.id, source.text, source.date)
        records = annotate_records(doc, pack.lexicons)
    except DepescheError as error:
        raise fail(error) from None
    for record in records:
        if fmt == "jsonl":
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            typer.echo(format_sentence(record), nl=False)


def _actor(actor: dict[str, Any] | None) -> str:
    """An actor as people read it: ``Baerbock (DEU, GOV)``, or ``-``."""
    if not actor:
        return "-"
    details = ", ".join(str(actor[k]) for k in ("code", "sector") if actor.get(k))
    return f"{actor.get('text') or actor.get('name') or '?'}" + (f" ({details})" if details
                                                                 else "")


def format_sentence(record: dict[str, Any]) -> str:
    """One sentence of ``annotate --format table``: its tokens, then dates, actors, quotes."""
    from depesche.engine.layer_view import clause_line

    lines = [f"# {record['span'][0]}-{record['span'][1]}  {record['text']}",
             f"  {'token':<22} {'lemma':<22} {'pos':<8} {'morph':<24} classes"]
    for token in record["tokens"]:
        morph = "|".join(f"{k}={v}" for k, v in (token.get("morph") or {}).items()) or "-"
        classes = ",".join(token.get("classes") or []) or "-"
        lines.append(f"  {token['text']:<22} {token.get('lemma') or '-':<22} "
                     f"{token.get('pos') or '-':<8} {morph:<24} {classes}")
    for date in record.get("dates", []):
        lines.append(f"  DATE   {date['text']!r} = {date['value']} ({date['granularity']})")
    for actor in record.get("actors", []):
        lines.append(f"  ACTOR  {actor.get('text')!r} = {actor.get('code') or '-'}"
                     + (f" ({actor['sector']})" if actor.get("sector") else "")
                     + (f", {actor['name']}" if actor.get("name") else ""))
    for quote in record.get("quotes", []):
        label = "QUOTE " if quote.get("statement", True) else "REPORT"
        lines.append(f"  {label} {quote['form']}, {quote.get('mode')}, cue {quote['cue']!r}, "
                     f"speaker {_actor(quote.get('speaker'))}")
    lines.extend("  " + clause_line(clause) for clause in record.get("clauses", []))
    return "\n".join(lines) + "\n"
