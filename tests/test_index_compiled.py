"""The compiled index (``_index``) proposes every start a match can have, on any input.

The reference is every pattern's ``find`` in every sentence, without the index: the
indexed run must give exactly its matches for generated patterns over generated text,
and for the pack's kind of patterns over odd text (empty, NUL, non-BMP letters, lone
surrogates, long); documents whose layers disagree are refused with an error, not read
out of bounds.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_index import ALL_PATTERNS, HEAD_CASES, LONG_LEMMAS, find_everywhere
from test_matcher import MENTIONS
from test_matcher_compiled import WORDS, patterns

from depesche.engine._index import Tables
from depesche.engine.document import Mention
from depesche.engine.index import Candidate, PatternIndex
from depesche.engine.matcher import compile_pattern, mention_index
from depesche.grammar import parse_pattern

from conftest import make_doc

COMPILED = [compile_pattern(parse_pattern(p)) for p in ALL_PATTERNS]
INDEX = PatternIndex(COMPILED)

words = st.sampled_from([*WORDS, "Putin", "droht", "USA", "Nato", "mit", "Konsequenzen",
                         "die", "Die", "den", "und", ",", "schweren", "warnt", "Mit"])
word_texts = st.lists(words, max_size=40).map(" ".join)
odd_texts = st.lists(st.text(st.characters() | st.sampled_from(["\x00", "𝔄", "😀", "\ud800"]),
                             max_size=6) | words, max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(word_texts, odd_texts))
def test_indexed_run_equals_find_everywhere(text: str) -> None:
    doc = make_doc(text, MENTIONS, LONG_LEMMAS)
    assert list(INDEX.find(doc, mention_index(doc))) == find_everywhere(doc, COMPILED)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(patterns, min_size=1, max_size=4), st.lists(st.sampled_from(WORDS),
                                                             max_size=30).map(" ".join))
def test_generated_patterns_indexed_equal_find_everywhere(sources: list[str], text: str
                                                          ) -> None:
    compiled = [compile_pattern(parse_pattern(source)) for source in sources]
    doc = make_doc(text, {"ACTOR": ["Putin", "den USA", "b c", "b"]}, {"droht": "drohen"})
    found = list(PatternIndex(compiled).find(doc, mention_index(doc)))
    assert found == find_everywhere(doc, compiled)


HEAD_INDEX_PATTERNS = [compile_pattern(parse_pattern(p)) for p in HEAD_CASES]
odd_heads = (st.none() | st.integers() | st.sampled_from(["Konsequenz", "konsequenz", "Drohung"])
             | st.text(st.characters() | st.sampled_from(["\x00", "𝔄", "😀", "\ud800"]),
                       max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(word_texts, odd_texts), st.data())
def test_indexed_run_on_heads_equals_find_everywhere(text: str, data: st.DataObject) -> None:
    doc = make_doc(text, MENTIONS, LONG_LEMMAS)
    for token in doc.tokens:
        token.attrs["head"] = data.draw(odd_heads)
        token.pos = data.draw(st.sampled_from(["NN", "ADJA", ""]))
    index = PatternIndex(HEAD_INDEX_PATTERNS)
    assert list(index.find(doc, mention_index(doc))) == find_everywhere(doc, HEAD_INDEX_PATTERNS)


def test_a_long_document() -> None:
    doc = make_doc(" ".join(["Putin droht den USA mit schweren Konsequenzen ."] * 2000),
                   MENTIONS, LONG_LEMMAS)
    found = list(INDEX.find(doc, mention_index(doc)))
    assert found == find_everywhere(doc, COMPILED)
    assert len(found) > 2000


def test_an_empty_document_has_no_candidates() -> None:
    doc = make_doc("")
    assert INDEX.candidates(doc, {}) == {}
    assert INDEX.positions(doc, {}) == {}


def test_a_mention_outside_its_document_is_refused() -> None:
    doc = make_doc("Putin droht .")
    doc.add_mention(Mention("ACTOR", 7, 8, 0, 5, "Putin"))
    with pytest.raises(ValueError, match="ACTOR starts at token 7, outside"):
        INDEX.candidates(doc, mention_index(doc))


def test_a_token_outside_every_sentence_is_refused() -> None:
    doc = make_doc("Putin droht .")
    doc.tokens[1].sentence = 5
    with pytest.raises(ValueError, match="token 1 is in sentence 5"):
        INDEX.candidates(doc, mention_index(doc))


@pytest.mark.parametrize(("plan", "error"), [
    ((frozenset({("size", "x")}), (frozenset({("size", "x")}),), None, (0, 0), None),
     "no such view"),
    ((frozenset({("word", "x")}), (frozenset({("word", "x")}),), None, (2, 1), None),
     "reach"),
    ((frozenset({("word", "x")}), (frozenset({("word", "x")}),), None, (-1, 0), None),
     "reach"),
])
def test_malformed_plans_are_refused(plan: tuple, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        Tables([plan], Candidate)


def test_an_index_pickles_as_the_pack_cache_stores_it() -> None:
    import io
    import pickle

    from depesche.rules.cache import _Pickler

    buffer = io.BytesIO()
    _Pickler(buffer).dump(INDEX)
    again = pickle.loads(buffer.getvalue())
    doc = make_doc("Die Nato warnt Putin nicht . Putin droht den USA mit Konsequenzen .",
                   MENTIONS, LONG_LEMMAS)
    found = list(again.find(doc, mention_index(doc)))
    assert found == list(INDEX.find(doc, mention_index(doc))) and len(found) > 10
