"""The spaCy pipeline depesche is measured against, run as a process of its own.

``spacy.blank("de")`` with the lookup lemmatizer (tables from ``spacy-lookups-data``) and
a ``Matcher`` holding the patterns of a JSON file (a list of spaCy token-pattern lists),
over the corpus streamed row by row (read with the ``csv`` module, so that this process
loads nothing of depesche); every match is written to a JSON Lines file, as
``depesche extract`` writes its facts. With ``JOBS`` above 1, the documents are made by
``nlp.pipe(n_process=JOBS)`` (spaCy's own multiprocessing), matched in the main process.

    python benchmarks/spacy_extract.py CORPUS.csv PATTERNS.json OUT.jsonl [JOBS]
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.matcher import Matcher


def rows(corpus: str) -> Iterator[str]:
    """The text column of the corpus, row by row."""
    with open(corpus, encoding="utf-8", newline="") as handle:
        for _label, text in csv.reader(handle, delimiter=";", quotechar="'"):
            yield text


def main(corpus: str, patterns_file: str, out: str, jobs: str = "1") -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    matcher = Matcher(nlp.vocab)
    for number, pattern in enumerate(json.loads(Path(patterns_file).read_text("utf-8"))):
        matcher.add(f"p{number}", [pattern])
    csv.field_size_limit(sys.maxsize)
    docs = nlp.pipe(rows(corpus), n_process=int(jobs), batch_size=32)
    with open(out, "w", encoding="utf-8") as sink:
        for number, doc in enumerate(docs):
            doc_id = f"{corpus}:{number}"
            for key, start, end in matcher(doc):
                sink.write(json.dumps({"doc": doc_id, "pattern": nlp.vocab.strings[key],
                                       "span": [doc[start].idx, doc[end - 1].idx
                                                + len(doc[end - 1])]}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:5])
