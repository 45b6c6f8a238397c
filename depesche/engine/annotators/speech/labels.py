"""Words under a speaker's label: "Maas: „Wir dürfen nicht abwarten“" in a headline or a
summary, "Glawischnig: Bei meiner ersten Wahl …" in an interview.

A label is a person (or an office) that opens a sentence, right before a colon; a surname
alone names the speaker a label named before, or, after a question, the one who answers
("STANDARD: Was nun? Berger: Wir warten ab."). With quotation marks after it, the quoted
words are the person's (a direct quote, the colon its cue); without them, the rest of the
sentence is. The sentences after a label are not taken to go on with it: carrying an
interview's answer over them gave many facts the gold does not count (tried on dev2).

Words after a colon that closes a clause with an actor as subject are that actor's when
they are a clause of their own in the first person or the Konjunktiv I ("Die Ministerin
sieht das so: Wir haben keine Wahl").
"""

from __future__ import annotations

from depesche.engine.annotators.speech.cues import is_cue
from depesche.engine.annotators.speech.model import (
    FIRST_PERSON,
    OPENERS,
    Quote,
    Reports,
    add,
    body,
    has_finite,
    inside_quote,
)
from depesche.engine.annotators.speech.modes import OPINION_NOUNS
from depesche.engine.document import Mention

# Kinds of actors whose label introduces their words (not a place: "Berlin: …" is a
# dateline).
SPEAKER_KINDS = frozenset({"person", "title", "office", "memory", "open"})
BODY_KINDS = frozenset({"body", "org"})
# Adverbs between a speaker's label and its colon ("Kurz weiter: …").
LABEL_ADVERBS = frozenset({"weiter", "ergänzend", "abschließend", "dazu", "zudem", "außerdem",
                           "zuletzt", "knapp", "trocken"})
# The longest label: "Deutschlands Justizminister Heiko Maas:".
MAX_LABEL = 6
# Adverbs that lead in to a speaker's label: "Dazu die Ärztin: …", "Darauf der Minister: …".
LEAD_INS = frozenset({"dazu", "darauf", "daraufhin", "zudem", "ebenso", "anders"})
# Words under a label with no finite verb are a headline's ("Vizekanzler: Vorschläge nicht
# im Einklang mit EU-Recht") when short and undivided by dashes; a team's line-up is not.
MAX_VERBLESS = 12
DASHES = frozenset({"–", "—", "-"})


def find_labelled(r: Reports) -> None:
    """Add a direct report for each sentence under a speaker's label."""
    surnames: dict[str, Mention] = {}  # the last word of each speaker labelled so far
    for sentence in r.doc.sentences:
        first, last = body(r, sentence)
        found = speaker_label(r, first, last)
        if found is None:
            continue
        speaker = found[0]
        if speaker is None and (r.tokens[first + 1].text == ":" or (
                r.tokens[first + 1].text.lower() in LABEL_ADVERBS
                and r.tokens[first + 2].text == ":")):
            speaker = surnames.get(r.tokens[first].text)  # "Glawischnig:" after "Eva G…:"
            if speaker is not None:
                speaker = _renamed(r, speaker, first)
            elif answers_a_question(r, sentence.index, first):
                speaker = _interviewee(r, first)
        if speaker is None:
            continue  # "STANDARD:", "Fazit:": a label that names no speaker
        surnames[r.tokens[speaker.end - 1].text] = speaker
        colon = speaker.end + (r.tokens[speaker.end].text != ":")  # past "weiter"
        content = (colon + 1, last)
        if content[1] <= content[0] or inside_quote(r, colon + 1) \
                or r.tokens[colon + 1].text in OPENERS:
            continue  # a quotation after the label is the marks' stage's
        if not has_finite(r, *content) and (content[1] - content[0] > MAX_VERBLESS or any(
                t.text in DASHES for t in r.tokens[content[0]:content[1]])):
            continue  # a list under a name ("WAC: Dobnik – Standfest, …"), no words of it
        add(r, Quote("direct", speaker.start, last, (colon, colon + 1), content, [speaker],
                     (speaker.start, speaker.end)))


# Verbs and predicates of a view, whose clause a colon closes before the view itself.
OPINION_WORDS = frozenset({"sehen", "finden", "glauben", "befürchten", "fürchten", "hoffen",
                           "bezweifeln", "resümieren", "bilanzieren", "überzeugt",
                           "überzeugen", "sicher", "skeptisch", "zuversichtlich",
                           "optimistisch", "pessimistisch", "halten"})
