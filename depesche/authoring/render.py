"""An article as one self-contained HTML page with its facts highlighted by type.

Inline CSS and JavaScript only (no network): the text is cut at every fact boundary into
segments, each coloured by the innermost fact covering it (a dashed outline when several
do, as the legend says); hovering shows the facts of a segment, clicking pins them in the
side panel with every field, the rule and the evidence, written out as text
(:func:`fact_rows`). The facts travel as JSON inside the page. A ``date …`` header line is
shown as the article's date, not as article text.

Colours are Paul Tol's "light" scheme (https://personal.sron.nl/~pault/, *Colour
schemes*, 2021): nine colours that stay apart for readers with any of the common colour
vision deficiencies and keep black text legible. Seventeen types need more than nine, so
eight types carry a colour of the eight in stripes: the pattern tells them apart where
colour cannot (``tests/test_authoring_render.py`` checks both).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from depesche.engine.ruleset import FACT_TYPES

# Paul Tol's "light" scheme.
LIGHT_BLUE, ORANGE, LIGHT_YELLOW, PINK = "#77AADD", "#EE8866", "#EEDD88", "#FFAABB"
LIGHT_CYAN, MINT, PEAR, OLIVE, PALE_GREY = "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00", "#DDDDDD"

# Per type: its colour, and whether it is striped. The types met most often (and those
# that meet in one sentence: accusing, rejecting, threatening) have colours of their own;
# the rarer ones share a colour with one of them, in stripes.
PALETTE: dict[str, tuple[str, bool]] = {
    "CONSULT": (LIGHT_BLUE, False), "AGREE": (MINT, False), "SUPPORT": (PEAR, False),
    "REQUEST": (LIGHT_YELLOW, False), "ACCUSE": (ORANGE, False),
    "REJECT": (LIGHT_CYAN, False), "THREATEN": (PINK, False), "ASSAULT": (OLIVE, False),
    "CONCEDE": (PEAR, True), "COOPERATE": (LIGHT_BLUE, True), "AID": (MINT, True),
    "RETREAT": (LIGHT_CYAN, True), "PROTEST": (LIGHT_YELLOW, True),
    "SANCTION": (ORANGE, True), "MOBILIZE": (OLIVE, True), "COERCE": (PINK, True),
    "STATEMENT": (PALE_GREY, False),
}


def background(fact_type: str) -> str:
    """The CSS background of a type's highlights: its colour, plain or striped."""
    colour, striped = PALETTE.get(fact_type, (PALE_GREY, False))
    if not striped:
        return colour
    return f"repeating-linear-gradient(135deg, {colour} 0 5px, #fff 5px 8px)"


# Each type's CSS background, for pages that colour facts as this one does (depesche play).
COLOURS = {fact_type: background(fact_type) for fact_type in PALETTE}

STYLE = """
body { font: 16px/1.6 Georgia, serif; margin: 0; display: flex; color: #222; }
main { flex: 3; padding: 1.5em 2em; white-space: pre-wrap; }
aside { flex: 2; padding: 1em; border-left: 1px solid #ccc; font: 13px/1.4 sans-serif;
        position: sticky; top: 0; height: 100vh; overflow: auto; box-sizing: border-box; }
h1 { font: bold 15px sans-serif; margin: 0 0 .5em; }
.fact { border-radius: 3px; cursor: pointer; }
.fact.many, .legend .many { outline: 1px dashed #555; }
.fact.on { box-shadow: 0 0 0 2px #222; }
.legend span { display: inline-block; padding: 0 .4em; margin: 0 .3em .3em 0;
               border-radius: 3px; }
.legend .many { background: #fff; }
.date { color: #555; margin: 0 0 .6em; }
#tip { position: fixed; display: none; background: #fff; border: 1px solid #888;
       padding: .4em .6em; font: 12px/1.3 sans-serif; max-width: 28em; pointer-events: none; }
dl { margin: .2em 0 1em; } dt { font-weight: bold; float: left; clear: left; width: 6em; }
dd { margin-left: 6.5em; } .card { border-top: 1px solid #ddd; padding-top: .4em; }
"""

SCRIPT = """
const tip = document.getElementById('tip'), panel = document.getElementById('details');
const cards = JSON.parse(document.getElementById('cards').textContent);
function card(i) {
  const dl = document.createElement('dl'); dl.className = 'card';
  for (const [k, v] of cards[i].rows) {
    const dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = k; dd.textContent = v; dl.append(dt, dd);
  }
  return dl;
}
function factsOf(el) { return el.dataset.facts.split(' ').map(Number); }
for (const el of document.querySelectorAll('main .fact')) {
  el.addEventListener('mousemove', e => {
    tip.textContent = factsOf(el).map(i => cards[i].summary).join('\\n');
    tip.style.whiteSpace = 'pre-line'; tip.style.display = 'block';
    tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';
  });
  el.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  el.addEventListener('click', () => {
    document.querySelectorAll('.fact.on').forEach(x => x.classList.remove('on'));
    const ids = el.dataset.facts.split(' ');
    document.querySelectorAll('main .fact').forEach(x => {
      if (x.dataset.facts.split(' ').some(i => ids.includes(i))) x.classList.add('on');
    });
    panel.replaceChildren(...factsOf(el).map(card));
  });
}
"""


def segments(text: str, facts: list[dict[str, Any]], cuts: Iterable[int] = ()
             ) -> list[tuple[int, int, list[int]]]:
    """The text cut at every fact boundary: (start, end, the facts covering it, innermost first).

    ``cuts`` are more places to cut at (``depesche play`` cuts at sentence ends as well).
    """
    cuts = {0, len(text), *(max(0, min(cut, len(text))) for cut in cuts)}
    for fact in facts:
        start, end = fact["span"]
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    segments = []
    for a, b in pairwise(sorted(cuts)):
        covering = [i for i, f in enumerate(facts) if f["span"][0] <= a and b <= f["span"][1]]
        # Innermost first: a threat quoted inside a statement shows as a threat.
        covering.sort(key=lambda i: facts[i]["span"][1] - facts[i]["span"][0])
        segments.append((a, b, covering))
    return segments


