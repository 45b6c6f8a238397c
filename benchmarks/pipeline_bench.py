"""End to end: ``depesche extract`` against a spaCy pipeline, each in a process of its own.

Each run is a child process started by a small wrapper process that reports the child's
wall time and peak resident memory (``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of the
wrapper, which has that one child), so every figure includes start-up, model loading,
reading the corpus and writing the output. Throughput is the corpus's depesche tokens per
second for both, so both are divided by the same count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus import EXTRACT_OPTIONS

from depesche.engine.annotators import annotate
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize

HERE = Path(__file__).resolve().parent

MEASURE = """
import json, resource, subprocess, sys, time
begin = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
seconds = time.perf_counter() - begin
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "code": code, "peak_kib": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


@dataclass(frozen=True, slots=True)
class ProcessRun:
    """What one measured process took: wall seconds, peak resident memory, and CPU seconds
    (user and system), which a busy machine inflates less than the wall time."""

    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0

    def rate(self, tokens: int) -> float:
        return tokens / self.seconds


def measure(command: list[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run ``command`` as a grandchild (with ``env`` added to the environment) and report
    its time and peak memory."""
    wrapper = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                             text=True, check=True, env={**os.environ, **(env or {})})
    report = json.loads(wrapper.stdout)
    if report["code"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {report['code']}")
    return ProcessRun(report["seconds"], report["peak_kib"] / 1024, report["cpu"])


def depesche_extract(corpus: Path, rules: list[str], out: Path, jobs: int = 1) -> ProcessRun:
    """``depesche extract`` over the corpus with the pack (the shipped one if ``rules`` empty)."""
    command = [sys.executable, "-m", "depesche", "extract", str(corpus), *EXTRACT_OPTIONS,
               "-o", str(out), "--jobs", str(jobs)]
    for path in rules:
        command += ["--rules", path]
    return measure(command)


def spacy_extract(corpus: Path, patterns: list[list[dict]], work: Path, jobs: int = 1,
                  lemmas: str = "lookup") -> ProcessRun:
    """spaCy ``blank("de")`` + ``Matcher`` with ``patterns``; lemmas from spaCy's lookup
    lemmatizer (``lookup``) or from HanTa's ``tag_sent`` per sentence (``hanta``, the
    pipeline a user would build for depesche's annotation)."""
    patterns_file = work / "spacy-patterns.json"
    patterns_file.write_text(json.dumps(patterns, ensure_ascii=False), encoding="utf-8")
    return measure([sys.executable, str(HERE / "spacy_extract.py"), str(corpus),
                    str(patterns_file), str(work / "spacy-matches.jsonl"), str(jobs), lemmas])


STARTUP_COMMANDS = ("python -c pass", "depesche --help", "extract, pack cached",
                    "extract, pack compiled")


def startup(rules: list[str], work: Path, repeat: int) -> dict[str, list[ProcessRun]]:
    """Start-up, ``repeat`` whole processes of each command, taken in turns so that a
    change in the machine's load touches all alike: the interpreter alone (the floor),
    ``depesche --help``, and ``depesche extract`` of one sentence (imports, the pack,
    HanTa's model are nearly all of it) with the pack from a warm pack cache and with the
    cache off, which compiles the pack as every run did before the cache."""
    sentence = work / "one-sentence.txt"
    sentence.write_text("Der russische Präsident Wladimir Putin hat US-Präsident Joe Biden "
                        "am Dienstag mit Gegenmaßnahmen gedroht.\n", encoding="utf-8")
    extract = [sys.executable, "-m", "depesche", "extract", str(sentence), "-o",
               str(work / "one-sentence.jsonl")]
    for path in rules:
        extract += ["--rules", path]
    cached = {"DEPESCHE_CACHE": str(work / "pack-cache")}
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], None),
        "depesche --help": ([sys.executable, "-m", "depesche", "--help"], None),
        "extract, pack cached": (extract, cached),
        "extract, pack compiled": (extract, {"DEPESCHE_CACHE": "off"}),
    }
    measure(extract, cached)  # fills the cache
    runs: dict[str, list[ProcessRun]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            runs[name].append(measure(command, env))
    return runs


def breakdown(extractor: Extractor, documents: Iterable[tuple[str, str]]) -> dict[str, float]:
    """CPU seconds per step of the pipeline, in this process (``time.process_time``, which a
    busy machine inflates less than the wall time): where ``depesche extract`` spends.

    Tagging (lemmas and parts of speech, which most other annotators build on) is timed
    apart from the other annotators the pack needs; "match" is the rule index, the matcher,
    conflicts and facts (``Extractor.run`` on an annotated document).
    """
    from depesche.corpus.runner import settle_heap

    # The models are loaded before the clock starts (start-up is apart), and the garbage
    # collector set as ``depesche extract`` sets it for its documents.
    extractor.load_models()
    settle_heap()
    spent = dict.fromkeys(("read and tokenize", "tag", "other annotators", "match"), 0.0)
    tokens = 0
    for doc_id, text in documents:
        begin = time.process_time()
        doc = tokenize(read_document(doc_id, text))
        tagged = time.process_time()
        annotate(doc, ["lemma", "pos"], extractor.context)
        annotated = time.process_time()
        extractor.prepare(doc)
        matched = time.process_time()
        extractor.run(doc)
        done = time.process_time()
        tokens += len(doc.tokens)
        spent["read and tokenize"] += tagged - begin
        spent["tag"] += annotated - tagged
        spent["other annotators"] += matched - annotated
        spent["match"] += done - matched
    spent["tokens"] = tokens
    return spent


def measure_breakdown(corpus: Path, rules: list[str], limit: int) -> dict[str, float]:
    """:func:`breakdown` in a fresh process, so that no cache is warm from other parts."""
    child = subprocess.run([sys.executable, __file__, str(corpus), str(limit), *rules],
                           capture_output=True, text=True, check=True)
    return json.loads(child.stdout)


if __name__ == "__main__":
    from corpus import texts

    from depesche.rules.loader import load_extractor

    spent = breakdown(load_extractor(sys.argv[3:]), texts(Path(sys.argv[1]), int(sys.argv[2])))
    print(json.dumps(spent))
