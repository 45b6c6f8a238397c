"""The phrase, clause and memory layers, and the clause frame construct, on sentences made up here.

Each case is a sentence of one German construction and what the layer must read in it: the
clause (by the lemma of its head verb), its roles (name → phrase text, ``^`` for an
inherited subject) and, where it matters, the actor code of a role.
"""

from __future__ import annotations

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Clause, Document
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.errors import PatternSyntaxError
from depesche.grammar import ast
from depesche.grammar.parser import parse_pattern
from depesche.rules.loader import load_pack

_PACK = None


def analyse(text: str) -> Document:
    global _PACK
    if _PACK is None:
        _PACK = load_pack(None)[0]
    doc = read_document("t", text, "2024-05")
    tokenize(doc)
    annotate(doc, ("clauses",), AnnotationContext(lexicons=tuple(_PACK.lexicons)))
    return doc


def clause_of(doc: Document, lemma: str) -> Clause:
    found = [c for c in doc.clauses if c.verb.lemma == lemma]
    assert found, [c.verb.lemma for c in doc.clauses]
    return found[-1]


def roles(clause: Clause) -> dict[str, str]:
    return {r.name + ("^" if r.inherited else ""): r.phrase.text for r in clause.roles}


# (construction, text, verb lemma, roles that must be there, roles that must not)
CASES = [
    ("subject first", "Die Angeklagten weisen die Vorwürfe zurück.", "zurückweisen",
     {"subj": "Die Angeklagten", "acc": "die Vorwürfe"}, ()),
    # a name right after a postposed verb of saying is its subject, "der" after it a dative
    ("name before a dative", "Das sei ein Fehler, erklärte Senger der Agentur.", "erklären",
     {"subj": "Senger", "dat": "der Agentur"}, ()),
    ("definite subject after the verb", "Das sei ein Fehler, sagte der Sprecher der Zeitung.",
     "sagen", {"subj": "der Sprecher der Zeitung"}, ()),
    # a truncated word and its partner share a head: one phrase
    ("coordinated compounds", "Die Staats- und Regierungschefs der EU einigten sich.",
     "einigen", {"subj": "Die Staats- und Regierungschefs der EU"}, ()),
    ("fronted object", "Den Vorschlag lehnte die Regierung am Freitag ab.", "ablehnen",
     {"subj": "die Regierung", "obj": "Den Vorschlag"}, ()),
    ("adverb first", "Anschließend traf Blinken die Vertreter der Opposition.", "treffen",
     {"subj": "Blinken", "acc": "die Vertreter der Opposition"}, ()),
    ("dative and prepositional object", "Die Armee des Landes drohte Japan mit Vergeltung.",
     "drohen", {"subj": "Die Armee des Landes", "obj": "Japan", "mit": "Vergeltung"}, ()),
    ("verb-final subordinate", "Dass Peking die Vorwürfe zurückwies, überraschte niemanden.",
     "zurückweisen", {"subj": "Peking", "acc": "die Vorwürfe"}, ()),
    ("passive with agent", "Die Sanktionen wurden von der EU am Montag verhängt.", "verhängen",
     {"subj": "Die Sanktionen", "agent": "der EU"}, ()),
    ("passive without agent", "Die Sanktionen wurden am Montag verhängt.", "verhängen",
     {"subj": "Die Sanktionen"}, ("agent",)),
    ("modal complex", "Die Regierung in Ankara will Griechenland mit Konsequenzen drohen.",
     "drohen", {"subj": "Die Regierung in Ankara", "obj": "Griechenland"}, ()),
    ("perfect", "Russland hat der Ukraine mit einem Stopp der Lieferungen gedroht.", "drohen",
     {"subj": "Russland", "mit": "einem Stopp der Lieferungen"}, ()),
    ("coordination with elided subject",
     "Auch Serbien begrüßte den Vorschlag, lehnte aber eine Anerkennung des Kosovo ab.",
     "ablehnen", {"subj^": "Serbien", "acc": "eine Anerkennung des Kosovo"}, ("subj",)),
    ("apposition", "Karim Mansour, der Chefunterhändler der Regierung, traf Lawrow.",
     "treffen", {"subj": "Karim Mansour, der Chefunterhändler der Regierung",
                 "obj": "Lawrow"}, ()),
    ("zu-infinitive takes the matrix subject",
     "Frankreich versprach, die Truppen abzuziehen.", "abziehen",
     {"subj^": "Frankreich", "acc": "die Truppen"}, ()),
    ("a 'von' phrase of place is no agent",
     "Südlich von Hebron wurde ein Soldat angeschossen.", "anschießen",
     {"subj": "ein Soldat", "von": "Hebron"}, ()),
    ("a relative clause interrupting the verb bracket",
     "Die Regierung hat den Vorschlag, den die Opposition vorgelegt hatte, am Montag "
     "abgelehnt.", "ablehnen", {"subj": "Die Regierung", "obj": "den Vorschlag"}, ()),
    # (a second conjunct after the interruption once crashed the rejoining: corpus rows)
    ("a relative clause interrupting the verb bracket, then a second participle",
     "Am Montag hat die Regierung den Vorschlag, den die Opposition vorgelegt hatte, "
     "geprüft und abgelehnt.", "prüfen", {"subj": "die Regierung", "obj": "den Vorschlag"},
     ()),
    ("a dateline is no role, also when brackets cut the subject off",
     "Boston – Ein Anhänger der Miliz Islamischer Staat (IS) hat in der Stadt einen "
     "Polizisten angeschossen.", "anschießen",
     {"subj": "Ein Anhänger der Miliz Islamischer Staat", "acc": "einen Polizisten"}, ()),
    ("a name set off before a verb-first clause is its subject, 'der' after it a dative",
     "Kowalski, zugleich Chef der Partei, warf der Türkei vor, das Abkommen zu brechen.",
     "vorwerfen", {"subj": "Kowalski"}, ()),
    ("an indefinite pronoun is the subject",
     "Jemand warf in der Nacht eine Granate auf das Haus.", "werfen",
     {"subj": "Jemand", "acc": "eine Granate"}, ()),
    ("zu-infinitive takes the object of an object-control verb",
     "Frankreich appellierte an Russland, die Truppen abzuziehen.", "abziehen",
     {"subj^": "Russland", "acc": "die Truppen"}, ()),
    ("zu-infinitive takes the dative of 'vorwerfen'",
     "Die Regierung warf der Miliz vor, das Dorf beschossen zu haben.", "beschießen",
     {"subj^": "der Miliz", "acc": "das Dorf"}, ()),
    ("zu-infinitive takes the accusative of 'auffordern'",
     "Die Ministerin forderte die Konfliktparteien auf, die Waffen niederzulegen.",
     "niederlegen", {"subj^": "die Konfliktparteien", "acc": "die Waffen"}, ()),
    ("a passive object-control verb: its subject controls",
     "Der Offizier wurde beschuldigt, Gefangene gefoltert zu haben.", "foltern",
     {"subj^": "Der Offizier", "obj": "Gefangene"}, ()),
    ("relative clause: the antecedent is the subject",
     "Die Milizen, die den Konvoi angegriffen hatten, zogen ab.", "angreifen",
     {"subj^": "Die Milizen", "obj": "den Konvoi"}, ()),
    ("negative: 'drohen' with an infinitive is no threat", "Die Gefahr droht zu wachsen.",
     "wachsen", {"subj": "Die Gefahr"}, ("obj",)),
    ("negative: a dative that is the one threatened",
     "Bei einer Überschreitung droht Österreich eine Strafe.", "drohen",
     {"subj": "Österreich", "acc": "eine Strafe"}, ()),
    ("particle stays in its clause", "Der Minister sagte, man sei zu Gesprächen bereit.",
     "sagen", {"subj": "Der Minister"}, ()),
    ("coordination under one preposition", "Der Plan wurde von Chile und Peru verworfen.",
     "verwerfen", {"agent": "Chile und Peru"}, ("obj",)),
    ("a list closed by a coordinator is one subject",
     "Chile, Peru und Bolivien verwarfen den Plan.", "verwerfen",
     {"subj": "Chile, Peru und Bolivien", "obj": "den Plan"}, ()),
    ("a list under one preposition", "Peru verhandelte mit Chile, Bolivien und Ecuador.",
     "verhandeln", {"subj": "Peru", "mit": "Chile, Bolivien und Ecuador"}, ()),
    ("conjuncts with a party in brackets are one subject",
     "Franz Maier (ÖVP) und Karl Huber (SPÖ) verwarfen den Plan.", "verwerfen",
     {"subj": "Franz Maier (ÖVP) und Karl Huber", "obj": "den Plan"}, ()),
    ("a feminine office after 'der' is no subject, with a name after it too",
     "Der Ministerin Anna Berger wirft der Abgeordnete den Bruch des Vertrags vor.",
     "vorwerfen", {"subj": "der Abgeordnete", "dat": "Der Ministerin Anna Berger"}, ()),
    ("a known body that is feminine after 'der' is no subject",
     "Kritiker werfen Chile und der AKP-Regierung Versagen vor.", "vorwerfen",
     {"subj": "Kritiker"}, ()),
    ("a fronted predicate with 'als' opens a main clause; 'es' before a subject is the object",
     "Als nicht hinnehmbar bezeichnete es der Minister, dass die Grenze zu ist.",
     "bezeichnen", {"subj": "der Minister"}, ()),
    ("a verb-first conjunct after reported words goes on with the speaker's clause",
     "Die Abgeordnete sagte, die Lage sei ernst, betonte aber zugleich die Ruhe.", "betonen",
     {"subj^": "Die Abgeordnete"}, ()),
    ("'sein' with a 'be-' participle is a state passive: the subject is who is accused",
     "Der Minister ist der Korruption beschuldigt.", "beschuldigen",
     {"subj": "Der Minister"}, ("agent",)),
    ("coordinated participles of a passive share its agent",
     "Der Konvoi wurde von Rebellen angegriffen und geplündert.", "plündern",
     {"agent^": "Rebellen"}, ()),
    ("a set phrase under 'zu' is an adverb, no role",
     "Die Gewerkschaft kritisierte zum Beispiel die Pläne.", "kritisieren",
     {"subj": "Die Gewerkschaft"}, ("zu",)),
    ("a genitive pronoun opens a phrase under its preposition",
     "Die Parteichefin entschuldigte sich für dessen Aussagen.", "entschuldigen",
     {"subj": "Die Parteichefin", "für": "dessen Aussagen"}, ("obj",)),
    ("an aside 'wie berichtet' opens no clause of its own",
     "Wie berichtet hatte das Ministerium die Pläne zurückgewiesen.", "zurückweisen",
     {"subj": "das Ministerium", "acc": "die Pläne"}, ()),
    ("a list's conjunct may open with a degree word before its number",
     "Drei Rebellen, mindestens zwei Polizisten und ein Soldat wurden getötet.", "töten",
     {"subj": "Drei Rebellen, mindestens zwei Polizisten und ein Soldat"}, ("agent",)),
    ("a list needs its coordinator: a comma alone joins no clauses' phrases",
     "Der Minister kritisierte Chile, Peru schwieg.", "kritisieren",
     {"subj": "Der Minister", "obj": "Chile"}, ()),
    ("an office with a genitive name is the subject",
     "Der Außenminister Chiles rief die Parteien zur Ruhe auf.", "aufrufen",
     {"subj": "Der Außenminister Chiles", "acc": "die Parteien"}, ()),
    ("an unknown name in the Vorfeld is the subject",
     "Okonkwo forderte die Behörden Ghanas auf, die Wahl zu wiederholen.", "auffordern",
     {"subj": "Okonkwo", "acc": "die Behörden Ghanas"}, ()),
    ("relative pronoun tagged as article", "Die Zölle, die Chile gegen Peru erhoben hat, gelten.",
     "erheben", {"subj": "Chile", "acc^": "Die Zölle", "gegen": "Peru"}, ()),
    ("a relative clause opened by 'dessen' and its noun has that phrase as a role",
     "General Berisha, dessen Truppen im Norden gegen Islamisten kämpfen, lehnte ab.",
     "kämpfen", {"subj": "dessen Truppen", "gegen": "Islamisten"}, ()),
    ("a relative clause opened by a noun and closed by its auxiliary leaves the subject",
     "Der Minister, der Anfang des Monats nach Lima gereist war, drohte Peru mit Zöllen.",
     "drohen", {"subj": "Der Minister", "obj": "Peru", "mit": "Zöllen"}, ()),
    ("a von complement belongs to its noun", "Die Vorschläge von Mexiko wurden abgelehnt.",
     "ablehnen", {"subj": "Die Vorschläge von Mexiko"}, ("agent",)),
    ("a von phrase after another noun is the agent",
     "Zwölf Zivilisten wurden von Milizen getötet.", "töten",
     {"subj": "Zwölf Zivilisten", "agent": "Milizen"}, ()),
    ("a feminine noun after 'der' is no subject", "Der Zeitung sagte Okonkwo, es regne.",
     "sagen", {"subj": "Okonkwo", "dat": "Der Zeitung"}, ()),
    ("time adverbial is no object", "Wenige Tage später lehnte Peru den Plan ab.", "ablehnen",
     {"subj": "Peru", "obj": "den Plan"}, ()),
    ("coordinated participles share the finite verb",
     "Die Armee hat drei Dörfer geräumt und zwölf Männer festgenommen.", "festnehmen",
     {"subj^": "Die Armee", "obj": "zwölf Männer"}, ()),
    ("a phrase before a postposition is governed by it, no object",
     "Einem Bericht der Agentur zufolge lehnt die Regierung das Angebot ab.", "ablehnen",
     {"subj": "die Regierung", "zufolge": "Einem Bericht der Agentur"}, ("dat",)),
    ("a phrase after 'als' fills the role 'als'",
     "Die Kanzlerin bezeichnete den Plan als schweren Fehler.", "bezeichnen",
     {"subj": "Die Kanzlerin", "als": "schweren Fehler"}, ()),
    ("a name after 'auch' is the verb's own subject",
     "Die Kinder würden es nie verstehen, warnte auch Fabius vor einem Nein.", "warnen",
     {"subj": "Fabius", "vor": "einem Nein"}, ("obj",)),
    ("an object after 'auch' leaves the subject going on",
     "Der Minister kam nach Wien, traf auch den Kanzler.", "treffen",
     {"subj^": "Der Minister", "obj": "den Kanzler"}, ()),
    ("a bracket's short aside does not split the clause, nor fill a role",
     "Die Polizei hat zwölf Anhänger der Miliz (PKK) festgenommen.", "festnehmen",
     {"subj": "Die Polizei", "obj": "zwölf Anhänger der Miliz"}, ()),
    ("a party in brackets after a name in a verb-final clause",
     "Weil der Minister Karl Huber (ÖVP) die Idee ablehnte, scheiterte sie.", "ablehnen",
     {"subj": "der Minister Karl Huber", "acc": "die Idee"}, ("obj",)),
    ("a longer aside in brackets fills no role either",
     "Gegenüber der Zeitung (Ausgabe vom Montag) gibt der Betreiber an, dass sie steige.",
     "angeben", {"subj": "der Betreiber"}, ()),
    ("a question word's clause with its verb last before a comma is subordinate, and the "
     "verb-first clause after it takes no subject from it",
     "Wie teuer es ist, weiß auch die Architektin.", "wissen",
     {"subj": "die Architektin"}, ()),
    ("a demonstrative standing alone is the subject",
     "Dieser lehnt die Mission ab.", "ablehnen", {"subj": "Dieser", "acc": "die Mission"}, ()),
    ("a full name set off after a noun names the person it is",
     "Der Mitgründer der Stiftung, Ali Can, warf der Regierung Versagen vor.", "vorwerfen",
     {"subj": "Der Mitgründer der Stiftung, Ali Can", "dat": "der Regierung"}, ()),
    ("a name after a place noun is the place's",
     "In der Hauptstadt, Buenos Aires, protestierten Tausende.", "protestieren",
     {"subj": "Tausende"}, ()),
    ("an inserted clause's subject follows its verb",
     "Der Plan, schreibt die Zeitung, ist gescheitert.", "schreiben",
     {"subj": "die Zeitung"}, ()),
    ("a name set off before the verb is still its subject when no verb follows",
     "Kammenos, zugleich Chef der Partei, warf der Türkei Verrat vor.", "vorwerfen",
     {"subj": "Kammenos"}, ()),
    ("a state by its part in something acts",
     "Die Geberländer versprachen mehr Geld.", "versprechen", {"subj": "Die Geberländer"}, ()),
    # a participle's adjuncts between article and noun are inside the phrase: no roles of
    # the clause ("von Teheran" is no agent), the participle no verb of its own
    ("participle attribute as subject", "Die von Teheran ausgerüsteten Milizen "
     "beschossen den Flughafen.", "beschießen",
     {"subj": "Die von Teheran ausgerüsteten Milizen", "obj": "den Flughafen"}, ("von",)),
    ("participle attribute as object", "Die Rebellen griffen die von Minsk unterstützte "
     "Grenzpolizei an.", "angreifen",
     {"subj": "Die Rebellen", "acc": "die von Minsk unterstützte Grenzpolizei"}, ("von",)),
    ("participle attribute in a genitive", "Die Truppen der seit Jahren im Exil "
     "regierenden Führung griffen an.", "angreifen",
     {"subj": "Die Truppen der seit Jahren im Exil regierenden Führung"}, ("in",)),
    ("coordinated adjuncts", "Die vom Westen und von Japan verhängten Sanktionen trafen "
     "die Wirtschaft.", "treffen",
     {"subj": "Die vom Westen und von Japan verhängten Sanktionen"}, ("von",)),
    # a genitive opened by "der beiden" is an attribute, not a dative
    ("genitive with a quantifier", "Der Vatikan hatte bei der Annäherung der beiden Länder "
     "vermittelt.", "vermitteln",
     {"subj": "Der Vatikan", "bei": "der Annäherung der beiden Länder"}, ("dat",)),
    # "ein" before a neuter noun is accusative too: the actor after the verb acts
    ("neuter object after a verb-first clause", "Wie die Helfer mitteilten, beschossen die "
     "Kampfjets ein Spital.", "beschießen",
     {"subj": "die Kampfjets", "acc": "ein Spital"}, ()),
]


