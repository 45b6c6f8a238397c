"""``depesche play``: the rule playground, a local web page over the authoring tools."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from pathlib import Path
from typing import Annotated, Any

import typer

from depesche.cli.app import ALLOW_INCLUDE_OUTSIDE_HELP, allow_include_outside, app, fail
from depesche.errors import DepescheError, InputError

INSTALL_HINT = "pip install 'depesche[play]'"


def _split_arguments(items: list[str]) -> tuple[str | None, list[str]]:
    """PACK is the first argument when it is a folder or a rule file; the rest are texts."""
    from depesche.rules.loader import YAML_SUFFIXES

    if items and (Path(items[0]).is_dir() or Path(items[0]).suffix in YAML_SUFFIXES):
        return items[0], items[1:]
    return None, items


def _read_texts(paths: list[str]) -> list[dict[str, Any]]:
    from depesche.corpus.sources import TABLE_SUFFIXES, read_file

    texts = []
    for path in paths:
        if Path(path).suffix.lower() in TABLE_SUFFIXES:
            raise InputError(f"{path}: a corpus; put it in the pack's folder and pick a row "
                             "on the page")
        source = read_file(path)
        if source.text is None:
            raise InputError(source.error or f"{path}: cannot read")
        texts.append({"name": source.id, "text": source.text, "date": source.date})
    return texts


def _open_when_started(server: Any, url: str) -> None:
    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)


@app.command()
def play(
    pack: Annotated[str | None, typer.Argument(
        help="A rule pack: a folder or a .yaml file (default: the shipped pack; any other "
             "file is the first TEXT).")] = None,
    texts: Annotated[list[str] | None, typer.Argument(
        metavar="TEXT", help="Articles to open.")] = None,
    host: Annotated[str, typer.Option(
        "--host", help="Address to listen on (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (default 0: a free one).")] = 0,
    no_open: Annotated[bool, typer.Option(
        "--no-open", help="Print the address; do not open a browser.")] = False,
    outside: Annotated[bool, typer.Option(
        "--allow-include-outside", help=ALLOW_INCLUDE_OUTSIDE_HELP)] = False,
) -> None:
    """Edit a pack's rules in the browser: see matches, errors, explanations and tests live."""
    allow_include_outside(outside)
    try:
        import uvicorn

        from depesche.playground.server import new_token, served_app
        from depesche.playground.session import Playground
    except ImportError as error:
        raise fail(InputError(f"depesche play needs {error.name}: {INSTALL_HINT}")) from None
    try:
        pack, text_paths = _split_arguments([pack, *(texts or [])] if pack else [])
        playground = Playground(pack, _read_texts(text_paths))
    except DepescheError as error:
        raise fail(error) from None
    token = new_token()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(64)  # connections wait in the queue from the moment the URL is printed
    except (OSError, OverflowError) as error:  # OverflowError: a port past 65535
        listener.close()
        reason = getattr(error, "strerror", None) or error
        raise fail(InputError(f"cannot listen on {host}:{port}: {reason}")) from None
    bound = listener.getsockname()[1]
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    url = f"http://{f'[{shown}]' if ':' in shown else shown}:{bound}/?token={token}"
    server = uvicorn.Server(uvicorn.Config(served_app(playground, token, host),
                                           log_level="warning", access_log=False,
                                           lifespan="off"))
    typer.echo(f"depesche play: {playground.root}")
    typer.echo(f"open {url}")
    if host in ("0.0.0.0", "::") or not (host.startswith("127.") or host in ("localhost", "::1")):
        typer.echo(f"warning: listening on {host}: anyone who reaches this machine can read "
                   "the pack's folder; saving needs the token in the address above", err=True)
    if not no_open:
        threading.Thread(target=_open_when_started, args=(server, url), daemon=True).start()
    server.run(sockets=[listener])
