"""``depesche check``: every error and warning of a rule pack at once, each at its place.

Errors come from the loader and the compiler in collecting mode. Warnings are what is
legal but suspect: the compiler passes' lint (empty matches, nested unbounded repeats),
and what only a view of the whole pack shows: unbounded quantifiers, macros no rule uses,
lexicons whose label no rule uses, and rules that a higher-ranked rule beats on every one
of their own tests (they can never produce anything their tests show).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from depesche.engine.annotators.speech.cues import SPEECH_LEXICON
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.engine.ruleset import RuleSet
from depesche.errors import DepescheError, ErrorList, SourceLocation
from depesche.grammar import ast, passes
from depesche.grammar.extensions import GrammarExtension
from depesche.grammar.parser import parse_pattern
from depesche.rules.compiler import CheckedRule, compile_pack
from depesche.rules.extensions import load_extensions
from depesche.rules.loader import load_pack
from depesche.rules.model import PatternSource, RulePack


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One error or warning: severity, message, where, and the rule it concerns."""

    severity: str
    message: str
    location: SourceLocation | None = None
    rule_id: str | None = None
    hint: str | None = None

    @classmethod
    def from_error(cls, error: DepescheError) -> Diagnostic:
        return cls("error", error.message, error.location, error.rule_id, error.hint)

    def render(self) -> str:
        """Like a compiler: ``path:line:col: warning: message``, the line, and a caret."""
        return DepescheError(f"{self.severity}: {self.message}", self.location,
                             rule_id=self.rule_id, hint=self.hint).render()

    def to_json(self) -> dict[str, Any]:
        loc = self.location
        return {"severity": self.severity, "message": self.message, "rule": self.rule_id,
                "hint": self.hint, "path": loc.path if loc else None,
                "line": loc.line if loc else None, "column": loc.column if loc else None}


@dataclass(slots=True)
class CheckReport:
    """All diagnostics of a pack, errors and warnings, in file order."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def summary(self) -> str:
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)"

    def to_json(self) -> dict[str, Any]:
        return {"errors": len(self.errors), "warnings": len(self.warnings),
                "diagnostics": [d.to_json() for d in self.diagnostics]}


def _compile(pack: RulePack, report: CheckReport) -> tuple[RuleSet | None, list[CheckedRule]]:
    """Compile, recording errors; if some rules fail, compile the others for their warnings.

    The rule set returned then holds the rules that compile, enough to find shadowed ones.
    """
    try:
        return compile_pack(pack, collect=True)
    except ErrorList as failure:
        report.diagnostics.extend(Diagnostic.from_error(e) for e in failure.errors)
        broken = {e.rule_id for e in failure.errors}
        rest = replace(pack, rules=[r for r in pack.rules if r.id not in broken])
    try:
        return compile_pack(rest, collect=True)
    except ErrorList:
        return None, []


def _parse(source: PatternSource, extensions: list[GrammarExtension]) -> ast.Element | None:
    """A pattern's own AST (macros unexpanded, positions its own), or None if it is broken."""
    try:
        return parse_pattern(source.text, path=source.path, extensions=extensions)
    except DepescheError:
        return None  # already reported by the compiler


# What a pattern that does not parse would have used: its $macros and @LABELs as written.
# Counting them as used keeps one syntax error from adding knock-on "unused" warnings.
MACRO_IN_TEXT = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
LABEL_IN_TEXT = re.compile(r"@([A-Z][A-Z0-9_]*)")


def _macro_refs(node: ast.Element | None, source: PatternSource) -> set[str]:
    if node is None:
        return set(MACRO_IN_TEXT.findall(source.text))
    return {e.name for e in ast.walk(node) if isinstance(e, ast.MacroRef)}


def _labels(node: ast.Element | None, source: PatternSource) -> set[str]:
    if node is None:
        return set(LABEL_IN_TEXT.findall(source.text))
    return passes.features(node)


def _unbounded(node: ast.Element | None, source: PatternSource, rule_id: str | None
               ) -> list[Diagnostic]:
    found = []
    for element in ast.walk(node) if node else ():
        if isinstance(element, ast.Repeat) and element.maximum is None:
            found.append(Diagnostic(
                "warning", "unbounded quantifier: a match may run to the end of the sentence "
                "and every start tries it; bound it with {m,n} or use ~{m,n}",
                source.locate(element.pos.line, element.pos.column), rule_id))
    return found


