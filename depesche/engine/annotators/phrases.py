"""The ``phrases`` annotator: noun phrases, their heads, case, number, and the actors they name.

A noun phrase is chunked from the tags, in the manner of the chunk stage of a shallow
cascade (Neumann & Piskorski 2002; Müller 2002, the KaRoPars stylebook): a determiner or
quantifier, adjectives, one or more nouns ("Außenminister John Kerry": office and name are
one phrase), then genitive attributes ("die Vertreter der Opposition", "die Armee des
Landes", "Russlands"), a "von" complement of a noun that takes one ("die Vertreter von
Hamas", "der Besuch von Kerry"), and an apposition set off by commas ("Karim Mansour, der
Chefunterhändler der Regierung,"). Phrases joined by "und", "sowie" or "oder" form one
coordinated phrase whose ``members`` are the conjuncts. Personal pronouns are phrases too.

Case is read where German marks it: on the determiner ("den" is accusative singular or
dative plural, "dem" dative), on pronouns ("ihn", "ihm"), and on the preposition that
governs a phrase. Number comes from the determiner and from the noun's form against its
lemma. The head's class (``kind``) comes from the actor layer where a lexicon knows the
phrase, else from the form of the head: an unknown full name is a person, a noun ending in
a word of office ("-unterhändler", "-sprecher") an office, a collective noun ("Armee",
"Angeklagte") a group.

Every phrase that can act gets an ``actor``: the coded ACTOR it holds, else one the document
memory settles (:mod:`depesche.engine.annotators.memory`), else its text alone (SCHEMA.md
allows actors without a code). Such actors are added as ACTOR mentions, so rules see them.
"""

from __future__ import annotations

import re
from typing import Any

from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.document import Document, Mention, Phrase, Token

DETERMINER_TAGS = frozenset({"ART", "PPOSAT", "PDAT", "PIAT", "PIDAT", "PWAT", "CARD"})
MODIFIER_TAGS = frozenset({"ADJA", "ADJD", "CARD", "TRUNC"})
NOUN_TAGS = frozenset({"NN", "NE", "FM"})
PRONOUNS: dict[str, tuple[frozenset[str], str, str | None]] = {
    # form: (cases, number, gender)
    "er": (frozenset({"nom"}), "sg", "m"),
    "sie": (frozenset({"nom", "acc"}), "", None),  # singular feminine or plural
    "es": (frozenset({"nom", "acc"}), "sg", "n"),
    "wir": (frozenset({"nom"}), "pl", None),
    "ich": (frozenset({"nom"}), "sg", None),
    "man": (frozenset({"nom"}), "sg", None),
    "ihn": (frozenset({"acc"}), "sg", "m"),
    "ihm": (frozenset({"dat"}), "sg", None),
    "ihnen": (frozenset({"dat"}), "pl", None),
    "uns": (frozenset({"acc", "dat"}), "pl", None),
    "mich": (frozenset({"acc"}), "sg", None),
    "mir": (frozenset({"dat"}), "sg", None),
    "ihr": (frozenset({"dat"}), "sg", "f"),
    # someone unnamed: the subject of "Jemand warf eine Granate", not the grenade
    "jemand": (frozenset({"nom"}), "sg", None),
    "niemand": (frozenset({"nom"}), "sg", None),
    "jemanden": (frozenset({"acc"}), "sg", None),
    "niemanden": (frozenset({"acc"}), "sg", None),
    "jemandem": (frozenset({"dat"}), "sg", None),
    "niemandem": (frozenset({"dat"}), "sg", None),
    # a demonstrative standing alone points back ("Dieser lehnt die Mission ab")
    "dieser": (frozenset({"nom"}), "sg", "m"),
    "diese": (frozenset({"nom", "acc"}), "", None),
}
# Case and number of the determiner forms (Duden Grammatik, the declension of the article).
ALL_CASES = frozenset({"nom", "acc", "dat", "gen"})
DETERMINER_CASES: dict[str, tuple[frozenset[str], str | None]] = {
    "der": (frozenset({"nom", "dat", "gen"}), None),
    "den": (frozenset({"acc", "dat"}), None),
    "dem": (frozenset({"dat"}), "sg"),
    "des": (frozenset({"gen"}), "sg"),
    "die": (frozenset({"nom", "acc"}), None),
    "das": (frozenset({"nom", "acc"}), "sg"),
    "ein": (frozenset({"nom", "acc"}), "sg"),
    "eine": (frozenset({"nom", "acc"}), "sg"),
    "einen": (frozenset({"acc"}), "sg"),
    "einem": (frozenset({"dat"}), "sg"),
    "einer": (frozenset({"dat", "gen"}), "sg"),
    "eines": (frozenset({"gen"}), "sg"),
}
# Possessives and demonstratives decline like the article: the ending says the case.
ENDING_CASES: tuple[tuple[str, frozenset[str]], ...] = (
    ("em", frozenset({"dat"})),
    ("en", frozenset({"acc", "dat"})),
    ("es", frozenset({"gen", "nom", "acc"})),
    ("er", frozenset({"nom", "dat", "gen"})),
    ("e", frozenset({"nom", "acc"})),
)
# Prepositions fused with an article (STTS APPRART) and the preposition they contain.
FUSED = {"zum": "zu", "zur": "zu", "im": "in", "ins": "in", "am": "an", "ans": "an",
         "beim": "bei", "vom": "von", "durchs": "durch", "fürs": "für", "ums": "um",
         "aufs": "auf", "übers": "über", "unterm": "unter", "vors": "vor"}
ACCUSATIVE_FUSED = frozenset({"ins", "ans", "ums", "durchs", "fürs", "aufs", "übers", "vors"})
ACCUSATIVE, DATIVE = frozenset({"acc"}), frozenset({"dat"})
COORDINATORS = frozenset({"und", "sowie", "oder"})
# Words of degree before a number that opens a conjunct ("und mindestens drei Soldaten").
DEGREE_WORDS = frozenset({"mindestens", "wenigstens", "höchstens", "rund", "etwa", "fast",
                          "knapp", "ungefähr", "circa", "zirka", "annähernd", "nahezu"})
