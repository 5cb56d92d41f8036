"""Engine registry: names map to modules, imported only when an engine is used."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

from translator.engines.base import Engine
from translator.errors import UnknownEngine

REGISTRY = {
    "argos": "translator.engines.argos:ArgosEngine",
    "bergamot": "translator.engines.bergamot:BergamotEngine",
    "apertium": "translator.engines.apertium:ApertiumEngine",
}


def registered_engines() -> dict[str, str]:
    """The registry plus engines named in TRANSLATOR_ENGINES ("name=module:Class,..."), read at each call so a
    child process (a test's `translator run`, a site's own engine) can add one without code changes."""
    found = dict(REGISTRY)
    for item in os.environ.get("TRANSLATOR_ENGINES", "").split(","):
        name, _, target = (part.strip() for part in item.partition("="))
        if not item.strip():
            continue
        if not name or target.count(":") != 1:
            raise UnknownEngine(f"TRANSLATOR_ENGINES: {item.strip()!r} is not name=module:Class; "
                                "write e.g. TRANSLATOR_ENGINES=echo=echo_engine:EchoEngine")
        found[name] = target
    return found


def create_engine(name: str, options: dict[str, Any] | None = None) -> Engine:
    """Build the engine called `name` with its job options, or raise UnknownEngine."""
    known = registered_engines()
    try:
        target = known[name]
    except KeyError:
        raise UnknownEngine(f"unknown engine {name!r}; known engines: {', '.join(known)}") from None
    module_name, class_name = target.split(":")
    try:
        factory = getattr(import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise UnknownEngine(f"engine {name!r}: cannot load {target} ({exc}); check TRANSLATOR_ENGINES and "
                            "PYTHONPATH") from exc
    return factory(**(options or {}))


__all__ = ["Engine", "REGISTRY", "create_engine", "registered_engines"]