class _ReadingDict(dict[str, Any]):
    """An empty ``morph`` or ``attrs`` that records the keys a test looks up."""

    def __init__(self, read: set[str], feature: str | None) -> None:
        super().__init__()
        self._read, self._feature = read, feature

    def _note(self, key: object) -> None:
        self._read.add(self._feature or str(key))

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return default

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        self._note(key)
        return False


class _ReadingToken:
    """A token that records which annotation features an extension's test reads."""

    def __init__(self, read: set[str], i: int) -> None:
        self._read = read
        self.text, self.start, self.end, self.i, self.si, self.sentence = "Wort", 0, 4, i, i, 0
        self.morph = _ReadingDict(read, "morph")
        self.attrs = _ReadingDict(read, None)

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def lemma(self) -> str:
        self._read.add("lemma")
        return "wort"

    @property
    def pos(self) -> str:
        self._read.add("pos")
        return "NN"

    @property
    def classes(self) -> set[str]:
        self._read.add("classes")
        return set()


class _ReadingContext:
    """A sentence of reading tokens, as an extension element's matcher sees its context."""

    def __init__(self, read: set[str]) -> None:
        self.tokens = [_ReadingToken(read, i) for i in range(3)]
        self.first, self.last, self.doc = 0, 3, None

    def mentions(self, label: str, start: int) -> list[Any]:
        return []


def _undeclared_reads(node: ast.Element | None, source: PatternSource, rule_id: str | None,
                      extensions: dict[str, GrammarExtension]) -> list[Diagnostic]:
    """Warn where an extension's construct reads token features it does not declare.

    The engine computes only the features some rule needs (an extension's ``features``
    among them), so a test that reads ``token.lemma`` without declaring ``lemma`` sees
    None in every pack where nothing else asks for lemmas. The construct is run once on
    tokens that record what is read; classes are mentions, which every pack's own labels
    bring, so only attributes are checked.
    """
    found = []
    for element in ast.walk(node) if node else ():
        tests = ast.test_nodes(element.test) if isinstance(element, ast.Token) else (element,)
        for construct in tests:
            if not isinstance(construct, ast.ExtensionTest | ast.ExtensionElement):
                continue
            extension = extensions.get(construct.extension)
            if extension is None:
                continue
            read: set[str] = set()
            try:
                if isinstance(construct, ast.ExtensionTest):
                    extension.test_compilers[construct.kind](construct)(_ReadingToken(read, 0))
                else:
                    matcher = extension.element_compilers[construct.kind](construct)
                    list(matcher(_ReadingContext(read), 0))
            except Exception:  # a construct that needs real tokens: no finding
                continue
            missing = sorted(read - set(extension.features) - {"classes"})
            if missing:
                found.append(Diagnostic(
                    "warning", f"extension {extension.name!r} reads {', '.join(missing)} but "
                    f"does not declare it in its features: where no other rule needs "
                    f"{missing[0]!r} it is never computed, and the construct sees nothing "
                    f"(features=frozenset({set(missing)!r}))",
                    source.locate(construct.pos.line, construct.pos.column), rule_id))
    return found


def _shadowed(pack: RulePack, ruleset: RuleSet) -> list[Diagnostic]:
    """Rules whose every match on their own tests loses to another rule's."""
    extractor = Extractor(ruleset)
    found = []
    for rule in pack.rules:
        if not rule.tests:
            continue
        kept = 0
        winners: dict[str, int] = {}
        for test in rule.tests:
            try:
                extraction = extractor.run(read_document(rule.id, test.text, test.date))
            except DepescheError:
                continue  # a bad test date is the test's failure, not a shadow
            kept += sum(1 for k in extraction.kept if k.rule.id == rule.id)
            for loser, winner in extraction.dropped:
                if loser.rule.id == rule.id:
                    winners[winner.rule.id] = winners.get(winner.rule.id, 0) + 1
        if not kept and winners:
            names = ", ".join(sorted(winners))
            found.append(Diagnostic(
                "warning", f"rule is shadowed on all {len(rule.tests)} of its tests: its "
                f"matches lose to {names} (raise its priority, or give it a 'group')",
                rule.location, rule.id))
    return found


