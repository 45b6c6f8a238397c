"""The compiled searches (``_tagger``) give exactly what HanTa's own methods give.

Every comparison calls HanTa's original methods (``HanoverTagger.analyze_forward(tagger,
w)``, or a ``HanoverTagger`` as shipped) on the same model as the reference, and compares
floats bit for bit: the tags of a sentence and the lemmas depend on ties and last bits.
Then the compiled entry points are fuzzed: any text, empty, huge, with NUL or outside the
Basic Multilingual Plane, gives HanTa's answer or a Python exception, never a crash.
"""

from __future__ import annotations

import copy
import csv
import functools
import itertools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy
import pytest
from HanTa.HanoverTagger import HanoverTagger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators._tagger import (
    UNKNOWN,
    MorphemeLattice,
    NoTagSequence,
    SentenceLattice,
    add_logs,
)
from depesche.engine.annotators.tagger import (
    MAX_ANALYSED_LENGTH,
    MODEL,
    GermanTagger,
    _tagger_form,
    german_tagger,
)
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "10kgnad-test.csv"
# Every how many articles of the corpus one is compared word by word with HanTa.
CORPUS_STEP = 40

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
    # NUL, outside the BMP, a lone surrogate, combining marks
    "\x00", "a\x00b", "😀", "krieg😀", "\U00010000abc", "\ud800", "e\u0301",
    # as long as the tagger analyses
    "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"[:MAX_ANALYSED_LENGTH],
]

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

# The tags the path tests ask for besides those HanTa finds for a word.
COMMON_TAGS = ("NN", "NE", "ADJ(A)", "VV(FIN)", "VV(PP)", "CARD")


@functools.cache
def lattice() -> MorphemeLattice:
    return MorphemeLattice(german_tagger())


@functools.cache
def sentences() -> SentenceLattice:
    return SentenceLattice(german_tagger())


@functools.cache
def plain_hanta() -> HanoverTagger:
    """HanTa as shipped, with its own searches, on the same model; its two word searches
    are remembered per argument (they are pure), so that a corpus sample takes seconds."""
    hanta = HanoverTagger(MODEL)
    hanta.analyze_forward = functools.cache(hanta.analyze_forward)  # type: ignore[method-assign]
    hanta.analyze_viterbi = functools.cache(hanta.analyze_viterbi)  # type: ignore[method-assign]
    return hanta


@functools.cache
def strict_model() -> HanoverTagger:
    """The model as HanTa loads it when given tables in memory: no morpheme is guessed."""
    model = copy.copy(german_tagger())
    model.strict = True
    return model


def bits(result: list[tuple[int, Any]]) -> list[tuple[int, str]]:
    """A forward result with each number's exact bits (HanTa's sums are numpy floats)."""
    return [(tag, float(value).hex()) for tag, value in result]


def assert_word_is_hantas(word: str, model: HanoverTagger | None = None) -> None:
    """Forward scores bit for bit, and the best path for each tag HanTa finds and the
    common open ones."""
    model = model or german_tagger()
    compiled = lattice() if model is german_tagger() else MorphemeLattice(model)
    expected = HanoverTagger.analyze_forward(model, word)
    assert bits(compiled.forward(word)) == bits(expected), word
    tags = {tag for tag, _ in expected} | {model.tag2int[t] for t in COMMON_TAGS}
    for tag in sorted(tags):
        assert compiled.viterbi(word, -tag) == HanoverTagger.analyze_viterbi(model, word, -tag)


@pytest.mark.parametrize("word", WORDS)
def test_word_searches_are_hantas(word: str) -> None:
    assert_word_is_hantas(word)


@pytest.mark.parametrize("word", ["", "a", "zu", "häuser", "xqzt", "bundesverfassungsgericht"])
def test_strict_model_is_hantas(word: str) -> None:
    assert_word_is_hantas(word, strict_model())


@pytest.mark.parametrize("word", [w for w in WORDS if w.strip("\x00")])
@pytest.mark.parametrize("tag", ["NN", "NE", "ADJ(A)", "VV(FIN)", "VV(INF)", "ADV", "ART"])
def test_lemma_and_morphemes_are_hantas(word: str, tag: str) -> None:
    """The compiled path feeds HanTa's lemma and morphemes as its own search does."""
    for taglevel in (1, 2, 3):
        expected = plain_hanta().analyze(word, pos=tag, taglevel=taglevel)
        assert german_tagger().analyze(word, pos=tag, taglevel=taglevel) == expected


