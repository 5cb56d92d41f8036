"""An advisory issued now: find the story as a run reads it, record the advisory for every target language at
once and do what needs no run (a kill withdraws every edition; the feeds are rewritten)."""

from __future__ import annotations

from translator.advisories.desk import withdraw, write_job_feeds
from translator.advisories.log import CLASSES, Action, Advisory, log_lock, record
from translator.advisories.texts import ensure_templates
from translator.article import Article
from translator.errors import UnknownArticle
from translator.job import Job
from translator.publish.changes import read_snapshot, snapshot_path
from translator.review.queue import glossary_matcher
from translator.run.plan import read_articles
from translator.run.report import RunReport


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
    return next((a for a in read_articles(job, RunReport(), glossary_matcher(job)) if a.slug == slug), None)


def published_sources(job: Job, slug: str) -> set[str]:
    """The source sentences of the story as last published, in any language."""
    sources: set[str] = set()
    for language in job.targets:
        data = read_snapshot(snapshot_path(job.output, language, slug)) or {}
        sources.update(source for source, _ in data.get("sentences", []))
    return sources


def _published_anywhere(job: Job, slug: str) -> bool:
    return any(snapshot_path(job.output, language, slug).exists() for language in job.targets)
