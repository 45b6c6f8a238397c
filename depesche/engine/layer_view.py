"""The text layer of an annotated document as plain records, one per sentence.

This is what ``depesche annotate`` prints: for each sentence its text and character span,
its tokens with every annotation they carry (``lemma``, ``pos``, ``morph``, ``classes``
and token attributes such as ``head`` or ``dateline``), and the span annotations that
start in it: ``dates``, ``quotes`` and ``actors``, and its ``phrases`` and ``clauses``
(each clause with its verb complex and roles). All spans are ``[start, end]`` character
offsets into the raw text. A quote that runs over several sentences is listed with the
sentence it starts in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Clause, Document, Mention, Phrase, Token
from depesche.engine.lexicon import Lexicon
from depesche.engine.tokenizer import tokenize

ACTOR_KEYS = ("text", "name", "code", "sector")
# The layers ``depesche annotate`` runs, whether or not a pack's rules read them.
FEATURES = ("lemma", "pos", "morph", "head", "lexicons", "ACTOR", "DATE", "QUOTE", "clauses")


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
    return {"span": [mention.char_start, mention.char_end],
            "statement": attrs.get("statement", True), "speaker": attrs.get("speaker"),
            "cue": attrs.get("cue"), "form": attrs.get("form"), "mode": attrs.get("mode"),
            "cue_span": attrs.get("cue_span"), "content_span": attrs.get("content_span"),
            "speaker_span": attrs.get("speaker_span"), "speakers": attrs.get("speakers", []),
            "continues": attrs.get("continues", False)}


def actor_view(mention: Mention) -> dict[str, Any]:
    return {"span": [mention.char_start, mention.char_end],
            **{key: mention.attrs.get(key) for key in ACTOR_KEYS}}


def _char_span(doc: Document, start: int, end: int) -> list[int]:
    return [doc.tokens[start].start, doc.tokens[end - 1].end]


def phrase_record(doc: Document, phrase: Phrase) -> dict[str, Any]:
    """A phrase: text, span, head, kind, case, number, preposition, and its actor."""
    record: dict[str, Any] = {
        "text": phrase.text, "span": _char_span(doc, phrase.start, phrase.end),
        "head": doc.tokens[phrase.head].text, "kind": phrase.kind,
        "cases": sorted(phrase.cases), "number": phrase.number, "prep": phrase.prep,
    }
    if phrase.actor is not None:
        record["actor"] = {key: phrase.actor.get(key) for key in ACTOR_KEYS}
    if phrase.members:
        record["members"] = [phrase_record(doc, m) for m in phrase.members]
    return record


def clause_record(doc: Document, clause: Clause) -> dict[str, Any]:
    """A clause: kind, span, its verb complex, and each role with the phrase that fills it."""
    verb = clause.verb
    tokens = doc.tokens
    return {
        "kind": clause.kind, "span": _char_span(doc, clause.start, clause.end),
        "text": doc.text[tokens[clause.start].start:tokens[clause.end - 1].end],
        "introducer": clause.introducer, "question": clause.question,
        "conditional": clause.conditional,
        "verb": {"head": tokens[verb.head].text, "lemma": verb.lemma,
                 "finite": tokens[verb.finite].text if verb.finite is not None else None,
                 "words": [tokens[i].text for i in verb.tokens], "voice": verb.voice,
                 "tense": verb.tense, "mood": verb.mood, "modal": verb.modal,
                 "auxiliary": verb.auxiliary,
                 "negated": verb.negated, "number": verb.number},
        "roles": [{"role": role.name, "text": role.phrase.text,
                   "span": _char_span(doc, role.phrase.start, role.phrase.end),
                   "inherited": role.inherited,
                   "actor": ({key: role.phrase.actor.get(key) for key in ACTOR_KEYS}
                             if role.phrase.actor is not None else None)}
                  for role in clause.roles],
    }


def sentence_records(doc: Document) -> list[dict[str, Any]]:
    """One record per sentence, in the format of ``depesche annotate --format jsonl``."""
    starting: dict[str, dict[int, list[Mention]]] = {}
    for label in ("DATE", "REPORT", "ACTOR"):
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
            "quotes": [quote_record(m) for m in starting["REPORT"].get(index, ())],
            "actors": [actor_view(m) for m in starting["ACTOR"].get(index, ())],
            "phrases": [phrase_record(doc, p) for p in doc.phrases if p.sentence == index],
            "clauses": [clause_record(doc, c) for c in doc.clauses if c.sentence == index],
        })
    return records


def clause_line(record: dict[str, Any]) -> str:
    """One line for a clause record: kind, verb complex, then each role and its actor."""
    verb = record["verb"]
    flags = [verb["voice"], verb["tense"], verb["mood"]]
    if verb["modal"]:
        flags.append(f"modal={verb['modal']}")
    if verb["negated"]:
        flags.append("negated")
    roles = []
    for role in record["roles"]:
        actor = role["actor"]
        code = f" [{actor['code']}]" if actor and actor.get("code") else ""
        mark = "^" if role["inherited"] else ""
        roles.append(f"{role['role']}{mark}={role['text']!r}{code}")
    return (f"CLAUSE {record['kind']} {verb['lemma']} ({', '.join(flags)})  "
            + "  ".join(roles))


def annotate_records(doc: Document, lexicons: Sequence[Lexicon] = ()) -> list[dict[str, Any]]:
    """Tokenize ``doc``, run every layer of :data:`FEATURES` with ``lexicons``, give the records.

    What ``depesche annotate --format jsonl`` prints, one record a sentence.
    """
    if not doc.tokens:
        tokenize(doc)
    annotate(doc, FEATURES, AnnotationContext(lexicons=tuple(lexicons)))
    return sentence_records(doc)
