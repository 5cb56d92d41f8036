"""The review side of the catalogs: status per language and article, the units to look at next by risk, the
review pages, the glossary check.

Like run/pipeline.py this connects memory, glossary and the checks (through judge.py, the run's own judgement),
from the catalogs only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from translator.advisories.log import advisory_state
from translator.glossary import load_glossaries
from translator.glossary.enforce import verify
from translator.glossary.match import Matcher
from translator.job import Job
from translator.languages import text_direction
from translator.memory.catalog import State, catalog_paths, entry_translation, entry_unit, is_approved, is_reviewed
from translator.memory.notes import notes_from_comment
from translator.memory.read import load_catalog
from translator.review.judge import JudgeContext, judge, judged_state
from translator.review.judged import JudgedCache, context_key, load_assessments, save_assessments
from translator.review.page import PageUnit, write_review_pages
from translator.review.risk import risk_band


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
    with the findings and risk the run gives it (review/judge.py): computed from the catalog, no stored finding
    is parsed."""
    matcher: Matcher | None | bool = False  # read at the first catalog the cache cannot answer for
    caches: dict[str, JudgedCache] = {}
    present: dict[str, set[str]] = {}
    units = []
    for lang, slug, path in catalog_paths(job.locales, language):
        present.setdefault(lang, set()).add(str(path))
        if only is not None and (slug, lang) not in only:
            continue
        if lang not in caches:
            caches[lang] = JudgedCache(job.output / "review", lang, context_key(job, lang))
            load_assessments(job.output / "review", [lang])
        try:
            data = path.read_bytes()
        except OSError:
            data = None  # load_catalog names the problem
        cached = caches[lang].get(path, data) if data is not None else None
        if cached is None:
            if matcher is False:
                matcher = glossary_matcher(job)
            cached = [unit for _, unit in judged_entries(job, lang, slug, path, load_catalog(path), matcher)]
            if data is not None:
                caches[lang].put(path, data, cached)
        units += cached
    for lang, judged in caches.items():
        if judged.changed:
            save_assessments(job.output / "review", [lang])
        judged.save(keep=present[lang])
    return units


def judged_entries(job: Job, language: str, slug: str, path: Path, catalog, matcher: Matcher | None = None
                   ) -> list[tuple[object, PageUnit]]:
    """Each live entry of a catalog already read, in article order, with the unit `review_units` makes of it:
    for callers that change entries (the review app) and must judge them as the run does."""
    source_language = catalog.metadata.get("X-Source-Language", "en")
    pair_matcher = matcher if matcher and matcher.glossary.source_language == source_language else None
    context = JudgeContext(source_language, language, pair_matcher, job.headline_budget(language),
                           job.credit_templates, route=catalog.metadata.get("X-Translator-Route"),
                           route_floor=job.route_floor)  # the route: what made the catalog's machine text
    return [(entry, _page_unit(entry, slug, language, path, context, pair_matcher))
            for entry in sorted((e for e in catalog if not e.obsolete), key=_article_order)]


def _page_unit(entry, slug: str, language: str, path, context: JudgeContext, matcher: Matcher | None) -> PageUnit:
    unit, translation = entry_unit(entry), entry_translation(entry)
    assessment = judge(unit, translation, context)
    terms = tuple((m.term.source, m.term.target(language)) for m in (matcher.find(entry.msgid) if matcher else [])
                  if m.term.target(language))
    return PageUnit(article=slug, language=language, catalog=str(path), line=entry.linenum, kind=unit.kind.value,
                    source=entry.msgid, target=entry.msgstr, state=judged_state(translation), risk=assessment.risk,
                    findings=assessment.findings, terms=terms)


def review_next(job: Job, language: str | None = None, limit: int = 20) -> list[PageUnit]:
    """The units most in need of a look, riskiest first: every unit not approved, and approved units with a
    finding (a human decision is shown, never overridden)."""
    from translator.review.suggest import with_suggestions

    units = [u for u in review_units(job, language) if needs_look(u)]
    units.sort(key=queue_order)
    return with_suggestions(job, units[:limit])


def needs_look(unit: PageUnit) -> bool:
    """Whether a unit belongs in the review queue: not approved, or approved with a finding."""
    return unit.state != State.APPROVED or bool(unit.findings)


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


def write_review(job: Job, language: str | None = None, only: set[tuple[str, str]] | None = None,
                 fresh: set[tuple[str, str]] | None = None, indexes: Mapping | None = None) -> list[Path]:
    """The review pages (output/review/<lang>/<slug>.html and an index) of the catalogs asked for. With `fresh`
    ((slug, language) pairs), a page not among them whose file is there still stands: only the index counts its
    units (a run rewrites the pages of what it processed; the others' catalogs are as their pages show them).
    `indexes`: language -> the memory's fuzzy index a run built (review/suggest.py)."""
    from translator.review.suggest import with_suggestions

    built = dict(indexes or {})  # one memory index per language, for every page written
    return write_review_pages(review_units(job, language, only), job.output / "review",
                              rtl=lambda code: text_direction(code) == "rtl",
                              keep=None if fresh is None else lambda article, lang: (article, lang) not in fresh,
                              prepare=lambda units: with_suggestions(job, units, built))


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
