"""Actors with codes per SCHEMA.md, pinned on sentences of the seed, dev and corpus articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.actors import ACRONYM, actor_record
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.lexicons import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
LEXICONS = tuple(load_lexicon(p) for p in sorted((ROOT / "rules" / "lexicons").glob("*.yaml")))


# Actors that the document memory adds (open actors, references back) are tested in
# tests/test_clauses.py; this table is about the chains the actor lexicons build.
MEMORY_KINDS = ("open", "memory")


def actors_of(text: str) -> list[dict[str, Any]]:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    return [m.attrs for m in sorted(doc.mentions.get("ACTOR", []), key=lambda m: m.start)
            if m.attrs.get("kind") not in MEMORY_KINDS]


def codes(text: str) -> list[tuple[str, str | None]]:
    return [(a["text"], a["code"]) for a in actors_of(text)]


# (text, expected (text, code) of each actor, in order)
CASES = [
    # seed: title + name chains; the person decides when there is no prefix
    ("Die Beziehungen bleiben trotz eines Telefongesprächs zwischen US-Präsident Joe Biden und "
     "Präsident Wladimir Putin weiter angespannt.",
     [("US-Präsident Joe Biden", "USA"), ("Präsident Wladimir Putin", "RUS")]),
    # seed: the adjective wins over the US- of "ambassador to the US"
    ("„Wir haben nie eine klare Antwort erhalten“, schrieb der russische US-Botschafter "
     "Anatoly Antonov am Donnerstag in Foreign Policy.",
     [("der russische US-Botschafter Anatoly Antonov", "RUS"), ("Foreign Policy", None)]),
    # seed: compounds with an actor prefix, genitives, metonyms
    ("Noch vor den Weihnachtsfeiertagen veröffentlichte Russlands Regierung deshalb eine Liste "
     "von Forderungen an die USA.", [("Russlands Regierung", "RUS"), ("die USA", "USA")]),
    ("Moskau begründet dies damit, dass der östliche Vormarsch der USA und seinen "
     "Nato-Verbündeten eine Bedrohung darstelle.",
     [("Moskau", "RUS"), ("der USA", "USA"), ("seinen Nato-Verbündeten", "NATO")]),
    ("Das Weiße Haus bestätigte zudem, dass die Initiative von Moskau ausging.",
     [("Das Weiße Haus", "USA"), ("Moskau", "RUS")]),
    ("Laut einem Kreml-Berater warnte Putin die USA.",
     [("einem Kreml-Berater", "RUS"), ("Putin", "RUS"), ("die USA", "USA")]),
    ("Noch immer befinden sich Zehntausende von russischen Soldaten in Grenzgebiet.",
     [("russischen Soldaten", "RUS")]),
    # gnad-839: an unknown name after a title takes the adjective's code
    ("Der polnische Außenminister Grzegorz Schetyna will am Montag den russischen Botschafter "
     "Sergej Andrejew ins Außenamt zitieren.",
     [("Der polnische Außenminister Grzegorz Schetyna", "POL"),
      ("den russischen Botschafter Sergej Andrejew", "RUS")]),
    # gnad-665, gnad-30, gnad-579: genitive states, complements, seats, organisations
    ("Chinas Staats- und Parteichef Xi Jinping traf den türkischen Präsidenten Recep Tayyip "
     "Erdogan.", [("Chinas Staats- und Parteichef Xi Jinping", "CHN"),
                  ("den türkischen Präsidenten Recep Tayyip Erdogan", "TUR")]),
    ("Lawrow informierte auch die Außenminister des Irans und Ägyptens über das Treffen.",
     [("Lawrow", "RUS"), ("die Außenminister des Irans", "IRN"), ("Ägyptens", "EGY")]),
    ("Das teilte der Palast in Amman anschließend mit.", [("der Palast in Amman", "JOR")]),
    ("Erst dann würde eine Kooperation erwogen, sagte ein Sprecher der Gruppe Erste "
     "Küstendivision.", [("ein Sprecher der Gruppe Erste Küstendivision", "FSA")]),
    ("Zunächst müssten die Angriffe aufhören, erklärten Vertreter der unter dem Banner der FSA "
     "kämpfenden Gruppen am Samstag.",
     [("Vertreter der unter dem Banner der FSA kämpfenden Gruppen", "FSA")]),
    ("Die Arabische Liga kündigte für Dienstag ein Krisentreffen an.",
     [("Die Arabische Liga", "LAS")]),
    ("Danach folgt ein Dialog der Organisation Sicherheit und Zusammenarbeit in Europa (OSZE).",
     [("der Organisation Sicherheit und Zusammenarbeit in Europa", "OSCE"), ("OSZE", "OSCE")]),
    ("US-Informationen zufolge sollen IS-Kämpfer im vergangenen Jahr Senfgas eingesetzt haben.",
     [("IS-Kämpfer", "ISIS")]),
    # media and unnamed groups get no code (SCHEMA.md)
    ("Die Landung wurde vom polnischen Info-Kanal TVP übertragen, Separatisten kämpfen weiter.",
     [("TVP", None), ("Separatisten", None)]),
    # corpus: a nationality does not name a group: "die syrische Opposition" has no code
    ("Die syrische Opposition und der Westen werfen den Truppen von Syriens Staatschef vor, "
     "Fassbomben abzuwerfen.", [("Die syrische Opposition", None), ("Syriens Staatschef", "SYR")]),
    # corpus: a single word is a name or an office only as a noun; persons as prefixes
    ("Gegenüber dem Schuljahr davor war das eine Steigerung.", []),
    ("Kurz darauf ziehe Van der Bellen nach.", [("Van der Bellen", "AUT")]),
    ("Dem Merkel-Berater zufolge ist das nicht geplant.", [("Dem Merkel-Berater", "DEU")]),
    # corpus: parties and armed groups act for themselves; a regnal number at the end of a
    # sentence loses its period to the full stop
    ("Boko Haram hatte der AfD und dem PSOE nichts zu sagen, meinte Kerry zu König Abdullah II.",
     [("Boko Haram", "BOKOHARAM"), ("der AfD", "AFD"), ("dem PSOE", "PSOE"), ("Kerry", "USA"),
      ("König Abdullah II", "JOR")]),
    # corpus: a capital's name before a surname is a first name
    ("Die Luftwaffe habe damit nichts zu tun, sagte Riad Haddad dem Fernsehsender Rossija 24.",
     []),
    # a dateline names where the article was written, not an actor
    ("Warschau/Moskau – Neuer diplomatischer Streit zwischen Polen und Russland.",
     [("Polen", "POL"), ("Russland", "RUS")]),
    # a party's minister, state secretary or chancellor acts for the party's state; a
    # party office or a member of parliament for the party; a mayor for neither
    ("ÖVP-Innenministerin Johanna Maier kritisierte die Pläne.",
     [("ÖVP-Innenministerin Johanna Maier", "AUT")]),
    ("Verteidigungsminister Hans Gruber (SPÖ) sprach mit Staatssekretärin Anna Huber (ÖVP).",
     [("Verteidigungsminister Hans Gruber", "AUT"), ("SPÖ", "SPÖ"),
      ("Staatssekretärin Anna Huber", "AUT"), ("ÖVP", "ÖVP")]),
    ("Der Abgeordnete Hans Gruber (SPÖ) und FPÖ-Chef Karl Moser stimmten dagegen.",
     [("Der Abgeordnete Hans Gruber", "SPÖ"), ("SPÖ", "SPÖ"), ("FPÖ-Chef Karl Moser", "FPÖ")]),
    ("Klubobmann Hans Gruber (SPÖ) lehnte ab.",
     [("Klubobmann Hans Gruber", "SPÖ"), ("SPÖ", "SPÖ")]),
    ("Bürgermeister Hans Gruber (SPÖ) lehnte ab.",
     [("Bürgermeister Hans Gruber", None), ("SPÖ", "SPÖ")]),
    ("AKP-Minister Ahmet Yilmaz traf den Botschafter.",
     [("AKP-Minister Ahmet Yilmaz", "TUR"), ("den Botschafter", None)]),
    # a known name the tagger took for an adjective: a name inside the sentence, and at
    # its start before a finite verb; "Kurz danach" is no name
    ("Mitterlehner lehnte den Vorschlag ab, sagte Mitterlehner.",
     [("Mitterlehner", "AUT"), ("Mitterlehner", "AUT")]),
    ("Kurz danach lehnte der Minister ab.", [("der Minister", None)]),
    # a city's adjective gives no state to a party's office; an office that names whom it
    # acts for outranks a nationality
    ("Der Wiener FPÖ-Chef Karl Moser lehnte ab.", [("Der Wiener FPÖ-Chef Karl Moser", "FPÖ")]),
    ("Der argentinische Papst reiste ab.", [("Der argentinische Papst", "VAT")]),
    ("Die Moskauer Regierung lehnte ab.", [("Die Moskauer Regierung", "RUS")]),
    # a party's politician takes up the minister of the party's state just named
    ("Justizminister Heiko Maas kritisierte die Gewalt. Das sei falsch, sagte der "
     "SPD-Politiker.", [("Justizminister Heiko Maas", "DEU"), ("der SPD-Politiker", "DEU")]),
    ("Das sei falsch, sagte der SPD-Politiker.", [("der SPD-Politiker", "SPD")]),
    # a first name the lexicon does not spell before a surname it knows
    ("Die Lage sei ernst, sagte Finanzminister Giannis Tsipras.",
     [("Finanzminister Giannis Tsipras", "GRC")]),
    # a party's member presiding over an association acts for the party, not the state
    ("Das sei falsch, sagte der ÖVP-Bauernbundpräsident.",
     [("der ÖVP-Bauernbundpräsident", "ÖVP")]),
    ("Das sei falsch, sagte die SPÖ-Verkehrsministerin.",
     [("die SPÖ-Verkehrsministerin", "AUT")]),
    # a city's or a region's office acts for no state, only for a party it names
    ("Das sei falsch, sagte Rigas Bürgermeister Janis Ozols.",
     [("Rigas Bürgermeister Janis Ozols", None)]),
    ("Das sei falsch, sagte der SPÖ-Bürgermeister.", [("der SPÖ-Bürgermeister", "SPÖ")]),
    # an office held no longer: its holder acts for the state no more
    ("Die Lage sei ernst, sagte der ehemalige lettische Außenminister Janis Ozols.",
     [("der ehemalige lettische Außenminister Janis Ozols", None)]),
    ("Das sei falsch, sagte Ex-Verteidigungsminister Karl Brandner.",
     [("Ex-Verteidigungsminister Karl Brandner", None)]),
    ("Das sei falsch, sagte der frühere US-Botschafter Tom Miller.",
     [("der frühere US-Botschafter Tom Miller", None)]),
    # ... but one then in office does
    ("Das sei falsch, sagte der damalige lettische Außenminister Janis Ozols.",
     [("der damalige lettische Außenminister Janis Ozols", "LVA")]),
    # an aid agency named by its genitive acts for it
    ("Das Kinderhilfswerk der Vereinten Nationen warnte vor Hunger.",
     [("Das Kinderhilfswerk der Vereinten Nationen", "UN"), ("der Vereinten Nationen", "UN")]),
    # regional organisations of states
    ("Die Ostafrikanische Gemeinschaft lehnte ab.", [("Die Ostafrikanische Gemeinschaft", "EAC")]),
    ("Die Ecowas lehnte ab.", [("Die Ecowas", "ECOWAS")]),
    # the EU's agencies and central bank act for the EU
    ("Die Zahl sei gestiegen, teilte Eurostat mit.", [("Eurostat", "EU")]),
    ("Die Europäische Zentralbank lehnte ab.", [("Die Europäische Zentralbank", "EU")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_actor_cases(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert codes(text) == expected


# The actor lexicons cover the world, not the dev articles: every member of the United
# Nations, plus Kosovo, Palestine, Taiwan and the Holy See (ISO 3166-1 alpha-3).
UN_MEMBERS = [
    "AFG", "ALB", "DZA", "AND", "AGO", "ATG", "ARG", "ARM", "AUS", "AUT", "AZE", "BHS", "BHR",
    "BGD", "BRB", "BLR", "BEL", "BLZ", "BEN", "BTN", "BOL", "BIH", "BWA", "BRA", "BRN", "BGR",
    "BFA", "BDI", "CPV", "KHM", "CMR", "CAN", "CAF", "TCD", "CHL", "CHN", "COL", "COM", "COG",
    "COD", "CRI", "CIV", "HRV", "CUB", "CYP", "CZE", "DNK", "DJI", "DMA", "DOM", "ECU", "EGY",
    "SLV", "GNQ", "ERI", "EST", "SWZ", "ETH", "FJI", "FIN", "FRA", "GAB", "GMB", "GEO", "DEU",
    "GHA", "GRC", "GRD", "GTM", "GIN", "GNB", "GUY", "HTI", "HND", "HUN", "ISL", "IND", "IDN",
    "IRN", "IRQ", "IRL", "ISR", "ITA", "JAM", "JPN", "JOR", "KAZ", "KEN", "KIR", "KWT", "KGZ",
    "LAO", "LVA", "LBN", "LSO", "LBR", "LBY", "LIE", "LTU", "LUX", "MDG", "MWI", "MYS", "MDV",
    "MLI", "MLT", "MHL", "MRT", "MUS", "MEX", "FSM", "MDA", "MCO", "MNG", "MNE", "MAR", "MOZ",
    "MMR", "NAM", "NRU", "NPL", "NLD", "NZL", "NIC", "NER", "NGA", "PRK", "MKD", "NOR", "OMN",
    "PAK", "PLW", "PAN", "PNG", "PRY", "PER", "PHL", "POL", "PRT", "QAT", "KOR", "ROU", "RUS",
    "RWA", "KNA", "LCA", "VCT", "WSM", "SMR", "STP", "SAU", "SEN", "SRB", "SYC", "SLE", "SGP",
    "SVK", "SVN", "SLB", "SOM", "ZAF", "SSD", "ESP", "LKA", "SDN", "SUR", "SWE", "CHE", "SYR",
    "TJK", "TZA", "THA", "TLS", "TGO", "TON", "TTO", "TUN", "TUR", "TKM", "TUV", "UGA", "UKR",
    "ARE", "GBR", "USA", "URY", "UZB", "VUT", "VEN", "VNM", "YEM", "ZMB", "ZWE",
]


def test_every_state_of_the_world_has_a_state_entry() -> None:
    assert len(set(UN_MEMBERS)) == 193
    states = {entry.attrs["code"] for lexicon in LEXICONS for entry in lexicon.entries
              if entry.attrs.get("kind") == "state"}
    assert set(UN_MEMBERS) | {"XKX", "PSE", "TWN", "VAT"} <= states


def test_no_form_names_two_different_actors() -> None:
    """A form two entries share goes to the first in the file: the codes must agree, or the
    later entry is silently lost ("Guinea" and "Guinea-Bissau", "Niger" and "Nigeria")."""
    codes_of: dict[tuple[str, str], set[str | None]] = {}
    for lexicon in LEXICONS:
        if lexicon.name not in ("actors", "titles", "nationalities"):
            continue
        for entry in lexicon.entries:
            for form in entry.forms:
                text = " ".join(form)
                key = (lexicon.match_on, text.lower() if lexicon.match_on == "lower" else text)
                codes_of.setdefault(key, set()).add(entry.attrs.get("code"))
    assert {key: codes for key, codes in codes_of.items() if len(codes) > 1} == {}


def prefix_codes(text: str) -> list[tuple[str, str]]:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    return [(m.text, m.attrs["code"]) for m in doc.mentions.get("ACTOR_PREFIX", [])]


# States, capitals, peoples, adjectives and federal bodies of the whole world, one made-up
# sentence each: (text, expected (text, code) of each actor, in order).
WORLD_CASES = [
    # parties act for themselves, named or as a compound's prefix; the adjective "grün" and
    # a bare "Linke" (leftists) are none
    ("Die Grünen kritisierten die Regierung.", [("Die Grünen", "GRÜNE")]),
    ("Die Linke und die FPÖ lehnten den Antrag ab.", [("Die Linke", "LINKE"), ("die FPÖ", "FPÖ")]),
    ("Die grünen Hügel sind schön.", []),
    # a people in the dative plural
    ("Japan will eng mit den Amerikanern und den Österreichern kooperieren.",
     [("Japan", "JPN"), ("den Amerikanern", "USA"), ("den Österreichern", "AUT")]),
    # Africa
    ("Nigerias Präsident reiste nach Abuja.", [("Nigerias Präsident", "NGA"), ("Abuja", "NGA")]),
    ("Der Außenminister Nigers reiste nach Niamey.",
     [("Der Außenminister Nigers", "NER"), ("Niamey", "NER")]),
    ("Der Botschafter der Elfenbeinküste wurde einbestellt.",
     [("Der Botschafter der Elfenbeinküste", "CIV")]),
    ("Der Präsident der Demokratischen Republik Kongo warf Ruanda vor, Rebellen zu unterstützen.",
     [("Der Präsident der Demokratischen Republik Kongo", "COD"), ("Ruanda", "RWA"),
      ("Rebellen", None)]),
    ("Die Regierung der Republik Kongo schwieg.", [("Die Regierung der Republik Kongo", "COG")]),
    ("Der Außenminister Äquatorialguineas traf in Conakry ein.",
     [("Der Außenminister Äquatorialguineas", "GNQ"), ("Conakry", "GIN")]),
    ("Guinea und Guinea-Bissau schlossen ein Abkommen.",
     [("Guinea", "GIN"), ("Guinea-Bissau", "GNB")]),
    ("Die Regierung in N'Djamena schickte Soldaten nach Mali.",
     [("Die Regierung in N'Djamena", "TCD"), ("Mali", "MLI")]),
    ("Die kenianische Armee griff Stellungen in Somalia an.",
     [("Die kenianische Armee", "KEN"), ("Somalia", "SOM")]),
    ("Die ghanaische Regierung und Senegals Präsident wiesen die Vorwürfe zurück.",
     [("Die ghanaische Regierung", "GHA"), ("Senegals Präsident", "SEN")]),
    ("Der Präsident Simbabwes reiste nach Lusaka.",
     [("Der Präsident Simbabwes", "ZWE"), ("Lusaka", "ZMB")]),
    # the Americas
    ("Die chilenische Regierung protestierte.", [("Die chilenische Regierung", "CHL")]),
    ("Perus Präsident traf in Lima den Außenminister Boliviens.",
     [("Perus Präsident", "PER"), ("Lima", "PER"), ("den Außenminister Boliviens", "BOL")]),
    ("Die Regierung in Santiago de Chile protestierte.",
     [("Die Regierung in Santiago de Chile", "CHL")]),
    ("Die Regierung in Quito und die ecuadorianische Polizei widersprachen.",
     [("Die Regierung in Quito", "ECU"), ("die ecuadorianische Polizei", "ECU")]),
    ("Die Dominikanische Republik und Dominica stimmten dagegen.",
     [("Die Dominikanische Republik", "DOM"), ("Dominica", "DMA")]),
    ("Haitis Präsident bat die Vereinten Nationen um Hilfe.",
     [("Haitis Präsident", "HTI"), ("die Vereinten Nationen", "UN")]),
    ("Die Jamaikaner und die Uruguayer feierten.",
     [("Die Jamaikaner", "JAM"), ("die Uruguayer", "URY")]),
    # Asia and Oceania
    ("Der Präsident Bangladeschs forderte von Myanmar die Rücknahme der Flüchtlinge.",
     [("Der Präsident Bangladeschs", "BGD"), ("Myanmar", "MMR")]),
    ("Kambodschas Regierung warf Laos Grenzverletzungen vor.",
     [("Kambodschas Regierung", "KHM"), ("Laos", "LAO")]),
    ("Die Regierung in Ulan Bator und die kirgisische Regierung unterzeichneten ein Abkommen.",
     [("Die Regierung in Ulan Bator", "MNG"), ("die kirgisische Regierung", "KGZ")]),
    ("Der Premierminister Neuseelands telefonierte mit der Regierung in Suva.",
     [("Der Premierminister Neuseelands", "NZL"), ("der Regierung in Suva", "FJI")]),
    ("Sri Lankas Präsident empfing die Delegation aus Papua-Neuguinea.",
     [("Sri Lankas Präsident", "LKA"), ("Papua-Neuguinea", "PNG")]),
    # Europe
    ("Die isländische Regierungschefin trat zurück.",
     [("Die isländische Regierungschefin", "ISL")]),
    ("Die irische Regierung und die nordirische Polizei trafen sich in Nordirland.",
     [("Die irische Regierung", "IRL"), ("die nordirische Polizei", "GBR"), ("Nordirland", "GBR")]),
    ("Die Präsidentin Maltas traf in Valletta die luxemburgische Regierung.",
     [("Die Präsidentin Maltas", "MLT"), ("Valletta", "MLT"),
      ("die luxemburgische Regierung", "LUX")]),
    # federal bodies: Germany's and Austria's own; shared names need an adjective
    ("Der BKA-Chef warnte vor Anschlägen.", [("Der BKA-Chef", "DEU")]),
    ("Der BND-Präsident und das Bundesamt für Verfassungsschutz warnten.",
     [("Der BND-Präsident", "DEU"), ("das Bundesamt für Verfassungsschutz", "DEU")]),
    ("Das Bundesverfassungsgericht kippte das Gesetz, der Bundestag muss nachbessern.",
     [("Das Bundesverfassungsgericht", "DEU"), ("der Bundestag", "DEU")]),
    ("Das BAMF prüft die Anträge, sagte eine Sprecherin des Bundesamts für Migration und "
     "Flüchtlinge.", [("Das BAMF", "DEU"),
                      ("eine Sprecherin des Bundesamts für Migration und Flüchtlinge", "DEU")]),
    ("Generalbundesanwalt Peter Frank erhob Anklage.",
     [("Generalbundesanwalt Peter Frank", "DEU")]),
    ("Die Bundeswehr und die deutsche Bundespolizei halfen.",
     [("Die Bundeswehr", "DEU"), ("die deutsche Bundespolizei", "DEU")]),
    ("Der Nationalrat beschloss das Gesetz, das Bundesheer schickt Soldaten.",
     [("Der Nationalrat", "AUT"), ("das Bundesheer", "AUT")]),
    ("Der Schweizer Nationalrat lehnte ab, die Schweizer Bundesanwaltschaft ermittelt.",
     [("Der Schweizer Nationalrat", "CHE"), ("die Schweizer Bundesanwaltschaft", "CHE")]),
    ("Das Bundesamt für Verfassungsschutz und Terrorismusbekämpfung warnte.",
     [("Das Bundesamt für Verfassungsschutz und Terrorismusbekämpfung", "AUT")]),
    ("Die Weltbank warnte vor einer Rezession.", [("Die Weltbank", "WORLDBANK")]),
    # not actors: names that several states share, and words that only look like states
    ("Das Bundeskriminalamt ermittelt, der Verfassungsschutz schweigt.", []),
    ("Eine Sprecherin der Bundesanwaltschaft wollte sich nicht äußern.",
     [("Eine Sprecherin", None)]),
    ("In Rhode Island und auf Long Island regnete es.", []),
    ("Piraten überfielen im Golf von Guinea ein Schiff.", []),
    ("Die Innere Mongolei ist eine Region Chinas.", [("Chinas", "CHN")]),
    ("Die Rosa-Luxemburg-Stiftung erinnerte an Rosa Luxemburg.", []),
    ("Die Panama Papers zeigen Briefkastenfirmen auf den Cayman Islands.", []),
    ("Ein salomonisches Urteil, sagten die Malteser.", []),
    ("Die Dublin-Verordnung gilt auch in Santiago de Compostela.", []),
    ("Victoria und Kingston spielten in Georgetown.", []),
]


@pytest.mark.parametrize(("text", "expected"), WORLD_CASES)
def test_actors_of_the_world(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert codes(text) == expected


# Compounds whose first part is a state's name but that speak of something else:
# (text, the codes of the sentence's actors).
@pytest.mark.parametrize(("text", "actor_codes"), [
    ("Die Jamaika-Sondierer trafen sich erneut.", set()),  # a German coalition
    ("Die Panama-Papers belasten viele Politiker.", set()),  # leaked files
    ("Das Niger-Delta liegt in Nigeria.", {"NGA"}),  # a delta in Nigeria, not in Niger
    ("Die Dublin-Verordnung regelt die Zuständigkeit.", set()),  # the EU's asylum rules
])
def test_state_names_in_compounds_that_are_no_actor_prefix(text: str, actor_codes: set[str]
                                                            ) -> None:
    assert prefix_codes(text) == []
    assert {code for _, code in codes(text)} - {None} == actor_codes


# (text, the definite description, its code and name from the earlier actor)
DESCRIPTIONS = [
    # seed: "der Offizielle" takes up "ein US-Regierungsmitglied", not "Präsident Biden"
    ("Das erklärte ein US-Regierungsmitglied. Präsident Biden machte klar, so der Offizielle "
     "weiter, dass nichts entschieden sei.", "der Offizielle", "USA", None),
    ("Laut einem Kreml-Berater warnte Putin die USA. „Es wäre ein Fehler“, sagte der Berater.",
     "der Berater", "RUS", None),
    ("Das schrieb der russische US-Botschafter Anatoly Antonov. Das sei eine Gefahr, so der "
     "Botschafter.", "der Botschafter", "RUS", "Anatoli Antonow"),
    # gnad-839: "der Diplomat" takes up an ambassador
    ("Schetyna will den russischen Botschafter Sergej Andrejew zitieren. Grund ist ein "
     "Interview, in dem der Diplomat Warschau Vorwürfe machte.", "der Diplomat", "RUS",
     "Sergej Andrejew"),
    # gnad-30: an adjective narrows the choice; "Der Minister" takes up the minister
    ("Außenminister Sergej Lawrow traf US-Außenminister John Kerry. Der russische "
     "Außenminister machte sich stark. Der Minister rief die USA auf.",
     "Der Minister", "RUS", "Sergej Lawrow"),
    # gnad-30: "die Menschenrechtler" take up a human-rights organisation (refers_to a sector)
    ("Wie die in London ansässige Syrische Beobachtungsstelle für Menschenrechte mitteilte, "
     "bombardierten Jets ein Krankenhaus. Das teilten die Menschenrechtler mit.",
     "die Menschenrechtler", "SOHR", "Syrische Beobachtungsstelle für Menschenrechte"),
    # gnad-698: "Die Regierung" takes up the government named with its seat
    ("Die Regierung in Libyen hat Verbündete aufgefordert. Die Regierung begründete ihre Bitte.",
     "Die Regierung", "LBY", None),
]


def taken_up(text: str) -> list[tuple[str, str | None]]:
    """Every ACTOR mention's text and code, those the memory settles included."""
    doc = tokenize(read_document("t", text))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    return [(m.text, m.attrs.get("code")) for m in doc.mentions.get("ACTOR", [])]