# Nouns of a view or a conclusion, whose clause a colon closes before it ("Der Parteichef
# zog daraus den Schluss: …", "Sie hat den Eindruck: …", "Er vertritt die Ansicht: …"): the
# report nouns of an opinion ("nach Ansicht der Regierung") and those of a conclusion.
# ("Sicht" is also what an author says someone has: "Die EU hat eine naive Sicht auf …:")
VIEW_NOUNS = (OPINION_NOUNS - {"sicht"}) | {"schluss", "fazit", "bilanz", "eindruck",
                                            "standpunkt", "position"}


def find_colon_speech(r: Reports) -> None:
    """Words after a colon that closes a clause whose subject is an actor: "Auch die
    Ministerin sieht das so: Wir haben keine Wahl", "Der Botschafter geht noch weiter: Es
    brauche Sanktionen". The words must be a clause of their own in the first person
    (direct) or the Konjunktiv I (indirect), or any clause after one of opinion ("Ähnlich
    sieht das die Ministerin: Die Reform kommt zu spät"); a list or a plan after a colon ("zwei
    Optionen: Diplomatie oder Abschreckung", "Der Plan sieht vor: Die Truppen ziehen ab")
    is nobody's words. Quotation marks and verbs of saying are the other stages'."""
    for sentence in r.doc.sentences:
        first, last = body(r, sentence)
        colon = next((k for k in range(first + 2, last - 2) if r.tokens[k].text == ":"),
                     None)
        if colon is None or inside_quote(r, colon + 1) or r.tokens[colon + 1].text in OPENERS \
                or any(q.start <= colon < q.end for q in r.quoted.get(sentence.index, ())) \
                or any(is_cue(r, k) for k in range(first, colon)):
            continue
        content = (colon + 1, last)
        if not has_finite(r, *content):
            continue
        words = {t.text.lower() for t in r.tokens[content[0]:content[1]]}
        finite = next(t for t in r.tokens[content[0]:content[1]]
                      if (t.pos or "").endswith("FIN"))
        konjunktiv = finite.morph.get("Mood") == "Sub1"
        # (a clause of opinion before the colon makes any sentence after it the view it
        # states: "Ähnlich sieht das die Ministerin: Die Reform kommt zu spät")
        clause = r.clause_at.get(colon - 1) or r.clause_holding(colon - 1)
        opinion = clause is not None and ((clause.verb.lemma in OPINION_WORDS and (
            clause.verb.lemma != "halten" or any(  # "hält wenig von …", not "hält den Ball"
                t.text.lower() in ("von", "für") for t in r.tokens[clause.start:colon])))
            or any(
            (t.pos == "ADJD" and (t.lemma or "") in OPINION_WORDS)
            or (t.pos == "NN" and (t.lemma or "").lower() in VIEW_NOUNS)
            for t in r.tokens[clause.start:colon]))
        if not (words & FIRST_PERSON or konjunktiv or opinion):
            continue
        subject = clause.role("subj") if clause is not None and clause.kind == "main" \
            else None
        if subject is None or subject.inherited:
            continue
        speakers = r.actors_in(subject.phrase.start, subject.phrase.end)
        coded = [m for m in speakers if m.attrs.get("code")]
        speaker = (coded or speakers or [None])[0]
        if speaker is None:
            continue
        add(r, Quote("indirect" if konjunktiv else "direct", first, last, (colon, colon + 1),
                     content, [speaker], (speaker.start, speaker.end)))


def speaker_label(r: Reports, first: int, last: int) -> tuple[Mention | None] | None:
    """Whether the sentence opens with a label (capitalised words and a colon): None if
    not; else a 1-tuple of the speaking actor the label names, or of None ("STANDARD:",
    "Fazit:"). An adverb may lead in to a speaker's label ("Dazu die Ärztin: …")."""
    if first + 2 < last and r.tokens[first].text.lower() in LEAD_INS \
            and r.tokens[first + 1].text != ":":
        found = speaker_label(r, first + 1, last)
        return found if found is not None and found[0] is not None else None
    colon = next((k for k in range(first, min(last, first + MAX_LABEL + 1))
                  if r.tokens[k].text == ":"), None)
    if colon is None or colon == first or colon + 1 >= last:
        return None
    end = colon
    if r.tokens[colon - 1].text.lower() in LABEL_ADVERBS and colon - 1 > first:
        end = colon - 1  # "Kurz weiter: …", "Die Ministerin abschließend: …"
    if r.tokens[first].pos == "PPOSAT" and end == first + 2 \
            and r.tokens[first + 1].text in MESSAGE_NOUNS:
        possessor = _possessor(r, first)  # "Seine Botschaft: …" is the last speaker's
        if possessor is not None:
            return (possessor,)
    actor = r.actor_ending.get(end)
    if actor is not None and actor.start == first and (
            actor.attrs.get("kind") in SPEAKER_KINDS
            or (actor.attrs.get("kind") in BODY_KINDS and actor.attrs.get("sector") != "MED")):
        # "Der französische Außenminister Pierre Dupont:", and a body or an organisation
        # that speaks in a headline ("Griechische Regierung: …", "UNHCR: …"); a medium's
        # name is an interviewer's label ("STANDARD:") or a source line, no speaker
        return (actor,)
    if not all(t.text[:1].isupper() or t.text in ("-", ".") for t in r.tokens[first:end]):
        return None
    return (None,)


