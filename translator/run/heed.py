"""The desk's advisories heeded by the run: correction blocks and notes, the status a kill, hold or missing
approved text gives a delivery, and kills or holds recorded while the run went on."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from translator.advisories.desk import withdraw
from translator.advisories.log import AdvisoryState
from translator.advisories.texts import CORRECTION, approved_texts, correction_line, missing_text
from translator.article import Article, Block, BlockKind, Edition
from translator.desk.blocks import Desk
from translator.findings import Note, NoteKind
from translator.job import Job
from translator.memory.catalog import Key, Memory, State, Translation, Unit
from translator.run.records import Outcome, PairWork, Plan
from translator.run.report import RunReport, Status
from translator.text.segment import split_sentences


def heed_late_advisories(plan: Plan, report: RunReport, advisories: Mapping[str, AdvisoryState]) -> None:
    """A kill or hold recorded while the run went on: the rows of a killed story published before it say
    withdrawn (the kill took those editions down), and the report warns of each."""
    for slug, state in advisories.items():
        before = plan.advisories.get(slug)
        if not (state.killed or state.held) or len(state.history) == len(before.history if before else ()):
            continue  # nothing new since the run began, or nothing that stops a story
        rows = [row for row in report.rows if row.article == slug]
        if not rows:
            continue
        what = "killed" if state.killed else "held"
        report.warnings.append(f"{slug}: {what} by advisory at {state.time} while the run went on"
                               + (": its editions are withdrawn" if state.killed else ": nothing new was published "
                                  "after it; what was out stays out"))
        for row in rows if state.killed else ():
            if row.status is Status.OK:  # the kill took it down already, unless given for other languages
                row.withdrawn = [*row.withdrawn, *row.files, *map(str, withdraw(plan.job, slug, row.language))]
                row.files = []
            row.status, row.error = Status.WITHDRAWN, withdrawn_reason(state)


def withdrawn_reason(state: AdvisoryState) -> str:
    """A killed story's row error, the same whether the kill came before its delivery or after."""
    return f"withdrawn by advisory ({state.time}): {state.reason}"


def with_correction_blocks(article: Article, desk: Desk, state: AdvisoryState | None, place: str
                           ) -> tuple[Article, Desk]:
    """While a story stands corrected, each correction note is a block of the article (a copy: the article read
    is left as it was): translated, stored and reviewed like any other unit, and written under each language's
    approved "Correction: {note}" text. `desk` (the desk's text of each block) keeps step with the blocks."""
    if state is None or not state.corrections:
        return article, desk
    notes = [Block(BlockKind.CORRECTION, c.note, split_sentences(c.note, article.language or "en"))
             for c in state.corrections]
    if place == "top":  # under the headline, where a reader sees it before the story
        at = next((i + 1 for i, b in enumerate(article.blocks) if b.kind is BlockKind.HEADLINE), 0)
    else:  # after the story, before the site's footer
        at = max((i + 1 for i, b in enumerate(article.blocks) if b.kind is not BlockKind.BOILERPLATE), default=0)
    return (dataclasses.replace(article, blocks=[*article.blocks[:at], *notes, *article.blocks[at:]]),
            (*desk[:at], *(None for _ in notes), *desk[at:]))


def mark_corrected(units: Sequence[Unit], translations: Mapping[Key, Translation], notes: dict[Key, list[Note]],
                   state: AdvisoryState | None) -> None:
    """Units a correction changed, and the correction notes, carry a note (added to `notes`) that puts them first
    in the review queue until a reviewer approves them."""
    if state is None or not state.corrections:
        return
    for unit in units:
        corrected = unit.source in state.changed or unit.kind is BlockKind.CORRECTION
        if corrected and translations[unit.key].state is not State.APPROVED:
            notes[unit.key] = [Note(NoteKind.CORRECTED), *notes.get(unit.key, ())]


def standing(planned: AdvisoryState | None, live: AdvisoryState | None) -> AdvisoryState | None:
    """The story's state for a delivery: kills, holds and releases as the log stands now (`live`); corrections as
    the run planned them (its articles carry those notes; a later one is the next run's work)."""
    if live is None:
        return planned
    return dataclasses.replace(planned or AdvisoryState(live.slug), held=live.held, killed=live.killed,
                               reason=live.reason, time=live.time)


def advisory_status(plan: Plan, pair: PairWork, outcome: Outcome, memory: Memory, status: Status,
                    error: str | None, state: AdvisoryState | None) -> tuple[Status, str | None]:
    """The status once the desk's advisories are heard: killed, held, stale, or waiting for an approved text."""
    if state is None:
        return status, error
    if state.killed:
        return Status.WITHDRAWN, withdrawn_reason(state)
    if state.held:
        return Status.HELD, f"held by advisory ({state.time})" + (f": {state.reason}" if state.reason else "")
    if status is not Status.OK:
        stored = memory.provenance(outcome.article.slug) if not pair.copies_source else None
        current = outcome.article.revision()
        if stored is not None and stored.revision and stored.revision != current:
            return Status.STALE, f"catalog on source revision {stored.revision}, the source is on {current}: {error}"
        return status, error
    if state.corrections and CORRECTION not in approved_texts(plan.job.locales, pair.target):
        return Status.HELD, missing_text(plan.job.locales, pair.target, CORRECTION)
    return status, error


def with_correction_texts(edition: Edition, job: Job) -> Edition:
    """Each correction block under the language's approved correction text (advisory_status checked it)."""
    if not any(block.kind is BlockKind.CORRECTION for block in edition.blocks):
        return edition
    template = approved_texts(job.locales, edition.language)[CORRECTION]
    for block in edition.blocks:
        if block.kind is BlockKind.CORRECTION:
            block.target = correction_line(template, block.target)
    return edition
