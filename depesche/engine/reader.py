"""Reading an article: the first stage, from text to a :class:`Document`.

A leading ``date YYYY-MM[-DD]`` header (as in the seed article, possibly after blank
space, possibly followed by the headline on the same line) sets the document date and is
not article text. Offsets stay relative to the raw text.
"""

from __future__ import annotations

import datetime as dt
import re

from depesche.engine.document import Document
from depesche.errors import InputError, SourceLocation

DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|\Z)[ \t]*\n?\s*")


def parse_date(value: str, where: SourceLocation | None = None) -> tuple[dt.date, str]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a date and its granularity."""
    where = where or SourceLocation("<date>")
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        raise InputError(f"bad document date {value!r} (want YYYY, YYYY-MM or YYYY-MM-DD)",
                         where)
    year, month, day = match.groups()
    try:
        date = dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as error:
        raise InputError(f"bad document date {value!r}: {error}", where) from None
    return date, "day" if day else "month" if month else "year"


def read_document(doc_id: str, text: str, date: str | dt.date | None = None) -> Document:
    """Make a :class:`Document` of ``text``, taking its date from a header or ``date``."""
    doc = Document(id=doc_id, text=text)
    header = DATE_HEADER.match(text)
    if header:
        year, month, day = header.groups()
        value = f"{year}-{month}" + (f"-{day}" if day else "")
        line = text.split("\n", 1)[0]
        column = text.index("date") + 1
        doc.date, doc.date_granularity = parse_date(
            value, SourceLocation(doc_id, 1, column, line))
        doc.body_start = header.end()
    if isinstance(date, dt.date):
        doc.date, doc.date_granularity = date, "day"
    elif isinstance(date, str) and date.strip():
        doc.date, doc.date_granularity = parse_date(date, SourceLocation(doc_id))
    return doc
