"""The fast morpheme lattice gives exactly what HanTa's own searches give.

Every comparison calls HanTa's original methods (``HanoverTagger.analyze_forward(tagger,
w)``) on the same loaded model as the reference, and compares floats and their types
exactly: the tags of a sentence and the lemmas depend on ties and last bits.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pytest
from HanTa.HanoverTagger import HanoverTagger

from depesche.engine.annotators.hanta_fast import UNKNOWN, MorphemeLattice, SentenceLattice
from depesche.engine.annotators.tagger import (
    MAX_ANALYSED_LENGTH,
    MODEL,
    _tagger_form,
    german_tagger,
)
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

SEED = Path(__file__).resolve().parents[1] / "examples" / "biden-putin-2021-12.txt"

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


@pytest.mark.parametrize("ending", ["", "n", "en", "gen", "ngen", "qzt", "xqzt", "ßßßß", "-22"])
def test_suffix_scores_are_the_longest_known_endings(ending: str) -> None:
    """HanTa's lp_m_t scores a guess by the longest ending of it (at most four letters,
    fewer than the morpheme has) that the tag's suffix table knows, else by ``""``."""
    tagger = german_tagger()
    fresh = MorphemeLattice(tagger)  # nothing remembered: shorter endings are found anew
    for tag, number in fresh.open_tags.items():
        table = tagger.LP_s_t[tag]
        known = [ending[k:] for k in range(len(ending)) if ending[k:] in table]
        expected = table[known[0]] if known else table[""]
        assert fresh.suffix_scores(ending)[number] == expected
        assert lattice().suffix_scores(ending)[number] == expected


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


SENTENCES = [
    "Der Minister lehnt, wie er sagte, den Vorschlag ab.",
    "Was schlagen Sie stattdessen vor?",
    "Die App ermöglicht Schrittzählung mit Zielsetzung und das Protokollieren von Puls.",
    "Istanbul – Der türkische Präsident Recep Tayyip Erdoğan hat Ministerpräsident Ahmet "
    "Davutoğlu mit der Bildung einer Übergangsregierung beauftragt.",
    "„Wir werden das nicht hinnehmen“, sagte US-Außenminister John Kerry am 3. März 2015 "
    "in Genf (Schweiz) – 44.000 Menschen, 3,5 Prozent: xqzt qqqqqqq www.example.org …",
    "Nein.",
    "die die die die die die die der der der",
]


def sentence_words(text: str) -> list[str]:
    """The forms the tagger gives HanTa for a text's tokens."""
    return [_tagger_form(t.text) for t in tokenize(read_document("t", text)).tokens]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("casesensitive", [True, False])
def test_sentence_tags_are_hantas(text: str, casesensitive: bool) -> None:
    tagger = german_tagger()
    words = sentence_words(text)
    expected = HanoverTagger.tag_sent_viterbi(tagger, words, casesensitive)
    assert tagger.tag_sent_viterbi(words, casesensitive) == expected
    assert tagger.tag_sent_viterbi(words, casesensitive) == expected  # from the memo


def test_sentence_tags_of_an_article_are_hantas() -> None:
    tagger = german_tagger()
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    for sentence in doc.sentences:
        words = [_tagger_form(t.text) for t in doc.sentence_tokens(sentence)]
        assert tagger.tag_sent_viterbi(words) == HanoverTagger.tag_sent_viterbi(tagger, words)


def test_a_word_scored_only_as_unknown_takes_any_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """HanTa's rule for words it cannot score (with a model that guesses no morphemes)."""
    model = plain_hanta()

    def tag_word(word: str, **options: object) -> list[tuple[int, float]]:
        if word == "Xyzzy":
            return [(UNKNOWN, 0)]
        return HanoverTagger._tag_word(model, word, **options)

    monkeypatch.setattr(model, "_tag_word", tag_word)
    words = sentence_words("Der Xyzzy kam gestern nach Genf, sagte Xyzzy.")
    sentences = SentenceLattice(model)
    options = [
        sentences.options(tag_word(w, cutoff=5, casesensitive=i > 0, conditional=True))
        for i, w in enumerate(words)
    ]
    assert options[1] is None
    assert sentences.tags(options) == HanoverTagger.tag_sent_viterbi(model, words)