@pytest.mark.parametrize(("text", "description", "code"), [
    # a state's forces and authorities named without their state take up the state named last
    ("In Mali haben Rebellen ein Dorf überfallen. Die Armee nahm zehn Kämpfer fest.",
     "Die Armee", "MLI"),
    ("Ein Mann wurde in Berlin festgenommen. Die Polizei durchsuchte seine Wohnung.",
     "Die Polizei", "DEU"),
    ("Die Türkei beschoss Stellungen. Sicherheitskräfte nahmen 20 Verdächtige fest.",
     "Sicherheitskräfte", "TUR"),
    # ... or else the one place of a dateline
    ("Kabul – Sicherheitskräfte haben am Mittwoch drei Kämpfer getötet.",
     "Sicherheitskräfte", "AFG"),
    ("Kabul – Die Regierung wies die Vorwürfe zurück.", "Die Regierung", "AFG"),
    # a federal body ("Bundes-"), whose name Germany, Austria and Switzerland share, takes
    # up the federal state named last, or the dateline's
    ("In Österreich stieg die Zahl der Anzeigen. Das Bundeskriminalamt warnte davor.",
     "Das Bundeskriminalamt", "AUT"),
    ("Berlin – Frankreich protestierte. Die Bundespolizei nahm zwei Männer fest.",
     "Die Bundespolizei", "DEU"),
    # a body the titles lexicon knows is an actor whatever its ending
    ("Kabul – Der Geheimdienst nahm zwei Männer fest.", "Der Geheimdienst", "AFG"),
    # a government's office, as its forces
    ("Wien – Das Innenministerium bestätigte die Zahlen.", "Das Innenministerium", "AUT"),
    ("Kenia schloss die Grenze. Das Außenministerium bestellte den Botschafter ein.",
     "Das Außenministerium", "KEN"),
    ("Ankara – Die Türkei meldet Erfolge. Die Kämpfer seien durch Soldaten und Polizisten "
     "getötet worden.", "Soldaten", "TUR"),
    # the police are the force of where the story is written, before the state named last
    ("Wien – Ein Syrer, der aus Ungarn kam, wurde festgenommen. Die Polizei durchsuchte "
     "seine Wohnung.", "Die Polizei", "AUT"),
    ("Wien – Die Kriminalpolizei nahm den Mann fest.", "Die Kriminalpolizei", "AUT"),
    # who speaks for a force, or its words, named by a compound of the force
    ("Berlin – Ein Polizeisprecher sagte, die Lage sei ruhig.", "Ein Polizeisprecher", "DEU"),
    ("In Mali haben Rebellen ein Dorf überfallen. Nach Armeeangaben starben zehn Kämpfer.",
     "Armeeangaben", "MLI"),
    ("In Mali kämpfen Rebellen. Aus Sicherheitskreisen hieß es, zehn seien tot.",
     "Sicherheitskreisen", "MLI"),
    # a state named as a place ("zu Nigeria", "aus Ungarn") owns no force the
    # dateline settles; one named as an actor does
    ("Niamey – Nahe der Grenze zu Nigeria haben Soldaten nach Armeeangaben zwei Lager "
     "zerstört.", "Armeeangaben", "NER"),
    ("Wien – Die Menschen kamen aus Ungarn, berichtet das Innenministerium.",
     "das Innenministerium", "AUT"),
    ("Wien – Die Türkei beschoss Stellungen. Das Verteidigungsministerium sprach von Erfolgen.",
     "Das Verteidigungsministerium", "TUR"),
    # the Commission's people in a story about the EU
    ("Die EU-Kommission prüft den Antrag. Ein Kommissionssprecher sagte, die Frist laufe "
     "noch.", "Ein Kommissionssprecher", "EU"),
    # a text speaks for its owner after it, taken up from earlier
    ("Berlin – Laut einer Studie des Bundeskriminalamts stieg die Zahl der Fälle.",
     "einer Studie des Bundeskriminalamts", "DEU"),
    ("Der südkoreanische Außenminister Yun Byung-se reiste ab. In einer Erklärung Yuns hieß "
     "es, die Lage sei ernst.", "einer Erklärung Yuns", "KOR"),
    ("Wien – In einem Bericht der Polizei heißt es, der Mann sei geflohen.",
     "einem Bericht der Polizei", "AUT"),
    # ... but not one whose seat is named
    ("Libyen ist im Chaos. Die Menschen seien gerettet, teilte das Verteidigungsministerium "
     "in Madrid mit.", "das Verteidigungsministerium", "ESP"),
]
)
def test_state_forces_take_up_the_state(text: str, description: str, code: str) -> None:
    assert (description, code) in taken_up(text)


