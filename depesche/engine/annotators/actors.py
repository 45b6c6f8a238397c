"""The ``actors`` annotator: who acts, and for whom, as ``ACTOR`` mentions.

It builds on the lexicon mentions whose entries carry a ``kind`` (the pack's actor
lexicons: states, capitals, organisations, persons, nationality adjectives, offices) and
turns them into actors with the attributes of SCHEMA.md: ``text``, ``name``, ``code``
(what the actor acts for) and ``sector``. Beside those, ``kind`` says what named the
actor and ``office`` the office id of a title or body.

What it resolves, in the order of the passes below:

* chains around an office, "der russische US-Botschafter Anatoly Antonov": determiner,
  adjectives, a genitive ("Russlands Regierung", "Kerrys Sprecher"), the office, then a
  name from the lexicon or an unknown proper name ("Außenminister Grzegorz Schetyna"), or
  a complement ("Außenminister des Irans", "die Regierung in Warschau", "Vertreter der
  unter dem Banner der FSA kämpfenden Gruppen");
* compounds whose first part names an actor and whose head is an office
  ("US-Regierungsmitglied", "Kreml-Berater", "Nato-Verbündeten"), also when the head is
  itself a compound ending in an office ("US-Außenamtssprecher" is a Sprecher);
* the code of a chain, strongest evidence first: a nationality adjective (a Russian
  ambassador to the USA acts for RUS, SCHEMA.md), a genitive, the named person, a
  complement, the compound prefix, the office's own code ("Kremlchef");
* definite descriptions without a name ("der Offizielle", "der Botschafter", "Der
  russische Außenminister") take up the last earlier actor whose office they may refer to
  (the office's ``refers_to`` list; ``sector:NGO`` there stands for any actor of that
  sector, so "die Menschenrechtler" take up a human-rights organisation) — a
  recency-based reading of definite NP anaphora (cf. Poesio & Vieira 1998, "A
  corpus-based investigation of definite description use").

Media outlets, private persons and unnamed groups keep ``code: None`` (SCHEMA.md).
Place names in a dateline ("Warschau/Moskau –") are where the article was written, not
actors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Document, Mention, Token
from depesche.engine.lexicon import LexiconEntry

ENTITY_KINDS = frozenset({"state", "capital", "org", "person", "people", "group", "media"})
OFFICE_KINDS = frozenset({"title", "body"})
# Kinds that may stand for an actor in a compound prefix ("US-", "Kreml-", "Merkel-").
PREFIX_KINDS = frozenset({"state", "capital", "org", "person"})
# A single-word name or office must be a noun where the tagger has run: "Kurz darauf" is
# no chancellor, "Gegenüber dem Vorjahr" no counterpart.
NOUN_TAGS = frozenset({"NN", "NE", "FM", "TRUNC"})

DEFINITE = frozenset({"der", "die", "das", "dem", "den", "des"})
# Articles, possessives and demonstratives that open a noun phrase (STTS ART, PPOSAT, PDAT).
DETERMINERS = DEFINITE | frozenset({
    "ein", "eine", "einem", "einen", "einer", "eines", "sein", "seine", "seinem", "seinen",
    "seiner", "seines", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "dieser", "diese",
    "diesem", "diesen", "dieses", "jener", "jene", "jenem", "jenen", "beide", "beiden",
    "zwei", "drei", "mehrere", "einige", "viele",
})
GENITIVE_ARTICLES = frozenset({"des", "der"})
# A name after an office: proper nouns, foreign material, or regnal numbers ("II.").
NAME_TAGS = frozenset({"NE", "FM"})
NAME_TOKEN = re.compile(r"[A-ZÄÖÜÁÀÂÉÈÊÍÓÔÚÇŁŚŻŹĆŃŠŽČŘ][\w'’.-]*\Z")
ROMAN = re.compile(r"[IVX]+\.?\Z")
# An adjective between determiner and office ("der damalige polnische Außenminister").
ADJECTIVE = re.compile(r"[a-zäöüß-]+(e|en|er|es|em)\Z")
# An office held no longer ("der ehemalige Finanzminister", "Ex-Präsident", "Altkanzler"):
# its holder acts for the state no more, a private person (SCHEMA.md) or another office.
FORMER = re.compile(r"(ehemalig|früher|einstig|vormalig)(e|en|er|es|em)\Z")
FORMER_OFFICE = ("ex-", "alt-", "altkanzler", "altbundes", "altpräsident", "altbürgermeister",
                 "altlandeshauptm")
# Where an actor's code comes from, strongest first (see the module docstring).
CODE_EVIDENCE = ("adjective", "city", "genitive", "person", "complement", "party", "prefix",
                 "office", "entity", "antecedent")
# Offices of a government or a state's parliament: held by a party's member, they act for
# the party's state ("ÖVP-Innenministerin", "Verteidigungsminister X (SPÖ)": AUT), where
# a party office acts for the party ("FPÖ-Chef", "der SPÖ-Politiker"). The party entry's
# `state` says which state (only for parties whose ministers are national ones).
GOVERNMENT_OFFICES = frozenset({"Kanzler", "Vizekanzler", "Staatssekretär", "Regierungschef",
                                "Premierminister", "Staatspräsident", "Präsident",
                                "Minister"})
# Descriptions that may take up the holder of any political office ("der SPD-Politiker"
# after "Justizminister Heiko Maas"), and so only from the sentences just before.
BROAD_DESCRIPTIONS = frozenset({"Politiker"})
BROAD_WINDOW = 2
# Offices of a party or a parliament's benches: with the party in brackets ("der
# Abgeordnete X (SPÖ)") the holder acts for the party.
PARTY_OFFICES = frozenset({"Abgeordnete", "Politiker", "Parteichef", "Klubobmann",
                           "Generalsekretär", "Chef", "Sprecher", "Vertreter", "Senator"})
MAX_NAME_TOKENS = 3
# Offices of a city or a region (not of a state): no state's code.
LOCAL_OFFICES = frozenset({"Bürgermeister", "Gouverneur"})
# Tags that continue a noun phrase after a noun (a genitive or prepositional attribute).
NP_CONTINUATION = frozenset({"ART", "NN", "NE", "ADJA", "CARD"})
MIN_HEAD = 4  # the shortest office form a compound may end in ("Chef")


@dataclass(slots=True)
class Part:
    """What one token contributes to an actor: an entity term or an office."""

    start: int
    end: int
    kind: str
    entry_attrs: dict[str, Any]
    prefix_code: str | None = None
    prefix_sector: str | None = None
    prefix_state: str | None = None  # the state of a party prefix ("ÖVP-": AUT)


@dataclass(slots=True)
class ActorIndex:
    """The pack's actor lexicons, compiled: prefixes, offices by form, office refers_to."""

    prefixes: dict[str, dict[str, Any]] = field(default_factory=dict)
    offices: dict[str, dict[str, Any]] = field(default_factory=dict)
    # In pack order: of two labels on the same span, the earlier lexicon's reading wins.
    labels: tuple[str, ...] = ()