@pytest.mark.parametrize(("construction", "text", "lemma", "expected", "absent"), CASES,
                         ids=[c[0] for c in CASES])
def test_clause_roles(construction: str, text: str, lemma: str, expected: dict[str, str],
                      absent: tuple[str, ...]) -> None:
    clause = clause_of(analyse(text), lemma)
    found = roles(clause)
    for name, phrase in expected.items():
        assert found.get(name) == phrase, (construction, found)
    for name in absent:
        assert name not in found, (construction, found)


VERB_CASES = [
    ("Die Sanktionen wurden verhängt.", "verhängen", {"voice": "passive",
                                                      "auxiliary": "werden"}),
    # "sein" with a "be-" participle is a state passive; "ist begegnet" is a perfect
    ("Die Stadt ist besetzt.", "besetzen", {"voice": "passive", "auxiliary": "sein"}),
    ("Er ist dem Minister begegnet.", "begegnen", {"voice": "active", "tense": "perfect"}),
    ("Er ist nach Wien gereist.", "reisen", {"voice": "active", "tense": "perfect"}),
    ("Russland hat gedroht.", "drohen", {"tense": "perfect", "auxiliary": "haben"}),
    # a verb bracket split by a relative clause: the finite verb before it, the participle
    # after it
    ("Die Regierung hat den Vorschlag, den die Opposition vorgelegt hatte, am Montag "
     "abgelehnt.", "ablehnen", {"tense": "perfect", "auxiliary": "haben"}),
    # a headline's participle without any finite verb is a passive ("wurden" left out)
    ("Drei Journalisten in Ankara festgenommen", "festnehmen", {"voice": "passive"}),
    ("Die Armee hat Lager zerstört und Kämpfer festgenommen.", "festnehmen",
     {"voice": "active", "tense": "perfect"}),
    # coordinated participles share the passive's "worden"
    ("Ein Journalist ist in Ankara festgenommen und verhört worden.", "festnehmen",
     {"voice": "passive"}),
    ("Russland wird die Truppen abziehen.", "abziehen", {"tense": "future"}),
    ("Die Türkei will Griechenland nicht drohen.", "drohen",
     {"modal": "wollen", "negated": True}),
    ("Er sagte, Moskau drohe niemandem.", "drohen", {"mood": "sub1"}),
    ("Nicht nur Moskau drohte.", "drohen", {"negated": False}),
    # "niemand" and "nichts" negate the clause; "jemand" is its subject, not the object
    ("Niemand hat die Stadt angegriffen.", "angreifen", {"negated": True}),
    ("Die Polizei hat niemanden festgenommen.", "festnehmen", {"negated": True}),
    ("Jemand hat die Stadt angegriffen.", "angreifen", {"negated": False}),
]


