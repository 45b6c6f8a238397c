"""Separable verbs: "bot … an" has the lemma ``anbieten``, like "anbot" and "anzubieten".

In a German main clause the finite verb stands in the second (or first) position, the
left bracket, and the separable particle at the end, the right bracket (the topological
field model: Wöllstein, "Topologisches Satzmodell", 2nd ed., 2014; Duden. Die Grammatik,
on the "Satzklammer"). The particle (STTS ``PTKVZ``) therefore belongs to the finite
full verb that opens its clause. Finite verbs of subordinate clauses are skipped on the
way back: their clause opens with a subordinating conjunction, a relative or an
interrogative word after a comma ("lehnt, wie er sagte, den Plan ab"), and their particle
is never separated anyway ("…, dass er den Plan ablehnt"), which is why HanTa already
lemmatises the joined forms "ablehnt", "anbot" and "anzubieten" as ``ablehnen``,
``anbieten``.

The verb's ``lemma`` becomes particle + lemma; the verb gets ``attrs["particle"]`` (the
particle's document index) and the particle ``attrs["particle_of"]`` (the verb's).
"""

from __future__ import annotations

import re

from depesche.engine.document import Token

FINITE_FULL_VERBS = frozenset({"VVFIN", "VVIMP"})
FINITE_VERBS = FINITE_FULL_VERBS | frozenset({"VAFIN", "VMFIN"})
# STTS tags that open a subordinate clause (after a comma or a preposition).
SUBORDINATORS = frozenset({"KOUS", "PRELS", "PRELAT", "PWS", "PWAV", "PWAT", "KOKOM"})
CLAUSE_BREAKS = frozenset({",", ";", ":", "(", ")", "–", "—"})


def _clause_start(tokens: list[Token], end: int) -> int:
    """The index where the clause holding ``tokens[end - 1]`` begins (after a comma …)."""
    start = end - 1
    while start > 0 and tokens[start - 1].text not in CLAUSE_BREAKS:
        start -= 1
    return start


def _is_subordinate(tokens: list[Token], start: int) -> bool:
    """Whether the clause beginning at ``start`` is a subordinate clause.

    It is when a comma opens it (German sets off every subordinate clause with commas)
    and a subordinator begins it, unless a finite verb follows the subordinator at once:
    then it is a w-question or verb-second clause ("Was schlagen Sie vor?").
    """
    if start == 0 or tokens[start - 1].text != ",":
        return False
    k = start + 1 if tokens[start].pos == "APPR" else start  # "in denen", "mit dem"
    if k >= len(tokens) or tokens[k].pos not in SUBORDINATORS:
        return False
    return k + 1 >= len(tokens) or tokens[k + 1].pos not in FINITE_VERBS


def _left_bracket(clause: list[Token]) -> Token | None:
    """The finite verb in the left bracket: the first one of the last conjunct with one.

    The first, not the nearest: a participle that the tagger took for a finite verb in
    the middle field ("gehen die Sicherheitskräfte verschärft gegen Uiguren vor") must
    not steal the particle. Conjuncts are split at coordinating conjunctions, so that
    in "Er kam und gab nach" the particle goes to "gab".
    """
    conjuncts: list[list[Token]] = [[]]
    for token in clause:
        if token.pos == "KON":
            conjuncts.append([])
        else:
            conjuncts[-1].append(token)
    for conjunct in reversed(conjuncts):
        for token in conjunct:
            if token.pos in FINITE_FULL_VERBS:
                return token
    return None


def _verb_of(tokens: list[Token], particle: int) -> Token | None:
    """The finite verb of the main clause that the particle at ``particle`` closes."""
    end = particle
    while end > 0:
        start = _clause_start(tokens, end)
        if not _is_subordinate(tokens, start):
            verb = _left_bracket(tokens[start:end])
            if verb is not None:
                return verb
            if any(t.pos in FINITE_VERBS for t in tokens[start:end]):
                # The clause has its own finite verb, an auxiliary or modal ("man sei zu
                # Gesprächen bereit"): the particle is no separated part of an earlier verb.
                return None
        elif end == particle:
            return None  # a particle of a subordinate clause is no separated one
        end = start - 1
    return None


