"""Engine work on a Dask cluster: the client chunks a step's sentences by tokens and streams the chunks back;
each worker builds engines by name and options and keeps them (and their loaded models) between chunks and
between runs. Only this module imports Dask, and only when a cluster is asked for."""

from __future__ import annotations

import logging
import os
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from translator.engines import Engine, create_engine
from translator.engines.routes import Step
from translator.errors import ClusterError, ClusterUnavailable, EngineError, UsageError
from translator.execute.base import ChunkProgress, Failed
from translator.execute.fallback import require_some, translate_with_fallback

# A chunk is about this many words: small enough that two workers share a pair's batch and the progress bar
# moves, large enough that the ~10 ms of scheduling per chunk stays small (benchmarks/cluster.py).
CHUNK_TOKENS = 2000
HELD_MODELS = 3        # pairs a worker remembers holding: the Argos engine's in-process LRU bound
WORKER_WAIT_S = 30


def chunk_by_tokens(sentences: Sequence[str], limit: int = CHUNK_TOKENS) -> list[list[str]]:
    """Consecutive chunks of about `limit` words (whitespace tokens), each at least one sentence."""
    chunks: list[list[str]] = []
    size = limit
    for sentence in sentences:
        words = max(1, len(sentence.split()))
        if size + words > limit and (not chunks or chunks[-1]):
            chunks.append([])
            size = 0
        chunks[-1].append(sentence)
        size += words
    return chunks


# ── worker side ──────────────────────────────────────────────────────────────────────────────────────────────

@dataclass
class _WorkerState:
    engines: dict[tuple[str, str], Engine] = field(default_factory=dict)
    held: OrderedDict[str, None] = field(default_factory=OrderedDict)  # steps whose model is loaded, LRU

    def hold(self, step: str, bound: int) -> None:
        self.held[step] = None
        self.held.move_to_end(step)
        while len(self.held) > bound:
            self.held.popitem(last=False)


def _state(worker: Any) -> _WorkerState:
    # Kept on the Worker object, not in a module global: in-process test clusters share one module.
    if not hasattr(worker, "_translator_state"):
        worker._translator_state = _WorkerState()
    return worker._translator_state


def translate_chunk(name: str, options: dict[str, Any], given: tuple[str, Engine] | None,
                    step: tuple[str, str, str], sentences: list[str], n: int | None) -> tuple[str, list]:
    """Run on a worker: this chunk through the engine `name` built with `options`, or the engine object the
    client was given (token, engine), kept under its token."""
    from distributed import get_worker

    worker = get_worker()
    state = _state(worker)
    key = (name, repr(sorted(options.items())) if given is None else given[0])
    if key not in state.engines:
        state.engines[key] = given[1] if given is not None else create_engine(name, options)
    engine = state.engines[key]
    engine_step = Step(*step)
    if n:
        out: list = engine.translate_n(sentences, engine_step.source, engine_step.target, num_hypotheses=n)
    else:
        out = translate_with_fallback(lambda batch: engine.translate(batch, engine_step.source, engine_step.target),
                                      sentences, engine_step)
    state.hold(str(engine_step), int(options.get("max_loaded", HELD_MODELS)))
    return worker.address, out


def held_steps(dask_worker: Any) -> list[str]:
    """Run on every worker by Client.run: the steps whose model it holds now."""
    return list(_state(dask_worker).held)


# ── client side ──────────────────────────────────────────────────────────────────────────────────────────────