@pytest.mark.parametrize("text", [
    "Die Armee nahm zehn Kämpfer fest.",  # no state named before
    "Warschau/Moskau – Die Regierung wies die Vorwürfe zurück.",  # a dateline of two places
    "Die Polizei in Köln nahm einen Mann fest.",  # a city says no state
    "In Mali kämpfen Rebellen. Die Armee des Nachbarn griff ein.",  # whose army: not plain
    "Frankreich protestierte. Die Bundesregierung kritisierte den Plan.",  # no federal state
    "Berlin – Die Polizeigewerkschaft kritisierte den Plan.",  # a union is no state force
])
def test_forces_no_state_settles_keep_their_text(text: str) -> None:
    found = [code for mention, code in taken_up(text)
             if mention.lower().startswith(("die armee", "die regierung", "die polizei",
                                            "die bundesregierung"))]
    assert found and not any(found)


@pytest.mark.parametrize(("text", "group"), [
    ("Libysche Menschenrechtsgruppen machten die Miliz dafür verantwortlich.",
     "Libysche Menschenrechtsgruppen"),
    ("Russische Menschenrechtler kritisierten das Urteil.", "Russische Menschenrechtler"),
    ("Ugandische Rebellen griffen das Dorf an.", "Ugandische Rebellen"),
])
def test_groups_that_act_for_no_state_take_no_code_from_an_adjective(text: str, group: str
                                                                      ) -> None:
    found = [code for mention, code in taken_up(text) if mention == group]
    assert found and not any(found)


