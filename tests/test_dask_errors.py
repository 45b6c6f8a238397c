"""``--engine dask`` without Dask, or with a scheduler that does not answer: a clear
message and exit status 2, never a traceback (README, exit status)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.cli.app import _register, app

_register()

PACK = 'rules:\n  - id: talk\n    type: CONSULT\n    pattern: "[word=Gespräche]"\n'


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Es gab Gespräche.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def extract(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["extract", "a.txt", "-r", "pack.yaml", "-o", "out.jsonl",
                                      "--engine", "dask", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


@pytest.mark.parametrize("scheduler", [[], ["--scheduler", "tcp://127.0.0.1:1"]],
                         ids=["local cluster", "scheduler"])
def test_dask_engine_without_dask_says_how_to_install_it(
        article: Path, monkeypatch: pytest.MonkeyPatch, scheduler: list[str]) -> None:
    for name in [m for m in sys.modules if m == "dask" or m.startswith("dask.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "dask", None)  # import dask raises ImportError
    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    status, stderr = extract(*scheduler)
    assert status == 2
    assert "--engine dask needs Dask" in stderr
    assert "pip install 'depesche[dask]'" in stderr


def test_unreachable_scheduler_gives_up_after_the_connect_timeout(article: Path) -> None:
    pytest.importorskip("dask.distributed")
    started = time.monotonic()
    status, stderr = extract("--scheduler", "tcp://127.0.0.1:1", "--connect-timeout", "1")
    assert status == 2
    assert stderr.startswith("--scheduler tcp://127.0.0.1:1: no Dask scheduler answered "
                             "within 1 s")
    assert "--connect-timeout" in stderr
    assert time.monotonic() - started < 20  # Dask's own default would wait 30 s


def test_bad_scheduler_address_is_bad_usage(article: Path) -> None:
    pytest.importorskip("dask.distributed")
    status, stderr = extract("--scheduler", "bogus://x")
    assert status == 2
    assert stderr.startswith("--scheduler bogus://x: not a Dask scheduler address")
