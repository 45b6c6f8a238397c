"""Finding grammar extensions: by entry point (``depesche.extensions``) or by file.

Only extensions that a pack names (``extensions:``) or a caller asks for are loaded: loading
a rule pack never runs code the pack did not declare — listing the entry point group reads
package metadata only, and just the named entry point is imported. A name is an entry point
of an installed package, never any importable module (``extensions: [this]`` must not run
``import this``); a ``.py`` file or package folder is loaded by path, and the rule loader
allows a pack only files inside its own folder. An extension module exposes ``EXTENSION``,
a :class:`~depesche.grammar.extensions.GrammarExtension` (or a function that returns one);
an entry point names that object (``pkg.module:EXTENSION``).

Whatever an extension's code does while it is loaded, an exception or a ``sys.exit``, is
reported as an :class:`ExtensionError` at the place that named it, never as the exit of
the command that loaded the pack.

``load_extensions`` also composes the grammar at once, so a fragment that does not compile
or two extensions that collide are reported when the pack is loaded, located in the
fragment, and not as a wrong parse later.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import sys
from collections.abc import Sequence
from dataclasses import replace
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

from depesche.engine import annotators
from depesche.errors import DepescheError, ExtensionError, SourceLocation
from depesche.grammar.extensions import GrammarExtension, compose

ENTRY_POINT_GROUP = "depesche.extensions"


def installed_extensions() -> dict[str, str]:
    """Names of extensions installed through entry points, with their targets (not loaded)."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def is_extension_path(spec: str) -> bool:
    """Whether ``spec`` names an extension by path (a ``.py`` file or a package folder)."""
    return spec.endswith(".py") or "/" in spec


def load_extension(spec: str, where: SourceLocation | None = None) -> GrammarExtension:
    """Load one extension named by entry point name, ``.py`` file or package folder.

    A name is an entry point of the group ``depesche.extensions``; a value ending in
    ``.py`` or holding a ``/`` is a file or package folder (the loader resolves it
    relative to the rule file that names it, and keeps a pack to its own folder).
    """
    try:
        if is_extension_path(spec):
            module = _import_path(Path(spec), spec, where)
            target, origin = getattr(module, "EXTENSION", None), module
        else:
            found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == spec]
            if not found:
                raise _not_installed(spec, where)
            target = found[0].load()
            origin = sys.modules.get(found[0].module)
        if callable(target) and not isinstance(target, GrammarExtension):
            target = target()
    except DepescheError:
        raise
    except SystemExit as exit:  # sys.exit() in an extension must not end the command
        raise ExtensionError(f"extension {spec!r} called sys.exit({exit.code!r}) while it "
                             "was loaded", where) from None
    except Exception as error:  # an extension's own failure, reported where it was named
        raise ExtensionError(f"extension {spec!r} failed to load: {type(error).__name__}: "
                             f"{error}", where) from None
    if not isinstance(target, GrammarExtension):
        raise ExtensionError(f"extension {spec!r} has no EXTENSION (a GrammarExtension)", where)
    return _with_source(target, origin)


def _not_installed(spec: str, where: SourceLocation | None) -> ExtensionError:
    close = difflib.get_close_matches(spec, list(installed_extensions()), n=1)
    return ExtensionError(
        f"extension {spec!r} is not installed (no entry point {ENTRY_POINT_GROUP}:{spec}); "
        "an extension is named by its entry point, or by a .py file or package folder "
        "inside the pack", where, hint=f"did you mean {close[0]!r}?" if close else None)


def _import_path(path: Path, spec: str, where: SourceLocation | None) -> ModuleType:
    """Import a ``.py`` file or a package folder once per resolved path."""
    path = path.resolve()
    init = path / "__init__.py" if path.is_dir() else path
    if not init.is_file():
        raise ExtensionError(f"extension file not found: {spec}", where)
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:10]
    name = f"_depesche_extension_{path.stem}_{digest}"
    if name in sys.modules:
        return sys.modules[name]
    module_spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(path)] if path.is_dir() else None)
    if module_spec is None or module_spec.loader is None:
        raise ExtensionError(f"cannot import extension file {spec}", where)
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _with_source(extension: GrammarExtension, module: Any) -> GrammarExtension:
    """Say where the fragment stands when the extension does not: its module's file.

    The fragment is found in the file's text (a raw string literal), so errors in it point
    at real lines; a fragment not found verbatim keeps lines relative to the fragment.
    """
    if extension.source is not None:
        return extension
    file = getattr(module, "__file__", None)
    if not file:
        return extension
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return extension
    offset = text.find(extension.grammar)
    if offset < 0 or not extension.grammar.strip():
        return extension
    return replace(extension, source=file, source_line=text.count("\n", 0, offset) + 1)


def load_extensions(specs: Sequence[tuple[str, SourceLocation | None]]
                    ) -> list[GrammarExtension]:
    """Load each named extension once, in the order named, and check their grammar now.

    The same extension named by several rule files loads once; two different extensions of
    one name conflict.
    """
    loaded: dict[str, tuple[GrammarExtension, SourceLocation | None]] = {}
    for spec, where in specs:
        extension = load_extension(spec, where)
        earlier = loaded.get(extension.name)
        if earlier is not None:
            other, other_where = earlier
            if (other.grammar, other.source) != (extension.grammar, extension.source):
                raise ExtensionError(
                    f"two extensions are named {extension.name!r}: {spec!r} and the one named "
                    f"at {other_where or 'the command line'}", where)
            continue
        loaded[extension.name] = (extension, where)
    extensions = [extension for extension, _ in loaded.values()]
    for extension, where in loaded.values():
        _check_features(extension, where)
    try:
        compose(extensions)
    except ExtensionError as error:
        named = [str(w) for e, w in loaded.values() if w and repr(e.name) in error.message]
        if named and error.hint is None:
            error.hint = f"named at {', '.join(named)}"
        raise
    return extensions


def _check_features(extension: GrammarExtension, where: SourceLocation | None) -> None:
    """A declared token feature must have an annotator, or the engine would never compute it.

    Upper-case features are class labels, which lexicons and tagging rules of a pack also
    provide, so only lower-case ones (token attributes) are checked.
    """
    provided = {f for a in annotators.ANNOTATORS.values() for f in a.provides}
    for feature in sorted(extension.features):
        if feature.islower() and feature not in provided:
            known = ", ".join(sorted(f for f in provided if f.islower()))
            raise ExtensionError(
                f"extension {extension.name!r} reads the feature {feature!r}, which no "
                f"annotator provides (provided: {known}); register an annotator for it when "
                "the extension is imported", where)
