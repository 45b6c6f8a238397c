"""The ``memory`` annotator: what a document has said of its actors, for later mentions.

News introduces an actor once in full ("der ägyptische Chefunterhändler Karim Mansour")
and then refers back to it by surname ("Mansour"), by a definite description ("das Land",
"die Regierung", "die beiden Politiker") or by a pronoun ("er"). Reading the phrases in
document order, the memory keeps the actors named so far and gives a later phrase the
actor it refers to:

* a surname takes the code of the person introduced with it (the first name of "Ban
  Ki-moon", "Kim Jong-un", whose family name comes first), also of a name set off after
  an office ("Der UN-Hochkommissar für Flüchtlinge, Filippo Grandi, …" → "Grandi");
* "das Land", "der Staat", "die Regierung" (without a genitive or adjective that names
  another) take up the latest state, and so do a body "des Landes" ("die Armee des
  Landes") and a state's forces or authorities named without their state ("die Armee",
  "die Polizei", "Sicherheitskräfte");
* "die Organisation", "die Miliz" take up the organisation named in the previous two
  sentences, and so does an office of it ("der Generalsekretär des Bündnisses");
* "die beiden Politiker" take up the latest two persons;
* a definite description of a person without a name ("der SPD-Politiker", "der
  72-Jährige", "die Ministerin") takes up the latest person of the previous two sentences
  whose gender agrees: news names a person once and then describes them;
* an office under a possessive ("sein Vorsitzender Romani Rose", "ihr Sprecher") acts for
  the latest coded actor of the previous two sentences, and keeps its own name;
* an organisation introduced with its class and name ("die Gruppe Ansar Dine", "der
  Rüstungskonzern Lockheed Martin") that no lexicon knows gets a code made of its name
  (``ANSARDINE``: the letters, upper case, as the gold's conventions spell such codes),
  and a later mention of the bare name ("Ansar Dine") takes it up;
* "er" and singular "sie" take up the most salient person of that gender in the previous
  two sentences: recency, halved for each sentence back, and the mention's role (a
  possible subject above an object above a phrase under a preposition), summed over an
  actor's mentions (after Lappin & Leass 1994, without syntax); a tie is left alone;
* "es" opening a clause after a comma or "dass" takes up a body with the neuter article
  named earlier in the sentence ("Das Außenministerium bestätigte, dass es den Botschafter
  einbestellt habe"), never "es gebe", "es kam zu"; it is an ACTOR mention, the subject
  of its clause;
* a phrase that can act but whose actor nobody settles keeps its text (and its name, for
  a person), never a guessed code.

Each phrase whose actor the memory settles, and each open actor ("die Angeklagten",
"Chefunterhändler Karim Mansour"), becomes an ACTOR mention (``kind`` ``open`` or
``memory``), so that every rule sees it as an actor; a resolved pronoun becomes an
``ACTOR_REF`` mention, which facts read but sequence patterns do not take for a name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from depesche.engine.annotators.phrases import (
    AGE_NOUN,
    GROUP_ENDINGS,
    GROUP_NOUNS,
    OFFICE_ENDINGS,
    actor_record,
    can_act,
    head_kind,
    truncated_and,
)
from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Document, Mention, Phrase, Token

STATE_NOUNS = frozenset({"land", "staat", "regierung", "führung", "staatsführung",
                         "nachbarland", "republik", "königreich"})
GOVERNMENT_NOUNS = frozenset({"regierung", "führung", "staatsführung"})
# What a "Regierungs-" compound names that acts for the state: "Regierungstruppen".
GOVERNMENT_FORCES = ("truppe", "soldat", "kraft", "kräfte", "armee", "einheit", "miliz",
                     "sprecher", "sprecherin", "vertreter", "delegation")
# A state's own forces and authorities, named without saying whose ("die Armee", "die
# Polizei", "Sicherheitskräfte"): news names them after the state the story is about.
STATE_FORCES = frozenset({"armee", "militär", "polizei", "streitkraft", "streitkräfte",
                          "sicherheitskraft", "sicherheitskräfte", "behörde", "behörden",
                          "luftwaffe", "marine",
                          "grenzpolizei", "armeeführung", "militärführung", "geheimdienst",
                          "nachrichtendienst", "parlament", "senat", "soldat", "polizist",
                          "polizisten"})
# The police by its branch ("die Kriminalpolizei", "die Verkehrspolizei"): a state force too.
POLICE_ENDING = "polizei"
# Who speaks for a state's force, or its words, named by a compound of the force without
# saying whose ("ein Polizeisprecher", "nach Armeeangaben", "aus Sicherheitskreisen").
FORCE_SOURCE = re.compile(
    r"(polizei|armee|militär|sicherheits|geheimdienst|streitkräfte)"
    r"(sprecher|sprecherin|angaben|kreise|kreisen|quellen|führung|chef|chefin)")
# Texts whose owner after them speaks through them ("eine Erklärung Yuns", "einer Studie
# des Bundeskriminalamts"): the phrase acts for the owner when the owner is taken up.
OWNED_TEXTS = frozenset({"erklärung", "studie", "bericht", "erhebung", "mitteilung",
                         "stellungnahme", "statistik", "schreiben", "brief", "analyse",
                         "untersuchung", "angabe", "rede", "botschaft", "aussage"})
# A government's offices, named without saying whose ("das Innenministerium", "das
# Kanzleramt"): the state the story is about, as its forces.
STATE_OFFICES = ("ministerium", "kanzleramt", "präsidialamt", "außenamt")
# The federal states whose bodies news names "Bundes-" without saying whose ("das
# Bundeskriminalamt", "die Bundespolizei": Germany's, Austria's or Switzerland's).
FEDERAL_STATES = ("DEU", "AUT", "CHE")
PERSON_NOUNS = frozenset({"politiker", "staatschef", "präsident", "minister", "staatsmann",
                          "spitzenpolitiker", "chefdiplomat", "außenminister", "regierungschef"})
# A body under these prepositions is mostly a place ("ins Außenamt einbestellt").
PLACE_PREPOSITIONS = frozenset({"in", "nach", "aus", "an", "auf", "im", "ins"})
PRONOUN_WINDOW = 2  # sentences back that a pronoun may reach
# Office words that name more than one person, or a body: no description of one person.
NOT_ONE_PERSON = ("diplomaten", "offiziere", "kollegen", "generäle", "funktionäre",
                  "gesandten", "delegation", "vertreter", "beamten", "abgeordneten")
LOOKBACK = 200  # actors back that a definite description may reach
CODE_LABELS = ("ACTOR_TERM", "ACTOR_PREFIX")
# Nouns that class the name after them as an organisation's ("die Miliz Ahrar al-Scham"),
# also as the end of a compound ("die Islamistengruppe Ansar Dine", "der Rüstungskonzern").
ORG_CLASS_ENDINGS = ("gruppe", "organisation", "miliz", "partei", "bewegung", "konzern",
                     "unternehmen", "gewerkschaft", "verband", "netzwerk", "bündnis",
                     "allianz", "front", "stiftung", "vereinigung", "brigaden", "miliz",
                     "organisationen", "gruppierung", "fraktion", "koalition", "holding")
# Bodies whose name opens with their class and a capitalised adjective ("Zentralrat
# Deutscher Sinti und Roma", "Bund Deutscher Kriminalbeamter", "Verband Deutscher …").
NAMED_BODY_ENDINGS = (*ORG_CLASS_ENDINGS, "rat", "bund", "institut", "komitee", "kammer",
                      "zentrum", "gesellschaft", "ring", "kreis")
# Bodies of a state that a following "in <capital>" says the state of.
SEATED_BODIES = ("ministerium", "regierung", "führung", "behörde", "behörden", "polizei",
                 "staatsanwaltschaft", "parlament", "präsidialamt", "militär", "armee",
                 "justiz", "staatsmedien")
# Those who speak or act for the body in their genitive, and with it for its seat.
SPEAKING_FOR = ("sprecher", "sprecherin", "chef", "chefin", "leiter", "leiterin")
# Bodies and forces that act for whoever a "von" phrase after them names: "die Truppen der
# Regierung von Baschar al-Assad", "die Kämpfer von Boko Haram", "ein Sprecher von Putin".
OWNED_BODIES = (*SEATED_BODIES, "truppen", "truppe", "soldaten", "streitkräfte",
                "sicherheitskräfte", "kräfte", "regime", "kabinett", "delegation", "sprecher",
                "sprecherin", "berater", "beraterin", "geheimdienst", "luftwaffe", "marine",
                "kämpfer", "milizen", "miliz", "einheiten", "verwaltung")
# Media are no actors with a code (SCHEMA.md): "die Nachrichtenagentur Anadolu".
MEDIA_ENDINGS = ("agentur", "zeitung", "sender", "magazin", "blatt", "portal", "dienst",
                 "fernsehen", "rundfunk", "netzwerk", "plattform", "kanal")


class DocumentMemory:
    """The actors of a document so far: persons by surname, and all in order of mention."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.surnames: dict[str, dict[str, Any]] = {}
        self.organisations: dict[str, dict[str, Any]] = {}  # by name: "Ansar Dine"
        self.subjects: dict[int, list[dict[str, Any]]] = {}  # "er"/"sie" by sentence
        self.recent: list[tuple[Phrase, dict[str, Any]]] = []

    def remember(self, phrase: Phrase, actor: dict[str, Any]) -> None:
        self.recent.append((phrase, actor))
        name = actor.get("name") if actor.get("kind") in ("person", "title", None) \
            or phrase.kind in ("person", "office") else None
        name = name or self.apposition_name(phrase)
        if name and actor.get("code") and phrase.kind in ("person", "office"):
            parts = str(name).split()
            self.surnames.setdefault(parts[-1], actor)
            if (len(parts) == 2 and _given_name_of_east_asia(parts[1])) or (
                    len(parts) == 3 and all(2 <= len(p) <= 4 and p[:1].isupper()
                                            for p in parts[1:])):
                # "Ban Ki-moon", "Kim Jong-un", "Ban Ki Moon": the family name comes first
                # ("Ban sagte")
                self.surnames.setdefault(parts[0], actor)

    def apposition_name(self, phrase: Phrase) -> str | None:
        """The name set off after an office: "Der Außenminister Kenias, Alfred Mutua,"."""
        if phrase.kind not in ("person", "office"):
            return None
        doc_tokens = self.doc.tokens
        # the comma inside the phrase, or after an attribute under a preposition ("Der
        # UN-Hochkommissar für Flüchtlinge, Filippo Grandi,")
        end = min(len(doc_tokens), phrase.end + 6)
        comma = next((k for k in range(phrase.start, end) if doc_tokens[k].text == ","), None)
        if comma is None or doc_tokens[comma].sentence != phrase.sentence or any(
                t.pos not in ("APPR", "APPRART", "ART", "ADJA", "NN", "NE")
                for t in doc_tokens[phrase.end:comma]):
            return None
        names = []
        for token in doc_tokens[comma + 1:end + 4]:
            if token.pos not in ("NE", "FM"):
                break
            names.append(token.text)
        following = comma + 1 + len(names)
        closed = following >= len(doc_tokens) or doc_tokens[following].text in (",", ".")
        return " ".join(names) if len(names) >= 2 and closed else None

    def _sentence_of(self, actor: dict[str, Any]) -> int:
        return next(p.sentence for p, a in reversed(self.recent) if a is actor)

    def latest(self, kind: str, before: Phrase, count: int = 1,
               acting: bool = False, located: bool = False) -> list[dict[str, Any]]:
        """The ``count`` latest actors of ``kind`` before a phrase; ``acting``: only those
        named as a clause's own phrase, not under a preposition ("in Mali", "zu
        Nigeria" are places); ``located``: only places where something is ("in Mali"),
        not where people come from or what a border adjoins ("aus Syrien", "an der
        Grenze zu Slowenien")."""
        found: list[dict[str, Any]] = []
        # Recency bounds the search, and so the cost of a long document stays linear.
        for phrase, actor in reversed(self.recent[-LOOKBACK:]):
            if phrase.start >= before.start or not actor.get("code") \
                    or (acting and phrase.prep is not None) \
                    or (located and phrase.prep != "in"):
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
        if len(tokens) == 1 and head.text in self.surnames and head.pos in ("NE", "NN", "FM"):
            return [self.surnames[head.text]]  # (HanTa tags some surnames NN: "Tanabe")
        bare = " ".join(t.text for t in tokens if t.pos != "ART")
        if bare in self.organisations:
            return [self.organisations[bare]]
        definite = first in ("der", "die", "das", "dem", "den", "des")
        # An article and nouns, none after the head: "die Regierung des Nachbarn" is another's.
        plain = all(t.pos in ("ART", "NN") for t in tokens) and phrase.head == phrase.end - 1
        described = all(t.pos in ("ART", "NN", "ADJA") for t in tokens) \
            and phrase.head == phrase.end - 1 and (
            lemma.endswith(OFFICE_ENDINGS) or AGE_NOUN.match(head.text) is not None)
        if definite and described and phrase.number != "pl" \
                and not head.text.lower().endswith(NOT_ONE_PERSON):
            return self.described_person(phrase)
        if definite and plain and head.text.lower().startswith("bundes") \
                and head_kind(head) in ("group", "other"):
            # "das Bundeskriminalamt": the federal state the story is about
            return self.latest_federal(phrase)
        if plain and lemma.startswith("regierungskreis"):
            # "hieß es aus Regierungskreisen": the government of the story's state
            return self.story_state(phrase)
        if definite and plain and lemma in GOVERNMENT_NOUNS:
            # "die Regierung": the government of the state named last as an actor, else of
            # the dateline's, else of a place ("Flüchtlinge aus Syrien" is no government's)
            return self.story_state(phrase)
        if definite and plain and lemma in STATE_NOUNS:
            # "das Land": the state named last, as a place too ("in Panama")
            return self.latest("state", phrase) or self.dateline_state()
        if (definite or first in ("ein", "eine", "einem", "einen", "einer")
                or head.text.lower() == first) and plain and (
                FORCE_SOURCE.fullmatch(head.text.lower()) is not None
                or lemma.endswith(POLICE_ENDING)):
            # "die Kriminalpolizei", "ein Polizeisprecher", "nach Armeeangaben": the police
            # are the force of where the story is written, an army that of the state named
            # last.
            police = head.text.lower().startswith(POLICE_ENDING) \
                or lemma.endswith(POLICE_ENDING)
            if police:
                return self.dateline_state() or self.story_state(phrase)
            return self.story_state(phrase)
        seated = phrase.end < len(self.doc.tokens) and \
            self.doc.tokens[phrase.end].text.lower() in ("in", "von")
        if (definite or head.text.lower() == first) and plain \
                and (lemma in STATE_FORCES or head.text.lower() in STATE_FORCES
                     or (lemma.endswith(STATE_OFFICES) and not seated)):
            # "die Armee", "Sicherheitskräfte", "das Innenministerium": the forces and
            # offices of the state named last.
            return self.story_state(phrase)
        if lemma.startswith("regierungs") and lemma.endswith(GOVERNMENT_FORCES) and all(
                t.pos in ("ART", "NN", "ADJA", "CARD") for t in tokens):
            # "Regierungstruppen", "die Regierungssoldaten": the forces of the state named
            # last, as "die Regierung" is its government (or the dateline's).
            return self.story_state(phrase)
        if definite and plain and len(tokens) == 2 and lemma.endswith(ORG_CLASS_ENDINGS) \
                and not lemma.endswith(MEDIA_ENDINGS):
            # "die Organisation", "die Miliz": the organisation just named.
            return self.latest_organisation(phrase, lemma)
        for k in range(1, len(tokens) - 1):
            # "die Armee des Landes": a body of the state named before.
            if tokens[k].text.lower() == "des" and (tokens[k + 1].lemma or "").lower() in (
                    "land", "staat") and k + 2 == len(tokens):
                return self.latest("state", phrase)
            # "der Generalsekretär des Bündnisses", "ein Sprecher der Organisation": an
            # office of the organisation just named.
            if tokens[k].text.lower() in ("des", "der") and k + 2 == len(tokens) \
                    and head_kind(head) == "office" \
                    and (tokens[k + 1].lemma or "").lower().endswith(ORG_CLASS_ENDINGS) \
                    and not (tokens[k + 1].lemma or "").lower().endswith(MEDIA_ENDINGS):
                return self.latest_organisation(phrase, (tokens[k + 1].lemma or "").lower())
        if lemma.startswith("kommission") and lemma.endswith(OFFICE_ENDINGS):
            # "eine Kommissionssprecherin" in a story about the EU: the Commission's
            eu = next((a for p, a in reversed(self.recent)
                       if p.start < phrase.start and a.get("code") == "EU"), None)
            if eu is not None:
                return [eu]
        # (the first noun outside a participle's adjuncts: "einer am Donnerstag verbreiteten
        # Erklärung Yuns" is a text, not a day)
        text = next((k for k in range(phrase.start, phrase.end)
                     if self.doc.tokens[k].pos == "NN"
                     and not self.doc.tokens[k].attrs.get("embedded")), None)
        if text is not None and text + 1 < phrase.end \
                and (self.doc.tokens[text].lemma or "").lower() in OWNED_TEXTS:
            return self.text_owner(phrase, text)
        both = (first in ("die", "den") and len(tokens) == 3
                and tokens[1].text.lower() in ("beiden", "zwei")) or (
            first in ("beide", "beiden") and len(tokens) == 2)
        if first in ("beide", "beiden") and len(tokens) == 1:
            both, lemma = True, "seite"  # "beide vereinbarten": as "beide Seiten"
        if both and lemma in PERSON_NOUNS:
            found = self.latest("person", phrase, 2)
            return found if len(found) == 2 else []
        if both and lemma in STATE_NOUNS | {"nachbarn", "nachbar", "staaten", "länder"}:
            found = self.latest("state", phrase, 2)  # "Beide Länder einigten sich …"
            return found if len(found) == 2 else []
        if both and lemma in ("seite", "parteien", "partei"):
            # "beide Seiten": the two persons of the sentence or the two before, else the
            # two states named last ("Biden verständigte sich mit Putin, dass beide Seiten …")
            persons = [a for a in self.latest("person", phrase, 2)
                       if phrase.sentence - self._sentence_of(a) <= PRONOUN_WINDOW]
            if len(persons) == 2 and persons[0].get("code") != persons[1].get("code"):
                return persons
            found = self.latest("state", phrase, 2)
            return found if len(found) == 2 else []
        return []

    def text_owner(self, phrase: Phrase, text: int) -> list[dict[str, Any]]:
        """The owner a text names after its head, taken up from earlier: "eine Erklärung
        Yuns" (Yun Byung-se named before), "einer Studie des Bundeskriminalamts" (the
        federal state of the story)."""
        tokens = self.doc.tokens
        first = text + 1
        if tokens[first].pos == "NE" and first + 1 == phrase.end \
                and tokens[first].text.endswith("s") \
                and tokens[first].text[:-1] in self.surnames:
            return [self.surnames[tokens[first].text[:-1]]]
        if tokens[first].text.lower() not in ("des", "der") \
                or any(t.pos not in ("NN", "NE", "ADJA") for t in tokens[first + 1:phrase.end]):
            return []
        if tokens[phrase.end - 1].text.startswith("Bundes"):
            return self.latest_federal(phrase)  # "des Bundeskriminalamts"
        return self.refer(_genitive_phrase(self.doc, first, phrase.end, phrase.sentence))

    def story_state(self, phrase: Phrase) -> list[dict[str, Any]]:
        """The state whose government or forces a phrase that names none means: the
        latest state named as an actor, else the dateline's, else the latest place named
        ("Die Türkei beschoss … Sicherheitskräfte": Turkey's; "Niamey – Nahe der Grenze zu
        Nigeria … nach Armeeangaben": Niger's; "In Mali … Die Armee": Mali's)."""
        return self.latest("state", phrase, acting=True) or self.dateline_state() \
            or self.latest("state", phrase, located=True)

    def latest_organisation(self, phrase: Phrase, noun: str) -> list[dict[str, Any]]:
        """The organisation of the previous two sentences that a class noun ("die
        Organisation", "des Bündnisses") takes up, if the class fits it: a party is a
        party, a company a company, and neither is a militia or an alliance."""
        found = [actor for actor in self.latest("org", phrase)
                 if actor.get("kind") == "org"
                 and phrase.sentence - self._sentence_of(actor) <= PRONOUN_WINDOW]
        return [actor for actor in found if _class_fits(noun, actor.get("sector"))]

    def latest_federal(self, phrase: Phrase) -> list[dict[str, Any]]:
        """The federal state named last before ``phrase`` (or by the dateline)."""
        for earlier, actor in reversed(self.recent[-LOOKBACK:]):
            if earlier.start < phrase.start and actor.get("code") in FEDERAL_STATES \
                    and _kind_of(earlier, actor) == "state":
                return [actor]
        return [a for a in self.dateline_state() if a.get("code") in FEDERAL_STATES]

    def neuter_speaker(self, phrase: Phrase) -> list[dict[str, Any]]:
        """"es" opening a clause after a comma or "dass" that reports a neuter body's
        words: "Das Außenministerium bestätigte, dass es den Botschafter einbestellt
        habe", "Das Land erklärte, es werde …" — the body with the neuter article named
        earlier in the sentence, not under a preposition. "es gebe", "es kam zu" are no one."""
        tokens = self.doc.tokens
        before = tokens[phrase.start - 1].text.lower() if phrase.start > 0 else ""
        after = tokens[phrase.end].text.lower() if phrase.end < len(tokens) else ""
        if before not in (",", "dass", "ob", "weil", "da") or after in EXPLETIVE_AFTER_ES:
            return []
        for earlier, actor in reversed(self.recent):
            if earlier.start >= phrase.start:
                continue
            if earlier.sentence != phrase.sentence:
                break
            if earlier.prep is None and actor.get("code") \
                    and tokens[earlier.start].text.lower() == "das" \
                    and _kind_of(earlier, actor) != "person":
                return [actor]
        return []

    def dateline_state(self) -> list[dict[str, Any]]:
        """The state of the one place a dateline names ("Kabul –"): where the story is
        written, and so whose government and forces a story that names no state means."""
        places = [m for m in self.doc.mentions.get("ACTOR_TERM", ())
                  if self.doc.tokens[m.start].attrs.get("dateline") and m.attrs.get("code")
                  and m.attrs.get("kind") in ("capital", "state")]
        if len({m.attrs["code"] for m in places}) != 1:
            return []
        return [{**places[0].attrs, "kind": "state"}]

    def described_person(self, phrase: Phrase) -> list[dict[str, Any]]:
        """The person a definite description takes up: the latest of the previous two
        sentences whose gender agrees and whose office the description may name ("der
        Minister" takes up an "Außenminister", not a "Präsident"; "der Politiker", "der
        72-Jährige" take up anyone)."""
        office = _office_word(self.doc.tokens[phrase.head])
        for earlier, actor in reversed(self.recent):
            if earlier.start >= phrase.start:
                continue
            if phrase.sentence - earlier.sentence > PRONOUN_WINDOW:
                break
            if _kind_of(earlier, actor) == "person" and (
                    earlier.gender is None or phrase.gender is None
                    or earlier.gender == phrase.gender) \
                    and self._may_name(office, earlier):
                return [actor]
        return []

    def _may_name(self, office: str | None, earlier: Phrase) -> bool:
        """Whether a description by ``office`` ("minister") may take up ``earlier``: any
        description that names no particular office may; one that does, a phrase whose
        own office word ends in it ("Außenminister", "Ministerin")."""
        if office is None:
            return True
        words = [_office_word(t) for t in self.doc.tokens[earlier.start:earlier.end]]
        named = [w for w in words if w is not None]
        return not named or any(w.endswith(office) for w in named)

    def owner(self, phrase: Phrase) -> dict[str, Any] | None:
        """Whom an office under a possessive acts for ("sein Vorsitzender", "ihr
        Sprecher"): the latest actor of the previous two sentences that the possessive
        can stand for ("sein": no woman), if it has a code; an uncoded one (a party, a
        person no lexicon knows) gives none, and no guess further back."""
        word = self.doc.tokens[phrase.start].text.lower()
        for earlier, actor in reversed(self.recent):
            if earlier.start >= phrase.start:
                continue
            if phrase.sentence - earlier.sentence > PRONOUN_WINDOW:
                break
            if word.startswith("sein") and earlier.gender == "f":
                continue
            return actor if actor.get("code") else None
        return None

    def pronoun(self, phrase: Phrase) -> list[dict[str, Any]]:
        word = self.doc.tokens[phrase.start].text.lower()
        if word == "es":
            return self.neuter_speaker(phrase)
        if word not in ("er", "sie", "ihn", "ihm") or phrase.number == "pl":
            return []
        gender = "m" if word in ("er", "ihn", "ihm") else "f"
        # "Er forderte ihn auf": an object pronoun is not who the subject pronoun before it
        # in the sentence is (binding: a reflexive would be "sich").
        bound = self.subjects.get(phrase.sentence, []) if word in ("ihn", "ihm") else []
        salience: dict[int, float] = {}
        actors: dict[int, dict[str, Any]] = {}
        for earlier, actor in reversed(self.recent):
            if earlier.start >= phrase.start:
                continue
            distance = phrase.sentence - earlier.sentence
            if distance > PRONOUN_WINDOW:
                break
            if _kind_of(earlier, actor) != "person" or (earlier.gender or gender) != gender \
                    or actor in bound:
                continue
            key = next((k for k, a in actors.items() if a == actor), len(actors))
            actors[key] = actor
            salience[key] = salience.get(key, 0.0) + _salience(earlier) / 2 ** distance
        ranked = sorted(salience.values(), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[0] == ranked[1]):
            return []
        best = max(salience, key=salience.__getitem__)
        if word in ("er", "sie"):
            self.subjects.setdefault(phrase.sentence, []).append(actors[best])
        return [actors[best]]


