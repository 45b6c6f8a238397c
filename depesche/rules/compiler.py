"""RulePack → RuleSet: the rule compiler, a short tuple of named passes.

For each rule: parse its pattern (``grammar.parse_pattern``), ``resolve_macros``,
``check_labels`` and ``check_attributes``, ``check_captures``, check the fact template
against the captures, and lower to a matcher (``engine.matcher.compile_pattern``). Every
error is mapped from the pattern text back to ``file:line:col`` in the YAML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from depesche.engine import annotators
from depesche.engine.matcher import compile_pattern
from depesche.engine.ruleset import (
    CAPTURE_FIELDS,
    CONSTANT_FIELDS,
    CompiledRule,
    FactTemplate,
    RuleSet,
)
from depesche.errors import DepescheError, ErrorList, PatternError, PatternSyntaxError, RuleError
from depesche.grammar import ast, passes
from depesche.grammar.extensions import GrammarExtension
from depesche.grammar.parser import parse_pattern
from depesche.rules.extensions import installed_extensions, load_extensions
from depesche.rules.model import PatternSource, RulePack, RuleSpec

MODALITY = {
    "status": {"held", "scheduled", "ongoing", "announced"},
    "polarity": {"positive", "negative"},
    "hypothetical": {True, False},
    "evidential": {"direct", "reported", "hearsay"},
}
FORMS = {"direct", "indirect", "according_to"}


@dataclass(frozen=True, slots=True)
class CheckedRule:
    """A rule after the passes: its AST and the capture names, before lowering."""

    spec: RuleSpec
    node: ast.Element
    captures: tuple[str, ...]
    findings: tuple[passes.Finding, ...]


def known_labels(pack: RulePack) -> set[str]:
    """Class labels patterns may use: annotator labels, lexicon labels and rule tags."""
    labels = {f for a in annotators.ANNOTATORS.values() for f in a.provides if f.isupper()}
    labels |= {lexicon.label for lexicon in pack.lexicons}
    labels |= {rule.tag for rule in pack.rules if rule.tag}
    return labels


def _parse(source: PatternSource, extensions: list[GrammarExtension]) -> ast.Element:
    try:
        return parse_pattern(source.text, path=source.path, extensions=extensions)
    except PatternSyntaxError as error:
        if error.hint is None and _after_unknown_word(error, source.text):
            error.hint = _undeclared_extension_hint(extensions)
        raise _relocate(error, source) from None
    except DepescheError as error:
        raise _relocate(error, source) from None


def _after_unknown_word(error: PatternSyntaxError, text: str) -> bool:
    """Whether the parser stopped right after a word that is no token attribute.

    That is how an extension's construct looks to the base grammar (``[num>=5]``,
    ``fuzzy("Kiew")``): a keyword, then what the base language has no place for.
    """
    where = error.location
    if where is None or where.line is None or not error.message.startswith("unexpected"):
        return False
    lines = text.splitlines()
    if not 0 < where.line <= len(lines):
        return False
    before = lines[where.line - 1][:(where.column or 1) - 1].rstrip()
    word = re.search(r"(?:^|[\[\s(&|!])([A-Za-z_]\w*)$", before)
    return word is not None and word.group(1) not in passes.ATTRIBUTE_FEATURES


def _undeclared_extension_hint(extensions: list[GrammarExtension]) -> str | None:
    """For a pattern that does not parse: installed extensions the rule file did not name.

    Their constructs parse only in packs that name them; which one a pattern meant cannot
    be known without importing them, and loading a pack imports only what it names.
    """
    named = {ext.name for ext in extensions}
    unnamed = sorted(set(installed_extensions()) - named)
    if not unnamed:
        return None
    return ("if this is a grammar extension's construct, name the extension in the rule "
            f"file, 'extensions: [NAME]' (installed: {', '.join(unnamed)})")


def _relocate(error: DepescheError, source: PatternSource) -> DepescheError:
    loc = error.location
    if loc is not None:
        error.location = source.locate(loc.line, loc.column)
    else:
        error.location = source.locate(1, 1)
    return error


def _macros(pack: RulePack, extensions: list[GrammarExtension], labels: set[str],
            errors: list[DepescheError]) -> tuple[dict[str, ast.Element], passes.Expansions]:
    """The pack's macros, parsed, and their expansions (``None`` for a macro with errors,
    each error recorded once, at the macro)."""
    parsed: dict[str, ast.Element] = {}
    expanded: passes.Expansions = {}
    for name, macro in pack.macros.items():
        try:
            parsed[name] = _parse(macro.pattern, extensions)
        except DepescheError as error:
            errors.append(error)
            expanded[name] = None
    broken = dict.fromkeys(expanded, ast.Sequence(()))  # known names, never expanded
    for name, node in parsed.items():
        source = pack.macros[name].pattern
        try:
            passes.expand_macros(node, parsed | broken, expanded)
            passes.check_labels(node, labels)
        except DepescheError as error:
            errors.append(_relocate(error, source))
            expanded[name] = None
    return parsed | broken, expanded


def check_rule(spec: RuleSpec, macros: dict[str, ast.Element], labels: set[str],
               extensions: list[GrammarExtension],
               expanded: passes.Expansions | None = None) -> CheckedRule:
    """Run the passes on one rule; raise a located error for the first problem.

    ``expanded``: the expansions of ``macros`` so far, shared between rules.
    """
    node = _parse(spec.pattern, extensions)
    extra_attrs = {a for ext in extensions for a in ext.features}
    try:
        passes.check_labels(node, labels)
        node = passes.resolve_macros(node, macros, expanded)
        passes.check_attributes(node, extra_attrs)
        captures = passes.check_captures(node)
    except DepescheError as error:
        error.rule_id = spec.id
        raise _relocate(error, spec.pattern) from None
    findings = tuple(passes.lint(node))
    return CheckedRule(spec, node, tuple(captures), findings)


# What ``clause.ROLE`` in a rule's fact may name: the roles a clause frame can ask for.
CLAUSE_ROLE_NAMES = ast.CLAUSE_ROLES | ast.CLAUSE_PREPOSITIONS


def compile_template(spec: RuleSpec, captures: tuple[str, ...]) -> FactTemplate:
    """Check a rule's ``fact:`` mapping against its captures and make a template."""
    refs: dict[str, tuple[str, ...]] = {}
    constants: dict[str, Any] = {}
    where = spec.fact_location or spec.location
    # the whole match; the QUOTE around it; the clause of the match's verb ("clause.in");
    # the clause of the verb of saying of the QUOTE the match starts with ("cue.in")
    names = set(captures) | {"match", "quote", "clause", "cue"}
    for field, value in spec.fact.items():
        if field in CAPTURE_FIELDS:
            items = value if isinstance(value, list) else [value]
            if not all(isinstance(i, str) for i in items):
                raise RuleError(f"fact field {field!r} takes capture names", where, rule_id=spec.id)
            # "a | quote.speaker": alternatives, the first that names a coded actor wins.
            items = ["|".join(part.strip() for part in item.split("|")) for item in items]
            if field not in ("actor", "recipient", "speaker") and any("|" in i for i in items):
                raise RuleError(f"fact field {field!r} takes no alternatives (a | b); only "
                                "actor, recipient and speaker do", where, rule_id=spec.id)
            for item in items:
                for part in item.split("|"):
                    head, _, attr = part.partition(".")
                    if head in ("clause", "cue") and attr not in CLAUSE_ROLE_NAMES:
                        raise RuleError(f"fact field {field!r} names {part!r}: a clause has "
                                        "no such role (roles: subj, obj, acc, dat, agent, "
                                        "refl or a preposition, as clause.in)", where,
                                        rule_id=spec.id)
                    if part.split(".")[0] not in names:
                        known = ", ".join(captures) or "none"
                        raise RuleError(f"fact field {field!r} names capture {part!r}, which "
                                        f"the pattern does not have (captures: {known})",
                                        where, rule_id=spec.id)
            refs[field] = tuple(items)
        elif field == "modality":
            if not isinstance(value, dict):
                raise RuleError("'modality' must be a mapping", where, rule_id=spec.id)
            for key, item in value.items():
                if key not in MODALITY or item not in MODALITY[key]:
                    allowed = ", ".join(f"{k}: {sorted(map(str, v))}" for k, v in MODALITY.items())
                    raise RuleError(f"bad modality {key}: {item!r} (allowed: {allowed})", where,
                                    rule_id=spec.id)
            constants["modality"] = dict(value)
        elif field == "attribution":
            if not isinstance(value, dict) or value.get("form") not in FORMS:
                raise RuleError(f"'attribution' needs a form ({', '.join(sorted(FORMS))})",
                                where, rule_id=spec.id)
            constants["attribution"] = dict(value)
        elif field in CONSTANT_FIELDS:
            constants[field] = value
        else:
            allowed = ", ".join((*CAPTURE_FIELDS, *CONSTANT_FIELDS))
            raise RuleError(f"unknown fact field {field!r} (fields: {allowed})", where,
                            rule_id=spec.id)
    return FactTemplate(refs, constants)


