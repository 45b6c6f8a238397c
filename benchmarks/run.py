"""Run depesche's benchmarks against spaCy and write the tables to ``benchmarks/results/``.

    pip install -e '.[bench]'
    python benchmarks/run.py --corpus ../shared/corpus/10kgnad-test.csv

Three parts (``--only`` picks some):

1. ``matcher``: depesche's indexed matcher against spaCy's ``Matcher`` on identical tokens
   and lemmas, at 10, 30, 100, 300 and 1000 generated patterns, match sets asserted equal
   (``matcher_bench.py``, ``patterns.py``).
2. ``pipeline``: ``depesche extract`` with the pack over the corpus against spaCy
   ``blank("de")`` + lookup lemmatizer + ``Matcher`` with as many patterns as the pack has
   rules: tokens per second and peak memory (``pipeline_bench.py``).
3. ``growth``: ``depesche extract`` over ¼, ½, 1 and 2 times the corpus: time and peak
   memory against the size of the text.

Not part of the test suite: it measures this machine, and takes a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sqlite3
import sys
import tempfile
from pathlib import Path

import corpus
import matcher_bench
import patterns
import pipeline_bench

from depesche.rules.loader import load_ruleset

HERE = Path(__file__).resolve().parent
PATTERN_COUNTS = (10, 30, 100, 300, 1000)
FACTORS = (0.25, 0.5, 1.0, 2.0)
PARTS = ("matcher", "pipeline", "growth")
# Runs of each configuration on the new half: the difference is smaller than this
# machine's run-to-run noise, so one run each is not enough to tell.
NEW_HALF_REPEAT = 2


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def matcher_part(docs: list, repeat: int) -> str:
    import spacy

    nlp = spacy.blank("de")
    sdocs = matcher_bench.spacy_docs(nlp, docs)
    generated = patterns.generate(docs, max(PATTERN_COUNTS))
    rows = []
    for count in PATTERN_COUNTS:
        run = matcher_bench.compare(nlp, docs, sdocs, generated[:count], repeat)
        rows.append([str(count), f"{run.matches:,}", f"{run.depesche_seconds:.3f}",
                     f"{run.spacy_seconds:.3f}", f"{run.tokens / run.depesche_seconds:,.0f}",
                     f"{run.tokens / run.spacy_seconds:,.0f}", f"**{run.ratio:.1f}×**"])
        print(f"matcher: {count} patterns, {run.ratio:.1f}× spaCy", file=sys.stderr)
    tokens = sum(len(d.tokens) for d in docs)
    return (f"### Matcher against spaCy's Matcher\n\n{len(docs)} documents, {tokens:,} tokens; "
            f"best of {repeat} runs; identical match sets asserted at every count.\n\n"
            + table(["patterns", "matches", "depesche s", "spaCy s", "depesche tokens/s",
                     "spaCy tokens/s", "ratio"], rows))


def breakdown_part(path: Path, rules: list[str], limit: int) -> str:
    spent = pipeline_bench.measure_breakdown(path, rules, limit)
    tokens = int(spent.pop("tokens"))
    total = sum(spent.values())
    rows = [[step, f"{seconds:.2f}", f"{seconds / total:.0%}", f"{tokens / seconds:,.0f}"]
            for step, seconds in spent.items()]
    return (f"Where the time goes (one process, first {limit} documents, {tokens:,} tokens):"
            "\n\n"
            + table(["step", "seconds", "share", "tokens/s of the step alone"], rows))


def pipeline_part(path: Path, rules: list[str], docs: list, work: Path, tokens: int,
                  breakdown_docs: int, jobs: int) -> tuple[str, pipeline_bench.ProcessRun]:
    """Both pipelines in one process each; with ``jobs`` above 1, also in that many each."""
    count = len(load_ruleset(rules).rules)
    spacy_patterns = [p.spacy for p in patterns.generate(docs, count, seed=11)]
    rows, ratios, single, spacy_single = [], [], None, None
    for processes in sorted({1, jobs}):
        ours = pipeline_bench.depesche_extract(path, rules, work / "facts.jsonl", processes)
        theirs = pipeline_bench.spacy_extract(path, spacy_patterns, work, processes)
        single, spacy_single = single or ours, spacy_single or theirs
        print(f"pipeline, {processes} process(es): {ours.seconds:.1f}s against spaCy "
              f"{theirs.seconds:.1f}s", file=sys.stderr)
        rows += [
            [f"depesche extract ({count} rules)", str(processes), f"{ours.seconds:.1f}",
             f"{ours.rate(tokens):,.0f}", f"{ours.peak_mib:.0f}"],
            [f"spaCy blank(de) + lookup lemmatizer + Matcher ({count} patterns)",
             str(processes), f"{theirs.seconds:.1f}", f"{theirs.rate(tokens):,.0f}",
             f"{theirs.peak_mib:.0f}"],
        ]
        ratios.append(f"{theirs.seconds / ours.seconds:.2f}× with {processes} process(es)")
    return (f"### End to end\n\n{path.name}, {tokens:,} tokens; whole processes (start-up, "
            "models, reading, writing; peak memory of the largest process).\n\n"
            + table(["pipeline", "processes", "seconds", "tokens/s", "peak MiB"], rows)
            + f"\n\ndepesche / spaCy throughput: **{', '.join(ratios)}**\n\n"
            + breakdown_part(path, rules, breakdown_docs) + "\n\n"
            + tag_cache_part(path, rules, work, spacy_patterns, spacy_single, jobs)), single


def fastest(runs: list[pipeline_bench.ProcessRun]) -> pipeline_bench.ProcessRun:
    return min(runs, key=lambda run: run.seconds)


def copy_store(source: Path, target: Path) -> None:
    """A copy of a tag cache, log and all (SQLite's backup reads through its log)."""
    for stale in target.parent.glob(f"{target.name}*"):
        stale.unlink()
    with sqlite3.connect(source) as read, sqlite3.connect(target) as write:
        read.backup(write)


def tag_cache_part(path: Path, rules: list[str], work: Path, spacy_patterns: list,
                   spacy_run: pipeline_bench.ProcessRun, jobs: int) -> str:
    """``depesche extract --tag-cache``: the corpus again, and new articles.

    Again: the same corpus twice with one store, the first run filling it. New articles:
    the store filled on every other article (one half), then the other half measured
    with it, without it, and with spaCy.
    """
    rows = []

    def row(label: str, processes: int, run: pipeline_bench.ProcessRun,
            against: pipeline_bench.ProcessRun, size: int) -> None:
        rows.append([label, str(processes), f"{run.seconds:.1f}", f"{run.rate(size):,.0f}",
                     f"{run.peak_mib:.0f}", f"{against.seconds / run.seconds:.2f}×"])
        print(f"tag cache: {label}, {run.seconds:.1f}s", file=sys.stderr)

    tokens = corpus.count_tokens(path)
    store = work / "forms.sqlite"
    out = work / "facts.jsonl"
    row("whole corpus, empty store (first run)", 1,
        pipeline_bench.depesche_extract(path, rules, out, 1, store), spacy_run, tokens)
    for processes in sorted({1, jobs}):
        row("whole corpus, same store (second run)", processes,
            pipeline_bench.depesche_extract(path, rules, out, processes, store), spacy_run,
            tokens)
    store.unlink()
    seen = corpus.write_half(path, 0, work / "half-seen.csv")
    new = corpus.write_half(path, 1, work / "half-new.csv")
    new_tokens = corpus.count_tokens(new)
    spacy_new = pipeline_bench.spacy_extract(new, spacy_patterns, work, 1)
    filled = work / "forms-seen.sqlite"
    pipeline_bench.depesche_extract(seen, rules, out, 1, filled)
    plain, stored = [], []
    for _ in range(NEW_HALF_REPEAT):  # the two alternate; the best of each is kept
        plain.append(pipeline_bench.depesche_extract(new, rules, out, 1))
        copy_store(filled, store)  # as the other half left it
        stored.append(pipeline_bench.depesche_extract(new, rules, out, 1, store))
    row("new half, no store", 1, fastest(plain), spacy_new, new_tokens)
    row("new half, store filled on the other half", 1, fastest(stored), spacy_new, new_tokens)
    return ("### With the tag cache\n\n`depesche extract --tag-cache FILE`: the tagger keeps "
            "its analyses of word forms in a file for later runs. *Second run*: the corpus "
            "again with the store its first run filled (a pack changed, say). *New half*: "
            f"every other article ({new_tokens:,} tokens), with a store filled on the other "
            f"articles only (best of {NEW_HALF_REPEAT} runs each, alternating); spaCy on the "
            f"same half took {spacy_new.seconds:.1f} s. The last "
            "column is spaCy's seconds over depesche's (one process each for spaCy).\n\n"
            + table(["run", "processes", "seconds", "tokens/s", "peak MiB",
                     "depesche / spaCy"], rows))


def growth_part(path: Path, rules: list[str], work: Path, tokens: int,
                known: pipeline_bench.ProcessRun | None) -> str:
    rows = []
    for factor in FACTORS:
        if factor == 1.0 and known is not None:
            run, size = known, tokens
        else:
            scaled = corpus.write_scaled(path, factor, work / f"corpus-{factor}.csv")
            size = corpus.count_tokens(scaled)
            run = pipeline_bench.depesche_extract(scaled, rules, work / "facts.jsonl")
        rows.append([f"{factor:g}×", f"{size:,}", f"{run.seconds:.1f}",
                     f"{run.seconds / size * 100_000:.1f}", f"{run.rate(size):,.0f}",
                     f"{run.peak_mib:.0f}"])
        print(f"growth: {factor:g}× in {run.seconds:.1f}s", file=sys.stderr)
    return ("### Cost against the size of the text\n\n`depesche extract`, whole processes; "
            "2× is the corpus twice over.\n\n"
            + table(["corpus", "tokens", "seconds", "s per 100k tokens", "tokens/s",
                     "peak MiB"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True,
                        help="10kGNAD-style CSV (label;text, ';'-separated, \"'\"-quoted)")
    parser.add_argument("--rules", action="append", default=[],
                        help="rule pack for the pipeline parts (default: the shipped pack)")
    parser.add_argument("--matcher-docs", type=int, default=100,
                        help="documents of the corpus for the matcher part (default 100)")
    parser.add_argument("--breakdown-docs", type=int, default=300,
                        help="documents timed step by step in the pipeline part (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="matcher runs, best kept")
    parser.add_argument("--jobs", type=int, default=1,
                        help="also run both pipelines with this many processes each "
                             "(depesche --jobs, spaCy nlp.pipe(n_process=...))")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    parts = args.only or list(PARTS)
    args.out.mkdir(parents=True, exist_ok=True)
    import spacy

    machine = platform.processor() or platform.machine()
    sections = [
        "# depesche benchmarks",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}.\n\n"
        f"`python benchmarks/run.py --corpus {args.corpus}"
        + "".join(f" --rules {r}" for r in args.rules)
        + (f" --jobs {args.jobs}" if args.jobs > 1 else "") + "`",
    ]
    docs = corpus.lemmatized(args.corpus, args.matcher_docs)
    if "matcher" in parts:
        sections.append(matcher_part(docs, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tokens = corpus.count_tokens(args.corpus)
        known = None
        if "pipeline" in parts:
            text, known = pipeline_part(args.corpus, args.rules, docs, work, tokens,
                                        args.breakdown_docs, args.jobs)
            sections.append(text)
        if "growth" in parts:
            sections.append(growth_part(args.corpus, args.rules, work, tokens, known))
    report = "\n\n".join(sections) + "\n"
    (args.out / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
