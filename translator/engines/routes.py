"""Routes: which engine (or chain of engines, or pivot) translates a source language into a target.

A route is a list of steps; each step's output feeds the next. Explicit job routes win over the engine order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from translator.engines.base import Engine, EngineTraits, traits_of
from translator.errors import EngineError, JobError, UnknownEngine
from translator.languages import fallback_tags


@dataclass(frozen=True)
class Step:
    engine: str
    source: str
    target: str

    def __str__(self) -> str:
        return f"{self.engine}:{self.source}-{self.target}"


@dataclass(frozen=True)
class Route:
    steps: tuple[Step, ...]

    def __str__(self) -> str:
        return " > ".join(str(step) for step in self.steps)


@dataclass(frozen=True)
class NoRoute:
    """No engine serves this language: the reasons, one per engine tried."""

    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return "; ".join(self.reasons) or "no engine configured"


class EngineSet:
    """The engines of one run, built on first use and asked once for their pairs."""

    def __init__(self, factory: Callable[[str], Engine], given: Mapping[str, Engine] | None = None) -> None:
        self._factory = factory
        self._engines: dict[str, Engine] = dict(given or {})
        self._given = set(self._engines)
        self._pairs: dict[str, set[tuple[str, str]]] = {}
        self._reasons: dict[str, str | None] = {}
        self._building = threading.Lock()  # two pairs' engine work may run at once (run/pipeline.py)

    def get(self, name: str) -> Engine:
        if name not in self._engines:
            with self._building:
                if name not in self._engines:
                    self._engines[name] = self._factory(name)
        return self._engines[name]

    def reason(self, name: str) -> str | None:
        """Why `name` cannot run here, or None."""
        if name not in self._reasons:
            try:
                self._reasons[name] = self.get(name).unavailable_reason()
            except UnknownEngine:
                raise
            except EngineError as exc:
                self._reasons[name] = str(exc)
        return self._reasons[name]

    def traits(self, name: str) -> EngineTraits:
        """What engine `name` declares about its output; the defaults for one that cannot be built (using it says
        why)."""
        try:
            return traits_of(self.get(name))
        except EngineError:
            return EngineTraits()

    def pairs(self, name: str) -> set[tuple[str, str]]:
        if name not in self._pairs:
            self._pairs[name] = set() if self.reason(name) else set(self.get(name).pairs())
        return self._pairs[name]

    def close(self) -> None:
        """Stop what the engines this set built keep running (Apertium's processes); given ones are the caller's."""
        for name, engine in self._engines.items():
            close = getattr(engine, "close", None)
            if name not in self._given and callable(close):
                close()


def _parse_step(entry: str, where: str) -> Step:
    engine, _, pair = entry.partition(":")
    source, dash, target = pair.partition("-")
    if not (engine and source and dash and target):
        raise JobError(f"{where}: route step {entry!r} must look like 'engine:from-to', e.g. 'argos:en-ru'")
    return Step(engine.strip(), source.strip(), target.strip())


def engine_names(order: Sequence[str], routes: Mapping[str, Sequence[str]]) -> list[str]:
    """Every engine a job names, in its engine order and in its routes ("argos" or "argos:en-ru")."""
    names = list(order)
    for entries in routes.values():
        names += [entry.partition(":")[0].strip() for entry in entries]
    return list(dict.fromkeys(names))


def serves(name: str, tag: str, engines: EngineSet) -> list[str]:
    """The codes engine `name` may report for language `tag`, best first: pt-BR -> pt; sr-Latn -> sr where the
    engine declares it writes sr in Latin letters (traits.scripts: Apertium)."""
    return fallback_tags(tag, engines.traits(name).scripts)


def _step(name: str, source: str, target: str, engines: EngineSet) -> Step | None:
    """The step of engine `name` from source to target, through the codes it reports for them, or None."""
    pairs = engines.pairs(name)
    for target_code in serves(name, target, engines):
        for source_code in serves(name, source, engines):
            if (source_code, target_code) in pairs:
                return Step(name, source_code, target_code)
    return None


def _via_engines(source: str, target: str, names: Sequence[str], engines: EngineSet, pivot: str) -> Route | NoRoute:
    reasons = []
    for name in names:
        if (reason := engines.reason(name)) is not None:
            reasons.append(f"{name}: {reason}")
        elif step := _step(name, source, target, engines):
            return Route((step,))
        else:
            reasons.append(f"{name}: no {source}-{target} pair")
    if pivot not in (source, target):
        for first in names:
            if not (into := _step(first, source, pivot, engines)):
                continue
            for second in names:
                if out := _step(second, pivot, target, engines):
                    return Route((into, out))
        reasons.append(f"no pivot through {pivot!r}")
    return NoRoute(tuple(reasons))


def resolve_route(
    source: str,
    target: str,
    *,
    order: Sequence[str],
    routes: Mapping[str, Sequence[str]],
    engines: EngineSet,
    pivot: str = "en",
    where: str = "job",
) -> Route | NoRoute:
    """The route for source->target: an explicit [routes] entry (for the tag, or the plain language it falls back
    to: pt-BR takes a `pt` route), else the first engine in order (or a pivot)."""
    if source != target and source in fallback_tags(target):
        # a pt article for a pt-BR target: no engine converts between them, and a round trip through the pivot
        # would only lose text
        return NoRoute((f"the source {source} already serves {target}: no engine route between them",))
    entries = next((routes[tag] for tag in fallback_tags(target) if routes.get(tag)), None)
    if not entries:
        return _via_engines(source, target, order, engines, pivot)
    if len(entries) == 1 and ":" not in entries[0]:
        engines.get(entries[0])  # unknown engine names fail here, loudly
        return _via_engines(source, target, [entries[0]], engines, pivot)
    steps = tuple(_parse_step(entry, f"{where}: routes.{target}") for entry in entries)
    if steps[0].source not in serves(steps[0].engine, source, engines) or \
            steps[-1].target not in serves(steps[-1].engine, target, engines):
        raise JobError(f"{where}: routes.{target} must go from {source} to {target}, not "
                       f"{steps[0].source} to {steps[-1].target}")
    for before, after in zip(steps, steps[1:]):
        if before.target != after.source:
            raise JobError(f"{where}: routes.{target}: step {after} does not start where {before} ends")
    reasons = []
    for step in steps:
        engines.get(step.engine)
        if (reason := engines.reason(step.engine)) is not None:
            reasons.append(f"{step.engine}: {reason}")
        elif (step.source, step.target) not in engines.pairs(step.engine):
            reasons.append(f"{step.engine}: no {step.source}-{step.target} pair")
    return NoRoute(tuple(reasons)) if reasons else Route(steps)
