"""The ``lexicons`` annotator: tags every occurrence of every lexicon form as a mention.

Each :class:`~depesche.engine.lexicon.Lexicon` of the pack is compiled once (per context)
into an index from a form's first token to the forms that start with it, longest first, so
a document is scanned in one pass per lexicon whatever the lexicon's size: at each token
only the few forms sharing its first token are tried, and the longest that matches wins.
Matches of one lexicon never overlap; different lexicons may tag the same tokens.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
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


def token_keys(match_on: MatchOn, tokens: Sequence[Token]) -> list[str]:
    """How each token is compared with a lexicon form: its text, lower case, or lemma.

    A token without a lemma (a tagger gap, or no tagger) is compared by its text.
    """
    if match_on == "lower":
        return [token.text.lower() for token in tokens]
    if match_on == "lemma":
        return [token.lemma or token.text for token in tokens]
    return [token.text for token in tokens]


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
    return _compiled(context)[1]


def first_keys(context: AnnotationContext, match_on: MatchOn) -> frozenset[str]:
    """The first tokens of the forms of the context's lexicons that match on ``match_on``:
    the only tokens where one of their forms may start."""
    return _compiled(context)[2].get(match_on, frozenset())


def _compiled(context: AnnotationContext
              ) -> tuple[object, list[CompiledLexicon], dict[str, frozenset[str]]]:
    key = ("lexicons.compiled", tuple(id(lexicon) for lexicon in context.lexicons))
    cached = context.cache.get("lexicons.compiled")
    if cached is None or cached[0] != key:
        compiled = [compile_lexicon(lexicon) for lexicon in context.lexicons]
        firsts: dict[str, set[str]] = {}
        for lexicon in compiled:
            firsts.setdefault(lexicon.lexicon.match_on, set()).update(lexicon.index)
        cached = (key, compiled, {on: frozenset(keys) for on, keys in firsts.items()})
        context.cache["lexicons.compiled"] = cached
    return cached


Match = tuple[int, int, LexiconEntry]


def key_positions(keys: Sequence[str], wanted: Container[str] | None = None
                  ) -> dict[str, list[int]]:
    """Where each token key (of those ``wanted``, if given) occurs: token indices, ascending."""
    positions: dict[str, list[int]] = {}
    hits = range(len(keys)) if wanted is None else [
        i for i, key in enumerate(keys) if key in wanted]
    for i in hits:
        key = keys[i]
        at = positions.get(key)
        if at is None:
            positions[key] = [i]
        else:
            at.append(i)
    return positions


def find_forms(tokens: Sequence[Token], compiled: CompiledLexicon,
               keys: Sequence[str] | None = None,
               positions: dict[str, list[int]] | None = None) -> list[Match]:
    """Longest, left-to-right, non-overlapping matches as ``(start, end, entry)``.

    ``keys`` are the tokens as the lexicon compares them and ``positions`` where each key
    occurs (both computed if not given, so lexicons that match alike can share them). Only
    the tokens whose key starts a form are tried: the keys a document and the lexicon
    share are found by one set intersection, not a pass over the document per lexicon. A
    form never spans two sentences.
    """
    if keys is None:
        keys = token_keys(compiled.lexicon.match_on, tokens)
    if positions is None:
        positions = key_positions(keys)
    index = compiled.index
    present = index.keys() & positions.keys()
    if not present:
        return []
    starts = sorted([i for key in present for i in positions[key]])
    found: list[Match] = []
    i, n = 0, len(tokens)
    for at in starts:
        if at < i:
            continue  # inside the match before
        i = at
        sentence = tokens[i].sentence
        for form, entry in index[keys[i]]:
            end = i + len(form)
            if end <= n and tuple(keys[i:end]) == form and tokens[end - 1].sentence == sentence:
                found.append((i, end, entry))
                i = end
                break
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
    positions: dict[str, dict[str, list[int]]] = {}
    for compiled in compiled_lexicons(context):
        lexicon = compiled.lexicon
        if lexicon.match_on not in keys:
            keys[lexicon.match_on] = token_keys(lexicon.match_on, tokens)
            positions[lexicon.match_on] = key_positions(
                keys[lexicon.match_on], first_keys(context, lexicon.match_on))
        for start, end, entry in find_forms(tokens, compiled, keys[lexicon.match_on],
                                            positions[lexicon.match_on]):
            first, last = tokens[start], tokens[end - 1]
            doc.add_mention(Mention(
                label=lexicon.label, start=start, end=end,
                char_start=first.start, char_end=last.end,
                text=doc.text[first.start:last.end],
                attrs={"id": entry.id, **entry.attrs, "lexicon": lexicon.name},
            ))
