"""Stage 2: attributions: "laut X", "X zufolge", "nach Angaben (von|aus) X", "nach einem
Bericht X", "nach X Worten", "aus Sicht X", "…, so X (weiter), …", "wie X mitteilte", and
the impersonal "hieß es, …" (no speaker); a source that is no actor ("nach Angaben lokaler
Medien") is a speaker without a code, a report noun alone ("dem Bericht zufolge") no
speaker."""

from __future__ import annotations

from depesche.engine.annotators.actors import prefix_entry
from depesche.engine.annotators.phrases import head_kind
from depesche.engine.annotators.speech.cues import is_cue, particle_end
from depesche.engine.annotators.speech.model import (
    OPENERS,
    Quote,
    Reports,
    add,
    body,
    has_finite,
    has_infinitive,
    skip_comma,
    subjunctive,
    trim_comma,
)
from depesche.engine.annotators.speech.speakers import (
    MODIFIER_TAGS,
    NOUN_TAGS,
    NP_TAGS,
    noun_phrase,
    phrase_speaker,
    span_of,
    speaker_after,
    subject_before,
)
from depesche.engine.document import Mention, Token

SOURCE_NOUNS = frozenset({"Angaben", "Bericht", "Berichten", "Informationen", "Darstellung",
                          "Einschätzung", "Aussagen", "Schätzungen", "Mitteilung", "Aussage",
                          "Erkenntnissen", "Ansicht", "Meinung", "Auffassung", "Berechnungen",
                          "Darstellungen", "Worten"})


def find_attributions(r: Reports) -> None:
    for sentence in r.doc.sentences:
        first, last = body(r, sentence)
        for i in range(first, last):
            quote = attribution_at(r, i, first, last)
            if quote is not None:
                add(r, quote)


def attribution_at(r: Reports, i: int, first: int, last: int) -> Quote | None:
    word = r.tokens[i].text
    lower = word.lower()
    if lower == "laut" and i + 1 in r.actor_at:
        if channel_only(r, r.actor_at[i + 1], first, last):
            return None  # "sagte der Minister laut dem Kurier": the minister speaks
        return according_to(r, first, last, (i, i + 1), [r.actor_at[i + 1]])
    if lower in ("laut", "gemäß") and i + 1 < last:
        # "laut einem Bericht des Landratsamts", "laut Medienberichten", "laut „Reuters“",
        # "gemäß einem Augenzeugen": a source no lexicon knows
        source = governed_source(r, i, last)
        if source is not None and channel_only(r, source, first, last):
            return None  # "sagte der Minister laut einer Aussendung": the minister speaks
        if source is not None:
            return according_to(r, first, last, (i, i + 1), [source])
    if lower == "zufolge" and i - 2 >= first and own_source(r, i - 2, i) is not None:
        # "eigenen Angaben zufolge"
        return own_report(r, first, last, (i - 2, i + 1), own_source(r, i - 2, i))
    if lower == "zufolge" and i > first and compound_source(r, i - 1) is not None:
        return according_to(r, first, last, (i, i + 1), [compound_source(r, i - 1)])
    if lower == "zufolge" and i > first:
        source = r.actor_ending.get(i) or prefixed_source(r, i - 1) or \
            report_owner(r, i, first) or phrase_before(r, i, first)
        if source is not None and bare_source(r, source):
            # "den Angaben zufolge": what was said, not who said it; no speaker
            return according_to(r, first, last, (i, i + 1), [],
                                     clause=(source.start, i + 1))
        if source is not None:
            return according_to(r, first, last, (i, i + 1), [source])
    inserted = i > first and r.tokens[i - 1].text == ","
    if lower == "so" and inserted and i + 1 in r.actor_at:
        return according_to(r, first, last, (i, i + 1), [r.actor_at[i + 1]])
    if lower == "so" and inserted and i + 1 < last:
        source = so_source(r, i + 1, last)
        if source is not None:  # "…, so der Experte.", "…, so Küberl weiter."
            return according_to(r, first, last, (i, i + 1), [source])
    if lower == "nach":
        return (according_to_source(r, i, first, last) if i + 1 < last else None) or \
            opinion_after(r, i, first, last)
    if lower == "aus" and i + 1 < last and r.tokens[i + 1].text == "Sicht":
        return in_view_of(r, i, first, last)
    if lower == "wie" and (i == first or r.tokens[i - 1].text == ","):
        return as_reported(r, i, first, last)
    return impersonal(r, i, first, last) or learned_from(r, i, first, last) or \
        spoken_of(r, i, first, last)