FORMS = {"direct": "direct quote", "indirect": "indirect speech",
         "according_to": "according to a source"}


def _actors(actors: list[dict[str, Any]] | dict[str, Any] | None) -> str:
    """Actors as people read them: ``Putin (RUS), die USA (USA)``."""
    items = [actors] if isinstance(actors, dict) else actors or []
    return ", ".join(f"{a.get('text') or a.get('name') or '?'}"
                     + (f" ({a['code']})" if a.get("code") else "") for a in items)


def _date(date: dict[str, Any] | None) -> str:
    if not date:
        return ""
    if date.get("value") is None:
        return f"{date.get('text')} (not resolved to a date)"
    return f"{date.get('text')} = {date['value']}" + (
        f" ({date['granularity']})" if date.get("granularity") else "")


def _modality(modality: dict[str, Any] | None) -> str:
    words = []
    for key, value in (modality or {}).items():
        if key == "hypothetical":
            words.append("hypothetical" if value else "not hypothetical")
        elif key == "polarity":
            words.append(str(value))
        else:
            words.append(f"{key} {value}")
    return ", ".join(words)


def _attribution(attribution: dict[str, Any] | None) -> str:
    if not attribution:
        return ""
    form = attribution.get("form")
    cue = attribution.get("cue")
    return FORMS.get(form, str(form or "")) + (f", cue \u201e{cue}\u201c" if cue else "")


def fact_rows(fact: dict[str, Any]) -> list[tuple[str, str]]:
    """A fact's fields as the side panel shows them: words, not JSON, and no empty ones."""
    span = fact.get("span") or ()
    rows = [
        ("type", fact.get("type") or ""), ("rule", fact.get("rule") or ""),
        ("actor", _actors(fact.get("actor"))), ("recipient", _actors(fact.get("recipient"))),
        ("speaker", _actors(fact.get("speaker"))), ("date", _date(fact.get("date"))),
        ("location", (fact.get("location") or {}).get("text") or ""),
        ("mode", fact.get("mode") or ""), ("modality", _modality(fact.get("modality"))),
        ("content", (fact.get("content") or {}).get("text") or ""),
        ("attribution", _attribution(fact.get("attribution"))),
        ("span", "\u2013".join(map(str, span))), ("evidence", fact.get("evidence") or ""),
    ]
    return [(key, value) for key, value in rows if value]


def fact_summary(fact: dict[str, Any]) -> str:
    """One line for the tooltip: ``THREATEN [rule] Putin (RUS) \u2192 die USA (USA)``."""
    line = f"{fact.get('type')} [{fact.get('rule')}]"
    if fact.get("actor"):
        line += " " + _actors(fact["actor"])
    if fact.get("recipient"):
        line += " \u2192 " + _actors(fact["recipient"])
    return line


def shown_date(date: dt.date | None, granularity: str | None) -> str | None:
    """A document's date as precise as it is known: ``2021-12``, ``2021-12-07``."""
    if date is None:
        return None
    return date.isoformat()[:{"year": 4, "month": 7}.get(granularity or "day", 10)]


def _json_in_script(value: Any) -> str:
    # "</" inside a script element would end it early; JSON allows the escaped slash.
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def render_html(doc_id: str, text: str, facts: list[dict[str, Any]], *,
                body_start: int = 0, date: str | None = None) -> str:
    """The page for one article and its facts (as ``Fact.to_json`` gives them).

    ``body_start`` is where the article text begins after a ``date …`` header line
    (``Document.body_start``): the header is shown as ``date``, not as text. Offsets stay
    those of the whole ``text``.
    """
    body = []
    for start, end, covering in segments(text, facts):
        if end <= body_start:
            continue
        piece = html.escape(text[max(start, body_start):end])
        if not covering:
            body.append(piece)
            continue
        kind = facts[covering[0]]["type"]
        classes = "fact many" if len(covering) > 1 else "fact"
        body.append(f'<span class="{classes}" style="background:{background(kind)}" '
                    f'data-facts="{" ".join(map(str, covering))}">{piece}</span>')
    present = [t for t in FACT_TYPES if any(f["type"] == t for f in facts)]
    counts = {t: sum(1 for f in facts if f["type"] == t) for t in present}
    legend = "".join(f'<span style="background:{background(t)}">{t} {counts[t]}</span>'
                     for t in present) or "no facts"
    if any(len(covering) > 1 for _, _, covering in segments(text, facts)):
        legend += ('<br><span class="many">dashed outline</span> several facts cover this '
                   "text; its colour is the innermost one's, a click lists them all")
    cards = [{"rows": fact_rows(f), "summary": fact_summary(f)} for f in facts]
    title = html.escape(doc_id)
    dated = f'<p class="date">dated {html.escape(date)}</p>\n' if date else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title} · depesche</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<main>{''.join(body)}</main>\n"
        f"<aside><h1>{title}: {len(facts)} facts</h1>\n{dated}"
        f"<div class=\"legend\">{legend}</div>\n"
        "<p>Hover a highlight for its facts; click it for every field.</p>\n"
        "<div id=\"details\"></div></aside>\n<div id=\"tip\"></div>\n"
        f"<script type=\"application/json\" id=\"facts\">{_json_in_script(facts)}</script>\n"
        f"<script type=\"application/json\" id=\"cards\">{_json_in_script(cards)}</script>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
