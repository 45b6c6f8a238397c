"""Grammar extensions end to end: found by path, module or entry point; checked when loaded.

Each extension here is a small module written into ``tmp_path``; entry points come from a
``*.dist-info`` folder put on ``sys.path``, as an installed package's would be. Conflicts
and broken fragments must be reported when the pack loads, at ``file:line:col`` in the
fragment; errors in a construct's use at ``file:line:col`` in the rule file.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import tomllib
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from depesche.authoring.ruletests import load_extractor, run_tests
from depesche.cli.app import _register, app
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.errors import DepescheError, ExtensionError, PatternError
from depesche.grammar import ast, passes
from depesche.grammar.extensions import Builder, GrammarExtension, compose, effective_grammar
from depesche.grammar.parser import parse_pattern
from depesche.rules.compiler import compile_pack
from depesche.rules.extensions import installed_extensions, load_extension, load_extensions
from depesche.rules.loader import load_pack

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "extensions"

# A token test: [shout] holds for an all-capitals word (NATO, EU); it declares "lemma" only
# to show that declared features reach the engine.
SHOUT = '''\
"""[shout]: an all-capitals token."""
from depesche.grammar.ast import ExtensionTest
from depesche.grammar.extensions import GrammarExtension

GRAMMAR = r"""
%extend test_ext: "shout" -> shout_test
"""


def build(children, pos):
    return ExtensionTest("shout", "shout_test", None, pos)


EXTENSION = GrammarExtension(
    "shout", GRAMMAR, builders={"shout_test": build},
    test_compilers={"shout_test": lambda node: lambda token: token.text.isupper()},
    features=frozenset({"lemma"}))
'''


def extension_source(name: str, grammar: str, builders: str = "") -> str:
    """A module whose EXTENSION has ``grammar`` and a builder for each name in ``builders``."""
    fragment = textwrap.dedent(grammar).strip("\n")
    names = builders.split()
    table = ", ".join(f"{n!r}: build" for n in names)
    return (f'from depesche.grammar.ast import ExtensionTest\n'
            f'from depesche.grammar.extensions import GrammarExtension\n\n'
            f'GRAMMAR = r"""\n{fragment}\n"""\n\n\n'
            f'def build(children, pos):\n'
            f'    return ExtensionTest({name!r}, "{name}_t", None, pos)\n\n\n'
            f'EXTENSION = GrammarExtension(\n'
            f'    {name!r}, GRAMMAR, builders={{{table}}},\n'
            f'    test_compilers={{"{name}_t": lambda n: lambda t: True}})\n')


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pack_file(folder: Path, extensions: str, pattern: str, tests: str = "") -> Path:
    """A one-rule pack (tag ``HIT``) that names ``extensions`` and matches ``pattern``."""
    return write(folder / "pack.yaml",
                 f"extensions: {extensions}\nrules:\n  - id: hit\n    tag: HIT\n"
                 f"    pattern: '{pattern}'\n{tests}")


def compiled(path: Path) -> Extractor:
    pack, _ = load_pack([str(path)])
    return Extractor(compile_pack(pack)[0])


def hits(extractor: Extractor, text: str) -> list[str]:
    extraction = extractor.run(read_document("t", text))
    doc = extraction.doc
    return [doc.text[doc.tokens[k.match.start].start:doc.tokens[k.match.end - 1].end]
            for k in extraction.kept]


def load_error(path: Path) -> DepescheError:
    with pytest.raises(DepescheError) as caught:
        pack, _ = load_pack([str(path)])
        compile_pack(pack)
    return caught.value


def install(site: Path, module: str, source: str, entry_name: str,
            monkeypatch: pytest.MonkeyPatch) -> None:
    """Install ``module`` with an entry point ``entry_name`` as pip would: a dist-info."""
    write(site / f"{module}.py", source)
    info = site / f"{module}-0.1.dist-info"
    write(info / "METADATA", f"Metadata-Version: 2.1\nName: {module}\nVersion: 0.1\n")
    write(info / "entry_points.txt", f"[depesche.extensions]\n{entry_name} = {module}:EXTENSION\n")
    monkeypatch.syspath_prepend(str(site))


def unique(stem: str) -> str:
    return f"{stem}_{uuid.uuid4().hex[:8]}"


# ---------------------------------------------------------------- finding extensions


def test_pack_names_an_extension_by_path(tmp_path: Path) -> None:
    write(tmp_path / "ext" / "shout.py", SHOUT)
    path = pack_file(tmp_path, "[ext/shout.py]", "[shout] [word=fordert]")
    assert hits(compiled(path), "Die NATO fordert Klarheit .") == ["NATO fordert"]


def test_pack_names_a_package_folder_by_path(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fuzzy" / "depesche_fuzzy", tmp_path / "depesche_fuzzy")
    path = pack_file(tmp_path, "[depesche_fuzzy/]", 'fuzzy("Charkiw", 2)')
    assert hits(compiled(path), "Angriffe auf Kharkiv .") == ["Kharkiv"]


def test_pack_names_an_extension_by_entry_point(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    module = unique("shout_pkg")
    install(tmp_path / "site", module, SHOUT, "shout", monkeypatch)
    assert installed_extensions()["shout"] == f"{module}:EXTENSION"
    path = pack_file(tmp_path, "[shout]", "[shout]")
    assert hits(compiled(path), "Die EU und die NATO .") == ["EU", "NATO"]


def test_a_module_that_is_no_entry_point_is_not_imported(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``extensions: [this]`` used to import any installed module (it printed the Zen)."""
    marker = tmp_path / "ran.txt"
    module = unique("shout_mod")
    write(tmp_path / "site" / f"{module}.py",
          f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n" + SHOUT)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    for spec in (module, "this"):
        with pytest.raises(ExtensionError, match=f"extension '{spec}' is not installed"):
            load_extension(spec)
    error = load_error(pack_file(tmp_path / "pack", f"[{module}]", "[shout]"))
    assert f"extension '{module}' is not installed" in error.message
    assert not marker.exists()


@pytest.mark.parametrize(("entry", "layout"), [
    ("[../shout.py]", "beside the pack folder"),
    (f"[{Path('/tmp') / 'shout.py'}]", "an absolute path elsewhere"),
    ("[sub/../../shout.py]", "a path that climbs out"),
])
def test_an_extension_file_outside_the_pack_is_refused(tmp_path: Path, entry: str,
                                                      layout: str) -> None:
    marker = tmp_path / "ran.txt"
    write(tmp_path / "shout.py",
          f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n" + SHOUT)
    error = load_error(pack_file(tmp_path / "pack", entry, "[shout]"))
    assert isinstance(error, ExtensionError)
    assert "is outside the rule pack's folder" in error.message
    assert (error.location.line, error.location.column) == (1, 14)
    assert not marker.exists()


@pytest.mark.parametrize(("code", "message"), [
    ("import sys\nsys.exit(0)\n", "called sys.exit(0) while it was loaded"),
    ("raise SystemExit('bye')\n", "called sys.exit('bye') while it was loaded"),
    ("raise RuntimeError('kaputt')\n", "failed to load: RuntimeError: kaputt"),
    ("EXTENSION = 42\n", "has no EXTENSION (a GrammarExtension)"),
])
def test_an_extension_that_exits_or_raises_is_an_error_where_named(
        tmp_path: Path, code: str, message: str) -> None:
    write(tmp_path / "pack" / "bad.py", code)
    error = load_error(pack_file(tmp_path / "pack", "[bad.py]", "[word=x]"))
    assert isinstance(error, ExtensionError)
    assert message in error.message
    assert (error.location.line, error.location.column) == (1, 14)


@pytest.mark.parametrize("command", [["check"], ["test"], ["extract", "-"]])
def test_an_extension_calling_sys_exit_fails_the_command(tmp_path: Path,
                                                          command: list[str]) -> None:
    """sys.exit(0) in an extension used to make check, test and extract exit 0 silently."""
    write(tmp_path / "pack" / "bye.py", "import sys\nsys.exit(0)\n")
    pack = pack_file(tmp_path / "pack", "[bye.py]", "[word=x]")
    args = [*command, "--rules", str(pack)] if command[0] == "extract" else [*command,
                                                                              str(pack)]
    run = subprocess.run([sys.executable, "-m", "depesche", *args], input="Text.",
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == (1 if command == ["check"] else 2), run.stderr + run.stdout
    assert "called sys.exit(0) while it was loaded" in run.stdout + run.stderr


def test_missing_extension_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pack.yaml", "rules: []\nextensions:\n  - no_such_ext\n")
    error = load_error(path)
    assert isinstance(error, ExtensionError)
    assert (error.location.path, error.location.line, error.location.column) == (str(path), 3, 5)
    assert "'no_such_ext' is not installed" in error.message


def test_missing_extension_file_is_a_located_error(tmp_path: Path) -> None:
    path = write(tmp_path / "pack.yaml", "extensions: [gone/away.py]\nrules: []\n")
    error = load_error(path)
    assert "extension file not found" in error.message
    assert (error.location.line, error.location.column) == (1, 14)


def test_extension_whose_import_fails_is_reported_where_named(tmp_path: Path) -> None:
    write(tmp_path / "broken.py", "import no_such_dependency_at_all\n")
    error = load_error(pack_file(tmp_path, "[broken.py]", "[word=x]"))
    assert "failed to load: ModuleNotFoundError" in error.message
    assert (error.location.line, error.location.column) == (1, 14)


def test_one_extension_named_by_two_files_loads_once(tmp_path: Path) -> None:
    write(tmp_path / "shout.py", SHOUT)
    write(tmp_path / "a.yaml", "extensions: [shout.py]\nrules: []\n")
    write(tmp_path / "b.yaml", "extensions: [shout.py]\nrules:\n  - id: b\n    tag: B\n"
                               "    pattern: '[shout]'\n")
    pack, _ = load_pack([str(tmp_path)])
    assert [e.name for e in load_extensions(pack.extensions)] == ["shout"]


# ---------------------------------------------------------------- never run what is not named


def test_loading_a_pack_never_runs_code_it_did_not_declare(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran.txt"
    spy = f"from pathlib import Path\nPath({str(marker)!r}).write_text('ran')\n" + SHOUT
    install(tmp_path / "site", unique("spy_pkg"), spy, "spy", monkeypatch)
    write(tmp_path / "pack" / "spy.py", spy)  # a module beside the pack, not named either
    path = write(tmp_path / "pack" / "plain.yaml",
                 "rules:\n  - id: p\n    tag: P\n    pattern: '[word=Nato]'\n")
    assert "spy" in installed_extensions()  # listing entry points reads metadata only
    assert hits(compiled(path), "Die Nato tagt .") == ["Nato"]
    assert not marker.exists()
    # Naming it is what runs it.
    named = pack_file(tmp_path / "named", "[spy]", "[shout]")
    compiled(named)
    assert marker.exists()


# ---------------------------------------------------------------- conflicts and broken grammar

CONFLICTS = [
    ("colliding terminals",
     '%extend test_ext: "tg" AA_ARG -> aa_t\nAA_ARG: /[a-z]+/', "aa_t",
     '%extend test_ext: "tg" BB_ARG -> bb_t\nBB_ARG: /[a-z0-9]+/', "bb_t",
     "Collision between Terminals"),
    ("one terminal name",
     '%extend test_ext: "aa" ARG -> aa_t\nARG: /[0-9]+/', "aa_t",
     '%extend test_ext: "bb" ARG -> bb_t\nARG: /[0-9]+/', "bb_t",
     "Terminal 'ARG' defined more than once"),
    ("one rule name",
     '%extend test_ext: "aa" -> shared\n', "shared",
     '%extend test_ext: "bb" -> shared\n', "shared",
     "both define the builder 'shared'"),
    ("the same syntax twice",
     '%extend test_ext: "same" -> aa_t\n', "aa_t",
     '%extend test_ext: "same" -> bb_t\n', "bb_t",
     "Rules defined twice"),
]


@pytest.mark.parametrize(("case", "first", "first_builders", "second", "second_builders",
                          "message"), CONFLICTS, ids=[c[0] for c in CONFLICTS])
def test_two_conflicting_extensions_are_reported_when_loading(
        case: str, first: str, first_builders: str, second: str, second_builders: str,
        message: str, tmp_path: Path) -> None:
    write(tmp_path / "aa.py", extension_source("aa", first, first_builders))
    second_file = write(tmp_path / "bb.py", extension_source("bb", second, second_builders))
    path = write(tmp_path / "pack.yaml", "extensions: [aa.py, bb.py]\nrules: []\n")
    error = load_error(path)
    assert isinstance(error, ExtensionError)
    assert message in error.message
    assert "'aa'" in error.message and "'bb'" in error.message
    # Located in a fragment (the later one where the clash names its symbol there).
    assert error.location.path in (str(tmp_path / "aa.py"), str(second_file))
    assert error.location.source_line is not None
    assert error.location.line >= 5  # inside GRAMMAR, after the module's imports


def test_two_extensions_of_one_name_conflict(tmp_path: Path) -> None:
    write(tmp_path / "one.py", SHOUT)
    write(tmp_path / "two.py", SHOUT.replace("%extend test_ext: \"shout\"",
                                             "%extend test_ext: \"yell\""))
    path = write(tmp_path / "pack.yaml", "extensions: [one.py, two.py]\nrules: []\n")
    error = load_error(path)
    assert "two extensions are named 'shout'" in error.message
    assert (error.location.path, error.location.line, error.location.column) == (str(path), 1, 22)


BROKEN = [
    ("syntax", '%extend test_ext: "x" ( -> bb_t\n', "bb_t", 1, "does not compile: unexpected"),
    ("undefined terminal", '\n%extend test_ext: "x" BB_NOPE -> bb_t\n', "bb_t", 2,
     "Rule 'BB_NOPE' used but not defined"),
    ("base terminal redefined", 'INT: /[0-9]+/\n', "", 1, "Terminal 'INT' defined more than once"),
    ("base rule changed", '%extend element: "zz" -> bb_t\n', "bb_t", 1,
     "changes the base rule 'element'"),
    ("base rule overridden", '%override element: "zz"\n', "", 1,
     "changes the base rule 'element'"),
    ("base tree name reused", '%extend element_ext: "zz" -> gap\n', "", 1,
     "names a tree 'gap', as the base grammar does"),
    ("ignore", '\n%ignore "-"\n', "", 2, "changes what patterns ignore"),
    ("no alias", '%extend test_ext: "zz" BB_N\nBB_N: /[0-9]+/\n', "", 1,
     "adds an alternative to test_ext without a name"),
    ("no builder", '%extend test_ext: "zz" -> bb_t\n', "", 1, "has no builder for its rule 'bb_t'"),
    ("builder for nothing", '%extend test_ext: "zz" -> bb_t\n', "bb_t bb_typo", 1,
     "has a builder for 'bb_typo'"),
    ("word collides with a base terminal", '%extend test_ext: BB_W "?" -> bb_t\nBB_W: /[a-z]+/\n',
     "bb_t", 2, "Collision between Terminals"),
    ("keyword is a token attribute", '// [lemma>=3]\n%extend test_ext: "lemma" ">=" INT -> bb_t\n',
     "bb_t", 2, "its keyword 'lemma' is read where the base language has its own meaning, "
     "so '[lemma=drohen]' no longer parses"),
    ("keyword is morph", '%extend test_ext: "morph" -> bb_t\n', "bb_t", 1,
     "its keyword 'morph' is read where"),
]


@pytest.mark.parametrize(("case", "grammar", "builders", "line", "message"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_extension_whose_grammar_does_not_compile(case: str, grammar: str, builders: str,
                                                  line: int, message: str,
                                                  tmp_path: Path) -> None:
    write(tmp_path / "bb.lark", grammar)
    write(tmp_path / "bb.py", "from pathlib import Path\n"
                              "from depesche.grammar.ast import ExtensionTest\n"
                              "from depesche.grammar.extensions import GrammarExtension\n"
                              "build = lambda children, pos: ExtensionTest('bb', 't', None, pos)\n"
                              "EXTENSION = GrammarExtension.from_file(\n"
                              "    'bb', Path(__file__).with_name('bb.lark'),\n"
                              f"    builders={{n: build for n in {builders.split()!r}}})\n")
    error = load_error(pack_file(tmp_path, "[bb.py]", "[word=x]"))
    assert isinstance(error, ExtensionError)
    assert message in error.message
    assert (error.location.path, error.location.line) == (str(tmp_path / "bb.lark"), line)
    assert error.location.source_line == grammar.splitlines()[line - 1]
    assert "bb.lark" in error.render() and "^" in error.render()


def test_inline_fragment_errors_point_at_the_python_file(tmp_path: Path) -> None:
    source = extension_source("bb", '%extend test_ext: "x" BB_NOPE -> bb_t', "bb_t")
    module = write(tmp_path / "bb.py", source)
    error = load_error(pack_file(tmp_path, "[bb.py]", "[word=x]"))
    line = source.splitlines().index('%extend test_ext: "x" BB_NOPE -> bb_t') + 1
    assert (error.location.path, error.location.line, error.location.column) == (
        str(module), line, 23)


# ---------------------------------------------------------------- use in rules


def test_use_in_a_rule_test(tmp_path: Path) -> None:
    write(tmp_path / "shout.py", SHOUT)
    tests = ("    tests:\n"
             "      - text: Die NATO fordert Klarheit.\n"
             "        expect: [{tag: HIT, text: NATO fordert}]\n"
             "      - text: Die Nato fordert Klarheit.\n"
             "        expect: []\n")
    path = pack_file(tmp_path, "[shout.py]", "[shout] [lemma=fordern]", tests)
    pack, extractor = load_extractor([str(path)])
    results = list(run_tests(pack, extractor))
    assert len(results) == 2 and all(r.passed for r in results), [r.render() for r in results]


def test_a_construct_used_wrongly_points_at_the_rule_file(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "fuzzy" / "depesche_fuzzy", tmp_path / "depesche_fuzzy")
    path = pack_file(tmp_path, "[depesche_fuzzy/]", '[lemma=in]  fuzzy("Kiew", 7)')
    error = load_error(path)
    assert "distance 7 would let 'kiew' match any word" in error.message
    assert (error.location.path, error.location.line, error.location.column) == (
        str(path), 5, len("    pattern: '[lemma=in]  ") + 1)


def test_a_construct_of_an_extension_the_pack_did_not_name_is_a_syntax_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("depesche.rules.compiler.installed_extensions",
                        lambda: {"numeric": "depesche_numeric:EXTENSION", "fuzzy": "f:E"})
    error = load_error(pack_file(tmp_path, "[]", "[word=x] [num>=5]"))
    assert (error.location.line, error.location.column) == (
        5, len("    pattern: '[word=x] [num") + 1)
    assert error.hint == ("if this is a grammar extension's construct, name the extension in "
                          "the rule file, 'extensions: [NAME]' (installed: fuzzy, numeric)")
    write(tmp_path / "shout.py", SHOUT)
    named = load_error(pack_file(tmp_path, "[shout.py]", "[shout] [num>=5]"))
    assert "installed: fuzzy, numeric" in (named.hint or "")
    monkeypatch.setattr("depesche.rules.compiler.installed_extensions", dict)
    assert load_error(pack_file(tmp_path, "[]", "[word=x] [num>=5]")).hint is None


def test_declared_features_reach_the_compiled_rule(tmp_path: Path) -> None:
    for pack in ("used", "unused"):
        write(tmp_path / pack / "shout.py", SHOUT)
    used = compiled(pack_file(tmp_path / "used", "[shout.py]", "[shout]"))
    unused = compiled(pack_file(tmp_path / "unused", "[shout.py]", "[word=x]"))
    assert "lemma" in used.ruleset.features
    assert "lemma" not in unused.ruleset.features


def test_a_feature_no_annotator_provides_is_an_error_where_named(tmp_path: Path) -> None:
    write(tmp_path / "shout.py", SHOUT.replace('frozenset({"lemma"})', 'frozenset({"loudness"})'))
    error = load_error(pack_file(tmp_path, "[shout.py]", "[shout]"))
    assert "reads the feature 'loudness', which no annotator provides" in error.message
    assert (error.location.line, error.location.column) == (1, 14)


# ---------------------------------------------------------------- builders and passes


def test_builders_get_plain_children_and_may_raise_located_errors() -> None:
    seen: list[object] = []

    def build(children: list[object], pos: ast.Pos) -> ast.ExtensionTest:
        seen.extend(children)
        if children[0] == "0":
            raise PatternError("width must be positive").at(pos)
        return ast.ExtensionTest("width", "width_test", int(str(children[0])), pos)

    extension = GrammarExtension("width", '%extend test_ext: "len" WIDTH_N -> width_test\n'
                                          'WIDTH_N: /[0-9]+/',
                                 builders={"width_test": build})
    node = parse_pattern("[len 7]", extensions=[extension])
    assert isinstance(node, ast.Token) and node.test == ast.ExtensionTest(
        "width", "width_test", 7, ast.Pos(1, 2))
    assert type(seen[0]) is str
    with pytest.raises(DepescheError) as caught:
        parse_pattern("[word=x]\n  [len 0]", path="p", extensions=[extension])
    assert str(caught.value.location) == "p:2:4"


@pytest.mark.parametrize(("builder", "message"), [
    (lambda children, pos: ast.Gap(0, 1), "built a Gap, not a token test"),
    (lambda children, pos: 1 / 0, "extension rule 'width_test' failed: ZeroDivisionError"),
])
def test_a_broken_builder_is_reported_at_the_construct(builder: Builder, message: str) -> None:
    extension = GrammarExtension("width", '%extend test_ext: "len" -> width_test',
                                 builders={"width_test": builder})
    with pytest.raises(DepescheError) as caught:
        parse_pattern('[word=x] [len]', path="p", extensions=[extension])
    assert message in caught.value.message
    assert str(caught.value.location) == "p:1:11"


NEAR = GrammarExtension(
    "near", '%extend element_ext: "near" "(" alternation ")" -> near_element',
    builders={"near_element": lambda children, pos: ast.ExtensionElement(
        "near", "near_element", (children[0],), pos)},
    features=frozenset({"pos"}))


def test_passes_see_into_extension_elements() -> None:
    node = parse_pattern("near($verb [@ACTOR])", extensions=[NEAR])
    macros = {"verb": parse_pattern("[lemma=drohen]")}
    resolved = passes.resolve_macros(node, macros)
    assert isinstance(resolved, ast.ExtensionElement)
    inner = resolved.data[0]
    assert not any(isinstance(n, ast.MacroRef) for n in ast.walk(inner))
    assert passes.features(resolved) == {"pos", "lemma", "ACTOR"}
    with pytest.raises(PatternError, match="capture 'x' inside the extension construct"):
        passes.check_captures(parse_pattern("near((?<x> []))", extensions=[NEAR]))


# ---------------------------------------------------------------- the grammar command


def cli(*args: str) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_grammar_command_prints_the_effective_grammar(tmp_path: Path) -> None:
    write(tmp_path / "shout.py", SHOUT)
    path = pack_file(tmp_path, "[shout.py]", "[shout]")
    code, output = cli("grammar", "--pack", str(path))
    assert code == 0
    assert output.startswith("// The depesche pattern language")
    assert f"// ---- extension shout ({tmp_path / 'shout.py'})" in output
    assert '%extend test_ext: "shout" -> shout_test' in output
    code, base = cli("grammar")
    assert code == 0 and base == effective_grammar()


def test_grammar_command_reports_a_missing_extension(tmp_path: Path) -> None:
    code, output = cli("grammar", "--extension", "no_such_ext")
    assert code == 2
    assert "extension 'no_such_ext' is not installed" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(("fragment", "collides"), [
    ('%extend test_ext: X_UPPER -> x_t\nX_UPPER: /[A-Z]+/\n', True),  # where WORD stands
    ('%extend test_ext: "xacro" X_UPPER -> x_t\nX_UPPER: /[A-Z]+/\n', False),  # after a keyword
])
def test_a_terminal_collides_only_where_a_base_terminal_may_stand_too(
        fragment: str, collides: bool) -> None:
    """docs/extending.md, *When errors are reported*: the contextual lexer's states."""
    extension = GrammarExtension(
        "x", fragment, builders={"x_t": lambda children, pos: ast.ExtensionTest("x", "x_t", None,
                                                                            pos)})
    if not collides:
        compose([extension])
        return
    with pytest.raises(ExtensionError,
                       match=r"Collision between Terminals (WORD and X_UPPER|X_UPPER and WORD)"
                       ) as e:
        compose([extension])
    assert e.value.location is not None and e.value.location.line == 2


def test_compose_is_cached_by_grammar() -> None:
    assert compose([NEAR]).lark is compose([NEAR]).lark


# ---------------------------------------------------------------- the tutorial runs

DOC = Path(__file__).resolve().parents[1] / "docs" / "extending.md"
BLOCK = re.compile(r"^```(\w+)(?: file=(\S+))?\n(.*?)^```", re.DOTALL | re.MULTILINE)


def output_matches(expected: list[str], got: list[str]) -> bool:
    """Whether ``got`` has the ``expected`` lines, where a line ``...`` stands for any lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(output_matches(expected[1:], got[i:]) for i in range(len(got) + 1))
    return bool(got) and got[0] == expected[0] and output_matches(expected[1:], got[1:])


def test_the_tutorial_in_docs_extending_runs(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Write each ``file=`` block of docs/extending.md, run each console command, compare."""
    monkeypatch.chdir(tmp_path)
    commands = 0
    unit_tests = []
    for language, name, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if name:
            write(tmp_path / name, body)
            if Path(name).name.startswith("test_"):
                unit_tests.append(tmp_path / name)
            if language == "toml":
                entry = tomllib.loads(body)["project"]["entry-points"]["depesche.extensions"]
                module = next(iter(entry.values())).split(":")[0]
                assert (tmp_path / name).parent.joinpath(f"{module}.py").is_file()
        elif language == "console":
            chunks = re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]
            for chunk in chunks:
                command, *expected = chunk.rstrip("\n").split("\n")
                args = shlex.split(command)
                assert args[0] == "depesche"
                _, output = cli(*args[1:])
                got = output.replace(f"{tmp_path}/", "").rstrip("\n").split("\n")
                assert output_matches(expected, got), f"$ {command}\n{output}"
                commands += 1
    assert commands >= 3
    assert unit_tests, "the tutorial's unit tests from Python"
    for test_file in unit_tests:  # as the page says: python -m pytest, the module importable
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
            capture_output=True, text=True, timeout=600, check=False,
            env={**os.environ, "PYTHONPATH": str(test_file.parent)})
        assert done.returncode == 0, done.stdout + done.stderr


READS_LEMMA = '''\
from depesche.grammar.ast import ExtensionTest
from depesche.grammar.extensions import GrammarExtension

EXTENSION = GrammarExtension(
    "lem", '%extend test_ext: "lemdrohen" -> lem_t\\n',
    builders={"lem_t": lambda children, pos: ExtensionTest("lem", "lem_t", None, pos)},
    test_compilers={"lem_t": lambda node: lambda token: token.lemma == "drohen"},
    features=frozenset(FEATURES))
'''


@pytest.mark.parametrize(("features", "warned"), [((), True), (("lemma",), False)],
                         ids=["undeclared", "declared"])
def test_check_warns_of_an_extension_reading_undeclared_features(
        tmp_path: Path, features: tuple[str, ...], warned: bool) -> None:
    from depesche.authoring.checks import check_pack

    name = unique("lem")
    write(tmp_path / f"{name}.py", READS_LEMMA.replace("FEATURES", repr(features)))
    path = pack_file(tmp_path, f"[{name}.py]", "[word=Russland] [lemdrohen]")
    report = check_pack([str(path)])
    found = [(d.location.line, d.location.column, d.message) for d in report.warnings
             if "does not declare" in d.message]
    assert found == ([(5, len("    pattern: '[word=Russland] [") + 1,
                       "extension 'lem' reads lemma but does not declare it in its features: "
                       "where no other rule needs 'lemma' it is never computed, and the "
                       "construct sees nothing (features=frozenset({'lemma'}))")]
                     if warned else [])