def governed_source(r: Reports, i: int, last: int) -> Mention | None:
    """The source after a preposition of attribution at ``i`` ("laut", "gemäß"): the
    phrase the phrase layer reads after it, or words in quotation marks (a newspaper's
    or website's name)."""
    j = i + 1
    if r.tokens[j].text in OPENERS:
        close = next((k for k in range(j + 1, min(j + 8, last))
                      if r.tokens[k].text in OPENERS[r.tokens[j].text]), None)
        if close is None or close == j + 1:
            return None
        first, end = r.tokens[j], r.tokens[close]
        text = r.doc.text[first.start:end.end]
        attrs = {"text": text, "name": text.strip("„“”\"»«"), "code": None, "sector": None,
                 "kind": "media"}
        return Mention("ACTOR", j, close + 1, first.start, end.end, text, attrs)
    phrases = [r.phrases[k] for head in range(j, min(j + 12, last))
               for k in r.phrases_at_head.get(head, ())]
    found = max((p for p in phrases if p.start == j and p.end <= last and
                 p.kind not in NO_SOURCE_KINDS), key=lambda p: p.end - p.start, default=None)
    source = noun_phrase(r, j, last) if found is None else phrase_speaker(r, found)
    if source is None or norm(r, source):
        return None
    return source


# Norms say what must be, not what someone said: "laut Verfassung", "gemäß dem Vertrag".
NORM_NOUNS = ("verfassung", "gesetz", "gesetzes", "vertrag", "vertrags", "abkommen", "plan",
              "plänen", "regeln", "regel", "satzung", "statut", "statuten", "verordnung",
              "richtlinie", "vorschrift", "vorschriften", "fahrplan", "programm", "zeitplan",
              "ordnung", "verträge", "bestimmung", "bestimmungen", "vorgabe", "vorgaben",
              "auflage", "auflagen", "kodex", "norm", "normen", "recht", "rechts", "erlass",
              "weisung", "leitlinie", "leitlinien", "gesetzbuch", "regelung", "regelungen")


def norm(r: Reports, source: Mention) -> bool:
    """Whether a source is a norm or a plan (its first noun, the head, ends as one)."""
    nouns = [t for t in r.tokens[source.start:source.end] if t.pos in NOUN_TAGS]
    return bool(nouns) and nouns[0].text.lower().endswith(NORM_NOUNS)


# Phrases that name no source: "laut dem Montag", "laut ihm" (a pronoun is left alone).
NO_SOURCE_KINDS = frozenset({"time", "reflexive", "pronoun"})


# What may follow the speaker of an inserted "so X": the end of the sentence or clause,
# "weiter", or a date or place of the statement ("so der Minister am Montag in Wien").
AFTER_SO_SPEAKER = frozenset({".", ",", ";", ":", "!", "?", "weiter", "gegenüber", "am", "im",
                              "in", "bei", "auf", "laut", "vor", "zuletzt", "damals"})


def so_source(r: Reports, j: int, last: int) -> Mention | None:
    """The speaker of an inserted "so" that no lexicon knows: a noun phrase after the
    comma ("…, so der Experte", "…, so Küberl") that ends the clause or is followed by
    "weiter" or when and where it was said; "so" as an adverb ("…, so dass", "so viel")
    has no noun phrase there."""
    token = r.tokens[j]
    if token.pos not in ("ART", "NE", "NN", "ADJA", "PPOSAT") or not (
            token.pos != "NN" or token.text[:1].isupper()):
        return None
    phrase = noun_phrase(r, j, last)
    if phrase is None or phrase.end >= last + 1:
        return None
    following = r.tokens[phrase.end].text.lower() if phrase.end < len(r.tokens) else "."
    if phrase.end < last and following not in AFTER_SO_SPEAKER:
        return None
    return phrase


# Texts and media that carry someone's words without being their author ("laut einer
# Aussendung", "sagte ein Sprecher laut Staatsmedien").
CHANNELS = frozenset({"Aussendung", "Presseaussendung", "Mitteilung", "Pressemitteilung",
                      "Erklärung", "Stellungnahme", "Presseerklärung", "Aussendungen"})
