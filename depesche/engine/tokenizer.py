"""Tokens and sentences of German news: the stage after reading, before any annotator.

One compiled scanner cuts the article text once (from ``Document.body_start``,
:mod:`depesche.engine._tokenizer`); a second linear walk over the tokens places sentence
boundaries. The decisions German news needs, and where they come from:

* A period after a number of at most three digits is an ordinal ("am 10. Januar", "im
  20. Jahrhundert") and stays on its number, as in the TIGER treebank (STTS ``ADJA``
  for "10."), unless the next word shows that a sentence ends there (a capitalised
  function word such as "Die" or "Bei", a quote, the end of a paragraph). A period
  after a four-digit number ("seit 1945. Zudem") is a full stop.
* Roman numerals after a name are regnal ordinals ("König Abdullah II."); known
  abbreviations ("z. B.", "Dr.", "u. a.", "bzw.", "Nr.") and initials ("John F.
  Kennedy") keep their period. Such a token ends a sentence only when a capitalised
  function word follows (the abbreviation-plus-lexical-cue heuristic of Kiss & Strunk,
  "Unsupervised Multilingual Sentence Boundary Detection", Computational Linguistics
  32(4), 2006, reduced to a fixed list of sentence starters).
* Quotation marks of every kind („ “ ” " » « ‚ ‘ ’ ' ‹ ›) are tokens of their own; an
  apostrophe between letters ("geht's") stays in its word. Closing marks attached to a
  sentence-final punctuation belong to that sentence, and a sentence does not end
  before a comma or a lower-case word (``„…?“, fragte er`` is one sentence).
  A sentence ending inside a quote that continues is still a sentence: multi-sentence
  quotes are the quote annotator's business.
* Hyphenated compounds are one token ("US-Präsident", "Nato-Russland-Rat", "F-22",
  "russisch-ukrainischen"), and so are truncated compounds with their hyphen
  ("Parlaments- und Präsidentenwahlen"). A dash between spaces ("–", "—", "-") and a
  slash ("Warschau/Moskau") are tokens of their own.
* Numbers with grouping or decimal separators and numeric dates are one token
  ("10.000", "2,5", "10.01.2022", "10:30").
* A blank line always ends a sentence, so a headline without final punctuation is a
  sentence of its own.
* A dateline ("Wien –", "Warschau/Moskau –") opening one of the first sentences of an
  article stays part of the sentence it opens; its tokens, dash included, carry
  ``attrs["dateline"] = True`` so that annotators can tell the place of writing from a
  place that acts.
"""

from __future__ import annotations

import re

from depesche.engine.document import Document, Sentence, Token

try:
    from depesche.engine._tokenizer import (
        ORDINAL_ENDS_SENTENCE,
        ORDINAL_KEEPS_PERIOD,
        ORDINAL_SPLIT,
        scan_tokens,
    )
except ImportError as error:  # a checkout updated since it was installed
    raise ImportError(
        "depesche's compiled tokenizer (engine/_tokenizer.pyx) is not built for this "
        "checkout: run `pip install -e .` in it again") from error

QUOTES = frozenset("„“”\"»«‚‘’'‹›")
CLOSERS = QUOTES | frozenset(")]")


def _words(text: str) -> frozenset[str]:
    """A word list written as one space-separated string, for the tables below."""
    return frozenset(text.split())


# Abbreviations that keep their period (a selection from Duden, "Die deutsche
# Rechtschreibung", list of abbreviations, for the ones frequent in news; weekday and
# word-like ones such as "So." or "Art." are left out since they also end sentences).
ABBREVIATIONS = _words(
    """a Abb Abg Abs Adm akad allg Anm Aufl Bd Bde bes betr Bez bspw bzgl bzw ca Chr Co d
    dgl Dipl Dr ebd eigtl einschl etc ev evtl Fa Frl Gebr gegr gem ggf h Hbf hl Hr Hrsg i
    Ing inkl Jh Jhs jr Jr Kap Kfm lt Ltd Mag max Mio Mrd n Nr o od Pkt Prof rd s sen sog
    St Std Str Tel Tsd u usw v vgl Vors z zw zzgl zit"""
)
# Abbreviations that commonly close a sentence ("… Polen usw. Die …").
FINAL_ABBREVIATIONS = _words("etc usw Chr ff Jh Jhs Co Ltd jr Jr")

