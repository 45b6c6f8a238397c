"""The fast morpheme lattice gives exactly what HanTa's own searches give.

Every comparison calls HanTa's original methods (``HanoverTagger.analyze_forward(tagger,
w)``) on the same loaded model as the reference, and compares floats and their types
exactly: the tags of a sentence and the lemmas depend on ties and last bits.
"""

from __future__ import annotations

import copy
import functools

import pytest
from HanTa.HanoverTagger import HanoverTagger

from depesche.engine.annotators.hanta_fast import MorphemeLattice
from depesche.engine.annotators.tagger import MAX_ANALYSED_LENGTH, MODEL, german_tagger

WORDS = [
    # empty, one and two letters, short function words
    "", "a", "ß", "ü", "z", "am", "zu", "es", "der", "und", "ihr",
    # inflected and derived words, umlauts and ß
    "häuser", "größten", "straße", "fußballspiele", "übernahm", "ärztinnen", "gemäß",
    "schließlich", "verhandlungen", "angekündigt", "aufzurufen", "verhältnismäßig",
    # compounds
    "bundesverfassungsgericht", "telefongesprächs", "wirtschaftssanktionen",
    "donaudampfschifffahrtskapitän", "regierungssprecherin", "stabilitätsdialog",
    # hyphenated, abbreviations, names
    "us-regierung", "nato-russland-rat", "g-20-gipfel", "al-assad", "f-22", "parlaments-",
    "osze", "davutoğlu", "erdoğan", "tsipras", "juventus", "mourinho", "selenskyj",
    # numbers, symbols, junk
    "44.000", "10.", "2015", "3,5", "1:0", "§", "%", "...", '"', "-", "www.example.org",
    "xqzt", "qqqqqqq", "hmmmmmmmm", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    # capitals (the tagger lowers forms first, but the search takes any)
    "Merkel", "USA",
    # as long as the tagger analyses
    "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"[:MAX_ANALYSED_LENGTH],
]


@functools.cache
def lattice() -> MorphemeLattice:
    return MorphemeLattice(german_tagger())


@functools.cache
def strict_model() -> HanoverTagger:
    """The model as HanTa loads it when given tables in memory: no morpheme is guessed."""
    model = copy.copy(german_tagger())
    model.strict = True
    return model


def typed(result: list[tuple[int, object]]) -> list[tuple[int, object, type]]:
    """A result with the type of each number: HanTa's sums of paths are numpy floats."""
    return [(tag, value, type(value)) for tag, value in result]


@pytest.mark.parametrize("word", WORDS)
def test_forward_is_hantas(word: str) -> None:
    expected = HanoverTagger.analyze_forward(german_tagger(), word)
    assert typed(lattice().forward(word)) == typed(expected)


@pytest.mark.parametrize("word", WORDS)
def test_viterbi_is_hantas(word: str) -> None:
    """For the tags HanTa finds for the word and the common open ones."""
    tagger = german_tagger()
    tags = {tag for tag, _ in HanoverTagger.analyze_forward(tagger, word)}
    tags |= {tagger.tag2int[t] for t in ("NN", "NE", "ADJ(A)", "VV(FIN)", "VV(PP)", "CARD")}
    for tag in sorted(tags):
        expected = HanoverTagger.analyze_viterbi(tagger, word, -tag)
        assert lattice().viterbi(word, -tag) == expected, tagger.int2tag[tag]


@pytest.mark.parametrize("word", ["", "a", "zu", "häuser", "xqzt", "bundesverfassungsgericht"])
def test_strict_model_is_hantas(word: str) -> None:
    model = strict_model()
    strict = MorphemeLattice(model)
    assert typed(strict.forward(word)) == typed(HanoverTagger.analyze_forward(model, word))
    for tag in ("NN", "VV(FIN)"):
        target = -model.tag2int[tag]
        assert strict.viterbi(word, target) == HanoverTagger.analyze_viterbi(model, word, target)


@functools.cache
def plain_hanta() -> HanoverTagger:
    """HanTa as shipped, with its own searches, on the same model."""
    return HanoverTagger(MODEL)


@pytest.mark.parametrize("word", [w for w in WORDS if w])
@pytest.mark.parametrize("tag", ["NN", "NE", "ADJ(A)", "VV(FIN)", "VV(INF)", "ADV", "ART"])
def test_lemma_and_morphemes_are_hantas(word: str, tag: str) -> None:
    """The lattice's path feeds HanTa's lemma and morphemes as its own search does."""
    for taglevel in (1, 2, 3):
        expected = plain_hanta().analyze(word, pos=tag, taglevel=taglevel)
        assert german_tagger().analyze(word, pos=tag, taglevel=taglevel) == expected


def test_a_compound_is_split_into_its_morphemes() -> None:
    assert german_tagger().analyze("Telefongesprächs", pos="NN", taglevel=3) == (
        "telefongespräch", [("telefon", "NN"), ("gespräch", "NN"), ("s", "SUF_NN")], "NN"
    )


def test_lemma_and_morphemes_share_one_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lemma and the morphemes of a form read as one tag come from one Viterbi search."""
    tagger = german_tagger()
    searches: list[tuple[str, int]] = []
    search = tagger._lattice.viterbi

    def counted(word: str, targetpos: int) -> list[tuple[int, int]]:
        searches.append((word, targetpos))
        return search(word, targetpos)

    monkeypatch.setattr(tagger._lattice, "viterbi", counted)
    word = "Quarkstrudelbäckereien"
    tagger.lemma(word, "NN")
    tagger.morphemes(word, "NN")
    tagger.morphemes(word, "NN")
    assert searches == [(word.lower(), -tagger.tag2int["NN"])]
