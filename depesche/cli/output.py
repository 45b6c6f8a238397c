"""Writing facts for people and programs: JSON Lines, JSON, CSV and a table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

FORMATS = ("jsonl", "json", "csv", "table")
CSV_COLUMNS = ("doc", "type", "start", "end", "rule", "actor", "recipient", "date", "location",
               "speaker", "evidence")


def _codes(actors: Any) -> str:
    if not actors:
        return ""
    items = actors if isinstance(actors, list) else [actors]
    return ";".join(str(a.get("code") or a.get("text") or "") for a in items)


def _row(fact: dict[str, Any]) -> dict[str, str]:
    date = fact.get("date") or {}
    return {
        "doc": fact["doc"], "type": fact["type"], "start": str(fact["span"][0]),
        "end": str(fact["span"][1]), "rule": fact["rule"], "actor": _codes(fact.get("actor")),
        "recipient": _codes(fact.get("recipient")), "date": str(date.get("value") or ""),
        "location": (fact.get("location") or {}).get("text", ""),
        "speaker": _codes(fact.get("speaker")), "evidence": fact.get("evidence", ""),
    }


def write_facts(facts: Iterable[dict[str, Any]], stream: TextIO, fmt: str) -> int:
    """Write facts in ``fmt`` to ``stream``; returns how many were written."""
    count = 0
    if fmt == "jsonl":
        for fact in facts:
            stream.write(json.dumps(fact, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "json":
        items = list(facts)
        json.dump(items, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        count = len(items)
    elif fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for fact in facts:
            writer.writerow(_row(fact))
            count += 1
    elif fmt == "table":
        for fact in facts:
            row = _row(fact)
            who = row["actor"] or "-"
            whom = f" → {row['recipient']}" if row["recipient"] else ""
            when = f" @{row['date']}" if row["date"] else ""
            evidence = row["evidence"].replace("\n", " ")
            if len(evidence) > 70:
                evidence = evidence[:67] + "..."
            stream.write(f"{row['type']:<10} {who}{whom}{when}  [{row['rule']}]  {evidence}\n")
            count += 1
    else:
        raise ValueError(fmt)
    return count