@pytest.mark.parametrize(("text", "genitive", "code"), [
    ("Nach dem Start direkter Friedensgespräche der Konfliktparteien sank die Gewalt.",
     "der Konfliktparteien", None),
    ("Die Angriffe der syrischen Armee dauern an.", "der syrischen Armee", "SYR"),
    ("Die Angriffe der syrischen Rebellen dauern an.", "der syrischen Rebellen", None),
])
def test_the_group_in_a_nouns_genitive_is_an_actor(text: str, genitive: str,
                                                    code: str | None) -> None:
    assert (genitive, code) in taken_up(text)


@pytest.mark.parametrize(("text", "code"), [
    ("Die spanische Linkspartei Podemos kritisierte die Regierung.", "PODEMOS"),
    ("Die türkische AKP forderte Neuwahlen.", "AKP"),
])
def test_a_named_party_acts_for_itself_whatever_its_adjective(text: str, code: str) -> None:
    assert [c for _, c in taken_up(text)][:1] == [code]


@pytest.mark.parametrize("text", [
    "Laut Unicef sind Millionen Kinder betroffen.",
    "Das Welternährungsprogramm kümmert sich um die Flüchtlinge.",
    "Der UN-Sonderberichterstatter für Folter kritisierte die Haftbedingungen.",
])
def test_the_uns_agencies_and_rapporteurs_act_for_the_un(text: str) -> None:
    assert "UN" in [code for _, code in taken_up(text)]


