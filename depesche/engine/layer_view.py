"""The text layer of an annotated document as plain records, one per sentence.

This is what ``depesche annotate`` prints: for each sentence its text and character span,
its tokens with every annotation they carry (``lemma``, ``pos``, ``morph``, ``classes``
and token attributes such as ``head`` or ``dateline``), and the span annotations that
start in it: ``dates``, ``quotes`` and ``actors``. All spans are ``[start, end]`` character
offsets into the raw text. A quote that runs over several sentences is listed with the
sentence it starts in.
"""

from __future__ import annotations

from typing import Any

from depesche.engine.document import Document, Mention, Token

ACTOR_KEYS = ("text", "name", "code", "sector")


def token_record(token: Token) -> dict[str, Any]:
    """A token with its annotations; attributes of other annotators follow the fixed keys."""
    record: dict[str, Any] = {
        "text": token.text,
        "span": [token.start, token.end],
        "lemma": token.lemma,
        "pos": token.pos,
        "morph": dict(token.morph),
        "classes": sorted(token.classes),
    }
    for key, value in token.attrs.items():
        record.setdefault(key, value)
    return record


def date_record(mention: Mention) -> dict[str, Any]:
    return {"text": mention.text, "span": [mention.char_start, mention.char_end],
            "value": mention.attrs.get("value"), "granularity": mention.attrs.get("granularity")}


def quote_record(mention: Mention) -> dict[str, Any]:
    attrs = mention.attrs
    return {"span": [mention.char_start, mention.char_end], "speaker": attrs.get("speaker"),
            "cue": attrs.get("cue"), "form": attrs.get("form"),
            "content_span": attrs.get("content_span")}


def actor_view(mention: Mention) -> dict[str, Any]:
    return {"span": [mention.char_start, mention.char_end],
            **{key: mention.attrs.get(key) for key in ACTOR_KEYS}}


def sentence_records(doc: Document) -> list[dict[str, Any]]:
    """One record per sentence, in the format of ``depesche annotate --format jsonl``."""
    starting: dict[str, dict[int, list[Mention]]] = {}
    for label in ("DATE", "QUOTE", "ACTOR"):
        by_sentence: dict[int, list[Mention]] = {}
        for mention in sorted(doc.mentions.get(label, ()), key=lambda m: (m.start, m.end)):
            by_sentence.setdefault(doc.tokens[mention.start].sentence, []).append(mention)
        starting[label] = by_sentence
    records = []
    for sentence in doc.sentences:
        index = sentence.index
        records.append({
            "text": doc.text[sentence.start:sentence.end],
            "span": [sentence.start, sentence.end],
            "tokens": [token_record(token) for token in doc.sentence_tokens(sentence)],
            "dates": [date_record(m) for m in starting["DATE"].get(index, ())],
            "quotes": [quote_record(m) for m in starting["QUOTE"].get(index, ())],
            "actors": [actor_view(m) for m in starting["ACTOR"].get(index, ())],
        })
    return records