MONTHS = _words(
    """Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober
    November Dezember Jan Feb Mär Apr Jun Jul Aug Sep Sept Okt Nov Dez"""
)

# Capitalised function words that begin sentences but seldom follow an ordinal or an
# abbreviation inside one: articles, pronouns, conjunctions, prepositions and sentence
# adverbs (closed classes of STTS).
SENTENCE_STARTERS = _words(
    """Aber Ab Allein Allerdings Als Also Am An Angesichts Anders Auch Auf Aus Außerdem Bei Beim
    Bereits Bis Da Dabei Daher Damit Danach Dann Darauf Darüber Das Dass Davor Dazu
    Dem Den Denn Der Deren Des Deshalb Dessen Die Dies Diese Diesem Diesen Dieser Dieses
    Doch Dort Durch Ein Eine Einem Einen Einer Eines Er Erst Es Etwa Für Gegen Gestern
    Heute Hier Ich Ihr Ihre Im In Indes Inzwischen Insgesamt Jedoch Jetzt Laut Man Mit
    Nach Nachdem Neben Noch Nun Nur Ob Obwohl Ohne Schon Seit Sie So Sogar Somit Später
    Trotz Trotzdem Um Und Unter Vom Von Vor Während Was Weil Wegen Weiter Wenn Wer Wie
    Wir Wo Zudem Zuletzt Zum Zunächst Zur Zwar Über"""
)

# Archives that flatten an article to one line (10kGNAD does) glue each subheading to the
# paragraph it heads: "… Nachrichtenagentur am Donnerstag. Sondereinsatz In der Kurdenregion
# …", "Wałęsa weist Vorwürfe zurück Es sei …". Inside a German sentence a capitalised
# article, pronoun or preposition follows no word but a title's introducer ("in Der
# Spiegel", "der Film Die Welle"), so a subheading ends before one of these starters. "Sie",
# "Ihr", "Ich" and "Wir" are left out: the polite "Sie" and quoted pronouns occur anywhere.
HEADING_ENDS_BEFORE = SENTENCE_STARTERS - _words("Sie Ihr Ihre Ich Wir Und")
# Words that may stand before a capitalised title or name inside a sentence: prepositions,
# articles, conjunctions, and the nouns that introduce a work or a paper.
_TITLE_INTRODUCERS = _words(
    """a ab als am an auf aus bei beim bis der den dem des die das durch ein eine einem einen
    einer eines für gegen heißt im in mit nach namens oder seit sowie über um und unter vom
    von vor wie zu zum zur zwischen"""
)
_TITLE_NOUN_ENDINGS = (
    "zeitung", "zeitschrift", "blatt", "magazin", "film", "roman", "buch", "serie", "sendung",
    "titel", "stück", "album", "lied", "song", "oper", "show", "partei", "werk", "band",
    "reportage", "doku", "kampagne", "motto", "slogan", "worte", "ausstellung", "festival",
)

# Words after which a number with a period is an ordinal even before a capitalised noun
# ("am 3. Oktober", "der 2. Weltkrieg", "zum 3. Mal").
ORDINAL_CONTEXT = _words(
    """am im vom zum beim bis ab seit der die das den dem des zur ihr ihre ihrem ihren
    ihres sein seine seinem seinen seines jeder jede jedes unser unsere dieser diese
    dieses diesem zwischen vor nach"""
)

_DASHES = "–—‒―"
_HYPHENS = "-‐‑"
DASHES = frozenset(_DASHES + _HYPHENS)
_HYPHEN_CLASS = r"\-‐‑"