@pytest.mark.parametrize(("text", "lemma", "expected"), VERB_CASES)
def test_verb_complex(text: str, lemma: str, expected: dict[str, object]) -> None:
    verb = clause_of(analyse(text), lemma).verb
    for key, value in expected.items():
        assert getattr(verb, key) == value, (text, verb)


def test_memory_gives_a_surname_the_code_of_its_introduction() -> None:
    doc = analyse("Der ägyptische Chefunterhändler Karim Mansour traf Lawrow. "
                  "Mansour erklärte danach, die Gespräche seien gut gewesen.")
    subject = clause_of(doc, "erklären").role("subj")
    assert subject is not None and subject.phrase.actor is not None
    assert subject.phrase.actor["code"] == "EGY"


def test_memory_takes_up_the_country_and_leaves_the_unsure_alone() -> None:
    doc = analyse("Japan protestierte. Das Land drohte mit Konsequenzen. "
                  "Ein Mann sagte, die Lage sei ruhig.")
    land = clause_of(doc, "drohen").role("subj")
    assert land is not None and land.phrase.actor is not None
    assert land.phrase.actor["code"] == "JPN"
    man = clause_of(doc, "sagen").role("subj")
    assert man is not None and (man.phrase.actor is None or man.phrase.actor["code"] is None)


