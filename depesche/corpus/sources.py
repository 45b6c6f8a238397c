"""Where a corpus run's documents come from: files, folders, globs, stdin, CSV and JSON Lines.

Every source yields :class:`SourceDocument` objects lazily, one at a time, so a run over an
archive of millions of articles never holds more than the documents in flight. A document
that cannot be read (binary, badly encoded, too large, a broken corpus row) is yielded with
its error rather than raised, and an empty one is yielded as skipped: the run records both
and goes on.

Decoding (``encoding="auto"``, the default): UTF-8; a leading UTF-8 byte order mark is
dropped, so offsets count characters of the text after the mark. Bytes that are not valid
UTF-8 are read as Windows-1252 (a superset of Latin-1's printable characters, which is what
"Latin-1" text from Windows and older news systems is; a byte undefined there is read as
Latin-1): each such byte alone when the document is mostly UTF-8 (it holds more valid
multi-byte UTF-8 characters than bad bytes: a UTF-8 file with a few stray bytes), the
whole document otherwise (a Windows-1252 file). Either way the document carries a
*warning* with the line and column of the first bad byte, and a run counts it as
degraded. Any other named encoding is strict: bytes that do not decode make the document
fail with the line and column of the first bad byte. Line ends are kept as read (``\\r\\n``
stays two characters), so ``text[start:end]`` of a fact's span is the evidence in the file
as it is.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import glob
import hashlib
import json
import re
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Literal

from depesche.errors import InputError, SourceLocation

MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # larger "articles" are dumps, not news: refuse them
BOM = b"\xef\xbb\xbf"
STDIN = "-"
STDIN_ID = "<stdin>"

Status = Literal["ok", "failed", "skipped"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(found: re.Match[str]) -> str:
    """A lone surrogate as an escape: ``\\xNN`` for a byte of a file name that is not
    UTF-8 (Python's ``surrogateescape`` reads byte NN as U+DCNN), else ``\\uXXXX`` as JSON
    wrote it. Distinct ids stay distinct."""
    code = ord(found.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """One document as a source delivers it: its text, or why there is none.

    ``status`` is ``ok`` (``text`` holds the decoded text), ``failed`` (``error`` says why
    it could not be read) or ``skipped`` (``error`` says why there is nothing to extract,
    e.g. an empty file). ``date`` is the date column of a corpus row, if any. ``warning``
    says, located, why the text may not be what was written (bytes that were not valid
    UTF-8, read as Windows-1252).
    """

    id: str
    text: str | None
    date: str | None = None
    status: Status = "ok"
    error: str | None = None
    warning: str | None = None

    def __post_init__(self) -> None:
        # UTF-8 cannot write a lone surrogate, so no output could store a document holding
        # one: a file name that is not UTF-8 (Python reads each bad byte as one), or half a
        # UTF-16 pair a JSON string escaped. Each is written as an escape instead.
        for name in ("id", "date", "error", "warning"):
            value = getattr(self, name)
            if value is not None and _SURROGATE.search(value):
                object.__setattr__(self, name, _SURROGATE.sub(_escape_surrogate, value))

    @property
    def content_hash(self) -> str:
        """SHA-256 of what was read (text and date, or the error), to recognise it on resume."""
        digest = hashlib.sha256()
        for part in (self.status, self.date or "", self.text or self.error or ""):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()


def failed(doc_id: str, error: InputError) -> SourceDocument:
    """A document that could not be read, carrying its rendered, located error."""
    return SourceDocument(doc_id, None, status="failed", error=error.render())


def decode(raw: bytes, where: str, encoding: str = "auto") -> str:
    """Decode a document's bytes as described in the module docstring, or raise InputError."""
    return decode_with_warning(raw, where, encoding)[0]


def decode_with_warning(raw: bytes, where: str, encoding: str = "auto",
                        ) -> tuple[str, InputError | None]:
    """The text of ``raw`` and, with ``auto``, a warning located at its first bad byte."""
    if raw.startswith(BOM) and encoding.lower().replace("_", "-") in ("auto", "utf-8", "utf8"):
        raw = raw[len(BOM):]
    if encoding == "auto":
        try:
            return raw.decode("utf-8"), None
        except UnicodeDecodeError as error:
            return _decode_mixed(raw, error.start, where)
    try:
        return raw.decode(encoding), None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", SourceLocation(where)) from None
    except UnicodeDecodeError as error:
        raise InputError(f"not valid {encoding}: byte 0x{raw[error.start]:02x} "
                         f"({error.reason}); try --encoding auto or the file's encoding",
                         _byte_location(raw, error.start, where, encoding)) from None


# Each byte that is not UTF-8, escaped by ``surrogateescape`` as U+DC80..U+DCFF, becomes
# its Windows-1252 character (its Latin-1 one where Windows-1252 leaves it undefined).
_BYTE_1252 = {byte: bytes([byte]).decode("cp1252", "ignore") or chr(byte)
              for byte in range(0x80, 0x100)}
_WINDOWS_1252 = {0xDC00 + byte: char for byte, char in _BYTE_1252.items()}
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _decode_mixed(raw: bytes, first_bad: int, where: str) -> tuple[str, InputError]:
    """Bytes that are not all UTF-8: per byte if mostly UTF-8, else all as Windows-1252."""
    escaped = raw.decode("utf-8", "surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    utf8 = len(_NON_ASCII.findall(escaped)) - bad
    if utf8 > bad:
        text = escaped.translate(_WINDOWS_1252)
        how = "read as Windows-1252 (the rest is UTF-8)"
    else:
        text = raw.decode("latin-1").translate(_BYTE_1252)
        how = "read the document as Windows-1252"
    what = "byte" if bad == 1 else "bytes"
    return text, InputError(f"warning: not valid UTF-8: byte 0x{raw[first_bad]:02x} "
                            f"({bad} {what} in all); {how}; --encoding names the right one",
                            _byte_location(raw, first_bad, where))


def _byte_location(raw: bytes, offset: int, where: str, encoding: str = "utf-8",
                   ) -> SourceLocation:
    """The line and column (in characters, as an editor counts) of the byte at ``offset``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    try:
        column = len(raw[line_start:offset].decode(encoding, "replace")) + 1
    except LookupError:
        column = offset - line_start + 1
    return SourceLocation(where, raw.count(b"\n", 0, offset) + 1, column)


def check_encoding(encoding: str) -> str:
    """``encoding`` if Python knows it (or it is ``auto``), else a clear InputError."""
    if encoding != "auto":
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}") from None
    return encoding


def _too_large(doc_id: str, size: int) -> SourceDocument:
    """A document over the limit; ``size`` just over it means "at least" (a read was capped)."""
    told = (f"more than {MAX_DOCUMENT_BYTES}" if size == MAX_DOCUMENT_BYTES + 1
            else f"{size}")
    return failed(doc_id, InputError(
        f"document too large ({told} bytes, limit {MAX_DOCUMENT_BYTES})",
        SourceLocation(doc_id)))


def read_bytes_document(doc_id: str, raw: bytes, encoding: str = "auto") -> SourceDocument:
    """A document from a file's bytes: refused when binary, skipped when empty, else decoded."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        return _too_large(doc_id, len(raw))
    nul = raw.find(b"\x00")
    if nul >= 0:
        return failed(doc_id, InputError(
            "binary file (NUL byte), not text; UTF-16 and UTF-32 are not supported",
            _byte_location(raw, nul, doc_id)))
    try:
        text, warning = decode_with_warning(raw, doc_id, encoding)
    except InputError as error:
        return failed(doc_id, error)
    if not text.strip():
        return SourceDocument(doc_id, None, status="skipped", error="empty document")
    return SourceDocument(doc_id, text, warning=warning.render() if warning else None)


def read_file(path: str, encoding: str = "auto") -> SourceDocument:
    """The document in one file, its id the path as given (SCHEMA.md: ``doc``).

    At most one byte past the limit is read, whatever size the file reports: a device
    (``/dev/zero``), a pipe or a file growing as it is read reports too little.
    """
    try:
        size = Path(path).stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return _too_large(path, size)
        with open(path, "rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        return failed(path, InputError(f"cannot read: {error.strerror or error}",
                                       SourceLocation(path)))
    return read_bytes_document(path, raw, encoding)


@dataclass(frozen=True, slots=True)
class FileSource:
    """Documents from files, folders (searched recursively), glob patterns and ``-`` (stdin).

    A folder gives the files under it whose names match one of ``patterns``, in sorted
    order; a glob gives its matches in sorted order (``**`` recurses); a path that matches
    nothing is yielded as a failed document, so a typo is reported, not silently dropped.
    """

    paths: Sequence[str]
    patterns: Sequence[str] = ("*.txt",)
    encoding: str = "auto"

    def __post_init__(self) -> None:
        check_encoding(self.encoding)

    def __iter__(self) -> Iterator[SourceDocument]:
        for spec in self.paths:
            if spec == STDIN:
                yield read_bytes_document(STDIN_ID, _read_stdin(), self.encoding)
                continue
            path = Path(spec)
            if path.is_dir():
                for found in self._walk(path):
                    yield read_file(str(found), self.encoding)
            elif path.exists() or not glob.has_magic(spec):
                yield read_file(spec, self.encoding)
            else:
                matches = sorted(glob.iglob(spec, recursive=True))
                if not matches:
                    yield failed(spec, InputError("no file matches this pattern",
                                                  SourceLocation(spec)))
                for match in matches:
                    if not Path(match).is_dir():
                        yield read_file(match, self.encoding)

    def _walk(self, folder: Path) -> Iterator[Path]:
        found = {p for pattern in self.patterns for p in folder.rglob(pattern) if p.is_file()}
        yield from sorted(found)


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)


