"""An article as one self-contained HTML page with its facts highlighted by type.

Inline CSS and JavaScript only (no network): the text is cut at every fact boundary into
segments, each coloured by the innermost fact covering it (a dashed outline when several do);
hovering shows the facts of a segment, clicking pins them in the side panel with every
field, the rule and the evidence. The facts travel as JSON inside the page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from depesche.engine.ruleset import FACT_TYPES

# One colour per type; kin types share a hue family (verbal cooperation greens, material
# conflict reds) so the page reads at a glance, as in PLOVER's quad classes.
COLOURS = {
    "CONSULT": "#8fd3f4", "AGREE": "#9be7a0", "SUPPORT": "#c5e99b", "CONCEDE": "#d9f0a3",
    "COOPERATE": "#7fd6b5", "AID": "#a3e4d7", "RETREAT": "#cfe8ef", "REQUEST": "#ffe08a",
    "ACCUSE": "#ffb38a", "REJECT": "#f9c0a0", "THREATEN": "#ff8a8a", "PROTEST": "#f5b7d2",
    "SANCTION": "#e59aff", "MOBILIZE": "#c9a3ff", "COERCE": "#d7a6a6", "ASSAULT": "#ff5c5c",
    "STATEMENT": "#d6d6d6",
}

STYLE = """
body { font: 16px/1.6 Georgia, serif; margin: 0; display: flex; color: #222; }
main { flex: 3; padding: 1.5em 2em; white-space: pre-wrap; }
aside { flex: 2; padding: 1em; border-left: 1px solid #ccc; font: 13px/1.4 sans-serif;
        position: sticky; top: 0; height: 100vh; overflow: auto; box-sizing: border-box; }
h1 { font: bold 15px sans-serif; margin: 0 0 .5em; }
.fact { border-radius: 3px; cursor: pointer; }
.fact.many { outline: 1px dashed #555; }
.fact.on { box-shadow: 0 0 0 2px #222; }
.legend span { display: inline-block; padding: 0 .4em; margin: 0 .3em .3em 0;
               border-radius: 3px; }
#tip { position: fixed; display: none; background: #fff; border: 1px solid #888;
       padding: .4em .6em; font: 12px/1.3 sans-serif; max-width: 28em; pointer-events: none; }
dl { margin: .2em 0 1em; } dt { font-weight: bold; float: left; clear: left; width: 6em; }
dd { margin-left: 6.5em; } .card { border-top: 1px solid #ddd; padding-top: .4em; }
"""

SCRIPT = """
const facts = JSON.parse(document.getElementById('facts').textContent);
const tip = document.getElementById('tip'), panel = document.getElementById('details');
function who(a) { return (a || []).map(x => x.code ? x.text + ' (' + x.code + ')' : x.text)
  .join(', '); }
function rows(f) {
  const r = [['type', f.type], ['rule', f.rule], ['actor', who(f.actor)],
    ['recipient', who(f.recipient)], ['speaker', f.speaker ? who([f.speaker]) : ''],
    ['date', f.date ? f.date.text + ' → ' + f.date.value : ''],
    ['location', f.location ? f.location.text : ''], ['mode', f.mode || ''],
    ['modality', f.modality ? JSON.stringify(f.modality) : ''],
    ['content', f.content ? f.content.text : ''],
    ['attribution', f.attribution ? JSON.stringify(f.attribution) : ''],
    ['span', f.span.join('–')], ['evidence', f.evidence]];
  return r.filter(x => x[1]);
}
function card(f) {
  const dl = document.createElement('dl'); dl.className = 'card';
  for (const [k, v] of rows(f)) {
    const dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = k; dd.textContent = v; dl.append(dt, dd);
  }
  return dl;
}
function factsOf(el) { return el.dataset.facts.split(' ').map(Number).map(i => facts[i]); }
for (const el of document.querySelectorAll('.fact')) {
  el.addEventListener('mousemove', e => {
    tip.textContent = factsOf(el).map(f => f.type + ' [' + f.rule + ']' +
      (f.actor ? ' ' + who(f.actor) : '') + (f.recipient ? ' → ' + who(f.recipient) : ''))
      .join('\\n');
    tip.style.whiteSpace = 'pre-line'; tip.style.display = 'block';
    tip.style.left = (e.clientX + 12) + 'px'; tip.style.top = (e.clientY + 12) + 'px';
  });
  el.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
  el.addEventListener('click', () => {
    document.querySelectorAll('.fact.on').forEach(x => x.classList.remove('on'));
    const ids = el.dataset.facts.split(' ');
    document.querySelectorAll('.fact').forEach(x => {
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


def render_html(doc_id: str, text: str, facts: list[dict[str, Any]]) -> str:
    """The page for one article and its facts (as ``Fact.to_json`` gives them)."""
    body = []
    for start, end, covering in segments(text, facts):
        piece = html.escape(text[start:end])
        if not covering:
            body.append(piece)
            continue
        kind = facts[covering[0]]["type"]
        classes = "fact many" if len(covering) > 1 else "fact"
        body.append(f'<span class="{classes}" style="background:{COLOURS.get(kind, "#eee")}" '
                    f'data-facts="{" ".join(map(str, covering))}">{piece}</span>')
    present = [t for t in FACT_TYPES if any(f["type"] == t for f in facts)]
    counts = {t: sum(1 for f in facts if f["type"] == t) for t in present}
    legend = "".join(f'<span style="background:{COLOURS[t]}">{t} {counts[t]}</span>'
                     for t in present) or "no facts"
    # "</" inside a script element would end it early; JSON allows the escaped slash.
    data = json.dumps(facts, ensure_ascii=False).replace("</", "<\\/")
    title = html.escape(doc_id)
    return (
        "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{title} · depesche</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<main>{''.join(body)}</main>\n"
        f"<aside><h1>{title}: {len(facts)} facts</h1>\n<div class=\"legend\">{legend}</div>\n"
        "<p>Hover a highlight for its facts; click it for every field.</p>\n"
        "<div id=\"details\"></div></aside>\n<div id=\"tip\"></div>\n"
        f"<script type=\"application/json\" id=\"facts\">{data}</script>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n")
