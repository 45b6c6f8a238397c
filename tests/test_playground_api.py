"""``depesche play``'s JSON API: each call answers what the command's JSON gives, and no
request (a path out of the pack, an oversize or malformed body, broken YAML, a write
without the token) gets past its guard or takes the server down."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from depesche.authoring.scaffold import create_pack
from depesche.cli.app import _register, app
from depesche.playground.server import TOKEN_HEADER, create_app
from depesche.playground.session import MAX_EXPLAIN_TOKENS, Playground

TOKEN = "test-token"
ARTICLE = ("Russland droht der Ukraine mit Konsequenzen. Die USA drohen mit Sanktionen. "
           "Es droht ein langer Winter.")
BROKEN_PATTERN = "    pattern: $who [lemma=drohen (?<whom> @ACTOR)?"
BROKEN_YAML = "rules:\n  - id: x\n    type: [THREATEN\n"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    create_pack(folder)
    (folder / "article.txt").write_text(ARTICLE + "\n", encoding="utf-8")
    (folder / "corpus.csv").write_text(
        "id;text\n1;'Russland droht der Ukraine.'\n2;'Die USA drohen.'\n", encoding="utf-8")
    (folder / "corpus.jsonl").write_text(
        json.dumps({"text": "Die USA drohen Russland."}) + "\n", encoding="utf-8")
    (tmp_path / "outside.yaml").write_text("rules: []\n", encoding="utf-8")
    (folder / "out.yaml").symlink_to(tmp_path / "outside.yaml")
    return folder


@pytest.fixture
def client(pack: Path) -> Iterator[TestClient]:
    app_ = create_app(Playground(pack), TOKEN, max_body=64 * 1024)
    with TestClient(app_, base_url="http://127.0.0.1:8000") as test_client:
        yield test_client


def cli(*args: str) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def rules_text(pack: Path) -> str:
    return (pack / "rules.yaml").read_text(encoding="utf-8")


def broken_pattern(pack: Path) -> str:
    return rules_text(pack).replace(
        "    pattern: $who [lemma=drohen] (?<whom> @ACTOR)?", BROKEN_PATTERN)


# ---------------------------------------------------------------- files and documents


def test_session_lists_the_packs_files_but_no_link_out(client: TestClient, pack: Path) -> None:
    answer = client.get("/api/session").json()
    assert answer["root"] == str(pack.resolve())
    assert answer["rule_files"] == ["rules.yaml", "lexicons/states.yaml"]
    assert answer["documents"] == ["article.txt", "corpus.csv", "corpus.jsonl"]


def test_file_gives_text_and_hash(client: TestClient, pack: Path) -> None:
    answer = client.get("/api/file", params={"path": "rules.yaml"}).json()
    assert answer["text"] == rules_text(pack)
    assert len(answer["sha256"]) == 64


TRAVERSALS = [
    ("../outside.yaml", 403, "without '..'"),
    ("lexicons/../../outside.yaml", 403, "without '..'"),
    ("/etc/passwd", 403, "without '..'"),
    ("out.yaml", 403, "leads outside the pack's folder"),
    ("lexicons\\..\\..\\outside.yaml", 403, "bad path"),
    ("rules.yaml\x00.txt", 403, "bad path"),
    ("", 403, "bad path"),
    ("article.txt", 403, "only rule files"),
    ("missing.yaml", 404, "no such file"),
]


@pytest.mark.parametrize(("path", "status", "message"), TRAVERSALS)
def test_file_refuses_paths_out_of_the_pack(client: TestClient, path: str, status: int,
                                            message: str) -> None:
    response = client.get("/api/file", params={"path": path})
    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize(("path", "status"), [(p, s) for p, s, _ in TRAVERSALS
                                              if p not in ("article.txt", "missing.yaml")])
def test_save_refuses_paths_out_of_the_pack(client: TestClient, pack: Path, path: str,
                                            status: int) -> None:
    before = (pack.parent / "outside.yaml").read_text(encoding="utf-8")
    response = client.post("/api/save", json={"path": path, "text": "rules: []\n"},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == status
    assert (pack.parent / "outside.yaml").read_text(encoding="utf-8") == before
    assert not (pack.parent / "passwd").exists()


@pytest.mark.parametrize(("params", "text"), [
    ({"path": "article.txt"}, ARTICLE + "\n"),
    ({"path": "corpus.csv", "row": "1", "delimiter": ";", "quote": "'"}, "Die USA drohen."),
    ({"path": "corpus.jsonl", "row": "0"}, "Die USA drohen Russland."),
])
def test_document_reads_articles_and_corpus_rows(client: TestClient, params: dict[str, str],
                                                 text: str) -> None:
    response = client.get("/api/document", params=params)
    assert response.status_code == 200, response.text
    assert response.json()["text"] == text


@pytest.mark.parametrize(("params", "status", "message"), [
    ({"path": "corpus.csv", "row": "7", "delimiter": ";"}, 404, "has no row 7"),
    ({"path": "corpus.csv"}, 422, "give the row"),
    ({"path": "corpus.csv", "row": "-1"}, 400, "row must be a whole number"),
    ({"path": "rules.yaml"}, 403, "documents are"),
    ({"path": "../article.txt"}, 403, "without '..'"),
    ({}, 400, "missing query parameter 'path'"),
])
def test_document_refuses_bad_requests(client: TestClient, params: dict[str, str], status: int,
                                       message: str) -> None:
    response = client.get("/api/document", params=params)
    assert response.status_code == status
    assert message in response.json()["error"]


# ---------------------------------------------------------------- the calls answer as the CLI


def test_check_answers_what_check_json_prints(client: TestClient, pack: Path) -> None:
    broken = broken_pattern(pack)
    answer = client.post("/api/check", json={"files": {"rules.yaml": broken}}).json()
    (pack / "rules.yaml").write_text(broken, encoding="utf-8")
    status, printed = cli("check", str(pack.resolve()), "--format", "json")
    assert status == 1
    assert answer == json.loads(printed)
    error = next(d for d in answer["diagnostics"] if d["severity"] == "error")
    assert (Path(error["path"]).name, error["line"]) == ("rules.yaml", 15)


def test_check_locates_broken_yaml(client: TestClient) -> None:
    answer = client.post("/api/check", json={"files": {"rules.yaml": BROKEN_YAML}}).json()
    assert answer["errors"] == 1
    error = next(d for d in answer["diagnostics"] if d["severity"] == "error")
    assert error["message"].startswith("YAML:")
    assert (error["line"], error["column"]) == (4, 1)


def test_check_reads_the_disk_again_after_a_change(client: TestClient, pack: Path) -> None:
    assert client.post("/api/check", json={}).json()["errors"] == 0
    (pack / "rules.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    assert client.post("/api/check", json={}).json()["errors"] == 1


def test_test_answers_what_test_json_prints(client: TestClient, pack: Path) -> None:
    answer = client.post("/api/test", json={}).json()
    status, printed = cli("test", str(pack.resolve()), "--format", "json")
    assert status == 0
    assert answer == json.loads(printed)
    assert (answer["passed"], answer["failed"]) == (3, 0)
    only = client.post("/api/test", json={"rule": "threaten.drohen"}).json()
    assert len(only["results"]) == 3


def test_test_runs_the_unsaved_text(client: TestClient, pack: Path) -> None:
    text = rules_text(pack).replace("expect: []", "expect: [{type: THREATEN}]")
    answer = client.post("/api/test", json={"files": {"rules.yaml": text}}).json()
    assert (answer["passed"], answer["failed"]) == (2, 1)
    assert answer["results"][2]["problems"] == ["expected 1 fact(s) from this rule, got 0"]


def test_extract_answers_what_extract_json_prints(client: TestClient, pack: Path) -> None:
    path = str(pack / "article.txt")
    answer = client.post("/api/extract", json={"text": ARTICLE + "\n", "id": path}).json()
    status, printed = cli("extract", path, "--rules", str(pack.resolve()), "--format", "json")
    assert status == 0
    assert answer["facts"] == json.loads(printed)
    assert [f["evidence"] for f in answer["facts"]] == ["Russland droht der Ukraine",
                                                        "Die USA drohen"]
    # render's pieces, cut at sentence ends too: together they are the text.
    assert "".join(ARTICLE[a:b] for a, b in (s["span"] for s in answer["segments"])) == ARTICLE
    assert [s["sentence"] for s in answer["segments"] if s["facts"]] == [1, 2]
    assert answer["sentences"][0] == [0, ARTICLE.index(" Die USA")]


def test_explain_answers_what_explain_json_prints(client: TestClient, pack: Path) -> None:
    answer = client.post("/api/explain", json={"text": ARTICLE, "sentence": 3}).json()
    status, printed = cli("explain", ARTICLE, "--sentence", "3", "--rules", str(pack.resolve()),
                          "--format", "json")
    assert status == 0
    assert answer == json.loads(printed)
    report = answer["rules"][0]
    assert (report["rule"], report["status"]) == ("threaten.drohen", "no match")
    assert report["trace"]["failures"][0]["reason"].startswith("no @ACTOR starts at")


def test_explain_of_a_matching_sentence(client: TestClient) -> None:
    answer = client.post("/api/explain", json={"text": ARTICLE, "sentence": 1,
                                               "rules": ["threaten.drohen"]}).json()
    report = answer["rules"][0]
    assert report["status"] == "match"
    assert report["matches"][0]["fact"]["recipient"][0]["code"] == "UKR"


def test_annotate_answers_what_annotate_jsonl_prints(client: TestClient, pack: Path) -> None:
    answer = client.post("/api/annotate", json={"text": ARTICLE + "\n"}).json()
    status, printed = cli("annotate", str(pack / "article.txt"), "--rules", str(pack.resolve()))
    assert status == 0
    assert answer["sentences"] == [json.loads(line) for line in printed.splitlines()]


def test_rules_outline_places_each_rule(client: TestClient, pack: Path) -> None:
    answer = client.post("/api/rules", json={}).json()
    assert [(r["id"], Path(r["path"]).name, r["line"], r["tests"]) for r in answer["rules"]] == [
        ("threaten.drohen", "rules.yaml", 12, 3)]


@pytest.mark.parametrize(("call", "body"), [
    ("test", {}), ("extract", {"text": ARTICLE}), ("explain", {"text": ARTICLE, "sentence": 1}),
    ("add-test", {"path": "rules.yaml", "rule": "threaten.drohen", "text": "x",
                  "positive": True}),
])
def test_a_broken_pack_does_not_run(client: TestClient, pack: Path, call: str,
                                    body: dict[str, object]) -> None:
    response = client.post(f"/api/{call}",
                           json={**body, "files": {"rules.yaml": broken_pattern(pack)}})
    assert response.status_code == 422
    assert response.json()["error"] == "the pack has 1 error(s); fix them to run it"
    assert response.json()["check"]["errors"] == 1


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"text": ARTICLE, "sentence": 4}, 404, "sentence 4 asked for, but the text has 3"),
    ({"text": ARTICLE, "sentence": 1, "rules": ["nope"]}, 404, "no rule 'nope'"),
    ({"text": " ".join(["Wort"] * (MAX_EXPLAIN_TOKENS + 1)) + ".", "sentence": 1}, 403,
     f"the playground explains sentences of up to {MAX_EXPLAIN_TOKENS}"),
    ({"text": ARTICLE, "sentence": 1, "date": "2024-13-01"}, 422, "bad document date"),
])
def test_explain_refuses_what_it_cannot_explain(client: TestClient, body: dict[str, object],
                                                status: int, message: str) -> None:
    response = client.post("/api/explain", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


# ---------------------------------------------------------------- adding tests, saving


def test_add_test_returns_the_file_with_the_test_and_writes_nothing(client: TestClient,
                                                                    pack: Path) -> None:
    before = rules_text(pack)
    positive = client.post("/api/add-test", json={
        "path": "rules.yaml", "rule": "threaten.drohen", "positive": True,
        "text": "Die Ukraine droht Russland."}).json()
    assert positive["test"]["expect"] == [{"type": "THREATEN", "actor": ["UKR"],
                                           "recipient": ["RUS"]}]
    negative = client.post("/api/add-test", json={
        "files": {"rules.yaml": positive["text"]}, "path": "rules.yaml",
        "rule": "threaten.drohen", "positive": False, "text": "Der Winter droht."}).json()
    assert negative["text"].endswith('      - text: "Der Winter droht."\n        expect: []\n')
    assert rules_text(pack) == before
    tests = client.post("/api/test", json={"files": {"rules.yaml": negative["text"]}}).json()
    assert (tests["passed"], tests["failed"]) == (5, 0)


def test_add_test_for_a_rule_that_does_not_match_yet_fails_until_it_does(
        client: TestClient) -> None:
    answer = client.post("/api/add-test", json={
        "path": "rules.yaml", "rule": "threaten.drohen", "positive": True,
        "text": "Es droht ein Krieg."}).json()
    assert answer["test"]["expect"] == [{"type": "THREATEN"}]
    tests = client.post("/api/test", json={"files": {"rules.yaml": answer["text"]}}).json()
    assert tests["failed"] == 1


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"path": "rules.yaml", "rule": "nope", "text": "x"}, 404, "no rule 'nope'"),
    ({"path": "lexicons/states.yaml", "rule": "threaten.drohen", "text": "x"}, 404,
     "rule 'threaten.drohen' is not in lexicons/states.yaml"),
    ({"path": "../outside.yaml", "rule": "threaten.drohen", "text": "x"}, 403, "without '..'"),
])
def test_add_test_refuses(client: TestClient, body: dict[str, object], status: int,
                          message: str) -> None:
    response = client.post("/api/add-test", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_save_needs_the_token(client: TestClient, pack: Path) -> None:
    before = rules_text(pack)
    for headers in ({}, {TOKEN_HEADER: "wrong"}):
        response = client.post("/api/save", json={"path": "rules.yaml", "text": "rules: []\n"},
                               headers=headers)
        assert response.status_code == 403
        assert "token" in response.json()["error"]
    assert rules_text(pack) == before


def test_save_writes_atomically_and_keeps_the_mode(client: TestClient, pack: Path) -> None:
    path = pack / "rules.yaml"
    path.chmod(0o640)
    base = client.get("/api/file", params={"path": "rules.yaml"}).json()["sha256"]
    text = rules_text(pack).replace("Threats between states", "Drohungen")
    response = client.post("/api/save", json={"path": "rules.yaml", "text": text, "base": base},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200, response.text
    assert rules_text(pack) == text
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in pack.iterdir() if p.name.endswith(".tmp")] == []


def test_save_refuses_a_yaml_syntax_error_unless_confirmed(client: TestClient,
                                                           pack: Path) -> None:
    before = rules_text(pack)
    response = client.post("/api/save", json={"path": "rules.yaml", "text": BROKEN_YAML},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 409
    answer = response.json()
    assert (answer["reason"], answer["line"], answer["column"]) == ("syntax", 4, 1)
    assert answer["error"].startswith(f"not saved: {pack.resolve() / 'rules.yaml'}:4:1: YAML:")
    assert rules_text(pack) == before
    response = client.post("/api/save", json={"path": "rules.yaml", "text": BROKEN_YAML,
                                              "confirm_syntax_error": True},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200
    assert rules_text(pack) == BROKEN_YAML


def test_save_refuses_to_overwrite_a_change_on_disk(client: TestClient, pack: Path) -> None:
    base = client.get("/api/file", params={"path": "rules.yaml"}).json()["sha256"]
    (pack / "rules.yaml").write_text(rules_text(pack) + "# edited elsewhere\n", encoding="utf-8")
    response = client.post("/api/save", json={"path": "rules.yaml", "text": "rules: []\n",
                                              "base": base}, headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 409
    assert response.json()["reason"] == "changed"
    assert rules_text(pack).endswith("# edited elsewhere\n")


def test_save_does_not_write_through_a_link(client: TestClient, pack: Path) -> None:
    (pack / "inside.yaml").symlink_to(pack / "rules.yaml")
    response = client.post("/api/save", json={"path": "inside.yaml", "text": "rules: []\n"},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 403
    assert "symbolic link" in response.json()["error"]
    assert (pack / "inside.yaml").is_symlink()


def test_save_makes_a_new_rule_file_inside_the_pack(client: TestClient, pack: Path) -> None:
    response = client.post("/api/save", json={"path": "lexicons/more.yaml",
                                              "text": "rules: []\n"},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 200
    assert (pack / "lexicons" / "more.yaml").read_text(encoding="utf-8") == "rules: []\n"
    response = client.post("/api/save", json={"path": "new/more.yaml", "text": "rules: []\n"},
                           headers={TOKEN_HEADER: TOKEN})
    assert response.status_code == 404


# ---------------------------------------------------------------- malformed requests


def test_oversize_bodies_are_refused_declared_or_streamed(client: TestClient) -> None:
    big = {"text": "Wort " * 20_000}
    response = client.post("/api/extract", json=big)
    assert response.status_code == 413
    assert "limit of 65536 bytes" in response.json()["error"] or \
        "the limit is 65536" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it comes
        yield b'{"text": "'
        for _ in range(100):
            yield b"Wort " * 200
        yield b'"}'

    response = client.post("/api/extract", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "request body over the limit of 65536 bytes"


MALFORMED = [
    ("post", "/api/check", {"content": b"{not json", "headers": {
        "Content-Type": "application/json"}}, 400, "body is not JSON"),
    ("post", "/api/check", {"content": b"\xff\xfe", "headers": {
        "Content-Type": "application/json"}}, 400, "body is not UTF-8"),
    ("post", "/api/check", {"json": [1, 2]}, 400, "the body must be a JSON object"),
    ("post", "/api/check", {"content": b"{}", "headers": {"Content-Type": "text/plain"}}, 415,
     "Content-Type: application/json"),
    ("post", "/api/check", {"json": {"file": {}}}, 400, "unknown field 'file'"),
    ("post", "/api/check", {"json": {"files": ["rules.yaml"]}}, 400,
     "field 'files' must be an object"),
    ("post", "/api/check", {"json": {"files": {"rules.yaml": 3}}}, 400,
     "files['rules.yaml'] must be the file's text"),
    ("post", "/api/check", {"json": {"files": {"article.txt": "x"}}}, 403,
     "only rule files"),
    ("post", "/api/explain", {"json": {"text": ARTICLE}}, 400, "missing field 'sentence'"),
    ("post", "/api/explain", {"json": {"text": ARTICLE, "sentence": "1"}}, 400,
     "field 'sentence' must be a whole number, not str"),
    ("post", "/api/explain", {"json": {"text": ARTICLE, "sentence": True}}, 400,
     "field 'sentence' must be a whole number, not bool"),
    ("post", "/api/add-test", {"json": {"path": "rules.yaml", "rule": "threaten.drohen",
                                        "text": "x", "positive": "yes"}}, 400,
     "field 'positive' must be true or false"),
    ("post", "/api/explain", {"json": {"text": ARTICLE, "sentence": 1, "rules": [1]}}, 400,
     "field 'rules' must be a list of strings"),
    ("get", "/api/check", {}, 405, "Method Not Allowed"),
    ("get", "/api/nothing", {}, 404, "Not Found"),
    ("get", "/static/../session.py", {}, 404, "Not Found"),
    ("get", "/static/missing.js", {}, 404, "no static file 'missing.js'"),
]


@pytest.mark.parametrize(("method", "url", "kwargs", "status", "message"), MALFORMED,
                         ids=[f"{m[1]}-{m[4][:24]}" for m in MALFORMED])
def test_malformed_requests_get_a_4xx_and_a_message(
        client: TestClient, method: str, url: str, kwargs: dict[str, object], status: int,
        message: str) -> None:
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert message in response.json()["error"]
    # and the server goes on serving
    assert client.post("/api/check", json={}).json()["errors"] == 0


def test_another_host_name_is_refused(client: TestClient) -> None:
    response = client.get("/api/session", headers={"Host": "attacker.example:8000"})
    assert response.status_code == 400
    assert response.json()["error"] == "host 'attacker.example:8000' is not this server's"
    assert client.get("/api/session", headers={"Host": "localhost:8000"}).status_code == 200


# ---------------------------------------------------------------- the page


def test_page_is_served_with_its_policy_and_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    static = Path(__file__).resolve().parents[1] / "depesche" / "playground" / "static"
    names = sorted(p.name for p in static.iterdir())
    assert names == ["index.html", "play.css", "play.js"]
    for name in names:
        text = (static / name).read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, name
        if name != "index.html":
            assert client.get(f"/static/{name}").text == text


def test_play_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_uvicorn(name: str, *args: object, **kwargs: object) -> object:
        if name == "uvicorn":
            raise ModuleNotFoundError("No module named 'uvicorn'", name="uvicorn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    _register()
    result = CliRunner().invoke(app, ["play", "--no-open"])
    assert result.exit_code == 2
    assert "depesche play needs uvicorn: pip install 'depesche[play]'" in result.stderr


def test_play_refuses_a_missing_pack_and_a_busy_port(tmp_path: Path) -> None:
    _register()
    result = CliRunner().invoke(app, ["play", str(tmp_path / "none.yaml"), "--no-open"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path / 'none.yaml'}: no such rule file or folder")
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        create_pack(tmp_path / "pack")
        result = CliRunner().invoke(app, ["play", str(tmp_path / "pack"), "--no-open",
                                          "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_the_docs_script_runs_against_depesche_play(tmp_path: Path) -> None:
    """The Python example of docs/playground.md, against a server ``depesche play`` starts."""
    import re
    import subprocess
    import sys

    doc = (Path(__file__).resolve().parents[1] / "docs" / "playground.md").read_text("utf-8")
    script = re.search(r"```python\n(.*?)```", doc, re.S)
    assert script is not None
    process = subprocess.Popen([sys.executable, "-m", "depesche", "play", "--no-open"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        url = next(line.split()[1] for line in process.stdout if line.startswith("open "))
        base, token = url.split("/?token=")
        code = script.group(1).replace('"http://127.0.0.1:8000"', repr(base)).replace(
            '"…the token in the printed address…"', repr(token))
        names: dict[str, object] = {}
        exec(compile(code, "docs/playground.md", "exec"), names)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert [f["type"] for f in names["facts"]] == ["THREATEN"]  # type: ignore[index,union-attr]
    assert names["why"]["rules"][0]["status"] == "no match"  # type: ignore[index]


@pytest.mark.parametrize("command", [["test"], ["explain", "Russland droht."]])
def test_json_commands_refuse_an_unknown_format(command: list[str]) -> None:
    _register()
    result = CliRunner().invoke(app, [*command, "--format", "xml"])
    assert result.exit_code == 2
    assert "unknown format 'xml' (choose text or json)" in result.stderr


@pytest.mark.parametrize(("arguments", "pack_given", "texts"), [
    ([], None, []),
    (["pack"], "pack", []),
    (["pack/rules.yaml", "a.txt"], "pack/rules.yaml", ["a.txt"]),
    (["a.txt", "b.txt"], None, ["a.txt", "b.txt"]),
])
def test_play_tells_the_pack_from_the_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            arguments: list[str], pack_given: str | None,
                                            texts: list[str]) -> None:
    from depesche.cli.play import _split_arguments

    create_pack(tmp_path / "pack")
    monkeypatch.chdir(tmp_path)
    assert _split_arguments(arguments) == (pack_given, texts)