def assert_same_outcome(compiled: Callable[[], Any], hantas: Callable[[], Any]) -> Any:
    """The compiled call's result is HanTa's, or it fails with HanTa's exception."""
    try:
        expected = hantas()
    except IndexError:
        with pytest.raises(IndexError):
            compiled()
        return None
    assert compiled() == expected
    return expected


def assert_form_is_hantas(word: str) -> None:
    """HanTa's Python around the searches, compiled: a form's tag scores (bit for bit)
    for every way ``tag_sent`` and ``analyze`` ask, and its analysis for each of those
    tags at every level, against HanTa's own methods on the same model; where HanTa
    fails (an empty form read with its case), the same exception."""
    tagger, hanta = german_tagger(), plain_hanta()
    tags: set[int] = {tagger.tag2int[t] for t in COMMON_TAGS}
    for cutoff, casesensitive, conditional in itertools.product((0, 5), (True, False),
                                                                (True, False)):
        arguments = (word, cutoff, casesensitive, conditional)
        try:
            expected = HanoverTagger._tag_word(hanta, *arguments)
        except IndexError:
            with pytest.raises(IndexError):
                tagger._tag_word(*arguments)
            continue
        assert bits(tagger._tag_word(*arguments)) == bits(expected), arguments
        tags |= {tag for tag, _ in expected}
    for tag, taglevel in itertools.product(sorted(tags), (0, 1, 2, 3)):
        assert_same_outcome(lambda: tagger._analyze(word, tag, taglevel),  # noqa: B023
                            lambda: HanoverTagger._analyze(hanta, word, tag, taglevel))  # noqa: B023


@pytest.mark.parametrize("word", [*WORDS, "Der", "``", "''", "´", "Häuser", "Ǆemal", "ǅ"])
def test_form_analyses_are_hantas(word: str) -> None:
    assert_form_is_hantas(word)


def test_closed_class_analyses_are_hantas() -> None:
    """Tags HanTa analyses without a search (a form of a closed class is one morpheme)."""
    tags = sorted(german_tagger().atomic_class)
    assert tags
    for tag, taglevel in itertools.product(tags, (0, 1, 2, 3)):
        assert german_tagger()._analyze("dessen", -tag, taglevel) == \
            HanoverTagger._analyze(plain_hanta(), "dessen", -tag, taglevel)


@pytest.mark.parametrize("pos", ["NN", "VV(FIN)", "ADJ(A)", "NE", "XY", "NOPE"])
@pytest.mark.parametrize("stem", [[], ["a"], ["haus"], ["ge", "mach"], ["bundes", "tag"]])
def test_lemmas_are_made_as_hantas(stem: list[str], pos: str) -> None:
    """HanTa's ``makelemma`` (its endings table, capitals), an empty stem included."""
    assert_same_outcome(lambda: german_tagger().makelemma(stem, pos),
                        lambda: HanoverTagger.makelemma(plain_hanta(), stem, pos))


def test_a_compound_is_split_into_its_morphemes() -> None:
    assert german_tagger().analyze("Telefongesprächs", pos="NN", taglevel=3) == (
        "telefongespräch", [("telefon", "NN"), ("gespräch", "NN"), ("s", "SUF_NN")], "NN"
    )


class CountingLattice:
    """A lattice that records the searches asked of it."""

    def __init__(self, inner: MorphemeLattice) -> None:
        self.inner = inner
        self.searches: list[tuple[str, Any]] = []

    def forward(self, word: str) -> list[tuple[int, Any]]:
        self.searches.append(("forward", word))
        return self.inner.forward(word)

    def viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        self.searches.append(("viterbi", (word, targetpos)))
        return self.inner.viterbi(word, targetpos)


def test_lemma_and_morphemes_share_one_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lemma and the morphemes of a form read as one tag come from one Viterbi search."""
    tagger = german_tagger()
    counting = CountingLattice(tagger._lattice)
    monkeypatch.setattr(tagger, "_lattice", counting)
    word = "Quarkstrudelbäckereien"
    tagger.lemma(word, "NN")
    tagger.morphemes(word, "NN")
    tagger.morphemes(word, "NN")
    assert counting.searches == [("viterbi", (word.lower(), -tagger.tag2int["NN"]))]


def sentence_words(text: str) -> list[str]:
    """The forms the tagger gives HanTa for a text's tokens."""
    return [_tagger_form(t.text) for t in tokenize(read_document("t", text)).tokens]


