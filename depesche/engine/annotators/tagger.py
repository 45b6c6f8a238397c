"""Part of speech and lemma of every token, from the Hanover Tagger (HanTa), offline.

HanTa (Wartena 2019, "A Probabilistic Morphology Model for German Lemmatization",
KONVENS) ships its German model on PyPI, needs no network and no GPU, and gives STTS tags,
lemmas and a morpheme analysis that the compound annotator uses too.

Tagging runs sentence by sentence (HanTa's ``tag_sent``, a Viterbi search over tag
trigrams), not word by word: on the corpus the word-by-word best tag disagrees with the
contextual one on 6.5 % of tokens, and the cases it gets wrong are the ones rules
need most (``an`` as preposition or separated verb particle, ``die`` as article or
relative pronoun). What is cached is everything that depends on the word form alone:
HanTa's per-word analysis that feeds the Viterbi search, and the lemma and morphemes of
each (form, tag) pair. ``docs/annotations.md`` has the figures.

HanTa's tags are normalised to STTS (``VV(FIN)`` → ``VVFIN``, ``ADJ(A)`` → ``ADJA``;
its nominalised adjectives and infinitives ``NNA``/``NNI`` → ``NN``). Its lemmas are
repaired where they lose the case of the text: nouns and names keep their spelling
("US-Regierung", not "Us-regierung"), and a hyphenated compound keeps its first parts
as written and lemmatises its last part. Capitalisation inside a sentence corrects some
of HanTa's tags (see :func:`repair_tags`).

Separated verb particles (STTS ``PTKVZ``) are joined to their finite verb here, since
they are part of the lemma: see :mod:`depesche.engine.annotators.separable`.
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any

from HanTa import HanoverTagger as hanta
from HanTa.HanoverTagger import HanoverTagger

from depesche.engine.annotators.registry import AnnotationContext, annotator
from depesche.engine.annotators.separable import join_particles
from depesche.engine.document import Document, Token
from depesche.engine.lexicon import Lexicon
from depesche.engine.tokenizer import DASHES, QUOTES

try:
    from depesche.engine.annotators._tagger import (
        MorphemeLattice,
        NoTagSequence,
        SentenceLattice,
        WordAnalysis,
        WordOptions,
    )
except ImportError as error:  # a checkout updated since it was installed
    raise ImportError(
        "depesche's compiled tagger (engine/annotators/_tagger.pyx) is not built for this "
        "checkout: run `pip install -e .` in it again") from error

MODEL = "morphmodel_ger.pgz"
# Word-form caches are cleared when they outgrow this many entries, which bounds memory on
# long corpus runs (a newspaper year has well under a million distinct forms).
CACHE_LIMIT = 500_000

# HanTa's analysis of a form takes time quadratic in its length (0.1 s at 50 characters,
# 9 s at 400). Longer tokens (URLs, junk) are tagged by their end, which carries the part
# of speech in German (compounds are right-headed), and are their own lemma.
MAX_ANALYSED_LENGTH = 48

NOMINAL_TAGS = frozenset({"NN", "NE"})
VERBATIM_TAGS = frozenset({"CARD", "TRUNC", "XY", "FM", "$.", "$,", "$("})
# HanTa's own tags that STTS folds into another one.
STTS_OF = {"NNA": "NN", "NNI": "NN"}
HYPHENS = "-‐‑"
# Tokens after which any word may be capitalised: quotes, brackets, colons, dashes.
SENTENCE_OPENERS = QUOTES | DASHES | frozenset({":", "(", "[", "/"})
# HanTa tags after which a capitalised adjective is attributive, not nominalised.
NOMINAL_CONTEXT = frozenset(
    {"NN", "NE", "NNA", "NNI", "ADJ(A)", "ADJ(D)", "CARD", "TRUNC", "KON", "$("}
)
VERB_TAGS = ("VV", "VA", "VM")
# HanTa tags of closed classes whose members are written in lower case inside a sentence.
CLOSED_CLASSES = frozenset(
    {"ART", "PDAT", "PDS", "PIAT", "PIS", "PRELS", "PRELAT", "PWS", "PWAT", "PWAV",
     "KON", "KOUS", "APPR", "APPRART", "PTKVZ", "PTKA", "ITJ"}
)


def model_file() -> Path:
    """HanTa's German model, as installed with HanTa."""
    return Path(hanta.__file__).with_name(MODEL)


