"""Settle an article in one language, pure: each unit's translation, notes, findings and risk (the one judgement,
review/judge.py), glossary forms; and the publication decision under the mode and the job's policy."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence

from translator.advisories.log import AdvisoryState
from translator.article import Article
from translator.engines.routes import NoRoute
from translator.findings import Note, NoteKind, Severity
from translator.glossary.enforce import verify
from translator.job_schema import Policy
from translator.memory.catalog import EMPTY, Key, State, Translation, Unit
from translator.review.judge import JudgeContext, judge
from translator.run.heed import mark_corrected
from translator.run.records import Batch, Mode, Outcome, PairWork
from translator.run.report import Status


def settle(article: Article, units: Sequence[Unit], found: Mapping[Key, Translation], batch: Batch,
           pair: PairWork, catalog_error: str | None, headline_budget: int | None = None,
           credit_templates: Mapping[str, str] = {}, advisory: AdvisoryState | None = None,
           route_floor: float | None = None, stored_route: str | None = None) -> Outcome:
    """Each unit's translation, notes, findings and risk; a pure function of what was found and translated.
    `stored_route` is the catalog's provenance: what made the machine text found there."""
    unique = _first_per_key(units)
    translations: dict[Key, Translation] = {}
    for unit in unique:
        new, back, score = batch.texts.get(unit.source), batch.back.get(unit.source), batch.confidence.get(unit.source)
        made = tuple(n for n in (batch.notes.get(unit.source), back and Note(NoteKind.BACK, form=back),
                                 score is not None and Note(NoteKind.CONFIDENCE, form=f"{score:.2f}")) if n)
        translations[unit.key] = found.get(unit.key) or (Translation(new, State.NEW, made) if new else EMPTY)
    notes: dict[Key, list[Note]] = {key: list(t.notes) for key, t in translations.items() if t.notes}
    term_forms = settle_glossary(unique, translations, pair, notes) if pair.matcher else ()
    mark_corrected(unique, translations, notes, advisory)
    context = JudgeContext(pair.source, pair.target, pair.matcher, headline_budget, credit_templates,
                           route_floor=route_floor)
    assessments = {}
    for unit in () if pair.copies_source else unique:
        translation = translations[unit.key]
        failure = batch.failed.get(unit.source) if translation.state is State.EMPTY else None
        if translation.text or failure is not None:  # an empty unit is held as empty, not judged
            judged = dataclasses.replace(translation, notes=tuple(notes.get(unit.key, ())))  # as its catalog keeps it
            assessments[unit.key] = judge(unit, judged, dataclasses.replace(
                context, engine_failure=failure, route=_made_by(translation.state, pair, stored_route)))
    return Outcome(article, unique, translations, {k: tuple(v) for k, v in notes.items()}, assessments,
                   term_forms, error=catalog_error or batch.error, catalog_failed=catalog_error is not None,
                   no_route=str(pair.route) if isinstance(pair.route, NoRoute) else None)


def _made_by(state: State, pair: PairWork, stored_route: str | None) -> str:
    """The route that made a unit's text: this run's for its new text, the catalog's for text found there."""
    return pair.provenance.route if state is State.NEW else stored_route or pair.provenance.route


def settle_glossary(units: Sequence[Unit], translations: Mapping[Key, Translation], pair: PairWork,
                    notes: dict[Key, list[Note]]) -> tuple[tuple[str, str], ...]:
    """Check every translated unit for its glossary forms: misses become notes; untranslated units get the terms a
    human translator must use. Returns (term, form found or "") for the glossary matrix."""
    matcher, language = pair.matcher, pair.target
    forms: list[tuple[str, str]] = []
    for unit in units:
        text = translations[unit.key].text
        if not text:
            terms = [m.term for m in matcher.find(unit.source) if m.term.target(language)]
            notes.setdefault(unit.key, []).extend(Note(NoteKind.TERMS, t.source, t.target(language)) for t in terms)
            continue
        verdict = verify(unit.source, text, matcher, language)
        forms += verdict.hits
        for term, form in verdict.misses:
            forms.append((term, ""))
            notes.setdefault(unit.key, []).append(Note(NoteKind.MISS, term, form))
    return tuple(forms)


def publication_policy(mode: Mode, policy: Policy) -> Policy:
    """The policy a delivery is decided under: the job's (or --policy), unless the mode publishes approved text
    only (`translator publish --approved-only`)."""
    return Policy.APPROVED_ONLY if mode is Mode.PUBLISH_APPROVED else policy


def decide_status(outcome: Outcome, mode: Mode, policy: Policy = Policy.QA) -> tuple[Status, str | None]:
    """Whether the article's edition is published in this language under the policy, and if not, why."""
    units = len(outcome.units)
    empty, approved = outcome.count(State.EMPTY), outcome.count(State.APPROVED)
    policy = publication_policy(mode, policy)
    if outcome.error:
        return Status.FAILED, outcome.error
    if policy is Policy.APPROVED_ONLY and approved < units:
        return Status.HELD, f"{units - approved} units not approved yet"
    if empty and outcome.no_route is not None:
        return Status.HUMAN, f"no machine route: {outcome.no_route}"
    if empty:
        return Status.HELD, "not translated yet"
    if policy is Policy.QA and (blocked := outcome.blocked()):
        checks = Counter(f.check for key in blocked for f in outcome.assessments[key].findings
                         if f.severity is Severity.BLOCKING)
        top = ", ".join(f"{check} {n}" for check, n in checks.most_common(3))
        return Status.HELD, f"{len(blocked)} units with blocking findings ({top}): review them or approve"
    return Status.OK, None


def _first_per_key(units: Sequence[Unit]) -> tuple[Unit, ...]:
    """A sentence repeated in one block kind is one catalog entry: checked and counted once."""
    first: dict[Key, Unit] = {}
    for unit in units:
        first.setdefault(unit.key, unit)
    return tuple(first.values())
