"""Speakers: who a cue reports, as actors, noun phrases or pronouns.

The speaker is the cue's subject: a phrase opening with a determiner that is never
nominative ("den", "dem", "seinen") or standing after a preposition is an object; with
"zitieren" the person cited after the subject speaks. A pronoun speaker ("sagte er") is
taken to be the last person named before the quote.
"""

from __future__ import annotations

import bisect
import itertools
from typing import Any

from depesche.engine.annotators.actors import actor_record
from depesche.engine.annotators.speech.model import OPENERS, PERSON_KINDS, Quote, Reports
from depesche.engine.document import Mention, Phrase, Token

PRONOUNS = frozenset({"er", "sie"})

# Determiners that are never nominative (Duden. Die Grammatik, on the declension of the
# article and the possessives): a noun phrase opening with one is an object or a
# complement, never the subject who speaks ("mitgeteilt … den Nationalfeiertag").
OBLIQUE_DETERMINERS = frozenset({"den", "dem", "des", "einen", "einem", "eines", "einer",
                                 "diesen", "diesem", "jenen", "jenem"})

OBLIQUE_POSSESSIVE_ENDINGS = ("en", "em", "es", "er")

NOMINATIVE_POSSESSIVES = frozenset({"unser", "euer"})

PREPOSITION_TAGS = frozenset({"APPR", "APPRART"})

# Cues whose object, not their subject, is the speaker: "zitierte die Agentur TASR Fico".
CITING_CUES = frozenset({"zitieren"})

# STTS tags of a noun phrase that names a speaker no lexicon knows.
MODIFIER_TAGS = frozenset({"ART", "PPOSAT", "PDAT", "PIAT", "ADJA"})

NOUN_TAGS = frozenset({"NN", "NE", "FM"})

NP_TAGS = MODIFIER_TAGS | NOUN_TAGS

SKIPPED_TAGS = frozenset({"ADV", "ADJD", "PTKNEG"})

# Phrase kinds that never speak: times ("am Montag") and "sich".
NO_SPEAKER_KINDS = frozenset({"time", "reflexive"})
# Words for words, which denote and do not speak ("Der Begriff bezeichnet …", "Das Wort
# meint …").
WORDS_FOR_WORDS = frozenset({"Begriff", "Wort", "Ausdruck", "Bezeichnung", "Name", "Titel",
                             "Formel", "Abkürzung", "Fachbegriff", "Schlagwort"})
MAX_GAP = 4  # tokens allowed between a cue and its speaker ("sagte am Dienstag X")



def oblique(r: Reports, i: int) -> bool:
    """Whether token ``i`` is a determiner that is never nominative."""
    token = r.tokens[i]
    text = token.text.lower()
    if token.pos == "PPOSAT":
        return text.endswith(OBLIQUE_POSSESSIVE_ENDINGS) and text not in NOMINATIVE_POSSESSIVES
    return token.pos in MODIFIER_TAGS and text in OBLIQUE_DETERMINERS


def governed(r: Reports, start: int, floor: int) -> bool:
    """Whether the phrase starting at ``start`` is in a case other than the nominative:
    it opens with an oblique determiner or follows a preposition ("aus der EU sahen
    sich …"), so it cannot be the subject of the verb after it."""
    if oblique(r, start):
        return True
    j = start - 1
    while j >= floor and r.tokens[j].pos in MODIFIER_TAGS:
        if oblique(r, j):
            return True
        j -= 1
    return j >= floor and r.tokens[j].pos in PREPOSITION_TAGS


def speaker_after(r: Reports, i: int, limit: int) -> tuple[list[Mention], Token | None, int]:
    """The actor, pronoun or other noun phrase that follows a cue, and where it ends."""
    for j in range(i, min(i + MAX_GAP, limit)):
        token = r.tokens[j]
        if token.text in ",.;:" or token.text in OPENERS:
            break
        if j in r.actor_at and not governed(r, j, j):
            actor = r.actor_at[j]
            return [actor], None, actor.end
        if token.text.lower() in PRONOUNS and token.pos == "PPER":
            return [], token, j + 1
        if token.pos in NP_TAGS and "DATE" not in token.classes:
            break  # another noun phrase comes first: the object, not the speaker
    phrase = phrase_after(r, i, limit)
    if phrase is not None:
        return [phrase], None, phrase.end
    return [], None, i


