"""What the playground works on, and its calls: each gives what a command's JSON gives.

A :class:`Playground` holds one rule pack's folder (the *root*) and answers the page's
calls. Calls that run the pack take the editor's unsaved files (``files``: path inside the
root → text) and read those instead of the disk, so the page shows the rule as it is
being typed. The pack is checked and compiled once per distinct content (the texts sent
and the files' sizes and times on disk) and kept for the calls that follow.

Safety lives here, not in the web layer: every path is relative to the root, without
``..``, and must stay inside it after symbolic links are followed; only rule files
(``.yaml``) are written, atomically (a temporary file in the same folder, then a rename),
never through a symbolic link, and never with a YAML syntax error unless the caller
confirms it. Calls run one at a time (a lock): the library's caches are not shared
between threads, and one core is enough for one author.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from typing import Any

from depesche.authoring.checks import PackInspection, inspect_pack
from depesche.authoring.explain import explain_sentence, explanation_json
from depesche.authoring.render import COLOURS, segments
from depesche.authoring.ruletests import propose_expect, results_json, run_tests
from depesche.corpus.sources import SourceOptions, TableOptions, open_sources, parse_column
from depesche.corpus.sources import read_file as read_source_file
from depesche.engine.document import Document
from depesche.engine.layer_view import annotate_records
from depesche.engine.pipeline import Extractor
from depesche.engine.reader import read_document
from depesche.engine.tokenizer import tokenize
from depesche.errors import DepescheError, InputError, RuleError, SourceLocation
from depesche.grammar.extensions import GrammarExtension
from depesche.rules.edit import add_rule_test
from depesche.rules.extensions import load_extensions
from depesche.rules.loader import shipped_pack
from depesche.rules.yamlsource import load_yaml

RULE_SUFFIXES = (".yaml", ".yml")
DOCUMENT_SUFFIXES = (".txt", ".csv", ".jsonl", ".ndjson")
MAX_LISTED_FILES = 2_000  # a pack folder, not a file system: the list stops here
MAX_FILE_BYTES = 5 * 1024 * 1024  # a rule file or article the editor opens
# explain walks every start of a sentence; a sentence this long is a run-on paragraph
# (a table, a list without full stops) and would hold the server for many seconds.
MAX_EXPLAIN_TOKENS = 400
SKIPPED_FOLDERS = ("__pycache__", "node_modules")


class Refused(DepescheError):
    """A request the playground will not carry out: a path that leaves the pack, a link."""


class NotFound(DepescheError):
    """A file, rule or corpus row that is not there."""


class Conflict(DepescheError):
    """A save that needs the author's word: a YAML syntax error, or a file changed on disk.

    ``reason`` is ``syntax`` or ``changed``; ``details`` is what the page shows.
    """

    def __init__(self, message: str, reason: str, details: dict[str, Any],
                 location: SourceLocation | None = None) -> None:
        super().__init__(message, location)
        self.reason = reason
        self.details = details


class PackBroken(DepescheError):
    """The pack has errors, so it cannot run; ``report`` is what ``check`` says."""

    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__(f"the pack has {report['errors']} error(s); fix them to run it")
        self.report = report


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def confine(root: Path, relative: str) -> Path:
    """``root / relative``, refused unless it stays inside ``root`` with links followed."""
    if not relative or "\x00" in relative or "\\" in relative:
        raise Refused(f"bad path {relative!r}")
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise Refused(f"{relative}: paths are relative to the pack's folder, without '..'")
    candidate = root.joinpath(*pure.parts)
    if not candidate.resolve().is_relative_to(root):
        raise Refused(f"{relative}: leads outside the pack's folder (a symbolic link)")
    return candidate


@dataclass(frozen=True, slots=True)
class _PackState:
    """A checked pack and, when it has no errors, its extractor and grammar extensions."""

    inspection: PackInspection
    extractor: Extractor | None
    extensions: list[GrammarExtension]


class Playground:
    """One pack's folder, the documents named on the command line, and the page's calls."""

    def __init__(self, pack: str | Path | None = None,
                 texts: Sequence[dict[str, Any]] = ()) -> None:
        """``pack`` is a folder or a rule file (default: the shipped pack); ``texts`` are
        documents (``{name, text, date}``) the page offers besides the folder's files."""
        target = Path(pack) if pack is not None else shipped_pack()
        if not target.exists():
            raise InputError("no such rule file or folder", SourceLocation(str(target)))
        target = target.resolve()
        self.root = target if target.is_dir() else target.parent
        self.paths = [str(target)]
        self.texts = list(texts)
        self._lock = threading.Lock()
        self._states: dict[str, _PackState] = {}
        self._read: list[str] = []  # files the last load read, some maybe outside the root

    # ------------------------------------------------------------------ files

    def _walk(self) -> Iterator[Path]:
        """Regular files under the root, links that leave it skipped, in sorted order."""
        count = 0
        for folder, subfolders, names in os.walk(self.root):
            subfolders[:] = sorted(d for d in subfolders
                                   if not d.startswith(".") and d not in SKIPPED_FOLDERS)
            for name in sorted(names):
                path = Path(folder, name)
                if name.startswith(".") or not path.is_file() or \
                        not path.resolve().is_relative_to(self.root):
                    continue
                count += 1
                if count > MAX_LISTED_FILES:
                    return
                yield path

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def session(self) -> dict[str, Any]:
        """The pack's folder, its rule files and documents, and the command line's texts."""
        with self._lock:
            # Files at the top first: a pack's rules, then its lexicons' folder.
            files = sorted(self._walk(), key=lambda path: (
                len(path.relative_to(self.root).parts), path.relative_to(self.root).parts))
            return {
                "root": str(self.root), "paths": self.paths,
                "rule_files": [self._relative(p) for p in files if p.suffix in RULE_SUFFIXES],
                "documents": [self._relative(p) for p in files
                              if p.suffix.lower() in DOCUMENT_SUFFIXES],
                "texts": self.texts,
                "limits": {"file_bytes": MAX_FILE_BYTES, "explain_tokens": MAX_EXPLAIN_TOKENS},
            }

    def read_rule_file(self, relative: str) -> dict[str, Any]:
        """A rule file's text and its SHA-256 (what a save compares against)."""
        path = confine(self.root, relative)
        if path.suffix not in RULE_SUFFIXES:
            raise Refused(f"{relative}: only rule files (.yaml, .yml) open in the editor")
        text = self._read_text(path, relative)
        return {"path": relative, "text": text, "sha256": sha256(text)}

    @staticmethod
    def _read_text(path: Path, relative: str) -> str:
        if not path.is_file():
            raise NotFound(f"{relative}: no such file in the pack's folder")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Refused(f"{relative}: larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{relative}: not UTF-8 (byte {error.start})") from None
        except OSError as error:
            raise InputError(f"{relative}: cannot read: {error.strerror or error}") from None

    def read_document(self, relative: str, row: int | None = None,
                      text_column: str = "text", delimiter: str = ",",
                      quote: str = '"') -> dict[str, Any]:
        """An article of the folder, or row ``row`` (from 0) of a CSV or JSON Lines corpus.

        Read as ``depesche extract`` reads it (``--text-column``, ``--csv-delimiter``,
        ``--csv-quote``); ``id`` is the id ``extract`` gives it.
        """
        path = confine(self.root, relative)
        suffix = path.suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES:
            raise Refused(f"{relative}: documents are {', '.join(DOCUMENT_SUFFIXES)} files")
        if not path.is_file():
            raise NotFound(f"{relative}: no such file in the pack's folder")
        if suffix == ".txt":
            source = read_source_file(str(path))
        else:
            if row is None or row < 0:
                raise InputError(f"{relative} is a corpus: give the row (0, 1, …)")
            options = SourceOptions(input_format="auto", csv_delimiter=delimiter,
                                    csv_quote=quote,
                                    table=TableOptions(text_column=parse_column(text_column)))
            source = next(islice(open_sources([str(path)], options), row, None), None)
            if source is None:
                raise NotFound(f"{relative} has no row {row}")
        if source.text is None:
            raise InputError(source.error or f"{relative}: cannot read")
        return {"id": source.id, "text": source.text, "date": source.date}

    def save(self, relative: str, text: str, base: str | None = None,
             confirm_syntax_error: bool = False) -> dict[str, Any]:
        """Write a rule file atomically, inside the root only.

        ``base`` is the SHA-256 the editor read: if the file changed on disk since, the
        save is a :class:`Conflict` (reason ``changed``). A text with a YAML syntax error
        is a :class:`Conflict` (reason ``syntax``) unless ``confirm_syntax_error``.
        """
        with self._lock:
            path = confine(self.root, relative)
            if path.suffix not in RULE_SUFFIXES:
                raise Refused(f"{relative}: only rule files (.yaml, .yml) are saved")
            if path.is_symlink():
                raise Refused(f"{relative}: is a symbolic link; edit the file it points to")
            if not path.parent.is_dir():
                raise NotFound(f"{relative}: no such folder in the pack")
            if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
                raise Refused(f"{relative}: larger than {MAX_FILE_BYTES // 1024 // 1024} MiB")
            if base is not None and path.exists():
                current = sha256(self._read_text(path, relative))
                if current != base:
                    raise Conflict(f"{relative} changed on disk since it was opened",
                                   "changed", {"sha256": current})
            if not confirm_syntax_error:
                try:
                    load_yaml(text, str(path))
                except RuleError as error:
                    loc = error.location
                    raise Conflict(
                        f"not saved: {error.render()}", "syntax",
                        {"message": error.message, "path": str(path),
                         "line": loc.line if loc else None,
                         "column": loc.column if loc else None}, loc) from None
            try:
                _write_atomically(path, text)
            except OSError as error:
                raise InputError(f"{relative}: cannot write: {error.strerror or error}"
                                 ) from None
            self._states.clear()
            return {"path": relative, "sha256": sha256(text),
                    "bytes": len(text.encode("utf-8"))}

    # ------------------------------------------------------------------ the pack

    def _sources(self, files: Mapping[str, str]) -> dict[Path, str]:
        sources = {}
        for relative, text in files.items():
            path = confine(self.root, relative)
            if path.suffix not in RULE_SUFFIXES:
                raise Refused(f"{relative}: only rule files (.yaml, .yml) can be sent")
            sources[path] = text
        return sources

    def _key(self, sources: Mapping[Path, str]) -> str:
        """What the checked pack depends on: the texts sent, and the files on disk."""
        digest = hashlib.sha256()
        for path, text in sorted(sources.items()):
            digest.update(f"{path}\0{sha256(text)}\0".encode())
        on_disk = {str(p) for p in self._walk() if p.suffix in RULE_SUFFIXES}
        for name in sorted(on_disk.union(self._read)):
            with contextlib.suppress(OSError):
                stat = os.stat(name)
                digest.update(f"{name}\0{stat.st_mtime_ns}\0{stat.st_size}\0".encode())
        return digest.hexdigest()

    def _state(self, files: Mapping[str, str]) -> _PackState:
        sources = self._sources(files)
        key = self._key(sources)
        state = self._states.get(key)
        if state is None:
            inspection = inspect_pack(self.paths, sources)
            extractor = extensions = None
            if inspection.ruleset is not None:
                extractor = Extractor(inspection.ruleset)
                extensions = load_extensions(inspection.pack.extensions)
            state = _PackState(inspection, extractor, extensions or [])
            self._read = list(inspection.pack.files)
            # The state before the last edit stays too: an edit undone is served at once.
            while len(self._states) >= 2:
                del self._states[next(iter(self._states))]
            self._states[key] = state
        return state

    def _runnable(self, files: Mapping[str, str]) -> tuple[_PackState, Extractor]:
        state = self._state(files)
        if state.extractor is None:
            raise PackBroken(state.inspection.report.to_json())
        return state, state.extractor

    def check(self, files: Mapping[str, str]) -> dict[str, Any]:
        """What ``depesche check --format json`` prints for the pack with ``files``."""
        with self._lock:
            return self._state(files).inspection.report.to_json()

    def rules(self, files: Mapping[str, str]) -> dict[str, Any]:
        """The rules as loaded (those that load), with the place of each: the page's outline."""
        with self._lock:
            pack = self._state(files).inspection.pack
            return {"rules": [{
                "id": rule.id, "type": rule.type, "tag": rule.tag,
                "path": rule.location.path, "line": rule.location.line,
                "tests": len(rule.tests)} for rule in pack.rules]}

    def test(self, files: Mapping[str, str], rule: str | None = None) -> dict[str, Any]:
        """What ``depesche test --format json`` prints (the results of ``rule`` only, if given)."""
        with self._lock:
            state, extractor = self._runnable(files)
            pack = state.inspection.pack
            results = run_tests(pack, extractor)
            if rule is not None:
                results = (r for r in results if r.rule.id == rule)
            return results_json(results)

    def extract(self, files: Mapping[str, str], text: str, date: str | None = None,
                doc_id: str = "<text>") -> dict[str, Any]:
        """The facts ``depesche extract --format json`` gives, and the text as ``render``
        cuts it, here also at sentence boundaries so that each piece has its sentence."""
        with self._lock:
            _, extractor = self._runnable(files)
            doc = read_document(doc_id, text, date)
            facts = [fact.to_json() for fact in extractor.extract(doc)]
            return {"id": doc_id, "date": _date_value(doc), "facts": facts,
                    "sentences": [[s.start, s.end] for s in doc.sentences],
                    "segments": _segments(doc, facts), "colours": COLOURS}

    def explain(self, files: Mapping[str, str], text: str, sentence: int,
                date: str | None = None, rules: Sequence[str] | None = None,
                doc_id: str = "<text>") -> dict[str, Any]:
        """What ``depesche explain --format json`` prints for sentence ``sentence`` (from 1)."""
        with self._lock:
            state, extractor = self._runnable(files)
            doc = tokenize(read_document(doc_id, text, date))
            if not 1 <= sentence <= len(doc.sentences):
                raise NotFound(f"sentence {sentence} asked for, but the text has "
                               f"{len(doc.sentences)}")
            chosen = doc.sentences[sentence - 1]
            if chosen.last - chosen.first > MAX_EXPLAIN_TOKENS:
                raise Refused(f"sentence {sentence} has {chosen.last - chosen.first} tokens; "
                              f"the playground explains sentences of up to "
                              f"{MAX_EXPLAIN_TOKENS} (use `depesche explain`)")
            known = {rule.id for rule in extractor.ruleset.rules}
            for rule_id in rules or ():
                if rule_id not in known:
                    raise NotFound(f"no rule {rule_id!r} in the pack")
            explanation = explain_sentence(extractor, doc, sentence, list(rules or ()) or None,
                                           state.extensions)
            return explanation_json(explanation)

    def annotate(self, files: Mapping[str, str], text: str, date: str | None = None,
                 doc_id: str = "<text>") -> dict[str, Any]:
        """The records ``depesche annotate --format jsonl`` prints, with the pack's lexicons."""
        with self._lock:
            pack = self._state(files).inspection.pack
            doc = read_document(doc_id, text, date)
            return {"sentences": annotate_records(doc, pack.lexicons)}

    def add_test(self, files: Mapping[str, str], relative: str, rule: str, text: str,
                 positive: bool, date: str | None = None) -> dict[str, Any]:
        """The rule file with a new test of ``rule`` on ``text``; nothing is written.

        A positive test expects what the rule yields on the text now (or one fact of its
        type, when it yields nothing yet); a negative one expects nothing.
        """
        with self._lock:
            path = confine(self.root, relative)
            source = files[relative] if relative in files else self._read_text(path, relative)
            state = self._state(files)
            spec = next((r for r in state.inspection.pack.rules if r.id == rule), None)
            if spec is None:
                raise NotFound(f"no rule {rule!r} in the pack")
            if Path(spec.location.path).resolve() != path.resolve():
                raise NotFound(f"rule {rule!r} is not in {relative} "
                               f"(it is at {spec.location.path}:{spec.location.line})")
            if positive:
                _, extractor = self._runnable(files)
                expect = propose_expect(extractor, spec, text, date, positive=True)
            else:
                expect = []
            edited = add_rule_test(source, str(path), rule, text, expect, date)
            return {"path": relative, "text": edited,
                    "test": {"text": text, "date": date, "expect": expect}}


def _date_value(doc: Document) -> str | None:
    """The document's date as it was given (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``)."""
    if doc.date is None:
        return None
    length = {"year": 4, "month": 7}.get(doc.date_granularity or "day", 10)
    return doc.date.isoformat()[:length]


def _segments(doc: Document, facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``render``'s pieces of the text, cut at sentence boundaries too, each with its sentence.

    ``sentence`` is the 1-based number of the sentence a piece lies in (null between them).
    """
    starts = [s.start for s in doc.sentences]
    cuts = [offset for s in doc.sentences for offset in (s.start, s.end)]
    pieces = []
    for start, end, covering in segments(doc.text, facts, cuts):
        index = bisect_right(starts, start) - 1
        inside = index >= 0 and start < doc.sentences[index].end
        pieces.append({"span": [start, end], "facts": covering,
                       "sentence": index + 1 if inside else None})
    return pieces


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and rename it over ``path``.

    A crash leaves the old file or the new one, never half of one; the file keeps its mode.
    """
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
