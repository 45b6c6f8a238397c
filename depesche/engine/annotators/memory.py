"""The ``memory`` annotator: what a document has said of its actors, for later mentions.

News introduces an actor once in full ("der ägyptische Chefunterhändler Karim Mansour")
and then refers back to it by surname ("Mansour"), by a definite description ("das Land",
"die Regierung", "die beiden Politiker") or by a pronoun ("er"). Reading the phrases in
document order, the memory keeps the actors named so far and gives a later phrase the
actor it refers to:

* a surname takes the code of the person introduced with it;
* "das Land", "der Staat", "die Regierung" (without a genitive or adjective that names
  another) take up the latest state, and so does a body "des Landes" ("die Armee des
  Landes");
* "die beiden Politiker" take up the latest two persons;
* "er" and singular "sie" take up the latest person of the previous two sentences when
  exactly one person of that gender is there (recency with agreement, the classic
  baseline of pronoun resolution: Hobbs 1978; Lappin & Leass 1994, without syntax);
* a phrase that can act but whose actor nobody settles keeps its text (and its name, for
  a person), never a guessed code.

Each phrase whose actor the memory settles, and each open actor ("die Angeklagten",
"Chefunterhändler Karim Mansour"), becomes an ACTOR mention (``kind`` ``open`` or
``memory``), so that every rule sees it as an actor; a resolved pronoun becomes an
``ACTOR_REF`` mention, which facts read but sequence patterns do not take for a name.
"""

from __future__ import annotations

from typing import Any

from depesche.engine.annotators.phrases import actor_record, can_act
from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Document, Mention, Phrase

STATE_NOUNS = frozenset({"land", "staat", "regierung", "führung", "staatsführung",
                         "nachbarland", "republik", "königreich"})
PERSON_NOUNS = frozenset({"politiker", "staatschef", "präsident", "minister", "staatsmann",
                          "spitzenpolitiker", "chefdiplomat", "außenminister", "regierungschef"})
# A body under these prepositions is mostly a place ("ins Außenamt einbestellt").
PLACE_PREPOSITIONS = frozenset({"in", "nach", "aus", "an", "auf", "im", "ins"})
PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
LOOKBACK = 200  # actors back that a definite description may reach
CODE_LABELS = ("ACTOR_TERM", "ACTOR_PREFIX")


class DocumentMemory:
    """The actors of a document so far: persons by surname, and all in order of mention."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.surnames: dict[str, dict[str, Any]] = {}
        self.recent: list[tuple[Phrase, dict[str, Any]]] = []

    def remember(self, phrase: Phrase, actor: dict[str, Any]) -> None:
        self.recent.append((phrase, actor))
        name = actor.get("name")
        if name and actor.get("code") and phrase.kind in ("person", "office"):
            self.surnames.setdefault(str(name).split()[-1], actor)

    def latest(self, kind: str, before: Phrase, count: int = 1) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        # Recency bounds the search, and so the cost of a long document stays linear.
        for phrase, actor in reversed(self.recent[-LOOKBACK:]):
            if phrase.start >= before.start or not actor.get("code"):
                continue
            if _kind_of(phrase, actor) == kind and actor not in found:
                found.append(actor)
                if len(found) == count:
                    break
        return found

    def refer(self, phrase: Phrase) -> list[dict[str, Any]]:
        """The actors a phrase without its own refers back to (empty when none is sure)."""
        tokens = self.doc.tokens[phrase.start:phrase.end]
        head = self.doc.tokens[phrase.head]
        lemma = (head.lemma or head.text).lower()
        first = tokens[0].text.lower()
        if phrase.kind == "pronoun":
            return self.pronoun(phrase)
        if head.pos == "NE" and len(tokens) == 1 and head.text in self.surnames:
            return [self.surnames[head.text]]
        definite = first in ("der", "die", "das", "dem", "den", "des")
        plain = all(t.pos in ("ART", "NN") for t in tokens)
        if definite and plain and lemma in STATE_NOUNS:
            return self.latest("state", phrase)
        for k in range(1, len(tokens) - 1):
            # "die Armee des Landes": a body of the state named before.
            if tokens[k].text.lower() == "des" and (tokens[k + 1].lemma or "").lower() in (
                    "land", "staat") and k + 2 == len(tokens):
                return self.latest("state", phrase)
        if first in ("die", "den") and len(tokens) == 3 and tokens[1].text.lower() in (
                "beiden", "zwei") and lemma in PERSON_NOUNS:
            found = self.latest("person", phrase, 2)
            return found if len(found) == 2 else []
        return []

    def pronoun(self, phrase: Phrase) -> list[dict[str, Any]]:
        word = self.doc.tokens[phrase.start].text.lower()
        if word not in ("er", "sie", "ihn", "ihm") or phrase.number == "pl":
            return []
        gender = "m" if word in ("er", "ihn", "ihm") else "f"
        candidates: list[dict[str, Any]] = []
        for earlier, actor in reversed(self.recent):
            if earlier.start >= phrase.start:
                continue
            if phrase.sentence - earlier.sentence > PRONOUN_WINDOW:
                break
            if _kind_of(earlier, actor) == "person" and (earlier.gender or gender) == gender \
                    and actor not in candidates:
                candidates.append(actor)
        return candidates if len(candidates) == 1 else []


def _kind_of(phrase: Phrase, actor: dict[str, Any]) -> str:
    """What an actor is for reference: a ``state``, a ``person``, or the phrase's kind."""
    kind = str(actor.get("kind") or "")
    if kind in ("state", "capital") or phrase.kind == "state":
        return "state"
    if kind in ("person", "title") or phrase.kind in ("person", "office"):
        return "person"
    return phrase.kind


