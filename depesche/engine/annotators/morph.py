"""Verb morphology that rules ask for: mood (Konjunktiv I and II), verb form, hearsay.

STTS tags and HanTa say nothing about mood, so mood is read off the form, compared with
the lemma (Duden. Die Grammatik, 9th ed., 2016, on the formation of the Konjunktiv;
Eisenberg, Grundriss der deutschen Grammatik, vol. 1, on the verb paradigms):

* Konjunktiv I (``Mood=Sub1``) is built on the infinitive stem with the ending ``-e``:
  "habe", "werde", "hänge", "gebe", "liege", "könne", against the indicative "hat",
  "wird", "hängt", "gibt", "liegt", "kann"; "sei"/"seien" for *sein*. Only the third
  person singular (and *sein*) differs from the indicative in news, so only "stem + e"
  forms are Sub1, and not after "ich", where "habe" is indicative.
* Konjunktiv II (``Mood=Sub2``) of strong verbs and auxiliaries is the past stem with
  ``-e`` and umlaut where the vowel allows: "wäre", "hätte", "würde", "gäbe", "käme",
  "stünde", "ginge", "bliebe", "hielte" (an umlaut the lemma does not have, or a past
  stem in HanTa's morpheme analysis, before a subjunctive ending); of the modals the
  umlauted past: "könnte", "müsste", "dürfte", "möchte". Weak verbs, "sollte",
  "wollte" and plurals such as "gingen" have a Konjunktiv II identical with the past
  indicative and count as ``Mood=Ind``, as in the Universal Dependencies German
  treebanks.
* ``VerbForm`` is ``Fin`` for finite verbs (imperatives get ``Mood=Imp``), ``Inf`` for
  infinitives with or without "zu", ``Part`` for past participles, following STTS.
* "soll … gezeigt haben": *sollen* with a perfect infinitive reports what others say
  (the quotative or evidential *sollen*: Duden. Die Grammatik, on the modal verbs'
  epistemic use; Diewald, Die Modalverben im Deutschen, 1999). The modal gets
  ``Evidential=Hearsay``.
"""

from __future__ import annotations

import re

from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.annotators.tagger import GermanTagger, german_tagger
from depesche.engine.document import Document, Token

VERB_FORMS = {"FIN": "Fin", "IMP": "Fin", "INF": "Inf", "IZU": "Inf", "PP": "Part"}
VERB_PREFIXES = ("VV", "VA", "VM")
SEIN_SUB1 = frozenset({"sei", "seiest", "seist", "seien", "seiet"})
# Konjunktiv II forms the umlaut test cannot tell: modals, whose present stem has the
# umlaut too, and verbs whose umlaut falls on the infinitive's own vowel.
SUB2_STEMS = re.compile(r"(?:könnt|müsst|müßt|dürft|möcht|hätt|bräucht)(?:e|en|est|et)")
SUB2_ENDING = re.compile(r".*[äöü].*(?:e|en|est|et)")
UMLAUT_OF = {"ä": "a", "ö": "o", "ü": "u"}
# Endings of the Konjunktiv II singular on a strong past stem ("ging-e", "blieb-est").
SUB2_SUFFIXES = frozenset({"e", "est", "et"})
# Present-tense forms of "sollen" (not "sollte", which is deontic or conditional).
HEARSAY_MODALS = frozenset({"soll", "sollen", "sollst", "sollt", "solle", "sollest"})
PERFECT_AUXILIARIES = frozenset({"haben", "sein"})
PARTICIPLES = frozenset({"VVPP", "VAPP", "VMPP"})
CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "!", "?", "(", ")", "–"})


def _base_lemma(token: Token, doc_tokens: list[Token]) -> str:
    """The token's lemma without a separated particle that was joined to it."""
    lemma = (token.lemma or token.text).lower()
    particle = token.attrs.get("particle")
    if particle is not None:
        prefix = doc_tokens[particle].text.lower()
        if lemma.startswith(prefix):
            return lemma[len(prefix) :]
    return lemma


def _infinitive_stem(lemma: str) -> str:
    if lemma.endswith("en"):
        return lemma[:-2]
    return lemma[:-1] if lemma.endswith("n") else lemma


def _past_umlaut(form: str, lemma: str) -> bool:
    """Whether ``form`` has an umlaut that is not the infinitive's vowel umlauted.

    "gäbe" (geben), "käme" (kommen), "würde" (werden) umlaut the past stem; "träge"
    against "tragen" umlauts the infinitive's own vowel, which no Konjunktiv II does
    ("trüge"), so it is no verb form at all (a mis-tagged adjective).
    """
    for i, char in enumerate(form):
        base = UMLAUT_OF.get(char)
        if base and char not in lemma and lemma[i : i + 1] != base:
            return True
    return False