def build_index(context: AnnotationContext) -> ActorIndex:
    """Collect compound prefixes and office forms from the context's lexicons (cached)."""
    key = tuple(id(lexicon) for lexicon in context.lexicons)
    cached = context.cache.get("actors.index")
    if cached is not None and cached[0] == key:
        return cached[1]
    index = ActorIndex()
    labels: dict[str, None] = {}  # a set that keeps pack order
    for lexicon in context.lexicons:
        for entry in lexicon.entries:
            kind = entry.attrs.get("kind")
            if kind in ENTITY_KINDS or kind in OFFICE_KINDS or kind == "adjective":
                labels[lexicon.label] = None
            if kind in PREFIX_KINDS:
                for prefix in _prefixes(entry):
                    index.prefixes.setdefault(prefix, {"id": entry.id, **entry.attrs})
            elif kind in OFFICE_KINDS:
                for form in entry.forms:
                    if len(form) == 1:
                        index.offices.setdefault(form[0].lower(), {"id": entry.id, **entry.attrs})
    index.labels = tuple(labels)
    context.cache["actors.index"] = (key, index)
    return index


def _prefixes(entry: LexiconEntry) -> Iterable[str]:
    declared = entry.attrs.get("prefixes")
    if declared:
        return declared
    return [form[0] for form in entry.forms if len(form) == 1]