def _coded_terms(doc: Document) -> dict[int, list[Mention]]:
    """Nationality adjectives and compound prefixes with a code, by first token."""
    found: dict[int, list[Mention]] = {}
    for label in CODE_LABELS:
        for mention in doc.mentions.get(label, ()):
            if mention.attrs.get("code"):
                found.setdefault(mention.start, []).append(mention)
    return found


def _own_code(terms: dict[int, list[Mention]], phrase: Phrase) -> str | None:
    """A code the phrase states itself: a nationality adjective or a compound prefix."""
    for k in range(phrase.start, phrase.end):
        for mention in terms.get(k, ()):
            if mention.end <= phrase.end:
                return str(mention.attrs["code"])
    return None


def _mention(doc: Document, phrase: Phrase, actor: dict[str, Any], kind: str,
             label: str = "ACTOR") -> Mention:
    tokens = doc.tokens
    start, end = tokens[phrase.start].start, tokens[phrase.end - 1].end
    attrs = {**actor, "text": doc.text[start:end], "kind": kind}
    return Mention(label, phrase.start, phrase.end, start, end, doc.text[start:end], attrs)


def _phrases(phrases: list[Phrase]) -> list[Phrase]:
    """Phrases in document order, a coordination's members in place of the coordination."""
    out: list[Phrase] = []
    for phrase in phrases:
        out.extend(phrase.members or (phrase,))
    return out


@annotator("memory", provides={"ACTOR"}, requires={"phrases"})
def annotate_memory(doc: Document, context: AnnotationContext) -> None:
    """Give phrases the actors they refer back to (see the module docstring)."""
    memory = DocumentMemory(doc)
    terms = _coded_terms(doc)
    # Tokens of the actors the lexicons found: an open actor never overlaps one.
    known = {i for m in doc.mentions.get("ACTOR", ()) for i in range(m.start, m.end)}
    for phrase in _phrases(doc.phrases):
        if phrase.actor is not None and phrase.actor.get("code"):
            memory.remember(phrase, phrase.actor)
            continue
        referred = memory.refer(phrase)
        if referred:
            # A pronoun's antecedent is no ACTOR mention: sequence rules would take "er"
            # for a name ("Erdogan, er sei …" is no list of actors); facts read it.
            label = "ACTOR_REF" if phrase.kind == "pronoun" else "ACTOR"
            for actor in referred:
                doc.add_mention(_mention(doc, phrase, actor, "memory", label))
            phrase.actor = {**referred[0], "text": phrase.text}
            continue
        if phrase.actor is not None or not can_act(phrase) or phrase.kind == "pronoun" \
                or phrase.prep in PLACE_PREPOSITIONS \
                or not known.isdisjoint(range(phrase.start, phrase.end)):
            continue
        actor = actor_record(phrase, doc)
        code = _own_code(terms, phrase)
        if code is not None:
            actor = {**actor, "code": code}
        phrase.actor = actor
        doc.add_mention(_mention(doc, phrase, actor, "open"))
        memory.remember(phrase, actor)
