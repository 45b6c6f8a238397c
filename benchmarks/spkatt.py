"""depesche's speech layer on GermEval 2023 SpkAtt, Task 2 (news), with the official scorer.

    python benchmarks/spkatt.py PATH/TO/news-speaker-attribution-2023 [--split dev]

PATH is a local copy of https://github.com/uhh-lt/news-speaker-attribution-2023
(CC BY-NC-SA 4.0; neither its data nor its scorer is part of this repository). For each
article of the split, the tokens are joined back into text, depesche annotates it, and each
REPORT mention becomes one annotation of the task's format (``Message``, ``Cue``, ``Source``,
``Addr``, ``Frame``, ``Form``, ``STWR``) on the task's own tokens, by character offsets. The
copy's ``eval/score.py`` (which needs numpy and scipy; ``--scorer-python`` names an
interpreter that has them) scores the predictions against the gold files in a temporary
folder, and the table puts its figures next to those published for the organisers'
rule-based baseline QUiTE on the dev split (Rehbein et al. 2023, the task overview, Table 9).

``--save DIR`` keeps the predictions (one JSON file per article, the gold's names), for
reading errors side by side with the gold.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from depesche.engine.annotators import AnnotationContext, annotate
from depesche.engine.document import Document, Mention
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.rules.loader import load_pack

# Published on the dev split (Rehbein et al. 2023, Table 9): the organisers' baseline.
QUITE = {"Messages": (75.1, 36.1, 48.8), "Joint": (None, None, 38.9)}
ROWS = ("Messages", "Roles", "Joint", "Form", "STWR")
FORMS = {"direct": "Direct", "indirect": "Indirect", "according_to": "Indirect",
         "free_indirect": "IndirectFreeIndirect", "reported": "Reported"}
MODES = {"speech": "Speech", "thought": "Thought", "writing": "Writing",
         "speech_or_writing": "SW", "speech_or_thought": "ST"}
# Tokens that hug the word before them, and those that hug the word after them.
CLOSING = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "“", "«", "‘", "%", "…"})
OPENING = frozenset({"„", "(", "[", "»", "‚"})
QUOTATION_MARKS = frozenset({"„", "“", "”", '"', "»", "«"})
SENTENCE_END = frozenset({".", "!", "?"})


@dataclass(frozen=True, slots=True)
class Article:
    """One article of the task: its file name, its sentences' tokens, its gold."""

    name: str
    sentences: list[list[str]]
    annotations: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Joined:
    """An article's tokens joined into text, with each token's character span."""

    text: str
    spans: list[tuple[int, int]]        # by absolute token index
    where: list[tuple[int, int]]        # absolute token index -> (sentence, token)


def read_split(root: Path, split: str) -> list[Article]:
    """The articles of a split (``data/SPLIT/task2/*.json``), in file-name order."""
    folder = root / "data" / split / "task2"
    if not folder.is_dir():
        raise SystemExit(f"{folder}: no such folder (is {root} a copy of "
                         "uhh-lt/news-speaker-attribution-2023?)")
    articles = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        articles.append(Article(path.name, [s["Tokens"] for s in data["Sentences"]],
                                data.get("Annotations", [])))
    return articles


def join_tokens(sentences: list[list[str]]) -> Joined:
    """Text as a newspaper prints it: no space before closing punctuation or after an
    opening mark; a straight double quote opens and closes in turn."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    where: list[tuple[int, int]] = []
    length = 0
    glue_next = True
    straight_open = False
    for s, tokens in enumerate(sentences):
        for t, token in enumerate(tokens):
            hug_before = token in CLOSING or (token == '"' and straight_open)
            if not (glue_next or hug_before):
                parts.append(" ")
                length += 1
            spans.append((length, length + len(token)))
            where.append((s, t))
            parts.append(token)
            length += len(token)
            glue_next = token in OPENING or (token == '"' and not straight_open)
            if token == '"':
                straight_open = not straight_open
    return Joined("".join(parts), spans, where)


def token_range(joined: Joined, span: list[int] | tuple[int, int] | None) -> list[int]:
    """The task's tokens (absolute indices) that a character span covers."""
    if not span:
        return []
    start, end = span
    return [i for i, (s, e) in enumerate(joined.spans) if s < end and start < e]


