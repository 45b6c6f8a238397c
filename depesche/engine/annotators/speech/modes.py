"""Speech, writing or thought: how the words of a report were given, told by its cue and
its source.

The Redewiedergabe scheme (Brunner et al. 2020; GermEval 2023 SpkAtt's guidelines) marks
each report as speech, writing or thought, and as either of two where the text does not
say which ("laut der Polizei": spoken or written). A verb of writing or a written source
("laut einem Bericht", "schrieb die Zeitung", a newspaper) is writing; a verb of speaking
("sagte", "betonte") or a person cited by "laut", "so", "zufolge" is speech; a verb of
believing or expecting ("hofft", "geht davon aus") is thought; an institution's
announcement or an anonymous "nach Angaben" is speech or writing. A report that goes on
with the one before has its mode.
"""

from __future__ import annotations

from depesche.engine.annotators.speech.model import PERSON_KINDS, Quote, Reports
from depesche.engine.annotators.speech.speakers import heading
from depesche.engine.document import Mention

SPEECH = "speech"
WRITING = "writing"
THOUGHT = "thought"
SPEECH_OR_WRITING = "speech_or_writing"
SPEECH_OR_THOUGHT = "speech_or_thought"

WRITING_VERBS = frozenset({"schreiben", "twittern", "veröffentlichen", "notieren", "posten",
                           "verfassen"})
SPEECH_VERBS = frozenset({"sagen", "betonen", "erklären", "mitteilen", "äußern", "antworten",
                          "entgegnen", "erzählen", "ergänzen", "hinzufügen", "meinen",
                          "nennen", "bezeichnen", "unterstreichen", "erläutern", "schildern",
                          "versichern", "beteuern", "wiederholen", "klarmachen", "sprechen",
                          "zitieren", "fortfahren", "ankündigen", "kommentieren", "begründen",
                          "so"})
# Report nouns ("nach seinen Worten", "nach Ansicht der Regierung"): words spoken, or an
# opinion that may have been thought only.
SPOKEN_NOUNS = frozenset({"aussagen", "aussage", "worten"})
OPINION_NOUNS = frozenset({"ansicht", "meinung", "auffassung", "einschätzung", "sicht",
                           "überzeugung"})
THOUGHT_VERBS = frozenset({"hoffen", "glauben", "fürchten", "befürchten", "vermuten",
                           "erwarten", "ausgehen", "schätzen", "bezweifeln", "denken",
                           "annehmen", "überzeugen"})
# Reports named by a noun that is written ("laut einem Bericht", "nach einer Studie").
WRITTEN_NOUNS = ("bericht", "berichten", "studie", "mitteilung", "schreiben", "brief",
                 "zeitung", "website", "webseite", "blatt", "magazin", "meldung", "meldungen",
                 "erklärung", "dokument", "papier",
                 "memorandum", "gutachten", "gesetz", "agentur", "portal",
                 "onlineausgabe", "ausgabe", "mail", "stellungnahme")


def mode_of(r: Reports, quote: Quote) -> str:
    """The mode of a report: ``speech``, ``writing``, ``thought``, ``speech_or_writing``
    or ``speech_or_thought``."""
    cue = r.tokens[quote.cue[0]]
    lemma = (cue.lemma or cue.text).lower()
    if lemma.startswith("weiter"):
        lemma = lemma[6:]
    if lemma in WRITING_VERBS or written_source(r, quote):
        return WRITING
    if lemma in THOUGHT_VERBS:
        return THOUGHT
    if lemma in OPINION_NOUNS:
        return SPEECH_OR_THOUGHT
    if lemma in SPEECH_VERBS or lemma in SPOKEN_NOUNS or quote.form == "direct":
        return SPEECH
    if quote.pronoun is not None or (quote.speakers and person(r, quote.speakers[0])):
        return SPEECH  # a person who announces or confirms speaks
    return SPEECH_OR_WRITING


def person(r: Reports, speaker: Mention) -> bool:
    """Whether a speaker is a person: an actor of a person or an office, or a phrase the
    phrase layer reads as one ("Bürgermeister Hans Huber")."""
    return speaker.attrs.get("kind") in PERSON_KINDS or any(
        phrase.kind == "person" for phrase in heading(r, speaker.start, speaker.end))


def written_source(r: Reports, quote: Quote) -> bool:
    """Whether the cue or the source names something written: "laut einem Bericht", "die
    Zeitung meldete", a newspaper or agency from the lexicons (sector MED)."""
    words = [r.tokens[quote.cue[0]].text.lower()]
    for speaker in quote.speakers:
        if speaker.attrs.get("sector") == "MED" or speaker.attrs.get("kind") == "media":
            return True
        words += [t.text.lower() for t in r.tokens[speaker.start:speaker.end]]
    return any(word.endswith(WRITTEN_NOUNS) for word in words)
