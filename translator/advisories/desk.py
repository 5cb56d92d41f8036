"""What an advisory does to an edition: a kill's withdrawal, the feed marks, the feeds and the listing that follow
from the log (issuing one, which reads the job's articles as a run does, is `run/advise.py`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from translator import __version__
from translator.advisories.log import CLASSES, Action, AdvisoryState, advisory_state, now
from translator.advisories.texts import CORRECTION, WITHDRAWAL, approved_texts, missing_text
from translator.article import Article, BlockKind, Edition, EditionBlock, Provenance
from translator.job import Job
from translator.memory.catalog import catalog_path
from translator.memory.read import load_catalog
from translator.publish import kill_edition
from translator.publish.feed import Mark


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
            waiting = status == CLASSES[Action.CORRECT] and CORRECTION not in approved_texts(job.locales, language)
            rows.append({
                "article": slug, "language": language, "status": "held" if waiting else status,
                "since": state.time, "revision": state.revision, "catalog_revision": on,
                # a run holds a corrected story in a language until its correction line is approved: say so
                "reason": missing_text(job.locales, language, CORRECTION) if waiting else state.reason,
                "stale": bool(on and state.revision and on != state.revision),
                "corrections": [{"note": c.note, "time": c.time, "revision": c.revision} for c in state.corrections],
                "history": [{"action": a.action.value, "time": a.time} for a in state.history],
            })
    return rows
