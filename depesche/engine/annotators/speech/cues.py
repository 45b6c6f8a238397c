"""Cues: the words that report speech, and when a verb of saying reports nothing.

Cue verbs are the lemmas of the pack's ``speech`` lexicon (``rules/lexicons/speech.yaml``);
without one, a built-in minimal set is used. A cue reports nothing in the infinitive with
"zu" (a purpose), as a participle out of the perfect (a passive or a state: "ehrlich
gesagt", "sahen sich bestätigt"), after "wie" alone ("wie berichtet": the paper's own
remark), or when it declares its subject something ("sich bereit erklären": an agreement).
"""

from __future__ import annotations

from depesche.engine.annotators.registry import AnnotationContext
from depesche.engine.annotators.speech.model import Reports

SPEECH_LEXICON = "speech"

# Used when a pack has no speech lexicon: the cues of the seed article and SCHEMA.md.
FALLBACK_CUES = frozenset({"sagen", "erklären", "betonen", "bestätigen", "mitteilen",
                           "schreiben", "bezeichnen", "meinen", "unterstreichen"})

# Cues that take what is said as their object rather than a clause (pattern 5).
OBJECT_CUES = frozenset({"bezeichnen", "betonen", "bestätigen", "unterstreichen",
                         "bekräftigen", "hervorheben", "wiederholen", "klarmachen",
                         "begründen", "berichten"})


# Verbs that render speech or thought but make no statement (SCHEMA.md): speech acts that
# are events of their own, whose rules take them (a demand, an accusation, a warning), and
# verbs of thinking, hoping and expecting. Their reports are REPORT mentions only.
# (A decision is no rendering of speech: "beschloss, dass …" is none; it matched nothing
# while the tagger gave its past forms the lemma "beschliessen".)
REPORT_CUES = frozenset({
    "fordern", "auffordern", "verlangen", "vorwerfen", "kritisieren", "warnen", "beklagen",
    "appellieren", "raten", "empfehlen", "vorschlagen", "bitten", "drängen", "plädieren",
    "ankündigen", "zusagen", "versprechen", "beschuldigen", "bestreiten", "dementieren",
    "einräumen", "eingestehen", "zugeben", "spekulieren", "prognostizieren",
    "entscheiden", "feststellen", "ausführen", "argumentieren", "fragen", "hoffen",
    "fürchten", "befürchten", "glauben", "vermuten", "schätzen", "erwarten", "bezweifeln",
    "ausgehen", "annehmen", "denken", "bemängeln", "bedauern", "mahnen", "anmahnen", "drohen",
    "androhen"})


def cue_lemmas(context: AnnotationContext) -> frozenset[str]:
    """The cue verbs: single-token forms of the pack's speech lexicon, or the fallback."""
    for lexicon in context.lexicons:
        if lexicon.name == SPEECH_LEXICON:
            return frozenset(form[0] for entry in lexicon.entries for form in entry.forms
                             if len(form) == 1)
    return FALLBACK_CUES


def is_cue(r: Reports, i: int, finite: bool = False) -> bool:
    token = r.tokens[i]
    if i in r.used or not (token.pos or "").startswith("VV"):
        return False
    if finite and not (token.pos or "").endswith("FIN"):
        return False
    if with_zu(r, i) or editorial(r, i) or self_declared(r, i) or object_changes_sense(r, i) or \
            wonders(r, i):
        return False
    lemma = token.lemma or token.text.lower()
    # "sagte er weiter": the adverb "weiter" goes on with the report, and the separable
    # verb layer joins it as a particle ("weitersagen"); the verb of saying is the cue.
    if lemma.startswith("weiter") and lemma[6:] in r.cues:
        lemma = lemma[6:]
    return lemma in r.cues or lemma in r.report_cues or phrasal_cue(r, i)