# Names of states and bodies that are plural ("Die USA haben …").
PLURAL_NAMES = frozenset({"USA", "Staaten", "Niederlande", "Philippinen", "Nationen",
                          "Emirate", "VAE", "Malediven", "Seychellen", "Komoren", "Bahamas"})
# Nouns of time that head an adverbial accusative ("Wenige Wochen vor dem Referendum hat
# …", "Jeden Tag …"): no argument of the verb.
TIME_NOUNS = frozenset({"woche", "tag", "monat", "jahr", "stunde", "minute", "abend",
                        "morgen", "nacht", "wochenende", "zeit", "mal", "ende", "anfang",
                        "mitte", "jahrzehnt", "jahrhundert", "sekunde", "vormittag",
                        "nachmittag", "zeitpunkt", "moment", "augenblick"})
# Nouns that take a "von" complement naming whose they are (not the passive's agent).
VON_NOUNS = frozenset({"besuch", "vorschlag", "angabe", "forderung", "kritik", "drohung",
                       "angriff", "anschlag", "mitglied", "seite", "delegation", "einheit",
                       "kämpfer", "anhänger", "erklärung", "aussage", "äußerung", "plan",
                       "initiative", "angebot", "entscheidung", "beschluss", "rede"})
# Nouns of a part or a number whose genitive says what the phrase is ("der Großteil
# seiner Soldaten", "die Hälfte der Truppen").
PARTITIVE_NOUNS = frozenset({"großteil", "teil", "hälfte", "mehrheit", "rest", "gros",
                             "dutzend", "hundert", "tausend", "drittel", "viertel", "reihe",
                             "zahl", "anzahl", "gruppe"})
# Nouns of number that head a measure phrase with the noun counted ("Dutzende Zivilisten").
QUANTITY_NOUNS = frozenset({"dutzende", "hunderte", "tausende", "zehntausende",
                            "hunderttausende", "millionen", "tausenden", "hunderten",
                            "dutzenden", "zehntausenden"})
# Word endings of nouns that name a person by an office or role ("Chefunterhändler",
# "Regierungssprecherin"): German compounds are right-headed.
OFFICE_ENDINGS = (
    "minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin",
    "händler", "händlerin", "verhandler", "verhandlerin", "landesrat", "landesrätin",
    "botschafter", "botschafterin", "berater", "beraterin",
    "diplomat", "diplomatin", "diplomaten", "vertreter", "vertreterin", "chef", "chefin",
    "kommandeur", "general", "generäle", "führer", "führerin", "beauftragte", "beauftragter",
    "gesandte", "gesandter", "kanzler", "kanzlerin", "politiker", "politikerin",
    "abgeordnete", "abgeordneter", "funktionär", "funktionäre", "beamte", "beamter",
    "delegation", "gesandten", "offizier", "offiziere", "vorsitzende", "vorsitzender",
    "sekretär", "sekretärin", "premier", "monarch", "könig", "königin", "emir", "scheich",
    "staatsanwalt", "staatsanwältin", "richter", "richterin", "bürgermeister", "gouverneur",
    "kollege", "kollegin", "kollegen", "kommissar", "kommissarin", "gesandtin",
    "autor", "autorin", "autoren",
)
# Collective nouns that act: bodies, forces and groups of people (lemmas, lower case).
GROUP_NOUNS = frozenset({
    "regierung", "armee", "militär", "polizei", "opposition", "rebell", "angeklagte",
    "demonstrant", "soldat", "truppe", "behörde", "parlament", "ministerium", "kabinett",
    "führung", "staatsanwaltschaft", "gericht", "justiz", "streitkraft", "streitkräfte",
    "miliz", "separatist", "aufständische", "islamist", "extremist", "terrorist",
    "kämpfer", "aktivist", "partei", "koalition", "allianz", "bündnis", "delegation",
    "verwaltung", "geheimdienst", "sicherheitskraft", "sicherheitskräfte", "marine",
    "luftwaffe", "regime", "junta", "kongress", "senat", "unterhaus", "oberhaus",
    "gewerkschaft", "verband", "organisation", "kommission", "rat", "gremium",
    "demonstrantin", "protestierende", "gegner", "anhänger", "unterstützer", "bewegung",
    "taliban", "dschihadist", "jihadist", "vertreter", "teilnehmer", "staat", "land",
    "nachbarland", "nachbar", "verbündete", "partner", "bundesregierung", "landesregierung",
    "zentralregierung", "übergangsregierung", "staatsführung", "präsidialamt", "außenamt",
    "außenministerium", "verteidigungsministerium", "innenministerium", "botschaft",
    "konsulat", "kreml", "beschuldigte", "häftling", "gefangene", "attentäter", "angreifer",
    "täter", "schütze", "heckenschütze", "selbstmordattentäter", "bewaffnete", "kommando",
    "einheit", "bataillon", "brigade", "division", "regiment", "spezialeinheit", "seite",
    "bundeswehr", "bundesheer", "nationalgarde", "küstenwache", "grenzpolizei",
    "westen",  # "Russland warnte den Westen …": the Western states, as a side
})
# People who act as private persons, not for a state or a body: phrases, but no actors
# (SCHEMA.md: private persons and unnamed groups get no code, and most of what they do
# is no diplomacy: "Tausende Flüchtlinge reisten nach Deutschland").
PEOPLE_NOUNS = frozenset({"flüchtling", "zivilist", "bewohner", "bevölkerung", "bürger",
                          "arbeiter", "student", "bauer", "einwohner", "tourist", "kind",
                          "frau", "mann", "mensch", "leute", "familie", "passant", "fan",
                          "besucher", "kunde", "migrant", "schüler", "patient"})