def test_memory_resolves_a_pronoun_by_gender() -> None:
    doc = analyse("Die Außenministerin Kanadas besuchte Lima. Sie forderte eine Untersuchung.")
    subject = clause_of(doc, "fordern").role("subj")
    assert subject is not None
    refs = [m for m in doc.mentions.get("ACTOR_REF", ())
            if m.start == subject.phrase.start]
    assert [m.attrs["code"] for m in refs] == ["CAN"]


def test_memory_leaves_an_ambiguous_pronoun_alone() -> None:
    doc = analyse("Der Präsident Chiles und der Präsident Perus trafen sich. "
                  "Er forderte mehr Handel.")
    subject = clause_of(doc, "fordern").role("subj")
    assert subject is not None
    assert not [m for m in doc.mentions.get("ACTOR_REF", ())
                if m.start == subject.phrase.start]


MEMORY_CASES = [
    # a name takes the party in brackets after it, or a coded office set off after it
    ("Franz Maier (ÖVP) kritisierte den Plan.", "kritisieren", "ÖVP"),
    ("Karl Brandner, Sprecher der Grünen, kritisierte den Plan.", "kritisieren", "GRÜNE"),
    # a force without its state takes a place where something is, not a border's
    # neighbour or where people come from
    ("In Mali gab es Kämpfe. Die Armee kontrolliert die Straße.", "kontrollieren", "MLI"),
    ("An der Grenze zu Slowenien warten viele. Die Polizei kontrolliert die Straße.",
     "kontrollieren", None),
    ("Viele kommen aus Syrien. Die Polizei kontrolliert die Straße.", "kontrollieren", None),
    # government forces take the dateline's state where no state acted before
    ("Damaskus – Regierungstruppen beschossen die Stadt.", "beschießen", "SYR"),
    # a definite description of a person takes up the latest person named
    ("Der kanadische Außenminister Marc Garneau reiste nach Lima. Die Lage ist ernst, "
     "sagte der Liberalen-Politiker.", "sagen", "CAN"),
    ("Die Außenministerin Kanadas besuchte Lima. Die 57-Jährige kritisierte am Abend die "
     "Regierung.", "kritisieren", "CAN"),
    # ... not across more than two sentences, nor one with its own code
    ("Der kanadische Außenminister Marc Garneau reiste nach Lima. Es regnete. Es schneite. "
     "Es hagelte. Der Politiker kritisierte die Regierung.", "kritisieren", None),
    # a plural office after a named person is the subject of a plural verb (the actors'
    # descriptions give it the minister's state)
    ("Der kanadische Außenminister Marc Garneau reiste nach Lima. Die Diplomaten "
     "kritisierten die Regierung.", "kritisieren", "CAN"),
    ("Der kanadische Außenminister Marc Garneau reiste nach Lima. Der russische Minister "
     "kritisierte ihn.", "kritisieren", "RUS"),
    # ... whose office the description may name: "der Minister" is no president
    ("Der Präsident Kenias traf Journalisten. Der Minister kritisierte die Regierung.",
     "kritisieren", None),
    ("Die kenianische Außenministerin reiste ab. Die Ministerin kritisierte die Regierung.",
     "kritisieren", "KEN"),
    # an office under a possessive acts for the latest coded actor
    # a pronoun takes up the most salient person: the subject before the object
    ("Der kanadische Premier traf den Präsidenten Chinas. Er forderte mehr Handel.",
     "fordern", "CAN"),
    # ... and the nearer sentence before the farther one
    ("Der kanadische Premier reiste ab. Danach sprach der Präsident Chinas. Er forderte "
     "mehr Handel.", "fordern", "CHN"),
    # ... and an object pronoun another person than the subject pronoun
    ("Der brasilianische Präsident traf in Madrid den spanischen Regierungschef. Er forderte "
     "ihn auf, das Abkommen zu ratifizieren.", "auffordern", "BRA"),
    # "beide Länder" take up the latest two states; a surname tagged as a noun its person
    # (both are ACTOR mentions of the subject; its own actor is the nearer one)
    ("Die Türkei und Griechenland verhandeln wieder. Beide Länder einigten sich auf eine "
     "Telefonleitung.", "einigen", "GRC"),
    ("Der japanische Regierungssprecher Hiroshi Tanabe trat vor die Presse. Tanabe räumte "
     "Fehler ein.", "einräumen", "JPN"),
    # a family name that comes first ("Ban Ki-moon") is taken up as a surname
    ("Der südkoreanische Außenminister Yun Byung-se reiste ab. Yun kritisierte den Norden.",
     "kritisieren", "KOR"),
    ("Der südkoreanische Außenminister Yun Byung-se reiste ab. Byung-se kritisierte Japan.",
     "kritisieren", "KOR"),
    # a genitive-opened office with its holder's name is one subject ("Russlands Präsident
    # Wladimir Putin" was cut after the office, which lost the code)
    ("Kenias Präsident William Ruto kritisierte den Plan.", "kritisieren", "KEN"),
    ("Den Plan kritisierte Perus Präsident Pedro Campos.", "kritisieren", "PER"),
    # (a city's office acts for no state: SCHEMA.md)
    ("Den Plan kritisierte Wiens Bürgermeister Michael Häupl.", "kritisieren", None),
    # an office of "the alliance", "the organisation" acts for the one just named, if the
    # class fits (a party is no alliance)
    ("Die Nato tagte in Brüssel. Der Generalsekretär des Bündnisses kritisierte Russland.",
     "kritisieren", "NATO"),
    ("Die Nato tagte in Brüssel. Ein Sprecher der Partei kritisierte das Treffen.",
     "kritisieren", None),
    # "es" after a comma or "dass" reporting a neuter body's words is that body; "es gebe"
    # is no one
    ("Das Außenministerium in Kairo teilte mit, es habe den Botschafter einbestellt.",
     "einbestellen", "EGY"),
    ("Das Außenministerium in Kairo erklärte, dass es die Grenze schließe.",
     "schließen", "EGY"),
    ("Das Außenministerium in Kairo teilte mit, es gebe keine Einigung.", "geben", None),
    ("Ägypten schloss die Grenze. Es regnete stark.", "regnen", None),
    # a name set off after an office is taken up by its surname
    ("Der Außenminister Kenias, Alfred Mutua, besuchte Uganda. Mutua kritisierte die "
     "Regierung.", "kritisieren", "KEN"),
    ("Der UN-Hochkommissar für Flüchtlinge, Filippo Grandi, besuchte Kenia. Grandi "
     "kritisierte die Regierung.", "kritisieren", "UN"),
    # an office with "von" and a state, capital or person acts for it
    ("Der Präsident von Kenia kritisierte den Plan.", "kritisieren", "KEN"),
    ("Ein Sprecher von Putin kritisierte den Plan.", "kritisieren", "RUS"),
    ("Die EU-Außenbeauftragte Anna Berg kritisierte den Plan.", "kritisieren", "EU"),
    ("Die kanadische Regierung protestierte. Ihr Sprecher Juan Soto kritisierte die "
     "Entscheidung.", "kritisieren", "CAN"),
    # ... not one that has none, nor a colleague
    ("Die Bürgerinitiative protestierte. Ihr Sprecher Peter Huber kritisierte die "
     "Regierung.", "kritisieren", None),
    ("Die Grünen protestierten. Ihr Sprecher Peter Huber kritisierte die Regierung.",
     "kritisieren", "GRÜNE"),
    ("Der kanadische Premier reiste ab. Sein Kollege Peter Huber kritisierte die Regierung.",
     "kritisieren", None),
    # an office's own code decides, not a state in its apposition
    ("Die EU-Handelskommissarin, eine frühere Diplomatin aus Schweden, drohte China.",
     "drohen", "EU"),
    # a body whose class noun opens its name with a capitalised adjective: the whole
    # name is the code, and its adjective names no state
    ("Der Rat Muslimischer Gemeinden protestierte. Sein Vorsitzender kritisierte die "
     "Polizei.", "kritisieren", "RATMUSLIMISCHERGEMEINDEN"),
    ("Scharf äußerte sich der Verband Deutscher Zeitungsverleger.", "äußern",
     "VERBANDDEUTSCHERZEITUNGSVERLEGER"),
    # an organisation introduced with its class and name gets a code made of the name
    ("Die Miliz Ahrar al-Scham beschoss die Stellungen.", "beschießen", "AHRARALSCHAM"),
    ("Die Gewerkschaft Solidarność kritisierte die Regierung.", "kritisieren", "SOLIDARNOSC"),
    ("Die Rebellengruppe Abu Sajjaf entführte zwei Touristen. Später griff Abu Sajjaf ein "
     "Dorf an.", "angreifen", "ABUSAJJAF"),
    ("Die Hamas veröffentlichte ein Video. Darin drohte die Organisation mit Vergeltung.",
     "drohen", "HAMAS"),
    ("Die Hamas veröffentlichte ein Video. Es regnete. Es schneite. Es hagelte. Darin drohte "
     "die Organisation mit Vergeltung.", "drohen", None),
    # a state's body named by its seat acts for the state; a body at a place does not
    ("Das Verteidigungsministerium in Kabul bestätigte den Angriff.", "bestätigen", "AFG"),
    ("Die Sicherheitsbehörden in Ankara bestätigten den Angriff.", "bestätigen", "TUR"),
    ("Das Verteidigungsministerium in der Nähe von Kabul bestätigte den Angriff.",
     "bestätigen", None),
    # ... media are no such actors
    ("Die Nachrichtenagentur Anadolu kritisierte die Regierung.", "kritisieren", None),
    # the government's forces and spokesmen act for the state named last
    ("In Syrien wird gekämpft. Regierungstruppen griffen die Stadt an.", "angreifen", "SYR"),
    ("Regierungstruppen griffen die Stadt an.", "angreifen", None),
    # a body or force belongs to the coded actor of a "von" phrase right after it
    ("Die Truppen der Regierung von Baschar al-Assad griffen Krankenhäuser an.", "angreifen",
     "SYR"),
    ("Die Truppen der Regierung von Montag an griffen Krankenhäuser an.", "angreifen", None),
    # an office after an acronym no lexicon knows acts for the acronym's body, not a medium's
    ("Der PYD-Sprecher Ali Kaya kritisierte die Regierung.", "kritisieren", "PYD"),
    ("Ein BBC-Korrespondent kritisierte die Regierung.", "kritisieren", None),
    # a capital's name that opens a longer name says nothing of the state
    ("Gestern ist Paris Saint Germain nach London gereist.", "reisen", None),
]