# Office words that describe a person without saying which office: they may take up any
# person ("der Politiker", "die Diplomatin" after "Außenministerin X").
GENERIC_OFFICES = ("politiker", "staatsmann", "spitzenpolitiker", "offizielle",
                   "diplomat", "vertreter", "chef", "beamte", "funktionär")


SHORTEST_OFFICE_ENDINGS = tuple(sorted(OFFICE_ENDINGS, key=len))


def _office_word(token: Token) -> str | None:
    """The office a noun names, lower case without the feminine ending ("ministerin" →
    "minister"), or None for a generic description, an age or a name."""
    if token.pos != "NN" or AGE_NOUN.match(token.text):
        return None
    word = token.text.lower()
    for ending in ("innen", "in", "en", "n", "s"):
        stem = word.removesuffix(ending)
        if stem != word and stem.endswith(OFFICE_ENDINGS):
            word = stem
            break
    if not word.endswith(OFFICE_ENDINGS) or word.endswith(GENERIC_OFFICES):
        return None
    # the office itself, without what it is of ("Außenminister" → "minister")
    return next((e for e in SHORTEST_OFFICE_ENDINGS if word.endswith(e)), word)


def _class_fits(noun: str, sector: object) -> bool:
    """Whether an organisation of ``sector`` may be called by the class noun ``noun``."""
    if noun.endswith(("partei", "fraktion")):
        return sector == "PTY"
    if noun.endswith(("konzern", "unternehmen", "holding")):
        return sector == "BUS"
    return sector not in ("PTY", "BUS")