# Verbs of saying made of a verb and a predicative word, which the tagger leaves apart
# ("stellte klar, dass …", "machte deutlich, dass …", "zeigte sich überzeugt, dass …",
# "gab zu bedenken, dass …", "ließ wissen, dass …", "machte darauf aufmerksam, dass …",
# "gab zu verstehen, dass …", "ließ durchblicken, dass …", "gab bekannt", "sprach davon,
# dass …"): the verb's lemma, and the words that must follow it in its clause (or, for a
# participle at its end, come right before it).
# Predicates of a view or a mood someone shows ("zeigte sich überzeugt, dass …").
VIEW_ADJECTIVES = frozenset({"überzeugt", "zuversichtlich", "optimistisch", "skeptisch",
                             "besorgt", "enttäuscht", "zufrieden", "erfreut", "erleichtert",
                             "überrascht", "gelassen", "kämpferisch", "selbstbewusst",
                             "verwundert"})
PHRASAL_CUES: dict[str, tuple[frozenset[str], ...]] = {
    "stellen": (frozenset({"klar"}),),
    "machen": (frozenset({"klar", "deutlich", "aufmerksam"}),),
    "zeigen": (frozenset({"sich"}), VIEW_ADJECTIVES),
    "geben": (frozenset({"bedenken", "verstehen", "bekannt"}),),
    "lassen": (frozenset({"wissen", "verlauten", "durchblicken"}),),
    "sprechen": (frozenset({"davon"}),),
}


def phrasal_cue(r: Reports, i: int) -> bool:
    """Whether the verb at ``i`` and words after it in its clause say something: every
    word set of its PHRASAL_CUES entry has a word among the next fourteen tokens before
    a comma, colon or the sentence's end (the subject and an adjunct may stand between:
    "gab die Präsidentin der Kammer im Gespräch mit der Zeitung zu bedenken")."""
    needed = PHRASAL_CUES.get(r.tokens[i].lemma or "")
    if needed is None:
        return False
    words: set[str] = set()
    for token in r.tokens[i + 1:i + 15]:
        if token.text in ",:;.!?" or token.sentence != r.tokens[i].sentence:
            break
        words.add(token.text.lower())
    if r.tokens[i].pos in ("VVPP", "VVINF", "VVIZU") and i > 0:
        # a participle closing its clause has the word before it ("hatte die Zahlen
        # bekannt gegeben", "will es zu bedenken geben")
        words.update(t.text.lower() for t in r.tokens[max(i - 2, 0):i]
                     if t.sentence == r.tokens[i].sentence)
    return all(words & options for options in needed)


# Cues that say nothing with "sich": "sich fragen" (to wonder), "sich ankündigen" (to be
# in the offing: "Ein Hit kündigt sich an").
REFLEXIVE_NON_CUES = frozenset({"fragen", "ankündigen"})


def wonders(r: Reports, i: int) -> bool:
    """Whether a cue of REFLEXIVE_NON_CUES stands with "sich" ("Beobachter fragten sich,
    warum …"): a thought or a prospect, not words put to anyone."""
    if r.tokens[i].lemma not in REFLEXIVE_NON_CUES:
        return False
    clause = r.clause_at.get(i)
    return (clause is not None and clause.role("refl") is not None) or any(
        t.text == "sich" for t in r.tokens[i + 1:i + 4])


def object_changes_sense(r: Reports, i: int) -> bool:
    """Whether an object makes a verb no cue: "warnen" with an addressee ("hat die
    Nachbarn gewarnt, dass …": a warning to someone is the threat rules' event, and its
    object is easily taken for the one who warns), "ausführen" with any object (it then
    carries something out, "eine Rochade ausführen"; without one it explains), and
    "festhalten" with one (it then detains: "hielt drei Männer fest") or with "an" (it
    then sticks to something: "hielt an dem Plan fest")."""
    lemma = r.tokens[i].lemma
    if lemma not in ("warnen", "ausführen", "festhalten"):
        return False
    clause = r.clause_at.get(i)
    subject = clause.role("subj") if clause is not None else None
    if subject is None or subject.inherited:
        return False  # "…, warnte auch Fabius": the name after the verb is the subject
    if lemma == "festhalten" and (clause.role("an") is not None or any(
            t.text.lower() == "daran" for t in r.tokens[i + 1:i + 4])):
        return True  # "hält an dem Plan fest", "hielt daran fest, …": sticks to it
    return any(role.name in ("acc", "obj") and (lemma in ("ausführen", "festhalten") or
                                                 role.phrase.actor is not None)
               for role in clause.roles)


