"""What an advisory does to a job: find the story, record the advisory, apply it to every target language at once
(a kill withdraws every edition now), and the feeds and the listing that follow from the log."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from translator import __version__
from translator.advisory import CLASSES, Action, Advisory, AdvisoryState, advisory_state, log_lock, now, record
from translator.advisory_texts import WITHDRAWAL, approved_texts, ensure_templates
from translator.article import Article, BlockKind, Edition, EditionBlock, Provenance
from translator.errors import UnknownArticle
from translator.job import Job
from translator.memory import catalog_path, load_catalog
from translator.publish import kill_edition
from translator.publish.changes import read_snapshot, snapshot_path
from translator.publish.feed import Mark


def issue(job: Job, action: Action, slug: str, note: str = "") -> Advisory:
    """Record an advisory about `slug` for every target of the job, and do at once what needs no run: a kill
    withdraws every edition; the feeds are rewritten. Corrections, refiles and repeats reach the editions with the
    next run (`translator run`), which retranslates what changed."""
    article = find_article(job, slug)
    if article is None and (action in CLASSES or not _published_anywhere(job, slug)):
        raise UnknownArticle(f"{slug}: no input of {job.where} has this slug and nothing was published under it; "
                             "check the slug with `translator advisory list` or the file names in input/")
    changed: tuple[str, ...] = ()
    if action is Action.CORRECT and article is not None:
        before = published_sources(job, slug)
        changed = tuple(dict.fromkeys(s for s in article.units() if before and s not in before))
    with log_lock(job.output):  # a run delivering now waits: it publishes before the advisory or heeds it
        advisory = record(job.output, Advisory(action, slug, revision=article.revision() if article else "",
                                               note=note.strip(), languages=tuple(job.targets), changed=changed))
        if action in (Action.CORRECT, Action.KILL):
            for language in job.targets:
                ensure_templates(job.locales, language)  # so the desk's translators see what to approve
        if action is Action.KILL:
            for language in job.targets:
                withdraw(job, slug, language)
        write_job_feeds(job)
    return advisory


def find_article(job: Job, slug: str) -> Article | None:
    """The job's input article with this slug, read as a run reads it (glossary term merges included)."""
    from translator.glossary import load_glossaries
    from translator.glossary.match import Matcher
    from translator.pipeline import read_articles
    from translator.report import RunReport

    files = job.glossary_files()
    matcher = Matcher(load_glossaries(files)) if files else None
    return next((a for a in read_articles(job, RunReport(), matcher) if a.slug == slug), None)


def published_sources(job: Job, slug: str) -> set[str]:
    """The source sentences of the story as last published, in any language."""
    sources: set[str] = set()
    for language in job.targets:
        data = read_snapshot(snapshot_path(job.output, language, slug)) or {}
        sources.update(source for source, _ in data.get("sentences", []))
    return sources


def _published_anywhere(job: Job, slug: str) -> bool:
    return any(snapshot_path(job.output, language, slug).exists() for language in job.targets)


def withdraw(job: Job, slug: str, language: str) -> list[Path]:
    """Take the story's edition in `language` down, or replace it by the approved kill notice when the job asks
    for one (without an approved notice in that language the edition is simply removed)."""
    notice = None
    text = approved_texts(job.locales, language).get(WITHDRAWAL) if job.kill_notice else None
    if text:
        notice = Edition(Article(slug, "", []), language, [EditionBlock(BlockKind.WITHDRAWAL, "", [], [], text)],
                         Provenance(route="advisory", version=__version__, time=now()),
                         html_template=job.html_template)
    return kill_edition(slug, language, job.output, notice, job.formats)


def feed_marks(states: Mapping[str, AdvisoryState]) -> dict[str, Mark]:
    """slug -> what its advisories say, for the feeds (which show it only where the edition does)."""
    marks = {}
    for slug, state in states.items():
        if state.feed_class is None:
            continue
        marking = [a for a in state.history if a.action in CLASSES or a.action is Action.KILL]
        last = marking[-1] if marking else None
        marks[slug] = Mark(state.feed_class, last.time if last else state.time, last.revision if last else "",
                           len(state.corrections))
    return marks


def write_job_feeds(job: Job) -> list[Path]:
    from translator.publish.feed import write_feeds

    return write_feeds(job.output, job.targets, feed_marks(advisory_state(job.output)))


def catalog_revision(job: Job, language: str, slug: str) -> str:
    """The source revision the story's catalog in `language` translates in full ("" when unknown)."""
    return load_catalog(catalog_path(job.locales, language, slug)).metadata.get("X-Source-Revision", "")


def listing(job: Job) -> list[dict]:
    """Per story and language: what is held, killed, corrected, refiled or repeated, since when, and whether
    the language's catalog is still on an older revision of the source (stale)."""
    rows = []
    for slug, state in sorted(advisory_state(job.output).items()):
        status = "withdrawn" if state.killed else "held" if state.held else state.advisory_class or "released"
        for language in state.languages or tuple(job.targets):
            on = catalog_revision(job, language, slug)
            rows.append({
                "article": slug, "language": language, "status": status, "since": state.time,
                "reason": state.reason, "revision": state.revision, "catalog_revision": on,
                "stale": bool(on and state.revision and on != state.revision),
                "corrections": [{"note": c.note, "time": c.time, "revision": c.revision} for c in state.corrections],
                "history": [{"action": a.action.value, "time": a.time} for a in state.history],
            })
    return rows
