"""Finding grammar extensions: by entry point (``depesche.extensions``), module or file.

Only extensions that a pack names (``extensions:``) or a caller asks for are loaded: loading
a rule pack never runs code the pack did not declare. An extension module exposes
``EXTENSION``, a :class:`~depesche.grammar.extensions.GrammarExtension`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.metadata import entry_points
from pathlib import Path

from depesche.errors import ExtensionError, SourceLocation
from depesche.grammar.extensions import GrammarExtension

ENTRY_POINT_GROUP = "depesche.extensions"


def installed_extensions() -> dict[str, str]:
    """Names of extensions installed through entry points, with their targets."""
    return {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}


def load_extension(spec: str, where: SourceLocation | None = None) -> GrammarExtension:
    """Load one extension named by entry point name, module name or ``.py`` path."""
    try:
        if spec.endswith(".py"):
            path = Path(spec)
            if not path.is_file():
                raise ExtensionError(f"extension file not found: {spec}", where)
            name = f"depesche_ext_{path.stem}"
            module_spec = importlib.util.spec_from_file_location(name, path)
            if module_spec is None or module_spec.loader is None:
                raise ExtensionError(f"cannot import extension file {spec}", where)
            module = importlib.util.module_from_spec(module_spec)
            sys.modules[name] = module
            module_spec.loader.exec_module(module)
            target = getattr(module, "EXTENSION", None)
        else:
            found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == spec]
            if found:
                target = found[0].load()
            else:
                try:
                    module = importlib.import_module(spec)
                except ModuleNotFoundError:
                    known = ", ".join(sorted(installed_extensions())) or "none"
                    raise ExtensionError(
                        f"extension {spec!r} is not installed (installed: {known})",
                        where) from None
                target = getattr(module, "EXTENSION", None)
    except ExtensionError:
        raise
    except Exception as error:  # an extension's own import failure, reported where it was named
        raise ExtensionError(f"extension {spec!r} failed to load: {error}", where) from None
    if callable(target) and not isinstance(target, GrammarExtension):
        target = target()
    if not isinstance(target, GrammarExtension):
        raise ExtensionError(f"extension {spec!r} has no EXTENSION (a GrammarExtension)", where)
    return target


def load_extensions(specs: list[tuple[str, SourceLocation]]) -> list[GrammarExtension]:
    """Load each named extension once, in the order named; two of one name conflict."""
    loaded: dict[str, GrammarExtension] = {}
    for spec, where in specs:
        extension = load_extension(spec, where)
        other = loaded.get(extension.name)
        if other is not None and other is not extension:
            raise ExtensionError(f"two extensions are named {extension.name!r}", where)
        loaded[extension.name] = extension
    return list(loaded.values())