def _given_name_of_east_asia(word: str) -> bool:
    """A Korean or Vietnamese-style given name of two syllables joined by a hyphen, the
    second in lower case ("Ki-moon", "Jong-un", "Jae-in"), which follows the family name."""
    first, _, second = word.partition("-")
    return bool(first) and first[0].isupper() and second.isalpha() and second.islower() \
        and len(first) <= 5 and len(second) <= 5


# Forms after which "es" is no one: "es gebe", "es gibt", "es kam zu …".
EXPLETIVE_AFTER_ES = frozenset({"gibt", "gebe", "gab", "gäbe", "geben", "gegeben", "kam",
                                "komme", "kommt", "käme", "gehe", "geht", "ging", "handle",
                                "handelt", "handelte", "heißt", "hieß", "hieße"})


def _salience(phrase: Phrase) -> float:
    """How prominent a mention is for a pronoun after it (after Lappin & Leass 1994): a
    possible subject most, an object less, a phrase under a preposition least; the caller
    halves the weight for each sentence back and sums the mentions of one actor."""
    if phrase.prep is not None:
        return 100.0
    return 180.0 if "nom" in phrase.cases else 150.0


def _kind_of(phrase: Phrase, actor: dict[str, Any]) -> str:
    """What an actor is for reference: a ``state``, a ``person``, or the phrase's kind."""
    kind = str(actor.get("kind") or "")
    if kind in ("state", "capital") or phrase.kind == "state":
        return "state"
    if kind in ("person", "title") or phrase.kind in ("person", "office"):
        return "person"
    return phrase.kind


