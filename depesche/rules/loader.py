"""YAML rule files → :class:`RulePack`: the loading stage of the rule compiler.

A pack is a folder of YAML files (read recursively, in sorted order) or single files.
A *rule file* has any of::

    description: …
    include: [other.yaml, more/]      # relative to this file
    lexicons: [lexicons/actors.yaml]  # relative to this file (shipped:… in the shipped pack)
    extensions: [my_extension]        # grammar extensions this file needs
    macros: {name: pattern, …}
    rules: [{id, type, pattern, priority, stage, tag, group, description, fact, tests}, …]

A *lexicon file* has ``lexicon:`` at its top (see ``depesche.rules.lexicons``). Every error
is a :class:`RuleError` located at ``file:line:col``; with ``collect`` the loader records
errors and goes on, so ``check`` can report all of them at once.

A pack stays in its folder (the folder named, or the folder of the file named): an
``include:`` or ``lexicons:`` entry outside it (and outside the shipped pack, whose
lexicons are there to be shared) is refused unless the user allows it
(``allow_outside``, ``--allow-include-outside``, ``DEPESCHE_ALLOW_INCLUDE_OUTSIDE=1``), and
an ``extensions:`` file outside it is always refused (installed extensions are named by
their entry point). An error in a file read from outside never quotes its lines.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from depesche.engine.pipeline import Extractor
from depesche.engine.ruleset import FACT_TYPES, RuleSet
from depesche.errors import (
    DepescheError,
    ExtensionError,
    InputError,
    RuleError,
    SourceLocation,
)
from depesche.rules.cache import YAML_SUFFIXES, rule_files, text_digest
from depesche.rules.lexicons import lexicon_from_yaml
from depesche.rules.model import MacroSpec, PatternSource, RulePack, RuleSpec, RuleTest
from depesche.rules.yamlsource import Node, YamlFile, load_yaml, plain

FILE_KEYS = ("description", "include", "lexicons", "extensions", "macros", "rules")
RULE_KEYS = ("id", "type", "pattern", "priority", "stage", "tag", "group", "description",
             "fact", "tests")
TEST_KEYS = ("text", "expect", "date", "description")
RULE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*\Z")


def shipped_pack() -> Path:
    """Where the rule pack that ships with depesche lives (``rules/`` in the source tree).

    In a source tree ``depesche/pack`` is a link to ``rules/``; the path is resolved, so
    messages name the files people edit (``rules/agree.yaml``), not the link.
    """
    return Path(str(resources.files("depesche").joinpath("pack"))).resolve()


def shown_path(path: Path) -> Path:
    """``path`` as messages show it: relative to the working folder when inside it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


ALLOW_OUTSIDE_VARIABLE = "DEPESCHE_ALLOW_INCLUDE_OUTSIDE"
# ``include:`` and ``lexicons:`` entries that start so name files of the shipped pack.
SHIPPED = "shipped:"


def outside_allowed() -> bool:
    """Whether the environment allows packs to read files outside their folder."""
    return os.environ.get(ALLOW_OUTSIDE_VARIABLE, "").strip().lower() in ("1", "true", "yes")


