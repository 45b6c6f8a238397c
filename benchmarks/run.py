"""Run depesche's benchmarks against spaCy and write the tables to ``benchmarks/results/``.

    pip install -e '.[bench]'
    python benchmarks/run.py --corpus ../shared/corpus/10kgnad-test.csv

Three parts (``--only`` picks some):

1. ``matcher``: depesche's indexed matcher against spaCy's ``Matcher`` on identical tokens
   and lemmas, at 10, 30, 100, 300 and 1000 generated patterns, match sets asserted equal
   (``matcher_bench.py``, ``patterns.py``).
2. ``pipeline``: ``depesche extract`` with the pack over the corpus against spaCy
   ``blank("de")`` + lookup lemmatizer + ``Matcher`` with as many patterns as the pack has
   rules (the fast baseline), and against the like-for-like peer: spaCy's tokenizer, HanTa's
   ``tag_sent`` per sentence, spaCy's ``Matcher``: tokens per second and peak memory
   (``pipeline_bench.py``, ``spacy_extract.py``).
3. ``growth``: ``depesche extract`` over ¼, ½, 1 and 2 times the corpus: time and peak
   memory against the size of the text.
4. ``long``: one document of corpus articles joined, of 250 KB, 1 MB and 4 MB, through
   ``Extractor.run`` in this process: CPU seconds against the size (every stage must grow
   linearly with one document's length, not only with the number of documents).
5. ``startup``: ``depesche --help`` and ``depesche extract`` of one sentence (imports, the
   pack, HanTa's model), whole processes, with the pack cache warm and off, against the
   interpreter alone (needs no corpus and no spaCy: ``--only startup``).

Not part of the test suite: it measures this machine, and takes a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
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
PARTS = ("matcher", "pipeline", "growth", "long", "startup")
LONG_SIZES = (250_000, 1_000_000, 4_000_000)  # bytes of one document
STARTUP_RUNS = 11


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
    return (f"Where the time goes (one process, first {limit} documents, {tokens:,} tokens; "
            "CPU seconds of the process):\n\n"
            + table(["step", "CPU s", "share", "tokens/s of the step alone"], rows))


def fastest(runs: list[pipeline_bench.ProcessRun]) -> pipeline_bench.ProcessRun:
    return min(runs, key=lambda run: run.seconds)


def pipeline_part(path: Path, rules: list[str], docs: list, work: Path, tokens: int,
                  breakdown_docs: int, jobs: int, repeat: int
                  ) -> tuple[str, pipeline_bench.ProcessRun]:
    """Both pipelines in one process each (and the peer); with ``jobs`` above 1, depesche
    and the baseline also in that many each. depesche and the baseline run ``repeat``
    times each, alternating, and the fastest run of each counts (the peer runs once)."""
    count = len(load_ruleset(rules).rules)
    spacy_patterns = [p.spacy for p in patterns.generate(docs, count, seed=11)]
    rows, ratios, single = [], [], None
    for processes in sorted({1, jobs}):
        runs: tuple[list, list] = ([], [])
        for _ in range(repeat):
            runs[0].append(pipeline_bench.depesche_extract(path, rules, work / "facts.jsonl",
                                                           processes))
            runs[1].append(pipeline_bench.spacy_extract(path, spacy_patterns, work, processes))
        ours, theirs = fastest(runs[0]), fastest(runs[1])
        single = single or ours
        print(f"pipeline, {processes} process(es): {ours.seconds:.1f}s against spaCy "
              f"{theirs.seconds:.1f}s", file=sys.stderr)
        rows += [
            [f"depesche extract ({count} rules)", str(processes), f"{ours.seconds:.1f}",
             f"{ours.cpu_seconds:.1f}", f"{ours.rate(tokens):,.0f}", f"{ours.peak_mib:.0f}"],
            [f"spaCy blank(de) + lookup lemmatizer + Matcher ({count} patterns)",
             str(processes), f"{theirs.seconds:.1f}", f"{theirs.cpu_seconds:.1f}",
             f"{theirs.rate(tokens):,.0f}", f"{theirs.peak_mib:.0f}"],
        ]
        ratios.append(f"{theirs.seconds / ours.seconds:.2f}× the baseline with {processes} "
                      f"process(es) ({theirs.cpu_seconds / ours.cpu_seconds:.2f}× in CPU "
                      "seconds)")
    peer = pipeline_bench.spacy_extract(path, spacy_patterns, work, 1, lemmas="hanta")
    print(f"pipeline, peer: {peer.seconds:.1f}s", file=sys.stderr)
    rows.append([f"spaCy tokenizer + HanTa tag_sent + Matcher ({count} patterns)", "1",
                 f"{peer.seconds:.1f}", f"{peer.cpu_seconds:.1f}", f"{peer.rate(tokens):,.0f}",
                 f"{peer.peak_mib:.0f}"])
    ratios.append(f"{peer.seconds / single.seconds:.2f}× the like-for-like peer "
                  f"({peer.cpu_seconds / single.cpu_seconds:.2f}× in CPU seconds)")
    return (f"### End to end\n\n{path.name}, {tokens:,} tokens; whole processes (start-up, "
            "models, reading, writing; peak memory of the largest process); depesche and the "
            f"baseline best of {repeat} runs each, alternating, the peer one run.\n\n"
            + table(["pipeline", "processes", "seconds", "CPU s", "tokens/s", "peak MiB"],
                    rows)
            + f"\n\ndepesche's throughput: **{', '.join(ratios)}**\n\n"
            + breakdown_part(path, rules, breakdown_docs)), single


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def startup_part(rules: list[str], work: Path) -> str:
    runs = pipeline_bench.startup(rules, work, STARTUP_RUNS)
    compiled = median([r.seconds for r in runs["extract, pack compiled"]])
    compiled_cpu = median([r.cpu_seconds for r in runs["extract, pack compiled"]])
    rows = []
    for name, measured in runs.items():
        wall = median([r.seconds for r in measured])
        cpu = median([r.cpu_seconds for r in measured])
        rows.append([name, f"{min(r.seconds for r in measured):.2f}", f"**{wall:.2f}**",
                     f"{cpu:.2f}", f"{max(r.peak_mib for r in measured):.0f}",
                     f"{wall / compiled:.2f}×", f"{cpu / compiled_cpu:.2f}×"])
        print(f"start-up: {name} median {wall:.2f}s", file=sys.stderr)
    return ("### Start-up\n\nWhole processes, "
            f"{STARTUP_RUNS} runs of each, the commands in turns; `extract` of one sentence; "
            "'pack compiled' is the pack cache off (`DEPESCHE_CACHE=off`), as every run "
            "compiled the pack before the cache.\n\n"
            + table(["command", "best s", "median s", "median CPU s", "peak MiB",
                     "wall / compiled", "CPU / compiled"], rows))


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


def long_document_part(path: Path, rules: list[str]) -> str:
    import time

    from depesche.engine.reader import read_document
    from depesche.rules.loader import load_extractor

    extractor = load_extractor(rules or None)
    articles = [text for _id, text in corpus.texts(path)]
    rows = []
    base = None
    for size in LONG_SIZES:
        chosen, length = [], 0
        while length < size:
            chosen.append(articles[len(chosen) % len(articles)])
            length += len(chosen[-1].encode()) + 2
        doc = read_document("long", "\n\n".join(chosen))
        start = time.process_time()
        facts = extractor.run(doc).facts
        seconds = time.process_time() - start
        base = base or (seconds, size)
        rows.append([f"{size / 1e6:g} MB", f"{len(doc.tokens):,}", f"{len(facts):,}",
                     f"{seconds:.1f}", f"{seconds / len(doc.tokens) * 100_000:.2f}",
                     f"{seconds / base[0]:.1f}× for {size / base[1]:g}× the text"])
        print(f"long: {size / 1e6:g} MB in {seconds:.1f} s of CPU", file=sys.stderr)
    return ("### One long document\n\nCorpus articles joined into one document, "
            "`Extractor.run` in one process, CPU seconds (linear growth: the ratio equals "
            "the factor).\n\n"
            + table(["document", "tokens", "facts", "CPU s", "CPU s per 100k tokens",
                     "against the first"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path,
                        help="10kGNAD-style CSV (label;text, ';'-separated, \"'\"-quoted); "
                             "every part but startup needs it")
    parser.add_argument("--rules", action="append", default=[],
                        help="rule pack for the pipeline parts (default: the shipped pack)")
    parser.add_argument("--matcher-docs", type=int, default=100,
                        help="documents of the corpus for the matcher part (default 100)")
    parser.add_argument("--breakdown-docs", type=int, default=300,
                        help="documents timed step by step in the pipeline part (default 300)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="matcher runs and end-to-end runs of depesche and the baseline, "
                             "best kept")
    parser.add_argument("--jobs", type=int, default=1,
                        help="also run both pipelines with this many processes each "
                             "(depesche --jobs, spaCy nlp.pipe(n_process=...))")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only these parts")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    parts = args.only or list(PARTS)
    if args.corpus is None and set(parts) - {"startup"}:
        parser.error("--corpus is needed for every part but startup (--only startup)")
    args.out.mkdir(parents=True, exist_ok=True)
    machine = platform.processor() or platform.machine()
    versions = f"Python {platform.python_version()}"
    if {"matcher", "pipeline"} & set(parts):
        import spacy

        versions += f", spaCy {spacy.__version__}"
    sections = [
        "# depesche benchmarks",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {machine}, {os.cpu_count()} cores; "
        f"{versions}; load average {os.getloadavg()[0]:.1f} at the start.\n\n"
        "`python benchmarks/run.py"
        + (f" --corpus {args.corpus}" if args.corpus else "")
        + "".join(f" --rules {r}" for r in args.rules)
        + "".join(f" --only {p}" for p in args.only or ())
        + (f" --jobs {args.jobs}" if args.jobs > 1 else "") + "`",
    ]
    docs = (corpus.lemmatized(args.corpus, args.matcher_docs)
            if {"matcher", "pipeline"} & set(parts) else [])
    if "matcher" in parts:
        sections.append(matcher_part(docs, args.repeat))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        tokens = corpus.count_tokens(args.corpus) if args.corpus else 0
        known = None
        if "pipeline" in parts:
            text, known = pipeline_part(args.corpus, args.rules, docs, work, tokens,
                                        args.breakdown_docs, args.jobs, args.repeat)
            sections.append(text)
        if "growth" in parts:
            sections.append(growth_part(args.corpus, args.rules, work, tokens, known))
        if "long" in parts:
            sections.append(long_document_part(args.corpus, args.rules))
        if "startup" in parts:
            sections.append(startup_part(args.rules, work))
    report = "\n\n".join(sections) + "\n"
    (args.out / "RESULTS.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