@pytest.mark.parametrize("text", SENTENCES)
@pytest.mark.parametrize("casesensitive", [True, False])
def test_sentence_tags_are_hantas(text: str, casesensitive: bool) -> None:
    tagger = german_tagger()
    words = sentence_words(text)
    expected = HanoverTagger.tag_sent_viterbi(plain_hanta(), words, casesensitive)
    assert tagger.tag_sent_viterbi(words, casesensitive) == expected
    assert tagger.tag_sent_viterbi(words, casesensitive) == expected  # from the memo


def assert_sentences_are_hantas(sentences: list[list[str]]) -> None:
    """Tags, lemmas and morphemes of each sentence as HanTa's ``tag_sent`` gives them,
    and each form's tag scores bit for bit."""
    tagger, hanta = german_tagger(), plain_hanta()
    forms: set[str] = set()
    for words in sentences:
        assert tagger.tag_sent(words, taglevel=1) == hanta.tag_sent(words, taglevel=1)
        assert tagger.tag_sent(words, taglevel=3) == hanta.tag_sent(words, taglevel=3)
        forms.update(hanta.normalize(w) for w in words)
    for form in sorted(forms):
        assert bits(lattice().forward(form)) == bits(hanta.analyze_forward(form)), form


def test_sentences_of_an_article_are_hantas() -> None:
    doc = tokenize(read_document("seed", SEED.read_text(encoding="utf-8")))
    assert_sentences_are_hantas(
        [[_tagger_form(t.text) for t in doc.sentence_tokens(s)] for s in doc.sentences])


def test_sentences_of_a_corpus_sample_are_hantas() -> None:
    """Every sentence of every 40th article of the shared corpus (26 articles)."""
    if not CORPUS.exists():
        pytest.skip(f"the shared corpus is not available ({CORPUS})")
    sample: list[list[str]] = []
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter=";", quotechar="'")
        for number, (_label, text) in enumerate(itertools.islice(rows, 0, None, CORPUS_STEP)):
            doc = tokenize(read_document(str(number), text))
            sample += [[_tagger_form(t.text) for t in doc.sentence_tokens(s)]
                       for s in doc.sentences]
    assert len(sample) > 300
    assert_sentences_are_hantas(sample)


def test_a_word_scored_only_as_unknown_takes_any_tag(monkeypatch: pytest.MonkeyPatch) -> None:
    """HanTa's rule for words it cannot score (with a model that guesses no morphemes)."""
    model = HanoverTagger(MODEL)

    def tag_word(word: str, **options: object) -> list[tuple[int, float]]:
        if word == "Xyzzy":
            return [(UNKNOWN, 0)]
        return HanoverTagger._tag_word(model, word, **options)

    monkeypatch.setattr(model, "_tag_word", tag_word)
    words = sentence_words("Der Xyzzy kam gestern nach Genf, sagte Xyzzy.")
    search = SentenceLattice(model)
    options = [
        search.options(tag_word(w, cutoff=5, casesensitive=i > 0, conditional=True))
        for i, w in enumerate(words)
    ]
    assert options[1] is None
    assert search.tags(options) == HanoverTagger.tag_sent_viterbi(model, words)


def test_a_sentence_hanta_cannot_tag_is_tagged_in_halves() -> None:
    """Scores below HanTa's bound of -1e6 leave no tag sequence (HanTa fails with a
    KeyError): the compiled search says so, and the tagger searches each half."""
    tagger = german_tagger()
    noun = tagger.tag2int["NN"]
    hopeless = sentences().options([(noun, -1000.0)])
    with pytest.raises(NoTagSequence):
        sentences().tags([hopeless] * 1500)
    with pytest.raises(KeyError):
        HanoverTagger.tag_sent_viterbi(_scoring(tagger, -1000.0), ["x"] * 1500)
    assert tagger._sentence_tags([hopeless] * 1500) == [noun] * 1500


def _scoring(tagger: GermanTagger, score: float) -> HanoverTagger:
    """The model with every word scored ``score`` as a noun."""
    model = copy.copy(tagger)
    noun = tagger.tag2int["NN"]
    model._tag_word = lambda *args, **kwargs: [(noun, score)]  # type: ignore[method-assign]
    return model


