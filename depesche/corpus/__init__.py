"""Corpus runs: many documents from files or corpora, extracted in parallel, stored safely."""

from depesche.errors import DepescheError


class RunOptionError(DepescheError):
    """A corpus run was asked for what it cannot do (``--resume`` without SQLite, ``--jobs 0``)."""