# Media that relay a speaker's words: a channel only beside a verb of saying itself (in
# "X fordern laut Medienberichten …" the media report the demand).
RELAYS = frozenset({"Staatsmedien", "Medien", "Medienberichten", "Staatsfernsehen",
                    "Staatsagentur", "Nachrichtenagenturen"})


def channel_only(r: Reports, source: Mention, first: int, last: int) -> bool:
    """Whether a "laut" source is only the channel of words a verb of saying in the same
    sentence gives to its speaker: "…, sagte der Minister laut einer Aussendung", "…,
    sagte ein Sprecher laut Staatsmedien", "…, sagte der Minister laut dem Kurier" (who
    said it speaks; the paper reports it)."""
    word = r.tokens[source.end - 1].text
    if word in RELAYS:
        return any((r.tokens[k].lemma or "") in r.cues and (r.tokens[k].pos or "") == "VVFIN"
                   for k in range(first, last) if not source.start <= k < source.end)
    if word in CHANNELS:
        return any(is_cue(r, k, finite=True) for k in range(first, last)
                   if not source.start <= k < source.end)
    # any other source: only right beside the verb of saying, in its clause ("sagte der
    # Minister laut dem Kurier", "Laut dem Kurier sagte der Minister"), not a claim of
    # its own elsewhere in the sentence ("…, der laut Becker gut daran täte, …")
    near = range(max(first, source.start - 1 - MAX_CHANNEL_GAP),
                 min(last, source.end + MAX_CHANNEL_GAP + 1))
    return any(is_cue(r, k, finite=True) and not any(
        r.tokens[j].text in ",;:" for j in range(min(k, source.start), max(k, source.end)))
        for k in near if not source.start - 1 <= k < source.end)


# How far a "laut" source may stand from the verb of saying it is the channel of.
MAX_CHANNEL_GAP = 6


def bare_source(r: Reports, source: Mention) -> bool:
    """Whether a source names only a report, with no one behind it ("dem Bericht",
    "den Angaben"): a noun of SOURCE_NOUNS after determiners alone."""
    words = r.tokens[source.start:source.end]
    return source.attrs.get("kind") == "unknown" and words[-1].text in SOURCE_NOUNS and \
        all(t.pos in ("ART", "PDAT") for t in words[:-1])


def prefixed_source(r: Reports, i: int) -> Mention | None:
    """A source that is no actor but names one in its prefix: "US-Informationen
    zufolge" reports what the USA say."""
    token = r.tokens[i]
    entry = prefix_entry(token.text, r.index)
    if entry is None or not entry.get("code"):
        return None
    attrs = {"text": token.text, "name": None, "code": entry["code"], "sector": None,
             "kind": "source"}
    return Mention("ACTOR", i, i + 1, token.start, token.end, token.text, attrs)


def according_to_source(r: Reports, i: int, first: int, last: int) -> Quote | None:
    """nach Angaben (von|aus) X, nach einem Bericht X, nach X Worten, nach eigenen Angaben
    (the clause's subject speaks), nach Xs Darstellung, nach Polizeiangaben, nach Kiewer
    Angaben (the state an adjective names)"""
    j = i + 1
    own = own_source(r, j, last)
    if own is not None:
        return own_report(r, first, last, (j, j + 2), own)
    if j + 1 < last and r.tokens[j + 1].text in SOURCE_NOUNS and r.tokens[j].pos == "NE" \
            and r.tokens[j].text.endswith("s"):
        # "nach Zschäpes Darstellung": the name in the genitive speaks
        source = r.actor_at.get(j) or noun_phrase(r, j, j + 1)
        if source is not None:
            return according_to(r, first, last, (j + 1, j + 2), [source])
    compound = compound_source(r, j)
    if compound is not None:
        return according_to(r, first, last, (j, j + 1), [compound])
    if j in r.actor_at and r.actor_at[j].end < last and \
            r.tokens[r.actor_at[j].end].text == "Worten":
        actor = r.actor_at[j]
        return according_to(r, first, last, (actor.end, actor.end + 1), [actor])
    # "nach ersten Untersuchungen", "nach übereinstimmenden Angaben der Zeitung"
    adjective = state_adjective(r, j, min(j + 3, last))  # ("Kiewer" may be tagged a noun)
    while j < last and (r.tokens[j].pos in ("ART", "ADJA") or (
            adjective is not None and adjective.start == j)) and j - i <= 3:
        j += 1
    if j >= last or not report_noun(r.tokens[j]) or \
            (j + 1 < last and r.tokens[j + 1].text.lower() == "über"):
        return None  # "nach Berichten über …": after the reports, not according to them
    noun = j
    if adjective is not None and adjective.end <= noun \
            and (noun + 1 >= last or r.tokens[noun + 1].pos != "ART"):
        # "nach Kiewer Angaben", "nach russischen Angaben": the state the adjective names
        return according_to(r, first, last, (noun, noun + 1), [adjective],
                            clause=(i, noun + 1))
    j += 1
    if j < last and r.tokens[j].text.lower() in ("von", "aus"):
        j += 1 if j not in r.actor_at else 0
    source = r.actor_at.get(j) or genitive_of(r, noun, j) or noun_phrase(r, j, last)
    if source is not None:  # "nach Angaben lokaler Medien": a source without a code
        return according_to(r, first, last, (noun, noun + 1), [source], clause=(i, source.end))
    # "nach ersten Untersuchungen", "Nach Angaben von n24": the report names no one, and
    # so is no one's statement
    quote = according_to(r, first, last, (noun, noun + 1), [], clause=(i, noun + 1))
    quote.statement = False
    return quote


