"""``depesche render``: one self-contained, well-formed HTML page with the facts highlighted."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from depesche.authoring.render import render_html
from depesche.cli.app import _register, app

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
    assert 'class="fact many" style="background:#d6d6d6" data-facts="1 0">Putin<' in html
    assert '<div class="legend"><span style="background:#8fd3f4">CONSULT 1</span>' in html


def test_no_facts() -> None:
    page = parse(render_html("empty", "Nichts.", []))
    assert page.highlights == []
    assert "no facts" in render_html("empty", "Nichts.", [])


def invoke(*args: str):
    _register()
    return CliRunner().invoke(app, list(args))


def test_cli_renders_an_article(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russland droht der Ukraine mit Konsequenzen. Die USA bieten Russland "
                       "Gespräche an.", encoding="utf-8")
    out = tmp_path / "a.html"
    result = invoke("render", str(article), "-o", str(out), "--rules", str(PACK))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}: 2 facts\n"
    page = parse(out.read_text(encoding="utf-8"))
    assert [json.loads(page.scripts[0])[i]["type"] for i in (0, 1)] == ["THREATEN", "AGREE"]


def test_cli_missing_article_exits_2(tmp_path: Path) -> None:
    result = invoke("render", str(tmp_path / "none.txt"), "-o", str(tmp_path / "x.html"),
                    "--rules", str(PACK))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