def stts(tag: str) -> str:
    """The STTS tag for a HanTa tag: ``VV(FIN)`` → ``VVFIN``, ``NNA`` → ``NN``."""
    if tag.endswith(")") and not tag.startswith("$"):
        tag = tag.replace("(", "")[:-1]
    return STTS_OF.get(tag, tag)


@functools.cache
def _stts(tag: str) -> str:
    """:func:`stts`, remembered (a model has some fifty tags)."""
    return stts(tag)


def _memo(table: dict[Hashable, Any], key: Hashable, compute: Callable[[], Any]) -> Any:
    """Look ``key`` up in ``table``, computing and storing it if missing (bounded)."""
    try:
        return table[key]
    except KeyError:
        if len(table) >= CACHE_LIMIT:
            table.clear()
        value = table[key] = compute()
        return value


class GermanTagger(HanoverTagger):
    """HanTa's German model with its per-word-form work memoised, loaded once per process.

    HanTa's searches (over the morphemes of a word, over the tags of a sentence) and its
    Python around them (``_tag_word``, ``_analyze``, ``makelemma``) run compiled
    (:mod:`depesche.engine.annotators._tagger`), with HanTa's results.
    """

    def __init__(self) -> None:
        super().__init__(MODEL)
        self._lattice = MorphemeLattice(self)
        self._sentences = SentenceLattice(self)
        self._words = WordAnalysis(self, self._sentences, CACHE_LIMIT)
        self._forward: dict[Hashable, Any] = {}
        self._paths: dict[Hashable, list[tuple[int, int]]] = {}
        # per HanTa tag, per form: its lemma, and its morphemes
        self._lemmas: dict[str, dict[str, str]] = {}
        self._morphemes: dict[str, dict[str, list[tuple[str, str]]]] = {}

    def analyze_forward(self, word: str) -> Any:
        """HanTa's tag probabilities of a (lower-case) word form, memoised.

        This is the costly, context-free part of ``tag_sent``; HanTa's model only
        caches it for the forms seen in training.
        """
        return _memo(self._forward, word, lambda: self._lattice.forward(word))

    def analyze_viterbi(self, word: str, targetpos: int) -> list[tuple[int, int]]:
        """HanTa's best morpheme path of a (lower-case) form for a tag (HanTa's negative
        number for it), memoised: the lemma and the morphemes are both read from it, so
        the compound and mood annotators' morphemes cost no second search."""
        return _memo(self._paths, (word, targetpos),
                     lambda: self._lattice.viterbi(word, targetpos))

    def _tag_word(self, word: str, cutoff: int = 5, casesensitive: bool = True,
                  conditional: bool = False) -> list[tuple[int, float]]:
        """HanTa's scores of a form's tags (compiled)."""
        return self._words.tag_word(word, cutoff, casesensitive, conditional)

    def _analyze(self, word: str, pos: int, taglevel: int = 1) -> Any:
        """HanTa's analysis of a form read as tag number ``pos`` (compiled)."""
        return self._words.analyze(word, pos, taglevel)

    def makelemma(self, stem_morphemes: list[str], pos: str) -> str:
        return self._words.makelemma(stem_morphemes, pos)

    def tag_sent_viterbi(self, sent: list[str], casesensitive: bool = True) -> list[int]:
        """HanTa's tags of a sentence in context (its tag numbers), as HanTa finds them.

        The sentence's first word is read without its case (it is capitalised anyway).
        The scores of each word form's tags are memoised.
        """
        return self._sentence_tags(self._words.options(sent, casesensitive))

    def _sentence_tags(self, words: list[WordOptions | None]) -> list[int]:
        """The sentence search over the words' options; where HanTa's finds no sequence
        (its scores fall below its bound in a sentence of some hundred thousand words,
        and HanTa fails), each half is searched as a sentence of its own."""
        try:
            return self._sentences.tags(words)
        except NoTagSequence:
            if len(words) == 1:
                return self._sentences.tags([None])
            half = len(words) // 2
            return self._sentence_tags(words[:half]) + self._sentence_tags(words[half:])

    def tag(self, words: list[str]) -> list[str]:
        """HanTa tags (its spelling, e.g. ``VV(FIN)``) of a sentence's words in context."""
        if not words:
            return []
        names = self.int2tag
        return [names[t] for t in self.tag_sent_viterbi([_tagger_form(w) for w in words])]

    def lemma(self, word: str, tag: str) -> str:
        """The lemma of ``word`` read as HanTa tag ``tag``, with the case of the text kept."""
        table = self._lemmas.get(tag)
        if table is None:
            table = self._lemmas[tag] = {}
        return _memo(table, word, lambda: self._repaired_lemma(word, tag))

    def lemmas(self, words: list[str], tags: list[str]) -> list[str]:
        """:meth:`lemma` of each word and tag, a sentence at a time."""
        found: list[str] = []
        for word, tag in zip(words, tags, strict=True):
            table = self._lemmas.get(tag)
            lemma = table.get(word) if table is not None else None
            found.append(lemma if lemma is not None else self.lemma(word, tag))
        return found

    def morphemes(self, word: str, tag: str) -> list[tuple[str, str]]:
        """HanTa's morphemes of ``word`` (lower case) with their tags, e.g. FUGE, SUF_NN."""
        if len(word) > MAX_ANALYSED_LENGTH:
            return []
        table = self._morphemes.get(tag)
        if table is None:
            table = self._morphemes[tag] = {}
        return _memo(table, word, lambda: self.analyze(word, pos=tag, taglevel=3)[1])

    def _repaired_lemma(self, word: str, tag: str) -> str:
        """HanTa's lemma, repaired where it loses the spelling of the text."""
        short = stts(tag)
        if short in VERBATIM_TAGS or not any(c.isalpha() for c in word):
            return word
        if len(word) > MAX_ANALYSED_LENGTH and not any(h in word for h in HYPHENS):
            return word
        cut = max(word.rfind(h) for h in HYPHENS)
        if 0 < cut < len(word) - 1:
            last = word[cut + 1 :]
            if not last[0].isalpha():
                return word
            return word[: cut + 1] + self.lemma(last, tag)
        lemma = self.analyze(word, pos=tag, taglevel=1)[0]
        if "ß" in lemma and "ß" not in word:
            # HanTa learnt the spelling before the 1996 reform ("Prozeß"); the text has
            # the reformed "ss" after a short vowel (Amtliches Regelwerk 2006, § 25). After
            # a diphthong the ß stays: "beschloss", "schoss", "riss" are forms of
            # "beschließen", "schießen", "reißen", whose vowel changes, not their spelling.
            lemma = AFTER_SHORT_VOWEL_SZ.sub("ss", lemma)
        folded = word.lower()
        if folded[-2:-1] == folded[-1:] and lemma.lower() == folded[:-1]:
            # No inflection ending is half of a double letter: "Anschluss", "App".
            return word
        if short == "NE":
            known = _genitive_base(word, lemma) in self.cache  # HanTa's training forms
            return word[:-1] if known else word
        if short in NOMINAL_TAGS and lemma.lower() == folded[: len(lemma)]:
            # HanTa writes noun lemmas as "Xxxx"; the text knows better ("USA", "OSZE").
            return word[: len(lemma)]
        return lemma