# Nouns of a report that "nach" attributes what follows to, besides SOURCE_NOUNS, and the
# endings of compounds that are such nouns ("Zeugenaussagen", "Augenzeugenberichten").
REPORT_NOUNS = SOURCE_NOUNS | frozenset({
    "Untersuchungen", "Untersuchung", "Studie", "Meldungen", "Meldung", "Hochrechnung",
    "Umfrage", "Analyse", "Nachricht", "Nachrichten", "Ermittlungen", "Vorstellungen",
    "Stellungnahme", "Auskunft", "Artikel", "Schätzung", "Erkenntnis", "Darstellung",
    "Bilanz", "Zählung", "Einschätzung", "Berechnungen", "Berechnung"})
REPORT_ENDINGS = ("aussagen", "berichten", "angaben", "meldungen", "informationen",
                  "schätzungen", "meinung")


def report_noun(token: Token) -> bool:
    return token.pos == "NN" and (token.text in REPORT_NOUNS or
                                  token.text.lower().endswith(REPORT_ENDINGS))


# People whose view is asked for, by the end of the noun ("Experten", "Beobachtern").
VIEW_HOLDERS = ("experte", "experten", "expertin", "kritiker", "kritikern", "beobachter",
                "beobachtern", "analyst", "analysten", "forscher", "forschern",
                "wissenschafter", "wissenschaftler", "jurist", "juristen", "ökonom", "ökonomen")


def in_view_of(r: Reports, i: int, first: int, last: int) -> Quote | None:
    """ "Aus Sicht der Regierung ist …", "aus Sicht von Experten": the view of whoever the
    genitive or "von" names (a coded actor, or a noun phrase without a code)."""
    j = i + 2
    if j < last and r.tokens[j].text.lower() == "von":
        j += 1
    if j >= last or r.tokens[j].pos not in ("ART", "NN", "NE", "ADJA"):
        return None
    source = r.actor_at.get(j) or noun_phrase(r, j, last)
    if source is None or (j not in r.actor_at and not any(
            t.pos == "NE" or head_kind(t) in ("office", "group", "people")
            or t.text.lower().endswith(VIEW_HOLDERS)
            for t in r.tokens[source.start:source.end])):
        return None  # "aus Sicht der Hardware": a point of view no one holds
    return according_to(r, first, last, (i + 1, i + 2), [source], clause=(i, source.end))


def opinion_after(r: Reports, i: int, first: int, last: int) -> Quote | None:
    """ "seiner Meinung nach", "ihrer Ansicht nach": the possessive's owner holds the
    view (a pronoun speaker, resolved to the last person named)."""
    if i - 2 < first or r.tokens[i - 1].text not in SOURCE_NOUNS or \
            r.tokens[i - 2].pos != "PPOSAT":
        return None
    return according_to(r, first, last, (i - 1, i + 1), [], clause=(i - 2, i + 1),
                        pronoun=r.tokens[i - 2])


# Compounds that name a report and, in their first part, its source: "Polizeiangaben",
# "Armeeangaben", "Regierungsangaben", "Medienberichten".
SOURCE_ENDINGS = ("angaben", "berichten", "informationen", "kreisen")