GROUP_ENDINGS = ("regierung", "ministerium", "partei", "truppe", "truppen", "kräfte", "behörde",
                 "armee", "polizei", "miliz", "milizen", "rebellen", "führung", "gruppe",
                 "gruppen", "organisation", "organisationen", "kommission", "gewerkschaft",
                 "gewerkschaften", "verband", "verbände", "konzern", "konzerne",
                 # councils ("der Zentralrat der Juden", "der Militärrat"), not "Vorrat"
                 "zentralrat", "sicherheitsrat", "militärrat", "wächterrat", "staatsrat",
                 "übergangsrat", "revolutionsrat", "nationalrat", "bundesrat",
                 "menschenrechtsrat", "ältestenrat", "ministerrat", "gemeinderat", "stadtrat",
                 "presserat", "ethikrat", "sachverständigenrat",
                 "landtag", "bundestag", "stadtregierung",
                 # states by their part in something ("die Geberländer", "die frühere
                 # Sowjetrepublik"), and courts of law or audit ("der Rechnungshof")
                 "geberland", "geberländer", "mitgliedsland", "mitgliedsländer",
                 "mitgliedstaat", "mitgliedstaaten", "mitgliedsstaaten", "nachbarländer",
                 "nachbarstaaten", "partnerländer", "partnerstaaten", "anrainerstaaten",
                 "golfstaaten", "balkanstaaten", "sowjetrepublik", "teilrepublik",
                 "rechnungshof", "gerichtshof",
                 # aid agencies and programmes ("das Flüchtlingshilfswerk der Vereinten Nationen")
                 "hilfswerk", "kinderhilfswerk", "hochkommissariat", "welternährungsprogramm",
                 # missions of an organisation ("die OSZE-Beobachtermission"; not every
                 # "-mission": "Emission", "Transmission")
                 "beobachtermission", "friedensmission", "militärmission",
                 "ausbildungsmission", "polizeimission", "un-mission", "eu-mission",
                 # sides by their part ("der Koalitionspartner", "die Verhandlungspartner")
                 "koalitionspartner", "verhandlungspartner", "gesprächspartner",
                 "bündnispartner", "regierungspartner",
                 # professions and their chambers, and advocates of a cause ("die
                 # Anwälte", "die Ärztekammer", "die Interessenvertretung",
                 # "Umweltaktivisten", "Tierschützer")
                 "anwalt", "anwälte", "anwältin", "anwältinnen", "ärztekammer",
                 "wirtschaftskammer", "arbeiterkammer", "landwirtschaftskammer",
                 "apothekerkammer", "rechtsanwaltskammer", "handelskammer",
                 "interessenvertretung", "interessensvertretung", "personalvertretung",
                 "aktivisten", "aktivistinnen", "schützer", "schützerin")
# Nouns of places, which a name after a comma names as a place ("die Hauptstadt, Buenos
# Aires,"), not as a person.
PLACE_NOUNS = frozenset({"stadt", "hauptstadt", "land", "region", "provinz", "ort", "dorf",
                         "insel", "bezirk", "gemeinde", "staat", "bundesland", "grenzstadt",
                         "hafenstadt", "küstenstadt", "metropole", "gegend", "gebiet"})
# Parties of a private bargain, not of politics ("die Tarifparteien" settle wages).
PRIVATE_PARTY_PREFIXES = ("tarif", "sozialpartner", "vertragspartner", "prozesspartei")
# How deep participle attributes are read inside one another ("die von der im Exil
# lebenden Führung gestützten Truppen" is two): deeper nesting is no German a reader
# parses, and text made of "von der von der …" must not recurse without end.
MAX_NESTING = 3
# The longest word the suffix tests look at: a longer "word" is no noun of German news, and
# the participle pattern backtracks polynomially in the length of what it is given.
MAX_WORD = 40
# A nominalised past participle: "Angeklagte", "Abgeordnete", "Gefangene", "Delegierte".
PARTICIPLE_NOUN = re.compile(r"(?:\w*ge\w+t|be\w+t|ver\w+t|\w+iert|\w*ge\w+en|ver\w+en)e\Z")
# Lower-case articles that open Arabic names after a hyphen ("al-Assad", "el-Sisi").
NAME_PARTICLES = frozenset({"al", "el", "as", "ad", "ar", "asch", "an", "at", "az", "ash"})
# A nominalised age: "der 72-Jährige", "die 35-jährige" names a person introduced before.
AGE_NOUN = re.compile(r"\d+-[Jj]ährige[nr]?\Z")
ACTOR_KINDS = frozenset({"person", "office", "org", "state", "group", "pronoun"})
KIND_OF_ENTRY = {"person": "person", "state": "state", "capital": "state", "org": "org",
                 "people": "group", "group": "group", "title": "office", "body": "org",
                 "media": "org"}


def _token_cases(token: Token) -> tuple[frozenset[str], str | None]:
    lower = token.text.lower()
    if lower in DETERMINER_CASES:
        return DETERMINER_CASES[lower]
    if token.pos in ("PPOSAT", "PDAT", "PIAT", "PIDAT"):
        for ending, cases in ENDING_CASES:
            if lower.endswith(ending):
                return cases, None
    return ALL_CASES, None


# Quotation marks around the words of a noun phrase after its article, by opening mark.
QUOTE_PAIRS = {"„": "“", "»": "«", "«": "»", "\"": "\"", "‚": "‘"}


def _is_noun(token: Token) -> bool:
    text = token.text
    if text[:1].isdigit() and "-" in text:
        text = text.rsplit("-", 1)[1]  # "72-Jährige"
    return token.pos in NOUN_TAGS and text[:1].isupper()


def _name_part(token: Token) -> bool:
    """A proper-noun token that may go on a name: a capitalised name, or an Arabic name with
    its article ("Ahrar al-Scham", "Abd al-Aziz")."""
    if token.pos not in ("NE", "FM"):
        return False
    text = token.text
    if "-" in text and text.split("-", 1)[0] in NAME_PARTICLES:
        text = text.split("-", 1)[1]
    return text[:1].isupper()


def truncated_and(tokens: list[Token], j: int) -> bool:
    """Whether the conjunction at ``j`` joins a truncated word to the noun it shares its
    end with ("Staats- und Regierungschefs", "Ein- und Ausreise")."""
    return tokens[j].pos == "KON" and j > 0 and tokens[j - 1].pos == "TRUNC"