def test_a_genitive_that_only_looks_like_a_group_is_none() -> None:
    assert not [m for m, _ in taken_up("Es war das erste Gipfeltreffen der Weltgeschichte.")
                if m == "der Weltgeschichte"]


@pytest.mark.parametrize(("text", "text_phrase"), [
    ("Berlin – Ein Bericht der Zeitung nennt keine Zahlen.", "Ein Bericht der Zeitung"),
    ("Berlin – Die Erklärung des Anwalts überzeugte nicht.", "Die Erklärung des Anwalts"),
    ("Merkel reiste ab. Die Studie des Instituts erschien.", "Die Studie des Instituts"),
])
def test_texts_of_owners_no_state_settles_have_no_code(text: str, text_phrase: str) -> None:
    assert not [code for mention, code in taken_up(text) if mention == text_phrase and code]


@pytest.mark.parametrize(("text", "description", "code", "name"), DESCRIPTIONS)
def test_definite_descriptions(text: str, description: str, code: str, name: str | None
                               ) -> None:
    found = [a for a in actors_of(text) if a["text"] == description]
    assert found, description
    assert (found[-1]["code"], found[-1]["name"]) == (code, name)


def test_unknown_name_after_title_may_end_in_a_common_noun() -> None:
    """Corpus: HanTa tags the surname of "Ruth Becher" as a noun; it is still the name (and
    the party's acronym, which no lexicon knows, is the code she speaks for)."""
    (actor,) = actors_of("Das beschreibt SPÖ-Bautensprecherin Ruth Becher genau.")
    assert (actor["text"], actor["name"], actor["code"]) == (
        "SPÖ-Bautensprecherin Ruth Becher", "Ruth Becher", "SPÖ")