def test_an_empty_sentence_has_no_tags() -> None:
    assert sentences().tags([]) == []
    assert german_tagger().tag([]) == []


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: lattice().forward(None), TypeError),
        (lambda: lattice().forward(b"haus"), TypeError),
        (lambda: lattice().viterbi("haus", "NN"), TypeError),
        (lambda: lattice().viterbi(None, -12), TypeError),
        (lambda: sentences().tags([1]), TypeError),
        (lambda: sentences().tags(None), TypeError),
        (lambda: sentences().options([("NN", 1.0)]), TypeError),
        (lambda: german_tagger()._words.options(None), TypeError),
        (lambda: german_tagger()._words.options([b"haus"]), TypeError),
        (lambda: german_tagger()._words.tag_word(None), TypeError),
        (lambda: german_tagger()._words.analyze("haus", None), TypeError),
        (lambda: german_tagger()._words.makelemma(None, "NN"), TypeError),
    ],
)
def test_wrong_arguments_are_python_errors(call: Callable[[], object],
                                           error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


@pytest.mark.parametrize("targetpos", [10**30, -(10**30), 0, 1, 999, -999])
def test_a_target_that_is_no_tag_gives_hantas_unknown_path(targetpos: int) -> None:
    expected = HanoverTagger.analyze_viterbi(german_tagger(), "haus", targetpos)
    assert lattice().viterbi("haus", targetpos) == expected


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Any code point but surrogates (hypothesis's default), plus NUL, a lone surrogate and
# letters outside the BMP, weighted towards letters so that words get analysed.
CHARS = st.one_of(st.characters(), st.sampled_from("\x00\ud800\udfff😀𝔄\U0010ffffaeinrsßä-."))


@FUZZ
@given(st.text(CHARS, max_size=12))
def test_any_word_gets_hantas_analysis(word: str) -> None:
    assert_word_is_hantas(word)


@FUZZ
@given(st.text(CHARS, max_size=12))
def test_any_form_gets_hantas_scores_and_analyses(word: str) -> None:
    assert_form_is_hantas(word)


@FUZZ
@given(st.lists(st.text(CHARS, min_size=1, max_size=8), min_size=1, max_size=12))
def test_any_sentence_gets_hantas_tags(words: list[str]) -> None:
    tagger = german_tagger()
    assert tagger.tag_sent_viterbi(words) == HanoverTagger.tag_sent_viterbi(plain_hanta(), words)


@pytest.mark.parametrize("word", ["a" * 2000, "ä😀\x00b" * 300, "\ud800" * 500])
def test_huge_words_are_searched(word: str) -> None:
    """Quadratic in the length, as HanTa's search, but bounded in memory and finished."""
    assert lattice().forward(word)[0][1] < 0
    path = lattice().viterbi(word, -german_tagger().tag2int["NN"])
    assert path[-1] == (-german_tagger().tag2int["NN"], len(word) + 1)


@FUZZ
@given(st.text(CHARS, max_size=300))
def test_any_text_is_tagged(text: str) -> None:
    doc = annotate(tokenize(read_document("t", text)), ["pos", "lemma"], AnnotationContext())
    assert all(t.pos and t.lemma is not None for t in doc.tokens)


def test_a_huge_text_is_tagged() -> None:
    """A megabyte: long tokens, NUL, non-BMP letters, one sentence of 60,000 words."""
    text = ("Die Regierung\x00 tagte 😀 in Genf " * 10_000 + "x" * 100_000 + " "
            + "𝔄𝔅 " * 1000)
    doc = annotate(tokenize(read_document("t", text)), ["pos", "lemma"], AnnotationContext())
    assert len(doc.tokens) > 60_000
    assert all(t.pos for t in doc.tokens)


@FUZZ
@given(st.floats(allow_nan=False, min_value=-1e6, max_value=0),
       st.floats(allow_nan=False, min_value=-1e6, max_value=0))
def test_log_sums_are_numpys(x: float, y: float) -> None:
    assert add_logs(x, y).hex() == float(numpy.logaddexp(x, y)).hex()


@pytest.mark.parametrize(("x", "y"), [(-math.inf, -math.inf), (-1.5, -1.5), (0.0, -0.0),
                                      (-math.inf, -3.0), (-1e-300, -1e300)])
def test_log_sums_at_the_edges_are_numpys(x: float, y: float) -> None:
    with numpy.errstate(all="ignore"):
        assert add_logs(x, y).hex() == float(numpy.logaddexp(x, y)).hex()
