"""A deterministic engine for pipeline tests: it tags each sentence with the target language."""

from __future__ import annotations

from collections.abc import Sequence

from translator.engines.base import EngineBase


class EchoEngine(EngineBase):
    """Translates X into '<target>: X'; counts what it was sent."""

    name = "echo"

    def __init__(self, pairs: set[tuple[str, str]] | None = None) -> None:
        self._pairs = pairs if pairs is not None else {("en", t) for t in ("ru", "uk", "fa", "pt", "es", "de")}
        self.calls: list[tuple[str, str, list[str]]] = []

    def unavailable_reason(self) -> str | None:
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def model_name(self, source: str, target: str) -> str:
        return f"echo {source}-{target}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [f"{target}: {s}" for s in sentences]

    @property
    def sent(self) -> list[str]:
        return [s for _, _, batch in self.calls for s in batch]


class BrokenEngine(EchoEngine):
    """Returns nothing for every sentence, like an Apertium pair that installs but prints nothing."""

    name = "broken"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return ["" for _ in sentences]


class ScriptedEngine(EchoEngine):
    """Answers from a script (source -> translation), like a real engine that made the planted mistakes."""

    name = "scripted"

    def __init__(self, script: dict[str, str], pairs: set[tuple[str, str]] | None = None) -> None:
        super().__init__(pairs if pairs is not None else {("en", "pt"), ("pt", "en")})
        self.script = script

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [self.script.get(s, f"{target}: {s}") for s in sentences]
