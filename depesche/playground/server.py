"""The playground's web layer: one page, its static files, and a JSON API over the session.

Built on Starlette (an ASGI toolkit; ``depesche play`` serves it with uvicorn). Each API
call parses and checks its JSON, calls the :class:`~depesche.playground.session.Playground`
in a worker thread, and answers with what the library returned; every failure is a JSON
object ``{"error": message, …}`` with a 4xx status (docs/playground.md lists them).

Guards, outermost first: the Host header must name this server (a web page elsewhere
cannot reach it through DNS rebinding); bodies are JSON (``Content-Type:
application/json``, which a page of another site cannot send without the browser asking
first, and this server never allows it) and at most ``max_body`` bytes; a save needs
the session's token in ``X-Depesche-Token``.
"""

from __future__ import annotations

import json
import secrets
import sys
import traceback
from collections.abc import Callable, Collection
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from depesche.errors import DepescheError
from depesche.playground.session import Conflict, NotFound, PackBroken, Playground, Refused

MAX_BODY = 4 * 1024 * 1024
TOKEN_HEADER = "X-Depesche-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
# The page runs only its own script and style, talks only to this server, and is framed
# by no one: no inline code, no CDN, nothing from outside.
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; base-uri 'none'; form-action 'none'; "
               "frame-ancestors 'none'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "Cache-Control": "no-store"}