def message_tokens(joined: Joined, quote: Mention, tokens: list[str]) -> list[int]:
    """The message: the content, with the quotation marks around it (the task's guidelines
    count them in)."""
    found = token_range(joined, quote.attrs.get("content_span"))
    if not found:
        return found
    before, after = found[0] - 1, found[-1] + 1
    if before >= 0 and tokens[before] in QUOTATION_MARKS:
        found.insert(0, before)
    if after < len(tokens) and tokens[after] in QUOTATION_MARKS:
        found.append(after)
    elif after + 1 < len(tokens) and tokens[after] == "," and tokens[after + 1] in QUOTATION_MARKS:
        found += [after, after + 1]
    return found


def frame_tokens(joined: Joined, doc: Document, quote: Mention, tokens: list[str],
                 message: set[int], roles: set[int]) -> list[int]:
    """The frame: the words of the sentence that introduce the message (cue, speaker and
    what stands between and around them), without the message."""
    if not roles:
        return []
    sentences = {joined.where[i][0] for i in roles}
    if len(sentences) != 1:
        return sorted(roles)
    sentence = sentences.pop()
    own = [i for i, (s, _) in enumerate(joined.where) if s == sentence]
    outside = [i for i in own if i not in message]
    # the run of non-message tokens around the roles
    first, last = min(roles), max(roles)
    while first - 1 in outside and first - 1 >= own[0]:
        first -= 1
    while last + 1 in outside and last + 1 <= own[-1]:
        last += 1
    frame = [i for i in range(first, last + 1) if i not in message]
    if frame and tokens[frame[-1]] in SENTENCE_END and frame[0] == own[0]:
        frame.pop()
    return frame


def form_of(doc: Document, quote: Mention) -> str:
    """The task's form: a report that goes on with the one before is free indirect
    speech, marked by the Konjunktiv ("IndirectFreeIndirect") or not ("FreeIndirect",
    hearsay "soll … gewesen sein")."""
    form = quote.attrs.get("form", "")
    if quote.attrs.get("continues") and form == "indirect":
        start, end = quote.attrs["content_span"]
        moods = {t.morph.get("Mood") for t in doc.tokens[quote.start:quote.end]
                 if start <= t.start < end}
        return "IndirectFreeIndirect" if moods & {"Sub1", "Sub2"} else "FreeIndirect"
    return FORMS.get(form, "Indirect")


def annotations_of(joined: Joined, doc: Document, tokens: list[str]) -> list[dict[str, Any]]:
    """Each REPORT mention as an annotation of the task's format; a continued report that
    goes on with a continued report right before it is one message with it (the task
    marks a stretch of several sentences as one)."""
    found: list[dict[str, Any]] = []
    last_continued: Mention | None = None
    for quote in sorted(doc.mentions.get("REPORT", ()), key=lambda m: (m.start, m.end)):
        attrs = quote.attrs
        message = message_tokens(joined, quote, tokens)
        if not message:
            continue
        if attrs.get("continues") and attrs.get("form") != "direct":
            if last_continued is not None and found and \
                    quote.start - last_continued.end <= 1 and \
                    last_continued.attrs.get("cue_span") == attrs.get("cue_span"):
                offsets = [f"{joined.where[i][0]}:{joined.where[i][1]}" for i in message]
                found[-1]["Message"] += [o for o in offsets if o not in found[-1]["Message"]]
                last_continued = quote
                continue
            last_continued = quote
        else:
            last_continued = None
        cue = sorted({i for span in attrs.get("cue_spans") or [attrs.get("cue_span")]
                      for i in token_range(joined, span)})
        source = token_range(joined, attrs.get("speaker_span"))
        addr = token_range(joined, attrs.get("addressee_span"))
        roles = set(cue) | set(source) | set(addr)
        frame = frame_tokens(joined, doc, quote, tokens, set(message), roles)

        def offsets(indices: list[int]) -> list[str]:
            return [f"{joined.where[i][0]}:{joined.where[i][1]}" for i in indices]

        found.append({
            "Addr": offsets(addr), "Cue": offsets(cue), "Frame": offsets(frame),
            "Message": offsets(message), "Source": offsets(source),
            "Form": form_of(doc, quote),
            "STWR": MODES.get(attrs.get("mode") or "speech", "Speech"),
            "IsNested": False, "HasNested": False,
        })
    return found


