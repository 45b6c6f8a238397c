"""Compiled packs kept between runs, so that a command does not compile its pack each time.

Compiling the shipped pack (reading the YAML, parsing and checking every pattern, lowering
it to matchers, indexing the rules) took most of a short command's start-up. The pack and
its :class:`~depesche.engine.pipeline.Extractor` are stored in the
cache folder (``DEPESCHE_CACHE``, default ``$XDG_CACHE_HOME/depesche`` or
``~/.cache/depesche``; ``DEPESCHE_CACHE=off`` turns the cache off) and used again only if
everything it was compiled from is unchanged:

- the entry's name is a hash of depesche's own code (the text of every module, so an
  edited checkout counts as a new version), the Python version, the working folder (messages
  name files relative to it), the pack paths as given and the annotators registered;
- the entry lists the SHA-256 of every file the loader read (rule files, lexicons, files
  they include) and the rule files found in every folder it searched; before the entry is
  used each file is hashed again and each folder listed again, so a changed, added or
  removed file is never served stale.

A pack that names grammar extensions (``extensions:``) is compiled every time: its
matchers hold the extensions' own code, whose changes no hash of the pack would see. A
cache that cannot be read or written is passed by silently (the pack is compiled as
without one); entries are written atomically, so concurrent workers never read half a
file. Entries are pickles, read only from the user's own cache folder, as Python's own
``__pycache__`` is.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import json
import os
import pickle
import sys
import tempfile
from pathlib import Path
from types import FunctionType
from typing import Any

from depesche.engine.matcher import compile_test, token_test_of
from depesche.engine.pipeline import Extractor
from depesche.rules.model import RulePack

YAML_SUFFIXES = (".yaml", ".yml")
CACHE_ENV = "DEPESCHE_CACHE"
OFF = ("", "0", "off", "no", "false")
FORMAT = 1
# Entries beyond this many (each pack path, working folder and code version makes one)
# are removed, oldest first.
MAX_ENTRIES = 64


def rule_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder``, at any depth, in sorted order: what a folder pack holds."""
    return sorted(p for p in folder.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


def text_digest(text: str) -> str:
    """The SHA-256 of a file's text as the loader read it (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def cache_folder() -> Path | None:
    """Where compiled packs are kept, or None when the cache is turned off."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in OFF else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "depesche"


def package_root() -> Path:
    """The folder of the depesche package this process runs (one per installation)."""
    return Path(__file__).resolve().parent.parent


@functools.cache
def code_fingerprint() -> str:
    """A hash of depesche's own code: every module, grammar and schema file of the package."""
    root = package_root()
    digest = hashlib.sha256()
    for folder, folders, files in os.walk(root):  # does not enter the pack (a link)
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".pyx", ".lark", ".json")):
                path = Path(folder, name)
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def entry_path(folder: Path, paths: list[str], allow_outside: bool = False) -> Path:
    """The cache file for the packs at ``paths`` as named from the working folder.

    The annotators registered in this process are part of the name too (the labels they
    provide are the labels a pattern may use), whether the packs may read files outside
    their folders (a pack that may not fails to load instead), and the installation: two
    copies of the same code ship their own packs, and the shipped pack is named by no path.
    """
    from depesche.engine.annotators import ANNOTATORS

    annotators = sorted((name, sorted(a.provides)) for name, a in ANNOTATORS.items())
    key = json.dumps([FORMAT, code_fingerprint(), str(package_root()), sys.version,
                      os.getcwd(), paths, annotators, allow_outside])
    return folder / f"pack-{hashlib.sha256(key.encode()).hexdigest()[:40]}.pickle"


def compiled_pack(paths: list[str] | None = None, *, allow_outside: bool | None = None
                  ) -> tuple[RulePack, Extractor]:
    """The packs at ``paths`` (default: the shipped pack), loaded, compiled and indexed.

    From the cache when nothing they were compiled from changed; otherwise compiled, and
    stored for the next run. Raises the first error of the pack, as compiling does.
    ``allow_outside`` is the loader's (default: from the environment).
    """
    from depesche.rules.loader import outside_allowed

    if allow_outside is None:
        allow_outside = outside_allowed()
    folder = cache_folder()
    entry = (entry_path(folder, list(paths or []), allow_outside) if folder is not None
             else None)
    if entry is not None:
        cached = _read(entry)
        if cached is not None:
            return cached
    from depesche.rules.compiler import compile_pack
    from depesche.rules.loader import load_pack

    # Compiling makes some 10^5 objects that live as long as the pack and little garbage
    # (parse trees, which reference counting frees); the cyclic collector walked them again
    # and again meanwhile: 0.13 s of 0.97 s.
    enabled = gc.isenabled()
    gc.disable()
    try:
        pack, _ = load_pack(paths or None, allow_outside=allow_outside)
        ruleset, _ = compile_pack(pack)
        extractor = Extractor(ruleset)
    finally:
        if enabled:
            gc.enable()
    if entry is not None and not pack.extensions:
        _write(entry, pack, extractor)
    return pack, extractor


def is_fresh(pack: RulePack) -> bool:
    """Whether every file ``pack`` was read from and every folder it searched are unchanged."""
    for folder, names in pack.listed.items():
        path = Path(folder)
        try:
            found = tuple(str(f.relative_to(path)) for f in rule_files(path))
        except OSError:
            return False
        if found != names:
            return False
    for file, digest in pack.read.items():
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        if text_digest(text) != digest:
            return False
    return True


class _Pickler(pickle.Pickler):
    """Pickles compiled token tests as the tests they were compiled from."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, FunctionType):
            test = token_test_of(obj)
            if test is not None:
                return compile_test, (test,)
        return NotImplemented


def _read(entry: Path) -> tuple[RulePack, Extractor] | None:
    # Unpickling makes some 10^5 objects; the cyclic collector would walk them again and
    # again on the way (a third of the time), and there is no garbage to find meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with entry.open("rb") as stream:
            stored = pickle.load(stream)
        pack, extractor = stored["pack"], stored["extractor"]
    except Exception:  # missing, truncated, or written by other code: compile instead
        return None
    finally:
        if enabled:
            gc.enable()
    if not (isinstance(pack, RulePack) and isinstance(extractor, Extractor)
            and is_fresh(pack)):
        return None
    return pack, extractor


def _write(entry: Path, pack: RulePack, extractor: Extractor) -> None:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(
            {"pack": pack, "extractor": extractor})
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a part that does not pickle (code of an extension): compile every time
    try:
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".pack-",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(buffer.getvalue())
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        _prune(entry.parent)
    except OSError:
        return  # a cache folder that cannot be written: the next run compiles again


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-MAX_ENTRIES]:
        old.unlink(missing_ok=True)
