"""Progress bars for long runs, on stderr and only when stderr is a terminal.

``extract`` and ``eval`` wrap their loop over documents in :func:`progress`; when output
goes to a file or a pipe (CI, tests, ``2> log``) nothing is drawn, so logs stay clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def progress(items: Iterable[Item], description: str, total: int | None = None
             ) -> Iterator[Item]:
    """Yield ``items``, drawing a bar on stderr when it is a terminal (rich.progress)."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=description, total=total,
                     console=Console(stderr=True), transient=True)