def predict(articles: list[Article], pack_paths: list[str] | None) -> dict[str, dict[str, Any]]:
    """depesche's annotations of each article, in the task's JSON format, by file name."""
    pack, _ = load_pack(pack_paths)
    context = AnnotationContext(lexicons=tuple(pack.lexicons))
    out = {}
    for article in articles:
        joined = join_tokens(article.sentences)
        doc = tokenize(read_document(article.name, joined.text))
        annotate(doc, {"REPORT"}, context)
        tokens = [t for sentence in article.sentences for t in sentence]
        out[article.name] = {
            "DocumentName": article.name.removesuffix(".json"),
            "Sentences": [{"SentenceId": i, "Tokens": s} for i, s in enumerate(article.sentences)],
            "Annotations": annotations_of(joined, doc, tokens),
        }
    return out


def score(root: Path, split: str, predictions: dict[str, dict[str, Any]],
          python: str) -> dict[str, tuple[float, float, float]]:
    """Run the copy's official scorer on the predictions; its full-task figures by row."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("score.py", "classes.py"):
            shutil.copy(root / "eval" / name, work / name)
        ref, res = work / "input" / "ref", work / "input" / "res"
        shutil.copytree(root / "data" / split / "task2", ref)
        res.mkdir(parents=True)
        for name, data in predictions.items():
            (res / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([python, "score.py", "input", "output"], cwd=work,
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            raise SystemExit(f"the scorer failed ({python} score.py):\n{run.stderr.strip()}")
        return parse_scores((work / "output" / "scores.txt").read_text(encoding="utf-8"))


def parse_scores(text: str) -> dict[str, tuple[float, float, float]]:
    """The first (full-task) block of ``scores.txt``: F1, P, R per row, as percentages."""
    values: dict[str, dict[str, float]] = {}
    for match in re.finditer(r"^(\w+)\((F1|P|R)\):\s*([\d.]+)", text, re.M):
        row, measure, value = match.groups()
        values.setdefault(row, {}).setdefault(measure, 100 * float(value))
    return {row: (v["P"], v["R"], v["F1"]) for row, v in values.items() if row in ROWS}


def table(scores: dict[str, tuple[float, float, float]], split: str) -> str:
    def cell(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}"

    lines = [f"| {split} | depesche P | R | F1 | QUiTE P | R | F1 |", "|---|" + "---|" * 6]
    for row in ROWS:
        mine = scores.get(row, (None, None, None))
        theirs = QUITE.get(row, (None, None, None)) if split == "dev" else (None, None, None)
        lines.append(f"| {row} | " + " | ".join(cell(v) for v in (*mine, *theirs)) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("copy", type=Path, help="local copy of news-speaker-attribution-2023")
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--rules", action="append", help="rule pack (default: shipped)")
    parser.add_argument("--scorer-python", default=sys.executable,
                        help="Python with numpy and scipy to run the scorer (default: this one)")
    parser.add_argument("--save", type=Path, help="also write the predictions here")
    args = parser.parse_args(argv)
    articles = read_split(args.copy, args.split)
    predictions = predict(articles, args.rules)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, data in predictions.items():
            (args.save / name).write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                          encoding="utf-8")
    scores = score(args.copy, args.split, predictions, args.scorer_python)
    gold = sum(len(a.annotations) for a in articles)
    found = sum(len(p["Annotations"]) for p in predictions.values())
    print(f"{len(articles)} articles, {gold} gold annotations, {found} predicted")
    print(table(scores, args.split))


if __name__ == "__main__":
    main()
