"""Patterns and grammar extensions tested from Python, without writing a rule pack.

The public way to unit-test a construct (``docs/extending.md``, *Testing an extension*):

- :func:`parse` turns pattern text into its AST, with the extensions given;
- :func:`document` makes an annotated :class:`~depesche.engine.document.Document` of a
  text, whose ``tokens`` a token test compiler's predicate can be called on;
- :func:`find` runs a pattern over a text as a rule would, and returns each match with
  its text and captures.

Mentions such as ``@ACTOR`` come from the shipped pack's lexicons unless ``lexicons`` says
otherwise. Nothing here prints or reads a rule file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Document
from depesche.engine.lexicon import Lexicon
from depesche.engine.matcher import MatchContext, compile_pattern, mention_index
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.grammar import ast, passes
from depesche.grammar.extensions import GrammarExtension

__all__ = ["Found", "document", "find", "parse"]

TAGGED = ("lemma", "pos", "morph")


@dataclass(frozen=True, slots=True)
class Found:
    """One match: its text, its tokens ``[start, end)`` (document indices, the end
    exclusive), and the text of each capture that took part."""

    text: str
    start: int
    end: int
    captures: Mapping[str, str] = field(default_factory=dict)


def parse(pattern: str, extensions: Sequence[GrammarExtension] = ()) -> ast.Element:
    """The AST of ``pattern`` (errors located in it), parsed with ``extensions``."""
    from depesche.grammar.parser import parse_pattern

    return parse_pattern(pattern, extensions=extensions)


def _shipped_lexicons() -> tuple[Lexicon, ...]:
    from depesche.rules.cache import compiled_pack

    return tuple(compiled_pack()[0].lexicons)


def document(text: str, features: Iterable[str] = TAGGED, *,
             lexicons: Iterable[Lexicon] | None = None, date: str | None = None) -> Document:
    """``text`` read, tokenized and annotated with ``features`` (and what they need):
    ``lemma``, ``pos``, ``morph``, ``clauses``, a label such as ``ACTOR`` or ``DATE``, or a
    feature an extension's annotator provides. ``lexicons`` default to the shipped pack's."""
    doc = tokenize(read_document("<test>", text, date))
    chosen = _shipped_lexicons() if lexicons is None else tuple(lexicons)
    annotate(doc, {*features, "lexicons"} if chosen else set(features),
             AnnotationContext(lexicons=chosen))
    return doc


def find(pattern: str, text: str, *, extensions: Sequence[GrammarExtension] = (),
         lexicons: Iterable[Lexicon] | None = None, date: str | None = None) -> list[Found]:
    """The matches of ``pattern`` in ``text``, sentence by sentence, as a rule finds them
    (leftmost first, not overlapping); ``text`` is annotated with what the pattern reads."""
    node = parse(pattern, extensions)
    passes.check_captures(node)
    tests = {kind: c for ext in extensions for kind, c in ext.test_compilers.items()}
    elements = {kind: c for ext in extensions for kind, c in ext.element_compilers.items()}
    compiled = compile_pattern(node, test_compilers=tests, element_compilers=elements)
    doc = document(text, passes.features(node), lexicons=lexicons, date=date)
    mentions = mention_index(doc)
    found = []
    for sentence in doc.sentences:
        for match in compiled.find(MatchContext(doc, sentence, mentions)):
            found.append(Found(
                _text(doc, match.start, match.end), match.start, match.end,
                {name: _text(doc, span.start, span.end) for name, span in match.captures.items()}))
    return found


def _text(doc: Document, start: int, end: int) -> str:
    if end <= start:
        return ""
    return doc.text[doc.tokens[start].start:doc.tokens[end - 1].end]
