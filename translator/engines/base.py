"""The Engine protocol every translation engine implements, and the base class that gives its defaults."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable


@runtime_checkable
class Engine(Protocol):
    """A translation engine. Engines translate whole batches: one call per language pair per run."""

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


class EngineBase:
    """Defaults for engines with one translation per sentence (no n-best list)."""

    max_hypotheses = 1

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        raise NotImplementedError

    def translate_n(self, sentences: Sequence[str], source: str, target: str, *, num_hypotheses: int
                    ) -> list[list[str]]:
        return [[text] for text in self.translate(sentences, source, target)]
