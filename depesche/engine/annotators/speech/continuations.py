"""Stage 6: a Konjunktiv I sentence (or one opening with "Demnach") right after a report
continues it, with its speaker and cue."""

from __future__ import annotations

from depesche.engine.annotators.speech.model import Quote, Reports, body

# Sentence adverbs that go on with the report before ("Demnach sprachen die beiden …").
CONTINUERS = frozenset({"Demnach", "Demzufolge", "Dementsprechend"})


def find_continuations(r: Reports) -> None:
    """A sentence whose main verb is in the Konjunktiv I (or that opens with "Demnach"),
    right after a report and with no report of its own, goes on with that report
    (Duden. Die Grammatik, on indirect speech: the Konjunktiv alone marks its
    continuation over several sentences)."""
    ending: dict[int, Quote] = {}
    for quote in r.quotes:
        ending[r.tokens[quote.end - 1].sentence] = quote
    started = {r.tokens[quote.start].sentence for quote in r.quotes}
    for sentence in r.doc.sentences:
        previous = ending.get(sentence.index - 1)
        if previous is None or sentence.index in started:
            continue
        first, last = body(r, sentence)
        if first >= last or "\n\n" in r.doc.text[r.tokens[first - 1].end:
                                                     r.tokens[first].start]:
            continue
        finite = next((t for t in r.tokens[first:last]
                       if (t.pos or "").endswith("FIN")), None)
        reported = r.tokens[first].text in CONTINUERS
        if not reported and (finite is None or finite.morph.get("Mood") != "Sub1"):
            continue
        quote = Quote("indirect", first, last, previous.cue, (first, last),
                      previous.speakers, previous.speaker_span, previous.pronoun,
                      continued=True)
        r.quotes.append(quote)
        ending[sentence.index] = quote