def office_of(word: str, index: ActorIndex) -> dict[str, Any] | None:
    """The office a (compound) noun names: an exact form, else its longest office suffix.

    German compounds are right-headed, so "Außenamtssprecher" is a kind of "Sprecher"
    (Duden Grammatik, Determinativkomposita).
    """
    lower = word.lower()
    found = index.offices.get(lower)
    if found or not word[:1].isupper():
        return found
    for k in range(3, len(lower) - MIN_HEAD + 1):
        found = index.offices.get(lower[k:])
        if found:
            return found
    return None


def compound_part(token: Token, index: ActorIndex) -> Part | None:
    """An office named by a token the lexicons did not tag whole.

    "US-Regierungsmitglied" is the office "Regierungsmitglied" with prefix code USA;
    "Außenamtssprecher" is a "Sprecher" without one.
    """
    text = token.text
    if not text[:1].isupper() or len(text) < MIN_HEAD or \
            (token.pos is not None and token.pos not in NOUN_TAGS):
        return None
    prefix = None
    head = text
    if "-" in text.strip("-"):
        head = text.rsplit("-", 1)[1]
        prefix = prefix_entry(text, index)
    office = office_of(head, index) if head else None
    if office is None:
        return None
    return Part(token.i, token.i + 1, office["kind"], office,
                prefix_code=prefix.get("code") if prefix else None,
                prefix_sector=prefix.get("sector") if prefix else None,
                prefix_state=prefix.get("state") if prefix else None)


def collect_parts(doc: Document, index: ActorIndex) -> dict[int, Part]:
    """The entity terms, offices and adjectives by their first token, longest first."""
    parts: dict[int, Part] = {}
    starts = {m.start for label in index.labels for m in doc.mentions.get(label, ())}
    for label in index.labels:
        for mention in doc.mentions.get(label, ()):
            kind = mention.attrs.get("kind")
            if kind is None:
                continue
            pos = doc.tokens[mention.start].pos
            if mention.end - mention.start == 1 and kind in ("person", "title", "body") and \
                    pos is not None and pos not in NOUN_TAGS and \
                    not named_mid_sentence(doc, mention.start):
                continue
            if kind == "capital" and unknown_surname(doc, mention.end, starts):
                continue  # "Riad Haddad": a first name, not the city
            part = Part(mention.start, mention.end, kind, mention.attrs)
            if kind in OFFICE_KINDS:
                prefix = prefix_entry(doc.tokens[mention.start].text, index)
                if prefix:
                    part.prefix_code, part.prefix_sector = prefix.get("code"), prefix.get("sector")
                    part.prefix_state = prefix.get("state")
            known = parts.get(mention.start)
            if known is None or known.end < part.end:
                parts[mention.start] = part
    covered = {i for part in parts.values() for i in range(part.start, part.end)}
    for token in doc.tokens:
        if token.i not in covered:
            part = compound_part(token, index)
            if part:
                parts[token.i] = part
    return parts


def named_mid_sentence(doc: Document, i: int) -> bool:
    """Whether a capitalised word the tagger took for no noun is a name all the same: inside
    a sentence a capital marks a name ("sagte Mitterlehner"); at its start only a finite
    verb or a label's colon after it does ("Mitterlehner lehnte ab", "Kurz weiter:", not
    "Kurz danach")."""
    token = doc.tokens[i]
    if not token.text[:1].isupper():
        return False
    first = doc.sentences[token.sentence].first
    before = doc.tokens[i - 1].text if i > first else None
    if before is not None and before not in OPENING_MARKS:
        return True
    following = doc.tokens[i + 1] if i + 1 < len(doc.tokens) else None
    if following is None or following.sentence != token.sentence:
        return False
    # before a finite verb, or a speaker's label: "Kurz:", "Kurz weiter:"
    return (following.pos or "").endswith("FIN") or following.text == ":" or (
        following.pos == "ADV" and i + 2 < len(doc.tokens) and doc.tokens[i + 2].text == ":")