# (text, verb lemma, role, code the role's phrase must have: None for none)
ADJUNCT_CODE_CASES = [
    # the state in a participle's adjuncts is not whom the phrase names
    ("Die von Russland unterstützten Separatisten beschossen die Stadt.", "beschießen",
     "subj", None),
    ("Die Truppen der von Moskau gestützten Regierung griffen die Stadt an.", "angreifen",
     "subj", None),
    ("Die von französischen Soldaten bewachte Basis wurde angegriffen.", "angreifen",
     "subj", None),
    # its own adjective still says it
    ("Die von Moskau unterstützte ukrainische Armee griff die Stadt an.", "angreifen", "subj",
     "UKR"),
]


@pytest.mark.parametrize(("text", "lemma", "role", "code"), ADJUNCT_CODE_CASES)
def test_adjuncts_name_no_actor_of_the_phrase(text: str, lemma: str, role: str,
                                              code: str | None) -> None:
    found = clause_of(analyse(text), lemma).role(role)
    assert found is not None
    assert (found.phrase.actor or {}).get("code") == code, found.phrase


def test_a_participles_agent_is_an_actor_of_its_own() -> None:
    doc = analyse("Die von der Miliz verschleppten Helfer kamen frei.")
    outer = next(p for p in doc.phrases if p.text.startswith("Die von"))
    assert [p.text for p in outer.inner] == ["der Miliz"]
    assert [m.text for m in doc.mentions["ACTOR"]
            if m.text == "der Miliz"], doc.mentions["ACTOR"]


