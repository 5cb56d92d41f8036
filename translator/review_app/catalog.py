"""The review app's reads and saves of the catalogs: units with a stable id and a revision, and one unit saved
under the run's lock with the run's judgement recomputed.

A unit's id names it for good: its language, article, msgctxt and msgid. Its revision is a digest of what a
reviewer can change (text, fuzzy flag, translator comment): a save names the revision it was made against, and one
made against anything else (a run, another reviewer, a hand edit of the PO) is refused with both versions. Every
read goes to the file, so nothing cached goes stale; every save re-reads the file under the lock the run takes
(memory.store merges whatever it finds saved since it read), so neither side loses the other's work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from translator.errors import CatalogError
from translator.fsutil import atomic_write_text
from translator.job import Job
from translator.memory.catalog import catalog_lock, catalog_paths
from translator.memory.po_layout import Layout
from translator.memory.read import read_catalog
from translator.review.page import PageUnit
from translator.review.queue import glossary_matcher, judged_entries, needs_look, queue_order

APPROVAL_PREFIX = "approved by "   # the per-entry translator comment an approval writes ("approved by NAME, TIME")


class UnitNotFound(CatalogError):
    """No catalog of the job holds a unit with this id (it was removed or the id is wrong)."""


class StaleRevision(CatalogError):
    """A save was made against a revision of the unit that is no longer the catalog's."""

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current


class NothingToApprove(CatalogError):
    """An approval of an empty target: there is no text to approve."""


def unit_id(language: str, slug: str, context: str | None, source: str) -> str:
    key = "\x1f".join((language, slug, context or "", source))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def revision(entry) -> str:
    state = (entry.msgstr, "fuzzy" in entry.flags, entry.tcomment or "")
    return hashlib.blake2b(repr(state).encode("utf-8"), digest_size=8).hexdigest()


def approval_of(entry) -> str:
    """"NAME, TIME" of the entry's last approval in the app ("" when none)."""
    lines = [line for line in (entry.tcomment or "").splitlines() if line.startswith(APPROVAL_PREFIX)]
    return lines[-1][len(APPROVAL_PREFIX):] if lines else ""


def comment_of(entry) -> str:
    """The reviewers' own translator comment, the approval line left out."""
    return "\n".join(line for line in (entry.tcomment or "").splitlines() if not line.startswith(APPROVAL_PREFIX))


@dataclass(frozen=True)
class AppUnit:
    """One unit as the app shows and the API returns it: the `review next` shape plus id, revision and the
    reviewers' notes."""

    id: str
    revision: str
    unit: PageUnit
    comment: str
    approval: str

    def to_json(self) -> dict[str, Any]:
        return {**self.unit.to_json(), "id": self.id, "revision": self.revision, "band": self.unit.band,
                "comment": self.comment, "approved_by": self.approval}


def _app_units(job: Job, language: str, slug: str, path: Path, catalog, matcher) -> list[tuple[object, AppUnit]]:
    return [(entry, AppUnit(unit_id(language, slug, entry.msgctxt, entry.msgid), revision(entry), unit,
                            comment_of(entry), approval_of(entry)))
            for entry, unit in judged_entries(job, language, slug, path, catalog, matcher)]


def catalogs(job: Job, language: str | None = None) -> list[tuple[str, str, Path]]:
    """(language, slug, path) of the job's catalogs: the only files the app reads or writes."""
    return catalog_paths(job.locales, language)


def list_units(job: Job, language: str, article: str | None = None) -> list[AppUnit]:
    """An article's units in article order; without an article, the language's review queue (`review next`'s
    units and order, no limit)."""
    matcher = glossary_matcher(job)
    found = []
    for lang, slug, path in catalogs(job, language):
        if article is not None and slug != article:
            continue
        found += [unit for _, unit in _app_units(job, lang, slug, path, read_catalog(path)[0], matcher)]
    if article is None:
        found = sorted((u for u in found if needs_look(u.unit)), key=lambda u: queue_order(u.unit))
    return found


def find_unit(job: Job, wanted: str) -> tuple[str, str, Path]:
    """(language, slug, path) of the catalog holding the unit `wanted`, or UnitNotFound."""
    for lang, slug, path in catalogs(job):
        catalog = read_catalog(path)[0]
        if any(unit_id(lang, slug, e.msgctxt, e.msgid) == wanted for e in catalog if not e.obsolete):
            return lang, slug, path
    raise UnitNotFound(f"{job.locales}: no catalog holds unit {wanted!r}; reload the page to see the units as "
                       "they are now")


@dataclass(frozen=True)
class Change:
    """What a reviewer asks of one unit; None leaves that part as it is."""

    revision: str
    target: str | None = None
    approve: bool | None = None     # True: approve; False: back to machine (fuzzy)
    comment: str | None = None


def save_unit(job: Job, wanted: str, change: Change, reviewer: str, now: datetime | None = None) -> AppUnit:
    """Apply `change` to the unit under the catalog's lock, against the revision it was made on; return the unit
    as saved, judged again. StaleRevision (with the catalog's version) when the unit changed since."""
    language, slug, path = find_unit(job, wanted)
    now = now or datetime.now(UTC)
    matcher = glossary_matcher(job)  # glossaries read before the lock, which a run waits on
    with catalog_lock(path):
        catalog, text = read_catalog(path)
        pairs = _app_units(job, language, slug, path, catalog, matcher)
        entry, current = next(((e, u) for e, u in pairs if u.id == wanted), (None, None))
        if entry is None:
            raise UnitNotFound(f"{path}: unit {wanted!r} left the catalog; reload the page")
        if change.revision != current.revision:
            raise StaleRevision(f"{path}:{entry.linenum}: the unit changed since revision {change.revision} "
                                f"(now {current.revision}); compare both versions and save again", current.to_json())
        layout = Layout(text, catalog)
        _apply(entry, change, reviewer, now, path)
        if revision(entry) == current.revision:
            return current  # nothing changed: the file stays as it is
        if change.approve:
            catalog.metadata["Last-Translator"] = reviewer
        catalog.metadata["PO-Revision-Date"] = now.strftime("%Y-%m-%d %H:%M+0000")
        atomic_write_text(path, layout.render(catalog, {id(entry)}))
        saved = read_catalog(path)[0]  # as written (line numbers included), before anyone else writes
    return next(u for _, u in _app_units(job, language, slug, path, saved, matcher) if u.id == wanted)


def _apply(entry, change: Change, reviewer: str, now: datetime, path: Path) -> None:
    edited = change.target is not None and change.target != entry.msgstr
    if edited:
        entry.msgstr = change.target
    notes = comment_of(entry) if change.comment is None else change.comment.strip()
    approval = approval_of(entry)
    if change.approve is True:
        if not entry.msgstr.strip():
            raise NothingToApprove(f"{path}:{entry.linenum}: the target is empty; write a translation, then "
                                   "approve it")
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        approval = f"{reviewer}, {now.strftime('%Y-%m-%d %H:%M UTC')}"
    elif change.approve is False and "fuzzy" not in entry.flags:
        entry.flags.append("fuzzy")
        approval = ""  # no longer approved: the line would say otherwise
    elif edited and "fuzzy" not in entry.flags and entry.msgstr:
        # An approved text edited without approving again: it goes back to review, not out unapproved-as-approved.
        entry.flags.append("fuzzy")
        approval = ""
    lines = [line for line in notes.splitlines() if line.strip() and not line.startswith(APPROVAL_PREFIX)]
    entry.tcomment = "\n".join([*lines, *([APPROVAL_PREFIX + approval] if approval else [])])
