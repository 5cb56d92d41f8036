"""Memory suggestions for the review queue and pages: for each unit not approved, the best earlier translations
of sentences like it (approved catalog entries and the imported memory), computed when the queue is read, so a
memory imported after the run is offered too."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from translator.job import Job
from translator.memory.catalog import memory_entries
from translator.memory.fuzzy import FuzzyIndex
from translator.review.page import PageUnit


def with_suggestions(job: Job, units: Sequence[PageUnit], indexes: dict[str, FuzzyIndex] | None = None
                     ) -> list[PageUnit]:
    """`units` with `suggestions` filled in for those not approved, from one memory index per language: those in
    `indexes` (a run's, or built by an earlier call), the others built here and added to it."""
    indexes = {} if indexes is None else indexes
    out = []
    for unit in units:
        if unit.state == "approved":
            out.append(unit)
            continue
        if unit.language not in indexes:
            indexes[unit.language] = FuzzyIndex(memory_entries(job.locales, unit.language))
        found = indexes[unit.language].suggest(unit.source, job.memory_threshold, exclude_exact=True)
        out.append(dataclasses.replace(unit, suggestions=tuple(found)) if found else unit)
    return out
