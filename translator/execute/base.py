"""The executor protocol: how the sentences of one route step reach an engine and come back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from translator.engines.routes import Step

ChunkProgress = Callable[[int, int], None]  # (chunks done, chunks in this step)


@dataclass(frozen=True)
class Failed:
    """A sentence the engine could not translate, even on its own: it stays empty and goes to a human."""

    reason: str


class Executor(Protocol):
    """Runs engine work; the caller (run/translate.py EngineRunner) caches and counts."""

    on_chunk: ChunkProgress | None

    def run_step(self, step: Step, sentences: Sequence[str]) -> list[str | Failed]:
        """One translation per sentence, aligned; Failed where the engine failed on that sentence alone."""

    def translate_n(self, step: Step, sentences: Sequence[str], n: int) -> list[list[str]]:
        """Up to n translations per sentence, best first."""

    def describe(self) -> dict[str, Any]:
        """Where the work ran, for report.json: {"kind": "in-process"} or {"kind": "dask", ...}."""

    def close(self) -> None:
        """Release what the executor started (a local cluster); a no-op in-process."""
