"""Deliver an article in one language: merge into its catalog, decide its status (policy, then advisories under
the log's lock), publish the edition that passes, or withdraw; its report row."""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, datetime

from translator import __version__
from translator.advisories.desk import withdraw
from translator.advisories.log import live_state, log_lock
from translator.article import Article, BlockKind, Edition, EditionBlock, Provenance
from translator.desk import blocks as desk_blocks
from translator.errors import (
    TranslatorError,
)
from translator.job import Job
from translator.languages import fallback_tags
from translator.memory.catalog import Key, Memory, State, Translation, Unit
from translator.publish import publish_edition, withdraw_edition
from translator.review.assess import Assessment
from translator.run.heed import advisory_status, mark_corrected, standing, with_correction_texts
from translator.run.records import Mode, Outcome, PairBatch, PairWork, Plan, unit_context, unit_kind
from translator.run.report import Row, Status
from translator.run.settle import decide_status, settle
from translator.text.segment import join_sentences


def deliver_pair(plan: Plan, pair: PairWork, memory: Memory, work: PairBatch) -> Iterator[tuple[Row, Outcome]]:
    """Settle and deliver each article of the pair."""
    batch = work.batch
    new_words = _words(batch.texts) or 1
    for article in pair.articles:
        started = time.perf_counter()
        # what made the text the catalog holds (not asked of a catalog that failed to read: settle reports it)
        readable = not pair.copies_source and article.slug not in work.errors
        stored = memory.provenance(article.slug) if readable else None
        outcome = settle(article, plan.units[article.slug], work.found.get(article.slug, {}), batch, pair,
                         work.errors.get(article.slug), plan.job.headline_budget(pair.target), plan.job.route_floor,
                         stored.route if stored is not None else None)
        row = deliver(plan, pair, outcome, memory)
        row.seconds = round(batch.seconds * _words(outcome.new_sources()) / new_words
                            + time.perf_counter() - started, 3)
        yield row, outcome


def deliver(plan: Plan, pair: PairWork, outcome: Outcome, memory: Memory) -> Row:
    """Store the catalog (merged with what is on disk now), decide the status, publish the edition if it passes."""
    row = report_row(outcome, pair)
    if outcome.catalog_failed:
        row.status, row.error = Status.FAILED, outcome.error
        return row
    slug = outcome.article.slug
    outcome = mark_corrected(outcome, plan.advisories.get(slug))
    try:
        translations, provenance = outcome.translations, pair.provenance
        if not pair.copies_source:
            adds_text = outcome.count(State.NEW) + outcome.count(State.SHARED) > 0
            # Publishing never stamps; a run that added no text leaves the catalog's own provenance.
            keep = plan.mode is not Mode.TRANSLATE or (not adds_text and memory.provenance(slug) is not None)
            translations = memory.store(slug, outcome.units, outcome.translations, outcome.notes,
                                        source_language=pair.source, provenance=None if keep else provenance,
                                        revision=None if outcome.count(State.EMPTY) else outcome.article.revision())
            provenance = memory.provenance(slug) or provenance  # what the catalog says produced its text
            row.route = provenance.route
        policy = "approved-only" if plan.mode is Mode.PUBLISH_APPROVED else plan.job.publish_policy
        row.status, row.error = decide_status(outcome, plan.mode, policy)
        policy_held = row.status is Status.HELD
        with log_lock(plan.job.output):  # a kill or hold recorded since the run began wins over this delivery
            state = standing(plan.advisories.get(slug), live_state(plan.job.output).get(slug))
            row.status, row.error = advisory_status(plan, pair, outcome, memory, row.status, row.error, state)
            if row.status is Status.WITHDRAWN:
                row.withdrawn = [str(p) for p in withdraw(plan.job, slug, pair.target)]
            if row.status is Status.OK:
                provenance = dataclasses.replace(provenance, source_file=outcome.article.path, version=__version__,
                                                 time=datetime.now(UTC).isoformat(timespec="seconds"),
                                                 policy=policy, revision=outcome.article.revision())
                edition = build_edition(outcome.article, pair.target, translations, plan.job, provenance)
                edition = with_correction_texts(edition, plan.job)
                row.files = [str(p) for p in publish_edition(edition, plan.job.formats, plan.job.output)]
            elif row.status is Status.HELD and (policy_held or not (state and state.held)):
                # output/<lang>/ holds only editions that met the policy, and no edition a correction left behind
                row.withdrawn = [str(p) for p in withdraw_edition(plan.job.output, pair.target, slug)]
    except TranslatorError as exc:
        row.status, row.error = Status.FAILED, str(exc)
    return row


def report_row(outcome: Outcome, pair: PairWork) -> Row:
    counts = Counter(t.state for t in outcome.translations.values())
    row = Row(article=outcome.article.slug, language=pair.target, route=pair.provenance.route,
              units=len(outcome.units), words=_words([u.source for u in outcome.units]),
              reused_approved=counts[State.APPROVED], reused_machine=counts[State.MACHINE],
              from_shared=counts[State.SHARED], translated=counts[State.NEW], empty=counts[State.EMPTY])
    row.reused = row.reused_approved + row.reused_machine + row.from_shared
    for unit in outcome.units:
        if (assessment := outcome.assessments.get(unit.key)) is not None:
            row.qa += [f"{f.check} {f.detail}: {unit.source[:60]}" for f in assessment.findings]
            row.unit_checks.append(unit_check(unit, outcome.translations[unit.key], assessment))
    row.unit_checks.sort(key=lambda u: -u["risk"])
    row.glossary_hits = sum(1 for _, form in outcome.term_forms if form)
    row.glossary_misses = sum(1 for _, form in outcome.term_forms if not form)
    return row


def unit_check(unit: Unit, translation: Translation, assessment: Assessment) -> dict:
    """One unit's findings, risk and confidence as report.json shows them."""
    confidence = None if assessment.confidence is None else round(assessment.confidence, 3)
    return {"source": unit.source, "kind": unit_kind(unit).value, "state": translation.state,
            "risk": round(assessment.risk, 3), "confidence": confidence,
            "findings": [{"check": f.check, "severity": f.severity, "detail": f.detail} for f in assessment.findings]}


def build_edition(article: Article, language: str, translations: Mapping[Key, Translation], job: Job,
                  provenance: Provenance) -> Edition:
    blocks = []
    for block in article.blocks:
        if block.kind is BlockKind.BOILERPLATE:
            approved = _boilerplate_text(job, language, block.text)
            if approved is not None:
                blocks.append(EditionBlock(block.kind, block.text, [block.text], [approved], approved))
            continue
        context = unit_context(article, block)
        targets = [translations[(context, s)].text for s in block.sentences]
        text = desk_blocks.edition_text(block, language, join_sentences(targets, language))
        blocks.append(EditionBlock(block.kind, block.text, list(block.sentences), targets, text,
                                   attrs=dict(block.attrs), containers=block.containers))
    reviewed = all(translations[(unit_context(article, b), s)].state is State.APPROVED
                   for b in article.translatable_blocks() for s in b.sentences)
    return Edition(article, language, blocks, provenance, reviewed=reviewed, alternates=tuple(job.targets),
                   html_template=job.html_template)


def _boilerplate_text(job: Job, language: str, text: str) -> str | None:
    texts = next((job.boilerplate_texts[tag] for tag in fallback_tags(language) if tag in job.boilerplate_texts), {})
    for pattern, replacement in texts.items():  # pt-BR uses pt's approved texts when it has none of its own
        if re.search(pattern, text, re.IGNORECASE):
            return replacement
    return None


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)
