"""Per-sentence fallback: an engine that fails on some input (Apertium rus-ukr's tagger dies on any sentence
with a clause and the whole batch comes back empty) gets the failed batch again in halves, down to single
sentences. Shared by every executor: it runs wherever the engine runs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from translator.engines.routes import Step
from translator.errors import EngineError, EngineUnavailable, UnsupportedPair
from translator.execute.base import Failed

# Single sentences that may fail before the first success says the pair itself is broken: halving a batch
# of a dead pair down to every sentence would cost two engine calls per sentence for nothing.
BLIND_FAILURES = 8


def _problem(batch: Sequence[str], out: Sequence[str]) -> str | None:
    if len(out) != len(batch):
        return f"{len(out)} translations for {len(batch)} sentences"
    if any(not t.strip() for t, s in zip(out, batch) if s.strip()):
        return "empty output"
    return None


def translate_with_fallback(translate: Callable[[list[str]], list[str]], sentences: Sequence[str], step: Step
                            ) -> list[str | Failed]:
    """Translate `sentences`; a batch that fails is retried in halves, and a single sentence that still fails
    becomes Failed(reason). Errors that are not about the input (pair not installed, engine missing) raise."""
    results: list[str | Failed] = [Failed("not tried")] * len(sentences)
    tally = {"ok": 0, "failed": 0}

    def attempt(lo: int, hi: int) -> None:
        batch = list(sentences[lo:hi])
        try:
            out = translate(batch)
            problem = _problem(batch, out)
        except (UnsupportedPair, EngineUnavailable):
            raise
        except EngineError as exc:
            problem = str(exc)
        if problem is None:
            results[lo:hi] = out
            tally["ok"] += len(batch)
        elif len(batch) == 1:
            results[lo] = Failed(f"{step}: {problem}")
            tally["failed"] += 1
            if not tally["ok"] and tally["failed"] >= BLIND_FAILURES:
                raise EngineError(f"{step}: the engine returned empty or misaligned output for the first "
                                  f"{BLIND_FAILURES} sentences tried one by one ({problem}); its pair is broken: "
                                  "route this language to another engine")
        else:
            middle = (lo + hi) // 2
            attempt(lo, middle)
            attempt(middle, hi)

    if sentences:
        attempt(0, len(sentences))
    return results


def require_some(step: Step, outputs: Sequence[str | Failed]) -> list[str | Failed]:
    """A step where no sentence came through is a broken pair, not a set of hard sentences."""
    if outputs and all(isinstance(o, Failed) for o in outputs):
        raise EngineError(f"{step}: the engine returned empty or misaligned output for every sentence "
                          f"({outputs[0].reason}); its pair is broken: route this language to another engine")
    return list(outputs)