# The known abbreviations by first letter, longest first, for the compiled scanner.
_ABBREVIATIONS_BY_LETTER = {
    letter: tuple(sorted((a for a in ABBREVIATIONS if a[0] == letter), key=len, reverse=True))
    for letter in {a[0] for a in ABBREVIATIONS}
}
# An inflected attributive adjective or participle before a number makes it an ordinal
# ("im vollendeten 16. Lebensjahr", "der kommenden 3. Runde").
_ATTRIBUTIVE = re.compile(r"[a-zäöüß]{2,}(?:ten|ste|sten|ster|stem|stes|enden|ende|ender)")
_NEXT_WORD = re.compile(r"\s*(\S)(\w*)")
_PLACE = rf"[A-ZÄÖÜŁ][\w.'{_HYPHEN_CLASS}]*"
# Places join with slashes, spaces and the lower-case particles of place names
# ("Warschau/Moskau", "Tel Aviv", "Rio de Janeiro", "Zell am See"), may carry a gloss in
# brackets ("Breslau (Wroclaw)"), and end in a dash between spaces.
_DATELINE = re.compile(
    rf"{_PLACE}(?:(?:\s*/\s*|\s+|\s+(?:de|del|da|do|am|an|im|bei|ob|el|la)\s+){_PLACE}){{0,5}}"
    rf"(?:\s+\([^()]{{1,30}}\))?\s+[{_DASHES}{_HYPHEN_CLASS}]\s+(?=\S)"
)
DATELINE_SENTENCES = 4


def _paragraph_between(text: str, start: int, end: int) -> bool:
    """Whether the whitespace ``text[start:end]`` holds a blank line."""
    return end - start > 1 and text.count("\n", start, end) >= 2


def _next_word(text: str, pos: int) -> tuple[str, str, bool]:
    """The first character and the word after ``pos``, and whether a blank line precedes."""
    match = _NEXT_WORD.match(text, pos)
    if match is None:
        return "", "", True
    return (
        match.group(1),
        match.group(1) + match.group(2),
        _paragraph_between(text, pos, match.start(1)),
    )


def _ends_sentence_after(text: str, end: int) -> bool:
    """Whether the text after a period-bearing ordinal or abbreviation starts a sentence."""
    first, word, paragraph = _next_word(text, end)
    return paragraph or first in QUOTES or word in SENTENCE_STARTERS


def _ordinal_period(text: str, word: str, end: int, previous: str) -> int:
    """What the period of ``10.`` or ``II.`` (``word``, ending at ``end``) is: an
    ordinal's, a full stop after a number (split off), or a full stop after a numeral."""
    numeral = word[:-1]
    first, following, _ = _next_word(text, end)
    if first.islower() or first.isdigit() or following in MONTHS:
        return ORDINAL_KEEPS_PERIOD
    if _ends_sentence_after(text, end):
        ends = True
    elif numeral.isdigit():
        ends = not (
            previous.lower() in ORDINAL_CONTEXT
            or previous.endswith(".")
            or previous == "("
            or _ATTRIBUTIVE.fullmatch(previous) is not None
        )
    else:
        # Roman numerals are regnal ordinals after a name ("Abdullah II."), else a letter.
        ends = not previous[:1].isupper()
    if not ends:
        return ORDINAL_KEEPS_PERIOD
    return ORDINAL_SPLIT if numeral.isdigit() else ORDINAL_ENDS_SENTENCE


def _abbreviation_period(text: str, word: str, end: int, dotted: bool) -> bool:
    """Whether the period of an abbreviation or of initials (``dotted``) ends a sentence."""
    stem = word.split(".")[0]
    can_end = dotted or stem in FINAL_ABBREVIATIONS or len(stem) == 1
    return can_end and _ends_sentence_after(text, end)


def scan(text: str, start: int = 0) -> tuple[list[Token], set[int]]:
    """Split ``text`` from ``start`` into tokens; also return the indices of full stops.

    The scan is compiled (:mod:`depesche.engine._tokenizer`, whose docstring lists the
    kinds of token). Full stops are the tokens after which a sentence may end: ".", "!",
    "?", "…", and the abbreviations, initials and regnal ordinals judged to end a sentence
    with their own period (they need the next word, so they are decided here).
    """
    return scan_tokens(text, start, _ABBREVIATIONS_BY_LETTER, _ordinal_period,
                       _abbreviation_period, Token)


