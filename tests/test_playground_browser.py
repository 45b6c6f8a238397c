"""``depesche play`` in a real browser: Playwright drives Debian's Chromium, headless.

One author's loop, end to end through the command: open the page, type a rule, see its
highlight, break the pattern and see the located error, click a sentence and read why the
rule does not match, add tests from sentences, save, and find the file changed on disk.
The test also makes the screenshot in docs/playground.md.

Playwright's own browser download is not reachable here, so it drives /usr/bin/chromium
(``apt-get install chromium``, as .ci/run does); without it the test is skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from depesche.authoring.render import PALETTE
from depesche.authoring.scaffold import create_pack
from depesche.rules.loader import load_pack

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "playground.png"
# The colour depesche render gives CONSULT, as CSS reports it.
CONSULT_COLOUR = "rgb({}, {}, {})".format(
    *(int(PALETTE["CONSULT"][0][i:i + 2], 16) for i in (1, 3, 5)))
WAIT = 60_000  # ms: the first check compiles the pack on a busy 2-core machine

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="no /usr/bin/chromium: install Debian's chromium (apt-get install chromium) to run "
           "the playground's browser tests")

ARTICLE = """date 2024-03-05
Russland droht der Ukraine mit Konsequenzen.

Die USA telefonieren mit Russland. Russland telefoniert mit niemandem. Es droht ein langer Winter.
"""

NEW_RULE = """
  - id: consult.telefonieren
    type: CONSULT
    description: A call between states ("Die USA telefonieren mit Russland").
    pattern: (?<who> @ACTOR) [lemma=telefonieren] "mit" (?<whom> @ACTOR)
    fact:
      actor: who
      recipient: whom