def _organisation_name(doc: Document, phrase: Phrase) -> str | None:
    """The name of an organisation introduced with its class: "Ansar Dine" in "die
    Islamistengruppe Ansar Dine"; None for other phrases, and for media."""
    tokens = doc.tokens[phrase.start:phrase.end]
    nouns = [k for k, t in enumerate(tokens) if t.pos == "NN"]
    if not nouns or phrase.members:
        return None
    noun = tokens[nouns[0]].text.lower()
    after = tokens[nouns[0] + 1] if nouns[0] + 1 < len(tokens) else None
    if after is not None and after.pos == "ADJA" and after.text[:1].isupper() \
            and noun.endswith(NAMED_BODY_ENDINGS) and not noun.endswith(MEDIA_ENDINGS):
        # "der Zentralrat Deutscher Sinti und Roma": the class noun opens the name
        return " ".join(t.text for t in tokens[nouns[0]:])
    if not noun.endswith(ORG_CLASS_ENDINGS) or noun.endswith(MEDIA_ENDINGS):
        return None
    name = tokens[nouns[0] + 1:]
    if not name or any(t.pos not in ("NE", "FM") for t in name):
        return None
    return " ".join(t.text for t in name)


def _class_opens_name(doc: Document, phrase: Phrase) -> bool:
    """Whether a body's class noun is followed by a capitalised adjective, which makes
    the class part of the name ("Zentralrat Deutscher Sinti und Roma")."""
    tokens = doc.tokens[phrase.start:phrase.end]
    nouns = [k for k, t in enumerate(tokens) if t.pos == "NN"]
    return bool(nouns) and nouns[0] + 1 < len(tokens) \
        and tokens[nouns[0] + 1].pos == "ADJA" and tokens[nouns[0] + 1].text[:1].isupper()


