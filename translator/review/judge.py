"""The one judgement of a unit: what the run settles it with, what the review pages, `review next` and the review
app show. Every caller judges through `judge`, so a unit read back from its catalog is judged as the run judged it.

Built on assess.py (checks, glossary misses, back-translation, confidence, risk), it adds what the desk and the run
know of a unit: inline markup the machine text lost, a credit line machine-translated for want of a template, a
correction that changed it, a text the engine could not make.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from translator.article import BlockKind
from translator.desk import blocks as desk_blocks
from translator.findings import Finding, NoteKind, Severity
from translator.glossary.match import Matcher
from translator.memory.catalog import State, Translation, Unit
from translator.review.assess import Assessment, assess_unit
from translator.review.risk import unit_risk
from translator.text import inline


@dataclass(frozen=True)
class JudgeContext:
    """What a unit is judged against, the same for every unit of one article in one language."""

    source_language: str
    target_language: str
    matcher: Matcher | None = None        # the glossary, when its source language is the unit's
    headline_budget: int | None = None
    credit_templates: Mapping[str, str] = field(default_factory=dict)   # the job's [credits]
    engine_failure: str | None = None     # why the engine could not translate this unit, even alone (the run's
                                          # knowledge: a catalog keeps no such thing)
    route: str | None = None              # what made the unit's text: this run's route, or the catalog's
    route_floor: float | None = None      # the job's [publish] route_floor


def judged_state(translation: Translation) -> State:
    """The state a unit is judged in: approved, machine or empty. Text from another catalog or this run is judged as
    machine text: an approval elsewhere was for another article."""
    if translation.state is State.APPROVED:
        return State.APPROVED
    return State.MACHINE if translation.text else State.EMPTY


def judge(unit: Unit, translation: Translation, context: JudgeContext) -> Assessment:
    """Every finding on one unit in one language and the risk it carries."""
    state, kind = judged_state(translation), unit.kind
    if not translation.text and context.engine_failure is not None:  # a human's job: what the engine said
        findings: tuple[Finding, ...] = (Finding("engine", Severity.BLOCKING, context.engine_failure),)
        return Assessment(findings, None, unit_risk(findings, kind=kind, state=state))
    assessment = assess_unit(unit.source, translation.text, state=state, kind=kind,
                             source_language=context.source_language, target_language=context.target_language,
                             matcher=context.matcher, notes=translation.notes,
                             headline_budget=context.headline_budget, route=context.route,
                             route_floor=context.route_floor)
    extra = _desk_findings(unit, translation, context) if state is State.MACHINE else []
    corrected = state is not State.APPROVED and any(n.kind is NoteKind.CORRECTED for n in translation.notes)
    before = [_CORRECTION] if corrected else []
    if not (extra or before):
        return assessment
    findings = (*before, *assessment.findings, *extra)
    return Assessment(findings, assessment.confidence, unit_risk(findings, kind=kind, state=state,
                                                                 confidence=assessment.confidence))


_CORRECTION = Finding("correction", Severity.WARNING, "changed by a correction: goes out in every language")


def _desk_findings(unit: Unit, translation: Translation, context: JudgeContext) -> list[Finding]:
    """Machine text that lost inline markup (emphasis, links) of its source: `markup`; a credit line machine-
    translated for want of a credit template: `credit`."""
    found = [f for f in (inline.markup_finding(unit.source, translation.text),) if f]
    if unit.kind is BlockKind.CREDIT:
        found += desk_blocks.credit_findings(unit.source, context.source_language, context.target_language,
                                             context.credit_templates)
    return found