def check_pack(paths: list[str] | None = None) -> CheckReport:
    """Every error and warning of the packs at ``paths`` (default: the shipped pack)."""
    return inspect_pack(paths).report


@dataclass(frozen=True, slots=True)
class PackInspection:
    """A checked pack: the report, what was loaded, and its rule set if it has no errors."""

    report: CheckReport
    pack: RulePack
    ruleset: RuleSet | None


def inspect_pack(paths: list[str] | None = None,
                 sources: Mapping[Path, str] | None = None) -> PackInspection:
    """Check the packs at ``paths`` and keep the rule set the check compiled.

    ``sources`` are file texts read instead of the disk's (see ``load_pack``). The rule
    set is there only when the report has no errors: it is then the one ``load_extractor``
    would compile, so a caller that checks and extracts compiles the pack once.
    """
    report = CheckReport()
    pack, load_errors = load_pack(paths, collect=True, sources=sources)
    report.diagnostics.extend(Diagnostic.from_error(e) for e in load_errors)
    ruleset, checked = _compile(pack, report)
    for item in checked:
        for finding in item.findings:
            report.diagnostics.append(Diagnostic(
                finding.severity, finding.message,
                item.spec.pattern.locate(finding.pos.line, finding.pos.column), item.spec.id))
    try:
        extensions = load_extensions(pack.extensions)
    except DepescheError:
        extensions = []  # reported by the compiler
    rule_asts = {rule.id: _parse(rule.pattern, extensions) for rule in pack.rules}
    macro_asts = {name: _parse(m.pattern, extensions) for name, m in pack.macros.items()}

    # Macros reachable from some rule, following macros that use macros.
    used_macros: set[str] = set()
    pending = set().union(*(_macro_refs(rule_asts[r.id], r.pattern) for r in pack.rules))
    while pending:
        name = pending.pop()
        if name not in used_macros:
            used_macros.add(name)
            if name in pack.macros:
                pending |= _macro_refs(macro_asts[name], pack.macros[name].pattern)
    for name, macro in pack.macros.items():
        if name not in used_macros:
            report.diagnostics.append(Diagnostic("warning", f"macro ${name} is used by no rule",
                                                 macro.location))

    used_labels = set().union(*(_labels(rule_asts[r.id], r.pattern) for r in pack.rules),
                              *(_labels(macro_asts[m], pack.macros[m].pattern)
                                for m in used_macros if m in macro_asts))
    for lexicon in pack.lexicons:
        # Lexicons of actors (entries with a `kind`) feed the actors annotator behind @ACTOR;
        # the speech lexicon gives the quotes annotator its cues.
        feeds_actors = "ACTOR" in used_labels and any("kind" in e.attrs for e in lexicon.entries)
        feeds_quotes = lexicon.name == SPEECH_LEXICON
        if lexicon.label not in used_labels and not feeds_actors and not feeds_quotes:
            report.diagnostics.append(Diagnostic(
                "warning", f"lexicon {lexicon.name!r}: no rule uses its label @{lexicon.label}",
                SourceLocation(lexicon.source or "<lexicon>", 1, 1)))

    linted = {d.location for d in report.diagnostics if d.severity == "warning"}
    for rule in pack.rules:
        for diagnostic in _unbounded(rule_asts[rule.id], rule.pattern, rule.id):
            if diagnostic.location not in linted:
                report.diagnostics.append(diagnostic)
    for name in sorted(used_macros & set(pack.macros)):
        report.diagnostics.extend(_unbounded(macro_asts[name], pack.macros[name].pattern, None))

    by_name = {ext.name: ext for ext in extensions}
    for rule in pack.rules:
        report.diagnostics.extend(_undeclared_reads(rule_asts[rule.id], rule.pattern, rule.id,
                                                    by_name))
    for name in sorted(used_macros & set(pack.macros)):
        report.diagnostics.extend(_undeclared_reads(macro_asts[name], pack.macros[name].pattern,
                                                    None, by_name))

    if ruleset is not None:
        report.diagnostics.extend(_shadowed(pack, ruleset))
    report.diagnostics.sort(key=_place)
    return PackInspection(report, pack, None if report.errors else ruleset)


def _place(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    loc = diagnostic.location
    if loc is None:
        return ("", 0, 0, diagnostic.message)
    return (str(Path(loc.path)), loc.line or 0, loc.column or 0, diagnostic.message)
