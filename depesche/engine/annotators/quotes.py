"""The ``quotes`` annotator: who is reported as saying what, as ``QUOTE`` mentions.

Each mention spans the whole attributed unit (content, cue and speaker) and carries
``form`` (``direct``, ``indirect``, ``according_to``), the ``cue`` word and its
``cue_span``, the ``content_span``, the ``speaker`` (an actor as in SCHEMA.md, or None),
its ``speaker_span``, and ``speakers`` (all coordinated speakers: "Sowohl Biden wie auch
Putin bestätigten"). Spans are character offsets into the document text.

The forms of report in German news that it recognises, in the order they are tried:

1. quotation marks with a cue after them ("„…,“ sagte der Offizielle"; "„…“, so der
   Botschafter") or before them ("Lawrow sagte: „…“"); a quote may span several
   sentences, and an unattributed quote that opens the sentence right after an attributed
   one continues it;
2. attributions: "laut X", "X zufolge", "nach Angaben (von|aus) X", "nach einem Bericht
   X", "nach X Worten", "…, so X (weiter), …", "wie X mitteilte", and the impersonal
   "hieß es, …" (no speaker); a source that is no actor ("nach Angaben lokaler Medien")
   is a speaker without a code, a report noun alone ("dem Bericht zufolge") no speaker;
3. a clause followed by ", CUE SPEAKER" without quotation marks: direct speech when the
   clause is in the indicative (SCHEMA.md: news agencies drop the marks), indirect when it
   has a Konjunktiv (Duden. Die Grammatik, on the Konjunktiv of reported speech);
4. "SPEAKER CUE, dass …" / "SPEAKER CUE, CLAUSE" (indirect);
5. cues that take their content as an object: "X bezeichnete … als …", "X betonte …".
6. a Konjunktiv I sentence (or one opening with "Demnach") right after a report
   continues it, with its speaker and cue.

Cue verbs are the lemmas of the pack's ``speech`` lexicon (``rules/lexicons/speech.yaml``);
without one, a built-in minimal set is used. A pronoun speaker ("sagte er") is taken to be
the last person named before the quote.

The speaker is the cue's subject: a phrase opening with a determiner that is never
nominative ("den", "dem", "seinen") or standing after a preposition is an object; with
"zitieren" the person cited after the subject speaks. A cue reports nothing in the
infinitive with "zu" (a purpose), as a participle out of the perfect (a passive or a state:
"ehrlich gesagt", "sahen sich bestätigt"), after "wie" alone ("wie berichtet": the paper's
own remark), when it confirms someone in an office, or when it declares its subject
something ("sich bereit erklären": an agreement). A report noun alone ("den Angaben
zufolge") has no speaker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.annotators.actors import ActorIndex, actor_record, build_index, prefix_entry
from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Document, Mention, Sentence, Token

SPEECH_LEXICON = "speech"
# Used when a pack has no speech lexicon: the cues of the seed article and SCHEMA.md.
FALLBACK_CUES = frozenset({"sagen", "erklären", "betonen", "bestätigen", "mitteilen",
                           "schreiben", "bezeichnen", "meinen", "unterstreichen"})
# Cues that take what is said as their object rather than a clause (pattern 5).
OBJECT_CUES = frozenset({"bezeichnen", "betonen", "bestätigen", "unterstreichen",
                         "bekräftigen", "hervorheben", "wiederholen", "klarmachen",
                         "begründen", "berichten"})
OPENERS = {"„": "“”\"", "»": "«", "“": "”", '"': '"'}
SENTENCE_END = frozenset(".!?")
CLAUSE_OPENERS = frozenset({"dass", "daß", "ob", "wie", "warum", "was", "wer", "wo", "wann",
                            "weshalb", "weil"})
PRONOUNS = frozenset({"er", "sie"})
PERSON_KINDS = frozenset({"person", "title"})
SOURCE_NOUNS = frozenset({"Angaben", "Bericht", "Berichten", "Informationen", "Darstellung",
                          "Einschätzung", "Aussagen", "Schätzungen", "Mitteilung"})
# Determiners that are never nominative (Duden. Die Grammatik, on the declension of the
# article and the possessives): a noun phrase opening with one is an object or a
# complement, never the subject who speaks ("mitgeteilt … den Nationalfeiertag").
OBLIQUE_DETERMINERS = frozenset({"den", "dem", "des", "einen", "einem", "eines", "einer",
                                 "diesen", "diesem", "jenen", "jenem"})
OBLIQUE_POSSESSIVE_ENDINGS = ("en", "em", "es", "er")
NOMINATIVE_POSSESSIVES = frozenset({"unser", "euer"})
PREPOSITION_TAGS = frozenset({"APPR", "APPRART"})
# "jemanden im Amt bestätigen" (Duden: to confirm someone in an office) is no report.
OFFICE_NOUNS = frozenset({"Amt", "Ämtern", "Posten", "Funktion"})
# Cues whose object, not their subject, is the speaker: "zitierte die Agentur TASR Fico".
CITING_CUES = frozenset({"zitieren"})
SUBJUNCTIVE = frozenset({"Sub1", "Sub2"})
# STTS tags of a noun phrase that names a speaker no lexicon knows.
MODIFIER_TAGS = frozenset({"ART", "PPOSAT", "PDAT", "PIAT", "ADJA"})
NOUN_TAGS = frozenset({"NN", "NE", "FM"})
NP_TAGS = MODIFIER_TAGS | NOUN_TAGS
SKIPPED_TAGS = frozenset({"ADV", "ADJD", "PTKNEG"})
# Sentence adverbs that go on with the report before ("Demnach sprachen die beiden …").
CONTINUERS = frozenset({"Demnach", "Demzufolge", "Dementsprechend"})
MAX_GAP = 4  # tokens allowed between a cue and its speaker ("sagte am Dienstag X")


@dataclass(slots=True)
class Quote:
    """A report being assembled, in document token indices (end exclusive)."""

    form: str
    start: int
    end: int
    cue: tuple[int, int]
    content: tuple[int, int]
    speakers: list[Mention] = field(default_factory=list)
    speaker_span: tuple[int, int] | None = None
    pronoun: Token | None = None


def cue_lemmas(context: AnnotationContext) -> frozenset[str]:
    """The cue verbs: single-token forms of the pack's speech lexicon, or the fallback."""
    for lexicon in context.lexicons:
        if lexicon.name == SPEECH_LEXICON:
            return frozenset(form[0] for entry in lexicon.entries for form in entry.forms
                             if len(form) == 1)
    return FALLBACK_CUES


