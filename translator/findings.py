"""Typed values the stages hand each other about one unit: review notes and check findings.

Only the catalog writer turns them into `#.` comment text, and only the catalog reader turns that text back
(memory/catalog.py): no module parses prose another module wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: a blocking finding on machine output holds the edition."""

    INFO = "info"
    WARNING = "warning"
    BLOCKING = "blocking"


@dataclass(frozen=True)
class Finding:
    """What one named check found in one unit."""

    check: str          # the check's name: "numbers", "glossary", "script", ...
    severity: Severity
    detail: str         # one line for the reviewer


class NoteKind(StrEnum):
    """Notes a run leaves on a unit for its reviewer."""

    FORCED = "forced"        # terms put in by protection: check the grammar around them
    RECOVERED = "recovered"  # the engine lost a protected term; its own rendering was replaced
    MISS = "miss"            # a glossary form is still missing
    TERMS = "terms"          # no translation yet: the terms a human translator must use
    BACK = "back"            # the machine text translated back into the source language (in `form`)
    CONFIDENCE = "confidence"  # the engine's confidence in the machine text, in [0, 1] (in `form`)
    MEMORY = "memory"        # a fuzzy match from the memory: its origin in `term`, "87% <its target>" in `form`

    @property
    def sticky(self) -> bool:
        """Notes about how the text was made: they stay with it while it is reused, runs after the one that made it."""
        return self in (NoteKind.FORCED, NoteKind.RECOVERED, NoteKind.BACK, NoteKind.CONFIDENCE, NoteKind.MEMORY)
    CORRECTED = "corrected"  # changed by a correction advisory: reviewed before anything else


@dataclass(frozen=True)
class Note:
    """A note on one unit: the kind; for MISS/TERMS the source term and its glossary form; for BACK the text."""

    kind: NoteKind
    term: str = ""
    form: str = ""
