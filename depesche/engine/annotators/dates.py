"""The ``dates`` annotator: temporal expressions as ``DATE`` mentions, normalised.

Expressions are found sentence by sentence with the patterns below and normalised against
the document date the way HeidelTime does for news (Strötgen & Gertz, "Multilingual and
cross-domain temporal tagging", Language Resources and Evaluation 47(2), 2013; German
resources in HeidelTime's ``resources/german/``):

* the word lists follow HeidelTime's German pattern files (``repattern/reMonthLong.txt``
  with the Austrian "Jänner" and "Feber", ``reWeekday.txt``, ``rePartWords.txt`` for
  "Anfang/Mitte/Ende", ``reThisNextLast.txt`` for "vergangene/kommende/nächste");
* an underspecified date ("am 10. Januar", "Mitte Januar") takes its year from the
  document date and the tense of its sentence, as HeidelTime's
  ``ResolveAmbiguousValues`` does for news: in a present or future sentence a month before
  the document's lies ahead (next year), in a past sentence a month after it lies behind
  (last year); "am 10. Januar" in a December 2021 article is 2022-01-10;
* a weekday ("am Donnerstag") and relative days ("gestern", "am Vortag") need a document
  date of day granularity; relative weeks ("vergangene Woche") give an ISO week;
* what cannot be resolved (no document date, or one too coarse, or an open period such as
  "in den kommenden Wochen", which HeidelTime marks ``FUTURE_REF``) keeps its text and
  granularity with ``value: None``.

Values are ISO 8601: ``YYYY-MM-DD``, ``YYYY-Www``, ``YYYY-MM``, ``YYYY``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from depesche.engine.annotators.registry import AnnotationContext, annotate, annotator
from depesche.engine.document import Document, Mention, Sentence, Token

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3,
    "mär": 3, "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "dezember": 12, "dez": 12,
}
WEEKDAYS = {"montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4,
            "samstag": 5, "sonnabend": 5, "sonntag": 6}
# "vergangene", "kommende" … (HeidelTime reThisNextLast): direction relative to the date.
DIRECTION = {"vergangen": -1, "letzt": -1, "vorig": -1, "kommend": 1, "nächst": 1,
             "dies": 0, "laufend": 0, "folgend": 1}
UNIT_GRANULARITY = {"tag": "day", "woche": "week", "monat": "month", "jahr": "year",
                    "wochenende": "day"}
RELATIVE_DAYS = {"heute": 0, "gestern": -1, "vorgestern": -2, "morgen": 1,
                 "übermorgen": 2, "vortag": -1, "vortags": -1, "folgetag": 1}

MONTH = (r"(?P<month>Januar|Jänner|Februar|Feber|März|April|Mai|Juni|Juli|August|September"
         r"|Oktober|November|Dezember|(?:Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sept?|Okt|Nov|Dez)\.)")
WEEKDAY = (r"(?P<weekday>Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend"
           r"|Sonntag)(?:abend|morgen|vormittag|nachmittag|mittag|nacht)?")
YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
DIR = r"(?P<dir>(?:vergangen|letzt|vorig|kommend|nächst|dies|laufend|folgend)(?:e|en|er|es|em)?)"
PART = r"(?P<part>Anfang|Mitte|Ende)"
# "in den kommenden Wochen": an open stretch of time.
PERIOD = r"(?:vergangenen|letzten|kommenden|nächsten|folgenden|zurückliegenden)"
NUMERIC_DATE = r"(?P<nday>\d{1,2})\.(?P<nmonth>\d{1,2})\.(?P<nyear>\d{4})"
# "im Februar dieses Jahres", "Anfang Oktober des vergangenen Jahres"
OF_YEAR = (r"(?:\s+(?:des\s+)?(?P<yrel>dies|vergangen|letzt|vorig|kommend|nächst)(?:es|en)"
           r"\s+Jahres)?")
# Prepositions that belong to the expression ("am 10. Januar", "seit 2011"), any case.
PREP = (r"(?:(?:[Aa]m|[Ii]m|[Vv]om|[Ss]eit(?:\s+dem)?|[Bb]is(?:\s+zum|\s+Ende)?|[Aa]b|[Zz]um"
        r"|[Ii]n\s+der|[Ii]n\s+den|[Ii]n\s+diesem|[Ff]ür|[Vv]or|[Nn]ach|[Ss]pätestens)\s+)")
END = r"(?![\w-])"


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a date is resolved against: the document date and the sentence's tense."""

    date: dt.date | None
    granularity: str | None
    tense: str  # "past" | "future" | "present"
    last_day: dt.date | None  # the last day mentioned before, for "am Vortag"