# Marks after which a word is capitalised as at the start of a sentence.
OPENING_MARKS = frozenset({"„", "\"", "»", "«", "“", "(", ":", "–", "-"})


def unknown_surname(doc: Document, i: int, starts: set[int]) -> bool:
    """Whether token ``i`` is a proper name no lexicon knows, in the sentence of the token
    before it: then a capital's name before it is a first name ("sagte Riad Haddad")."""
    return 0 < i < len(doc.tokens) and doc.tokens[i].pos == "NE" and i not in starts and \
        doc.tokens[i].sentence == doc.tokens[i - 1].sentence


def government_office(attrs: dict[str, Any], word: str = "") -> bool:
    """Whether an office is a government's or a state parliament's (see
    GOVERNMENT_OFFICES): any minister, a chancellor, a state secretary, a president; not
    the president of an association the compound names ("Wirtschaftsbundpräsident",
    "Verbandspräsident", "Kammerpräsidentin": ``word``, the office's own word)."""
    office = str(attrs.get("id") or "")
    if ASSOCIATION_HEADS.search(word.lower()):
        return False
    return office in GOVERNMENT_OFFICES or office.endswith("minister")


# A president or chief of an association, a chamber, a club or a company, by the compound's
# part before the office ("Wirtschaftsbund-", "Bauern-", "Kammer-", "Verbands-").
ASSOCIATION_HEADS = re.compile(
    r"(bund|verband|verbands|verein|vereins|klub|club|kammer|gewerkschafts|stiftungs|"
    r"konzern|firmen|akademie)(präsident|chef|obmann|vorsitzend)")


def prefix_entry(text: str, index: ActorIndex) -> dict[str, Any] | None:
    """The actor entry a hyphenated compound's first part names ("US-" in "US-Angaben").

    An office after an acronym no lexicon knows acts for the body the acronym names
    ("HDP-Chef", "PYD-Sprecher": code ``HDP``, ``PYD``), unless the acronym is a medium's
    ("ARD-Korrespondent": media get no code, SCHEMA.md).
    """
    if "-" not in text.strip("-"):
        return None
    first = text.partition("-")[0]
    known = index.prefixes.get(first)
    if known is None and ACRONYM.fullmatch(first) and first not in MEDIA_ACRONYMS:
        return {"code": first, "sector": None}
    return known


# An acronym: two to six capitals ("HDP", "FPÖ"), the way parties and bodies abbreviate.
ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,6}")
# Broadcasters, agencies and papers known by their acronym (SCHEMA.md: media get no code).
MEDIA_ACRONYMS = frozenset({
    "ARD", "ZDF", "ORF", "BBC", "CNN", "AFP", "APA", "DPA", "AP", "RTL", "SRF", "SWR", "NDR",
    "WDR", "MDR", "BR", "HR", "RBB", "FAZ", "NZZ", "SZ", "TAZ", "TASS", "RIA", "KNA", "EPD",
    "SDA", "ANSA", "ATV", "NTV", "ABC", "CBS", "NBC", "FOX", "RT", "TRT", "IRNA", "KCNA",
    "MSNBC", "NPR", "ITV", "SKY", "ZIB",
})


@dataclass(slots=True)
class Chain:
    """An actor being assembled: its token span and the evidence for its code."""

    start: int
    end: int
    kind: str
    office: dict[str, Any] | None = None
    definite: bool = False
    name: str | None = None
    codes: dict[str, str] = field(default_factory=dict)
    sector: str | None = None
    closed: bool = False  # has a name or a complement: not a definite description
    prefix_state: str | None = None  # the state of a party prefix ("SPD-Politiker": DEU)
    former: bool = False  # "der ehemalige Außenminister": no state's actor now


