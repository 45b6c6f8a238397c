"""Precision, recall and F1 of extracted facts against gold: the metric of SCHEMA.md.

Same semantics, number for number, as the project's scorer (``eval/score.py`` in the
shared material), in our own code: facts pair with gold facts of the same document (by
file stem) and type whose anchor their span overlaps; pairs are made one to one, required
gold facts before optional ones, largest overlap first (ties: later gold fact, then later
prediction first, as the scorer's two stable sorts order them). Optional gold facts count
nowhere. Fields are compared for the pairs of required facts wherever gold gives a value;
a pair is *strict* when all of them are right.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from depesche.errors import InputError, SourceLocation

TEXT_SUFFIXES = (".txt", ".text", ".md")
ACTOR_KEYS = ("code", "id", "country")
PLACE_KEYS = ("text", "id", "name")


def doc_stem(doc: Any) -> str:
    """A document id as the metric compares it: the file name without a text suffix."""
    name = Path(str(doc)).name
    for suffix in TEXT_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def actor_codes(value: Any) -> set[str]:
    """Codes in a gold or predicted actor field: a code, an actor object, or a list of them.

    ``RUS.GOV`` counts as ``RUS``; an actor without code, id or country has none.
    """
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return set().union(*(actor_codes(v) for v in value))
    if isinstance(value, dict):
        key = next((k for k in ACTOR_KEYS if value.get(k)), None)
        return {str(value[key]).split(".")[0].upper()} if key else set()
    return {str(value).split(".")[0].upper()}


def date_value(value: Any) -> str | None:
    """A date's ISO value, from a date object or a bare value."""
    if isinstance(value, dict):
        value = value.get("value")
    return None if value is None else str(value)


def place_names(value: Any) -> set[str]:
    """Case-folded names of a place: its text, id or name, or a bare string."""
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return set().union(*(place_names(v) for v in value))
    if isinstance(value, dict):
        return {str(v).casefold() for k, v in value.items() if k in PLACE_KEYS and v}
    return {str(value).casefold()}


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """The objects of a JSON Lines file; a bad line is an :class:`InputError` at its place."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {getattr(error, 'strerror', None) or error}",
                         SourceLocation(str(path))) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"not JSON: {error.msg}",
                             SourceLocation(str(path), number, error.colno, line)) from None
        if not isinstance(row, dict):
            raise InputError("a line must be a JSON object", SourceLocation(str(path), number))
        rows.append(row)
    return rows


def load_texts(folder: str | Path) -> dict[str, str]:
    """The ``*.txt`` files under ``folder`` by stem, as the gold anchors are found in them."""
    return {doc_stem(p): p.read_text(encoding="utf-8") for p in sorted(Path(folder).rglob("*.txt"))}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(slots=True)
class _Group:
    """Gold and predicted facts of one document and type, with their character spans."""

    gold: list[tuple[dict[str, Any], tuple[int, int]]] = field(default_factory=list)
    pred: list[tuple[dict[str, Any], tuple[int, int]]] = field(default_factory=list)


def _anchor_span(gold: dict[str, Any], texts: dict[str, str]) -> tuple[int, int]:
    text = texts.get(doc_stem(gold.get("doc", "")))
    if text is None:
        raise InputError(f"no text for gold doc {gold.get('doc')!r}")
    anchor = str(gold.get("anchor", ""))
    start = text.find(anchor)
    if start < 0:
        raise InputError(f"anchor not found in {gold.get('doc')}: {anchor[:60]!r}")
    return start, start + len(anchor)


def _pred_span(pred: dict[str, Any]) -> tuple[int, int]:
    span = pred.get("span") or [pred.get("start", -1), pred.get("end", -1)]
    return int(span[0]), int(span[1])


def field_checks(gold: dict[str, Any], pred: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each field gold gives, and whether the prediction has it right."""
    checks = []
    if gold.get("participants"):
        both = actor_codes(pred.get("actor")) | actor_codes(pred.get("recipient"))
        checks.append(("participants", actor_codes(gold["participants"]) == both))
    for name in ("actor", "recipient"):
        if gold.get(name):
            checks.append((name, actor_codes(gold[name]) == actor_codes(pred.get(name))))
    if gold.get("speaker"):
        checks.append(("speaker", actor_codes(gold["speaker"]) == actor_codes(pred.get("speaker"))))
    if gold.get("date"):
        checks.append(("date", date_value(gold["date"]) == date_value(pred.get("date"))))
    if gold.get("location"):
        checks.append(("location", bool(place_names(gold["location"])
                                        & place_names(pred.get("location")))))
    modality = pred.get("modality") or {}
    for key, value in (gold.get("modality") or {}).items():
        checks.append((f"modality.{key}", modality.get(key) == value))
    return checks


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