def phrase_after(r: Reports, i: int, limit: int) -> Mention | None:
    """The first noun phrase after a cue, past adverbs, dates and prepositional phrases:
    a speaker no lexicon knows ("sagte die Psychotherapeutin Barbara Preitler")."""
    j = i
    while j < min(i + 2 * MAX_GAP, limit):
        token = r.tokens[j]
        pos = token.pos or ""
        if "DATE" in token.classes or pos in SKIPPED_TAGS:
            j += 1
        elif pos in ("APPR", "APPRART"):
            j += 1
            while j < limit and (r.tokens[j].pos or "") not in NOUN_TAGS:
                j += 1
            j += 1
            j = past_genitive(r, j, limit)
        elif pos in NP_TAGS:
            return None if oblique(r, j) else noun_phrase(r, j, limit)
        else:
            return None
    return None


def noun_phrase(r: Reports, start: int, limit: int) -> Mention | None:
    """Determiners and adjectives, then nouns and names: a speaker without a code, or with
    the code of a name apposed to its class noun at its end ("des Flüchtlingshilfswerks
    UNHCR" is the UN's)."""
    j = start
    while j < limit and r.tokens[j].pos in MODIFIER_TAGS:
        j += 1
    if j >= limit or r.tokens[j].pos not in NOUN_TAGS:
        return None
    while j < limit and r.tokens[j].pos in NOUN_TAGS and r.tokens[j].text[:1].isupper() \
            and not next_phrase(r, j):
        j += 1
    first, last = r.tokens[start], r.tokens[j - 1]
    text = r.doc.text[first.start:last.end]
    names = [t.text for t in r.tokens[start:j] if t.pos == "NE"]
    attrs = {"text": text, "name": " ".join(names) or None, "code": None, "sector": None,
             "kind": "unknown"}
    apposed = next((m for k in range(start + 1, j) if (m := r.actor_at.get(k)) is not None
                    and m.end == j and m.attrs.get("code") and r.tokens[k].pos in ("NE", "FM")
                    and m.attrs.get("kind") in ("org", "person")
                    and r.tokens[k - 1].pos == "NN"), None)
    if apposed is not None:
        attrs = {**attrs, "code": apposed.attrs["code"], "sector": apposed.attrs.get("sector"),
                 "name": apposed.attrs.get("name") or attrs["name"]}
    return Mention("ACTOR", start, j, first.start, last.end, text, attrs)


def next_phrase(r: Reports, j: int) -> bool:
    """Whether an actor at ``j`` opens a phrase of its own: after a name it does ("die
    Nachrichtenagentur TASR Fico" is the agency, then Fico); after a common noun it
    names it ("die Nachrichtenagentur Interfax")."""
    return j in r.actor_at and r.tokens[j - 1].pos == "NE"


def subject_before(r: Reports, i: int, floor: int) -> tuple[list[Mention], Token | None]:
    """The subject ending right before a verb: actors, a pronoun, or a noun phrase that
    opens the clause ("Schneeberger betonte, dass …"), also with adverbs between them
    that share its place before the verb ("Mikl-Leitner wiederum erklärte")."""
    i = skip_adverbs(r, i, floor)
    actors = speakers_before(r, i, floor)
    if actors:
        return actors, None
    token = r.tokens[i - 1] if i > floor else None
    if token is not None and token.text.lower() in PRONOUNS and token.pos == "PPER" and \
            (i - 1 == floor or r.tokens[i - 2].text in ",:"):
        return [], token
    start = i
    while start - 1 >= floor and r.tokens[start - 1].pos in NP_TAGS:
        start -= 1
    if start == i or (start > floor and r.tokens[start - 1].text not in ",:"):
        return [], None
    if governed(r, start, start):
        return [], None
    phrase = noun_phrase(r, start, i)
    return ([phrase], None) if phrase is not None and phrase.end == i else ([], None)


def speakers_before(r: Reports, i: int, floor: int) -> list[Mention]:
    """The actor ending right before token ``i``, with actors coordinated with it."""
    actor = r.actor_ending.get(i)
    if actor is None or actor.start < floor or governed(r, actor.start, floor):
        return []
    found = [actor]
    j = actor.start
    while j - 1 >= floor and r.tokens[j - 1].text.lower() in ("und", "sowie", ",", "auch"):
        k = j - 1
        # "Biden und Putin", "sowohl Biden wie auch Putin", "sowohl Paris als auch Rom"
        while k - 1 >= floor and r.tokens[k - 1].text.lower() in ("wie", "als", "sowie", "und"):
            k -= 1
        earlier = r.actor_ending.get(k)
        if earlier is None or earlier.start < floor:
            break
        found.insert(0, earlier)
        j = earlier.start
    return found