def test_actor_record_is_the_schema_actor() -> None:
    doc = tokenize(read_document("t", "US-Präsident Joe Biden telefonierte mit Putin."))
    annotate(doc, {"ACTOR"}, AnnotationContext(lexicons=LEXICONS))
    first = doc.mentions["ACTOR"][0]
    assert actor_record(first) == {"text": "US-Präsident Joe Biden", "name": "Joe Biden",
                                   "code": "USA", "sector": "GOV"}
    assert all("ACTOR" in t.classes for t in doc.tokens[first.start:first.end])


def test_no_actor_lexicons_no_coded_actors() -> None:
    """Without lexicons no actor gets a code; a full name is still an (open) actor."""
    doc = tokenize(read_document("t", "US-Präsident Joe Biden telefonierte mit Putin."))
    annotate(doc, {"ACTOR"}, AnnotationContext())
    actors = doc.mentions.get("ACTOR", [])
    assert all(m.attrs["code"] is None and m.attrs["kind"] == "open" for m in actors)
    assert [m.text for m in actors] == ["US-Präsident Joe Biden"]


def test_seed_actors_all_have_codes() -> None:
    """Every actor of the seed that names a side of the conflict acts for someone."""
    actors = actors_of(SEED.read_text(encoding="utf-8"))
    uncoded = {a["text"] for a in actors if a["code"] is None}
    assert uncoded <= {"beiden Staatsoberhäuptern", "Beide Regierungschefs", "Foreign Policy"}


def test_corpus_articles_get_actors(shared: Path) -> None:
    """Robustness: the first corpus articles annotate without error, with codes known (from
    a lexicon, or the acronym of an office's compound: "GPA-Vorsitzender")."""
    import csv

    known = {entry.attrs.get("code") for lexicon in LEXICONS for entry in lexicon.entries}
    with (shared / "corpus" / "10kgnad-test.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter=";", quotechar="'"))[:40]
    for _label, text in rows:
        for actor in actors_of(text):
            assert actor["code"] in known or (
                ACRONYM.fullmatch(actor["code"]) and f"{actor['code']}-" in actor["text"]), actor
