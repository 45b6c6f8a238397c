"""Lexicon files: YAML gazetteers of actors and cue words, loaded into engine lexicons.

A lexicon file::

    lexicon: say_verbs        # name, unique within a pack
    label: SAY                # class its tokens get (default: the name in upper case)
    match_on: lemma           # text (default) | lower | lemma
    entries:
      - sagen                 # a bare string: id and only form
      - id: RUS
        forms: [Russland, Moskau, der Kreml]   # multi-word forms are token sequences
        code: RUS             # every other key is an attribute
        sector: GOV
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from depesche.engine.lexicon import Lexicon, LexiconEntry
from depesche.errors import RuleError
from depesche.rules.yamlsource import Node, YamlFile, load_yaml, plain

LEXICON_KEYS = {"lexicon", "label", "match_on", "entries", "description"}
MATCH_ON = ("text", "lower", "lemma")
LABEL = re.compile(r"[A-Z][A-Z0-9_]*\Z")


def split_form(form: str) -> tuple[str, ...]:
    """A form's tokens: split on white space (hyphenated compounds stay one token)."""
    return tuple(form.split())


def load_lexicon(path: str | Path) -> Lexicon:
    """Read one lexicon file."""
    path = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise RuleError(f"cannot read lexicon: {error.strerror or error}") from None
    return lexicon_from_yaml(load_yaml(text, path))


def lexicon_from_yaml(source: YamlFile, node: Node | None = None) -> Lexicon:
    """Build a :class:`Lexicon` from a parsed file (or a mapping node inside one)."""
    node = node or source.root
    if not isinstance(node.value, dict):
        raise RuleError("a lexicon must be a mapping", source.at(node))
    fields = node.value
    for key, (key_node, _) in fields.items():
        if key not in LEXICON_KEYS:
            raise RuleError(f"unknown key {key!r} in lexicon (expected one of "
                            f"{', '.join(sorted(LEXICON_KEYS))})", source.at(key_node))
    if "lexicon" not in fields:
        raise RuleError("a lexicon needs a name: 'lexicon: NAME'", source.at(node))
    name = str(fields["lexicon"][1].value)
    label_node = fields.get("label", (None, None))[1]
    label = str(label_node.value) if label_node else name.upper()
    if not LABEL.match(label):
        raise RuleError(f"lexicon label {label!r} must be upper case letters, digits and _",
                        source.at(label_node or fields["lexicon"][1]))
    match_on = "text"
    if "match_on" in fields:
        match_node = fields["match_on"][1]
        match_on = str(match_node.value)
        if match_on not in MATCH_ON:
            raise RuleError(f"match_on must be one of {', '.join(MATCH_ON)}, not {match_on!r}",
                            source.at(match_node))
    entries_node = fields.get("entries", (None, Node([], source.path, 1, 1)))[1]
    if not isinstance(entries_node.value, list):
        raise RuleError("'entries' must be a list", source.at(entries_node))
    entries = tuple(_entry(source, item) for item in entries_node.value)
    return Lexicon(name=name, label=label, entries=entries, match_on=match_on,  # type: ignore[arg-type]
                   source=source.path)


def _entry(source: YamlFile, node: Node) -> LexiconEntry:
    if isinstance(node.value, str | int | float):
        form = str(node.value)
        return LexiconEntry(id=form, forms=(split_form(form),))
    if not isinstance(node.value, dict):
        raise RuleError("a lexicon entry is a string or a mapping", source.at(node))
    data: dict[str, Any] = {key: plain(value) for key, (_, value) in node.value.items()}
    forms = data.pop("forms", None)
    entry_id = data.pop("id", None)
    if forms is None and entry_id is None:
        raise RuleError("a lexicon entry needs 'forms' or 'id'", source.at(node))
    if forms is None:
        forms = [entry_id]
    if isinstance(forms, str):
        forms = [forms]
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        raise RuleError("'forms' must be a list of non-empty strings", source.at(node))
    return LexiconEntry(id=str(entry_id if entry_id is not None else forms[0]),
                        forms=tuple(split_form(f) for f in forms), attrs=data)