class _Loader:
    def __init__(self, collect: bool, allow_outside: bool = False,
                 sources: Mapping[Path, str] | None = None) -> None:
        self.collect = collect
        self.allow_outside = allow_outside
        self.sources = {path.resolve(): text for path, text in (sources or {}).items()}
        self.errors: list[DepescheError] = []
        self.pack = RulePack()
        self.seen: set[Path] = set()
        self.rule_ids: dict[str, SourceLocation] = {}
        self.roots: list[Path] = []
        self.foreign: set[str] = set()  # files read from outside every root

    def fail(self, error: DepescheError) -> None:
        if error.location and error.location.path in self.foreign:
            error.location = dataclasses.replace(error.location, source_line=None)
        if not self.collect:
            raise error
        self.errors.append(error)

    def inside(self, path: Path) -> bool:
        """Whether ``path`` lies in the folder of one of the packs being loaded."""
        resolved = path.resolve()
        return any(resolved.is_relative_to(root) for root in self.roots)

    def readable(self, path: Path) -> bool:
        """Whether a pack may include ``path``: its own folder, or the shipped pack's
        (whose lexicons of actors and offices are there to be shared)."""
        return self.inside(path) or path.resolve().is_relative_to(shipped_pack().resolve())

    def _roots_text(self) -> str:
        return ", ".join(str(root) for root in self.roots)

    # ------------------------------------------------------------ files

    def load_path(self, path: Path, where: SourceLocation | None = None) -> None:
        if path.is_dir():
            files = rule_files(path)
            self.pack.listed[str(path.resolve())] = tuple(str(f.relative_to(path)) for f in files)
            if not files:
                self.fail(RuleError(f"no rule files (*.yaml) in folder {path}", where))
            for file in files:
                self.load_file(file, where)
        elif path.is_file():
            self.load_file(path, where)
        else:
            self.fail(RuleError(f"no such rule file or folder: {path}", where))

    def load_file(self, path: Path, where: SourceLocation | None = None) -> None:
        resolved = path.resolve()
        if resolved in self.seen:
            return
        self.seen.add(resolved)
        name = str(path)
        try:
            text = self.sources.get(resolved)
            if text is None:
                text = _decoded(path.read_bytes(), name)
        except OSError as error:
            self.fail(RuleError(f"cannot read {name}: {error.strerror or error}", where))
            return
        except RuleError as error:
            self.fail(error)
            return
        self.pack.read[str(resolved)] = text_digest(text)
        try:
            source = load_yaml(text, name)
        except DepescheError as error:
            self.fail(error)
            return
        self.pack.files.append(name)
        root = source.root
        if not isinstance(root.value, dict):
            self.fail(RuleError("a rule file must be a mapping (rules:, macros:, …)",
                                source.at(root)))
            return
        if "lexicon" in root.value:
            try:
                self.pack.lexicons.append(lexicon_from_yaml(source))
            except DepescheError as error:
                self.fail(error)
            return
        self.load_rule_file(source, path)

    def target(self, base: Path, value: str, where: SourceLocation) -> Path | None:
        """The file or folder an ``include:`` or ``lexicons:`` entry names: relative to
        the rule file, or with ``shipped:`` to the shipped pack, wherever it is installed."""
        if not value.startswith(SHIPPED):
            return base / value
        shipped = shipped_pack()
        target = shipped / value.removeprefix(SHIPPED).lstrip("/")
        if not target.resolve().is_relative_to(shipped):
            self.fail(RuleError(f"{value}: leads out of the shipped pack ({shipped})", where))
            return None
        if not target.exists():
            have = ", ".join(sorted(str(f.relative_to(shipped)) for f in rule_files(shipped)
                                    if f.parent.name == "lexicons"))
            self.fail(RuleError(f"{value}: no such file or folder in the shipped pack "
                                f"({shipped})", where, hint=f"its lexicons: {have}"))
            return None
        return shown_path(target)

    def load_rule_file(self, source: YamlFile, path: Path) -> None:
        fields: dict[str, tuple[Node, Node]] = source.root.value
        for key, (key_node, _) in fields.items():
            if key not in FILE_KEYS:
                self.fail(_unknown_key(source, key_node, key, FILE_KEYS, "rule file"))
        base = path.parent
        for key in ("include", "lexicons"):
            if key in fields:
                for item in _string_list(self, source, fields[key][1], key):
                    target = self.target(base, item.value, source.at(item))
                    if target is None:
                        continue
                    if not self.readable(target):
                        if not self.allow_outside:
                            self.fail(RuleError(
                                f"{key}: {item.value} is outside the rule pack's folder "
                                f"({self._roots_text()}); a pack reads only files inside "
                                "it unless you allow more (--allow-include-outside, or "
                                f"{ALLOW_OUTSIDE_VARIABLE}=1)", source.at(item)))
                            continue
                        self.foreign.update(
                            str(p) for p in ([target] if not target.is_dir() else
                                             target.rglob("*")))
                    self.load_path(target, source.at(item))
        if "extensions" in fields:
            # Imported here: the extensions module imports Lark, which loading a pack (or
            # checking a cached one) needs only when the pack names extensions.
            from depesche.rules.extensions import is_extension_path

            for item in _string_list(self, source, fields["extensions"][1], "extensions"):
                value = item.value
                if is_extension_path(value):
                    if not self.inside(base / value) or str(path) in self.foreign:
                        self.fail(ExtensionError(
                            f"extension {value!r} is outside the rule pack's folder "
                            f"({self._roots_text()}); a pack runs only extensions installed "
                            "under the entry point group depesche.extensions, or .py files "
                            "and package folders inside its folder", source.at(item)))
                        continue
                    value = str((base / value).resolve())
                self.pack.extensions.append((value, source.at(item)))
        if "macros" in fields:
            self.load_macros(source, fields["macros"][1])
        if "rules" in fields:
            rules_node = fields["rules"][1]
            if not isinstance(rules_node.value, list):
                self.fail(RuleError("'rules' must be a list of rules", source.at(rules_node)))
                return
            for item in rules_node.value:
                try:
                    self.load_rule(source, item)
                except DepescheError as error:
                    self.fail(error)

    def load_macros(self, source: YamlFile, node: Node) -> None:
        if not isinstance(node.value, dict):
            self.fail(RuleError("'macros' must map names to patterns", source.at(node)))
            return
        for name, (key_node, value_node) in node.value.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                self.fail(RuleError(f"bad macro name {name!r}", source.at(key_node)))
                continue
            if name in self.pack.macros:
                first = self.pack.macros[name].location
                self.fail(RuleError(f"macro ${name} is defined twice (first at {first})",
                                    source.at(key_node)))
                continue
            if not isinstance(value_node.value, str):
                self.fail(RuleError(f"macro ${name} must be a pattern string",
                                    source.at(value_node)))
                continue
            self.pack.macros[name] = MacroSpec(name, _pattern_source(source, value_node),
                                               source.at(key_node))

    # ------------------------------------------------------------ rules

    def load_rule(self, source: YamlFile, node: Node) -> None:
        if not isinstance(node.value, dict):
            raise RuleError("a rule must be a mapping with id, type and pattern", source.at(node))
        fields: dict[str, tuple[Node, Node]] = node.value
        for key, (key_node, _) in fields.items():
            if key not in RULE_KEYS:
                raise _unknown_key(source, key_node, key, RULE_KEYS, "rule")
        for required in ("id", "pattern"):
            if required not in fields:
                raise RuleError(f"rule needs '{required}'", source.at(node))
        id_node = fields["id"][1]
        rule_id = str(id_node.value)
        if not RULE_ID.match(rule_id):
            raise RuleError(f"bad rule id {rule_id!r} (letters, digits, _ . -)",
                            source.at(id_node))
        if rule_id in self.rule_ids:
            raise RuleError(f"duplicate rule id {rule_id!r} (first at {self.rule_ids[rule_id]})",
                            source.at(id_node))
        self.rule_ids[rule_id] = source.at(id_node)
        rule_type = None
        if "type" in fields:
            type_node = fields["type"][1]
            rule_type = str(type_node.value).upper()
            if rule_type not in FACT_TYPES:
                close = difflib.get_close_matches(rule_type, FACT_TYPES, n=1)
                hint = f"did you mean {close[0]}?" if close else None
                raise RuleError(f"unknown fact type {type_node.value!r}", source.at(type_node),
                                rule_id=rule_id, hint=hint)
        tag = None
        if "tag" in fields:
            tag_node = fields["tag"][1]
            tag = str(tag_node.value)
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", tag):
                raise RuleError(f"tag {tag!r} must be upper case (a class name)",
                                source.at(tag_node), rule_id=rule_id)
        if rule_type is None and tag is None:
            raise RuleError("rule needs a 'type' (a fact type) or a 'tag' (a class to mark)",
                            source.at(node), rule_id=rule_id)
        pattern_node = fields["pattern"][1]
        if not isinstance(pattern_node.value, str) or not pattern_node.value.strip():
            raise RuleError("'pattern' must be a non-empty string", source.at(pattern_node),
                            rule_id=rule_id)
        fact: dict[str, Any] = {}
        fact_location = None
        if "fact" in fields:
            fact_node = fields["fact"][1]
            if not isinstance(fact_node.value, dict):
                raise RuleError("'fact' must be a mapping of fields", source.at(fact_node),
                                rule_id=rule_id)
            fact = plain(fact_node)
            fact_location = source.at(fact_node)
        tests = tuple(self.load_tests(source, fields["tests"][1], rule_id)) if "tests" in fields \
            else ()
        self.pack.rules.append(RuleSpec(
            id=rule_id, type=rule_type, pattern=_pattern_source(source, pattern_node),
            location=source.at(id_node),
            priority=_int(source, fields, "priority", 0, rule_id),
            stage=_int(source, fields, "stage", 10, rule_id),
            tag=tag, group=str(plain(fields["group"][1])) if "group" in fields else None,
            description=str(plain(fields["description"][1])) if "description" in fields
            else None,
            fact=fact, fact_location=fact_location, tests=tests, order=len(self.pack.rules),
        ))

    def load_tests(self, source: YamlFile, node: Node, rule_id: str) -> list[RuleTest]:
        if not isinstance(node.value, list):
            raise RuleError("'tests' must be a list of {text, expect}", source.at(node),
                            rule_id=rule_id)
        tests = []
        for item in node.value:
            if not isinstance(item.value, dict):
                raise RuleError("a test is a mapping {text: …, expect: […]}", source.at(item),
                                rule_id=rule_id)
            fields = item.value
            for key, (key_node, _) in fields.items():
                if key not in TEST_KEYS:
                    raise _unknown_key(source, key_node, key, TEST_KEYS, "test")
            if "text" not in fields or not isinstance(fields["text"][1].value, str):
                raise RuleError("a test needs 'text' (a string)", source.at(item), rule_id=rule_id)
            expect = plain(fields["expect"][1]) if "expect" in fields else None
            if expect is None or not isinstance(expect, list) or not all(
                    isinstance(e, dict) for e in expect):
                where = source.at(fields["expect"][1] if "expect" in fields else item)
                raise RuleError("a test needs 'expect': a list of fact fields ([] for none)",
                                where, rule_id=rule_id)
            date = plain(fields["date"][1]) if "date" in fields else None
            tests.append(RuleTest(fields["text"][1].value, expect, source.at(item),
                                  str(date) if date is not None else None))
        return tests


