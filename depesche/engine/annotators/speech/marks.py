"""Stage 1: quotation marks, with a cue after them ("„…,“ sagte der Offizielle"; "„…“, so
der Botschafter") or before them ("Lawrow sagte: „…“"); a quote may span several
sentences, and an unattributed quote that opens the sentence right after an attributed
one continues it."""

from __future__ import annotations

from depesche.engine.annotators.speech.cues import is_cue, particle_end, perfect_cue
from depesche.engine.annotators.speech.labels import speaker_label
from depesche.engine.annotators.speech.model import (
    OPENERS,
    Quote,
    Reports,
    add,
    body,
    sentence_of,
)
from depesche.engine.annotators.speech.speakers import cue_speaker, span_of, speaker_after


def marked_spans(r: Reports) -> list[tuple[int, int]]:
    """Top-level quotation-mark pairs as token ranges ``[open, close]`` (inclusive).

    A quote left open at a paragraph break ends there; an opener inside an open quote
    of the same kind restarts it (a stray mark).
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closers = ""
    for token in r.tokens:
        text = token.text
        if opened is not None:
            if text in closers:
                spans.append((opened, token.i))
                opened = None
                continue  # the mark that closes a quote opens none ("„Panik“.")
            elif "\n\n" in r.doc.text[r.tokens[token.i - 1].end:token.start]:
                spans.append((opened, token.i - 1))
                opened = None
            elif text == r.tokens[opened].text and text != '"':
                opened = token.i
                continue
        if opened is None and text in OPENERS and token.i + 1 < len(r.tokens):
            following = r.tokens[token.i + 1]
            if following.start == token.end:  # an opener hugs the word after it
                opened, closers = token.i, OPENERS[text]
    return spans


def find_marked(r: Reports) -> None:
    previous: Quote | None = None
    for open_i, close_i in marked_spans(r):
        content = inner(r, open_i, close_i)
        if content is None:
            continue
        r.marked.append(content)
        quote = cue_after(r, open_i, close_i, content) or \
            cue_before(r, open_i, close_i, content)
        if quote is None and previous is not None:
            quote = continuation(r, previous, open_i, close_i, content)
        if quote is not None:
            add(r, quote)
            previous = quote


def inner(r: Reports, open_i: int, close_i: int) -> tuple[int, int] | None:
    """The content tokens inside quotation marks, without a trailing comma."""
    first, last = open_i + 1, close_i
    while last > first and r.tokens[last - 1].text == ",":
        last -= 1
    if last - first < 3:  # a quoted word ("„schleichende“") is not a report
        return None
    return first, last


def cue_after(r: Reports, open_i: int, close_i: int, content: tuple[int, int]) -> Quote | None:
    """„…“, sagte X  /  „…“, so X  /  „…“, hat X gesagt"""
    k = close_i + 1
    while k < len(r.tokens) and r.tokens[k].text in (",", "–", "-"):
        k += 1
    if k >= len(r.tokens):
        return None
    limit = sentence_of(r, k).last
    perfect = perfect_cue(r, k, limit)
    if perfect is not None:
        k = perfect  # „…“, hatte X (der Zeitung) gesagt
    token = r.tokens[k]
    if perfect is not None or is_cue(r, k, finite=True) or token.text.lower() == "so":
        speakers, pronoun, end = (speaker_after(r, k + 1, limit) if token.text.lower() == "so"
                                  else cue_speaker(r, k, k, limit))
        if not speakers and pronoun is None and token.text.lower() == "so":
            return None
        end = particle_end(r, k, max(end, k + 1), limit)
        r.used.add(k)
        return Quote("direct", open_i, end, (k, k + 1), content, speakers,
                     span_of(r, speakers, pronoun), pronoun)
    return None


def cue_before(r: Reports, open_i: int, close_i: int, content: tuple[int, int]) -> Quote | None:
    """X sagte: „…“  /  sagte X: „…“  /  X: „…“ (a label)"""
    colon = open_i - 1
    if colon < 0 or r.tokens[colon].text != ":":
        return None
    floor = sentence_of(r, colon).first
    for k in range(colon - 1, max(floor, colon - 8) - 1, -1):
        if not is_cue(r, k, finite=True):
            continue
        speakers, pronoun, _ = cue_speaker(r, k, floor, colon, before=k)
        start = speakers[0].start if speakers and speakers[0].start < k else k
        r.used.add(k)
        return Quote("direct", start, close_i + 1, (k, k + 1), content, speakers,
                     span_of(r, speakers, pronoun), pronoun)
    first, last = body(r, sentence_of(r, colon))
    label = speaker_label(r, first, last)
    if label is not None and label[0] is not None and label[0].end == colon:
        # "Maas: „Wir dürfen nicht abwarten“": the label is the speaker, the colon the cue
        speaker = label[0]
        return Quote("direct", speaker.start, close_i + 1, (colon, colon + 1), content,
                     [speaker], (speaker.start, speaker.end))
    return None


def continuation(r: Reports, previous: Quote, open_i: int, close_i: int,
                 content: tuple[int, int]) -> Quote | None:
    """An unattributed quote opening the sentence after an attributed one goes on."""
    sentence = sentence_of(r, open_i)
    if sentence.first != open_i or sentence.index == 0:
        return None
    if r.tokens[previous.end - 1].sentence != sentence.index - 1:
        return None
    return Quote("direct", open_i, close_i + 1, previous.cue, content,
                 previous.speakers, previous.speaker_span, previous.pronoun, continued=True)