Resolution = tuple[str | None, str]  # value, granularity
Resolver = Callable[[re.Match[str], Anchor], Resolution]


def iso_day(day: dt.date) -> str:
    return day.isoformat()


def year_for(month: int, day: int | None, anchor: Anchor) -> int | None:
    """The year of an underspecified month (and day), HeidelTime's news strategy."""
    if anchor.date is None or anchor.granularity == "year":
        return None
    ref = anchor.date
    year = ref.year
    later = (month, day or 0) > (ref.month, ref.day if anchor.granularity == "day" else 0)
    earlier = month < ref.month or (
        month == ref.month and anchor.granularity == "day" and day is not None and day < ref.day)
    if anchor.tense == "past" and later and month != ref.month:
        year -= 1
    elif anchor.tense != "past" and earlier:
        year += 1
    return year


def resolve_numeric(match: re.Match[str], anchor: Anchor) -> Resolution:
    day, month, year = (int(match.group(g)) for g in ("nday", "nmonth", "nyear"))
    try:
        return iso_day(dt.date(year, month, day)), "day"
    except ValueError:
        return None, "day"


def stated_year(match: re.Match[str], anchor: Anchor) -> int | None:
    """The year a date states: its digits, or "dieses/des vergangenen Jahres"."""
    if match.groupdict().get("year"):
        return int(match.group("year"))
    relative = match.groupdict().get("yrel")
    if relative and anchor.date is not None:
        return anchor.date.year + DIRECTION[relative]
    return None


def resolve_day_month(match: re.Match[str], anchor: Anchor) -> Resolution:
    day, month = int(match.group("day")), month_number(match.group("month"))
    year = stated_year(match, anchor) or year_for(month, day, anchor)
    if year is None:
        return None, "day"
    try:
        return iso_day(dt.date(year, month, day)), "day"
    except ValueError:
        return None, "day"


def resolve_month(match: re.Match[str], anchor: Anchor) -> Resolution:
    month = month_number(match.group("month"))
    year = stated_year(match, anchor)
    if year is not None:
        return f"{year}-{month:02d}", "month"
    direction = match.groupdict().get("dir")
    if direction and anchor.date is not None and anchor.granularity in ("day", "month"):
        step = DIRECTION[stem(direction)]
        year = anchor.date.year
        if step < 0 and month >= anchor.date.month:
            year -= 1
        elif step > 0 and month <= anchor.date.month:
            year += 1
        return f"{year}-{month:02d}", "month"
    guessed = year_for(month, None, anchor)
    return (f"{guessed}-{month:02d}" if guessed else None), "month"


def resolve_year(match: re.Match[str], anchor: Anchor) -> Resolution:
    return match.group("year"), "year"


def resolve_weekday(match: re.Match[str], anchor: Anchor) -> Resolution:
    """A weekday relative to a day-exact document date, in the sentence's direction."""
    if anchor.date is None or anchor.granularity != "day":
        return None, "day"
    target = WEEKDAYS[match.group("weekday").lower()]
    ref = anchor.date
    direction = match.groupdict().get("dir")
    step = DIRECTION[stem(direction)] if direction else None
    back = (ref.weekday() - target) % 7
    ahead = (target - ref.weekday()) % 7
    if step == -1 or (step is None and anchor.tense == "past"):
        delta = -(back or (7 if step == -1 else 0))
    elif step == 1 or anchor.tense == "future":
        delta = ahead or 7
    else:
        delta = -back if back <= ahead else ahead
    return iso_day(ref + dt.timedelta(days=delta)), "day"


