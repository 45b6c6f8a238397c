"""Start-up: what a command imports before it works, and the cache of compiled packs.

``benchmarks/`` measures the seconds (README, Performance); these tests pin what makes them:
``depesche --help`` imports no engine, a run of a cached pack never parses a pattern, and
a cached pack is used only while every file it was compiled from is unchanged.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from depesche.rules import cache
from depesche.rules.cache import compiled_pack

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "biden-putin-2021-12.txt"


def modules_after(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules a ``depesche ARGS`` process has imported when the command is done."""
    code = ("import json, sys\nfrom depesche.cli.app import main\n"
            f"sys.argv = ['depesche', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


HEAVY = ("depesche.engine", "depesche.grammar", "depesche.rules", "depesche.authoring",
         "depesche.corpus", "lark", "yaml", "numpy", "HanTa")


@pytest.mark.parametrize("args", [["--help"], ["extract", "--help"], ["check", "--help"]])
def test_help_imports_no_engine_grammar_pack_or_tagger(args: list[str]) -> None:
    loaded = modules_after(args)
    assert "typer" in loaded
    assert not [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


def test_extract_with_a_cached_pack_parses_no_pattern(tmp_path: Path) -> None:
    env = {"DEPESCHE_CACHE": str(tmp_path / "cache")}
    first = modules_after(["extract", str(EXAMPLE), "-o", str(tmp_path / "a.jsonl")], env)
    assert "lark" in first  # compiled the pack
    again = modules_after(["extract", str(EXAMPLE), "-o", str(tmp_path / "b.jsonl")], env)
    assert "lark" not in again and "depesche.grammar.parser" not in again
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()



def test_extract_leaves_its_heap_out_of_the_last_collection(tmp_path: Path) -> None:
    # The collection as the interpreter exits walked the whole heap of a corpus run (0.5 s
    # of a 16 s run over the corpus); the command's process ends, so nothing is collected.
    code = ("import gc, sys\nfrom depesche.cli.app import main\n"
            f"sys.argv = ['depesche', 'extract', {str(EXAMPLE)!r}, "
            f"'-o', {str(tmp_path / 'facts.jsonl')!r}]\n"
            "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop\n"
            "print(gc.get_freeze_count())\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "DEPESCHE_CACHE": str(tmp_path / "cache")},
                          timeout=120, check=True)
    assert int(done.stdout.split()[-1]) > 10_000  # the tagger and the pack at least
    assert (tmp_path / "facts.jsonl").read_text()


# ---------------------------------------------------------------- the pack cache

RULES = """\
lexicons: [lexicons/states.yaml, ../outside/more-states.yaml]
rules:
  - id: threat
    type: THREATEN
    pattern: (?<who> @STATE) "droht"
    fact: {actor: who}
"""
STATES = "lexicon: states\nlabel: STATE\nentries: [Russland]\n"
MORE_STATES = "lexicon: more_states\nlabel: STATE\nentries: [Frankreich]\n"
EXTRA = """\
rules:
  - id: warning
    type: THREATEN
    pattern: (?<who> @STATE) "warnt"
    fact: {actor: who}
"""
TEXT = "Russland droht. Frankreich droht. Polen droht. Russland warnt. Russland mahnt."


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder pack with a rule file, a lexicon beside it and one outside it (allowed)."""
    monkeypatch.setenv("DEPESCHE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("DEPESCHE_ALLOW_INCLUDE_OUTSIDE", "1")
    write(tmp_path / "pack" / "rules.yaml", RULES)
    write(tmp_path / "pack" / "extra.yaml", EXTRA)
    write(tmp_path / "pack" / "lexicons" / "states.yaml", STATES)
    write(tmp_path / "outside" / "more-states.yaml", MORE_STATES)
    return tmp_path / "pack"


def facts(folder: Path, text: str = TEXT) -> list[tuple[str, str]]:
    from depesche.engine.reader import read_document

    _, extractor = compiled_pack([str(folder)])
    return [(f.rule, f.evidence) for f in extractor.extract(read_document("t", text))]


def fresh_facts(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    with monkeypatch.context() as patch:
        patch.setenv("DEPESCHE_CACHE", "off")
        return facts(folder)


def entries(folder: Path) -> list[Path]:
    return sorted((folder.parent / "cache").glob("pack-*.pickle"))


EDITS: dict[str, Callable[[Path], None]] = {
    "rule file changed": lambda p: write(p / "rules.yaml", RULES.replace('"droht"', '"mahnt"')),
    "lexicon changed": lambda p: write(p / "lexicons" / "states.yaml",
                                       STATES.replace("Russland", "Polen")),
    "lexicon outside the folder changed": lambda p: write(
        p.parent / "outside" / "more-states.yaml", MORE_STATES.replace("Frankreich", "Polen")),
    "rule file added": lambda p: write(p / "sub" / "new.yaml",
                                       EXTRA.replace("warnt", "mahnt").replace("warning", "n")),
    "rule file removed": lambda p: (p / "extra.yaml").unlink(),
    "same size, same time": lambda p: _same_stat_edit(p / "rules.yaml", '"droht"', '"mahnt"'),
}


def _same_stat_edit(path: Path, old: str, new: str) -> None:
    """Change a file keeping its size and modification time: only its content tells."""
    before = path.stat()
    write(path, path.read_text(encoding="utf-8").replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_a_changed_pack_is_never_served_stale(pack: Path, edit: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    before = facts(pack)
    assert len(entries(pack)) == 1
    EDITS[edit](pack)
    after = facts(pack)
    assert after != before
    assert after == fresh_facts(pack, monkeypatch)


def test_an_unchanged_pack_is_not_compiled_again(pack: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    first = facts(pack)
    import depesche.rules.compiler

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(depesche.rules.compiler, "compile_pack", no_compiling)
    assert facts(pack) == first == [("threat", "Russland droht"), ("threat", "Frankreich droht"),
                                    ("warning", "Russland warnt")]


def test_the_cached_shipped_pack_finds_what_a_fresh_compile_finds(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from depesche.engine.reader import read_document

    monkeypatch.setenv("DEPESCHE_CACHE", str(tmp_path))
    text = EXAMPLE.read_text(encoding="utf-8")
    compiled_pack()  # fills the cache
    pack, cached = compiled_pack()
    monkeypatch.setenv("DEPESCHE_CACHE", "off")
    fresh_pack, fresh = compiled_pack()
    assert [f.to_json() for f in cached.extract(read_document("a", text))] == \
        [f.to_json() for f in fresh.extract(read_document("a", text))]
    assert [r.id for r in cached.ruleset.rules] == [r.id for r in fresh.ruleset.rules]
    assert pack.rules == fresh_pack.rules


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_damaged_cache_entry_is_compiled_again(pack: Path, damage: bytes) -> None:
    first = facts(pack)
    [entry] = entries(pack)
    entry.write_bytes(damage)
    assert facts(pack) == first
    assert entry.read_bytes() != damage  # written anew


def test_a_cache_folder_that_cannot_be_written_is_passed_by(
        pack: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("DEPESCHE_CACHE", str(blocked / "cache"))
    assert facts(pack) == fresh_facts(pack, monkeypatch)


def test_a_pack_naming_extensions_is_compiled_every_time(pack: Path) -> None:
    write(pack / "shout.py", SHOUT)
    write(pack / "shouting.yaml", "extensions: [shout.py]\nrules:\n  - id: loud\n"
                                  "    type: THREATEN\n    pattern: '[shout] \"droht\"'\n")
    assert ("loud", "NATO droht") in facts(pack, "NATO droht.")
    assert entries(pack) == []


def test_a_pack_cached_while_outside_files_were_allowed_is_refused_when_not(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from depesche.errors import RuleError

    facts(pack)
    monkeypatch.delenv("DEPESCHE_ALLOW_INCLUDE_OUTSIDE")
    with pytest.raises(RuleError, match="outside the rule pack's folder"):
        facts(pack)


def test_cache_off_writes_nothing(pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEPESCHE_CACHE", "off")
    facts(pack)
    assert not (pack.parent / "cache").exists()


def test_other_code_or_working_folder_is_another_entry(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = pack.parent / "cache"
    here = cache.entry_path(folder, ["rules"])
    monkeypatch.chdir(pack)
    elsewhere = cache.entry_path(folder, ["rules"])
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "edited")
    assert len({here, elsewhere, cache.entry_path(folder, ["rules"])}) == 3


def test_another_installation_of_the_same_code_is_another_entry(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two copies of the same code (a second venv, an unpacked release) ship their own
    packs, and the shipped pack is named by no path: one copy's compiled shipped pack was
    served to the other, whose rules had changed."""
    folder = pack.parent / "cache"
    here = cache.entry_path(folder, [])
    monkeypatch.setattr(cache, "package_root", lambda: pack.parent / "copy" / "depesche")
    assert cache.entry_path(folder, []) != here


SHOUT = '''\
from depesche.grammar.ast import ExtensionTest
from depesche.grammar.extensions import GrammarExtension

GRAMMAR = r"""
%extend test_ext: "shout" -> shout_test
"""


def build(children, pos):
    return ExtensionTest("shout", "shout_test", None, pos)


EXTENSION = GrammarExtension(
    "shout", GRAMMAR, builders={"shout_test": build},
    test_compilers={"shout_test": lambda node: lambda token: token.text.isupper()})
'''


@pytest.mark.parametrize("broken", [False, True])
def test_the_collector_rests_while_a_pack_compiles(
        pack: Path, broken: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # It walked the pack's objects again and again as they were made: 0.13 s of 0.97 s for
    # the shipped pack. It is on again afterwards, after a broken pack too.
    from depesche.errors import DepescheError
    from depesche.rules import compiler

    seen: list[bool] = []
    compile_pack = compiler.compile_pack

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return compile_pack(*args, **kwargs)

    monkeypatch.setattr(compiler, "compile_pack", watched)
    monkeypatch.setenv("DEPESCHE_CACHE", "off")
    if broken:
        write(pack / "extra.yaml", EXTRA.replace('"warnt"', '"warnt'))
        with pytest.raises(DepescheError):
            compiled_pack([str(pack)])
    else:
        compiled_pack([str(pack)])
    assert seen == [False] and gc.isenabled()
