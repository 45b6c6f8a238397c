"""Every kind of pack error gets a located, friendly message: golden files per bad pack.

Each case is a small rule file; its rendered error (``file:line:col: message``, the line and
a caret) must equal ``tests/golden/errors/NAME.txt``. Run with ``--update-golden`` to
rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from depesche.errors import DepescheError, ErrorList
from depesche.rules.compiler import compile_pack
from depesche.rules.loader import load_pack

GOLDEN = Path(__file__).parent / "golden" / "errors"

BAD_PACKS = {
    "yaml_syntax": "rules:\n  - id: a\n    type: THREATEN\n    pattern: [lemma=drohen\n",
    "unknown_rule_key": "rules:\n  - id: a\n    type: THREATEN\n    patern: '[lemma=x]'\n",
    "unknown_file_key": "rule:\n  - id: a\n",
    "unknown_type": "rules:\n  - id: a\n    type: THREATN\n    pattern: '[lemma=x]'\n",
    "duplicate_id": ("rules:\n  - id: a\n    type: REJECT\n    pattern: '[lemma=x]'\n"
                     "  - id: a\n    type: REJECT\n    pattern: '[lemma=y]'\n"),
    "bad_pattern_plain": "rules:\n  - id: a\n    type: REJECT\n    pattern: '[lemma=x] [lemma='\n",
    "bad_pattern_block": ("rules:\n  - id: a\n    type: REJECT\n    pattern: |\n"
                          "      [lemma=ablehnen]\n      ~{0,3} [lemma=]\n"),
    "unknown_class": ("rules:\n  - id: a\n    type: REJECT\n    pattern: |\n"
                      "      (?<who> @ACTR) [lemma=ablehnen]\n"),
    "unknown_macro": ("macros:\n  verb: '[lemma=ablehnen]'\nrules:\n  - id: a\n    type: REJECT\n"
                      "    pattern: '$verb $noun'\n"),
    "macro_cycle": ("macros:\n  a: '$b'\n  b: '$a'\nrules:\n  - id: r\n    type: REJECT\n"
                    "    pattern: '$a'\n"),
    "unknown_attribute": "rules:\n  - id: a\n    type: REJECT\n    pattern: '[lema=ablehnen]'\n",
    "capture_twice": ("rules:\n  - id: a\n    type: REJECT\n"
                      "    pattern: '(?<x> [word=a]) (?<x> [word=b])'\n"),
    "template_unknown_capture": ("rules:\n  - id: a\n    type: REJECT\n"
                                 "    pattern: '(?<who> [word=a])'\n"
                                 "    fact:\n      actor: whom\n"),
    "template_bad_modality": ("rules:\n  - id: a\n    type: REJECT\n    pattern: '[word=a]'\n"
                              "    fact:\n      modality: {status: maybe}\n"),
    "no_type_or_tag": "rules:\n  - id: a\n    pattern: '[word=a]'\n",
    "tag_used_same_stage": ("rules:\n  - id: a\n    tag: PHRASE\n    pattern: '[word=a]'\n"
                            "  - id: b\n    type: REJECT\n    pattern: '@PHRASE'\n"),
    "bad_regex": "rules:\n  - id: a\n    type: REJECT\n    pattern: '[word=/(/]'\n",
    "test_without_expect": ("rules:\n  - id: a\n    type: REJECT\n    pattern: '[word=a]'\n"
                            "    tests:\n      - text: a\n"),
    "missing_extension": "extensions: [no_such_extension]\nrules: []\n",
}


def render_error(tmp_path: Path, name: str, text: str) -> str:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DepescheError) as caught:
        pack, _ = load_pack([str(folder / f"{name}.yaml")])
        compile_pack(pack)
    return caught.value.render().replace(str(folder) + "/", "")


@pytest.mark.parametrize("name", sorted(BAD_PACKS))
def test_pack_error_message(tmp_path: Path, name: str, request: pytest.FixtureRequest) -> None:
    got = render_error(tmp_path, name, BAD_PACKS[name]) + "\n"
    golden = GOLDEN / f"{name}.txt"
    if request.config.getoption("--update-golden") or not golden.exists():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_check_mode_collects_every_error(tmp_path: Path) -> None:
    text = BAD_PACKS["unknown_class"] + (
        "  - id: b\n    type: REJECT\n    pattern: '[lema=x]'\n"
        "  - id: b\n    type: REJECT\n    pattern: '[word=x]'\n")
    path = tmp_path / "many.yaml"
    path.write_text(text, encoding="utf-8")
    pack, errors = load_pack([str(path)], collect=True)
    with pytest.raises(DepescheError) as caught:
        compile_pack(pack, collect=True)
    messages = [e.render() for e in errors] + [caught.value.render()]
    joined = "\n".join(messages)
    assert "duplicate rule id 'b'" in joined
    assert "unknown class @ACTR" in joined
    assert "unknown token attribute 'lema'" in joined


def test_a_rule_file_that_is_not_utf8_is_located_at_its_first_bad_byte(tmp_path: Path) -> None:
    """Was "cannot read …: 'utf-8' codec can't decode byte 0xe4 in position 38", with no
    line (found by the hostile-pack run of test_corpus_robustness.py)."""
    path = tmp_path / "latin.yaml"
    path.write_bytes("rules:\n  - id: a\n    description: Gespräch\n".encode("latin-1"))
    with pytest.raises(DepescheError) as caught:
        load_pack([str(path)])
    assert caught.value.render().splitlines() == [
        f"{path}:3:23: not valid UTF-8: byte 0xe4 (rule files and lexicons are UTF-8)",
        "        description: Gespr\ufffdch", "                          ^"]


# ---------------------------------------------------------------- a pack stays in its folder

SECRET = "root:x:0:0:the first line of a foreign file:/root:/bin/bash\n"


@pytest.mark.parametrize(("key", "entry"), [
    ("include", "../outside.yaml"), ("lexicons", "../outside.yaml"),
    ("include", "sub/../../outside.yaml"), ("include", "{outside}"), ("include", "../")])
def test_an_include_outside_the_pack_is_refused_without_reading_it(
        tmp_path: Path, key: str, entry: str) -> None:
    """An include of /etc/passwd used to be read, and its first line printed."""
    (tmp_path / "outside.yaml").write_text(SECRET, encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    entry = entry.format(outside=tmp_path / "outside.yaml")
    (pack / "rules.yaml").write_text(f"{key}: [{entry}]\nrules: []\n", encoding="utf-8")
    with pytest.raises(DepescheError) as caught:
        load_pack([str(pack)], allow_outside=False)
    error = caught.value
    assert error.render().startswith(
        f"{pack / 'rules.yaml'}:1:{len(key) + 4}: {key}: {entry} is outside the rule "
        f"pack's folder ({pack})")
    assert "--allow-include-outside" in error.message
    assert "the first line of a foreign file" not in error.render()


def test_an_include_outside_the_pack_loads_when_allowed_and_is_never_quoted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "outside.yaml").write_text(SECRET, encoding="utf-8")
    (tmp_path / "shared.yaml").write_text(
        "rules:\n  - id: shared\n    tag: S\n    pattern: '[word=x]'\n", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "rules.yaml").write_text("include: [../shared.yaml]\nrules: []\n",
                                     encoding="utf-8")
    loaded, _ = load_pack([str(pack)], allow_outside=True)
    assert [rule.id for rule in loaded.rules] == ["shared"]
    monkeypatch.setenv("DEPESCHE_ALLOW_INCLUDE_OUTSIDE", "1")
    assert [rule.id for rule in load_pack([str(pack)])[0].rules] == ["shared"]

    (pack / "rules.yaml").write_text("include: [../outside.yaml]\nrules: []\n",
                                     encoding="utf-8")
    with pytest.raises(DepescheError) as caught:
        load_pack([str(pack)])
    assert caught.value.location is not None
    assert caught.value.location.path == str(pack / ".." / "outside.yaml")
    assert "the first line of a foreign file" not in caught.value.render()


def test_a_rule_file_included_from_outside_may_not_name_an_extension_file(
        tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text("extensions: [shout.py]\nrules: []\n",
                                          encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "rules.yaml").write_text("include: [../shared.yaml]\nrules: []\n",
                                     encoding="utf-8")
    with pytest.raises(DepescheError, match=r"extension 'shout\.py' is outside the rule pack"):
        load_pack([str(pack)], allow_outside=True)


def test_the_cli_allows_includes_outside_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "shared.yaml").write_text(
        "rules:\n  - id: shared\n    tag: S\n    pattern: '[word=x]'\n", encoding="utf-8")
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "rules.yaml").write_text("include: [../shared.yaml]\nrules: []\n",
                                     encoding="utf-8")
    environment = {k: v for k, v in os.environ.items()
                   if k != "DEPESCHE_ALLOW_INCLUDE_OUTSIDE"}
    for args, status in ((["check", str(pack)], 1),
                         (["check", str(pack), "--allow-include-outside"], 0),
                         (["extract", "-", "--rules", str(pack)], 2),
                         (["extract", "-", "--rules", str(pack), "--allow-include-outside"], 0)):
        run = subprocess.run([sys.executable, "-m", "depesche", *args], input="x",
                             capture_output=True, text=True, env=environment, timeout=120)
        assert run.returncode == status, (args, run.stdout, run.stderr)
        if status:
            assert "is outside the rule pack's folder" in run.stdout + run.stderr


# ------------------------------------------------- macros that would expand or nest without end

def _macro_pack(folder: Path, macros: list[str], pattern: str) -> Path:
    path = folder / "macros.yaml"
    path.write_text("macros:\n" + "".join(f"  {m}\n" for m in macros) + "rules:\n  - id: r\n"
                    f"    type: CONSULT\n    pattern: '{pattern}'\n", encoding="utf-8")
    return path


def _check(path: Path) -> list[str]:
    """``depesche check``'s error lines; a process with a deadline, as the bug was a hang."""
    run = subprocess.run([sys.executable, "-m", "depesche", "check", str(path)], text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    return [line for line in run.stdout.splitlines() if ": error: " in line]


def test_a_macro_bomb_is_refused_at_the_macro_that_expands_too_far(tmp_path: Path) -> None:
    """Each macro twice the one before: 2**40 elements were expanded, without end."""
    bomb = ["b0: '[word=x]'", *(f"b{i}: '$b{i - 1} $b{i - 1}'" for i in range(1, 41))]
    errors = _check(_macro_pack(tmp_path, bomb, "[word=a] $b40"))
    # b15 (2**15 tokens and the sequences holding them) is the first past 40,000 elements
    assert errors[0] == (f"{tmp_path / 'macros.yaml'}:17:14: error: macros expand this "
                         "pattern to more than 40000 elements (a macro that uses another "
                         "several times, over and over?)")
    assert errors[-1] == (f"{tmp_path / 'macros.yaml'}:46:24: error: macro $b40 has errors "
                          "(reported where it is defined) (in rule 'r')")
    assert len(errors) == 1 + 25 + 1  # b15, the macros that use it, the rule


def test_many_macros_using_a_large_one_are_expanded_once_each(tmp_path: Path) -> None:
    """Each macro expanded again every macro that used it: 200 macros using one of 16,000
    elements took 40 s, 1,000 would take more than three minutes; now each is expanded
    once."""
    large = ["b0: '[word=x]'", *(f"b{i}: '$b{i - 1} $b{i - 1}'" for i in range(1, 14))]
    users = [f"m{i}: '[word=y] $b13 [word=z]'" for i in range(1_000)]
    errors = _check(_macro_pack(tmp_path, large + users, "$m0 [word=a] $nowhere"))
    assert errors == [f"{tmp_path / 'macros.yaml'}:1019:28: error: unknown macro $nowhere "
                      "(known: $b0, $b1, $b10, $b11, $b12, $b13, $b2, $b3, $b4, $b5, $b6, $b7, "
                      "$b8, $b9, $m0, $m1, … (1014 in all)) (in rule 'r')"]


@pytest.mark.parametrize("order", ["defined before use", "used before defined"])
def test_macros_nesting_macros_are_refused_past_a_depth(tmp_path: Path, order: str) -> None:
    """Each macro one group deeper than the one before: the passes' recursion, and the
    expansion's own from one macro into the next, ended in a RecursionError traceback, in
    ``check`` and ``extract`` alike."""
    chain = ["m0: '[word=x]'", *(f"m{i}: '([word=a] $m{i - 1})?'" for i in range(1, 3_000))]
    if order == "used before defined":
        chain.reverse()
    path = _macro_pack(tmp_path, chain, "[word=a] $m2999")
    pack, _ = load_pack([str(path)])
    with pytest.raises(ErrorList) as caught:
        compile_pack(pack, collect=True)
    errors = [error.render().splitlines()[0] for error in caught.value.errors]
    line = 102 if order == "defined before use" else 3_000 - 100 + 1
    assert (f"{path}:{line}:20: macros nest this pattern deeper than 200 levels (a macro "
            "that nests another, over and over?)") in errors
    assert errors[-1] == (f"{path}:3005:24: macro $m2999 has errors (reported where it is "
                          "defined) (in rule 'r')")
    assert len(errors) == 3_000 - 100 + 1


# ------------------------------------------------- a macro as a clause frame's role test

def _role_macro_pack(folder: Path, macro: str) -> Path:
    path = folder / "roles.yaml"
    path.write_text(
        "macros:\n"
        f"  weapons: '{macro}'\n"
        "rules:\n"
        "  - id: aid\n"
        "    type: AID\n"
        "    pattern: 'clause([lemma=liefern], subj=a:[pos=NE], acc=w:$weapons, dat=r?)'\n"
        "    fact: {actor: a, recipient: r}\n"
        "    tests:\n"
        "      - text: 'Norwegen liefert Estland Panzer.'\n"
        "        expect: [{type: AID, actor: [Norwegen]}]\n"
        "      - text: 'Norwegen liefert Estland Fisch.'\n"
        "        expect: []\n",
        encoding="utf-8")
    return path


def test_a_macro_of_one_token_test_is_a_roles_test(tmp_path: Path) -> None:
    path = _role_macro_pack(tmp_path, "[head={Haubitze, Panzer}]")
    run = subprocess.run([sys.executable, "-m", "depesche", "test", str(path)], text=True,
                         capture_output=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed, 0 failed" in run.stdout


def test_a_macro_of_more_than_one_token_in_a_role_is_refused_where_used(
        tmp_path: Path) -> None:
    errors = _check(_role_macro_pack(tmp_path, "[head=Haubitze] [word=x]"))
    assert errors == [f"{tmp_path / 'roles.yaml'}:6:56: error: $weapons stands for more than "
                      "one token test, and a role takes one (acc=[…]) (in rule 'aid')"]
