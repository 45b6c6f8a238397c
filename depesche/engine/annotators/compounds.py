"""The head of a compound noun, so one rule covers a family of words.

German compounds are right-headed (Duden. Die Grammatik, on "Determinativkomposita";
Eisenberg, Grundriss, vol. 1, on word formation): "Regierungssprecherin" is a kind of
"Sprecherin", "Stabilitätsdialog" a kind of "Dialog". The head is the last noun stem of
HanTa's morpheme analysis with what follows it (derivational suffixes such as the
feminine "-in" stay, inflection goes: "Telefongesprächs" → "Gespräch"). A hyphenated
compound is headed by its last part ("Nato-Russland-Rat" → "Rat"). A noun that is no
compound is its own head, so ``[head=Gespräch]`` matches "Gespräch" too. Names (``NE``)
are not split ("Russland" is no kind of "Land"), except at hyphens.

The head is in ``Token.attrs["head"]``, written as a noun lemma.
"""

from __future__ import annotations

import functools

from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.annotators.tagger import (
    CACHE_LIMIT,
    HYPHENS,
    GermanTagger,
    german_tagger,
)
from depesche.engine.document import Document, Token

NOUN_STEMS = frozenset({"NN", "NN_VAR", "NE", "ACR_NE"})
HANTA_NOUN = "NN"


def compound_head(tagger: GermanTagger, word: str, lemma: str, split: bool = True) -> str:
    """The head of the noun ``word`` with lemma ``lemma`` (the lemma if it is no compound)."""
    cut = max(word.rfind(h) for h in HYPHENS)
    if 0 < cut < len(word) - 1 and word[cut + 1].isalpha():
        # The tagger lemmatised the last part already ("Nato-Verbündeten" → "…-Verbündete").
        last = word[cut + 1 :]
        lemma_cut = max(lemma.rfind(h) for h in HYPHENS)
        last_lemma = lemma[lemma_cut + 1 :] if lemma_cut > 0 else tagger.lemma(last, HANTA_NOUN)
        return compound_head(tagger, last, last_lemma)
    if not split:
        return lemma
    morphemes = tagger.morphemes(word, HANTA_NOUN)
    stems = [k for k, (_, tag) in enumerate(morphemes) if tag in NOUN_STEMS]
    if not stems or stems[-1] == 0:
        return lemma
    offset = sum(len(m) for m, _ in morphemes[: stems[-1]])
    if lemma[:offset].lower() == word[:offset].lower():
        head = lemma[offset:]
    else:
        head = tagger.lemma(word[offset:].capitalize(), HANTA_NOUN)
    return head[:1].upper() + head[1:]


# A head depends on the tagger, the form, the lemma and whether to split alone, and nouns
# recur (a third of the corpus's tokens are nouns and names, of a fifth as many forms):
# each is found once (bounded as the tagger's own tables are).
_head = functools.lru_cache(maxsize=CACHE_LIMIT)(compound_head)


def annotate_heads(tagger: GermanTagger, tokens: list[Token]) -> None:
    """Set ``attrs["head"]`` on the nouns among ``tokens``."""
    for token in tokens:
        if token.pos in ("NN", "NE"):
            token.attrs["head"] = _head(tagger, token.text, token.lemma or token.text,
                                        token.pos == "NN")


@annotator("compounds", provides=("head",), requires=("pos", "lemma"))
def annotate_compounds(doc: Document, context: AnnotationContext) -> None:
    """Give every noun of the document its compound head."""
    annotate_heads(german_tagger(), doc.tokens)