# An ß that the 1996 reform writes "ss": one not after a diphthong.
AFTER_SHORT_VOWEL_SZ = re.compile(r"(?<!ie)(?<!ei)(?<!au)(?<!eu)(?<!äu)ß")


def _genitive_base(word: str, lemma: str) -> str | None:
    """The name without its genitive -s ("Bidens" → "biden", lower case), if it may have one.

    Acronyms take no -s in the genitive ("des IWF"), and names in -is and in -us after
    a consonant are Latin or Greek nominatives far more often than genitives
    ("Panagiotis", "Juventus"; but "Moskaus").
    HanTa strips a final -s from any name; whether it was a genitive is decided by
    whether the bare form is a name HanTa knows or one the article uses.
    """
    folded = word.lower()
    if (
        len(word) > 2
        and word[-1] == "s"
        and lemma.lower() == folded[:-1]
        and not word.isupper()
        and not folded.endswith("is")
        and not (folded.endswith("us") and folded[-3:-2] not in "aeiouäöü")
    ):
        return folded[:-1]
    return None


def restore_genitives(tokens: list[Token]) -> None:
    """Strip the genitive -s of names whose bare form the document also uses.

    The bare form may be the last part of a hyphenated name: "Assads" after "al-Assad".
    """
    forms = {t.text.lower().rsplit("-", 1)[-1] for t in tokens if t.pos == "NE"}
    for token in tokens:
        if token.pos == "NE" and token.lemma == token.text and token.text.endswith("s"):
            base = _genitive_base(token.text, token.text[:-1])
            if base is not None and base in forms:
                token.lemma = token.text[:-1]