"""
PATTERN = """    pattern: (?<who> @ACTOR) [lemma=telefonieren] "mit" (?<whom> @ACTOR)"""
BROKEN = """    pattern: (?<who> @ACTOR) [lemma=telefonieren "mit" (?<whom> @ACTOR)"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """``depesche play PACK ARTICLE --no-open`` in a process of its own, and its address."""
    pack = tmp_path / "pack"
    create_pack(pack)
    article = tmp_path / "calls.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # Relative names, so that the page (and the screenshot) is the same in every run.
    process = subprocess.Popen(
        [sys.executable, "-m", "depesche", "play", pack.name, article.name, "--no-open"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        url = None
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("open "):
                url = line.split()[1]
                break
        assert url is not None, process.stderr.read() if process.stderr else ""
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", url)
        yield url, pack
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_authors_loop_in_the_browser(served: tuple[str, Path]) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, pack = served
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.set_default_timeout(WAIT)
            page.on("pageerror", lambda error: errors.append(str(error)))
            # A style or script the page's Content-Security-Policy refuses is a console error;
            # so is the 409 of the refused save below, which is expected.
            page.on("console", lambda message: errors.append(message.text)
                    if message.type == "error" and "(Conflict)" not in message.text else None)
            page.goto(url)
            page.wait_for_selector("body[data-ready=true]")
            assert "token" not in page.url  # taken out of the address bar
            expect(page.locator("#check-summary")).to_have_text("0 error(s), 0 warning(s)")
            expect(page.locator("#test-summary")).to_have_text("3 passed, 0 failed in the pack")
            expect(page.locator("mark.fact")).to_have_count(1)  # Russland droht der Ukraine

            # Type a rule: its highlight appears.
            editor = page.locator("#source")
            editor.click()
            page.keyboard.press("Control+End")
            page.keyboard.insert_text(NEW_RULE)
            consult = page.locator("mark.fact[title^='CONSULT [consult.telefonieren]']")
            expect(consult).to_have_text("Die USA telefonieren mit Russland")
            expect(consult).to_have_css("background-color", CONSULT_COLOUR)  # render's
            expect(page.locator("#facts tbody tr")).to_have_count(2)

            # Break the pattern: the error appears, located, as check gives it.
            text = editor.input_value()
            line = text.splitlines().index(PATTERN) + 1
            editor.fill(text.replace(PATTERN, BROKEN))
            error = page.locator("#diagnostics li.error").first
            expect(error).to_contain_text(f"rules.yaml:{line}:")
            expect(page.locator(f"#gutter div:nth-child({line})")).to_have_class("error")
            caret = page.locator(".marks .at.error")
            expect(caret).to_have_count(1)
            top = 4 + (line - 1) * 18 - editor.evaluate("e => e.scrollTop")
            expect(caret).to_have_css("top", f"{top}px")
            expect(page.locator("#check-summary")).to_contain_text("1 error(s)")
            expect(page.locator("#article")).to_have_class(re.compile("stale"))

            # Mend it, put the cursor in the new rule, click a sentence it misses.
            editor.fill(text)
            expect(consult).to_have_count(1)
            editor.click()
            page.keyboard.press("Control+End")
            page.keyboard.press("ArrowUp")
            expect(page.locator("#current-rule")).to_contain_text("consult.telefonieren")
            page.locator(".sentence", has_text="Russland telefoniert mit niemandem.").click()
            explanation = page.locator("#explain")
            expect(explanation).to_contain_text("why consult.telefonieren does not match")
            expect(explanation.locator(".failure")).to_contain_text("“niemandem”")
            expect(page.locator("#token-table")).to_contain_text("telefonieren")
            # Every layer `annotate` gives a sentence is shown, whatever it is.
            for layer in ("actors", "phrases", "clauses"):
                expect(page.locator(f"#annotations .layer[data-layer='{layer}']")).to_have_count(1)
            expect(page.locator("#annotations .layer[data-layer='clauses']")).to_contain_text(
                "kind=main")

            # Add it as a negative test, and the matching sentence as a positive one.
            page.locator("#add-negative").click()
            expect(page.locator("#tests")).to_contain_text("consult.telefonieren[1]")
            page.locator(".sentence", has_text="Die USA telefonieren mit Russland.").click()
            expect(explanation).to_contain_text("consult.telefonieren")
            page.locator("#add-positive").click()
            expect(page.locator("#tests .test.passed")).to_have_count(2)
            expect(page.locator("#test-summary")).to_have_text("5 passed, 0 failed in the pack")
            assert "- text: \"Die USA telefonieren mit Russland.\"" in editor.input_value()

            # Any rule can be asked about, not only the one at the cursor.
            page.locator(".sentence", has_text="Es droht ein langer Winter.").click()
            page.locator("#explain-rule").select_option("threaten.drohen")
            expect(explanation).to_contain_text("why threaten.drohen does not match")
            expect(explanation.locator(".failure")).to_contain_text("“Es”")
            page.locator("#explain-rule").select_option("")

            # The picture in docs/playground.md: the sentence the rule misses, explained.
            page.locator(".sentence", has_text="Russland telefoniert mit niemandem.").click()
            expect(explanation).to_contain_text("why consult.telefonieren does not match")
            page.screenshot(path=str(SCREENSHOT))

            # A YAML syntax error is saved only if the author says so: here they say no.
            good = editor.input_value()
            on_disk = (pack / "rules.yaml").read_text(encoding="utf-8")
            editor.fill(good.replace("    type: CONSULT", "    type: [CONSULT"))
            questions: list[str] = []
            page.once("dialog", lambda dialog: (questions.append(dialog.message),
                                                dialog.dismiss()))
            page.locator("#save").click()
            expect(page.locator("#status")).to_have_text("not saved: YAML syntax error")
            assert "YAML syntax error at line" in questions[0]
            assert (pack / "rules.yaml").read_text(encoding="utf-8") == on_disk
            editor.fill(good)

            # Save: the file on disk changes, and is a pack whose tests the rule has.
            expect(page.locator("#save")).to_have_text("Save*")
            page.locator("#save").click()
            expect(page.locator("#status")).to_contain_text("saved rules.yaml")
            expect(page.locator("#save")).to_have_text("Save")
        finally:
            browser.close()
    assert errors == []
    saved, _ = load_pack([str(pack)])
    rule = next(r for r in saved.rules if r.id == "consult.telefonieren")
    assert [(t.text, t.date, t.expect) for t in rule.tests] == [
        ("Russland telefoniert mit niemandem.", "2024-03-05", []),
        ("Die USA telefonieren mit Russland.", "2024-03-05",
         [{"type": "CONSULT", "actor": ["USA"], "recipient": ["RUS"]}]),
    ]
