"""The Engine protocol every translation engine implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """A translation engine. Engines translate whole batches: one call per language pair per run."""

    name: str

    def unavailable_reason(self) -> str | None:
        """None when the engine can run here; else why not (package missing, no pairs installed...)."""

    def pairs(self) -> set[tuple[str, str]]:
        """The (source, target) language pairs this engine translates directly."""

    def model_name(self, source: str, target: str) -> str:
        """What produced the translation of this pair (model, version), for provenance."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        """Translate every sentence; the result is aligned with the input, one string each."""
