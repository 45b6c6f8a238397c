"""The ``depesche`` command: one typer app; each command lives in a module of its own.

Exit status everywhere (the README's table): 0 success, 1 the command ran and found
failures (failing tests, pack errors for ``check``, failed documents for ``extract``), 2
bad usage or bad input (with a located message on stderr and no traceback).

Command modules import the library inside their commands, not at their top: ``depesche
--help`` (and the start of every command) then imports typer and no engine, grammar or
tagger (``tests/test_startup.py``).
"""

from __future__ import annotations

import gc
import os
import re
import sys
from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from depesche.errors import DepescheError


class _Argument(TyperArgument):
    """An argument as click has always shown it: ``PATHS...``, optional ones in brackets."""

    @property
    def display_name_raw(self) -> str:
        return (self.metavar or self.name or "").upper()

    def _label(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        return self._label() if self.required else f"[{self._label()}]"

    def _rich_display_name(self) -> str:
        return self._label()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name says it; "<list[str]>" says nothing more


TYPE_WORDS = {"int": "INTEGER", "str": "TEXT", "float": "FLOAT", "path": "PATH"}


class _Option(TyperOption):
    """An option whose value is shown as a word (``--jobs INTEGER``), a flag as nothing."""

    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        if self.metavar:
            return self.metavar
        shown = super().display_type_rich(ctx) or ""  # "<int>", "<list[str]>", "<float range>"
        label = re.sub(r"^list\[(.*)\]$", r"\1", shown.strip("<>")).removesuffix(" range")
        return TYPE_WORDS.get(label, label.upper())


def _plain(param: Any) -> Any:
    if type(param) is TyperArgument:
        param.__class__ = _Argument
    elif type(param) is TyperOption:
        param.__class__ = _Option
    return param


class _Commands(TyperGroup):
    """The command group; its commands show parameters as click does in ``--help``.

    Typer's own display (since 0.20) shows a flag as ``--resume <bool>`` and an argument as
    ``{paths}...`` with ``<list[str]>``; the classes above keep what users know from other
    tools. Older typer versions never call these methods, and show the same anyway.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for command in (self, *self.commands.values()):
            for param in command.params:
                _plain(param)
            get_help_option = command.get_help_option
            command.get_help_option = (  # type: ignore[method-assign]
                lambda ctx, get=get_help_option: _plain(get(ctx)))


app = typer.Typer(
    cls=_Commands,
    name="depesche",
    help="Extract diplomatic event facts from German news with hand-written rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


ALLOW_INCLUDE_OUTSIDE_HELP = (
    "Let rule packs include files and lexicons outside their folder (also "
    "DEPESCHE_ALLOW_INCLUDE_OUTSIDE=1).")


def allow_include_outside(allowed: bool) -> None:
    """``--allow-include-outside``: packs loaded by this process and its workers may read
    files outside their folder (the loader reads the environment)."""
    if allowed:
        from depesche.rules.loader import ALLOW_OUTSIDE_VARIABLE

        os.environ[ALLOW_OUTSIDE_VARIABLE] = "1"


def fail(error: DepescheError) -> typer.Exit:
    """Print a located error on stderr; the caller raises the returned exit (status 2)."""
    typer.echo(error.render(), err=True)
    return typer.Exit(2)


def _register() -> None:
    # Each module adds its commands to ``app``; importing them here keeps app.py small.
    from depesche.cli import (  # noqa: F401
        annotate,
        check,
        eval,
        explain,
        extract,
        grammar,
        init,
        play,
        render,
        schema,
        test,
    )


def main() -> None:
    """Entry point of the console script: run the app, turn depesche errors into status 2."""
    _register()
    try:
        app()
    except DepescheError as error:
        typer.echo(error.render(), err=True)
        sys.exit(2)
    finally:
        # The process ends with the command. The interpreter collects once more as it
        # exits, and over what a corpus run leaves alive (HanTa's model, the word caches,
        # the pack: some 10^6 objects) that took 0.5 s, to free memory the operating
        # system takes back anyway: it is kept out of that collection.
        gc.freeze()