Column = str | int  # a header name, or a 0-based index


@dataclass(frozen=True, slots=True)
class TableOptions:
    """How to find a document in a corpus row: the id, text and date columns.

    Columns are header names, or 0-based indices (required without a header row). Without
    an id column a document's id is ``PATH:ROW``, ROW counting data rows from 0 (so row 17
    of ``10kgnad-test.csv`` is ``10kgnad-test.csv:17``, the article of ``gnad-17.txt``).
    """

    text_column: Column = "text"
    id_column: Column | None = None
    date_column: Column | None = None
    encoding: str = "auto"

    def __post_init__(self) -> None:
        check_encoding(self.encoding)


def parse_column(spec: str) -> Column:
    """A column as a user writes it: digits are a 0-based index, anything else a name."""
    return int(spec) if spec.strip().isdigit() else spec


@dataclass(frozen=True, slots=True)
class CsvSource:
    """Documents from the rows of a CSV file, streamed row by row.

    ``delimiter`` and ``quotechar`` follow the file (``;`` and ``'`` for 10kGNAD); ``header``
    says whether the first row names the columns. A row too short for the text column, or
    one the csv module cannot parse, is a failed document with its line number.
    """

    path: str
    options: TableOptions = field(default_factory=TableOptions)
    delimiter: str = ","
    quotechar: str = '"'
    header: bool = True

    def __iter__(self) -> Iterator[SourceDocument]:
        _allow_long_fields()
        return _documents_of_lines(self.path, self.options.encoding, self._rows)

    def _reader(self, feed: _RecordLines) -> Iterator[list[str]]:
        # strict: a quote must be followed by a delimiter or a line end, which is how an
        # unterminated quote shows (the next quote it meets closes it in the wrong place).
        return csv.reader(feed, delimiter=self.delimiter, quotechar=self.quotechar,
                          strict=True)

    def _rows(self, lines: _DecodedLines) -> Iterator[SourceDocument]:
        feed = _RecordLines(lines)
        reader = self._reader(feed)
        names: list[str] | None = None
        row_number = 0
        while True:
            feed.start_record()
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield failed(f"{self.path}:{row_number}", self._row_error(feed, error))
                row_number += 1
                if feed.read_again_after_first_line():
                    reader = self._reader(feed)
                continue
            first_line = feed.first_line
            if self.header and names is None:
                names = row
                problem = lines.problem(feed.line_numbers)
                if problem and problem.is_error:  # the header itself is unreadable
                    yield failed(f"{self.path}:header", problem.error)
                continue
            where = SourceLocation(self.path, first_line)
            yield _table_document(self.path, row_number, names, row, self.options,
                                  where, lines.problem(feed.line_numbers))
            row_number += 1

    def _row_error(self, feed: _RecordLines, error: csv.Error) -> InputError:
        """A row the csv module refused; one over several lines is an unterminated quote."""
        if len(feed.line_numbers) == 1:
            return InputError(f"CSV: {error}", SourceLocation(self.path, feed.first_line))
        first = feed.first_text
        opening = max((i + 1 for i in range(len(first) - 1)
                       if first[i] == self.delimiter and first[i + 1] == self.quotechar),
                      default=0 if first.startswith(self.quotechar) else -1)
        return InputError(
            f"CSV: unterminated quote: the field opened here runs into line "
            f"{feed.line_numbers[-1]} ({error}); the rows after this line are read "
            "on their own", SourceLocation(self.path, feed.first_line, opening + 1, first))