def genitive_of(r: Reports, noun: int, j: int) -> Mention | None:
    """The genitive after a report noun as its source, where the memory gave the whole
    phrase the genitive's code ("nach Angaben des Innenministeriums" in a story from Kabul:
    the ministry is Afghanistan's): the genitive's words with that actor."""
    whole = r.actor_at.get(noun)
    if whole is None or not whole.attrs.get("code") or whole.end <= j or \
            r.tokens[j].text.lower() not in ("des", "der", "eines", "einer"):
        return None
    first, end = r.tokens[j], r.tokens[whole.end - 1]
    text = r.doc.text[first.start:end.end]
    return Mention("ACTOR", j, whole.end, first.start, end.end, text,
                   {**whole.attrs, "text": text})


def state_adjective(r: Reports, start: int, end: int) -> Mention | None:
    """A coded adjective of a state or its capital among tokens ``[start, end)`` ("Kiewer",
    "südkoreanischen"), as the actor who speaks through the report noun after it."""
    # (asked at every "nach": the mentions starting at each token, not all the document's)
    for mention in (m for k in range(start, end) for m in r.doc.mentions_at("ACTOR_TERM", k)):
        if mention.end <= end and mention.attrs.get("code") \
                and mention.attrs.get("kind") == "adjective":
            token = r.tokens[mention.start]
            attrs = {"text": token.text, "name": None, "code": mention.attrs["code"],
                     "sector": "GOV", "kind": "source"}
            return Mention("ACTOR", mention.start, mention.end, token.start, token.end,
                           token.text, attrs)
    return None


def compound_source(r: Reports, j: int) -> Mention | None:
    """ "Polizeiangaben": a source no lexicon knows, named by a compound's first part (a
    coded prefix, "US-Angaben", gives its actor)."""
    token = r.tokens[j]
    lower = token.text.lower()
    ending = next((e for e in SOURCE_ENDINGS if lower.endswith(e) and len(lower) > len(e) + 2),
                  None)
    if ending is None or token.pos != "NN":
        return None
    coded = prefixed_source(r, j)
    if coded is not None:
        return coded
    known = r.actor_at.get(j)
    if known is not None and known.attrs.get("code"):
        return known  # "nach Polizeiangaben": the police of the story (memory)
    first_part = token.text[:len(token.text) - len(ending)].rstrip("-s") or token.text
    if first_part.lower() in ("eigen", "ersten", "offiziell", "inoffiziell", "unbestätigt"):
        return None
    attrs = {"text": token.text, "name": None, "code": None, "sector": None,
             "kind": "source"}
    return Mention("ACTOR", j, j + 1, token.start, token.end, token.text, attrs)


def own_source(r: Reports, j: int, last: int) -> Mention | None:
    """ "eigenen Angaben" (also "eigener Darstellung"): the speaker is the subject of the
    clause around, found by :func:`own_report`; here a marker of where the words are."""
    if j + 1 < last and r.tokens[j].text.lower() in ("eigenen", "eigener") and \
            r.tokens[j + 1].text in SOURCE_NOUNS:
        token = r.tokens[j]
        return Mention("ACTOR", j, j + 2, token.start, r.tokens[j + 1].end, "", {})
    return None


def own_report(r: Reports, first: int, last: int, cue: tuple[int, int],
               marker: Mention | None) -> Quote | None:
    """ "X ist nach eigenen Angaben …": X says it of itself; the subject of the clause
    that holds the cue speaks (an actor, or a noun phrase; a pronoun is left to the
    resolution of speakers)."""
    clause = r.clause_holding(cue[0])
    role = clause.role("subj") if clause is not None else None
    if marker is None or role is None or role.phrase.kind == "pronoun":
        return None
    speaker = phrase_speaker(r, role.phrase)
    return according_to(r, first, last, cue, [speaker])


GENITIVE_DETERMINERS = frozenset({"des", "der", "eines", "einer"})


def report_owner(r: Reports, i: int, first: int) -> Mention | None:
    """Whose report it is in "einem Bericht des Senders zufolge", "einer Studie der
    Universität zufolge": the genitive after the report noun, ending right before ``i``."""
    for j in range(i - 2, max(first, i - 8) - 1, -1):
        if r.tokens[j].pos not in NP_TAGS:
            return None
        if report_noun(r.tokens[j]) and r.tokens[j + 1].text.lower() in GENITIVE_DETERMINERS:
            owner = noun_phrase(r, j + 1, i)
            return owner if owner is not None and owner.end == i else None
    return None


