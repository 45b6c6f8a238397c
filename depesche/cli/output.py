"""Facts as a table for people: a header, then one line a fact (``extract --format table``).

Columns: the document, the fact type, actor and recipient codes (several joined by ``,``;
``-`` when the fact has none), the event date, the rule, and the evidence (cut to
``EVIDENCE_WIDTH`` characters, ``…`` where cut). A long document id keeps its end, which
names the file. JSON Lines, JSON, CSV and SQLite are the corpus sinks'
(``depesche.corpus.sinks``); ``docs/corpus.md`` describes them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from depesche.corpus.sinks import DocumentResult, StreamSink

COLUMNS = (("doc", 32), ("type", 9), ("actor", 9), ("recipient", 9), ("date", 10),
           ("rule", 22), ("evidence", 0))
EVIDENCE_WIDTH = 50
NONE = "-"


def _codes(actors: Any) -> str:
    if not actors:
        return NONE
    items = actors if isinstance(actors, list) else [actors]
    return ",".join(str(a.get("code") or a.get("text") or "?") for a in items)


def _cut_start(text: str, width: int) -> str:
    return text if len(text) <= width else "…" + text[-(width - 1):]


def _cut_end(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _line(values: Iterable[str]) -> str:
    cells = [value if width == 0 else f"{value:<{width}}"
             for value, (_, width) in zip(values, COLUMNS, strict=True)]
    return "  ".join(cells).rstrip() + "\n"


def table_header() -> str:
    """The header line: the column names."""
    return _line(name for name, _ in COLUMNS)


def write_table(facts: Iterable[dict[str, Any]], stream: TextIO) -> int:
    """Write one readable line per fact; returns how many were written."""
    count = 0
    for fact in facts:
        date = (fact.get("date") or {}).get("value") or NONE
        evidence = " ".join(str(fact.get("evidence", "")).split())
        stream.write(_line((
            _cut_start(str(fact.get("doc", "")), COLUMNS[0][1]), fact["type"],
            _codes(fact.get("actor")), _codes(fact.get("recipient")), str(date),
            str(fact.get("rule", "")), _cut_end(evidence, EVIDENCE_WIDTH))))
        count += 1
    return count


class TableSink(StreamSink):
    """Facts as the one-line-a-fact table people read (``--format table``), under a header."""

    started = False

    def _start(self) -> None:
        if not self.started:
            self.stream.write(table_header())
            self.started = True

    def write(self, result: DocumentResult) -> None:
        self._start()
        write_table(result.facts, self.stream)
        self.stream.flush()

    def finish(self) -> None:
        self._start()  # a run without facts still shows the columns