class _RecordLines:
    """The lines of a CSV file as the csv module reads them, a record at a time.

    It remembers the lines of the record being read, so that a record the csv module
    refuses after several lines (an unterminated quote swallowing the rows after it) can
    be given up alone and its later lines read again as rows of their own. Each line is
    read again at most once per record that swallowed it, and a swallowing record ends at
    the next quote, so the file is read in linear time.
    """

    def __init__(self, lines: _DecodedLines) -> None:
        self.lines = lines
        self._again: deque[tuple[int, str]] = deque()
        self._record: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self._again:
            number, line = self._again.popleft()
        else:
            line = next(self.lines)
            number = self.lines.line_number
        self._record.append((number, line))
        return line

    def start_record(self) -> None:
        self._record = []

    @property
    def line_numbers(self) -> list[int]:
        return [number for number, _ in self._record] or [self.lines.line_number]

    @property
    def first_line(self) -> int:
        return self.line_numbers[0]

    @property
    def first_text(self) -> str:
        return self._record[0][1] if self._record else ""

    def read_again_after_first_line(self) -> bool:
        """Queue the record's lines after its first to be read again; whether there were any."""
        later = self._record[1:]
        self._again.extendleft(reversed(later))
        self._record = []
        return bool(later)


@dataclass(frozen=True, slots=True)
class JsonLinesSource:
    """Documents from a JSON Lines file: one object a line, fields named by ``options``.

    Blank lines are ignored; a line that is not a JSON object, or lacks the text field,
    is a failed document with its line number.
    """

    path: str
    options: TableOptions = field(default_factory=TableOptions)

    def __iter__(self) -> Iterator[SourceDocument]:
        return _documents_of_lines(self.path, self.options.encoding, self._records)

    def _records(self, lines: _DecodedLines) -> Iterator[SourceDocument]:
        row_number = 0
        for line in lines:
            where = SourceLocation(self.path, lines.line_number)
            if not line.strip():
                problem = lines.problem([lines.line_number])
                if problem and problem.is_error:  # a line too long to read
                    yield failed(f"{self.path}:{row_number}", problem.error)
                    row_number += 1
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield failed(f"{self.path}:{row_number}", InputError(
                    f"JSON: {error.msg}", SourceLocation(self.path, lines.line_number,
                                                         error.colno)))
            except RecursionError:  # Python's decoder recurses once per level of nesting
                yield failed(f"{self.path}:{row_number}", InputError(
                    "JSON: nested too deeply to read", where))
            else:
                yield _table_document(self.path, row_number, None, record, self.options,
                                      where, lines.problem([lines.line_number]))
            row_number += 1