def phrase_before(r: Reports, i: int, first: int) -> Mention | None:
    """The noun phrase ending right before token ``i`` ("dem Bericht zufolge")."""
    start = i
    while start - 1 >= first and r.tokens[start - 1].pos in NP_TAGS:
        start -= 1
    while start < i and r.tokens[start].pos not in MODIFIER_TAGS | NOUN_TAGS:
        start += 1
    phrase = noun_phrase(r, start, i) if start < i else None
    return phrase if phrase is not None and phrase.end == i else None


# Adverbs before "heißt es:" that make it "it is time to" ("Jetzt heißt es: Plakate
# kleben"), where no source is named.
TIME_TO = frozenset({"jetzt", "nun", "dann", "künftig", "bald", "fortan", "sofort"})


def impersonal(r: Reports, k: int, first: int, last: int) -> Quote | None:
    """ "hieß es, …", "Offiziell heißt es, …", and after the speech "…, hieß es (weiter)
    in einer Erklärung der UNO", "…, hieß es aus dem Kreml", "…, wie es (aus X) hieß": a
    report whose speaker is the source after "in" or "aus" where one is named, else
    nobody."""
    # ("hieß es weiter" joins the particle: "weiterheißen")
    if (r.tokens[k].lemma or "").removeprefix("weiter") != "heißen" \
            or not (r.tokens[k].pos or "").endswith("FIN"):
        return None
    as_said = _wie_es(r, k, first)
    if as_said is not None:
        # "…, wie es hieß", "…, wie es aus dem Ministerium hieß"
        speakers = source_after(r, as_said + 2, k) or source_after(r, k + 1, last)
        content = (first, as_said - 1)
        form = "indirect" if subjunctive(r, *content) else "direct"
        return Quote(form, first, last, (k, k + 1), content, speakers,
                     span_of(r, speakers, None))
    neighbours = {r.tokens[j].text.lower() for j in (k - 1, k + 1) if first <= j < last}
    if "es" not in neighbours:
        return None
    if (k > first and r.tokens[k - 1].pos in ("PWS", "PWAV")) or (
            k - 1 > first and r.tokens[k - 2].pos in ("PWS", "PWAV")
            and r.tokens[k - 1].text.lower() == "es"):
        return None  # "Was heißt es, wenn …?", "Was es heißt, …": "heißen" means "to mean"
    if k - 1 > first and r.tokens[k - 1].text == "," and r.tokens[k + 1].text.lower() == "es" \
            and has_finite(r, first, k - 1) and not has_infinitive(r, k + 2, last) \
            and not any(is_cue(r, j) for j in range(first, k - 1)):
        # (nor when the words hold a report of their own: "X betonte, …, hieß es")
        # (not "…, heißt es geduldig bleiben": "heißen" with an infinitive means "require")
        content = (first, k - 1)
        speakers = source_after(r, k + 2, last)
        form = "indirect" if subjunctive(r, *content) else "direct"
        return Quote(form, first, last, (k, k + 1), content, speakers,
                     span_of(r, speakers, None))
    comma = next((j for j in range(k + 1, min(k + 10, last)) if r.tokens[j].text in ",:"),
                 None)
    if comma is not None and names_something(r, k + 1, comma):
        return None  # "Es heißt das Gleiche, …": "heißen" with an object means "to mean"
    # "In der Erklärung der Regierung heißt es, …": the source before the verb speaks, or
    # the one after it ("Es heißt in der Erklärung der Regierung, …")
    after = k + 2 if r.tokens[k + 1].text.lower() == "es" else k + 1
    speakers = source_after(r, first, k) or (
        source_after(r, after, comma) if comma is not None else [])
    if comma is not None and r.tokens[comma].text == ":" and last - comma > 2:
        # "Darin heißt es: Keine Gespräche mit …": the words quoted, a sentence or not;
        # infinitives and no finite verb are what is required ("Jetzt heißt es: Plakate
        # kleben, Hände schütteln")
        if (not has_finite(r, comma + 1, last) and has_infinitive(r, comma + 1, last)) \
                or (not speakers and r.tokens[k - 1].text.lower() in TIME_TO):
            return None
        return Quote("direct", first, last, (k, k + 1), (comma + 1, last), speakers,
                     span_of(r, speakers, None))
    if comma is None or not has_finite(r, comma + 1, last):
        return None
    return Quote("indirect", first, last, (k, k + 1), (comma + 1, last), speakers,
                 span_of(r, speakers, None))


