"""Corpus sources: files, folders, globs, stdin, CSV and JSON Lines, and every encoding case."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from depesche.corpus.sources import (
    CsvSource,
    FileSource,
    JsonLinesSource,
    SourceDocument,
    TableOptions,
    check_encoding,
    parse_column,
    read_bytes_document,
)
from depesche.errors import InputError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GNAD = SHARED / "corpus" / "10kgnad-test.csv"

TEXT = "Putin sprach mit Biden über die Ukraine."


# (what the file holds, encoding option, expected status, expected text or error fragment)
BYTES_CASES = [
    ("utf-8", TEXT.encode(), "auto", "ok", TEXT),
    ("utf-8 bom", b"\xef\xbb\xbf" + TEXT.encode(), "auto", "ok", TEXT),
    ("utf-8 bom, strict utf-8", b"\xef\xbb\xbf" + TEXT.encode(), "utf-8", "ok", TEXT),
    ("crlf kept as read", b"Zeile eins.\r\nZeile zwei.\r\n", "auto", "ok",
     "Zeile eins.\r\nZeile zwei.\r\n"),
    ("latin-1", "Außenminister Gespräch".encode("latin-1"), "auto", "ok",
     "Außenminister Gespräch"),
    ("cp1252 quotes", "„Nein“ – sagte er".encode("cp1252"), "auto", "ok", "„Nein“ – sagte er"),
    ("byte undefined in cp1252", b"Gr\xfc\xdfe \x81", "auto", "ok", "Grüße \x81"),
    ("latin-1 refused by strict utf-8", b"Zeile\nGespr\xe4ch", "utf-8", "failed",
     "doc.txt:2:6: not valid utf-8: byte 0xe4"),
    ("latin-1 named", "Gespräch".encode("latin-1"), "latin-1", "ok", "Gespräch"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "auto", "failed",
     "doc.txt:3:1: binary file (NUL byte)"),
    ("utf-16 is binary", TEXT.encode("utf-16"), "auto", "failed", "binary file"),
    ("empty", b"", "auto", "skipped", "empty document"),
    ("blank", b" \n\r\n\t", "auto", "skipped", "empty document"),
    ("bom only", b"\xef\xbb\xbf", "auto", "skipped", "empty document"),
]


@pytest.mark.parametrize(("name", "raw", "encoding", "status", "expected"), BYTES_CASES,
                         ids=[case[0] for case in BYTES_CASES])
def test_bytes_are_decoded_or_reported(name: str, raw: bytes, encoding: str, status: str,
                                       expected: str) -> None:
    doc = read_bytes_document("doc.txt", raw, encoding)
    assert doc.status == status
    if status == "ok":
        assert doc.text == expected
    else:
        assert doc.text is None
        assert expected in (doc.error or "")


def test_unknown_encoding_is_refused_up_front() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        check_encoding("klingon")
    with pytest.raises(InputError):
        FileSource(["x.txt"], encoding="klingon")


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return path


def test_folder_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "b.txt", "B")
    write(tmp_path, "a.txt", "A")
    write(tmp_path, "sub/c.txt", "C")
    write(tmp_path, "sub/notes.md", "M")
    docs = list(FileSource([str(tmp_path)]))
    assert [Path(d.id).relative_to(tmp_path).as_posix() for d in docs] == [
        "a.txt", "b.txt", "sub/c.txt"]
    assert [d.text for d in docs] == ["A", "B", "C"]
    with_md = list(FileSource([str(tmp_path)], patterns=("*.txt", "*.md")))
    assert [d.text for d in with_md] == ["A", "B", "C", "M"]


def test_files_keep_the_path_as_given_and_globs_expand(tmp_path: Path) -> None:
    write(tmp_path, "x1.txt", "eins")
    write(tmp_path, "x2.txt", "zwei")
    write(tmp_path, "deep/x3.txt", "drei")
    given = str(tmp_path / "x2.txt")
    assert [d.id for d in FileSource([given])] == [given]
    found = list(FileSource([str(tmp_path / "x*.txt"), str(tmp_path / "**" / "x3.txt")]))
    assert [d.text for d in found] == ["eins", "zwei", "drei"]


def test_missing_file_and_empty_glob_are_failed_documents(tmp_path: Path) -> None:
    docs = list(FileSource([str(tmp_path / "missing.txt"), str(tmp_path / "*.nothing")]))
    assert [d.status for d in docs] == ["failed", "failed"]
    assert "cannot read" in (docs[0].error or "")
    assert "no file matches this pattern" in (docs[1].error or "")


def test_stdin_is_one_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode())))
    assert list(FileSource(["-"])) == [SourceDocument("<stdin>", TEXT)]


def test_sources_are_lazy(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A")
    documents = iter(FileSource([str(tmp_path / "a.txt"), str(tmp_path / "later.txt")]))
    assert next(documents).text == "A"
    write(tmp_path, "later.txt", "written after the first document was read")
    assert next(documents).text == "written after the first document was read"


def test_csv_with_header_names_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "news.csv",
                 "id,date,text\nn1,2022-01-10,\"Erster, Text\"\nn2,,\"Zweiter\nText\"\n")
    options = TableOptions(text_column="text", id_column="id", date_column="date")
    docs = list(CsvSource(str(path), options))
    assert docs == [SourceDocument("n1", "Erster, Text", "2022-01-10"),
                    SourceDocument("n2", "Zweiter\nText", None)]


def test_csv_row_problems_are_failed_documents_and_the_rest_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "news.csv", "id,text\nn1\nn2,\nn3,\"Dritter\"\n")
    docs = list(CsvSource(str(path), TableOptions(id_column="id")))
    assert [(d.id, d.status) for d in docs] == [
        ("n1", "failed"), ("n2", "skipped"), ("n3", "ok")]
    assert docs[0].error == f"{path}:2:1: no text column 'text' in this row"


def test_csv_latin1_row_under_strict_utf8_fails_alone(tmp_path: Path) -> None:
    path = write(tmp_path, "news.csv", b"text\ngut\nGespr\xe4ch\nauch gut\n")
    docs = list(CsvSource(str(path), TableOptions(encoding="utf-8")))
    assert [d.status for d in docs] == ["ok", "failed", "ok"]
    assert (docs[1].error or "").startswith(f"{path}:3:6: not valid utf-8: byte 0xe4")
    auto = list(CsvSource(str(path)))
    assert auto[1].text == "Gespräch"
    assert (auto[1].warning or "").startswith(f"{path}:3:6: warning: not valid UTF-8: byte 0xe4")


def test_csv_without_header_needs_column_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "news.csv", "Politik;'Der Text; mit Semikolon'\n")
    docs = list(CsvSource(str(path), TableOptions(text_column="text"), delimiter=";",
                          quotechar="'", header=False))
    assert docs[0].status == "failed"
    assert "needs a header row" in (docs[0].error or "")


def test_parse_column() -> None:
    assert parse_column("1") == 1
    assert parse_column("text") == "text"


def test_jsonl_records_and_broken_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "a", "text": "Erster", "date": "2021-12"}), "",
             "{kaputt", json.dumps(["not", "an", "object"]),
             json.dumps({"id": "d", "body": "no text key"}),
             json.dumps({"id": "e", "text": 42}),
             json.dumps({"id": "f", "text": "Letzter"})]
    path = write(tmp_path, "news.jsonl", "\n".join(lines) + "\n")
    docs = list(JsonLinesSource(str(path), TableOptions(id_column="id", date_column="date")))
    assert [(d.id, d.status) for d in docs] == [
        ("a", "ok"), (f"{path}:1", "failed"), (f"{path}:2", "failed"), ("d", "failed"),
        ("e", "failed"), ("f", "ok")]
    assert docs[0].date == "2021-12"
    assert docs[1].error is not None and docs[1].error.startswith(f"{path}:3:2: JSON:")
    assert "needs a header row" in (docs[2].error or "")
    assert "no text column 'text'" in (docs[3].error or "")
    assert "holds int, not a string" in (docs[4].error or "")
    assert docs[5].date is None


def test_the_shared_corpus_reads_with_its_options() -> None:
    if not GNAD.exists():
        pytest.skip("shared corpus not available")
    source = CsvSource(str(GNAD), TableOptions(text_column=1), delimiter=";", quotechar="'",
                       header=False)
    docs = list(source)
    assert len(docs) == 1028
    assert {d.status for d in docs} == {"ok"}
    assert docs[166].id == f"{GNAD}:166"
    dev = SHARED / "dev" / "gnad-166.txt"
    if dev.exists():
        assert docs[166].text == dev.read_text(encoding="utf-8").rstrip("\n")


def test_csv_fields_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    long_text = "Satz. " * 50_000  # 300,000 characters; the csv module stops at 131,072
    path = write(tmp_path, "long.csv", f'text\n"{long_text}"\n')
    (doc,) = CsvSource(str(path))
    assert doc.text == long_text


def test_a_jsonl_record_nested_too_deeply_fails_alone(tmp_path: Path) -> None:
    """A record nested 100,000 deep raised RecursionError out of Python's JSON decoder and
    ended the run with a traceback."""
    deep = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path, "deep.jsonl", f"{deep}\n{json.dumps({'text': TEXT})}\n")
    docs = list(JsonLinesSource(str(path)))
    assert [(d.id, d.status) for d in docs] == [(f"{path}:0", "failed"), (f"{path}:1", "ok")]
    assert docs[0].error == f"{path}:1:1: JSON: nested too deeply to read"


def test_lone_surrogates_in_json_are_read_as_replacement_characters_with_a_warning(
        tmp_path: Path) -> None:
    """JSON may escape half a UTF-16 pair ("\\ud800"), which no UTF-8 output can write:
    writing the document or its facts failed (SQLite, JSON Lines, the terminal)."""
    path = write(tmp_path, "halves.jsonl", '{"id": "a\\udfff", "date": "2021\\ud800", '
                                           '"text": "\\ud800 Putin \\udfff sprach."}\n')
    [doc] = JsonLinesSource(str(path), TableOptions(id_column="id", date_column="date"))
    assert (doc.status, doc.text) == ("ok", "\ufffd Putin \ufffd sprach.")
    assert doc.warning is not None and doc.warning.startswith(
        f"{path}:1:1: warning: lone surrogate \\ud800")
    assert (doc.id, doc.date) == ("a\\udfff", "2021\\ud800")  # as written, so ids stay apart
