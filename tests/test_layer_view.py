"""The per-sentence records of ``depesche annotate``: offsets into the raw text, JSON-ready."""

from __future__ import annotations

import json
from pathlib import Path

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.layer_view import sentence_records
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.lexicons import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
LEXICONS = tuple(load_lexicon(p) for p in sorted((ROOT / "rules" / "lexicons").glob("*.yaml")))


def seed_records() -> tuple[str, list[dict]]:
    text = SEED.read_text(encoding="utf-8")
    doc = tokenize(read_document("seed", text))
    annotate(doc, {"lemma", "pos", "morph", "lexicons", "ACTOR", "DATE", "QUOTE"},
             AnnotationContext(lexicons=LEXICONS))
    return text, sentence_records(doc)


def test_records_point_into_the_raw_text() -> None:
    text, records = seed_records()
    for record in records:
        assert text[slice(*record["span"])] == record["text"]
        for token in record["tokens"]:
            assert text[slice(*token["span"])] == token["text"]
            assert set(token) >= {"text", "span", "lemma", "pos", "morph", "classes"}
        for date in record["dates"]:
            assert text[slice(*date["span"])] == date["text"]
    json.dumps(records, ensure_ascii=False)


def test_seed_dates_and_quotes_by_sentence() -> None:
    _, records = seed_records()
    values = [d["value"] for r in records for d in r["dates"] if "Januar" in d["text"]]
    assert values == ["2022-01-10", "2022-01-12", "2022-01-13"]
    quotes = [q for r in records for q in r["quotes"]]
    assert quotes and all(q["speaker"] for q in quotes)
    opening = next(r for r in records if r["text"].startswith("„Sollte sich Russland"))
    assert [(q["form"], q["cue"], q["speaker"]["code"]) for q in opening["quotes"]] == [
        ("direct", "sagte", "USA")]
    token = next(t for r in records for t in r["tokens"] if t["text"] == "US-Regierungsmitglied")
    assert "ACTOR" in token["classes"]


def test_quote_records_keep_cue_and_speaker_spans() -> None:
    """``annotate --format jsonl`` left out the cue span, the speaker span and all speakers
    that docs/annotations.md documents (issue 19, error class 6)."""
    text, records = seed_records()
    quotes = [q for record in records for q in record["quotes"]]
    assert quotes
    for quote in quotes:
        assert text[slice(*quote["cue_span"])] == quote["cue"]
        if quote["speaker_span"] and not quote["continues"]:
            start, end = quote["span"]
            assert start <= quote["speaker_span"][0] and quote["speaker_span"][1] <= end
        assert quote["speakers"][:1] == ([quote["speaker"]] if quote["speaker"] else [])