@pytest.mark.parametrize(("text", "lemma", "code"), MEMORY_CASES)
def test_memory_cases(text: str, lemma: str, code: str | None) -> None:
    subject = clause_of(analyse(text), lemma).role("subj")
    assert subject is not None
    assert (subject.phrase.actor or {}).get("code") == code, subject.phrase


def test_an_object_pronoun_is_not_the_subject_pronoun() -> None:
    doc = analyse("Der brasilianische Präsident traf in Madrid den spanischen Regierungschef. "
                  "Er forderte ihn auf, das Abkommen zu ratifizieren.")
    refs = {doc.tokens[m.start].text: m.attrs["code"] for m in doc.mentions.get("ACTOR_REF", ())}
    assert refs == {"Er": "BRA", "ihn": "ESP"}


def test_open_actor_keeps_its_text() -> None:
    doc = analyse("Die Angeklagten weisen die Vorwürfe zurück.")
    subject = clause_of(doc, "zurückweisen").role("subj")
    assert subject is not None and subject.phrase.actor is not None
    assert subject.phrase.actor["code"] is None
    assert subject.phrase.actor["text"] == "Die Angeklagten"


def test_clause_frame_parses_roles_flags_and_captures() -> None:
    node = parse_pattern("clause(v:[lemma=drohen], subj=a:[@ACTOR], dat=r?, !acc, !neg, "
                         "mood=sub)")
    assert isinstance(node, ast.ClauseFrame)
    assert node.verb_capture == "v"
    assert [(r.role, r.capture, r.optional, r.absent) for r in node.roles] == [
        ("subj", "a", False, False), ("dat", "r", True, False), ("acc", None, False, True)]
    assert node.flags == (("neg", "no"), ("mood", "sub"))