class DaskExecutor:
    """Sends chunks of a step to the cluster, preferring workers that already hold the step's model."""

    def __init__(self, client: Any, engine_options: Mapping[str, dict[str, Any]], *,
                 engines: Mapping[str, Engine] | None = None, cluster: Any = None,
                 chunk_tokens: int = CHUNK_TOKENS, affinity: bool = True) -> None:
        self.client = client
        self.cluster = cluster  # a LocalCluster we started and must close
        self.engine_options = {k: dict(v) for k, v in engine_options.items()}
        self.given = {name: (uuid.uuid4().hex, engine) for name, engine in (engines or {}).items()}
        self.chunk_tokens = chunk_tokens
        self.affinity = affinity
        self.on_chunk: ChunkProgress | None = None
        self.chunks = 0
        self.used: set[str] = set()
        self._held: dict[str, set[str]] | None = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _holders(self, step: Step) -> list[str]:
        if self._held is None:  # what a long-lived cluster's workers hold from earlier runs
            self._held = {address: set(steps) for address, steps in self.client.run(held_steps).items()}
        return sorted(a for a, steps in self._held.items() if str(step) in steps)

    def _run(self, step: Step, sentences: Sequence[str], n: int | None) -> list:
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        chunks = chunk_by_tokens(sentences, self.chunk_tokens)
        holders = self._holders(step) if self.affinity else []
        # Loose restrictions: holders are preferred, and idle workers may still steal the rest.
        where = {"workers": holders, "allow_other_workers": True} if holders else {}
        options = self.engine_options.get(step.engine, {})
        given = self.given.get(step.engine)
        futures = {self.client.submit(translate_chunk, step.engine, options, given,
                                      (step.engine, step.source, step.target), chunk, n, pure=False, **where): i
                   for i, chunk in enumerate(chunks)}
        results: list = [None] * len(chunks)
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                try:
                    address, out = future.result()
                except KilledWorker as exc:
                    raise EngineError(
                        f"{step}: a chunk of {len(chunks[futures[future]])} sentences killed every worker that "
                        f"tried it ({exc}); its engine crashes on that input: route this language to another "
                        "engine or translate it in-process to see the error") from None
                self.used.add(address)
                if self._held is not None:
                    self._held.setdefault(address, set()).add(str(step))
                results[futures[future]] = out
                if self.on_chunk:
                    self.on_chunk(done, len(chunks))
        finally:
            self.client.cancel([f for f in futures if not f.done()])
        self.chunks += len(chunks)
        return [item for chunk in results for item in chunk]

    def run_step(self, step: Step, sentences: Sequence[str]) -> list[str | Failed]:
        return require_some(step, self._run(step, sentences, None)) if sentences else []

    def translate_n(self, step: Step, sentences: Sequence[str], n: int) -> list[list[str]]:
        return self._run(step, sentences, n) if sentences else []

    def describe(self) -> dict[str, Any]:
        return {"kind": "dask", "scheduler": self.client.scheduler.address,
                "workers": len(self.client.nthreads()), "workers_used": len(self.used), "chunks": self.chunks,
                "chunk_tokens": self.chunk_tokens, "affinity": self.affinity}

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _security(tls: Mapping[str, str] | None) -> Any:
    if not tls:
        return None
    from distributed.security import Security

    return Security(require_encryption=True, **{k: str(v) for k, v in tls.items()})


def connect(spec: str, engine_options: Mapping[str, dict[str, Any]], *, engines: Mapping[str, Engine] | None = None,
            tls: Mapping[str, str] | None = None, processes: bool = True, **executor: Any) -> DaskExecutor:
    """Start a LocalCluster ("local", "local:N": N worker processes) or connect to a running scheduler
    ("tcp://host:8786", "tls://host:8786")."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterUnavailable("--cluster needs Dask, which is not installed: pip install 'translator[dask]'"
                                 ) from exc
    name, _, count = spec.partition(":")
    if name == "local":
        if count and (not count.isdigit() or int(count) < 1):
            raise UsageError(f"--cluster {spec!r}: the worker count must be a positive number, e.g. local:2")
        workers = int(count) if count else max(1, os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return DaskExecutor(Client(cluster), engine_options, engines=engines, cluster=cluster, **executor)
    if "://" not in spec:
        raise UsageError(f"--cluster {spec!r}: use local, local:N or a scheduler address like tcp://host:8786")
    try:
        client = Client(spec, security=_security(tls), timeout=WORKER_WAIT_S)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec} ({exc}); start it with `dask scheduler` "
                           "and check the address, port and TLS settings") from exc
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except TimeoutError as exc:
        client.close()
        raise ClusterError(f"no worker joined the Dask scheduler at {spec} within {WORKER_WAIT_S} s; start "
                           f"workers with `dask worker {spec}`") from exc
    return DaskExecutor(client, engine_options, engines=engines, **executor)