class QuoteFinder:
    """Finds the reports of one document; each pass skips cue tokens already used."""

    def __init__(self, doc: Document, cues: frozenset[str], index: ActorIndex) -> None:
        self.doc = doc
        self.index = index
        self.tokens = doc.tokens
        self.cues = cues
        self.object_cues = OBJECT_CUES & cues
        actors = sorted(doc.mentions.get("ACTOR", ()), key=lambda m: m.start)
        self.actors = actors
        self.actor_at = {m.start: m for m in actors}
        self.actor_ending = {m.end: m for m in actors}
        self.used: set[int] = set()
        self.quotes: list[Quote] = []
        self.marked: list[tuple[int, int]] = []  # content of every quotation-mark pair

    # -- token helpers ---------------------------------------------------------------

    def is_cue(self, i: int, finite: bool = False) -> bool:
        token = self.tokens[i]
        if i in self.used or not (token.pos or "").startswith("VV"):
            return False
        if finite and not (token.pos or "").endswith("FIN"):
            return False
        if self.with_zu(i) or self.editorial(i) or self.self_declared(i):
            return False
        return (token.lemma or token.text.lower()) in self.cues

    def with_zu(self, i: int) -> bool:
        """Whether a verb is an infinitive with "zu": "um … zu bestätigen" is a purpose,
        and what someone means to say is not yet said."""
        token = self.tokens[i]
        return token.pos == "VVIZU" or (token.pos == "VVINF" and i > 0
                                         and self.tokens[i - 1].pos == "PTKZU")

    def editorial(self, i: int) -> bool:
        """Whether a participle follows "wie" alone: "wie berichtet", "wie gesagt" point back
        to the paper's own reports, and name no one who spoke."""
        return self.tokens[i].pos == "VVPP" and i > 0 and self.tokens[i - 1].text.lower() == "wie"

    def self_declared(self, i: int) -> bool:
        """Whether "erklären" declares its subject something ("hat sich bereit erklärt",
        "erklärte sich einverstanden"): the declaration is the event (an agreement), not a
        report of words (SCHEMA.md: a verb of speaking that is the event gives it only)."""
        if self.tokens[i].lemma != "erklären":
            return False
        near = self.tokens[max(0, i - 3):i + 4]
        return any(t.text == "sich" for t in near) and any(t.pos == "ADJD" for t in near)

    def oblique(self, i: int) -> bool:
        """Whether token ``i`` is a determiner that is never nominative."""
        token = self.tokens[i]
        text = token.text.lower()
        if token.pos == "PPOSAT":
            return text.endswith(OBLIQUE_POSSESSIVE_ENDINGS) and text not in NOMINATIVE_POSSESSIVES
        return token.pos in MODIFIER_TAGS and text in OBLIQUE_DETERMINERS

    def governed(self, start: int, floor: int) -> bool:
        """Whether the phrase starting at ``start`` is in a case other than the nominative:
        it opens with an oblique determiner or follows a preposition ("aus der EU sahen
        sich …"), so it cannot be the subject of the verb after it."""
        if self.oblique(start):
            return True
        j = start - 1
        while j >= floor and self.tokens[j].pos in MODIFIER_TAGS:
            if self.oblique(j):
                return True
            j -= 1
        return j >= floor and self.tokens[j].pos in PREPOSITION_TAGS

    def sentence_of(self, i: int) -> Sentence:
        return self.doc.sentences[self.tokens[i].sentence]

    def clause_end(self, i: int, last: int) -> int:
        """Where a report starting at ``i`` must end: its sentence, or its enclosing quote."""
        for start, end in self.marked:
            if start <= i < end:
                return min(last, end)
        return last

    def body(self, sentence: Sentence) -> tuple[int, int]:
        """A sentence's tokens without a leading dateline and final punctuation."""
        first, last = sentence.first, sentence.last
        while first < last and self.tokens[first].attrs.get("dateline"):
            first += 1
        while last > first and self.tokens[last - 1].text in SENTENCE_END:
            last -= 1
        return first, last

    def speaker_after(self, i: int, limit: int) -> tuple[list[Mention], Token | None, int]:
        """The actor, pronoun or other noun phrase that follows a cue, and where it ends."""
        for j in range(i, min(i + MAX_GAP, limit)):
            token = self.tokens[j]
            if token.text in ",.;:" or token.text in OPENERS:
                break
            if j in self.actor_at and not self.governed(j, j):
                actor = self.actor_at[j]
                return [actor], None, actor.end
            if token.text.lower() in PRONOUNS and token.pos == "PPER":
                return [], token, j + 1
            if token.pos in NP_TAGS and "DATE" not in token.classes:
                break  # another noun phrase comes first: the object, not the speaker
        phrase = self.phrase_after(i, limit)
        if phrase is not None:
            return [phrase], None, phrase.end
        return [], None, i

    def phrase_after(self, i: int, limit: int) -> Mention | None:
        """The first noun phrase after a cue, past adverbs, dates and prepositional phrases:
        a speaker no lexicon knows ("sagte die Psychotherapeutin Barbara Preitler")."""
        j = i
        while j < min(i + 2 * MAX_GAP, limit):
            token = self.tokens[j]
            pos = token.pos or ""
            if "DATE" in token.classes or pos in SKIPPED_TAGS:
                j += 1
            elif pos in ("APPR", "APPRART"):
                j += 1
                while j < limit and (self.tokens[j].pos or "") not in NOUN_TAGS:
                    j += 1
                j += 1
            elif pos in NP_TAGS:
                return None if self.oblique(j) else self.noun_phrase(j, limit)
            else:
                return None
        return None

    def noun_phrase(self, start: int, limit: int) -> Mention | None:
        """Determiners and adjectives, then nouns and names: a speaker without a code."""
        j = start
        while j < limit and self.tokens[j].pos in MODIFIER_TAGS:
            j += 1
        if j >= limit or self.tokens[j].pos not in NOUN_TAGS:
            return None
        while j < limit and self.tokens[j].pos in NOUN_TAGS and self.tokens[j].text[:1].isupper() \
                and not self.next_phrase(j):
            j += 1
        first, last = self.tokens[start], self.tokens[j - 1]
        text = self.doc.text[first.start:last.end]
        names = [t.text for t in self.tokens[start:j] if t.pos == "NE"]
        attrs = {"text": text, "name": " ".join(names) or None, "code": None, "sector": None,
                 "kind": "unknown"}
        return Mention("ACTOR", start, j, first.start, last.end, text, attrs)

    def next_phrase(self, j: int) -> bool:
        """Whether an actor at ``j`` opens a phrase of its own: after a name it does ("die
        Nachrichtenagentur TASR Fico" is the agency, then Fico); after a common noun it
        names it ("die Nachrichtenagentur Interfax")."""
        return j in self.actor_at and self.tokens[j - 1].pos == "NE"

    def subject_before(self, i: int, floor: int) -> tuple[list[Mention], Token | None]:
        """The subject ending right before a verb: actors, a pronoun, or a noun phrase that
        opens the clause ("Schneeberger betonte, dass …"), also with adverbs between them
        that share its place before the verb ("Mikl-Leitner wiederum erklärte")."""
        while i - 1 > floor and self.tokens[i - 1].pos == "ADV":
            i -= 1
        actors = self.speakers_before(i, floor)
        if actors:
            return actors, None
        token = self.tokens[i - 1] if i > floor else None
        if token is not None and token.text.lower() in PRONOUNS and token.pos == "PPER" and \
                (i - 1 == floor or self.tokens[i - 2].text in ",:"):
            return [], token
        start = i
        while start - 1 >= floor and self.tokens[start - 1].pos in NP_TAGS:
            start -= 1
        if start == i or (start > floor and self.tokens[start - 1].text not in ",:"):
            return [], None
        if self.governed(start, start):
            return [], None
        phrase = self.noun_phrase(start, i)
        return ([phrase], None) if phrase is not None and phrase.end == i else ([], None)

    def speakers_before(self, i: int, floor: int) -> list[Mention]:
        """The actor ending right before token ``i``, with actors coordinated with it."""
        actor = self.actor_ending.get(i)
        if actor is None or actor.start < floor or self.governed(actor.start, floor):
            return []
        found = [actor]
        j = actor.start
        while j - 1 >= floor and self.tokens[j - 1].text.lower() in ("und", "sowie", ",", "auch"):
            k = j - 1
            while k - 1 >= floor and self.tokens[k - 1].text.lower() in ("wie", "sowie", "und"):
                k -= 1
            earlier = self.actor_ending.get(k)
            if earlier is None or earlier.start < floor:
                break
            found.insert(0, earlier)
            j = earlier.start
        return found

    def particle_end(self, cue: int, end: int, limit: int) -> int:
        """Extend a span over the separated particle of its cue ("teilte … mit")."""
        for j in range(cue + 1, limit):
            if self.tokens[j].text == ",":
                break
            if self.tokens[j].pos == "PTKVZ":
                return max(end, j + 1)
        return end

    def subjunctive(self, start: int, end: int) -> bool:
        return any(t.morph.get("Mood") in SUBJUNCTIVE for t in self.tokens[start:end])

    def perfect(self, participle: int, finite: int) -> bool:
        """Whether a participle cue stands in the perfect ("hat … mitgeteilt", "soll …
        gesagt haben"): only then did its subject say something; with "werden" it is a
        passive, with "sein" or "sich sehen" a state ("ehrlich gesagt ist …", "sahen sich
        bestätigt")."""
        return any(t.lemma == "haben" and (t.pos or "").startswith("VA")
                   for t in self.tokens[finite:participle + 2])

    def has_finite(self, start: int, end: int) -> bool:
        return any((t.pos or "").endswith("FIN") for t in self.tokens[start:end])

    def has_infinitive(self, start: int, end: int) -> bool:
        return any((t.pos or "").endswith(("INF", "IZU")) for t in self.tokens[start:end])

    def add(self, quote: Quote, cue: int | None = None) -> None:
        if cue is not None:
            self.used.add(cue)
        self.quotes.append(quote)

    # -- 1. quotation marks ----------------------------------------------------------

    def marked_spans(self) -> list[tuple[int, int]]:
        """Top-level quotation-mark pairs as token ranges ``[open, close]`` (inclusive).

        A quote left open at a paragraph break ends there; an opener inside an open quote
        of the same kind restarts it (a stray mark).
        """
        spans: list[tuple[int, int]] = []
        opened: int | None = None
        closers = ""
        for token in self.tokens:
            text = token.text
            if opened is not None:
                if text in closers:
                    spans.append((opened, token.i))
                    opened = None
                    continue  # the mark that closes a quote opens none ("„Panik“.")
                elif "\n\n" in self.doc.text[self.tokens[token.i - 1].end:token.start]:
                    spans.append((opened, token.i - 1))
                    opened = None
                elif text == self.tokens[opened].text and text != '"':
                    opened = token.i
                    continue
            if opened is None and text in OPENERS and token.i + 1 < len(self.tokens):
                following = self.tokens[token.i + 1]
                if following.start == token.end:  # an opener hugs the word after it
                    opened, closers = token.i, OPENERS[text]
        return spans

    def find_marked(self) -> None:
        previous: Quote | None = None
        for open_i, close_i in self.marked_spans():
            content = self.inner(open_i, close_i)
            if content is None:
                continue
            self.marked.append(content)
            quote = self.cue_after(open_i, close_i, content) or \
                self.cue_before(open_i, close_i, content)
            if quote is None and previous is not None:
                quote = self.continuation(previous, open_i, close_i, content)
            if quote is not None:
                self.add(quote)
                previous = quote

    def inner(self, open_i: int, close_i: int) -> tuple[int, int] | None:
        """The content tokens inside quotation marks, without a trailing comma."""
        first, last = open_i + 1, close_i
        while last > first and self.tokens[last - 1].text == ",":
            last -= 1
        if last - first < 3:  # a quoted word ("„schleichende“") is not a report
            return None
        return first, last

    def cue_after(self, open_i: int, close_i: int, content: tuple[int, int]) -> Quote | None:
        """„…“, sagte X  /  „…“, so X"""
        k = close_i + 1
        while k < len(self.tokens) and self.tokens[k].text in (",", "–", "-"):
            k += 1
        if k >= len(self.tokens):
            return None
        limit = self.sentence_of(k).last
        token = self.tokens[k]
        if self.is_cue(k, finite=True) or token.text.lower() == "so":
            speakers, pronoun, end = self.speaker_after(k + 1, limit)
            if not speakers and pronoun is None and token.text.lower() == "so":
                return None
            end = self.particle_end(k, max(end, k + 1), limit)
            self.used.add(k)
            return Quote("direct", open_i, end, (k, k + 1), content, speakers,
                         self.span_of(speakers, pronoun), pronoun)
        return None

    def cue_before(self, open_i: int, close_i: int, content: tuple[int, int]) -> Quote | None:
        """X sagte: „…“  /  sagte X: „…“"""
        colon = open_i - 1
        if colon < 0 or self.tokens[colon].text != ":":
            return None
        floor = self.sentence_of(colon).first
        for k in range(colon - 1, max(floor, colon - 8) - 1, -1):
            if not self.is_cue(k, finite=True):
                continue
            speakers, pronoun = self.subject_before(k, floor)
            if not speakers and pronoun is None:
                speakers, pronoun, _ = self.speaker_after(k + 1, colon)
            start = speakers[0].start if speakers and speakers[0].start < k else k
            self.used.add(k)
            return Quote("direct", start, close_i + 1, (k, k + 1), content, speakers,
                         self.span_of(speakers, pronoun), pronoun)
        return None

    def continuation(self, previous: Quote, open_i: int, close_i: int,
                     content: tuple[int, int]) -> Quote | None:
        """An unattributed quote opening the sentence after an attributed one goes on."""
        sentence = self.sentence_of(open_i)
        if sentence.first != open_i or sentence.index == 0:
            return None
        if self.tokens[previous.end - 1].sentence != sentence.index - 1:
            return None
        return Quote("direct", open_i, close_i + 1, previous.cue, content,
                     previous.speakers, previous.speaker_span, previous.pronoun)

    # -- 2. attributions -------------------------------------------------------------

    def find_attributions(self) -> None:
        for sentence in self.doc.sentences:
            first, last = self.body(sentence)
            for i in range(first, last):
                quote = self.attribution_at(i, first, last)
                if quote is not None:
                    self.add(quote)

    def attribution_at(self, i: int, first: int, last: int) -> Quote | None:
        word = self.tokens[i].text
        lower = word.lower()
        if lower == "laut" and i + 1 in self.actor_at:
            return self.according_to(first, last, (i, i + 1), [self.actor_at[i + 1]])
        if lower == "zufolge" and i > first:
            source = self.actor_ending.get(i) or self.prefixed_source(i - 1) or \
                self.phrase_before(i, first)
            if source is not None and self.bare_source(source):
                # "den Angaben zufolge": what was said, not who said it; no speaker
                return self.according_to(first, last, (i, i + 1), [],
                                         clause=(source.start, i + 1))
            if source is not None:
                return self.according_to(first, last, (i, i + 1), [source])
        inserted = i > first and self.tokens[i - 1].text == ","
        if lower == "so" and inserted and i + 1 in self.actor_at:
            return self.according_to(first, last, (i, i + 1), [self.actor_at[i + 1]])
        if lower == "nach" and i + 1 < last:
            return self.according_to_source(i, first, last)
        if lower == "wie" and (i == first or self.tokens[i - 1].text == ","):
            return self.as_reported(i, first, last)
        return self.impersonal(i, first, last)

    def bare_source(self, source: Mention) -> bool:
        """Whether a source names only a report, with no one behind it ("dem Bericht",
        "den Angaben"): a noun of SOURCE_NOUNS after determiners alone."""
        words = self.tokens[source.start:source.end]
        return source.attrs.get("kind") == "unknown" and words[-1].text in SOURCE_NOUNS and \
            all(t.pos in ("ART", "PDAT") for t in words[:-1])

    def prefixed_source(self, i: int) -> Mention | None:
        """A source that is no actor but names one in its prefix: "US-Informationen
        zufolge" reports what the USA say."""
        token = self.tokens[i]
        entry = prefix_entry(token.text, self.index)
        if entry is None or not entry.get("code"):
            return None
        attrs = {"text": token.text, "name": None, "code": entry["code"], "sector": None,
                 "kind": "source"}
        return Mention("ACTOR", i, i + 1, token.start, token.end, token.text, attrs)

    def according_to_source(self, i: int, first: int, last: int) -> Quote | None:
        """nach Angaben (von|aus) X, nach einem Bericht X, nach X Worten"""
        j = i + 1
        if j in self.actor_at and self.actor_at[j].end < last and \
                self.tokens[self.actor_at[j].end].text == "Worten":
            actor = self.actor_at[j]
            return self.according_to(first, last, (actor.end, actor.end + 1), [actor])
        if self.tokens[j].text.lower() in ("einem", "einer", "den", "dem"):
            j += 1
        if j >= last or self.tokens[j].text not in SOURCE_NOUNS:
            return None
        noun = j
        j += 1
        if j < last and self.tokens[j].text.lower() in ("von", "aus", "des", "der"):
            j += 1 if j not in self.actor_at else 0
        source = self.actor_at.get(j) or self.noun_phrase(j, last)
        if source is not None:  # "nach Angaben lokaler Medien": a source without a code
            return self.according_to(first, last, (noun, noun + 1), [source])
        return None

    def phrase_before(self, i: int, first: int) -> Mention | None:
        """The noun phrase ending right before token ``i`` ("dem Bericht zufolge")."""
        start = i
        while start - 1 >= first and self.tokens[start - 1].pos in NP_TAGS:
            start -= 1
        while start < i and self.tokens[start].pos not in MODIFIER_TAGS | NOUN_TAGS:
            start += 1
        phrase = self.noun_phrase(start, i) if start < i else None
        return phrase if phrase is not None and phrase.end == i else None

    def impersonal(self, k: int, first: int, last: int) -> Quote | None:
        """ "hieß es, …", "Offiziell heißt es, …": a report without a speaker."""
        if self.tokens[k].lemma != "heißen" or not (self.tokens[k].pos or "").endswith("FIN"):
            return None
        neighbours = {self.tokens[j].text.lower() for j in (k - 1, k + 1) if first <= j < last}
        if "es" not in neighbours:
            return None
        comma = next((j for j in range(k + 1, min(k + 6, last)) if self.tokens[j].text == ","),
                     None)
        if comma is None or not self.has_finite(comma + 1, last):
            return None
        return Quote("indirect", first, last, (k, k + 1), (comma + 1, last))

    def as_reported(self, i: int, first: int, last: int) -> Quote | None:
        """wie X mitteilte, …  /  …, wie X sagte: the speaker is the subject before the cue."""
        k = i + 1
        while k < last and self.tokens[k].text != "," and not self.is_cue(k):
            k += 1
        if k >= last or not self.is_cue(k):
            return None
        speakers, pronoun = self.subject_before(k, i + 1)
        if not speakers and pronoun is None:
            speakers, pronoun, _ = self.speaker_after(i + 1, k)
        if not speakers and pronoun is None:
            return None
        self.used.add(k)
        end = self.particle_end(k, k + 1, last)
        return self.according_to(first, last, (k, k + 1), speakers, clause=(i, end),
                                 pronoun=pronoun)

    def according_to(self, first: int, last: int, cue: tuple[int, int], speakers: list[Mention],
                     clause: tuple[int, int] | None = None, pronoun: Token | None = None
                     ) -> Quote:
        """An attribution: the whole sentence is attributed; the content is the rest."""
        source = clause or (min(cue[0], speakers[0].start), max(cue[1], speakers[0].end))
        content = (first, last)
        if source[0] <= first + 1:
            content = (self.skip_comma(source[1], last), last)
        elif source[1] >= last:
            content = (first, self.trim_comma(first, source[0]))
        return Quote("according_to", first, last, cue, content, speakers,
                     self.span_of(speakers, pronoun), pronoun)

    def skip_comma(self, i: int, last: int) -> int:
        while i < last and self.tokens[i].text == ",":
            i += 1
        return i

    def trim_comma(self, first: int, i: int) -> int:
        while i > first and self.tokens[i - 1].text == ",":
            i -= 1
        return i

    # -- 3. clause, cue speaker ----------------------------------------------------------

    def find_postposed(self) -> None:
        for sentence in self.doc.sentences:
            first, last = self.body(sentence)
            for k in range(first + 2, last):
                if self.tokens[k - 1].text != "," or not self.is_cue(k, finite=True):
                    continue
                if self.inside_quote(k):
                    continue
                speakers, pronoun, end = self.speaker_after(k + 1, last)
                if not speakers and pronoun is None:
                    continue
                speakers, pronoun, end = self.cited(k, speakers, pronoun, end, last)
                content = (first, k - 1)
                if not self.has_finite(*content):
                    continue
                form = "indirect" if self.subjunctive(*content) else "direct"
                end = self.particle_end(k, end, last)
                self.add(Quote(form, first, end, (k, k + 1), content, speakers,
                               self.span_of(speakers, pronoun), pronoun), cue=k)

    def cited(self, k: int, speakers: list[Mention], pronoun: Token | None, end: int,
              limit: int) -> tuple[list[Mention], Token | None, int]:
        """For a citing cue, the person cited right after its subject is the speaker:
        "…, zitierte die Nachrichtenagentur TASR Fico" reports Fico's words."""
        if (self.tokens[k].lemma or "") not in CITING_CUES or end >= limit:
            return speakers, pronoun, end
        actor = self.actor_at.get(end)
        if actor is not None:
            return [actor], None, actor.end
        phrase = self.phrase_after(end, min(end + 1, limit))
        if phrase is not None and phrase.attrs.get("name"):
            return [phrase], None, phrase.end
        return speakers, pronoun, end

    def inserted_attribution(self, k: int) -> bool:
        """Whether an inserted "so X" after the cue makes the clause X's report:
        "A machte klar, so der Offizielle weiter, dass …" is one report, the official's."""
        return any(q.form == "according_to" and self.tokens[q.cue[0]].text.lower() == "so"
                   and q.start <= k < q.cue[0] for q in self.quotes)

    def inside_quote(self, i: int) -> bool:
        return any(q.start <= i < q.end for q in self.quotes)

    def inside_speech(self, i: int) -> bool:
        """Whether token ``i`` is in the words of a report already found: "Das
        Establishment sagt nicht die Wahrheit, schrieb Farage" is Farage's report, and
        its "sagt" is what he wrote, not a second report."""
        return any(q.form != "according_to" and q.content[0] <= i < q.content[1]
                   for q in self.quotes)

    # -- 4. speaker cue, clause --------------------------------------------------------------

    def find_preposed(self) -> None:
        for sentence in self.doc.sentences:
            first, body_last = self.body(sentence)
            for k in range(first, body_last):
                if self.is_cue(k) and not self.inside_speech(k):
                    self.preposed_at(k, first, self.clause_end(k, body_last))

    def preposed_at(self, k: int, first: int, last: int) -> None:
        """X sagte(, …), dass …  /  sagte X, …  /  X hatte mitgeteilt, …"""
        finite = k
        if not (self.tokens[k].pos or "").endswith("FIN"):
            # a participle cue: the subject stands around the finite auxiliary before it
            finite = next((j for j in range(k - 1, first - 1, -1)
                           if (self.tokens[j].pos or "").endswith("FIN")), -1)
            if finite < 0 or not self.perfect(k, finite):
                return  # "wurde betont, dass …": a passive names no speaker
        speakers, pronoun = self.subject_before(finite, first)
        after = k + 1
        if not speakers and pronoun is None:
            speakers, pronoun, end = self.speaker_after(finite + 1, last)
            if not speakers and pronoun is None:
                return
            after = max(after, end)
        comma = next((j for j in range(after, min(after + 7, last))
                      if self.tokens[j].text in ",:"), None)
        if comma is None:
            comma = self.correlative_comma(after, last)
        if comma is None or comma + 1 >= last:
            return
        if self.tokens[comma].text == ":":
            # "Wałęsa teilte mit: Es können …": speech after a colon, marks dropped
            if self.tokens[comma + 1].text in OPENERS:
                return
            start = min(speakers[0].start if speakers else k, finite)
            self.add(Quote("direct", start, last, (k, k + 1), (comma + 1, last), speakers,
                           self.span_of(speakers, pronoun), pronoun), cue=k)
            return
        if self.inserted_attribution(k):
            return
        content = (comma + 1, last)
        opener = self.tokens[content[0]].text.lower()
        # "Russland gibt an, … zu bombardieren": an infinitive right after the cue
        right_after = all(t.pos == "PTKVZ" for t in self.tokens[k + 1:comma])
        if opener not in CLAUSE_OPENERS and not self.has_finite(*content) and \
                not (right_after and self.has_infinitive(*content)):
            return
        start = min(speakers[0].start if speakers else k, finite)
        self.add(Quote("indirect", start, last, (k, k + 1), content, speakers,
                       self.span_of(speakers, pronoun), pronoun), cue=k)

    def correlative_comma(self, after: int, last: int) -> int | None:
        """The comma of "X erklärte Y damit, dass …" further on: a pronominal adverb before
        it announces the clause after it (Duden. Die Grammatik, on correlates)."""
        comma = next((j for j in range(after, last) if self.tokens[j].text in ",:"), None)
        if comma is None or comma + 1 >= last or self.tokens[comma - 1].pos != "PROAV" or \
                self.tokens[comma + 1].text.lower() not in CLAUSE_OPENERS:
            return None
        return comma

    # -- 5. cue with an object ---------------------------------------------------------------

    def find_object_cues(self) -> None:
        for sentence in self.doc.sentences:
            first, last = self.body(sentence)
            finite = next((j for j in range(first, last)
                           if (self.tokens[j].pos or "").endswith("FIN")), None)
            if finite is None:
                continue
            for k in range(finite, last):
                token = self.tokens[k]
                if (token.lemma or "") not in self.object_cues or not self.is_cue(k):
                    continue
                # a finite cue heads its own clause ("…, am Dienstag bestätigte die
                # Landesregierung den Beschluss"); a participle or infinitive hangs on the
                # sentence's first finite verb
                verb = k if (token.pos or "").endswith("FIN") else finite
                if k > verb and (self.tokens[verb].lemma == "werden" or
                                 (token.pos == "VVPP" and not self.perfect(k, verb))):
                    continue  # a passive, or a participle out of the perfect: a state
                if not self.inserted_attribution(k):
                    self.object_cue_at(k, verb, first, last)

    def object_cue_at(self, k: int, finite: int, first: int, last: int) -> None:
        """X bezeichnete … als …  /  X hat … bestätigt: the content is the cue's object."""
        speakers, pronoun = self.subject_before(finite, first)
        if not speakers and pronoun is None:
            speakers, pronoun, _ = self.speaker_after(finite + 1, last)
        if not speakers and pronoun is None:
            return
        # after the finite verb, and after an inverted subject ("sagte Erdogan")
        content_start = finite + 1
        if speakers and speakers[-1].start > finite:
            content_start = speakers[-1].end
        elif pronoun is not None:
            content_start = pronoun.i + 1
        content = (content_start, k) if k > finite else (content_start, last)
        content = (content[0], self.particle_start(content))
        if content[1] <= content[0] or self.in_office(*content):
            return
        start = min(speakers[0].start if speakers else k, finite)
        self.add(Quote("indirect", start, last, (k, k + 1), content, speakers,
                       self.span_of(speakers, pronoun), pronoun), cue=k)

    def in_office(self, start: int, end: int) -> bool:
        """Whether an object cue's content puts someone into an office ("den Präsidenten in
        seinem Amt bestätigt"): then the cue appoints, it does not report."""
        return any(t.text in OFFICE_NOUNS and j > start and
                   self.tokens[j - 1].text.lower() in ("im", "seinem", "ihrem")
                   for j, t in enumerate(self.tokens[start:end], start))

    def particle_start(self, content: tuple[int, int]) -> int:
        end = content[1]
        while end > content[0] and self.tokens[end - 1].pos == "PTKVZ":
            end -= 1
        return end

    # -- 6. reported speech that goes on ---------------------------------------------------

    def find_continuations(self) -> None:
        """A sentence whose main verb is in the Konjunktiv I (or that opens with "Demnach"),
        right after a report and with no report of its own, goes on with that report
        (Duden. Die Grammatik, on indirect speech: the Konjunktiv alone marks its
        continuation over several sentences)."""
        ending: dict[int, Quote] = {}
        for quote in self.quotes:
            ending[self.tokens[quote.end - 1].sentence] = quote
        started = {self.tokens[quote.start].sentence for quote in self.quotes}
        for sentence in self.doc.sentences:
            previous = ending.get(sentence.index - 1)
            if previous is None or sentence.index in started:
                continue
            first, last = self.body(sentence)
            if first >= last or "\n\n" in self.doc.text[self.tokens[first - 1].end:
                                                         self.tokens[first].start]:
                continue
            finite = next((t for t in self.tokens[first:last]
                           if (t.pos or "").endswith("FIN")), None)
            reported = self.tokens[first].text in CONTINUERS
            if not reported and (finite is None or finite.morph.get("Mood") != "Sub1"):
                continue
            quote = Quote("indirect", first, last, previous.cue, (first, last),
                          previous.speakers, previous.speaker_span, previous.pronoun)
            self.quotes.append(quote)
            ending[sentence.index] = quote

    # -- output ------------------------------------------------------------------------------

    def span_of(self, speakers: list[Mention], pronoun: Token | None) -> tuple[int, int] | None:
        if speakers:
            return speakers[0].start, speakers[-1].end
        if pronoun is not None:
            return pronoun.i, pronoun.i + 1
        return None

    def resolve_pronoun(self, quote: Quote) -> dict[str, Any]:
        """The last person named before the quote's content ("…, sagte er"), else the
        pronoun alone, without a code."""
        assert quote.pronoun is not None
        record: dict[str, Any] = {"text": quote.pronoun.text, "name": None, "code": None,
                                  "sector": None}
        before = min(quote.content[0], quote.pronoun.i)
        for actor in reversed(self.actors):
            if actor.end <= before and actor.attrs.get("kind") in PERSON_KINDS:
                return {**actor_record(actor), "text": quote.pronoun.text}
        return record

    def emit(self) -> None:
        for quote in sorted(self.quotes, key=lambda q: (q.start, q.end)):
            speakers = [actor_record(m) for m in quote.speakers]
            if quote.pronoun is not None:
                speakers = [self.resolve_pronoun(quote)]
            first, last = self.tokens[quote.start], self.tokens[quote.end - 1]
            cue_first, cue_last = self.tokens[quote.cue[0]], self.tokens[quote.cue[1] - 1]
            attrs = {
                "form": quote.form,
                "cue": self.doc.text[cue_first.start:cue_last.end],
                "cue_span": [cue_first.start, cue_last.end],
                "content_span": self.char_span(quote.content),
                "speaker": speakers[0] if speakers else None,
                "speaker_span": self.char_span(quote.speaker_span) if quote.speaker_span else None,
                "speakers": speakers,
            }
            self.doc.add_mention(Mention("QUOTE", quote.start, quote.end, first.start, last.end,
                                         self.doc.text[first.start:last.end], attrs))

    def char_span(self, span: Iterable[int]) -> list[int]:
        start, end = span
        return [self.tokens[start].start, self.tokens[end - 1].end]

    def run(self) -> None:
        self.find_marked()
        self.find_attributions()
        self.find_postposed()
        self.find_preposed()
        self.find_object_cues()
        self.find_continuations()
        self.emit()


@annotator("quotes", provides={"QUOTE"}, requires={"ACTOR", "lemma", "morph"})
def annotate_quotes(doc: Document, context: AnnotationContext) -> None:
    """Add QUOTE mentions for direct quotes, indirect speech and attributions."""
    QuoteFinder(doc, cue_lemmas(context), build_index(context)).run()