# What a possessive label names as someone's words: "Seine Botschaft: …", "Ihr Fazit: …".
MESSAGE_NOUNS = frozenset({"Botschaft", "Devise", "Credo", "Fazit", "Antwort", "Forderung",
                           "Appell", "Bilanz", "Meinung", "Urteil", "Prognose", "Warnung",
                           "Begründung", "Erklärung", "Botschaften", "Argument",
                           "Argumentation", "Einschätzung", "Position", "Standpunkt",
                           "Schlussfolgerung", "Empfehlung", "Vorschlag"})


def _possessor(r: Reports, at: int) -> Mention | None:
    """Whose words a possessive label names: the speaker of the report that ends in the
    sentence before or the one before that, if it names one whose gender the possessive
    fits ("Sein Argument: …" is not the words of "die Kanzlerin")."""
    index = r.tokens[at].sentence
    feminine = r.tokens[at].text.lower().startswith("ihr")
    for quote in reversed(r.quotes):
        last = r.tokens[quote.end - 1].sentence
        if last < index and index - last <= 2 and quote.speakers:
            speaker = quote.speakers[0]
            phrase = next((r.phrases[k] for head in range(speaker.start, speaker.end)
                           for k in r.phrases_at_head.get(head, ())
                           if r.phrases[k].start == speaker.start), None)
            gender = phrase.gender if phrase is not None and phrase.number != "pl" else None
            if gender is not None and (gender == "f") != feminine:
                continue
            return Mention(speaker.label, at, at + 2, r.tokens[at].start,
                           r.tokens[at + 1].end, speaker.text, dict(speaker.attrs))
    return None


def answers_a_question(r: Reports, index: int, first: int) -> bool:
    """Whether a one-word label opens an answer in an interview: the sentence before ends
    in a question mark, and the label is a name ("STANDARD: Was nun? Berger: Wir warten
    ab."; a noun to the tagger only if the article used it before), not a medium's or a
    heading's word in capitals."""
    token = r.tokens[first]
    if index == 0 or token.text.isupper() or not token.text[:1].isupper():
        return False
    if token.pos != "NE" and not (token.pos == "NN" and any(
            t.text == token.text and t.i > 0 and r.tokens[t.i - 1].sentence == t.sentence
            and r.tokens[t.i - 1].text[:1].isupper() and r.tokens[t.i - 1].pos != "ART"
            for t in r.tokens[:r.doc.sentences[index].first])):
        # a name the tagger took for a noun ("Wiesgrund") counts when the article named it
        # before after a first name or a title ("Ingrid Wiesgrund leitet …"); "Antwort:"
        # after "eine Antwort" is no name
        return False
    before = r.doc.sentences[index - 1]
    return r.tokens[before.last - 1].text == "?"


def _interviewee(r: Reports, at: int) -> Mention:
    """The person a one-word label names: an actor of the document with that surname (its
    code), else the name alone."""
    token = r.tokens[at]
    known = next((m for m in r.actors if m.end <= at and r.tokens[m.end - 1].text == token.text
                  and m.attrs.get("kind") in SPEAKER_KINDS), None)
    if known is not None:
        return _renamed(r, known, at)
    attrs = {"text": token.text, "name": token.text, "code": None, "sector": None,
             "kind": "unknown"}
    return Mention("ACTOR", at, at + 1, token.start, token.end, token.text, attrs)


def _renamed(r: Reports, speaker: Mention, at: int) -> Mention:
    """The speaker of an earlier label, named again by the surname at token ``at``."""
    token = r.tokens[at]
    return Mention(speaker.label, at, at + 1, token.start, token.end, token.text,
                   dict(speaker.attrs, text=token.text))