def _documents_of_lines(path: str, encoding: str,
                        read: Callable[[_DecodedLines], Iterator[SourceDocument]],
                        ) -> Iterator[SourceDocument]:
    """Open a corpus file and stream its decoded lines to ``read``, closing it after.

    A file that cannot be opened is one failed document named by its path.
    """
    try:
        handle = _open_binary(path)
    except InputError as error:
        yield failed(path, error)
        return
    with handle as stream:
        yield from read(_DecodedLines(stream, path, encoding))


def _table_document(path: str, row_number: int, names: list[str] | None,
                    record: object, options: TableOptions, where: SourceLocation,
                    problem: _LineProblem | None) -> SourceDocument:
    """Pick id, text and date out of one CSV row (a list) or JSON record (a dict)."""
    default_id = f"{path}:{row_number}"
    if not isinstance(record, dict | list):
        return failed(default_id, InputError("JSON Lines: a line must hold an object", where))
    try:
        doc_id = (default_id if options.id_column is None
                  else str(_field(record, names, options.id_column, "id")))
    except InputError as error:
        return failed(default_id, error.with_location(where))
    try:
        text = _field(record, names, options.text_column, "text")
    except InputError as error:
        return failed(doc_id, error.with_location(where))
    try:  # a row without a date is read without one
        date = (None if options.date_column is None
                else _field(record, names, options.date_column, "date"))
    except InputError:
        date = None
    warning = None
    if problem and problem.is_error:
        return failed(doc_id, problem.error)
    if problem:
        warning = problem.error.render()
    if not isinstance(text, str):
        return failed(doc_id, InputError(f"text column holds {type(text).__name__}, "
                                         "not a string", where))
    surrogate = _SURROGATE.search(text)
    if surrogate:  # JSON's "\ud800": half of a UTF-16 pair, which UTF-8 cannot write
        warning = warning or InputError(
            f"warning: lone surrogate \\u{ord(surrogate.group()):04x} (half of a UTF-16 "
            "pair, not a character); read as U+FFFD", where).render()
        text = _SURROGATE.sub("\ufffd", text)
    if len(text) > MAX_DOCUMENT_BYTES:
        return _too_large(doc_id, len(text))
    if "\x00" in text:
        return failed(doc_id, InputError("binary text (NUL character)", where))
    if not text.strip():
        return SourceDocument(doc_id, None, status="skipped", error="empty document")
    return SourceDocument(doc_id, text, None if date in (None, "") else str(date),
                          warning=warning)


