"""Where engine work runs: in-process, or on a Dask cluster. One small protocol (base.py); Dask is imported
only when a cluster is asked for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from translator.engines import Engine
from translator.execute.base import Executor, Failed
from translator.execute.inprocess import InProcessExecutor


def open_executor(cluster: str | None, engine_options: Mapping[str, dict[str, Any]], *,
                  engines: Mapping[str, Engine] | None = None, tls: Mapping[str, str] | None = None
                  ) -> Executor | None:
    """A Dask executor for `cluster` ("local", "local:N", "tcp://host:8786"), or None to run in-process.

    The caller closes it (it is a context manager)."""
    if not cluster:
        return None
    from translator.execute.dask import connect

    return connect(cluster, engine_options, engines=engines, tls=tls)


__all__ = ["Executor", "Failed", "InProcessExecutor", "open_executor"]