class ActorBuilder:
    """Walks a document's tokens and assembles actors from the parts found on them."""

    def __init__(self, doc: Document, index: ActorIndex) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.index = index
        self.parts = collect_parts(doc, index)
        self.actors: list[tuple[Chain, Mention]] = []
        # Positions in ``actors`` by office id and by "sector:X", for ``resolve``.
        self.by_reference: dict[str | None, list[int]] = {}

    def part(self, i: int, kinds: Iterable[str] | None = None) -> Part | None:
        part = self.parts.get(i)
        if part is None or self.tokens[i].attrs.get("dateline"):
            return None
        if kinds is not None and part.kind not in kinds:
            return None
        return part

    def same_sentence(self, i: int, j: int) -> bool:
        return 0 <= i < len(self.tokens) and 0 <= j < len(self.tokens) and \
            self.tokens[i].sentence == self.tokens[j].sentence

    def run(self) -> None:
        i = 0
        while i < len(self.tokens):
            part = self.part(i)
            if part is None or part.kind == "adjective":
                i += 1
                continue
            if part.kind in OFFICE_KINDS:
                chain = self.office_chain(part)
            elif part.kind in ("state", "capital", "person") and self._office_follows(part.end):
                # "Russlands Regierung", "Kerrys Sprecher": the genitive opens the chain.
                office = self.part(part.end)
                assert office is not None
                chain = self.office_chain(office, genitive=part)
            else:
                chain = self.entity_chain(part)
            if chain is not None:
                self.emit(chain)
                i = chain.end
            else:
                i = part.end

    def _office_follows(self, i: int) -> bool:
        token = self.tokens[i - 1]
        return (token.text.endswith(("s", "'")) and self.same_sentence(i - 1, i)
                and self.part(i, OFFICE_KINDS) is not None)

    def entity_chain(self, part: Part) -> Chain:
        attrs = part.entry_attrs
        chain = Chain(part.start, part.end, part.kind, sector=attrs.get("sector"), closed=True)
        if part.kind != "group":
            chain.name = attrs.get("name") or attrs.get("id")
        if attrs.get("code"):
            chain.codes["entity"] = attrs["code"]
        if part.kind != "person":  # "den Erdogan begann": a relative pronoun, not an article
            chain.start = self.determiner_start(part.start, chain)
        if part.kind == "group":  # "die syrische Opposition" is unnamed: no code (SCHEMA.md)
            chain.codes.pop("adjective", None)
            chain.codes.pop("city", None)
        if part.kind == "org" and chain.codes.get("entity") \
                and attrs.get("sector") in ("PTY", "REB", "NGO"):
            # a party, a rebel group or an NGO acts for itself: "die spanische Linkspartei
            # Podemos" is Podemos, the adjective says where it is from (a state's body named
            # like another state's, "der Schweizer Nationalrat", keeps the adjective's)
            chain.codes.pop("adjective", None)
            chain.codes.pop("city", None)
        return chain

    def office_chain(self, office: Part, genitive: Part | None = None) -> Chain | None:
        attrs = office.entry_attrs
        chain = Chain(office.start, office.end, attrs.get("kind", "title"), office=attrs,
                      sector=attrs.get("sector"))
        if attrs.get("code"):
            chain.codes["office"] = attrs["code"]
        if office.prefix_code:
            chain.codes["prefix"] = office.prefix_code
            chain.sector = chain.sector or office.prefix_sector
            chain.prefix_state = office.prefix_state
            if office.prefix_state and government_office(attrs, self.tokens[office.start].text):
                chain.codes["prefix"] = office.prefix_state
                chain.sector = attrs.get("sector")
        if genitive is not None:
            chain.start = genitive.start
            if genitive.entry_attrs.get("code"):
                chain.codes["genitive"] = genitive.entry_attrs["code"]
            chain.closed = genitive.kind == "person"
        else:
            chain.start = self.determiner_start(office.start, chain)
        chain.former = chain.former or self.tokens[office.start].text.lower().startswith(
            FORMER_OFFICE)
        if office.prefix_sector == "PTY":
            chain.codes.pop("city", None)  # "der Wiener FPÖ-Chef" acts for the party
        self.extend_right(chain)
        party = self.party_after(chain.end)
        if party is not None and government_office(attrs, self.tokens[office.start].text) \
                and party.get("state"):
            chain.codes["party"] = party["state"]
        elif party is not None and attrs.get("id") in PARTY_OFFICES and chain.closed:
            chain.codes["party"] = party.get("code") or ""
        return chain

    def party_after(self, j: int) -> dict[str, Any] | None:
        """The party named in brackets after an office holder ("(SPÖ)")."""
        if j + 2 >= len(self.tokens) or self.tokens[j].text != "(" or \
                self.tokens[j + 2].text != ")" or not self.same_sentence(j, j + 2):
            return None
        party = self.part(j + 1, ("org",))
        if party is None or party.entry_attrs.get("sector") != "PTY":
            return None
        return party.entry_attrs

    def determiner_start(self, start: int, chain: Chain) -> int:
        """Extend a chain left over adjectives and one determiner; note nationalities."""
        i = start
        while i - 1 >= 0 and self.same_sentence(i - 1, start) and start - i < 4:
            token = self.tokens[i - 1]
            adjective = self.part(i - 1, ("adjective",))
            if adjective is not None:
                # a capital's adjective ("Wiener", "Moskauer") is written in capitals
                key = "city" if token.text[:1].isupper() and i - 1 > self.doc.sentences[
                    token.sentence].first else "adjective"
                chain.codes.setdefault(key, adjective.entry_attrs.get("code", ""))
                i = adjective.start
            elif token.text.lower() in DETERMINERS and token.pos != "PRELS":
                chain.definite = token.text.lower() in DEFINITE
                return i - 1
            elif ADJECTIVE.match(token.text) and token.pos in (None, "ADJA"):
                chain.former = chain.former or FORMER.match(token.text) is not None
                i -= 1
            else:
                break
        # adjectives without a determiner ("russische Soldaten") still belong to the chain
        return i if "adjective" in chain.codes or "city" in chain.codes else start

    def extend_right(self, chain: Chain) -> None:
        """A name, a genitive complement ("der Regierung", "von Kenia") or a seat ("in
        Warschau") after the office."""
        j = chain.end
        if not self.same_sentence(chain.start, j):
            return
        person = self.part(j, ("person",))
        if person is not None:
            chain.end = person.end
            chain.name = person.entry_attrs.get("name") or person.entry_attrs.get("id")
            chain.sector = chain.sector or person.entry_attrs.get("sector")
            if person.entry_attrs.get("code"):
                chain.codes["person"] = person.entry_attrs["code"]
            chain.closed = True
            return
        if chain.kind == "title":
            names = self.unknown_name(j)
            if names:
                chain.end = j + len(names)
                chain.name = " ".join(token.text for token in names)
                chain.closed = True
                known = self.part(chain.end, ("person",))
                if known is not None and len(names) == 1:
                    # a first name no lexicon has before a known surname ("Giannis
                    # Varoufakis" where the lexicon spells "Yanis")
                    chain.end = known.end
                    chain.name = " ".join(t.text for t in self.tokens[j:known.end])
                    if known.entry_attrs.get("code"):
                        chain.codes["person"] = known.entry_attrs["code"]
                return
        word = self.tokens[j].text.lower() if j < len(self.tokens) else ""
        genitive_name = self.part(j, ("state", "capital", "org"))
        if genitive_name is not None and self.tokens[j].text.endswith("s") \
                and genitive_name.end == j + 1:
            # A name in the genitive after the office: "Die Außenministerin Kanadas".
            chain.end = genitive_name.end
            if genitive_name.entry_attrs.get("code"):
                chain.codes["complement"] = genitive_name.entry_attrs["code"]
            chain.closed = True
            return
        # "die Regierung in Warschau" names a seat; "die Truppen in Afghanistan" a place,
        # and so does "in" after an office whose code is settled: "der Besuch des
        # indonesischen Präsidenten in Australien" goes to Australia.
        seat = word == "in" and chain.sector == "GOV" and not (
            chain.kind == "title" and chain.codes)
        # "der Präsident von Kenia", "ein Sprecher von Putin": "von" with a bare name
        # stands for the genitive.
        owner = word == "von" and chain.kind == "title"
        if word in GENITIVE_ARTICLES or seat or owner:
            k = j + 1
            while k < len(self.tokens) and self.same_sentence(j, k) and \
                    self.part(k, ("adjective",)) is None and ADJECTIVE.match(self.tokens[k].text):
                k += 1
            target = self.part(k, ("state", "capital", "org", "adjective")
                               + (("person",) if owner else ()))
            if target is not None and target.kind == "adjective":
                target = None
            if target is not None:
                chain.end = target.end
                if target.entry_attrs.get("code"):
                    chain.codes["complement"] = target.entry_attrs["code"]
                chain.closed = True
            elif word in GENITIVE_ARTICLES and chain.kind == "title" and self.embedded(chain, j):
                chain.closed = True
            elif word in GENITIVE_ARTICLES and k < len(self.tokens) and \
                    self.tokens[k].text[:1].isupper():
                chain.closed = True  # "der Chef der Gruppe …": not anaphoric

    def embedded(self, chain: Chain, j: int) -> bool:
        """A genitive complement with an actor inside it: "Vertreter der unter dem Banner
        der FSA kämpfenden Gruppen" act for the FSA. The complement ends at its head noun."""
        found: Part | None = None
        for m in range(j + 1, min(j + 12, len(self.tokens))):
            token = self.tokens[m]
            pos = token.pos or ""
            if not self.same_sentence(j, m) or token.text in ",.;:" or pos.endswith("FIN"):
                return False
            part = self.part(m, ("state", "capital", "org"))
            if part is not None and part.entry_attrs.get("code"):
                found = part
            following = self.tokens[m + 1].pos if m + 1 < len(self.tokens) else None
            if pos in ("NN", "NE") and following not in NP_CONTINUATION:
                if found is None or found.end > m + 1:
                    return False
                chain.end = m + 1
                chain.codes["complement"] = found.entry_attrs["code"]
                return True
        return False

    def unknown_name(self, j: int) -> list[Token]:
        """Up to three proper-name tokens after a title that no lexicon knows."""
        names: list[Token] = []
        while j < len(self.tokens) and len(names) < MAX_NAME_TOKENS and \
                self.same_sentence(j - 1, j) and self.parts.get(j) is None:
            token = self.tokens[j]
            if names and ROMAN.match(token.text):
                names.append(token)
                break
            if not NAME_TOKEN.match(token.text) or token.text.lower() in DETERMINERS:
                break
            if token.pos is not None and token.pos not in NAME_TAGS and not self.surname(names, j):
                break
            names.append(token)
            j += 1
        return names

    def surname(self, names: list[Token], j: int) -> bool:
        """A capitalised common noun after a first name is a surname ("Ruth Becher", tagged
        NN), unless another noun follows (then it starts a phrase of its own)."""
        if not names or names[-1].pos not in NAME_TAGS or self.tokens[j].pos != "NN":
            return False
        following = self.tokens[j + 1] if j + 1 < len(self.tokens) else None
        return following is None or following.pos not in NOUN_TAGS

    def emit(self, chain: Chain) -> None:
        if chain.office is not None and chain.definite and not chain.closed:
            self.resolve(chain)
        # an office that names whom it acts for outranks a nationality ("der argentinische
        # Papst" acts for the Holy See)
        order = ("office", *CODE_EVIDENCE) if chain.codes.get("office") else CODE_EVIDENCE
        if chain.office is not None and chain.office.get("sector") == "NGO":
            # "russische Menschenrechtler" act for no state: their adjective says where
            # they are from (SCHEMA.md: unnamed groups get no code)
            order = tuple(e for e in order if e not in ("adjective", "city"))
        code = next((chain.codes[evidence] for evidence in order
                     if chain.codes.get(evidence)), None)
        if chain.former and chain.office is not None and (
                government_office(chain.office) or chain.sector in ("GOV", "MIL")):
            code = None  # "Ex-Finanzminister Yanis Varoufakis": no longer Greece's
        if chain.office is not None and chain.office.get("id") in LOCAL_OFFICES:
            # a city's or a region's office acts for no state ("Prags Bürgermeister", "der
            # Bürgermeister von Paris", SCHEMA.md): only a party it is named with
            code = chain.codes.get("party") or (
                chain.codes.get("prefix") if chain.prefix_state else None)
        if chain.kind == "body" and code is None:
            return  # "der Regierung des entsprechenden Landes": no actor to name
        first, last = self.tokens[chain.start], self.tokens[chain.end - 1]
        text = self.doc.text[first.start:last.end]
        # Without a code the office's sector would be a guess ("ein Sprecher der Gruppe").
        sector = chain.sector if code or chain.kind == "media" else None
        attrs = {"text": text, "name": chain.name, "code": code, "sector": sector,
                 "kind": chain.kind, "office": chain.office["id"] if chain.office else None}
        mention = Mention("ACTOR", chain.start, chain.end, first.start, last.end, text, attrs)
        self.doc.add_mention(mention)
        office = chain.office["id"] if chain.office else None
        for key in {office, f"sector:{sector}"}:
            self.by_reference.setdefault(key, []).append(len(self.actors))
        self.actors.append((chain, mention))

    def resolve(self, chain: Chain) -> None:
        """Take up the last earlier actor whose office this description may refer to."""
        assert chain.office is not None
        fits = set(chain.office.get("refers_to") or ()) | {chain.office["id"]}
        own = chain.codes.get("adjective") or chain.codes.get("city") or chain.codes.get("prefix")
        # The latest actor whose office or sector fits and whose code does not differ
        # from the description's own: the latest of each fitting office and sector (a
        # scan back over all actors made a long document's descriptions quadratic).
        latest = -1
        for key in fits:
            positions = self.by_reference.get(key, ())
            for k in range(len(positions) - 1, -1, -1):
                if positions[k] <= latest:
                    break
                if chain.office["id"] in BROAD_DESCRIPTIONS and \
                        self.tokens[chain.start].sentence - self.tokens[
                            self.actors[positions[k]][1].start].sentence > BROAD_WINDOW:
                    break  # "der Politiker" takes up an office holder of the last sentences
                code = self.actors[positions[k]][1].attrs["code"]
                if not own or code in (None, own, chain.prefix_state):
                    latest = positions[k]
                    break
        if latest >= 0:
            earlier, mention = self.actors[latest]
            chain.name = chain.name or earlier.name
            if mention.attrs["code"]:
                chain.codes["antecedent"] = mention.attrs["code"]
                if mention.attrs["code"] == chain.prefix_state:
                    # "der SPD-Politiker" taking up the minister named before acts for the
                    # minister's state, as the minister does
                    chain.codes["prefix"] = mention.attrs["code"]
            chain.sector = mention.attrs["sector"] or chain.sector