def cue_speaker(r: Reports, k: int, floor: int, limit: int, before: int | None = None
                ) -> tuple[list[Mention], Token | None, int]:
    """Who the cue at ``k`` reports, and where the speaker ends. In this order: nobody or
    the "von" phrase for a passive; the actors right before the finite verb ``before``
    ("Lawrow sagte", "Biden und Putin bestätigten": word order is surest there); the
    subject of the cue's clause (the clause layer: "Ein Sprecher der Polizei sagte", "…,
    sagte ein Sprecher der Polizei"); a pronoun or noun phrase before the verb or after
    the cue (word order, for clauses the clause layer leaves without a subject)."""
    found = clause_subject(r, k)
    if found is None:
        return [], None, k + 1
    if before is not None:
        actors = speakers_before(r, skip_adverbs(r, before, floor), floor)
        if actors:
            return actors, None, k + 1
    speakers, pronoun = found
    if speakers or pronoun is not None:
        end = max(speakers[-1].end if speakers else pronoun.i + 1, k + 1)  # type: ignore[union-attr]
        return speakers, pronoun, end
    if before is not None:
        speakers, pronoun = subject_before(r, before, floor)
        if speakers or pronoun is not None:
            return speakers, pronoun, k + 1
    return speaker_after(r, (before if before is not None else k) + 1, limit)


def skip_adverbs(r: Reports, i: int, floor: int) -> int:
    """Where the place before the verb at ``i`` ends, past adverbs that share it with the
    subject ("Mikl-Leitner wiederum erklärte")."""
    while i - 1 > floor and r.tokens[i - 1].pos == "ADV":
        i -= 1
    return i


def past_genitive(r: Reports, j: int, limit: int) -> int:
    """Past a genitive that goes on with the noun before it ("vor einer Sprengung der
    Europäischen Union"): "des"/"eines"/"einer", or "der" with an adjective in "-en"
    (a nominative "der" takes "-e": "der Europäische …")."""
    while j < limit:
        word = r.tokens[j].text.lower()
        after = r.tokens[j + 1] if j + 1 < limit else None
        if not (word in ("des", "eines", "einer") or (
                word == "der" and after is not None and after.pos == "ADJA"
                and after.text.endswith("en"))):
            return j
        j += 1
        while j < limit and (r.tokens[j].pos or "") in ("ADJA", "ADV", "CARD"):
            j += 1
        while j < limit and (r.tokens[j].pos or "") in NOUN_TAGS:
            j += 1
    return j


def clause_subject(r: Reports, k: int) -> tuple[list[Mention], Token | None] | None:
    """The subject of the clause whose verb complex holds token ``k``, whatever phrase it
    is (an actor, an open actor, any noun phrase; each member of a coordination), or "er"
    or "sie"; nothing for another pronoun ("es", "man") or a subject in another case. In
    a passive the "von" phrase speaks ("wurde von X betont"), and without one nobody:
    None then, so that no other heuristic looks for a speaker."""
    clause = r.clause_at.get(k)
    if clause is not None and clause.verb.voice == "passive":
        agent = clause.role("agent")
        return ([phrase_speaker(r, agent.phrase)], None) if agent is not None else None
    role = clause.role("subj") if clause is not None else None
    if role is None:
        return [], None
    phrase = role.phrase
    if phrase.kind == "pronoun":
        token = r.tokens[phrase.start]
        return ([], token) if token.text.lower() in PRONOUNS and not role.inherited else ([], None)
    if r.tokens[phrase.head].text in WORDS_FOR_WORDS:
        return None  # "Der Begriff bezeichnet …": it denotes, and nobody speaks
    if phrase.prep is not None or "nom" not in phrase.cases or phrase.kind in NO_SPEAKER_KINDS:
        return [], None
    return [phrase_speaker(r, member) for member in (phrase.members or (phrase,))], None


def phrase_speaker(r: Reports, phrase: Phrase) -> Mention:
    """A phrase as a speaker: the actor it names (the ACTOR mention at its head, with its
    code), spread over the whole phrase ("ein Sprecher der Polizei"), else the phrase's
    own actor record (an open actor) or its text."""
    first, last = r.tokens[phrase.start], r.tokens[phrase.end - 1]
    text = r.doc.text[first.start:last.end]
    heads = [m for start in range(phrase.start, phrase.head + 1)
             for m in r.actors_from.get(start, ()) if phrase.head < m.end <= phrase.end]
    # The coded actor where two share the head ("der SPD-Politiker": a title, and the
    # minister the memory says it describes).
    head = next((m for m in heads if m.attrs.get("code")), heads[0] if heads else None)
    coded = phrase.actor is not None and phrase.actor.get("code")
    if head is not None and (head.attrs.get("code") or not coded):
        attrs = {**head.attrs, "text": text}
    elif head is not None and phrase.actor is not None:
        # an uncoded title at the head, a coded body in its genitive ("ein Sprecher der
        # US-Streitkräfte"): the phrase's actor, as the memory read it
        attrs = {**head.attrs, **phrase.actor, "text": text}
    elif phrase.actor is not None:
        attrs = {**phrase.actor, "text": text, "kind": phrase.actor.get("kind", "open")}
    else:
        names = [t.text for t in r.tokens[phrase.start:phrase.end] if t.pos == "NE"]
        attrs = {"text": text, "name": " ".join(names) or None, "code": None, "sector": None,
                 "kind": "unknown"}
    return Mention("ACTOR", phrase.start, phrase.end, first.start, last.end, text, attrs)