def lower(checked: CheckedRule, extensions: list[GrammarExtension]) -> CompiledRule:
    """Compile a checked rule into the engine's :class:`CompiledRule`."""
    spec = checked.spec
    test_compilers = {k: v for ext in extensions for k, v in ext.test_compilers.items()}
    element_compilers = {k: v for ext in extensions for k, v in ext.element_compilers.items()}
    try:
        pattern = compile_pattern(checked.node, test_compilers=test_compilers,
                                  element_compilers=element_compilers)
    except PatternError as error:
        error.rule_id = spec.id
        raise _relocate(error, spec.pattern) from None
    features = frozenset(passes.features(checked.node))
    template = compile_template(spec, checked.captures)
    if any(part.split(".")[0] == "quote" for refs in template.refs.values() for ref in refs
           for part in ref.split("|")):
        features |= {"QUOTE"}  # the template reads the quote layer the pattern never names
    return CompiledRule(
        id=spec.id, type=spec.type, pattern=pattern,
        template=template, priority=spec.priority,
        stage=spec.stage, order=spec.order, tag=spec.tag, group=spec.group,
        source=str(spec.location), features=features,
    )


def _check_stages(pack: RulePack, checked: list[CheckedRule]) -> list[DepescheError]:
    """A rule may use a tag only if the tagging rule runs in an earlier stage."""
    stage_of_tag: dict[str, int] = {}
    for rule in pack.rules:
        if rule.tag:
            stage_of_tag[rule.tag] = min(stage_of_tag.get(rule.tag, rule.stage), rule.stage)
    errors: list[DepescheError] = []
    for item in checked:
        for label in passes.features(item.node):
            tag_stage = stage_of_tag.get(label)
            if tag_stage is not None and tag_stage >= item.spec.stage:
                errors.append(RuleError(
                    f"rule uses @{label}, which rules of stage {tag_stage} tag; give this "
                    f"rule a later stage (stage: {tag_stage + 1} or more)",
                    item.spec.location, rule_id=item.spec.id))
    return errors