def _field(record: dict | list, names: list[str] | None, column: Column, role: str) -> object:
    """One field of a row: a JSON object by key, a CSV row by index or header name."""
    try:
        if isinstance(record, dict):
            return record[str(column)]
        if isinstance(column, int):
            return record[column]
        if names is None:
            raise InputError(f"{role} column {column!r} needs a header row; "
                             "without one name columns by 0-based number")
        return record[names.index(column)]
    except (IndexError, KeyError, ValueError):
        raise InputError(f"no {role} column {column!r} in this row") from None


def _open_binary(path: str) -> contextlib.AbstractContextManager[BinaryIO]:
    """The file at ``path`` opened for reading bytes; ``-`` is standard input (left open)."""
    if path == STDIN:
        return contextlib.nullcontext(sys.stdin.buffer)
    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}",
                         SourceLocation(path)) from None


@dataclass(frozen=True, slots=True)
class _LineProblem:
    """A line whose bytes did not decode: an error (strict encoding) or a warning (auto)."""

    error: InputError
    is_error: bool


class _DecodedLines:
    """A binary file's lines, decoded one at a time, for the csv and json readers.

    Decoding line by line keeps memory flat and lets ``auto`` fall back to Windows-1252
    for one badly encoded line without giving up the rest of the file (the record it
    belongs to carries a warning). With a strict encoding a bad line is decoded with
    replacement characters and remembered, so the record it belongs to can be failed
    with a located message.
    """

    def __init__(self, handle: BinaryIO, path: str, encoding: str) -> None:
        self.handle = handle
        self.path = path
        self.encoding = encoding
        self.line_number = 0
        self._problems: dict[int, _LineProblem] = {}
        self._exhausted = False

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        raw = b"" if self._exhausted else self.handle.readline(MAX_DOCUMENT_BYTES + 1)
        if not raw:
            raise StopIteration
        self.line_number += 1
        if len(raw) > MAX_DOCUMENT_BYTES and not raw.endswith(b"\n"):
            return self._skip_long_line()
        if self.line_number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM):]
        where = SourceLocation(self.path)
        try:
            text, warning = decode_with_warning(raw, where.path, self.encoding)
        except InputError as error:
            self._problems[self.line_number] = _LineProblem(self._shifted(error), True)
            return raw.decode(self.encoding, errors="replace")
        if warning:
            self._problems[self.line_number] = _LineProblem(self._shifted(warning), False)
        return text

    def _skip_long_line(self) -> str:
        """Pass over a line longer than any document may be; its record fails.

        Binary data (a NUL byte) ends the file there: ``/dev/zero`` read as a corpus never
        has a line end to skip to.
        """
        where = SourceLocation(self.path, self.line_number, 1)
        problem = f"line longer than the {MAX_DOCUMENT_BYTES}-byte limit of a document"
        while chunk := self.handle.readline(1 << 16):
            if b"\x00" in chunk:
                problem = (f"a line longer than {MAX_DOCUMENT_BYTES} bytes holding binary "
                           "data (NUL bytes): the rest of the file is not read")
                self._exhausted = True
                break
            if chunk.endswith(b"\n"):
                break
        self._problems[self.line_number] = _LineProblem(InputError(problem, where), True)
        return "\n"

    def _shifted(self, error: InputError) -> InputError:
        """The error of a line decoded alone, placed on its line in the file."""
        column = error.location.column if error.location else 1
        return error.with_location(SourceLocation(self.path, self.line_number, column))

    def problem(self, line_numbers: list[int]) -> _LineProblem | None:
        """The first decoding problem on a record's lines (an error before a warning)."""
        first = min(line_numbers)
        for number in [n for n in self._problems if n < first]:
            del self._problems[number]  # lines before this record are done with
        found = [self._problems[n] for n in sorted(line_numbers) if n in self._problems]
        return next((p for p in found if p.is_error), found[0] if found else None)