def names_something(r: Reports, start: int, end: int) -> bool:
    """Whether a noun phrase outside a prepositional phrase stands between "heißt es"
    and its comma: "Es heißt das Gleiche, …", "Das heißt so viel wie …" (what a word
    means), not "Es heißt in der Erklärung, …" or "Offiziell heißt es, …"."""
    governed = False
    for token in r.tokens[start:end]:
        if token.pos in ("APPR", "APPRART"):
            governed = True
        elif token.pos in ("ART", "PDS", "PIS", "NN") and not governed \
                and token.text.lower() != "es":
            return True
    return False


def spoken_of(r: Reports, i: int, first: int, last: int) -> Quote | None:
    """ "Im Bericht ist die Rede von …", "Darin ist die Rede von …", "In Kiew war die
    Rede von …": a text or a speaker, named in front, names something; the source after
    "in" speaks ("Die Rede ist von …" alone names no one who speaks)."""
    token = r.tokens[i]
    if token.text != "Rede" or i == first or r.tokens[i - 1].text.lower() != "die":
        return None
    def finite_sein(j: int) -> bool:
        return first <= j < last and r.tokens[j].lemma == "sein" and \
            (r.tokens[j].pos or "").endswith("FIN")
    if finite_sein(i + 1) and i + 2 < last and r.tokens[i + 2].text == "von":
        verb, content = i + 1, (i + 3, last)
    elif finite_sein(i - 2) and i + 1 < last and r.tokens[i + 1].text == "von":
        verb, content = i - 2, (i + 2, last)
    else:
        return None
    if r.doc.clause_of_head.get(verb) is not None and r.doc.clause_of_head[verb].verb.negated:
        return None
    if r.tokens[first].text.lower() not in ("in", "im", "darin"):
        return None  # a text or speaker named before it ("Im Bericht", "In Moskau", "Darin")
    speakers = source_after(r, first, min(verb, i - 1))
    return Quote("indirect", first, last, (i, i + 1), content, speakers,
                 span_of(r, speakers, None))


def learned_from(r: Reports, k: int, first: int, last: int) -> Quote | None:
    """ "…, erfuhr die Agentur aus Diplomatenkreisen": who told the reporter speaks, the
    source after "aus" (a compound of "Kreise", an actor, a noun phrase), not the one who
    learned it."""
    if r.tokens[k].lemma != "erfahren" or not (r.tokens[k].pos or "").endswith("FIN") or \
            k - 1 <= first or r.tokens[k - 1].text != "," or not has_finite(r, first, k - 1):
        return None
    at = next((j for j in range(k + 1, min(k + 8, last - 1))
               if r.tokens[j].text.lower() == "aus"), None)
    if at is None or any(t.text in ",;:" for t in r.tokens[k + 1:at]):
        return None
    j = at + 1
    source = r.actor_at.get(j) or compound_source(r, j) or noun_phrase(r, j, last)
    if source is None:
        return None
    content = (first, k - 1)
    form = "indirect" if subjunctive(r, *content) else "direct"
    return Quote(form, first, last, (k, k + 1), content, [source], span_of(r, [source], None))


def _wie_es(r: Reports, k: int, first: int) -> int | None:
    """The index of "wie" in "…, wie es (aus X) hieß" before the verb at ``k``, after a
    comma that ends the words reported."""
    for j in range(k - 1, max(first + 1, k - 8), -1):
        if r.tokens[j].text in ",.;:":
            return None
        if r.tokens[j].text.lower() == "wie" and r.tokens[j + 1].text.lower() == "es" \
                and r.tokens[j - 1].text == "," and has_finite(r, first, j - 1):
            return j
    return None


