"""The review side of the catalogs: status per language and article, what to look at next, glossary check.

Like pipeline.py this connects memory and glossary (for the review commands), through the catalogs only.
"""

from __future__ import annotations

from dataclasses import dataclass

from translator.advisory import advisory_state
from translator.findings import NoteKind
from translator.glossary import load_glossaries
from translator.glossary.enforce import verify
from translator.glossary.match import Matcher
from translator.job import Job
from translator.memory import (
    catalog_paths,
    is_approved,
    is_reviewed,
    load_catalog,
    notes_from_comment,
    notes_to_comment,
)


@dataclass
class CatalogStatus:
    language: str
    article: str
    units: int
    machine: int
    approved: int
    empty: int
    obsolete: int
    last_change: str
    stale: str = ""   # "<catalog revision> < <source revision>" while behind the story's latest advisory


def review_status(job: Job, language: str | None = None) -> list[CatalogStatus]:
    rows = []
    advisories = advisory_state(job.output)
    for lang, slug, path in catalog_paths(job.locales, language):
        catalog = load_catalog(path)
        live = [e for e in catalog if not e.obsolete]
        on, latest = catalog.metadata.get("X-Source-Revision", ""), advisories.get(slug)
        rows.append(CatalogStatus(
            language=lang, article=slug, units=len(live),
            machine=sum(1 for e in live if e.msgstr and not is_reviewed(e)),
            approved=sum(1 for e in live if is_approved(e)),
            empty=sum(1 for e in live if not e.msgstr),
            obsolete=sum(1 for e in catalog if e.obsolete),
            last_change=catalog.metadata.get("PO-Revision-Date", ""),
            stale=f"{on} < {latest.revision}" if on and latest and latest.revision not in ("", on) else "",
        ))
    return rows


@dataclass
class ReviewItem:
    priority: int           # -1 changed by a correction, 0 glossary miss, 1 other flag, 2 machine output, 3 empty
    reason: str
    article: str
    context: str
    source: str
    target: str
    where: str


def review_next(job: Job, language: str, limit: int = 20) -> list[ReviewItem]:
    """Unapproved units most in need of a look first: glossary misses, flagged units, then machine units."""
    items = []
    for _, slug, path in catalog_paths(job.locales, language):
        for entry in load_catalog(path):
            if entry.obsolete or is_approved(entry):
                continue
            notes = notes_from_comment(entry.comment)
            misses = [n for n in notes if n.kind is NoteKind.MISS]
            if any(n.kind is NoteKind.CORRECTED for n in notes):  # a correction goes out in every language
                priority, reason = -1, "changed by a correction"
            elif misses:
                priority, reason = 0, notes_to_comment(misses[:1])[0]
            elif notes:
                priority, reason = 1, notes_to_comment(notes[:1])[0]
            elif entry.msgstr:
                priority, reason = 2, "machine translation"
            else:
                priority, reason = 3, "not translated"
            where = f"{path}:{entry.linenum}"
            items.append(ReviewItem(priority, reason, slug, entry.msgctxt or "", entry.msgid, entry.msgstr, where))
    items.sort(key=lambda i: (i.priority, i.article, i.where))
    return items[:limit]


def glossary_check(job: Job) -> dict[str, dict]:
    """Per language over its catalogs: glossary terms kept, missed, and units flagged by a run."""
    files = job.glossary_files()
    if not files:
        return {}
    glossary = load_glossaries(files)
    matcher = Matcher(glossary)
    out: dict[str, dict] = {}
    for lang, slug, path in catalog_paths(job.locales):
        counts = out.setdefault(lang, {"kept": 0, "missed": 0, "flagged": 0, "misses": []})
        for entry in load_catalog(path):
            if entry.obsolete or not entry.msgstr:
                continue
            verdict = verify(entry.msgid, entry.msgstr, matcher, lang)
            counts["kept"] += len(verdict.hits)
            counts["missed"] += len(verdict.misses)
            counts["misses"] += [f"{slug}: {term} → {form}" for term, form in verdict.misses]
            counts["flagged"] += bool(notes_from_comment(entry.comment))
    return out