def resolve_relative_unit(match: re.Match[str], anchor: Anchor) -> Resolution:
    """"vergangene Woche", "im kommenden Jahr", "diesen Monat"."""
    unit = match.group("unit").lower().rstrip("s")
    unit = "jahr" if unit.startswith("jahr") else unit
    granularity = UNIT_GRANULARITY[unit]
    step = DIRECTION[stem(match.group("dir"))]
    ref = anchor.date
    if ref is None:
        return None, granularity
    if granularity == "year":
        return str(ref.year + step), "year"
    if granularity == "month" and anchor.granularity in ("day", "month"):
        month = ref.month - 1 + step
        return f"{ref.year + month // 12}-{month % 12 + 1:02d}", "month"
    if granularity == "week" and anchor.granularity == "day":
        year, week, _ = (ref + dt.timedelta(weeks=step)).isocalendar()
        return f"{year}-W{week:02d}", "week"
    return None, granularity


def resolve_open_period(match: re.Match[str], anchor: Anchor) -> Resolution:
    """"in den kommenden Wochen": an open stretch of time, not a point (FUTURE_REF)."""
    unit = match.group("units").lower()
    for stem_, granularity in UNIT_GRANULARITY.items():
        if unit.startswith(stem_):
            return None, granularity
    return None, "day"


def resolve_relative_day(match: re.Match[str], anchor: Anchor) -> Resolution:
    """"heute", "gestern", "am Vortag": relative to the last day mentioned or the date."""
    word = match.group("rel").lower()
    offset = RELATIVE_DAYS[word]
    ref = anchor.last_day if word.startswith(("vortag", "folgetag")) else None
    if ref is None and anchor.granularity == "day":
        ref = anchor.date
    if ref is None:
        return None, "day"
    return iso_day(ref + dt.timedelta(days=offset)), "day"


def resolve_part_of_unit(match: re.Match[str], anchor: Anchor) -> Resolution:
    """"Anfang des Monats", "Ende des Jahres": the document's month or year."""
    unit = match.group("punit").lower()
    if anchor.date is None:
        return None, "month" if unit.startswith("monat") else "year"
    if unit.startswith("monat"):
        if anchor.granularity == "year":
            return None, "month"
        return f"{anchor.date.year}-{anchor.date.month:02d}", "month"
    return str(anchor.date.year), "year"


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def stem(direction: str) -> str:
    """The direction word without its ending; a word written without one ("im vergangen
    Jahr") is its own stem."""
    lower = direction.lower()
    return lower if lower in DIRECTION else re.sub(r"(e|en|er|es|em)$", "", lower)


def _cue(fragment: str) -> re.Pattern[str]:
    """A fragment of the patterns, searched alone: without its group names."""
    return re.compile(re.sub(r"\(\?P<\w+>", "(?:", fragment))


# What a sentence must contain for a pattern to have a chance: each pattern below names the
# cues it cannot match without (each is a part of the pattern outside any optional group),
# so that a sentence is searched once per cue instead of once per pattern.
CUES = {"month": _cue(MONTH), "weekday": _cue(WEEKDAY), "dir": _cue(DIR), "part": _cue(PART),
        "year": _cue(YEAR), "numeric": _cue(NUMERIC_DATE), "period": _cue(PERIOD)}