def source_after(r: Reports, j: int, last: int) -> list[Mention]:
    """Who speaks in "in einer Erklärung der UNO", "in Zschäpes Erklärung", "aus dem
    Kreml", "aus Regierungskreisen in Kiew", "seitens der Partei", "von Seiten der
    Polizei" after an impersonal "hieß es"."""
    while j < last and (r.tokens[j].pos in ("ADV", "ADJD") or "DATE" in r.tokens[j].classes):
        j += 1
    if j + 1 < last and r.tokens[j].text.lower() == "von" \
            and r.tokens[j + 1].text.lower() == "seiten":
        j += 1  # "von Seiten der Polizei" is "seitens der Polizei"
    if j >= last or r.tokens[j].text.lower() not in ("in", "im", "aus", "seitens", "seiten"):
        return []
    for k in range(j + 1, min(j + 10, last)):
        if r.tokens[k].text in ",.;:":
            break
        actor = r.actor_at.get(k)
        if actor is not None and actor.end <= last:
            return [actor]
    if r.tokens[j].text.lower() in ("aus", "seitens", "seiten") and j + 1 < last:
        # where the words came from, no lexicon's actor: "aus Regierungskreisen", "seitens
        # des Militärkommandos"
        source = compound_source(r, j + 1) or noun_phrase(r, j + 1, last)
        if source is None or (r.tokens[source.end - 1].lemma or "").lower().endswith(
                NOT_SOURCES):
            return []  # "aus Sicherheitsgründen", "aus Protest": why, not who
        return [source]
    return []


# Nouns after "aus" that say why, not who: "hieß es aus Sicherheitsgründen".
NOT_SOURCES = ("grund", "gründe", "anlass", "protest", "sorge", "angst", "sicht", "furcht",
               "respekt", "rücksicht", "überzeugung")


def as_reported(r: Reports, i: int, first: int, last: int) -> Quote | None:
    """wie X mitteilte, …  /  …, wie X sagte: the speaker is the subject before the cue."""
    if i == first:
        said = as_heard(r, i, last)
        if said is not None:
            return said
    k = i + 1
    while k < last and r.tokens[k].text != "," and not is_cue(r, k):
        k += 1
    if k >= last or not is_cue(r, k):
        return None
    speakers, pronoun = subject_before(r, k, i + 1)
    if not speakers and pronoun is None and r.tokens[i + 1].text.lower() == "aus" and \
            i + 2 < k:
        # "wie aus Unternehmenskreisen verlautete": the source is where the words came from
        source = r.actor_at.get(i + 2) or compound_source(r, i + 2) or \
            noun_phrase(r, i + 2, k)
        speakers = [source] if source is not None else []
    if not speakers and pronoun is None:
        speakers, pronoun, _ = speaker_after(r, i + 1, k)
    if not speakers and pronoun is None:
        return None
    r.used.add(k)
    end = particle_end(r, k, k + 1, last)
    return according_to(r, first, last, (k, k + 1), speakers, clause=(i, end),
                             pronoun=pronoun)


# Verbs of an impersonal report: "wie es hieß", "wie verlautete".
HEARD = frozenset({"heißen", "verlauten"})


def as_heard(r: Reports, i: int, last: int) -> Quote | None:
    """ "Wie es hieß, …", "Wie es aus dem Ministerium hieß, …", "Wie verlautete, …" at the
    start of a sentence: the report has the source after "aus" or "in" as its speaker, or
    nobody (the postposed "…, wie es hieß" is an impersonal report's)."""
    comma = next((k for k in range(i + 1, min(i + 12, last)) if r.tokens[k].text == ","), None)
    if comma is None or comma + 1 >= last:
        return None
    k = comma - 1
    if (r.tokens[k].lemma or "").removeprefix("weiter") not in HEARD \
            or not (r.tokens[k].pos or "").endswith("FIN"):
        return None
    j = i + 1
    if r.tokens[j].text.lower() == "es":
        j += 1
    elif r.tokens[k].lemma == "heißen":
        return None  # "Wie heißt …": a question
    speakers = source_after(r, j, k) if j < k else []
    r.used.add(k)
    return according_to(r, i, last, (k, k + 1), speakers, clause=(i, comma))


def according_to(r: Reports, first: int, last: int, cue: tuple[int, int], speakers: list[Mention],
                 clause: tuple[int, int] | None = None, pronoun: Token | None = None
                 ) -> Quote:
    """An attribution: the whole sentence is attributed; the content is the rest."""
    source = clause or (min(cue[0], speakers[0].start), max(cue[1], speakers[0].end))
    content = (first, last)
    if source[0] <= first + 1:
        content = (skip_comma(r, source[1], last), last)
    elif source[1] >= last:
        content = (first, trim_comma(r, first, source[0]))
    return Quote("according_to", first, last, cue, content, speakers,
                 span_of(r, speakers, pronoun), pronoun)
