"""Settle an article in one language, pure: each unit's translation, notes, findings and risk (one judgement,
review/assess.py), glossary forms; and the publication decision under the mode and the job's policy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from translator.article import Article, BlockKind
from translator.desk import blocks as desk_blocks
from translator.engines.routes import NoRoute
from translator.findings import Finding, Note, NoteKind, Severity
from translator.glossary.enforce import verify
from translator.memory.catalog import EMPTY, Key, State, Translation, Unit
from translator.review.assess import Assessment, assess_unit
from translator.review.risk import unit_risk
from translator.run.records import Batch, Mode, Outcome, PairWork, unit_kind
from translator.run.report import Status
from translator.text import inline


def settle(article: Article, units: Sequence[Unit], found: Mapping[Key, Translation], batch: Batch,
           pair: PairWork, catalog_error: str | None, headline_budget: int | None = None,
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
    assessments = {
        unit.key: assess_unit(unit.source, t.text, state=_judged_state(t.state), kind=unit_kind(unit).value,
                              source_language=pair.source, target_language=pair.target, matcher=pair.matcher,
                              notes=t.notes, headline_budget=headline_budget, route_floor=route_floor,
                              route=_made_by(t.state, pair, stored_route))
        for unit in unique if (t := translations[unit.key]).text and not pair.copies_source}
    add_desk_findings(article, unique, translations, assessments, pair.target)
    for unit in unique:  # what the engine could not translate, even alone: a human's job
        if unit.source in batch.failed and translations[unit.key].state is State.EMPTY:
            findings = (Finding("engine", Severity.BLOCKING, batch.failed[unit.source]),)
            assessments[unit.key] = Assessment(findings, None, unit_risk(findings, kind=unit_kind(unit).value,
                                                                         state="empty"))
    return Outcome(article, unique, translations, {k: tuple(v) for k, v in notes.items()}, assessments,
                   term_forms, error=catalog_error or batch.error, catalog_failed=catalog_error is not None,
                   no_route=str(pair.route) if isinstance(pair.route, NoRoute) else None)


def add_desk_findings(article: Article, units: Sequence[Unit], translations: Mapping[Key, Translation],
                      assessments: dict[Key, Assessment], target: str) -> None:
    """Machine text that lost inline markup (emphasis, links) of its source carries a `markup` warning; a credit
    line machine-translated for want of a credit template, a `credit` warning."""
    for unit in units:
        found = assessments.get(unit.key)
        state = translations[unit.key].state
        if found is None or state is State.APPROVED:
            continue
        extra = [f for f in (inline.markup_finding(unit.source, translations[unit.key].text),) if f]
        if unit_kind(unit) is BlockKind.CREDIT:
            extra += desk_blocks.unit_findings(article, unit.source, target)
        if extra:
            findings = (*found.findings, *extra)
            assessments[unit.key] = Assessment(findings, found.confidence, unit_risk(
                findings, kind=unit_kind(unit).value, state=_judged_state(state), confidence=found.confidence))


def _made_by(state: State, pair: PairWork, stored_route: str | None) -> str:
    """The route that made a unit's text: this run's for its new text, the catalog's for text found there."""
    return pair.provenance.route if state is State.NEW else stored_route or pair.provenance.route


def _judged_state(state: State) -> str:
    # Text from another catalog is judged as machine text: its approval was for another article.
    return "approved" if state is State.APPROVED else "machine"


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


def decide_status(outcome: Outcome, mode: Mode, policy: str = "qa") -> tuple[Status, str | None]:
    """Whether the article's edition is published in this language under the policy, and if not, why."""
    units = len(outcome.units)
    empty, approved = outcome.count(State.EMPTY), outcome.count(State.APPROVED)
    if mode is Mode.PUBLISH_APPROVED:
        policy = "approved-only"
    if outcome.error:
        return Status.FAILED, outcome.error
    if policy == "approved-only" and approved < units:
        return Status.HELD, f"{units - approved} units not approved yet"
    if empty and outcome.no_route is not None:
        return Status.HUMAN, f"no machine route: {outcome.no_route}"
    if empty:
        return Status.HELD, "not translated yet"
    if policy == "qa" and (blocked := outcome.blocked()):
        checks = Counter(f.check for key in blocked for f in outcome.assessments[key].findings
                         if f.severity == "blocking")
        top = ", ".join(f"{check} {n}" for check, n in checks.most_common(3))
        return Status.HELD, f"{len(blocked)} units with blocking findings ({top}): review them or approve"
    return Status.OK, None


def _first_per_key(units: Sequence[Unit]) -> tuple[Unit, ...]:
    """A sentence repeated in one block kind is one catalog entry: checked and counted once."""
    first: dict[Key, Unit] = {}
    for unit in units:
        first.setdefault(unit.key, unit)
    return tuple(first.values())
