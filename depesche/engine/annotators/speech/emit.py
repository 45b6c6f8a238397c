"""The last stage: each report as a REPORT mention with character spans, and each report
of saying or writing (a statement) also as a QUOTE mention with the same attributes."""

from __future__ import annotations

from depesche.engine.annotators.actors import actor_record
from depesche.engine.annotators.speech.model import Reports, char_span
from depesche.engine.annotators.speech.modes import mode_of
from depesche.engine.annotators.speech.speakers import resolve_pronoun, widen
from depesche.engine.document import Mention


def emit(r: Reports) -> None:
    for quote in sorted(r.quotes, key=lambda q: (q.start, q.end)):
        found = [widen(r, m) for m in quote.speakers]
        speakers = [actor_record(m) for m in found]
        if quote.pronoun is not None:
            speakers = [resolve_pronoun(r, quote)]
        speaker_span = (found[0].start, found[-1].end) if found else quote.speaker_span
        start, end = quote.start, quote.end
        if speaker_span is not None and not quote.continued:
            # the mention covers its speaker ("…, sagte ein Sprecher der Polizei")
            start, end = min(start, speaker_span[0]), max(end, speaker_span[1])
        first, last = r.tokens[start], r.tokens[end - 1]
        cue_first, cue_last = r.tokens[quote.cue[0]], r.tokens[quote.cue[1] - 1]
        attrs = {
            "statement": quote.statement,
            "form": quote.form,
            "mode": mode_of(r, quote),
            "cue": r.doc.text[cue_first.start:cue_last.end],
            "cue_span": [cue_first.start, cue_last.end],
            "content_span": char_span(r, quote.content),
            "speaker": speakers[0] if speakers else None,
            "speaker_span": char_span(r, speaker_span) if speaker_span else None,
            "speakers": speakers,
            "continues": quote.continued,
        }
        text = r.doc.text[first.start:last.end]
        r.doc.add_mention(Mention("REPORT", start, end, first.start, last.end, text, attrs))
        if quote.statement:
            r.doc.add_mention(Mention("QUOTE", start, end, first.start, last.end, text, attrs))
