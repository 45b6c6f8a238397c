"""The same articles give the same facts in every process.

Python hashes strings with a seed drawn per process, so iterating a set or frozenset of
strings goes in a different order in each run (and in each ``--jobs`` worker). Nothing
that decides a fact may depend on that order. Each case runs ``depesche extract`` in
processes with different ``PYTHONHASHSEED`` values; the seeds are ones under which an
order dependence once showed (two actor lexicons tagging "Milizen" as a group and as an
office: which reading won depended on the order of their labels).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SEEDS = ("1", "2", "3")
ARTICLE = """\
date 2021-12
Kämpfe in Libyen

In Libyen bekämpfen sich zwei Regierungen und zahlreiche Milizen gegenseitig. Nach Angaben
von Aktivisten wurden in den vergangenen Tagen Dutzende Zivilisten von Milizen getötet.
Der Außenminister sagte am Montag, man werde mit allen Seiten sprechen.
"""


def facts_under_seed(seed: str, *paths: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    run = subprocess.run([sys.executable, "-m", "depesche", "extract", *map(str, paths)],
                         capture_output=True, text=True, env=env, check=True)
    return run.stdout


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "libyen.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_facts_do_not_depend_on_the_string_hash_seed(article: Path) -> None:
    outputs = {facts_under_seed(seed, article) for seed in SEEDS}
    assert len(outputs) == 1
    assert '"Milizen"' in outputs.pop()


def test_shared_articles_give_the_same_facts_under_every_seed(shared: Path) -> None:
    paths = [shared / "seed" / "biden-putin-2021-12.txt", shared / "dev"]
    outputs = {facts_under_seed(seed, *paths) for seed in SEEDS[:2]}
    assert len(outputs) == 1