# Patterns in priority order: at each position the longest match wins, ties go to the
# earlier pattern.
PATTERNS: tuple[tuple[re.Pattern[str], Resolver, frozenset[str]], ...] = tuple(
    (re.compile(pattern), resolver, frozenset(cues)) for pattern, resolver, cues in (
        (rf"{PREP}?(?<![\d.]){NUMERIC_DATE}{END}", resolve_numeric, {"numeric"}),
        (rf"{PREP}?(?:{WEEKDAY},?\s+(?:de[mn]\s+)?)?(?<![\d.])(?P<day>\d{{1,2}})\.\s*{MONTH}"
         rf"(?:\s+{YEAR}|{OF_YEAR}){END}", resolve_day_month, {"month"}),
        (rf"{PREP}?(?:{PART}\s+)?{MONTH}\s+{YEAR}{END}", resolve_month, {"month", "year"}),
        (rf"{PREP}?{PART}\s+{MONTH}{OF_YEAR}{END}", resolve_month, {"part", "month"}),
        (rf"{PREP}?{DIR}\s+{MONTH}{END}", resolve_month, {"dir", "month"}),
        (rf"{PREP}{MONTH}{OF_YEAR}{END}", resolve_month, {"month"}),
        (rf"{PREP}?{PART}\s+(?:de[sr]\s+)?(?:Jahres\s+)?{YEAR}{END}", resolve_year,
         {"part", "year"}),
        (rf"{PREP}?(?:{DIR}\s+)?{WEEKDAY}{END}", resolve_weekday, {"weekday"}),
        (rf"(?:{PREP}|[Ii]n\s+der\s+)?{DIR}\s+(?P<unit>Woche|Wochenende|Monat|Monats|Jahr"
         rf"|Jahres){END}", resolve_relative_unit, {"dir"}),
        (rf"(?:{PREP}|[Ii]n\s+den\s+)?{PERIOD}\s+(?P<units>Tagen?|Wochen|Monaten|Jahren){END}",
         resolve_open_period, {"period"}),
        (r"(?:[Aa]m\s+|[Vv]om\s+)?(?P<rel>[Hh]eute|[Gg]estern|[Vv]orgestern|[Üü]bermorgen"
         r"|Vortags?|Folgetag)(?![\w-])", resolve_relative_day, set()),
        (r"(?<![Aa]m\s)(?<![\w-])(?P<rel>morgen)(?![\w-])", resolve_relative_day, set()),
        (rf"{PREP}?{PART}\s+(?:des|dieses)\s+(?P<punit>Monats|Jahres){END}",
         resolve_part_of_unit, {"part"}),
        (rf"(?:{PREP}(?:Jahre?s?\s+)?|[Ii]m\s+Jahre?\s+)?(?<![\d.,/-]){YEAR}(?![\d-]|[.,]\d)",
         resolve_year, {"year"}),
    )
)
# Every pattern contains one of these: sentences without any are skipped at once.
TRIGGER = re.compile(
    r"\d|[Jj]anuar|Jänner|Feb|März|Mär\.|Apr|Mai|Jun|Jul|Aug|Sep|Okt|Nov|Dez|tag(?:abend|morgen"
    r"|vormittag|nachmittag|mittag|nacht)?\b|[Ss]onnabend|[Hh]eute|[Gg]estern|morgen|Vortag"
    r"|Folgetag|Mittwoch|Woche|Monat|Jahr|Tage\b|Tagen")
# A bare year followed by a capitalised word is mostly a count ("2000 Soldaten").
COUNT_AFTER = re.compile(r"\s+[A-ZÄÖÜ]")
PAST_AUXILIARIES = frozenset({"war", "waren", "warst", "hatte", "hatten", "hattest",
                              "wurde", "wurden", "wurdest"})
PERFECT_AUXILIARIES = frozenset({"hat", "haben", "habe", "hast", "ist", "sind", "sei",
                                 "seien", "bin"})
UNUMLAUT = str.maketrans("äöü", "aou")


