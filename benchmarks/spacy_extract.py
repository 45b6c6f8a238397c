"""The spaCy pipelines depesche is measured against, each run as a process of its own.

``spacy.blank("de")`` and a ``Matcher`` holding the patterns of a JSON file (a list of
spaCy token-pattern lists), over the corpus streamed row by row (read with the ``csv``
module, so that this process loads nothing of depesche); every match is written to a JSON
Lines file, as ``depesche extract`` writes its facts. Lemmas come from

- ``lookup``: spaCy's lookup lemmatizer (tables from ``spacy-lookups-data``): the fast
  baseline, with lemmas of a word list and no parts of speech;
- ``hanta``: HanTa's ``tag_sent`` on each sentence (spaCy's sentencizer), which sets
  every token's lemma and tag: the like-for-like peer, the pipeline a user would build for
  the annotation depesche's rules read (contextual tags and lemmas from the same model).

With ``JOBS`` above 1, the documents are made by ``nlp.pipe(n_process=JOBS)`` (spaCy's own
multiprocessing), matched in the main process.

    python benchmarks/spacy_extract.py CORPUS.csv PATTERNS.json OUT.jsonl [JOBS [LEMMAS]]
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.matcher import Matcher
from spacy.tokens import Doc


def rows(corpus: str) -> Iterator[str]:
    """The text column of the corpus, row by row."""
    with open(corpus, encoding="utf-8", newline="") as handle:
        for _label, text in csv.reader(handle, delimiter=";", quotechar="'"):
            yield text


def tag_with_hanta(doc: Doc, hanta: Any) -> Doc:
    """Lemma and tag of every token from HanTa's ``tag_sent``, sentence by sentence."""
    for sentence in doc.sents:
        tagged = hanta.tag_sent([token.text for token in sentence], taglevel=1)
        for token, (_word, lemma, tag) in zip(sentence, tagged, strict=True):
            token.lemma_ = lemma
            token.tag_ = tag
    return doc


def main(corpus: str, patterns_file: str, out: str, jobs: str = "1",
         lemmas: str = "lookup") -> None:
    nlp = spacy.blank("de")
    if lemmas == "hanta":
        from HanTa.HanoverTagger import HanoverTagger

        hanta = HanoverTagger("morphmodel_ger.pgz")
        nlp.add_pipe("sentencizer")
    else:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    matcher = Matcher(nlp.vocab)
    for number, pattern in enumerate(json.loads(Path(patterns_file).read_text("utf-8"))):
        matcher.add(f"p{number}", [pattern])
    csv.field_size_limit(sys.maxsize)
    docs = nlp.pipe(rows(corpus), n_process=int(jobs), batch_size=32)
    with open(out, "w", encoding="utf-8") as sink:
        for number, doc in enumerate(docs):
            if lemmas == "hanta":
                tag_with_hanta(doc, hanta)
            doc_id = f"{corpus}:{number}"
            for key, start, end in matcher(doc):
                sink.write(json.dumps({"doc": doc_id, "pattern": nlp.vocab.strings[key],
                                       "span": [doc[start].idx, doc[end - 1].idx
                                                + len(doc[end - 1])]}) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:6])