@dataclass(slots=True)
class Evaluation:
    """The scores, and the facts behind them: misses, false alarms and matched pairs."""

    events: dict[str, Any]
    strict: dict[str, Any]
    fields: dict[str, str]
    per_type: dict[str, dict[str, Any]]
    misses: list[dict[str, Any]]
    false_alarms: list[dict[str, Any]]
    pairs: list[tuple[dict[str, Any], dict[str, Any]]]

    def to_json(self) -> dict[str, Any]:
        """The scorer's result object (same keys and values), plus the false alarms."""
        return {
            "events": self.events, "strict": self.strict, "fields": self.fields,
            "per_type": self.per_type,
            "unmatched_gold": [[g["doc"], g["type"], g["anchor"][:70]] for g in self.misses],
            "false_alarms": [[p.get("doc"), p.get("type"), p.get("rule"),
                              str(p.get("evidence", ""))[:70]] for p in self.false_alarms],
        }


def evaluate(gold_rows: Iterable[dict[str, Any]], pred_rows: Iterable[dict[str, Any]],
             texts: dict[str, str]) -> Evaluation:
    """Score predicted facts against gold facts (see the module docstring for the metric)."""
    groups: dict[tuple[str, str], _Group] = {}
    for gold in gold_rows:
        key = (doc_stem(gold.get("doc", "")), str(gold.get("type", "")).upper())
        groups.setdefault(key, _Group()).gold.append((gold, _anchor_span(gold, texts)))
    for pred in pred_rows:
        key = (doc_stem(pred.get("doc", "")), str(pred.get("type", "")).upper())
        groups.setdefault(key, _Group()).pred.append((pred, _pred_span(pred)))

    counts: dict[str, Counter[str]] = {}
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    misses: list[dict[str, Any]] = []
    false_alarms: list[dict[str, Any]] = []
    for (_, kind), group in groups.items():
        candidates = sorted(
            ((not gold.get("optional"), _overlap(gspan, pspan), gi, pi)
             for gi, (gold, gspan) in enumerate(group.gold)
             for pi, (_, pspan) in enumerate(group.pred) if _overlap(gspan, pspan) > 0),
            reverse=True)
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        hits = 0
        for required, _, gi, pi in candidates:
            if gi in used_gold or pi in used_pred:
                continue
            used_gold.add(gi)
            used_pred.add(pi)
            if required:
                hits += 1
                pairs.append((group.gold[gi][0], group.pred[pi][0]))
        required_total = sum(1 for gold, _ in group.gold if not gold.get("optional"))
        count = counts.setdefault(kind, Counter())
        count["tp"] += hits
        count["fn"] += required_total - hits
        count["fp"] += len(group.pred) - len(used_pred)
        misses.extend(gold for gi, (gold, _) in enumerate(group.gold)
                      if not gold.get("optional") and gi not in used_gold)
        false_alarms.extend(pred for pi, (pred, _) in enumerate(group.pred) if pi not in used_pred)

    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    strict = 0
    for gold, pred in pairs:
        checks = field_checks(gold, pred)
        for name, ok in checks:
            total[name] += 1
            right[name] += ok
        strict += all(ok for _, ok in checks)

    overall: Counter[str] = Counter()
    for count in counts.values():
        overall.update(count)
    n_gold, n_pred = overall["tp"] + overall["fn"], overall["tp"] + overall["fp"]
    sp = strict / n_pred if n_pred else 0.0
    sr = strict / n_gold if n_gold else 0.0
    return Evaluation(
        events=_prf(overall["tp"], overall["fp"], overall["fn"]),
        strict={"p": round(sp, 3), "r": round(sr, 3),
                "f1": round(2 * sp * sr / (sp + sr), 3) if sp + sr else 0.0, "right": strict},
        # The scorer orders fields by their counter keys, "<name>_total".
        fields={name: f"{right[name]}/{total[name]}"
                for name in sorted(total, key=lambda n: f"{n}_total")},
        per_type={kind: _prf(c["tp"], c["fp"], c["fn"]) for kind, c in sorted(counts.items())},
        misses=misses, false_alarms=false_alarms, pairs=pairs,
    )