def name_code(name: str) -> str:
    """A code made of a name: its letters without accents, upper case ("Solidarność" →
    ``SOLIDARNOSC``, "Ahrar al-Scham" → ``AHRARALSCHAM``)."""
    plain = unicodedata.normalize("NFKD", name).replace("ł", "l").replace("Ł", "L")
    return "".join(c for c in plain if c.isascii() and c.isalpha()).upper()


def _owner_code(doc: Document, phrase: Phrase, owners: dict[int, Mention]) -> str | None:
    """The code of a body or force that belongs to the coded actor a "von" phrase right
    after it names: "die Truppen der Regierung von Baschar al-Assad" act for Syria, "die
    Kämpfer von Boko Haram" for Boko Haram."""
    return _code_after(doc, phrase, OWNED_BODIES, "von", owners)


def _apposed_code(doc: Document, phrase: Phrase,
                  coded_at: dict[int, Mention]) -> Mention | None:
    """The coded actor a person's name takes its code from, set off after it: a party in
    brackets ("Franz Maier (ÖVP)"), a party after "von" ("Julia Berger von der CDU"), or
    a coded office as an apposition ("Michael Pock, Gleichbehandlungssprecher der Neos,
    …")."""
    tokens = doc.tokens
    end = phrase.end
    if phrase.kind != "person" or end + 2 >= len(tokens) \
            or tokens[end].sentence != phrase.sentence:
        return None
    if tokens[end].text in ("von", "vom"):
        party = coded_at.get(end + 1) or (coded_at.get(end + 2) if tokens[end + 1].pos == "ART"
                                          else None)
        return party if party is not None and party.attrs.get("sector") == "PTY" else None
    after = coded_at.get(end + 1)
    if after is None or after.end >= len(tokens):
        return None
    closer = tokens[after.end].text
    if tokens[end].text == "(" and closer == ")" and after.attrs.get("sector") == "PTY":
        return after
    if tokens[end].text == "," and closer in (",", ".", ")") \
            and after.attrs.get("kind") == "title":
        return after
    return None


