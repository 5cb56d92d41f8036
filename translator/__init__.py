"""translator: offline multilingual translation and publishing for newsrooms."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load_job", "read_article", "run_job"]


def __getattr__(name: str):
    # The public API is imported on first use so `translator --help` stays instant.
    if name == "read_article":
        from translator.readers import read_article

        return read_article
    if name == "run_job":
        from translator.run.pipeline import run

        return run
    if name == "load_job":
        from translator.job import load_job

        return load_job
    raise AttributeError(name)