def test_clause_frame_takes_german_property_values_and_the_number() -> None:
    # the lemmas of German modals have umlauts: modal=müssen, !modal=können
    node = parse_pattern("clause([lemma=führen], modal=müssen, !modal=können, number=pl)")
    assert isinstance(node, ast.ClauseFrame)
    assert node.flags == (("modal", "müssen"), ("modal", "!können"), ("number", "pl"))
    doc = analyse("Norwegen und Russland verhandeln. Norwegen verhandelt.")
    assert [c.verb.number for c in doc.clauses] == ["pl", "sg"]


@pytest.mark.parametrize(("pattern", "message"), [
    ("clause([lemma=x], subjekt=a)", "did you mean 'subj'"),
    ("clause([lemma=x], mood=foo)", "mood= takes one of"),
    ("clause([lemma=x], subj=a*)", "a role is optional with '?'"),
    ("clause([lemma=x], neg=a)", "neg is a flag"),
])
def test_clause_frame_errors_are_located(pattern: str, message: str) -> None:
    with pytest.raises(PatternSyntaxError) as raised:
        parse_pattern(pattern)
    assert message in str(raised.value)
    assert raised.value.location is not None and raised.value.location.column > 1


def test_explain_says_what_a_clause_frame_found_and_missed(tmp_path) -> None:
    from typer.testing import CliRunner

    from depesche.cli.app import _register, app

    _register()
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "rules:\n"
        "  - id: threat\n"
        "    type: THREATEN\n"
        "    pattern: 'clause([lemma=drohen], subj=a:[@ACTOR], dat=r)'\n"
        "    fact: {actor: a, recipient: r}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", "Die Angeklagten drohen.", "--rules",
                                      str(pack), "--rule", "threat"])
    assert result.exit_code == 0, result.output
    assert "subj found: 'Die Angeklagten'" in result.output
    assert "no dat" in result.output


