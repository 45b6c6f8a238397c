"""The lexicons annotator: longest matches by text, lower case or lemma, as mentions."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.annotators.lexicon import compile_lexicon, find_forms
from depesche.engine.document import Document, Token
from depesche.engine.lexicon import Lexicon, LexiconEntry
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.lexicons import load_lexicon, split_form

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "biden-putin-2021-12.txt"
ACTORS = load_lexicon(ROOT / "rules" / "lexicons" / "actors.yaml")


def lexicon(name: str, forms: dict[str, list[str]], match_on: str = "text") -> Lexicon:
    entries = tuple(LexiconEntry(key, tuple(split_form(f) for f in fs), {"kind": "test"})
                    for key, fs in forms.items())
    return Lexicon(name, name.upper(), entries, match_on)  # type: ignore[arg-type]


def mentions(text: str, *lexicons: Lexicon) -> list[tuple[str, str, str]]:
    doc = tokenize(read_document("t", text))
    annotate(doc, {"lexicons"}, AnnotationContext(lexicons=lexicons))
    return sorted((m.label, m.text, m.attrs["id"]) for ms in doc.mentions.values() for m in ms)


CASES = [
    # the longest form wins: "Weißen Haus", not a shorter one
    ("Das Weiße Haus bestätigte das.", {"WH": ["Weiße Haus"], "H": ["Haus"]}, "text",
     [("L", "Weiße Haus", "WH")]),
    ("Vertreter der Vereinten Nationen und der UN.",
     {"UN": ["Vereinten Nationen", "UN"], "V": ["Vereinten"]}, "text",
     [("L", "UN", "UN"), ("L", "Vereinten Nationen", "UN")]),
    # text matching is case-sensitive, lower is not
    ("Russischer Außenminister glaubt, dass die russische Seite recht hat.",
     {"RUS": ["russischer", "russische"]}, "text", [("L", "russische", "RUS")]),
    ("Russischer Außenminister glaubt, dass die russische Seite recht hat.",
     {"RUS": ["russischer", "russische"]}, "lower",
     [("L", "Russischer", "RUS"), ("L", "russische", "RUS")]),
    # a form does not run over a sentence boundary
    ("Er traf Wladimir. Putin schwieg.", {"P": ["Wladimir Putin"]}, "text", []),
]


@pytest.mark.parametrize(("text", "forms", "match_on", "expected"), CASES)
def test_lexicon_matches(text: str, forms: dict[str, list[str]], match_on: str,
                         expected: list[tuple[str, str, str]]) -> None:
    assert mentions(text, lexicon("l", forms, match_on)) == expected


def test_lemma_lexicon_runs_the_tagger_only_when_needed() -> None:
    doc = tokenize(read_document("t", "Moskau bot Gespräche an, sagte der Sprecher."))
    annotate(doc, {"lexicons"}, AnnotationContext(lexicons=(lexicon("m", {"M": ["Moskau"]}),)))
    assert doc.tokens[0].lemma is None
    annotate(doc, {"lexicons"}, AnnotationContext(
        lexicons=(lexicon("say", {"sagen": ["sagen"], "anbieten": ["anbieten"]}, "lemma"),)))
    assert doc.tokens[0].lemma is None  # "lexicons" ran once already for this document
    doc = tokenize(read_document("t", "Moskau bot Gespräche an, sagte der Sprecher."))
    annotate(doc, {"lexicons"}, AnnotationContext(
        lexicons=(lexicon("say", {"sagen": ["sagen"], "anbieten": ["anbieten"]}, "lemma"),)))
    assert [m.text for m in doc.mentions["SAY"]] == ["bot", "sagte"]


def test_mention_attrs_carry_entry_attributes() -> None:
    doc = tokenize(read_document("t", "US-Präsident Biden telefoniert mit Putin."))
    annotate(doc, {"lexicons"}, AnnotationContext(lexicons=(ACTORS,)))
    putin = next(m for m in doc.mentions["ACTOR_TERM"] if m.text == "Putin")
    assert putin.attrs["code"] == "RUS"
    assert putin.attrs["kind"] == "person"
    assert putin.attrs["lexicon"] == "actors"
    assert "ACTOR_TERM" in doc.tokens[putin.start].classes


def test_scan_of_a_repeated_article_finds_every_repetition() -> None:
    """The seed, 100 times over, gives its mentions 100 times (speed is benchmarked in
    docs/annotations.md, not timed here)."""
    seed = SEED.read_text(encoding="utf-8")
    compiled = compile_lexicon(ACTORS)
    once = find_forms(tokenize(read_document("s", seed)).tokens, compiled)
    doc = tokenize(read_document("t", "\n\n".join([seed] * 100)))
    found = find_forms(doc.tokens, compiled)
    assert len(found) >= 100 * len(once) - 100


def test_compiled_lexicons_are_cached_per_context() -> None:
    context = AnnotationContext(lexicons=(ACTORS,))
    for _ in range(2):
        annotate(Document("t", ""), {"lexicons"}, context)
    assert len(context.cache) == 1


def _scan_every_token(tokens: list[Token], index: dict, keys: list[str]) -> list[tuple]:
    """The scan that tries every token: the oracle of the scan from shared key positions."""
    found, i, n = [], 0, len(tokens)
    while i < n:
        for form, entry in index.get(keys[i], ()):
            end = i + len(form)
            if end <= n and tuple(keys[i:end]) == form and \
                    tokens[end - 1].sentence == tokens[i].sentence:
                found.append((i, end, entry))
                i = end
                break
        else:
            i += 1
    return found


WORDS = st.sampled_from(["a", "b", "c", "A", "B", ""])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.tuples(WORDS, st.booleans()), max_size=40),
       forms=st.lists(st.lists(WORDS, min_size=1, max_size=4), max_size=8),
       match_on=st.sampled_from(["text", "lower"]))
def test_forms_found_from_key_positions_are_those_of_a_scan_of_every_token(
        words: list[tuple[str, bool]], forms: list[list[str]], match_on: str) -> None:
    """Overlapping forms, forms that are prefixes of others, sentence ends inside forms."""
    tokens, sentence = [], 0
    for i, (word, ends_sentence) in enumerate(words):
        tokens.append(Token(word, i, i + 1, i, 0, sentence))
        sentence += ends_sentence
    entries = tuple(LexiconEntry(f"e{n}", (tuple(form),), {}) for n, form in enumerate(forms))
    compiled = compile_lexicon(Lexicon("l", "L", entries, match_on))  # type: ignore[arg-type]
    keys = [t.text.lower() if match_on == "lower" else t.text for t in tokens]
    assert find_forms(tokens, compiled) == _scan_every_token(tokens, compiled.index, keys)
