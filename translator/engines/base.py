"""The Engine protocol every translation engine implements, and the base class that gives its defaults."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol, runtime_checkable

from translator.engines.options import Option
from translator.errors import EngineError


@dataclass(frozen=True)
class EngineTraits:
    """What the rest of the run needs to know about an engine's output; other modules ask these, never its name.

    post_edit_repairs: the post-edit repairs (casing, number and date forms) were measured on its output and
        help it (README, Quality); others get only the headline capitals back.
    glossary_strategy: how its glossary misses are repaired (glossary/enforce.py): "placeholder" (the terms
        protected by placeholders in a second pass) or "replace" (its own rendering of the term replaced), the
        one measured best on benchmarks/reference (README, Glossaries).
    scripts: the script it writes a plain code in, where that is not CLDR's likely script for the code
        (Apertium's sr is Latin: it serves sr-Latn, not sr-Cyrl).
    """

    post_edit_repairs: bool = False
    glossary_strategy: Literal["placeholder", "replace"] = "placeholder"
    scripts: Mapping[str, str] = field(default_factory=dict)


@runtime_checkable
class Engine(Protocol):
    """A translation engine. Engines translate whole batches: one call per chunk of a pair's articles. In a small
    job two pairs' batches may be in flight at once, from two threads (run/pipeline.py): an engine that loads
    models lazily guards the loading with a module lock (engine objects travel to Dask workers by pickle)."""

    name: str
    max_hypotheses: int  # how many alternatives translate_n can give per sentence; 1 = only the best

    def unavailable_reason(self) -> str | None:
        """None when the engine can run here; else why not (package missing, no pairs installed...)."""

    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) language pairs this engine translates directly."""

    def model_name(self, source: str, target: str) -> str:
        """What produced the translation of this pair (model, version), for provenance."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate every sentence; the result is aligned with the input, one string each."""

    def translate_n(self, sentences: Sequence[str], source: str, target: str, *, num_hypotheses: int
                    ) -> list[list[str]]:
        """Up to `num_hypotheses` translations of every sentence, best first (at most max_hypotheses)."""


class ScoredText(str):
    """A translation that carries the engine's confidence in it, in [0, 1] (Argos: the mean token probability;
    Apertium: the share of words it knew). It is a str everywhere else; text made from it (a glossary restore, a
    post-edit) is a plain str again, and has no score."""

    confidence: float

    def __new__(cls, text: str, confidence: float) -> ScoredText:
        scored = super().__new__(cls, text)
        scored.confidence = min(1.0, max(0.0, float(confidence)))
        return scored

    def __reduce__(self):  # crosses process boundaries (Dask workers) with its score
        return (ScoredText, (str(self), self.confidence))


def confidence_of(text: str) -> float | None:
    return text.confidence if isinstance(text, ScoredText) else None


def traits_of(engine: object) -> EngineTraits:
    """The engine's declared traits; an engine that declares none (the Engine protocol only) has the defaults."""
    traits = getattr(engine, "traits", None)
    return traits if isinstance(traits, EngineTraits) else EngineTraits()


def options_of(engine_class: type) -> tuple[Option, ...] | None:
    """The options the engine class declares; None where it declares none and checks its own keyword arguments."""
    options = getattr(engine_class, "options", None)
    return tuple(options) if options is not None else None


class EngineBase:
    """Defaults for engines with one translation per sentence (no n-best list), and the engine's declarations.

    An engine declares on its class its `traits`, its `options` (the job's [engines.<name>] table, the command
    line's flags and its constructor's settings all come from them) and, for an engine whose options a job may
    also give in a top-level table (Argos: the older [argos]), that table's name as `job_table`."""

    name: ClassVar[str]
    max_hypotheses = 1
    traits: ClassVar[EngineTraits] = EngineTraits()
    options: ClassVar[tuple[Option, ...] | None] = None
    job_table: ClassVar[str | None] = None

    @classmethod
    def settings(cls, given: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared option's value: the one given, else its default; an undeclared one is refused."""
        declared = {option.name: option.default for option in cls.options or ()}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise EngineError(f"unknown {cls.name} option {unknown[0]!r}; known: {', '.join(declared)}")
        return {**declared, **given}

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def translate_n(self, sentences: Sequence[str], source: str, target: str, *, num_hypotheses: int
                    ) -> list[list[str]]:
        return [[text] for text in self.translate(sentences, source, target)]