def _number(tokens: list[Token], start: int, head: int, det_number: str | None) -> str | None:
    if det_number:
        return det_number
    head_token = tokens[head]
    if head_token.text in PLURAL_NAMES:
        return "pl"
    if head_token.pos == "NE":
        return None if tokens[start].text.lower() in ("die", "den") else "sg"
    first = tokens[start].text.lower()
    if AGE_NOUN.match(head_token.text):
        # "die 57-Jährige" is one woman, "die 57-Jährigen" are several (or an oblique case).
        return "sg" if head_token.text.endswith(("e", "r")) else None
    if tokens[start].pos == "CARD" and first not in ("ein", "eine", "1"):
        return "pl"
    lemma = head_token.lemma or head_token.text
    if head_token.text != lemma and head_token.text[-1:] in ("n", "e", "r", "s") and (
            first in ("die", "keine", "alle", "beide", "beiden", "viele", "mehrere", "einige")
            or (tokens[start].pos == "ADJA" and start < head)):
        return "pl"
    if first == "der" and head_token.text == lemma:
        return "sg"  # ("die" + the lemma's form: "die Regierung", but "die Minister" too)
    return None


# Endings of feminine nouns (Duden Grammatik, Genus der Substantive) and feminine names.
FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "ion", "tät", "ei", "ik", "enz", "anz",
                    "ur", "in", "innen")
# ... but French loans in "-eur" ("der Gouverneur", "der Ingenieur") and a few nouns in
# "-ik" and "-in" that are masculine ("der Termin", "der Katholik").
MASCULINE_ENDINGS = ("eur",)
MASCULINE_NOUNS = frozenset({"Termin", "Kamin", "Katholik", "Delfin", "Pinguin", "Vitamin",
                             "Cousin", "Muezzin"})
FEMININE_NAMES = frozenset({"EU", "UNO", "UN", "Nato", "NATO", "OSZE", "Ukraine", "Türkei",
                            "Schweiz", "Slowakei", "Mongolei", "Hamas", "Hisbollah", "Taliban"})


def _feminine(token: Token) -> bool:
    if token.pos == "NE" or token.text in FEMININE_NAMES:
        return token.text in FEMININE_NAMES or token.text.endswith(("ei", "ine"))
    return token.text.endswith(FEMININE_ENDINGS) and token.pos == "NN" \
        and not token.text.endswith(MASCULINE_ENDINGS) and token.text not in MASCULINE_NOUNS


def head_kind(token: Token) -> str:
    """The class of a noun head by its form: office, group or other."""
    lemma = (token.lemma or token.text).lower()
    lower = token.text.lower()
    if AGE_NOUN.match(token.text):
        return "office"  # a person described, like "der Politiker"
    if lemma in PEOPLE_NOUNS:
        return "people"
    if lemma in TIME_NOUNS:
        return "time"
    if lemma in GROUP_NOUNS or lower in GROUP_NOUNS:
        return "group"
    if lower.endswith(OFFICE_ENDINGS) or lemma.endswith(OFFICE_ENDINGS):
        return "office"
    if (lower.endswith(GROUP_ENDINGS) or lemma.endswith(GROUP_ENDINGS)) \
            and not lemma.startswith(PRIVATE_PARTY_PREFIXES):
        return "group"
    if len(lemma) <= MAX_WORD and PARTICIPLE_NOUN.match(lemma):
        # Nominalised participles name people: "die Angeklagten", "die Gefangenen".
        return "group"
    return "other"


