"""The review side of the catalogs: status per language and article, the units to look at next by risk, the
review pages, the glossary check.

Like run/pipeline.py this connects memory, glossary and the checks (through assess.py), from the catalogs only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from translator.advisories.log import advisory_state
from translator.findings import Finding, NoteKind, Severity
from translator.glossary import load_glossaries
from translator.glossary.enforce import verify
from translator.glossary.match import Matcher
from translator.job import Job
from translator.languages import text_direction
from translator.memory.catalog import catalog_paths, is_approved, is_reviewed
from translator.memory.notes import notes_from_comment
from translator.memory.read import load_catalog
from translator.review.assess import assess_unit
from translator.review.page import PageUnit, write_review_pages
from translator.review.risk import risk_band, unit_risk


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


def glossary_matcher(job: Job) -> Matcher | None:
    """The job's glossaries as one matcher (None without glossaries): read once, passed to judged_entries."""
    files = job.glossary_files()
    return Matcher(load_glossaries(files)) if files else None


def _article_order(entry) -> tuple[int, int]:
    line = entry.occurrences[0][1] if entry.occurrences else "0"
    return (int(line) if str(line).isdigit() else 0, entry.linenum)


def review_units(job: Job, language: str | None = None, only: set[tuple[str, str]] | None = None
                 ) -> list[PageUnit]:
    """Every live unit of the catalogs (of `language`; of the (slug, language) pairs in `only`), in article order,
    with the findings and risk the run would give it: computed from the catalog, nothing stored is parsed."""
    matcher = glossary_matcher(job)
    units = []
    for lang, slug, path in catalog_paths(job.locales, language):
        if only is not None and (slug, lang) not in only:
            continue
        units += [unit for _, unit in judged_entries(job, lang, slug, path, load_catalog(path), matcher)]
    return units


def judged_entries(job: Job, language: str, slug: str, path: Path, catalog, matcher: Matcher | None = None
                   ) -> list[tuple[object, PageUnit]]:
    """Each live entry of a catalog already read, in article order, with the unit `review_units` makes of it:
    for callers that change entries (the review app) and must judge them as the run does."""
    source_language = catalog.metadata.get("X-Source-Language", "en")
    pair_matcher = matcher if matcher and matcher.glossary.source_language == source_language else None
    route = catalog.metadata.get("X-Translator-Route")  # what made the catalog's machine text
    return [(entry, _page_unit(entry, slug, language, path, source_language, pair_matcher, job, route))
            for entry in sorted((e for e in catalog if not e.obsolete), key=_article_order)]


def _page_unit(entry, slug: str, language: str, path, source_language: str, matcher: Matcher | None,
               job: Job, route: str | None = None) -> PageUnit:
    state = "approved" if is_approved(entry) else "machine" if entry.msgstr else "empty"
    kind = (entry.msgctxt or "").rpartition("/")[2] or "paragraph"
    notes = notes_from_comment(entry.comment)
    assessment = assess_unit(entry.msgid, entry.msgstr, state=state, kind=kind, source_language=source_language,
                             target_language=language, matcher=matcher, notes=notes,
                             headline_budget=job.headline_budget(language), route=route,
                             route_floor=job.route_floor)
    findings = assessment.findings or ((Finding("empty", Severity.BLOCKING, "not translated yet"),)
                                       if not entry.msgstr else ())
    if state != "approved" and any(n.kind is NoteKind.CORRECTED for n in notes):
        findings = (Finding("correction", Severity.WARNING, "changed by a correction: goes out in every language"),
                    *findings)
    risk = assessment.risk if entry.msgstr else unit_risk(findings, kind=kind, state=state)
    terms = tuple((m.term.source, m.term.target(language)) for m in (matcher.find(entry.msgid) if matcher else [])
                  if m.term.target(language))
    return PageUnit(article=slug, language=language, catalog=str(path), line=entry.linenum, kind=kind,
                    source=entry.msgid, target=entry.msgstr, state=state, risk=risk, findings=findings, terms=terms)


def review_next(job: Job, language: str | None = None, limit: int = 20) -> list[PageUnit]:
    """The units most in need of a look, riskiest first: every unit not approved, and approved units with a
    finding (a human decision is shown, never overridden)."""
    from translator.review.suggest import with_suggestions

    units = [u for u in review_units(job, language) if needs_look(u)]
    units.sort(key=queue_order)
    return with_suggestions(job, units[:limit])


def needs_look(unit: PageUnit) -> bool:
    """Whether a unit belongs in the review queue: not approved, or approved with a finding."""
    return unit.state != "approved" or bool(unit.findings)


def queue_order(unit: PageUnit) -> tuple:
    """The review queue's sort key: riskiest first; a correction goes out in every language, so its units come
    before anything else."""
    return ("correction" not in unit.checks, -unit.risk, unit.language, unit.article, unit.line)


def risk_counts(units: list[PageUnit]) -> dict[str, dict[str, Counter]]:
    """language -> {"bands": band -> units, "checks": check -> units with a finding of it}."""
    out: dict[str, dict[str, Counter]] = {}
    for unit in units:
        counts = out.setdefault(unit.language, {"bands": Counter(), "checks": Counter()})
        counts["bands"][risk_band(unit.risk)] += 1
        counts["checks"].update(unit.checks)
    return out


def write_review(job: Job, language: str | None = None, only: set[tuple[str, str]] | None = None) -> list[Path]:
    """The review pages (output/review/<lang>/<slug>.html and an index) of the catalogs asked for."""
    from translator.review.suggest import with_suggestions

    return write_review_pages(with_suggestions(job, review_units(job, language, only)), job.output / "review",
                              rtl=lambda code: text_direction(code) == "rtl")


def glossary_check(job: Job) -> dict[str, dict]:
    """Per language over its catalogs: glossary terms kept, missed, and units flagged by a run."""
    matcher = glossary_matcher(job)
    if matcher is None:
        return {}
    out: dict[str, dict] = {}
    for lang, slug, path in catalog_paths(job.locales):
        counts = out.setdefault(lang, {"kept": 0, "missed": 0, "flagged": 0, "misses": [], "forbidden": []})
        for entry in load_catalog(path):
            if entry.obsolete or not entry.msgstr:
                continue
            verdict = verify(entry.msgid, entry.msgstr, matcher, lang)
            counts["kept"] += len(verdict.hits)
            counts["missed"] += len(verdict.misses)
            counts["misses"] += [f"{slug}: {term} → {form}" for term, form in verdict.misses]
            counts["forbidden"] += [f"{slug}: {term} → {form}" for term, form in verdict.forbidden]
            counts["flagged"] += bool(notes_from_comment(entry.comment))
    return out