def test_annotate_shows_clauses_and_roles(tmp_path) -> None:
    import json

    from typer.testing import CliRunner

    from depesche.cli.app import _register, app

    _register()
    article = tmp_path / "a.txt"
    article.write_text("Die Sanktionen wurden von der EU verhängt.\n", encoding="utf-8")
    table = CliRunner().invoke(app, ["annotate", str(article), "--format", "table"])
    assert "CLAUSE main verhängen (passive" in table.output
    assert "agent='der EU' [EU]" in table.output
    jsonl = CliRunner().invoke(app, ["annotate", str(article)])
    record = json.loads(jsonl.output.splitlines()[0])
    (clause,) = record["clauses"]
    assert clause["verb"]["voice"] == "passive"
    assert {"role": "agent", "text": "der EU"}.items() <= clause["roles"][1].items()


@pytest.mark.parametrize(("text", "lemma", "question", "conditional"), [
    ("Ob Peru dem Plan zustimmt, ist offen.", "zustimmen", True, False),
    ("Stimmt Peru dem Plan zu?", "zustimmen", True, False),
    ("Falls Peru zustimmt, beginnt die Arbeit.", "zustimmen", False, True),
    ("Sollte Peru Truppen verlegen, wird Chile reagieren.", "verlegen", False, True),
    ("„Sollte Peru Truppen verlegen, wird Chile reagieren“, sagte er.", "verlegen", False, True),
    ("Peru stimmte dem Plan zu.", "zustimmen", False, False),
    # a condition after its main clause: "sollte(n)" first, with a subject of its own
    ("Chile droht mit Vergeltung, sollten die Milizen die Stadt einnehmen.", "einnehmen",
     False, True),
    ("Chile kam zuerst, sollte aber bald wieder abreisen.", "abreisen", False, False),
])
def test_questions_and_conditions(text: str, lemma: str, question: bool,
                                  conditional: bool) -> None:
    clause = clause_of(analyse(text), lemma)
    assert (clause.question, clause.conditional) == (question, conditional)


def test_a_huge_token_is_read_in_linear_time() -> None:
    """A hostile "word" of 100,000 letters ends the phrase tests at once (the participle
    pattern would backtrack on it)."""
    doc = analyse("Die " + "ge" * 50_000 + "te drohte Japan.")
    assert doc.clauses


@pytest.mark.parametrize("text", [
    "Die " + "von der " * 3000 + "Regierung unterstützten Rebellen griffen an.",
    "Sie sah die " + "in der " * 3000 + "Stadt lebenden Menschen.",
])
def test_participle_attributes_nested_without_end_do_not_recurse(text: str) -> None:
    """Text of "von der von der …" read each participle attribute inside the one before
    until Python's recursion limit (a RecursionError traceback); they nest three deep."""
    doc = analyse(text)
    assert doc.clauses


@pytest.mark.parametrize(("text", "word", "governor", "role"), [
    ("Der Präsident warnte Israel vor einer Offensive.", "Offensive", "warnen", "vor"),
    ("Der Präsident warnte Israel vor einer Offensive.", "Israel", "warnen", "obj"),
    ("Die Polizei hat einen Anschlag vereitelt.", "Anschlag", "vereiteln", "acc"),
    ("Der Anschlag wurde vereitelt.", "Anschlag", "vereiteln", "subj"),
    # an inherited subject belongs to the clause that names it
    ("Serbien begrüßte den Plan, lehnte aber eine Anerkennung ab.", "Serbien", "begrüßen",
     "subj"),
    # words outside any role have neither
    ("Am Montag kamen die Minister zusammen.", "kamen", None, None),
])
def test_role_phrases_carry_their_governor(text: str, word: str, governor: str | None,
                                           role: str | None) -> None:
    token = next(t for t in analyse(text).tokens if t.text == word)
    assert (token.attrs.get("governor"), token.attrs.get("role")) == (governor, role)


def test_words_of_a_condition_say_so() -> None:
    doc = analyse("Wenn ein Anschlag passiert, rücken die Helfer aus.")
    flags = {t.text: t.attrs.get("conditional") for t in doc.tokens}
    assert (flags["Anschlag"], flags["Helfer"]) == ("yes", None)