def strong_past_subjunctive(morphemes: list[tuple[str, str]], lemma: str) -> bool:
    """Whether HanTa's morphemes are a strong past stem with a subjunctive ending.

    HanTa tags irregular stems ``VV_VAR``: "ging-e", "blieb-e", "hielt-e" are
    Konjunktiv II; present forms ("geb-e", "nehm-e") have regular stems. Not so the
    past of the mixed verbs, whose stem ends in the dental suffix ("nannt-e", "dacht-e",
    "wandt-e"; their Konjunktiv II has the umlaut, "brächte"), nor verbs in -eln/-ern,
    whose e-less stem HanTa also calls a variant ("handl-e").
    """
    if len(morphemes) < 2 or lemma.endswith(("eln", "ern")):
        return False
    (stem, stem_tag), ending = morphemes[-2], morphemes[-1]
    if ending[1] != "SUF_FIN" or ending[0] not in SUB2_SUFFIXES or not stem_tag.endswith("_VAR"):
        return False
    # "hielt" keeps the t of "halten"; "nannt" adds one to "nennen".
    return not stem.endswith("t") or _infinitive_stem(lemma)[-1:] == "t"


def mood(form: str, lemma: str, after_ich: bool, strong_past: bool = False) -> str:
    """``Ind``, ``Sub1`` or ``Sub2`` for a finite verb form and its (particle-free) lemma.

    ``strong_past`` says that HanTa analyses the form as a strong past stem with a
    subjunctive ending (:func:`strong_past_subjunctive`).
    """
    form = form.lower()
    if form in SEIN_SUB1:
        return "Sub1"
    if strong_past or SUB2_STEMS.fullmatch(form):
        return "Sub2"
    if SUB2_ENDING.fullmatch(form) and _past_umlaut(form, lemma):
        return "Sub2"
    stem = _infinitive_stem(lemma)
    forms = {stem + "e"}
    if lemma.endswith(("eln", "ern")):
        # these may drop the stem's e: "handle", "ändre" (Duden, on verbs in -eln/-ern)
        forms.add(stem[:-2] + stem[-1:] + "e")
    if not after_ich and len(stem) > 1 and form in forms:
        return "Sub1"
    return "Ind"


def _after_ich(tokens: list[Token], k: int) -> bool:
    """Whether "ich" is the subject next to the verb ("ich habe", "habe ich")."""
    return any(t.lower == "ich" for t in tokens[max(0, k - 3) : k + 3])


def _hearsay(tokens: list[Token], k: int) -> bool:
    """Whether the modal at ``k`` takes a perfect infinitive ("gezeigt haben")."""
    def perfect_at(j: int) -> bool:
        return (
            0 < j < len(tokens)
            and tokens[j].lower in PERFECT_AUXILIARIES
            and tokens[j - 1].pos in PARTICIPLES
        )

    for j in range(k + 1, len(tokens)):
        if tokens[j].text in CLAUSE_BREAKS:
            break
        if perfect_at(j):
            return True
    # verb-final clause: "…, dass er es gesagt haben soll"
    return perfect_at(k - 1)


def _strong_past(tagger: GermanTagger, token: Token, lemma: str) -> bool:
    """Whether a finite full verb is a strong past stem with a subjunctive ending."""
    if token.pos != "VVFIN" or not token.text.endswith(("e", "est", "et")):
        return False
    return strong_past_subjunctive(tagger.morphemes(token.text, "VV(FIN)"), lemma)


def annotate_sentence(
    tagger: GermanTagger, tokens: list[Token], doc_tokens: list[Token]
) -> None:
    """Set ``morph`` features on the verbs of one sentence (of ``doc_tokens``)."""
    for k, token in enumerate(tokens):
        pos = token.pos or ""
        if not pos.startswith(VERB_PREFIXES):
            continue
        form = VERB_FORMS.get(pos[2:])
        if form is None:
            continue
        token.morph["VerbForm"] = form
        if pos.endswith("IMP"):
            token.morph["Mood"] = "Imp"
        elif form == "Fin":
            lemma = _base_lemma(token, doc_tokens)
            token.morph["Mood"] = mood(
                token.text, lemma, _after_ich(tokens, k), _strong_past(tagger, token, lemma)
            )
            if token.lower in HEARSAY_MODALS and _hearsay(tokens, k):
                token.morph["Evidential"] = "Hearsay"


@annotator("morph", provides=("morph",), requires=("pos", "lemma"))
def annotate_morph(doc: Document, context: AnnotationContext) -> None:
    """Mark mood, verb form and hearsay on the verbs of every sentence."""
    tagger = german_tagger()
    for sentence in doc.sentences:
        annotate_sentence(tagger, doc.sentence_tokens(sentence), doc.tokens)