def _seat_code(doc: Document, phrase: Phrase, seats: dict[int, Mention]) -> str | None:
    """The code of a state's body named by its seat: "das Verteidigungsministerium in
    Kabul", "die Behörden in Ankara" act for the state whose capital or name follows "in"
    (an ambassador "in Berlin" acts for another state: offices are left alone), and so
    does the one who speaks for such a body: "ein Sprecher der Polizei in Bamako"."""
    tokens = doc.tokens
    speaks = tokens[phrase.head].text.lower().endswith(SPEAKING_FOR) \
        and phrase.end - 1 > phrase.head \
        and tokens[phrase.end - 1].text.lower().endswith(SEATED_BODIES)
    return _code_after(doc, phrase, SPEAKING_FOR if speaks else SEATED_BODIES, "in", seats)


def _code_after(doc: Document, phrase: Phrase, heads: tuple[str, ...], preposition: str,
                actors: dict[int, Mention]) -> str | None:
    """The code of the actor (among ``actors``, by first token) that ``preposition`` right
    after ``phrase`` introduces, where the phrase's head ends in one of ``heads``."""
    end = phrase.end
    if not doc.tokens[phrase.head].text.lower().endswith(heads) or end + 1 >= len(doc.tokens) \
            or doc.tokens[end].text != preposition \
            or doc.tokens[end].sentence != phrase.sentence:
        return None
    actor = actors.get(end + 1)
    return str(actor.attrs["code"]) if actor is not None else None


def _coded_terms(doc: Document) -> dict[int, list[Mention]]:
    """Nationality adjectives and compound prefixes with a code, by first token."""
    found: dict[int, list[Mention]] = {}
    for label in CODE_LABELS:
        for mention in doc.mentions.get(label, ()):
            if mention.attrs.get("code"):
                found.setdefault(mention.start, []).append(mention)
    return found


# Groups that act for no state whatever state their members come from (SCHEMA.md: unnamed
# groups get no code): a nationality adjective before them says where they are from.
STATELESS_ENDINGS = ("menschenrechtsgruppe", "menschenrechtsgruppen", "menschenrechtler",
                     "menschenrechtsorganisation", "menschenrechtsorganisationen",
                     "aktivist", "aktivisten", "aktivistin", "oppositionelle",
                     "oppositionellen", "rebell", "rebellen", "aufständische",
                     "aufständischen", "journalist", "journalisten", "hilfsorganisation",
                     "hilfsorganisationen", "anwalt", "anwälte", "anwältin", "schützer",
                     "islamisten", "extremisten", "dschihadisten", "jihadisten")


def _stateless(head: Token) -> bool:
    return head.text.lower().endswith(STATELESS_ENDINGS)


# A state's bodies at home, whose spokesman speaks for the story's state as a
# "Polizeisprecher" does: "ein Sprecher der Polizei", "… der Staatsanwaltschaft".
HOME_BODIES = frozenset({"polizei", "staatsanwaltschaft", "generalstaatsanwaltschaft"})