SENTENCE_END = re.compile(r"[.!?:][\"“”»«']?\s|\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) of ``text`` that holds ``[start, end)``, on one line."""
    if not 0 <= start <= end <= len(text):
        return ""
    begin = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = SENTENCE_END.search(text, end)
    return " ".join(text[begin:stop.start() + 1 if stop else len(text)].split())


def _codes(value: Any) -> str:
    return ",".join(sorted(actor_codes(value))) or "-"


def _gold_fields(gold: dict[str, Any]) -> str:
    return " ".join(f"{name}={_codes(gold[name])}" for name in ("actor", "recipient",
                                                                "participants")
                    if gold.get(name))


def _with_sentence(line: str, text: str | None, span: tuple[int, int]) -> list[str]:
    sentence = sentence_around(text, *span) if text is not None else ""
    return [line, f"        {sentence}"] if sentence else [line]


def show_lines(result: Evaluation, texts: dict[str, str] | None = None) -> list[str]:
    """Misses, false alarms and matched facts with wrong fields, each with its sentence.

    What a rule writer reads to decide what to fix: the gold anchor or the predicted
    evidence and the whole sentence around it, with the fields gold expects.
    """
    texts = texts or {}
    lines: list[str] = []
    for gold in result.misses:
        stem = doc_stem(gold.get("doc", ""))
        line = f"missed  {stem}  {gold['type']:10} {_gold_fields(gold)}  «{gold['anchor'][:70]}»"
        lines += _with_sentence(line, texts.get(stem), _anchor_span(gold, texts))
    for pred in result.false_alarms:
        stem = doc_stem(pred.get("doc", ""))
        evidence = " ".join(str(pred.get("evidence", "")).split())[:70]
        line = f"false   {stem}  {pred.get('type', ''):10} «{evidence}»  [{pred.get('rule')}]"
        lines += _with_sentence(line, texts.get(stem), _pred_span(pred))
    for gold, pred in result.pairs:
        wrong = [name for name, ok in field_checks(gold, pred) if not ok]
        if not wrong:
            continue
        stem = doc_stem(gold.get("doc", ""))
        details = "; ".join(
            f"{name} {_codes(gold[name])} ≠ {_codes(pred.get(name))}"
            if name in ("actor", "recipient", "speaker") else name for name in wrong)
        line = f"wrong   {stem}  {gold['type']:10} {details}  [{pred.get('rule')}]"
        lines += _with_sentence(line, texts.get(stem), _pred_span(pred))
    return lines


def format_evaluation(result: Evaluation, show: bool = False,
                      texts: dict[str, str] | None = None) -> str:
    """The report ``depesche eval`` prints: per type, fields, overall; with ``show`` the
    misses, false alarms and wrong fields, each with its sentence (from ``texts``)."""
    lines = [f"{kind:12} P {r['p']:.2f}  R {r['r']:.2f}  F1 {r['f1']:.2f}  "
             f"(tp {r['tp']}, fp {r['fp']}, fn {r['fn']})" for kind, r in result.per_type.items()]
    lines.append("fields right among matched: " + (
        ", ".join(f"{k} {v}" for k, v in result.fields.items()) or "none"))
    if show:
        lines += show_lines(result, texts)
    e, s = result.events, result.strict
    lines.append(f"events P {e['p']:.3f} R {e['r']:.3f} F1 {e['f1']:.3f}; strict F1 {s['f1']:.3f}")
    return "\n".join(lines) + "\n"
