"""Engine registry: names map to engine classes, imported only when an engine is used or its declarations asked.

The rest of the code asks the registry (an engine's options, its flags) and the engines' traits
(`base.traits_of`), never an engine by name: adding an engine touches its module and REGISTRY only."""

from __future__ import annotations

import os
from importlib import import_module
from typing import Any

from translator.engines.base import Engine, EngineTraits, options_of, traits_of
from translator.engines.options import Option
from translator.errors import UnknownEngine

# The order is the default engine order of a job ([engines] order).
REGISTRY = {
    "argos": "translator.engines.argos:ArgosEngine",
    "bergamot": "translator.engines.bergamot:BergamotEngine",
    "apertium": "translator.engines.apertium:ApertiumEngine",
}


def default_order() -> tuple[str, ...]:
    return tuple(REGISTRY)


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


def _names() -> list[str]:
    """The registered names; a malformed TRANSLATOR_ENGINES is refused where an engine is built, with its reason."""
    try:
        return list(registered_engines())
    except UnknownEngine:
        return list(REGISTRY)


def engine_class(name: str) -> type:
    """The class of the engine called `name`, imported now; UnknownEngine if none is registered or it won't load."""
    known = registered_engines()
    try:
        target = known[name]
    except KeyError:
        raise UnknownEngine(f"unknown engine {name!r}; known engines: {', '.join(known)}") from None
    module_name, class_name = target.split(":")
    try:
        return getattr(import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise UnknownEngine(f"engine {name!r}: cannot load {target} ({exc}); check TRANSLATOR_ENGINES and "
                            "PYTHONPATH") from exc


def create_engine(name: str, options: dict[str, Any] | None = None) -> Engine:
    """Build the engine called `name` with its job options, or raise UnknownEngine."""
    return engine_class(name)(**(options or {}))


def engine_options(name: str) -> tuple[Option, ...] | None:
    """The options engine `name` declares; None where it declares none (or is unknown here): it checks its own."""
    try:
        return options_of(engine_class(name))
    except UnknownEngine:
        return None


def job_tables() -> dict[str, str]:
    """Top-level job tables that hold an engine's options (the older [argos]) -> the engine's name."""
    tables = {}
    for name in _names():
        try:
            table = getattr(engine_class(name), "job_table", None)
        except UnknownEngine:
            continue
        if table:
            tables[table] = name
    return tables


def flagged_options() -> list[tuple[str, Option]]:
    """(engine, option) for every option offered on the command line, in registry order; a flag two engines
    declare is the first one's (an engine added through TRANSLATOR_ENGINES cannot take a shipped engine's flag).
    An engine that cannot load offers none: using it says why."""
    found: dict[str, tuple[str, Option]] = {}
    for name in _names():
        for option in engine_options(name) or ():
            if option.flag and option.flag not in found:
                found[option.flag] = (name, option)
    return list(found.values())


__all__ = ["REGISTRY", "Engine", "EngineTraits", "create_engine", "default_order", "engine_class", "engine_options",
           "flagged_options", "job_tables", "registered_engines", "traits_of"]
