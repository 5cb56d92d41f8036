"""Engine work in this process: the run's own engines, one batch per step (engines batch internally)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from translator.engines.routes import EngineSet, Step
from translator.execute.base import ChunkProgress, Failed
from translator.execute.fallback import require_some, translate_with_fallback


class InProcessExecutor:
    def __init__(self, engines: EngineSet) -> None:
        self.engines = engines
        self.on_chunk: ChunkProgress | None = None

    def run_step(self, step: Step, sentences: Sequence[str]) -> list[str | Failed]:
        engine = self.engines.get(step.engine)
        out = translate_with_fallback(lambda batch: engine.translate(batch, step.source, step.target),
                                      sentences, step)
        if self.on_chunk:
            self.on_chunk(1, 1)
        return require_some(step, out)

    def translate_n(self, step: Step, sentences: Sequence[str], n: int) -> list[list[str]]:
        return self.engines.get(step.engine).translate_n(sentences, step.source, step.target, num_hypotheses=n)

    def describe(self) -> dict[str, Any]:
        return {"kind": "in-process"}

    def close(self) -> None:
        pass
