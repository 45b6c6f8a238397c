"""The benchmark corpus: 10kGNAD rows streamed, scaled copies, and documents ready to match.

The corpus is a ``;``-separated, ``'``-quoted CSV without a header (columns label;text),
read with depesche's own :class:`~depesche.corpus.sources.CsvSource`, one row at a time.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

from depesche.corpus.sources import CsvSource, TableOptions
from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Document
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

DELIMITER, QUOTE = ";", "'"
# The options `depesche extract` needs to read the corpus the same way.
EXTRACT_OPTIONS = ("--input-format", "csv", "--csv-delimiter", DELIMITER, "--csv-quote", QUOTE,
                   "--csv-no-header", "--text-column", "1")


def texts(path: Path, limit: int | None = None) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of each readable row, streamed."""
    source = CsvSource(str(path), TableOptions(text_column=1), DELIMITER, QUOTE, header=False)
    for row in itertools.islice(source, limit):
        if row.status == "ok" and row.text:
            yield row.id, row.text


def count_rows(path: Path) -> int:
    return sum(1 for _ in texts(path))


def count_tokens(path: Path) -> int:
    """Tokens of the corpus as depesche's tokenizer cuts them (the unit of every throughput)."""
    return sum(len(tokenize(read_document(doc_id, text)).tokens) for doc_id, text in texts(path))


def write_scaled(path: Path, factor: float, out: Path) -> Path:
    """A copy of the corpus with ``factor`` times its rows: a prefix, or whole repeats."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=DELIMITER, quotechar=QUOTE))
    wanted = round(len(rows) * factor)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=DELIMITER, quotechar=QUOTE)
        writer.writerows(itertools.islice(itertools.cycle(rows), wanted))
    return out


def write_half(path: Path, half: int, out: Path) -> Path:
    """Every other row of the corpus, from row ``half`` (0 or 1): two halves of one mix."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=DELIMITER, quotechar=QUOTE))
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=DELIMITER, quotechar=QUOTE).writerows(rows[half::2])
    return out


def lemmatized(path: Path, limit: int | None) -> list[Document]:
    """Tokenized documents with depesche's lemmas: the input both matchers share."""
    context = AnnotationContext()
    return [annotate(tokenize(read_document(doc_id, text)), ["lemma"], context)
            for doc_id, text in texts(path, limit)]