class ApiError(Exception):
    """A request the API answers with ``status`` and a message (bad JSON, a missing field)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def new_token() -> str:
    """A session token: 128 random bits, URL-safe."""
    return secrets.token_urlsafe(16)


def _answer(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=SECURITY_HEADERS)


def _failure(error: BaseException) -> JSONResponse:
    """The JSON answer for an error raised while serving a call."""
    if isinstance(error, ApiError):
        return _answer({"error": error.message}, error.status)
    if isinstance(error, Conflict):
        return _answer({"error": error.message, "reason": error.reason, **error.details}, 409)
    if isinstance(error, PackBroken):
        return _answer({"error": error.message, "check": error.report}, 422)
    if isinstance(error, Refused):
        return _answer({"error": error.render()}, 403)
    if isinstance(error, NotFound):
        return _answer({"error": error.render()}, 404)
    if isinstance(error, DepescheError):
        return _answer({"error": error.render()}, 422)
    traceback.print_exception(error, file=sys.stderr)
    return _answer({"error": f"internal error: {type(error).__name__}: {error}"}, 500)


# ---------------------------------------------------------------------- request bodies


async def _json_body(request: Request, max_body: int) -> dict[str, Any]:
    """The request's JSON object, refused past ``max_body`` bytes before it is all read."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(415, "send a JSON object with Content-Type: application/json")
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise ApiError(400, f"bad Content-Length {declared!r}")
        if int(declared) > max_body:
            raise ApiError(413, f"request body of {declared} bytes; the limit is {max_body}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_body:
            raise ApiError(413, f"request body over the limit of {max_body} bytes")
        chunks.append(chunk)
    try:
        data = json.loads(b"".join(chunks).decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ApiError(400, f"body is not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise ApiError(400, f"body is not JSON: {error.msg} at line {error.lineno} "
                            f"column {error.colno}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    return data


class _Fields:
    """A call's JSON fields, each read with its type checked; unknown fields are refused."""

    def __init__(self, data: dict[str, Any], allowed: Collection[str]) -> None:
        for name in data:
            if name not in allowed:
                raise ApiError(400, f"unknown field {name!r} (fields: {', '.join(allowed)})")
        self.data = data

    def _get(self, name: str, kinds: tuple[type, ...], what: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None:
            if required:
                raise ApiError(400, f"missing field {name!r} ({what})")
            return None
        if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
            raise ApiError(400, f"field {name!r} must be {what}, not {type(value).__name__}")
        return value

    def text(self, name: str, required: bool = True) -> str | None:
        return self._get(name, (str,), "a string", required)

    def number(self, name: str, required: bool = True) -> int | None:
        return self._get(name, (int,), "a whole number", required)

    def flag(self, name: str) -> bool:
        return bool(self._get(name, (bool,), "true or false", False))

    def texts(self, name: str) -> list[str] | None:
        value = self._get(name, (list,), "a list of strings", False)
        if value is not None and not all(isinstance(item, str) for item in value):
            raise ApiError(400, f"field {name!r} must be a list of strings")
        return value

    def files(self) -> dict[str, str]:
        """``files``: the editor's unsaved rule files, path in the pack → text."""
        value = self._get("files", (dict,), "an object of path → text", False) or {}
        for path, text in value.items():
            if not isinstance(text, str):
                raise ApiError(400, f"files[{path!r}] must be the file's text (a string)")
        return value


# ---------------------------------------------------------------------- the app


class _HostGuard:
    """Refuse requests whose Host header names another server (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: Collection[str] | None) -> None:
        self.app = app
        self.allowed = None if allowed is None else {name.lower() for name in allowed}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host[:host.index("]") + 1] if host.startswith("[") and "]" in host \
                else host.rsplit(":", 1)[0]
            if name not in self.allowed:
                response = _answer({"error": f"host {host!r} is not this server's"}, 400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _static_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("depesche.playground").joinpath("static")
    files = {}
    for item in folder.iterdir():
        suffix = "." + item.name.rsplit(".", 1)[-1]
        if item.is_file() and suffix in STATIC_TYPES:
            files[item.name] = (item.read_bytes(), STATIC_TYPES[suffix])
    return files


def create_app(playground: Playground, token: str, *,
               allowed_hosts: Collection[str] | None = LOOPBACK_NAMES,
               max_body: int = MAX_BODY) -> ASGIApp:
    """The playground's ASGI app; ``allowed_hosts`` None accepts any Host header."""
    static = _static_files()

    def serve(name: str) -> Response:
        body, kind = static[name]
        headers = dict(SECURITY_HEADERS)
        if name.endswith(".html"):
            headers["Content-Security-Policy"] = PAGE_POLICY
        return Response(body, media_type=kind, headers=headers)

    async def page(request: Request) -> Response:
        return serve("index.html")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static or name == "index.html":
            return _answer({"error": f"no static file {name!r}"}, 404)
        return serve(name)

    def get(call: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                return _answer(await run_in_threadpool(call, request))
            except Exception as error:
                return _failure(error)
        return endpoint

    def post(fields: Collection[str], call: Callable[[_Fields], Any],
             writes: bool = False) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            try:
                if writes and not secrets.compare_digest(
                        request.headers.get(TOKEN_HEADER, "").encode(), token.encode()):
                    raise ApiError(403, f"writing needs this session's token in the "
                                        f"{TOKEN_HEADER} header (the URL depesche play printed "
                                        "has it)")
                body = _Fields(await _json_body(request, max_body), fields)
                return _answer(await run_in_threadpool(call, body))
            except Exception as error:
                return _failure(error)
        return endpoint

    def query(request: Request, name: str, required: bool = True) -> str | None:
        value = request.query_params.get(name)
        if value is None and required:
            raise ApiError(400, f"missing query parameter {name!r}")
        return value

    def document(request: Request) -> Any:
        row = query(request, "row", required=False)
        if row is not None and not row.isdigit():
            raise ApiError(400, f"row must be a whole number from 0, not {row!r}")
        return playground.read_document(
            query(request, "path") or "", None if row is None else int(row),
            text_column=query(request, "text_column", False) or "text",
            delimiter=query(request, "delimiter", False) or ",",
            quote=query(request, "quote", False) or '"')

    doc_fields = ("files", "text", "date", "id")
    p = playground
    routes = [
        Route("/", page),
        Route("/static/{name}", asset),
        Route("/api/session", get(lambda request: p.session())),
        Route("/api/file", get(lambda request: p.read_rule_file(query(request, "path") or ""))),
        Route("/api/document", get(document)),
        Route("/api/check", post(("files",), lambda f: p.check(f.files())), methods=["POST"]),
        Route("/api/rules", post(("files",), lambda f: p.rules(f.files())), methods=["POST"]),
        Route("/api/test", post(("files", "rule"), lambda f: p.test(
            f.files(), f.text("rule", False))), methods=["POST"]),
        Route("/api/extract", post(doc_fields, lambda f: p.extract(
            f.files(), f.text("text") or "", f.text("date", False),
            f.text("id", False) or "<text>")), methods=["POST"]),
        Route("/api/explain", post((*doc_fields, "sentence", "rules"), lambda f: p.explain(
            f.files(), f.text("text") or "", f.number("sentence") or 0, f.text("date", False),
            f.texts("rules"), f.text("id", False) or "<text>")), methods=["POST"]),
        Route("/api/annotate", post(doc_fields, lambda f: p.annotate(
            f.files(), f.text("text") or "", f.text("date", False),
            f.text("id", False) or "<text>")), methods=["POST"]),
        Route("/api/add-test", post(
            ("files", "path", "rule", "text", "date", "positive"), lambda f: p.add_test(
                f.files(), f.text("path") or "", f.text("rule") or "", f.text("text") or "",
                f.flag("positive"), f.text("date", False))), methods=["POST"]),
        Route("/api/save", post(
            ("path", "text", "base", "confirm_syntax_error"), lambda f: p.save(
                f.text("path") or "", f.text("text") or "", f.text("base", False),
                f.flag("confirm_syntax_error")), writes=True), methods=["POST"]),
    ]

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return _answer({"error": error.detail}, error.status_code)

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    return _HostGuard(app, allowed_hosts)


def served_app(playground: Playground, token: str, host: str,
               max_body: int = MAX_BODY) -> ASGIApp:
    """The app for ``depesche play --host host``: loopback hosts accept only their names."""
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    allowed = (*LOOPBACK_NAMES, host if ":" not in host else f"[{host}]") if loopback else None
    return create_app(playground, token, allowed_hosts=allowed, max_body=max_body)