def _closes_sentence(text: str, tokens: list[Token], k: int) -> bool:
    """Whether the sentence goes on after token ``k`` (a terminal with its closers)."""
    if k + 1 >= len(tokens):
        return True
    following = tokens[k + 1].text
    if _paragraph_between(text, tokens[k].end, tokens[k + 1].start):
        return True
    first = following[0]
    return not (first.islower() or first in ",;:" or following in DASHES)


def _heading_ends(text: str, tokens: list[Token], k: int) -> bool:
    """Whether token ``k`` ends a subheading glued to the paragraph it heads (see
    :data:`HEADING_ENDS_BEFORE`): a word, one space, a sentence starter, then a word."""
    word, starter = tokens[k], tokens[k + 1]
    if (
        starter.text not in HEADING_ENDS_BEFORE
        or starter.start != word.end + 1
        or k + 2 >= len(tokens)
        or not tokens[k + 2].text[0].isalpha()
        or not word.text[0].isalpha()
        or not word.text[-1].isalpha()
    ):
        return False
    lowered = word.text.lower()
    return lowered not in _TITLE_INTRODUCERS and not lowered.endswith(_TITLE_NOUN_ENDINGS)


# Sentence-final punctuation that may follow another without a space.
GLUED_TERMINALS = frozenset({".", "!", "?", "…"})


def split_sentences(text: str, tokens: list[Token], stops: set[int]) -> list[Sentence]:
    """Group ``tokens`` into sentences, numbering ``si`` and ``sentence`` on each token."""
    sentences: list[Sentence] = []
    first = 0
    k = 0
    n = len(tokens)
    while k < n:
        token = tokens[k]
        boundary = False
        if k in stops:
            # Closing quotes and brackets glued to the punctuation belong to the sentence,
            # and so does more punctuation ("schildert K..", "?!"): no sentence of its own.
            while (
                k + 1 < n
                and (tokens[k + 1].text in CLOSERS or tokens[k + 1].text in GLUED_TERMINALS)
                and tokens[k + 1].start == tokens[k].end
            ):
                k += 1
            boundary = _closes_sentence(text, tokens, k)
        elif k + 1 < n:
            # (the cheap tests first: most tokens have one space or none after them, and
            # few are followed by a word that may open a sentence)
            following = tokens[k + 1]
            boundary = (following.start - token.end > 1
                        and _paragraph_between(text, token.end, following.start)) \
                or (following.text in HEADING_ENDS_BEFORE and _heading_ends(text, tokens, k))
        if boundary or k + 1 == n:
            sentences.append(
                Sentence(len(sentences), tokens[first].start, tokens[k].end, first, k + 1)
            )
            first = k + 1
        k += 1
    for sentence in sentences:
        for si, token in enumerate(tokens[sentence.first : sentence.last]):
            token.si = si
            token.sentence = sentence.index
    return sentences


def mark_datelines(text: str, tokens: list[Token], sentences: list[Sentence]) -> None:
    """Flag the tokens of a dateline ("Warschau/Moskau –") at the head of a sentence."""
    for sentence in sentences[:DATELINE_SENTENCES]:
        match = _DATELINE.match(text, sentence.start, sentence.end)
        if match is not None and tokens[sentence.first].text not in SENTENCE_STARTERS:
            for token in tokens[sentence.first : sentence.last]:
                if token.start >= match.end():
                    break
                token.attrs["dateline"] = True
            return


def tokenize(doc: Document) -> Document:
    """Fill ``doc.tokens`` and ``doc.sentences`` from the article text, in place."""
    tokens, stops = scan(doc.text, doc.body_start)
    doc.tokens = tokens
    doc.sentences = split_sentences(doc.text, tokens, stops)
    mark_datelines(doc.text, tokens, doc.sentences)
    return doc