def compile_pack(pack: RulePack, *, collect: bool = False,
                 extensions: list[GrammarExtension] | None = None,
                 ) -> tuple[RuleSet, list[CheckedRule]]:
    """Compile every rule of ``pack``; raise the first error (or all, as an ErrorList)."""
    errors: list[DepescheError] = []
    if extensions is None:
        try:
            extensions = load_extensions(pack.extensions)
        except DepescheError as error:
            if not collect:
                raise
            errors.append(error)
            extensions = []
    labels = known_labels(pack)
    macros, expanded = _macros(pack, extensions, labels, errors)
    if errors and not collect:
        raise errors[0]
    checked: list[CheckedRule] = []
    compiled: list[CompiledRule] = []
    for spec in pack.rules:
        try:
            item = check_rule(spec, macros, labels, extensions, expanded)
            compiled.append(lower(item, extensions))
            checked.append(item)
        except DepescheError as error:
            if not collect:
                raise
            errors.append(error)
    stage_errors = _check_stages(pack, checked)
    if stage_errors and not collect:
        raise stage_errors[0]
    errors.extend(stage_errors)
    if collect and errors:
        raise ErrorList(errors)
    features = frozenset().union(*(r.features for r in compiled)) if compiled else frozenset()
    if pack.lexicons:
        features |= {"lexicons"}
    ruleset = RuleSet(tuple(compiled), tuple(pack.lexicons), frozenset(features))
    return ruleset, checked