def widen(r: Reports, speaker: Mention) -> Mention:
    """A speaker found by word order, spread over the phrase it heads: its genitive
    attributes and apposition are part of who speaks ("ein Sprecher der Polizei", "der
    Leiter der Behörde, Hans Huber"), as the phrase layer reads them."""
    best: Phrase | None = None
    for phrase in heading(r, speaker.start, speaker.end):
        if phrase.start <= speaker.start and speaker.end <= phrase.end \
                and all(t.pos in MODIFIER_TAGS for t in r.tokens[phrase.start:speaker.start]) \
                and speaker.start <= phrase.head < speaker.end and phrase.prep is None \
                and (best is None or phrase.end - phrase.start > best.end - best.start):
            best = phrase
    if best is None or (best.start, best.end) == (speaker.start, speaker.end):
        return speaker
    widened = phrase_speaker(r, best)
    widened.attrs = {**speaker.attrs, "text": widened.text}
    return widened


def heading(r: Reports, start: int, end: int) -> list[Phrase]:
    """The phrases (and coordinated members) whose head is in tokens ``[start, end)``,
    in the order of ``r.phrases``."""
    found = sorted(k for head in range(start, end) for k in r.phrases_at_head.get(head, ()))
    return [r.phrases[k] for k in found]


def span_of(r: Reports, speakers: list[Mention], pronoun: Token | None) -> tuple[int, int] | None:
    if speakers:
        return speakers[0].start, speakers[-1].end
    if pronoun is not None:
        return pronoun.i, pronoun.i + 1
    return None


# Sectors of office holders, whose code a pronoun may carry on (a firm's chief or a
# coach coded by a lexicon is no one to carry a state's code to "er").
PUBLIC_SECTORS = frozenset({"GOV", "MIL", "LEG", "IGO", "PTY", "JUD", "COP", "SPY", "REB"})


def resolve_pronoun(r: Reports, quote: Quote) -> dict[str, Any]:
    """The last person named before the quote's content ("…, sagte er"), else the
    pronoun alone, without a code."""
    assert quote.pronoun is not None
    record: dict[str, Any] = {"text": quote.pronoun.text, "name": None, "code": None,
                              "sector": None}
    # The document memory's reading first: it weighs subjects over objects ("X traf Y.
    # Er sagte …" is X), where recency alone would take Y.
    taken_up = next((m for m in r.doc.covering("ACTOR_REF", quote.pronoun.i)
                     if m.attrs.get("code") and m.attrs.get("sector") in PUBLIC_SECTORS),
                    None)
    if taken_up is not None:
        return {**actor_record(taken_up), "text": quote.pronoun.text}
    before = min(quote.content[0], quote.pronoun.i)
    # Persons are in order of their start: none after ``before`` can end by it.
    for k in range(bisect.bisect_right(r.person_starts, before) - 1, -1, -1):
        actor = r.persons[k]
        if actor.end <= before:
            return {**actor_record(actor), "text": quote.pronoun.text}
    return record


def cited(r: Reports, k: int, speakers: list[Mention], pronoun: Token | None, end: int,
          limit: int) -> tuple[list[Mention], Token | None, int]:
    """For a citing cue, the person cited right after its subject is the speaker:
    "…, zitierte die Nachrichtenagentur TASR Fico" reports Fico's words."""
    if (r.tokens[k].lemma or "") not in CITING_CUES:
        return speakers, pronoun, end
    if speakers:  # the clause layer's subject holds both: "die Agentur TASR Fico"
        # Actors are in order of their start: the first after the subject's.
        first = bisect.bisect_right(r.actor_starts, speakers[0].start)
        after = (r.actors[k] for k in range(first, len(r.actors)))
        person = next((m for m in itertools.takewhile(lambda m: m.start <= end, after)
                       if m.end <= end and m.attrs.get("kind") in PERSON_KINDS), None)
        if person is not None:
            return [person], None, end
    if end >= limit:
        return speakers, pronoun, end
    actor = r.actor_at.get(end)
    if actor is not None:
        return [actor], None, actor.end
    phrase = phrase_after(r, end, min(end + 1, limit))
    if phrase is not None and phrase.attrs.get("name"):
        return [phrase], None, phrase.end
    return speakers, pronoun, end