class PhraseChunker:
    """Chunks one sentence's tokens into phrases (see the module docstring)."""

    def __init__(self, doc: Document, actors: dict[int, Mention]) -> None:
        self.doc = doc
        self.tokens = doc.tokens
        self.actors = actors  # ACTOR mentions by first token
        self.dated = {i for m in doc.mentions.get("DATE", ()) for i in range(m.start, m.end)}
        # Heads that the titles lexicon names as a body of a state or a group that acts
        # ("das Bundeskriminalamt", "der Senat", "der Geheimdienst"): actors whatever their
        # ending; media are no actors with a code, and stay as they are.
        self.bodies = {m.end - 1 for m in doc.mentions.get("OFFICE", ())
                       if m.attrs.get("kind") == "body" and m.attrs.get("sector") != "MED"}
        # Tokens of the adjuncts of a participle inside a noun phrase ("die von Russland
        # unterstützten Rebellen"): they hold no actor of the phrase
        self.adjuncts: set[int] = set()
        self.inner_at: dict[int, list[Phrase]] = {}  # those spans' phrases by core start
        self.nesting = 0  # participle attributes being read inside one another

    def core(self, i: int, last: int) -> tuple[int, int, frozenset[str], str | None] | None:
        """A determiner-adjective-noun core starting at ``i``: (end, head, cases, number)."""
        tokens = self.tokens
        j = i
        cases: frozenset[str] = ALL_CASES
        det_number: str | None = None
        if self._genitive_name(i, last):
            # A prenominal genitive opens the phrase of the noun it determines
            # ("Österreichs Verzicht", "Russlands Regierung"): that noun is the head.
            j = i + 1
            while j < last and tokens[j].pos in MODIFIER_TAGS:
                j += 1
            if j < last and _is_noun(tokens[j]):
                known = self.actors.get(i)
                if known is not None and j + 1 < known.end <= last:
                    # "Österreichs Außenminister Sebastian Kurz": the actor's name too
                    return known.end, j, ALL_CASES, _number(tokens, j, j, None)
                return j + 1, j, ALL_CASES, _number(tokens, j, j, None)
        known = self.actors.get(i)
        if known is not None and known.end <= last:
            # An actor the lexicons know, with its article ("die Regierung in Kiew"); its
            # head is the noun before a genitive or preposition ("Der Generalsekretär der
            # Vereinten Nationen" is one person).
            nouns = [k for k in range(known.start, known.end) if _is_noun(tokens[k])]
            head = next((k for k in nouns if k + 1 < known.end and (
                tokens[k + 1].pos in ("ART", "APPR", "APPRART")
                or (tokens[k].pos == "NN" and tokens[k + 1].pos == "NE"
                    and tokens[k + 1].text.endswith("s") and k + 2 == known.end))),
                nouns[-1] if nouns else known.end - 1)
            cases, det_number = _token_cases(tokens[i])
            if nouns and self._feminine_after_der(i, nouns[0]):
                cases = cases - {"nom"}  # "der AKP-Regierung", "Der Ministerin Anna Berger"
            return known.end, head, cases, det_number or _number(tokens, i, head, None)
        if tokens[i].text.lower() in ("dessen", "deren") and i + 1 < last \
                and (tokens[i + 1].pos in MODIFIER_TAGS or _is_noun(tokens[i + 1])):
            j = i + 1  # a genitive pronoun determines the noun ("für dessen Aussagen")
        while j < last and tokens[j].pos in DETERMINER_TAGS and not _is_noun(tokens[j]):
            if j == i:  # after the first determiner, words decline weakly ("die beiden")
                cases, det_number = _token_cases(tokens[j])
            j += 1
        if j > i and j < last and tokens[j].pos in ("APPR", "APPRART", "ADV") \
                and self.nesting < MAX_NESTING:
            found_inner = self._attribute_phrases(j, last)
            if found_inner is not None:
                inner, self.inner_at[i] = found_inner
                # "die von Russland unterstützten Rebellen": the participle's phrases are
                # inside the noun phrase; they name no role of the clause, nor its actor
                self.adjuncts.update(range(j, inner))
                j = inner
        # "von einem „ersten wichtigen Schritt“", "von „ethnischer Säuberung“": the words
        # quoted after the article or the preposition
        closing = QUOTE_PAIRS.get(tokens[j].text) if j + 1 < last and (
            j > i or (i > 0 and tokens[i - 1].pos in ("APPR", "APPRART"))) else None
        if closing is not None:
            j += 1
        while j < last and (tokens[j].pos in MODIFIER_TAGS or truncated_and(tokens, j) or (
                tokens[j].pos == "ADV" and j + 1 < last and tokens[j + 1].pos == "ADJA")):
            j += 1
        # An actor the lexicons know may span non-nouns ("Vereinten Nationen").
        actor = self.actors.get(j)
        if actor is not None and actor.end <= last:
            end = actor.end
        elif j < last and _is_noun(tokens[j]):
            end = j + 1
            if tokens[j].text.lower() in QUANTITY_NOUNS and end < last and _is_noun(tokens[end]):
                end += 1  # "Dutzende Zivilisten", "Tausende Menschen"
        else:
            return None
        # Names after an office or a first name ("Außenminister John Kerry"); a common
        # noun after a name starts a phrase of its own ("drohte Washington Vergeltung an").
        while end < last and self._name_continues(i, j, end, last):
            actor = self.actors.get(end)
            end = actor.end if actor is not None and actor.end <= last else end + 1
        head = end - 1
        if self._feminine_after_der(i, head) or self._feminine_after_der(i, j):
            # "der Zeitung", "der Nato": a feminine noun after "der" is dative or genitive
            # ("Der Zeitung sagte Müller …": Müller speaks; "Der Ministerin Anna Berger
            # wirft Huber … vor": Huber accuses).
            cases = cases - {"nom"}
        # After a class noun, a name is its apposition, and the noun says the number ("die
        # Islamistengruppe Ansar Dine" is one group, whatever "Dine" looks like).
        counted = j if end > j + 1 and tokens[j].pos == "NN" else head
        if closing is not None and (end >= last or tokens[end].text != closing):
            return None  # the quotation closes right after the noun, or it is no phrase
        return end, head, cases or ALL_CASES, _number(tokens, i, counted, det_number)

    def _feminine_after_der(self, i: int, noun: int) -> bool:
        """Whether "der"/"einer" at ``i`` determines the feminine noun at ``noun``, which
        makes the phrase dative or genitive."""
        return self.tokens[i].text.lower() in ("der", "einer") and noun > i \
            and _feminine(self.tokens[noun])

    def _attribute_phrases(self, j: int, last: int) -> tuple[int, list[Phrase]] | None:
        """The end of the adjuncts of a participle between an article and its noun ("die
        [von Russland] unterstützten Rebellen", "der [seit Jahren im Exil] lebende
        Oppositionsführer", "die [vom Westen und von Japan] verhängten Sanktionen") and
        the phrases they hold, or None.

        Only prepositional phrases, adverbs and a year stand there; a participle or
        adjective must follow them and then the noun, so "die in Wien" with no noun after
        it is no such phrase."""
        self.nesting += 1
        try:
            return self._adjuncts(j, last)
        finally:
            self.nesting -= 1

    def _adjuncts(self, j: int, last: int) -> tuple[int, list[Phrase]] | None:
        tokens = self.tokens
        k, prepositions = j, 0
        inner: list[Phrase] = []
        while k < last and prepositions <= 4:
            pos = tokens[k].pos
            if pos in ("ADV", "ADJD") and k + 1 < last and tokens[k + 1].pos != "NN":
                k += 1
            elif pos in ("APPR", "APPRART"):
                word = tokens[k].text.lower()
                k += 1
                if k < last and tokens[k].pos in ("CARD", "ADV") and k + 1 < last \
                        and tokens[k + 1].pos in ("ADJA", "APPR", "APPRART", "ADV"):
                    k += 1  # "seit 2011 andauernde", "seit gestern geltende"
                else:
                    start = k
                    found = self.core(k, last)
                    if found is None:
                        return None
                    k = found[0]
                    while k + 1 < last and tokens[k].text.lower() in ("des", "der") \
                            and tokens[k].pos == "ART" and (g := self.core(k, last)):
                        k = g[0]  # "von der Regierung des Landes unterstützte"
                    phrase = self.make(start, k, found[1], found[2], found[3])
                    phrase.prep = FUSED.get(word, word)
                    inner.append(phrase)
                    while k + 1 < last and tokens[k].text.lower() in COORDINATORS \
                            and (c := self.core(k + 1, last) or (
                                self.core(k + 2, last) if tokens[k + 1].pos
                                in ("APPR", "APPRART") else None)):
                        k = c[0]  # "von Frankreich und (von) Deutschland"
                prepositions += 1
            else:
                break
        if not prepositions or k >= last or tokens[k].pos != "ADJA":
            return None
        m = k + 1
        while m < last and (tokens[m].pos in MODIFIER_TAGS or truncated_and(tokens, m)):
            m += 1
        return (k, inner) if m < last and _is_noun(tokens[m]) else None

    def _name_continues(self, start: int, noun: int, end: int, last: int) -> bool:
        """Whether the name at ``end`` continues the phrase whose first noun is ``noun``.

        Names follow an office or a first name ("Außenminister John Kerry", "Lech
        Kaczyński"); a common noun after a name starts a phrase of its own ("drohte
        Washington Vergeltung an"), and so does a name after a full name or after a known
        actor ("Karim Mansour Lawrow", "Lech Kaczyński Wałęsa"), a name after a date
        ("am Freitagabend Warschau"), and a prenominal genitive ("Russlands Regierung").
        """
        tokens = self.tokens
        token = tokens[end]
        if not _name_part(token) or self._genitive_name(end, last):
            return False
        if self.dated & {end - 1, end}:
            return False
        known = self.actors.get(end)
        if known is not None and token.text.endswith("s") and tokens[end - 1].pos == "NN" \
                and known.attrs.get("kind") in ("state", "capital", "org"):
            return False  # "den Nato-Beitritt Schwedens": a genitive attribute, not a name
        if any((m := self.actors.get(k)) is not None and m.end == end
               for k in range(start, end)):
            return False  # a known actor's name is complete
        names = sum(1 for k in range(noun, end) if tokens[k].pos in ("NE", "FM"))
        return not (end in self.actors and names >= 2)

    def _genitive_name(self, j: int, last: int) -> bool:
        """Whether a proper noun at ``j`` after a noun is a prenominal genitive of the next
        phrase rather than part of this one ("Russlands Regierung" begins there)."""
        token = self.tokens[j]
        following = j + 1
        while following < last and self.tokens[following].pos == "ADJA":
            following += 1
        return (token.pos == "NE" and token.text.endswith("s") and following < last
                and self.tokens[following].pos == "NN")

    def phrase_at(self, i: int, last: int) -> Phrase | None:
        tokens = self.tokens
        token = tokens[i]
        lower = token.text.lower()
        if token.pos == "PRF":
            # "sich": the reflexive of "trafen sich", "verspricht sich": a role of its own.
            return Phrase(i, i + 1, i, "reflexive", token.text, frozenset({"acc", "dat"}),
                          sentence=token.sentence)
        if token.pos == "PIS" and lower in ("beide", "beiden"):
            # "beide vereinbarten …": the two sides named before, a group of its own (the
            # memory takes them up)
            return Phrase(i, i + 1, i, "group", token.text, frozenset({"nom", "acc", "dat"}),
                          "pl", sentence=token.sentence)
        if token.pos in ("PPER", "PIS", "PDS") and lower in PRONOUNS:
            cases, number, gender = PRONOUNS[lower]
            return Phrase(i, i + 1, i, "pronoun", token.text, cases, number or None, gender,
                          sentence=token.sentence)
        found = self.core(i, last)
        if found is None:
            return None
        end, head, cases, number = found
        actor = self.actors.get(i)
        if actor is not None and end < actor.end <= last \
                and all(t.pos in ("NE", "FM") for t in tokens[end:actor.end]):
            # "Russlands Präsident Wladimir Putin": a genitive-opened office with the name
            # the actor lexicons join to it is one phrase, as "Präsident Wladimir Putin" is
            end = actor.end
        core_end = end
        end = self.attributes(end, last)
        if (tokens[head].lemma or "").lower() in PARTITIVE_NOUNS and end > core_end:
            # "Den Großteil seiner Soldaten": the part is of the genitive's noun, which
            # says what the phrase is (soldiers).
            nouns = [k for k in range(core_end, end) if _is_noun(tokens[k])]
            head = nouns[-1] if nouns else head
        phrase = self.make(i, end, head, cases, number)
        phrase.inner = tuple(p for k in range(i, end) for p in self.inner_at.get(k, ()))
        return phrase

    def attributes(self, end: int, last: int) -> int:
        """Extend a phrase over its genitive attributes and a comma-set apposition."""
        tokens = self.tokens
        while end < last:
            word = tokens[end].text.lower()
            after_noun = tokens[end - 1].pos == "NN"  # "Russland der Ukraine" is no genitive
            possessive = tokens[end].pos in ("PPOSAT", "PDAT") and word.endswith(("es", "er")) \
                and after_noun and self._followed_by_noun(end + 1, last)
            if word in ("des", "eines") or possessive or (
                    word in ("der", "einer") and tokens[end].pos == "ART" and after_noun
                    and self._followed_by_noun(end + 1, last)):
                found = self.core(end, last)
                if found is None:
                    break
                end = found[0]
                continue
            if (tokens[end].pos == "NE" and tokens[end].text.endswith("s")
                    and tokens[end - 1].pos == "NN" and (end + 1 >= last
                                                         or tokens[end + 1].pos != "NN")):
                end += 1  # "die Armee Nordkoreas"
                continue
            if (tokens[end].pos == "ADJA" and tokens[end].text[:1].isupper()
                    and tokens[end - 1].pos == "NN" and end + 1 < last
                    and tokens[end + 1].pos == "NN"):
                # a name's genitive plural without article: "der Zentralrat Deutscher
                # Sinti und Roma", "der Bund Deutscher Kriminalbeamter"
                end += 2
                while end + 1 < last and tokens[end].text == "und" \
                        and tokens[end + 1].pos in ("NN", "NE"):
                    end += 2
                continue
            if word == "von" and self._takes_von(end - 1):
                found = self.core(end + 1, last)
                if found is not None:
                    end = found[0]  # "die Vertreter von Hamas", "der Besuch von Kerry"
                    continue
            if word == "," and self._named_apposition(end, last):
                k = end + 1
                while k < last and tokens[k].pos in ("NE", "FM"):
                    k += 1
                return k  # "Der Vizevorsitzende der Partei, Jan Korte"
            if word == "," and self._apposition(end + 1, last):
                found = self.core(end + 1, last)
                assert found is not None
                end = self.attributes(found[0], last)
                break
            break
        return end

    def _takes_von(self, k: int) -> bool:
        """Whether the noun at ``k`` takes a "von" complement: people of a body ("die
        Vertreter von Hamas") and events or words of someone ("der Besuch von Kerry", "die
        Vorschläge von Mexiko"). Other nouns leave "von" to the verb: in "Zivilisten von
        Milizen getötet" it is the agent of the passive."""
        token = self.tokens[k]
        if not _is_noun(token) or token.pos != "NN":
            return False
        lemma = (token.lemma or token.text).lower()
        return head_kind(token) == "office" or lemma in VON_NOUNS

    def _named_apposition(self, comma: int, last: int) -> bool:
        """", Jan Korte," after an office or group: the name the phrase gives, set off."""
        tokens = self.tokens
        k = comma + 1
        while k < last and tokens[k].pos in ("NE", "FM"):
            k += 1
        if k == comma + 1 or k >= last or tokens[k].text != ",":
            return False
        nouns = [t for t in tokens[max(comma - 5, 0):comma] if _is_noun(t)]
        if k - comma > 2 and nouns and nouns[-1].pos == "NN" and \
                (nouns[-1].lemma or "").lower() not in PLACE_NOUNS and \
                head_kind(nouns[-1]) != "time":
            return True  # a full name gives any noun a person ("Der Mitgründer, Ali Can,")
        return any(head_kind(t) in ("office", "group") for t in nouns)

    def _followed_by_noun(self, j: int, last: int) -> bool:
        tokens = self.tokens
        if j < last and tokens[j].pos in ("APPR", "APPRART", "ADV") \
                and self.nesting < MAX_NESTING:
            found = self._attribute_phrases(j, last)  # "der von Moskau gestützten Regierung"
            j = found[0] if found is not None else j
        while j < last and tokens[j].pos in ("PIAT", "PIDAT"):
            j += 1  # "der Annäherung der beiden Länder"
        while j < last and (tokens[j].pos in MODIFIER_TAGS or truncated_and(tokens, j)):
            j += 1
        return j < last and _is_noun(tokens[j])

    def _apposition(self, j: int, last: int) -> bool:
        """", der Chefunterhändler der Regierung," after a phrase: an article (not a
        relative pronoun), an office or group noun, and no verb before the next comma."""
        tokens = self.tokens
        if j >= last or tokens[j].pos != "ART":
            return False
        found = self.core(j, last)
        if found is None or head_kind(tokens[found[1]]) not in ("office", "group"):
            return False
        k = found[0]
        while k < last and tokens[k].text != ",":
            if tokens[k].pos.startswith("V"):
                return False
            k += 1
        return True

    def make(self, start: int, end: int, head: int, cases: frozenset[str],
             number: str | None) -> Phrase:
        tokens = self.tokens
        actor = self.actor_in(start, end)
        head_token = tokens[head]
        if actor is not None:
            kind = KIND_OF_ENTRY.get(str(actor.attrs.get("kind")), "org")
            if kind == "office" and actor.attrs.get("name") and any(
                    t.pos == "NE" for t in tokens[start:end]):
                kind = "person"  # an office with the name it gives ("Außenminister Lawrow");
                # one that takes up a person named before ("die Diplomaten") keeps its number
        else:
            kind = head_kind(head_token)
            if kind == "other" and head in self.bodies:
                kind = "group"
            names = [t for t in tokens[start:end] if t.pos == "NE"]
            if kind == "other" and len(names) >= 2:
                kind = "person"
            elif kind == "other" and head_token.pos == "NE" and end - start == 1:
                kind = "name"  # an unknown single name: a person, a place or a body
        text = self.doc.text[tokens[start].start:tokens[end - 1].end]
        if kind == "person":
            number = "sg"  # one person, whatever the form of the surname ("Maas")
        gender = None
        if kind in ("office", "person") and head_token.pos == "NN":
            # The office says it: "Ministerin", "Präsidentin" (feminine -in), "Minister".
            gender = "f" if head_token.text.endswith(("in", "innen")) else "m"
            if AGE_NOUN.match(head_token.text):
                # The age says no gender; the article does ("die 72-Jährige").
                gender = "f" if tokens[start].text.lower() in ("die", "eine") else (
                    "m" if tokens[start].text.lower() in ("der", "den", "dem", "ein", "einen")
                    else None)
        phrase = Phrase(start, end, head, kind, text, cases, number, gender,
                        sentence=head_token.sentence)
        if actor is not None:
            phrase.actor = dict(actor.attrs)
        return phrase

    def actor_in(self, start: int, end: int) -> Mention | None:
        """The first coded ACTOR inside the span, else the first ACTOR; not one in an
        apposition after a comma ("Die EU-Kommissarin, eine Diplomatin aus Schweden,"
        is not the diplomat's title, nor Sweden)."""
        comma = next((i for i in range(start, end) if self.tokens[i].text == ","), end)
        if comma > start and (self.actors.get(start) is None
                              or self.actors[start].end <= comma):
            end = comma
        skip = self.adjuncts if start not in self.adjuncts else ()
        inside = [m for i in range(start, end)
                  if (m := self.actors.get(i)) and m.end <= end and i not in skip]
        coded = [m for m in inside if m.attrs.get("code")]
        return (coded or inside or [None])[0]

    def sentence(self, first: int, last: int) -> list[Phrase]:
        """The phrases of one sentence, coordinations joined, prepositions attached."""
        tokens = self.tokens
        found: list[Phrase] = []
        i = first
        while i < last:
            phrase = self.phrase_at(i, last)
            if phrase is None:
                i += 1
                continue
            prev = tokens[i - 1] if i > first else None
            if prev is not None and prev.pos in ("APPR", "APPRART", "APPO"):
                lower = prev.text.lower()
                phrase.prep = FUSED.get(lower, lower)
                if prev.pos == "APPRART":  # the fused article says the case
                    phrase.cases = ACCUSATIVE if lower in ACCUSATIVE_FUSED else DATIVE
            elif phrase.end < last and tokens[phrase.end].pos == "APPO":
                # a postposition governs the phrase before it ("einem Bericht der Agentur
                # zufolge", "den Medien gegenüber"): no object of the verb
                phrase.prep = tokens[phrase.end].text.lower()
            found.append(phrase)
            i = phrase.end
        return self.coordinate(found)

    def coordinate(self, phrases: list[Phrase]) -> list[Phrase]:
        """Join conjuncts into one phrase: "Japan und Südkorea", a list closed by a
        coordinator ("Frankreich, Deutschland und Italien"), and conjuncts each with a
        party or an abbreviation in brackets ("Franz Maier (ÖVP) und Karl Huber (SPÖ)"):
        the bracketed phrase becomes the conjunct's ``inner`` phrase."""
        tokens = self.tokens
        out: list[Phrase] = []
        for phrase in phrases:
            left = self._conjunct_before(out, len(out) - 1, phrase)
            if left is not None and left > 0 and self._set_off(out[left]):
                # a list "A, B und C": walk back over conjuncts set off by one comma each
                first = left
                while (before := self._conjunct_before(out, first - 1, out[first], ",")) \
                        is not None:
                    first = before
                    if first == 0 or not self._set_off(out[first]):
                        break
                left = first
            if left is None:
                out.append(phrase)
                continue
            conjuncts: list[Phrase] = []
            for k in range(left, len(out)):
                if self._bracketed(out, k):
                    conjuncts[-1].inner = (*conjuncts[-1].inner, out[k])
                    # the party in brackets says whom the conjunct acts for; it is no
                    # conjunct of its own
                    self.adjuncts.update(range(out[k].start, out[k].end))
                else:
                    conjuncts.extend(out[k].members or (out[k],))
            conjuncts.append(phrase)
            before = out[left]
            kinds = {c.kind for c in conjuncts}
            joined = Phrase(
                before.start, phrase.end, phrase.head,
                kinds.pop() if len(kinds) == 1 else "group",
                self.doc.text[tokens[before.start].start:tokens[phrase.end - 1].end],
                frozenset.intersection(*(c.cases for c in conjuncts)) or ALL_CASES, "pl",
                None, before.prep, tuple(conjuncts), None, phrase.sentence)
            del out[left:]
            out.append(joined)
        return out

    def _opening(self, phrase: Phrase) -> int:
        """Where a conjunct opens: at the phrase, or at a degree word before its number
        ("mindestens sieben Zivilisten")."""
        k = phrase.start
        if k > 0 and self.tokens[k - 1].text.lower() in DEGREE_WORDS \
                and self.tokens[k].pos == "CARD":
            return k - 1
        return k

    def _set_off(self, phrase: Phrase) -> bool:
        """Whether a comma stands right before the conjunct."""
        k = self._opening(phrase) - 1
        return k >= 0 and self.tokens[k].text == ","

    def _bracketed(self, phrases: list[Phrase], k: int) -> bool:
        """Whether phrase ``k`` stands in brackets right after the phrase before it
        ("(ÖVP)" after "Franz Maier")."""
        phrase = phrases[k]
        tokens = self.tokens
        return (k > 0 and phrases[k - 1].end == phrase.start - 1
                and tokens[phrase.start - 1].text == "(" and phrase.end < len(tokens)
                and tokens[phrase.end].text == ")" and phrase.end - phrase.start <= 3)

    def _conjunct_before(self, phrases: list[Phrase], k: int, phrase: Phrase,
                         joint: str | None = None) -> int | None:
        """The index of the phrase that ``phrase`` is coordinated with, ending at ``k``
        (the phrase before a bracketed one it carries), or None. ``joint`` is the one
        token between them: a coordinator when None."""
        if k < 0:
            return None
        tokens = self.tokens
        end = phrases[k].end
        if self._bracketed(phrases, k):
            end += 1  # past the closing bracket
            k -= 1
        before = phrases[k]
        between = tokens[end:self._opening(phrase)]
        # A preposition is not repeated in a coordination: "von Brasilien und Indien" is
        # one phrase under "von".
        same_prep = before.prep == phrase.prep or (
            phrase.prep is None and before.prep is not None)
        word = between[0].text.lower() if len(between) == 1 else None
        if word is None or not same_prep or "pronoun" in (before.kind, phrase.kind):
            return None
        if (word == joint) if joint is not None else word in COORDINATORS:
            return k
        return None