def _of_state_body(doc: Document, phrase: Phrase) -> bool:
    """Whether an office phrase ends in the genitive of a state's ministry or government
    that names no state ("ein Sprecher des Innenministeriums", "ein Sprecher der
    Regierung"), or of its police or prosecutors; a parliament's or an army's office is
    left alone (whose is less sure)."""
    tokens = doc.tokens
    if phrase.kind != "office" or phrase.head + 2 >= phrase.end \
            or tokens[phrase.head + 1].text.lower() not in ("des", "der") \
            or any(t.pos == "NE" for t in tokens[phrase.head + 1:phrase.end]):
        return False
    lemma = (tokens[phrase.end - 1].lemma or "").lower()
    return tokens[phrase.end - 1].pos == "NN" and (
        lemma.endswith(STATE_OFFICES) or lemma in GOVERNMENT_NOUNS or lemma in HOME_BODIES)



def _own_code(doc: Document, terms: dict[int, list[Mention]],
              phrase: Phrase) -> Mention | None:
    """The term whose code the phrase states itself: a nationality adjective or a compound
    prefix ("der ÖVP-Verhandler": the party, with its sector).

    A state's or capital's name followed by another name is the first word of a name of
    its own ("Paris Saint-Germain", "China Daily"), which says nothing of the state.
    """
    outer = not doc.tokens[phrase.start].attrs.get("embedded")
    for k in range(phrase.start, phrase.end):
        if outer and doc.tokens[k].attrs.get("embedded"):
            continue  # "die von russischen Truppen besetzte Stadt" is no Russian city
        for mention in terms.get(k, ()):
            if mention.end > phrase.end:
                continue
            if mention.attrs.get("kind") in ("capital", "state") and mention.end < phrase.end \
                    and doc.tokens[mention.end].pos == "NE":
                continue
            return mention
    return None


def _mention(doc: Document, phrase: Phrase, actor: dict[str, Any], kind: str,
             label: str = "ACTOR") -> Mention:
    tokens = doc.tokens
    start, end = tokens[phrase.start].start, tokens[phrase.end - 1].end
    attrs = {**actor, "text": doc.text[start:end], "kind": kind}
    return Mention(label, phrase.start, phrase.end, start, end, doc.text[start:end], attrs)


def _genitive_group(doc: Document, phrase: Phrase) -> Phrase | None:
    """The genitive after a phrase's head that names a group or an office ("der
    Konfliktparteien", "des Verbandes", "der syrischen Rebellen"), as a phrase of its own;
    None for any other phrase."""
    tokens = doc.tokens
    first = phrase.head + 1
    if first >= phrase.end - 1 or tokens[first].text.lower() not in ("des", "der") \
            or tokens[phrase.head].pos != "NN" or phrase.kind != "other":
        return None  # ("der Sprecher der Opposition" is one actor, an office of its body)
    end = first + 1
    while end < phrase.end and (tokens[end].pos in ("ADJA", "TRUNC")
                                or truncated_and(tokens, end)):
        end += 1  # "der syrischen Rebellen", "der Staats- und Regierungschefs"
    lemma = (tokens[end].lemma or "").lower()
    if end != phrase.end - 1 or tokens[end].pos != "NN" \
            or head_kind(tokens[end]) not in ("group", "office") \
            or not (lemma in GROUP_NOUNS or lemma.endswith(GROUP_ENDINGS)
                    or lemma.endswith(OFFICE_ENDINGS)):
        return None  # (by its form only, "der Weltgeschichte" looks like a participle)
    return _genitive_phrase(doc, first, phrase.end, phrase.sentence)


def _genitive_phrase(doc: Document, start: int, end: int, sentence: int) -> Phrase:
    """The genitive attribute at tokens ``[start, end)`` of a phrase, as a phrase of its
    own (its head the last token), for the memory to take up or to name."""
    tokens = doc.tokens
    return Phrase(start, end, end - 1, head_kind(tokens[end - 1]),
                  doc.text[tokens[start].start:tokens[end - 1].end], frozenset({"gen"}),
                  sentence=sentence)


def _phrases(phrases: list[Phrase]) -> list[Phrase]:
    """Phrases in document order, a coordination's members in place of the coordination."""
    out: list[Phrase] = []
    for phrase in phrases:
        out.extend(phrase.members or (phrase,))
    return out


