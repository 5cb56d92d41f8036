"""RunReport: one row per article and language, the summary table and output/report.json."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

from translator.errors import ExitStatus
from translator.fsutil import atomic_write_text


class Status(StrEnum):
    """What became of one article in one language."""

    OK = "ok"            # published
    HUMAN = "human"      # no machine route: waiting for a human translation
    HELD = "held"        # not published under the run's mode (units untranslated or unapproved)
    FAILED = "failed"    # an engine or a catalog failed; the reason is in `error`
    STALE = "stale"      # not published, and its catalog still translates an older revision of the source
    WITHDRAWN = "withdrawn"  # killed by an advisory: its editions are removed (or replaced by the kill notice)


@dataclass
class Row:
    article: str
    language: str
    route: str
    units: int = 0
    reused: int = 0
    translated: int = 0
    words: int = 0
    seconds: float = 0.0
    status: Status = Status.OK
    reused_approved: int = 0
    reused_machine: int = 0
    from_shared: int = 0
    empty: int = 0
    glossary_hits: int = 0
    glossary_misses: int = 0
    qa: list[str] = field(default_factory=list)
    error: str | None = None
    files: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # earlier editions removed because this one was held
    skipped: bool = False  # nothing it depends on changed since its last run: not read, nothing rewritten
    # per unit with a text: {"source", "kind", "state", "risk", "confidence", "findings": [{"check", "severity",
    # "detail"}]}, riskiest first
    unit_checks: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The row as plain data, its lists copied one level deep: what `dataclasses.asdict` gives, without
        deep-copying every unit check (a tenth of a large run's time went there)."""
        return {f.name: list(value) if isinstance(value := getattr(self, f.name), list) else value
                for f in fields(self)}


@dataclass
class RunReport:
    rows: list[Row] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)   # articles that could not be read
    warnings: list[str] = field(default_factory=list)
    engine_calls: dict[str, int] = field(default_factory=dict)     # "engine:src-tgt" -> sentences sent
    executor: dict = field(default_factory=lambda: {"kind": "in-process"})  # where engine work ran

    @property
    def partial(self) -> bool:
        return bool(self.failures) or any(row.status is Status.FAILED for row in self.rows)

    @property
    def exit_status(self) -> ExitStatus:
        """OK; PARTIAL when something was held, or failed while something was published; ERROR when something
        failed and nothing was published."""
        if not self.partial:
            return ExitStatus.PARTIAL if self.held else ExitStatus.OK
        return ExitStatus.PARTIAL if any(row.files for row in self.rows) else ExitStatus.ERROR

    @property
    def held(self) -> bool:
        return any(row.status is Status.HELD for row in self.rows)

    def to_dict(self) -> dict:
        return {
            "rows": [row.as_dict() for row in self.rows],
            "failures": self.failures,
            "warnings": self.warnings,
            "engine_calls": self.engine_calls,
            "executor": self.executor,
        }

    @property
    def ran_on(self) -> str:
        """Where engine work ran, for the summary: in-process, or dask (scheduler, N workers)."""
        if self.executor.get("kind") != "dask":
            return "in-process"
        return f"dask ({self.executor.get('scheduler')}, {self.executor.get('workers')} workers)"

    def write(self, path: Path) -> None:
        atomic_write_text(path, json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n")
