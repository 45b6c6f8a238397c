"""Facts as a table for people: one line a fact (``depesche extract --format table``).

JSON Lines, JSON, CSV and SQLite are the corpus sinks' (``depesche.corpus.sinks``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO


def _codes(actors: Any) -> str:
    if not actors:
        return ""
    items = actors if isinstance(actors, list) else [actors]
    return ";".join(str(a.get("code") or a.get("text") or "") for a in items)


def write_table(facts: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write one readable line per fact; returns how many were written."""
    count = 0
    for fact in facts:
        who = _codes(fact.get("actor")) or "-"
        whom = _codes(fact.get("recipient"))
        date = (fact.get("date") or {}).get("value")
        evidence = str(fact.get("evidence", "")).replace("\n", " ")
        if len(evidence) > 70:
            evidence = evidence[:67] + "..."
        stream.write(f"{fact['type']:<10} {who}{f' → {whom}' if whom else ''}"
                     f"{f' @{date}' if date else ''}  [{fact['rule']}]  {evidence}\n")
        count += 1
    return count