def _tagger_form(word: str) -> str:
    """The spelling HanTa was trained on for a token: plain quotes and hyphens."""
    if word in QUOTES:
        return '"'
    if word in DASHES:
        return "-"
    if word == "…":
        return "..."
    return word[-MAX_ANALYSED_LENGTH:]


@functools.cache
def german_tagger() -> GermanTagger:
    """The process's tagger, loaded on first use (a fraction of a second)."""
    # Loading the model makes some 10^6 objects and no garbage; the cyclic collector, run
    # again and again meanwhile, took a quarter of the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return GermanTagger()
    finally:
        if enabled:
            gc.enable()


def _opens_sentence(tokens: list[Token], k: int) -> bool:
    """Whether ``tokens[k]`` stands where German capitalises any word."""
    return k == 0 or tokens[k - 1].text in SENTENCE_OPENERS


def _capitalised(word: str) -> bool:
    """Whether a word is written with a capital: "Offizielle", and after a number and a
    hyphen "72-Jährige" (a noun; the adjective is "72-jährige")."""
    if word[:1].isdigit() and "-" in word:
        word = word.rsplit("-", 1)[1]
    return word[:1].isupper()


@functools.cache
def _repairable(tag: str) -> bool:
    """Whether :func:`repair_tags` may change a token with HanTa tag ``tag``."""
    return tag in ("ADJ(A)", "VV(INF)") or tag in CLOSED_CLASSES or tag.startswith(VERB_TAGS)