def _unknown_key(source: YamlFile, key_node: Node, key: str, allowed: tuple[str, ...],
                 what: str) -> RuleError:
    close = difflib.get_close_matches(key, allowed, n=1)
    return RuleError(f"unknown key {key!r} in {what} (expected one of {', '.join(allowed)})",
                     source.at(key_node), hint=f"did you mean {close[0]!r}?" if close else None)


def _string_list(loader: _Loader, source: YamlFile, node: Node, key: str) -> list[Node]:
    items = node.value if isinstance(node.value, list) else [node]
    good = [item for item in items if isinstance(item.value, str)]
    if len(good) != len(items):
        loader.fail(RuleError(f"'{key}' must be a list of strings", source.at(node)))
    return good


def _int(source: YamlFile, fields: dict[str, tuple[Node, Node]], key: str, default: int,
         rule_id: str) -> int:
    if key not in fields:
        return default
    node = fields[key][1]
    if not isinstance(node.value, int) or isinstance(node.value, bool):
        raise RuleError(f"'{key}' must be a whole number", source.at(node), rule_id=rule_id)
    return node.value


def _decoded(raw: bytes, name: str) -> str:
    """A rule file's text: UTF-8 (a leading byte order mark is allowed, as YAML allows it),
    or an error at the line and column of the first byte that is not."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        start = raw.rfind(b"\n", 0, error.start) + 1
        line_end = raw.find(b"\n", error.start)
        text = raw[start:line_end if line_end >= 0 else len(raw)].decode("utf-8", "replace")
        column = len(raw[start:error.start].decode("utf-8", "replace")) + 1
        raise RuleError(f"not valid UTF-8: byte 0x{raw[error.start]:02x} (rule files and "
                        "lexicons are UTF-8)", SourceLocation(
                            name, raw.count(b"\n", 0, error.start) + 1, column, text)) from None


def _pattern_source(source: YamlFile, node: Node) -> PatternSource:
    block = node.style in ("|", ">")
    if block:
        line, column = node.body_line or node.line + 1, node.body_column or 1
    else:
        line, column = node.line, node.column + (1 if node.style in ("'", '"') else 0)
    return PatternSource(node.value, source.path, line, column, block, tuple(source.lines))


def _require_pack_path(target: Path) -> None:
    """A pack named on the command line must exist and hold rule files.

    This is bad usage, not an error of the pack, so it is raised even when ``check``
    collects the pack's errors: every command exits 2 for it (README, exit status).
    """
    where = SourceLocation(str(target))
    if target.is_dir():
        if not any(p.suffix in YAML_SUFFIXES for p in target.rglob("*")):
            raise InputError("no rule files (*.yaml) in this folder", where)
    elif not target.is_file():
        raise InputError("no such rule file or folder", where)


def load_pack(paths: list[str] | None = None, *, collect: bool = False,
              allow_outside: bool | None = None,
              sources: Mapping[Path, str] | None = None) -> tuple[RulePack, list[DepescheError]]:
    """Load the packs at ``paths`` (default: the shipped pack) into one :class:`RulePack`.

    ``allow_outside`` lets ``include:`` and ``lexicons:`` read files outside the packs'
    folders (default: :func:`outside_allowed`, from the environment). ``sources`` gives
    the text of files to read instead of what their path holds on disk (an editor's
    unsaved buffers, as ``depesche play`` checks them); keys are file paths.
    """
    loader = _Loader(collect, outside_allowed() if allow_outside is None else allow_outside,
                     sources)
    targets = [Path(p) for p in paths] if paths else [shown_path(shipped_pack())]
    loader.pack.paths = [str(p) for p in targets]
    loader.roots = [(t if t.is_dir() else t.parent).resolve() for t in targets]
    for target in targets:
        _require_pack_path(target)
        loader.load_path(target)
    return loader.pack, loader.errors


def load_ruleset(paths: list[str] | None = None, *,
                 allow_outside: bool | None = None) -> RuleSet:
    """Load and compile packs in one step (from the pack cache when unchanged, see
    ``depesche.rules.cache``); raises the first error."""
    from depesche.rules.cache import compiled_pack

    return compiled_pack(paths, allow_outside=allow_outside)[1].ruleset


def load_extractor(paths: list[str] | tuple[str, ...] | None = None, *,
                   allow_outside: bool | None = None) -> Extractor:
    """An :class:`Extractor` for the packs at ``paths`` (the shipped pack when empty), from
    the pack cache when unchanged."""
    from depesche.rules.cache import compiled_pack

    return compiled_pack(list(paths or []), allow_outside=allow_outside)[1]