def _allow_long_fields() -> None:
    """Let one CSV field hold a whole article (the csv module stops at 128 KiB)."""
    if csv.field_size_limit() < MAX_DOCUMENT_BYTES:
        csv.field_size_limit(MAX_DOCUMENT_BYTES)


InputFormat = Literal["auto", "text", "csv", "jsonl"]
TABLE_SUFFIXES: dict[str, InputFormat] = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class SourceOptions:
    """How to read the inputs of a run: what they are, and how corpora are laid out.

    ``input_format`` ``auto`` reads ``.csv`` files as CSV corpora, ``.jsonl``/``.ndjson``
    files as JSON Lines corpora and everything else (files, folders, globs, ``-``) as
    text documents. ``text`` reads everything as text; ``csv`` and ``jsonl`` read every
    input (globs expanded, ``-`` is stdin) as a corpus of that kind.
    """

    input_format: InputFormat = "auto"
    patterns: Sequence[str] = ("*.txt",)
    encoding: str = "auto"
    table: TableOptions = field(default_factory=TableOptions)
    csv_delimiter: str = ","
    csv_quote: str = '"'
    csv_header: bool = True

    def __post_init__(self) -> None:
        check_encoding(self.encoding)
        if self.input_format not in ("auto", "text", "csv", "jsonl"):
            raise InputError(f"unknown input format {self.input_format!r} "
                             "(auto, text, csv or jsonl)")
        if len(self.csv_delimiter) != 1 or len(self.csv_quote) != 1:
            raise InputError("the CSV delimiter and quote must be one character each")


def open_sources(specs: Iterable[str], options: SourceOptions) -> Iterator[SourceDocument]:
    """Every document of ``specs`` (paths, folders, globs, ``-``), in order, lazily."""
    table = replace(options.table, encoding=options.encoding)
    for spec in specs:
        kind = options.input_format
        if kind == "auto":
            kind = TABLE_SUFFIXES.get(Path(spec).suffix.lower(), "text")
        if kind == "text":
            yield from FileSource([spec], options.patterns, options.encoding)
            continue
        paths = [spec] if spec == STDIN or not glob.has_magic(spec) else sorted(
            glob.iglob(spec, recursive=True))
        if not paths:
            yield failed(spec, InputError("no file matches this pattern", SourceLocation(spec)))
        for path in paths:
            if kind == "csv":
                yield from CsvSource(path, table, options.csv_delimiter, options.csv_quote,
                                     options.csv_header)
            else:
                yield from JsonLinesSource(path, table)


def require_inputs(specs: Iterable[str], options: SourceOptions) -> None:
    """Raise an InputError for the first input of a run that names no document.

    A missing path, a glob that matches nothing and a folder without a file that
    ``options.patterns`` take are bad usage (exit status 2, README), found before any
    document is read or any output opened; a document that exists but cannot be read is a
    failed document of the run instead.
    """
    for spec in specs:
        if spec == STDIN:
            continue
        path, where = Path(spec), SourceLocation(spec)
        if path.is_dir():
            kind = options.input_format
            if kind in ("auto", "text") and not any(
                    p.is_file() for pattern in options.patterns for p in path.rglob(pattern)):
                raise InputError(f"no file matching {' or '.join(options.patterns)} in this "
                                 "folder (--pattern takes others)", where)
        elif path.exists():
            continue
        elif not glob.has_magic(spec):
            raise InputError("no such file or folder", where)
        elif not any(not Path(m).is_dir() for m in glob.iglob(spec, recursive=True)):
            raise InputError("no file matches this pattern", where)