@annotator("memory", provides={"ACTOR", "CODED_ACTOR"}, requires={"phrases"})
def annotate_memory(doc: Document, context: AnnotationContext) -> None:
    """Give phrases the actors they refer back to (see the module docstring)."""
    memory = DocumentMemory(doc)
    terms = _coded_terms(doc)
    # Tokens of the actors the lexicons found: an open actor never shares its head or the
    # words before it with one (an actor in its apposition or genitive is no obstacle:
    # "Die EU-Kommissarin, eine Diplomatin aus Schweden," is an actor of its own).
    known = {i for m in doc.mentions.get("ACTOR", ()) for i in range(m.start, m.end)
             if not doc.tokens[i].attrs.get("embedded")}  # ("die von Russland gestützten …")
    coded = [m for m in doc.mentions.get("ACTOR", ()) if m.attrs.get("code")]
    seats = {m.start: m for m in coded if m.attrs.get("kind") in ("capital", "state")}
    owners = {m.start: m for m in coded if m.attrs.get("kind") in ("person", "state", "org")}
    coded_at = {m.start: m for m in coded}
    for phrase in _phrases(doc.phrases):
        if phrase.actor is not None and phrase.actor.get("code"):
            memory.remember(phrase, phrase.actor)
            if phrase.head not in known \
                    and head_kind(doc.tokens[phrase.head]) in ("group", "office"):
                # "Die Staaten der Afrikanischen Union": a body named by the actor of its
                # genitive is an actor itself, so a frame's role test finds it at its head.
                doc.add_mention(_mention(doc, phrase, phrase.actor, "genitive"))
            continue
        named_body = _organisation_name(doc, phrase)
        # (a nationality adjective inside a body's own name says nothing of a state:
        # "der Verband Deutscher Zeitungsverleger"; nor before a group that acts for no
        # state: "syrische Menschenrechtsgruppen", "ugandische Rebellen")
        own = None if (named_body is not None and _class_opens_name(doc, phrase)) \
            or _stateless(doc.tokens[phrase.head]) else _own_code(doc, terms, phrase)
        code = str(own.attrs["code"]) if own is not None else None
        seat = _seat_code(doc, phrase, seats) if code is None else None
        if seat is not None:
            # "die Armee in Bamako" is Mali's, whatever state the story named before;
            # "ein Sprecher der Polizei in Bamako" too, though a lexicon knows "Sprecher"
            actor = {**actor_record(phrase, doc), "code": seat, "sector": "GOV"}
            doc.add_mention(_mention(doc, phrase, actor, "open"))
            phrase.actor = actor
            memory.remember(phrase, actor)
            continue
        referred = memory.refer(phrase) if code is None else []
        if not referred and code is None and _of_state_body(doc, phrase):
            # "ein Sprecher des Sozialministeriums": the office of a state's ministry that
            # names no state is the state's the story is about
            referred = memory.story_state(phrase)
        if not referred and code is None and phrase.kind in ("office", "person") \
                and doc.tokens[phrase.start].pos == "PPOSAT" \
                and not any(t.text.lower().startswith(("kolleg", "partner", "freund"))
                            for t in doc.tokens[phrase.start:phrase.end]):
            owner = memory.owner(phrase)  # "sein Vorsitzender Romani Rose"
            if owner is not None:
                actor = {**actor_record(phrase, doc), "code": owner["code"],
                         "sector": owner.get("sector")}
                doc.add_mention(_mention(doc, phrase, actor, "memory"))
                phrase.actor = actor
                memory.remember(phrase, actor)
                continue
        if not referred and code is None and phrase.kind in ("office", "person") \
                and doc.tokens[phrase.head].text.startswith("Bundes") \
                and head_kind(doc.tokens[phrase.head]) == "office":
            # "Bundespräsident Heinz Fischer", "die Bundeskanzlerin": the federal state of
            # the story, the person's own name kept
            federal = memory.latest_federal(phrase)
            if federal:
                actor = {**actor_record(phrase, doc), "code": federal[0]["code"],
                         "sector": "GOV"}
                doc.add_mention(_mention(doc, phrase, actor, "memory"))
                phrase.actor = actor
                memory.remember(phrase, actor)
                continue
        if referred:
            # A pronoun's antecedent is no ACTOR mention: sequence rules would take "er"
            # for a name ("Erdogan, er sei …" is no list of actors); facts read it.
            # A neuter body's "es" (``neuter_speaker``) opens a clause after a comma or
            # "dass" and is its subject: frames may take it as an actor.
            label = "ACTOR_REF" if phrase.kind == "pronoun" and phrase.text.lower() != "es" \
                else "ACTOR"
            for actor in referred:
                doc.add_mention(_mention(doc, phrase, actor, "memory", label))
            phrase.actor = {**referred[0], "text": phrase.text}
            continue
        organisation = named_body if code is None else None
        if phrase.actor is not None or (not can_act(phrase) and organisation is None) \
                or phrase.kind == "pronoun" or phrase.prep in PLACE_PREPOSITIONS \
                or not known.isdisjoint(range(phrase.start, phrase.head + 1)):
            continue
        actor = actor_record(phrase, doc)
        if code is None:
            code = _owner_code(doc, phrase, owners)
        if code is None:
            own = _apposed_code(doc, phrase, coded_at)
            code = str(own.attrs["code"]) if own is not None else None
        if organisation is not None:
            code = name_code(organisation)
            actor = {**actor, "name": organisation, "kind": "org"}
            memory.organisations.setdefault(organisation, {**actor, "code": code})
        if code is not None:
            actor = {**actor, "code": code}
            if own is not None and own.attrs.get("sector") == "PTY":
                actor["sector"] = "PTY"  # a party's office holder speaks for the party
        phrase.actor = actor
        doc.add_mention(_mention(doc, phrase, actor, "open"))
        memory.remember(phrase, actor)
    covered = {i for m in doc.mentions.get("ACTOR", ()) for i in range(m.start, m.end)}
    for phrase in _phrases(doc.phrases):
        # "Friedensgespräche der Konfliktparteien", "die Angriffe der Rebellen": the group
        # in an event noun's genitive is an actor of its own, for the noun frames; so is
        # one in a participle's adjuncts ("die von der Armee getöteten Zivilisten")
        tails = [p for p in phrase.inner if can_act(p)]
        tail = _genitive_group(doc, phrase)
        if tail is not None:
            tails.append(tail)
        for tail in tails:
            if not covered.isdisjoint(range(tail.start, tail.end)):
                continue
            own = None if _stateless(doc.tokens[tail.head]) else _own_code(doc, terms, tail)
            code = str(own.attrs["code"]) if own is not None else None
            referred = [] if code is not None else memory.refer(tail)
            actor = actor_record(tail, doc)
            if code is not None:  # "der chinesischen Seite"
                actor = {**actor, "code": code}
            elif referred:  # "der Armee" of the state named before
                actor = {**actor, "code": referred[0]["code"],
                         "sector": referred[0].get("sector")}
            doc.add_mention(_mention(doc, tail, actor, "genitive"))
    for mention in list(doc.mentions.get("ACTOR", ())):
        if mention.attrs.get("code"):
            # CODED_ACTOR: an actor whose code the document settles (from a lexicon or
            # taken up from earlier), so that a rule can ask for a state's, a body's or a
            # known person's act ("Krawiec sagte Litauen … zu") and leave a company or an
            # unknown name alone ("Der Provider Tele2 bietet … an")
            doc.add_mention(Mention("CODED_ACTOR", mention.start, mention.end,
                                    mention.char_start, mention.char_end, mention.text,
                                    mention.attrs))