# Prepositions that are also verb particles: at the end of a clause, with no phrase to
# govern, they are the particle the tagger took for a preposition ("drohte … Vergeltung an").
PARTICLE_PREPOSITIONS = frozenset({"an", "ab", "auf", "aus", "bei", "mit", "nach", "vor",
                                   "zu", "zurück", "ein", "fest", "hin", "her"})


# A past participle with an adjective's ending ("unterstützte", "angeführten"), which the
# tagger may read as a past tense or a bare participle.
INFLECTED_PARTICIPLE = re.compile(r"[a-zäöüß]\w{2,38}(?:t|en)(?:e|en|er|es|em)\Z")
# What stands between an article and its participle: prepositional phrases and adverbs.
ADJUNCT_TAGS = frozenset({"APPR", "APPRART", "ART", "ADJA", "ADJD", "ADV", "NN", "NE",
                          "CARD", "KON", "PPOSAT", "PIAT", "FM", "TRUNC"})
DETERMINERS = frozenset({"ART", "PPOSAT", "PDAT"})


def mark_attributive_participles(tokens: list[Token]) -> None:
    """Tag ``ADJA`` a participle the tagger read as a verb where an article, prepositional
    adjuncts and the noun enclose it: "die von Russland unterstützte Armee" ("unterstützte"
    is no past tense: no finite verb stands between an article and its noun), so that its
    clause's particle is not given to it ("… griff die Stadt an")."""
    for k, token in enumerate(tokens):
        if token.pos not in ("VVFIN", "VVPP") or not INFLECTED_PARTICIPLE.match(token.text):
            continue
        m = k + 1
        while m < len(tokens) and tokens[m].pos == "ADJA":
            m += 1
        if m == len(tokens) or tokens[m].pos != "NN":
            continue
        b = k - 1
        while b > 0 and k - b <= 12 and tokens[b].pos in ADJUNCT_TAGS and not (
                tokens[b].pos in DETERMINERS and tokens[b + 1].pos in ("APPR", "APPRART")):
            b -= 1
        if b >= 0 and tokens[b].pos in DETERMINERS and b + 1 < k \
                and tokens[b + 1].pos in ("APPR", "APPRART"):
            token.pos = "ADJA"


# Verbs written apart from their first part at the end of a clause ("hatte die Zahlen
# bekannt gegeben", "wurden frei gelassen"): the word before the participle or infinitive,
# and the verb's lemma, that make the one verb.
WRITTEN_APART = {("bekannt", "geben"): "bekanntgeben", ("frei", "lassen"): "freilassen",
                 ("fest", "nehmen"): "festnehmen", ("fest", "setzen"): "festsetzen"}


def join_written_apart(tokens: list[Token]) -> None:
    """Give a participle or infinitive written apart from its first part the joined lemma
    ("bekannt gegeben" is ``bekanntgeben``, like "bekanntgegeben")."""
    for k in range(1, len(tokens)):
        token = tokens[k]
        if token.pos not in ("VVPP", "VVINF") or token.lemma is None:
            continue
        joined = WRITTEN_APART.get((tokens[k - 1].text.lower(), token.lemma))
        if joined is not None:
            token.lemma = joined


def join_particles(tokens: list[Token]) -> None:
    """Join each separated particle of a sentence to its verb's lemma, and link the two."""
    mark_attributive_participles(tokens)
    join_written_apart(tokens)
    for k, token in enumerate(tokens):
        if token.pos == "APPR" and token.text in PARTICLE_PREPOSITIONS and (
                k + 1 == len(tokens) or tokens[k + 1].text in (".", ",", ";", ":", "!", "?")):
            token.pos = "PTKVZ"
    for k, token in enumerate(tokens):
        if token.pos != "PTKVZ":
            continue
        verb = _verb_of(tokens, k)
        if verb is None or "particle" in verb.attrs or verb.lemma is None:
            continue
        verb.lemma = token.text.lower() + verb.lemma
        verb.attrs["particle"] = token.i
        token.attrs["particle_of"] = verb.i
