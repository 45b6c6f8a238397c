"""Shared fixtures: documents built from text, and where ../shared lives (tests skip without it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from depesche.engine.document import Document, Mention
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

ROOT = Path(__file__).resolve().parents[1]
# A pack of one rule for the corpus runner's tests: a name before "Gespräch" is a CONSULT.
CONSULT_PACK = """\
rules:
  - id: consult-talk
    type: CONSULT
    pattern: |
      (?<actor> [word=/[A-Z][a-z]+/]) ~{0,6} [word=/Gespräch(e|en)?/]
    fact:
      actor: actor
"""
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def pack_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled packs go to a folder of the test run, not the user's ~/.cache (unless
    DEPESCHE_CACHE says otherwise, e.g. off)."""
    if "DEPESCHE_CACHE" in os.environ:
        yield
        return
    os.environ["DEPESCHE_CACHE"] = str(tmp_path_factory.mktemp("pack-cache"))
    try:
        yield
    finally:
        del os.environ["DEPESCHE_CACHE"]


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "SCHEMA.md").exists():
        pytest.skip("../shared is not here")
    return SHARED


def make_doc(text: str, mentions: dict[str, list[str]] | None = None,
             lemmas: dict[str, str] | None = None) -> Document:
    """A tokenized document; ``mentions`` marks each occurrence of a phrase with a label."""
    doc = tokenize(read_document("t", text))
    for token in doc.tokens:
        if lemmas and token.text in lemmas:
            token.lemma = lemmas[token.text]
    for label, phrases in (mentions or {}).items():
        for phrase in phrases:
            words = phrase.split()
            for i in range(len(doc.tokens) - len(words) + 1):
                if [t.text for t in doc.tokens[i:i + len(words)]] == words:
                    first, last = doc.tokens[i], doc.tokens[i + len(words) - 1]
                    doc.add_mention(Mention(label, i, i + len(words), first.start, last.end,
                                            text[first.start:last.end]))
    return doc


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden files from the current output")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say why tests skipped for want of ../shared, even without ``-rs``."""
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if "shared" in str(getattr(report, "longrepr", ""))]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} tests skipped: they need {SHARED} (the 10kGNAD corpus, the "
            "contract's scorer and SCHEMA.md), which is not here; the evaluation set in "
            "eval/ runs without it")