def sentence_tense(tokens: list[Token]) -> str:
    """The tense of a sentence as HeidelTime's disambiguation needs it (past/future/present).

    Past: a preterite ("sagte", "war", "konnte": a weak or modal stem + te) or a perfect
    (finite haben/sein with a participle). Future: finite "werden" with an infinitive.
    """
    has_participle = any((t.pos or "").endswith("PP") for t in tokens)
    has_infinitive = any((t.pos or "").endswith("INF") for t in tokens)
    for token in tokens:
        pos, lower = token.pos or "", token.text.lower()
        if not pos.endswith("FIN"):
            continue
        if lower in PAST_AUXILIARIES or (lower in PERFECT_AUXILIARIES and has_participle):
            return "past"
        lemma = (token.lemma or "").lower().split("-")[-1]
        base = re.sub(r"e?n$", "", lemma).translate(UNUMLAUT)
        if base and re.fullmatch(rf"{re.escape(base)}e?te(n|st|t)?", lower.translate(UNUMLAUT)):
            return "past"
    werden = any(t.lemma == "werden" and (t.pos or "").endswith("FIN") for t in tokens)
    return "future" if werden and has_infinitive else "present"


def find_dates(text: str) -> list[tuple[int, int, re.Match[str], Resolver]]:
    """Non-overlapping date expressions of a text, leftmost-longest."""
    if not TRIGGER.search(text):
        return []
    present = {cue for cue, pattern in CUES.items() if pattern.search(text)}
    candidates = []
    for rank, (pattern, resolver, cues) in enumerate(PATTERNS):
        if not cues <= present:
            continue
        for match in pattern.finditer(text):
            if resolver is resolve_year and match.group(0) == match.group("year") and \
                    COUNT_AFTER.match(text, match.end()):
                continue
            length = match.end() - match.start()
            candidates.append((match.start(), -length, rank, match, resolver))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[tuple[int, int, re.Match[str], Resolver]] = []
    taken_until = -1
    for start, negative_length, _, match, resolver in candidates:
        if start >= taken_until:
            chosen.append((start, start - negative_length, match, resolver))
            taken_until = start - negative_length
    return chosen


def token_range(tokens: list[Token], starts: list[int], start: int, end: int) -> tuple[int, int]:
    """The tokens ``[first, last)`` of a sentence that a character span covers."""
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end)
    return tokens[first].i, tokens[max(first, last - 1)].i + 1


def annotate_sentence(
    doc: Document, sentence: Sentence, last_day: dt.date | None, context: AnnotationContext
) -> dt.date | None:
    """Add the DATE mentions of one sentence; return the last day mentioned so far.

    The tense, and with it the tagger, is needed only to place a date without a year
    relative to the document date; a document without a date is never tagged for dates.
    """
    tokens = doc.sentence_tokens(sentence)
    if not tokens:
        return last_day
    text = doc.text[sentence.start:sentence.end]
    found = find_dates(text)
    if not found:
        return last_day
    tense = "present"
    if doc.date is not None:
        annotate(doc, {"pos", "lemma"}, context)
        tense = sentence_tense(tokens)
    starts = [token.start for token in tokens]
    for start, end, match, resolver in found:
        while end > start and text[end - 1].isspace():
            end -= 1
        anchor = Anchor(doc.date, doc.date_granularity, tense, last_day)
        value, granularity = resolver(match, anchor)
        char_start, char_end = sentence.start + start, sentence.start + end
        first, last = token_range(tokens, starts, char_start, char_end)
        mention_text = doc.text[char_start:char_end]
        doc.add_mention(Mention("DATE", first, last, char_start, char_end, mention_text,
                                {"text": mention_text, "value": value,
                                 "granularity": granularity}))
        if granularity == "day" and value:
            last_day = dt.date.fromisoformat(value)
    return last_day


@annotator("dates", provides={"DATE"})
def annotate_dates(doc: Document, context: AnnotationContext) -> None:
    """Add DATE mentions with ISO values resolved against the document date."""
    last_day = None
    for sentence in doc.sentences:
        last_day = annotate_sentence(doc, sentence, last_day, context)
