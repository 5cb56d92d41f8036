"""Engine registry: names map to modules, imported only when an engine is used."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from translator.engines.base import Engine
from translator.errors import UnknownEngine

REGISTRY = {
    "argos": "translator.engines.argos:ArgosEngine",
    "bergamot": "translator.engines.bergamot:BergamotEngine",
    "apertium": "translator.engines.apertium:ApertiumEngine",
}


def create_engine(name: str, options: dict[str, Any] | None = None) -> Engine:
    """Build the engine called `name` with its job options, or raise UnknownEngine."""
    try:
        target = REGISTRY[name]
    except KeyError:
        raise UnknownEngine(f"unknown engine {name!r}; known engines: {', '.join(REGISTRY)}") from None
    module_name, class_name = target.split(":")
    return getattr(import_module(module_name), class_name)(**(options or {}))


__all__ = ["Engine", "REGISTRY", "create_engine"]