def with_zu(r: Reports, i: int) -> bool:
    """Whether a verb is an infinitive with "zu": "um … zu bestätigen" is a purpose,
    and what someone means to say is not yet said."""
    token = r.tokens[i]
    return token.pos == "VVIZU" or (token.pos == "VVINF" and i > 0
                                     and r.tokens[i - 1].pos == "PTKZU")


def editorial(r: Reports, i: int) -> bool:
    """Whether a cue follows "wie" alone: "wie berichtet", "wie gesagt" point back to the
    paper's own reports, and name no one who spoke (whatever the tagger made of the
    participle: "klagt X wie berichtet auch Y" has "berichtet" as a finite verb)."""
    return i > 0 and r.tokens[i - 1].text.lower() == "wie" and \
        (r.tokens[i].pos in ("VVPP", "VVFIN")) and \
        not (i + 1 < len(r.tokens) and r.tokens[i + 1].pos in ("PPER", "NE", "ART"))


def self_declared(r: Reports, i: int) -> bool:
    """Whether "erklären" declares its subject something ("hat sich bereit erklärt",
    "erklärte sich einverstanden"): the declaration is the event (an agreement), not a
    report of words (SCHEMA.md: a verb of speaking that is the event gives it only)."""
    if r.tokens[i].lemma != "erklären":
        return False
    near = r.tokens[max(0, i - 3):i + 4]
    return any(t.text == "sich" for t in near) and any(t.pos == "ADJD" for t in near)


def perfect(r: Reports, participle: int, finite: int) -> bool:
    """Whether a participle cue stands in the perfect ("hat … mitgeteilt", "soll …
    gesagt haben"): only then did its subject say something; with "werden" it is a
    passive, with "sein" or "sich sehen" a state ("ehrlich gesagt ist …", "sahen sich
    bestätigt")."""
    return any(t.lemma == "haben" and (t.pos or "").startswith("VA")
               for t in r.tokens[finite:participle + 2])


def perfect_cue(r: Reports, k: int, last: int) -> int | None:
    """The participle that ends "…, hat/hatte/habe X (der Zeitung) gesagt" after the
    auxiliary at ``k``: a verb of saying in the perfect, the tag after the words."""
    token = r.tokens[k]
    if token.lemma != "haben" or not (token.pos or "").endswith("FIN") or k in r.used:
        return None
    for p in range(k + 1, min(k + 14, last)):
        if r.tokens[p].text in ",;:":
            return None
        if r.tokens[p].pos == "VVPP":
            return p if closes_tag(r, p, last) and is_cue(r, p) else None
    return None


def closes_tag(r: Reports, p: int, last: int) -> bool:
    """Whether the participle at ``p`` ends a tag after the words: the sentence or the
    tag ends with it, it has no object of its own ("…, hat X ein Buch geschrieben"), and
    no clause of what was said follows it ("…, habe er geglaubt, dass …"); its subject is
    someone who can speak."""
    if p + 1 < last and r.tokens[p + 1].text not in ",;:.!?":
        return False
    if p + 2 < last and r.tokens[p + 1].text == "," and (
            r.tokens[p + 2].pos in ("KOUS", "PWS", "PWAV") or r.tokens[p + 2].text.lower()
            in ("dass", "daß", "ob", "wie")):
        return False
    clause = r.clause_at.get(p)
    if clause is None:
        return True
    subject = clause.role("subj")
    # (a thing as the subject is an object the clause layer misread: "…, hat X ein Buch
    # geschrieben")
    return clause.role("acc") is None and (subject is None or subject.phrase.kind != "other")


def particle_end(r: Reports, cue: int, end: int, limit: int) -> int:
    """Extend a span over the separated particle of its cue ("teilte … mit")."""
    for j in range(cue + 1, limit):
        if r.tokens[j].text == ",":
            break
        if r.tokens[j].pos == "PTKVZ":
            return max(end, j + 1)
    return end


def particle_start(r: Reports, content: tuple[int, int]) -> int:
    end = content[1]
    while end > content[0] and r.tokens[end - 1].pos == "PTKVZ":
        end -= 1
    return end