def can_act(phrase: Phrase) -> bool:
    """Whether a phrase names someone who can act (an actor, known or open)."""
    return phrase.kind in ACTOR_KINDS or any(can_act(m) for m in phrase.members)


def may_act(phrase: Phrase) -> bool:
    """Whether a phrase may name an actor: one that can act, one the memory gave an actor,
    or an unknown name ("Ferrán", "Seehofer"), which is mostly a person or a body."""
    return (can_act(phrase) or phrase.actor is not None or phrase.kind == "name"
            or any(may_act(m) for m in phrase.members))


@annotator("phrases", provides={"phrases"}, requires={"lexicon_actors", "DATE", "pos", "lemma"})
def annotate_phrases(doc: Document, context: AnnotationContext) -> None:
    """Chunk every sentence into noun phrases (see the module docstring)."""
    actors: dict[int, Mention] = {}
    for mention in doc.mentions.get("ACTOR", ()):
        known = actors.get(mention.start)
        if known is None or known.end < mention.end:
            actors[mention.start] = mention  # the longest actor starting at each token
    chunker = PhraseChunker(doc, actors)
    for sentence in doc.sentences:
        doc.phrases.extend(chunker.sentence(sentence.first, sentence.last))
    for k in chunker.adjuncts:
        # token attribute ``embedded``: inside a participle's adjuncts within a noun phrase
        # ("die [von Russland] unterstützten Rebellen") or a conjunct's bracketed party
        # ("Franz Maier [(ÖVP)] und …"), so no actor of it
        doc.tokens[k].attrs["embedded"] = "yes"


def actor_record(phrase: Phrase, doc: Document) -> dict[str, Any]:
    """The actor a phrase names, or its text and (for an unknown person) its name."""
    if phrase.actor is not None:
        return phrase.actor
    name = None
    if phrase.kind in ("person", "office"):
        names = [t.text for t in doc.tokens[phrase.start:phrase.end] if t.pos == "NE"]
        name = " ".join(names) or None
    return {"text": phrase.text, "name": name, "code": None, "sector": None}