def actor_record(mention: Mention) -> dict[str, Any]:
    """An ACTOR mention as SCHEMA.md's actor: ``text``, ``name``, ``code``, ``sector``."""
    return {key: mention.attrs.get(key) for key in ("text", "name", "code", "sector")}


@annotator("actors", provides={"lexicon_actors", "ACTOR_PREFIX"}, requires={"lexicons", "pos"})
def annotate_actors(doc: Document, context: AnnotationContext) -> None:
    """Add ACTOR mentions built from the actor lexicons' mentions (see module docstring)."""
    index = build_index(context)
    ActorBuilder(doc, index).run()
    mark_prefixes(doc, index)


def mark_prefixes(doc: Document, index: ActorIndex) -> None:
    """Mark nouns outside actors whose compound prefix names one: ``ACTOR_PREFIX`` mentions.

    "US-Tarnkappenjets", "Nato-Außenministertreffen", "EU-Staaten" are no actors, but say
    whose jets, meeting or states they are; the mention carries that ``code`` and ``sector``
    for rules that take an actor from such a noun.
    """
    for token in doc.tokens:
        parts = token.text.strip("-").split("-")
        if len(parts) < 2 or token.pos not in ("NN", "NE") or doc.covering("ACTOR", token.i):
            continue
        # Leading parts ("G-20-Gipfel"), and each part before the head ("Nato-Russland-Rat").
        candidates = ["-".join(parts[:k]) for k in range(1, len(parts))] + parts[1:-1]
        codes: set[str] = set()
        for candidate in candidates:
            entry = index.prefixes.get(candidate)
            if entry and entry.get("code") and entry["code"] not in codes:
                codes.add(entry["code"])
                doc.add_mention(Mention(
                    "ACTOR_PREFIX", token.i, token.i + 1, token.start, token.end, token.text,
                    {"text": token.text, "name": entry.get("name"), "code": entry["code"],
                     "sector": entry.get("sector")}))
