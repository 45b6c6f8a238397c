"""The ``lexicons`` annotator: tags every occurrence of every lexicon form as a mention.

Each :class:`~depesche.engine.lexicon.Lexicon` of the pack is compiled once (per context)
into an index from a form's first token to the forms that start with it, longest first, so
a document is scanned in one pass per lexicon whatever the lexicon's size: at each token
only the few forms sharing its first token are tried, and the longest that matches wins.
Matches of one lexicon never overlap; different lexicons may tag the same tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from depesche.engine.annotators.registry import AnnotationContext, annotate, annotator
from depesche.engine.document import Document, Mention, Token
from depesche.engine.lexicon import Lexicon, LexiconEntry, MatchOn

FormIndex = dict[str, list[tuple[tuple[str, ...], LexiconEntry]]]


@dataclass(frozen=True, slots=True)
class CompiledLexicon:
    """A lexicon ready for scanning: its forms indexed by their first (normalised) token."""

    lexicon: Lexicon
    index: FormIndex


def token_key(match_on: MatchOn) -> Callable[[Token], str]:
    """How a token is compared with a lexicon form: its text, lower case, or lemma.

    A token without a lemma (a tagger gap, or no tagger) is compared by its text.
    """
    if match_on == "lower":
        return lambda token: token.text.lower()
    if match_on == "lemma":
        return lambda token: token.lemma or token.text
    return lambda token: token.text


def compile_lexicon(lexicon: Lexicon) -> CompiledLexicon:
    """Index a lexicon's forms by first token, each bucket longest form first."""
    index: FormIndex = {}
    for entry in lexicon.entries:
        for form in entry.forms:
            if lexicon.match_on == "lower":
                form = tuple(part.lower() for part in form)
            if form:
                index.setdefault(form[0], []).append((form, entry))
    for bucket in index.values():
        bucket.sort(key=lambda item: -len(item[0]))
    return CompiledLexicon(lexicon, index)


def compiled_lexicons(context: AnnotationContext) -> list[CompiledLexicon]:
    """The context's lexicons, compiled once and kept in the context's cache."""
    key = ("lexicons.compiled", tuple(id(lexicon) for lexicon in context.lexicons))
    cached = context.cache.get("lexicons.compiled")
    if cached is None or cached[0] != key:
        cached = (key, [compile_lexicon(lexicon) for lexicon in context.lexicons])
        context.cache["lexicons.compiled"] = cached
    return cached[1]


Match = tuple[int, int, LexiconEntry]


def find_forms(tokens: Sequence[Token], compiled: CompiledLexicon,
               keys: Sequence[str] | None = None) -> list[Match]:
    """Longest, left-to-right, non-overlapping matches as ``(start, end, entry)``.

    ``keys`` are the tokens as the lexicon compares them (computed if not given, so
    lexicons that match alike can share them). A form never spans two sentences.
    """
    if keys is None:
        key = token_key(compiled.lexicon.match_on)
        keys = [key(token) for token in tokens]
    index = compiled.index
    found: list[Match] = []
    i, n = 0, len(tokens)
    while i < n:
        bucket = index.get(keys[i])
        if bucket:
            sentence = tokens[i].sentence
            for form, entry in bucket:
                end = i + len(form)
                if end <= n and tuple(keys[i:end]) == form and tokens[end - 1].sentence == sentence:
                    found.append((i, end, entry))
                    i = end
                    break
            else:
                i += 1
        else:
            i += 1
    return found


@annotator("lexicons", provides={"lexicons"})
def annotate_lexicons(doc: Document, context: AnnotationContext) -> None:
    """Add a mention for each lexicon match, labelled with its lexicon's label.

    Lemmas are computed (through the registry) only when some lexicon matches on them.
    """
    if any(lexicon.match_on == "lemma" for lexicon in context.lexicons):
        annotate(doc, {"lemma"}, context)
    tokens = doc.tokens
    keys: dict[str, list[str]] = {}
    for compiled in compiled_lexicons(context):
        lexicon = compiled.lexicon
        if lexicon.match_on not in keys:
            key = token_key(lexicon.match_on)
            keys[lexicon.match_on] = [key(token) for token in tokens]
        for start, end, entry in find_forms(tokens, compiled, keys[lexicon.match_on]):
            first, last = tokens[start], tokens[end - 1]
            doc.add_mention(Mention(
                label=lexicon.label, start=start, end=end,
                char_start=first.start, char_end=last.end,
                text=doc.text[first.start:last.end],
                attrs={"id": entry.id, **entry.attrs, "lexicon": lexicon.name},
            ))