def repair_tags(tokens: list[Token], tags: list[str]) -> list[str]:
    """Correct the HanTa tags that capitalisation shows to be wrong.

    German capitalises nouns and names, and other words only at the start of a sentence
    (Amtliches Regelwerk 2006, §§ 54–57). So a capitalised adjective inside a sentence
    with no noun after it is a nominalised adjective ("sagte der Offizielle", STTS
    ``NN``), a capitalised infinitive is a nominalised one ("das Verhandeln", ``NN``),
    and a capitalised word that HanTa reads as a determiner, pronoun, particle or
    another verb form inside a sentence is a name ("die Sprecherin Jen Psaki", "Ahmet
    Davutoğlu", ``NE``); so is an upper-case word alone in brackets, an acronym ("British
    American Tobacco (BAT)" is no past tense of "bitten").
    """
    repaired = list(tags)
    for k, (token, tag) in enumerate(zip(tokens, tags, strict=True)):
        if _repairable(tag) and _acronym_in_brackets(tokens, k):
            repaired[k] = "NE"  # "British American Tobacco (BAT)" is no "bat" of "bitten"
            continue
        if not _repairable(tag) or not _capitalised(token.text) or _opens_sentence(tokens, k):
            continue
        if tag == "ADJ(A)" and (k + 1 == len(tags) or tags[k + 1] not in NOMINAL_CONTEXT):
            repaired[k] = "NN"
        elif tag == "VV(INF)":
            repaired[k] = "NN"  # a nominalised infinitive: "das Verhandeln"
        elif (tag in CLOSED_CLASSES or tag.startswith(VERB_TAGS)) and not token.text.isupper():
            repaired[k] = "NE"
    return repaired


def _acronym_in_brackets(tokens: list[Token], k: int) -> bool:
    """An upper-case word alone in brackets after a name: the name's acronym."""
    word = tokens[k].text
    return 2 <= len(word) <= 8 and word.isalpha() and word.isupper() \
        and 0 < k < len(tokens) - 1 and tokens[k - 1].text == "(" and tokens[k + 1].text == ")"


def tag_sentence(tagger: GermanTagger, tokens: list[Token]) -> None:
    """Set ``pos`` and ``lemma`` on the tokens of one sentence."""
    words = [t.text for t in tokens]
    tags = repair_tags(tokens, tagger.tag(words))
    for token, tag, lemma in zip(tokens, tags, tagger.lemmas(words, tags), strict=True):
        token.pos = _stts(tag)
        token.lemma = lemma
    mark_relative_pronouns(tokens)
    mark_prepositional_zu(tokens)
    mark_prepositional_waehrend(tokens)
    mark_final_finite(tokens)
    mark_finite_past(tokens)


FINITE_TAGS_ALL = frozenset({"VVFIN", "VAFIN", "VMFIN"})
CLAUSE_ENDS = frozenset({",", ".", ";", ":", "!", "?", "–", "(", ")", "„", "“", "\""})


# The finite tag of each infinitive tag: a full verb, an auxiliary, a modal.
FINITE_OF = {"VVINF": "VVFIN", "VAINF": "VAFIN", "VMINF": "VMFIN"}


def mark_final_finite(tokens: list[Token]) -> None:
    """Tag as finite (``VVFIN``, ``VAFIN``, ``VMFIN``) the last verb of a clause that HanTa
    read as an infinitive although the clause has no finite verb and names someone before
    it: the first and third person plural have the infinitive's form ("Norwegen und
    Russland verhandeln", "…, dass beide über Quoten verhandeln", "…, weil wir eine gute
    Zusammenarbeit haben", "…, weil sie nicht kommen können"); a clause with "zu" or
    another finite verb keeps it."""
    for words in _clause_spans(tokens):
        verbs = [t for t in words if (t.pos or "").startswith("V")]
        if verbs and verbs[-1].pos in FINITE_OF \
                and not any(t.pos in FINITE_TAGS_ALL or t.pos == "PTKZU" for t in words) \
                and any(t.pos in NOMINAL_TAGS for t in words[:words.index(verbs[-1])]):
            verbs[-1].pos = FINITE_OF[verbs[-1].pos]


def _clause_spans(tokens: list[Token]) -> Iterator[list[Token]]:
    """The runs of tokens between punctuation that ends a clause, for the repairs that
    look at a clause before the clause layer exists."""
    k = 0
    while k < len(tokens):
        end = k
        while end < len(tokens) and tokens[end].text not in CLAUSE_ENDS:
            end += 1
        yield tokens[k:end]
        k = end + 1


