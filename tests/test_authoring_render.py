"""``depesche render``: one self-contained, well-formed HTML page with the facts highlighted."""

from __future__ import annotations

import itertools
import json
import math
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from depesche.authoring.render import PALETTE, fact_rows, render_html
from depesche.cli.app import _register, app
from depesche.engine.ruleset import FACT_TYPES

PACK = Path(__file__).parent / "data" / "packs" / "authoring"
VOID = {"meta", "br", "hr", "img", "input", "link"}


class PageParser(HTMLParser):
    """Checks that tags nest and close, and collects highlights, scripts and outside links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.highlights: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]
        if tag == "span" and "fact" in (found.get("class") or ""):
            self.highlights.append((found["data-facts"] or "", found["style"] or ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (self.stack, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        elif "main" in self.stack:
            self.text.append(data)


TEXT = "Biden telefoniert mit Putin. Moskau droht </script> & <b>Kiew</b>."
FACTS = [
    {"doc": "a", "type": "CONSULT", "span": [0, 27], "rule": "c", "evidence": TEXT[0:27]},
    {"doc": "a", "type": "STATEMENT", "span": [22, 27], "rule": "s", "evidence": "Putin"},
    {"doc": "a", "type": "THREATEN", "span": [29, 51], "rule": "t", "evidence": TEXT[29:51],
     "actor": [{"text": "Moskau", "code": "RUS"}]},
]


def parse(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    return parser


def test_page_is_well_formed_and_self_contained() -> None:
    page = parse(render_html("a", TEXT, FACTS))
    assert page.links == []
    assert "".join(page.text) == TEXT
    assert [h[0] for h in page.highlights] == ["0", "1 0", "2"]
    assert json.loads(page.scripts[0]) == FACTS


def test_overlapping_facts_are_outlined_and_coloured_by_the_innermost() -> None:
    html = render_html("a", TEXT, FACTS)
    assert 'class="fact many" style="background:#DDDDDD" data-facts="1 0">Putin<' in html
    assert '<div class="legend"><span style="background:#77AADD">CONSULT 1</span>' in html


def test_the_legend_explains_the_dashed_outline_when_facts_overlap() -> None:
    assert '<span class="many">dashed outline</span> several facts cover' in render_html(
        "a", TEXT, FACTS)
    assert "dashed outline" not in render_html("a", TEXT, [FACTS[0], FACTS[2]])


# ---------------------------------------------------------------- colours

# Colour vision deficiencies simulated as Machado, Oliveira & Fernandes (2009) do, at
# full severity, on linear RGB; colours compared in CIELAB (CIE76 distance).
DEFICIENCIES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
    "normal vision": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}


def linear(colour: str) -> list[float]:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, deficiency: str) -> tuple[float, float, float]:
    matrix, rgb = DEFICIENCIES[deficiency], linear(colour)
    return lab([sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix])


def test_every_type_has_a_colour_and_pattern_of_its_own() -> None:
    assert set(PALETTE) == set(FACT_TYPES)
    assert len(set(PALETTE.values())) == len(FACT_TYPES)


@pytest.mark.parametrize("deficiency", list(DEFICIENCIES))
def test_colours_stay_apart_for_colour_blind_readers(deficiency: str) -> None:
    colours = sorted({colour for colour, _ in PALETTE.values()})
    closest = min((math.dist(seen(a, deficiency), seen(b, deficiency)), a, b)
                  for a, b in itertools.combinations(colours, 2))
    # The palette before had pairs 1.4 apart (AGREE and REJECT under deuteranopia).
    assert closest[0] >= 10, closest


def test_accuse_reject_and_threaten_differ_in_colour() -> None:
    assert len({PALETTE[t][0] for t in ("ACCUSE", "REJECT", "THREATEN")}) == 3


def test_black_text_stays_legible_on_every_colour() -> None:
    for colour, _ in PALETTE.values():
        luminance = sum(w * c for w, c in zip((0.2126, 0.7152, 0.0722), linear(colour),
                                              strict=True))
        assert (luminance + 0.05) / 0.05 >= 7, colour  # WCAG 2 contrast, level AAA


# ---------------------------------------------------------------- what the page says

def test_a_date_header_is_the_date_not_article_text() -> None:
    text = "date 2021-12-07\nBiden telefoniert mit Putin."
    facts = [{"doc": "a", "type": "CONSULT", "span": [16, 43], "rule": "c",
              "evidence": text[16:43]}]
    page = parse(render_html("a", text, facts, body_start=16, date="2021-12-07"))
    assert "".join(page.text) == "Biden telefoniert mit Putin."
    assert '<p class="date">dated 2021-12-07</p>' in render_html(
        "a", text, facts, body_start=16, date="2021-12-07")


ACTORS = [{"text": "Putin", "name": "Wladimir Putin", "code": "RUS", "sector": "GOV"},
          {"text": "die Ukraine", "code": None}]
ROWS: list[tuple[dict[str, Any], str, str | None]] = [
    ({"actor": ACTORS}, "actor", "Putin (RUS), die Ukraine"),
    ({"speaker": ACTORS[0]}, "speaker", "Putin (RUS)"),
    ({"modality": {"hypothetical": True}}, "modality", "hypothetical"),
    ({"modality": {"status": "scheduled", "polarity": "negative", "evidential": "reported"}},
     "modality", "status scheduled, negative, evidential reported"),
    ({"attribution": {"form": "according_to", "cue": "Laut"}}, "attribution",
     "according to a source, cue „Laut“"),
    ({"attribution": {"form": "direct"}}, "attribution", "direct quote"),
    ({"date": {"text": "am Dienstag", "value": "2021-12-07", "granularity": "day"}}, "date",
     "am Dienstag = 2021-12-07 (day)"),
    ({"date": {"text": "bald", "value": None, "granularity": None}}, "date",
     "bald (not resolved to a date)"),
    ({"location": {"text": "in Genf", "id": None}}, "location", "in Genf"),
    ({"content": {"text": "Sanktionen", "span": [1, 2]}}, "content", "Sanktionen"),
    ({"recipient": None, "location": None}, "recipient", None),
]


@pytest.mark.parametrize(("fields", "key", "shown"), ROWS,
                         ids=[f"{key}-{n}" for n, (_, key, _s) in enumerate(ROWS)])
def test_values_are_shown_as_text_not_json(fields: dict[str, Any], key: str,
                                           shown: str | None) -> None:
    rows = dict(fact_rows({"type": "THREATEN", "rule": "r", "span": [0, 5],
                           "evidence": "droht", **fields}))
    assert rows.get(key) == shown
    assert not any(c in v for v in rows.values() for c in "{}[]") and "null" not in rows.values()


def test_no_facts() -> None:
    page = parse(render_html("empty", "Nichts.", []))
    assert page.highlights == []
    assert "no facts" in render_html("empty", "Nichts.", [])


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_cli_renders_an_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("date 2021-12-07\nRussland droht der Ukraine mit Konsequenzen. Die USA "
                       "bieten Russland Gespräche an.", encoding="utf-8")
    out = tmp_path / "a.html"
    result = invoke("render", str(article), "-o", str(out), "--rules", str(PACK))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 2 facts\n"
    page = parse(out.read_text(encoding="utf-8"))
    assert [json.loads(page.scripts[0])[i]["type"] for i in (0, 1)] == ["THREATEN", "AGREE"]
    assert "".join(page.text).startswith("Russland droht")
    assert '<p class="date">dated 2021-12-07</p>' in out.read_text(encoding="utf-8")


def test_cli_missing_article_exits_2(tmp_path: Path) -> None:
    result = invoke("render", str(tmp_path / "none.txt"), "-o", str(tmp_path / "x.html"),
                    "--rules", str(PACK))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