NOMINAL_TAGS = frozenset({"NN", "NE", "PPER", "PIS", "PDS"})
# Past tense forms of weak verbs that HanTa may read as a participle used as an adjective:
# "bombardierten", "verhafteten", "kritisierte".
PAST_FORM = re.compile(r"[a-zäöüß]{3,}(?:ten|te)\Z")


def mark_finite_past(tokens: list[Token]) -> None:
    """Tag as finite (``VVFIN``) a weak verb's past form that HanTa read as an attributive
    adjective (``ADJA``, lemma the participle) in a clause with no finite verb, right after
    a noun or pronoun: an adjective stands before its noun, never after one ("Kampfjets
    bombardierten Ziele", "…, weil Soldaten Zivilisten verhafteten"); "die
    bombardierten Ziele" keeps the adjective. The lemma is the infinitive
    ("bombardiert" → "bombardieren", "verhaftet" → "verhaften")."""
    for words in _clause_spans(tokens):
        if any(t.pos in FINITE_TAGS_ALL for t in words):
            continue
        for i in range(1, len(words)):
            token = words[i]
            lemma = token.lemma or ""
            stem = lemma[:-1]
            if token.pos == "ADJA" and words[i - 1].pos in NOMINAL_TAGS \
                    and PAST_FORM.match(token.text) and lemma.endswith("t") \
                    and not lemma.startswith("ge") and token.text.startswith(stem):
                token.pos = "VVFIN"
                token.lemma = stem + ("n" if stem.endswith("e") else "en")
                break  # one finite verb per clause


GENITIVE_DETERMINERS = frozenset({"des", "eines", "dieses", "jenes", "seines", "ihres"})


def mark_prepositional_waehrend(tokens: list[Token]) -> None:
    """Tag as a preposition a "während" that HanTa takes for the conjunction although a
    genitive follows: "Während des Krieges starben …" ("während der Minister sprach",
    with "der", stays open and keeps the conjunction)."""
    for k, token in enumerate(tokens[:-1]):
        if token.pos == "KOUS" and token.text.lower() == "während" and \
                tokens[k + 1].text.lower() in GENITIVE_DETERMINERS:
            token.pos = "APPR"


def mark_prepositional_zu(tokens: list[Token]) -> None:
    """Tag as a preposition (``APPR``) a "zu" that HanTa takes for the particle of an
    infinitive although no verb follows: "kam es zu schweren Kämpfen" (an adjective or
    noun follows), "zu Gesprächen"; "zu verhandeln" keeps ``PTKZU``."""
    for k, token in enumerate(tokens):
        if token.pos == "PTKZU" and token.text.lower() == "zu" and (
                k + 1 == len(tokens) or not (tokens[k + 1].pos or "").startswith("V")):
            token.pos = "APPR"


RELATIVE_FORMS = frozenset({"der", "die", "das", "den", "dem", "denen", "dessen", "deren"})
# What may follow a relative pronoun but not an article: a name, another determiner, a
# pronoun, an adverb, a preposition, the verb itself ("…, die Kanada verhängt hat",
# "…, den die Regierung ablehnte", "…, der am Montag kam").
AFTER_RELATIVE = frozenset({"NE", "ART", "PPOSAT", "PPER", "PDS", "PIS", "ADV", "APPR",
                            "APPRART", "PTKNEG", "VVFIN", "VAFIN", "VMFIN", "PRF", "CARD"})
FINITE_TAGS = frozenset({"VVFIN", "VAFIN", "VMFIN"})
NONFINITE_TAGS = frozenset({"VVPP", "VVINF", "VAPP", "VAINF", "VMINF", "VMPP", "VVIZU"})


def mark_relative_pronouns(tokens: list[Token]) -> None:
    """Tag as relative pronouns (``PRELS``) the articles HanTa gives to them.

    After a comma, "der/die/das/den/dem" opens a relative clause when the clause ends in
    its finite verb (German relative clauses are verb-final: Duden Grammatik, Relativsatz)
    and no noun of its own follows the word ("…, die Kanada verhängt hat" is a relative
    clause; "…, die Regierung sagte" may be a main clause, and stays as tagged), or when a
    noun follows but an auxiliary after its participle ends the clause ("…, der Anfang des
    Monats nach Juba gereist war").
    """
    for k in range(1, len(tokens) - 1):
        token = tokens[k]
        if token.pos != "ART" or token.text.lower() not in RELATIVE_FORMS \
                or tokens[k - 1].text != ",":
            continue
        end = k + 1
        while end < len(tokens) and tokens[end].text not in (",", ".", ";", ":", "?", "!"):
            end += 1
        finite = [j for j in range(k + 1, end) if tokens[j].pos in FINITE_TAGS]
        if not finite:
            continue
        if tokens[k + 1].pos in AFTER_RELATIVE and finite[0] >= end - 2:
            token.pos = "PRELS"
        elif finite[0] == end - 1 and end - k > 4 and tokens[end - 1].pos != "VVFIN" \
                and tokens[end - 2].pos in NONFINITE_TAGS:
            # a noun after the word, but the clause ends in a verb complex whose finite
            # auxiliary comes last, which no main clause does: "…, der Anfang des Monats
            # nach Juba gereist war, …" ("Anfang des Monats" is when)
            token.pos = "PRELS"


def person_name_lemmas(lexicons: Iterable[Lexicon]) -> dict[str, str]:
    """Each word of a person's name in the lexicons, as written in a form, → its lemma.

    The lemma is the word of the entry's ``name`` in the same place: "Baerbocks" →
    "Baerbock", "Annalena" → "Annalena". A one-word form stands for the surname, the
    name's last word. HanTa reads unknown first names as inflected common nouns
    ("Annalena" → NN "Annalen"); the lexicon knows they are names.
    """
    lemmas: dict[str, str] = {}
    for lexicon in lexicons:
        for entry in lexicon.entries:
            name = str(entry.attrs.get("name") or "").split()
            if entry.attrs.get("kind") != "person" or not name:
                continue
            for form in entry.forms:
                words = form if len(form) == len(name) else form[-1:]
                for word, lemma in zip(words, name[-len(words):], strict=True):
                    if word[:1].isupper():
                        lemmas.setdefault(word, lemma.rstrip("'"))
    return lemmas


# Tags a word of a name gets from HanTa when it takes it for a noun or an adjective
# ("Annalena" NN, "Frank-Walter" ADJA); a name's word read as anything else is that word
# ("Kurz darauf …": the adverb, not Sebastian Kurz).
NAME_MISREADINGS = frozenset({"NN", "NE", "ADJA"})


def mark_person_names(tokens: list[Token], lemmas: dict[str, str]) -> None:
    """Words of a known person's name read as nouns are names (``NE``) with its lemma."""
    for token in tokens:
        lemma = lemmas.get(token.text)
        if lemma is not None and token.pos in NAME_MISREADINGS:
            token.pos, token.lemma = "NE", lemma


@annotator("tagger", provides=("pos", "lemma"))
def annotate_tags(doc: Document, context: AnnotationContext) -> None:
    """Tag and lemmatise every sentence, join separated verb particles to their verbs.

    Proper names (``NE``) keep their form as lemma, as HanTa's analysis is repaired to do
    (``GermanTagger._repaired_lemma``), unless a lexicon says otherwise: words of a person's
    name in a lexicon are names with the lemma the lexicon gives (``person_name_lemmas``).
    """
    tagger = german_tagger()
    names = context.cache.get("person_name_lemmas")
    if names is None:
        names = context.cache["person_name_lemmas"] = person_name_lemmas(context.lexicons)
    for sentence in doc.sentences:
        tokens = doc.sentence_tokens(sentence)
        tag_sentence(tagger, tokens)
        mark_person_names(tokens, names)
        join_particles(tokens)
    restore_genitives(doc.tokens)
