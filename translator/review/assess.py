"""What the tool makes of one translated unit: check findings, glossary misses, back-translation, risk.

The run (run/pipeline.py) and the review commands (queue.py) judge a unit the same way through this one function;
like them it connects stages (checks, glossary, risk), through typed values only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from translator.article import BlockKind
from translator.checks import back_translation_similarity, check_unit, compare_back_translation
from translator.checks.grammar import check_term_agreement
from translator.checks.route_quality import check_route_quality
from translator.checks.signals import check_signals
from translator.findings import Finding, Note, NoteKind, Severity
from translator.glossary.enforce import verify
from translator.glossary.match import Matcher
from translator.memory.catalog import State
from translator.review.risk import unit_risk


@dataclass(frozen=True)
class Assessment:
    findings: tuple[Finding, ...]
    confidence: float | None  # the engine's score, else the back-translation similarity, in [0, 1]; None: neither
    risk: float

    @property
    def blocking(self) -> bool:
        return any(f.severity is Severity.BLOCKING for f in self.findings)


class AssessKey(NamedTuple):
    """Everything an assessment is made of: equal keys, equal assessments (review/judged.py keeps them by it)."""

    source: str
    target: str
    state: State
    kind: BlockKind
    source_language: str
    target_language: str
    glossary: tuple[str, str] | None   # the matcher's identity: its source language and checksum
    notes: tuple[Note, ...]            # only the notes the judgement reads (confidence, back-translation)
    headline_budget: int | None
    route: str | None
    route_floor: float | None


# Assessments already made in this process: the review pages written after a run judge the same units again.
_MEMO: dict[AssessKey, Assessment] = {}
_MEMO_SIZE = 50_000


def assess_unit(source: str, target: str, *, state: State, kind: BlockKind, source_language: str,
                target_language: str, matcher: Matcher | None = None, notes: Iterable[Note] = (),
                headline_budget: int | None = None, route: str | None = None, route_floor: float | None = None
                ) -> Assessment:
    """Every finding on one unit and the risk it carries, whatever its state (machine, approved, empty). `route`
    is the provenance of its text (catalog header or this run's route), judged against `route_floor`."""
    notes = tuple(n for n in notes if n.kind in (NoteKind.CONFIDENCE, NoteKind.BACK))  # all the judgement reads
    key = AssessKey(source, target, state, kind, source_language, target_language,
                    matcher.identity if matcher is not None else None, notes, headline_budget, route, route_floor)
    if (known := _MEMO.get(key)) is None:
        if len(_MEMO) >= _MEMO_SIZE:
            _MEMO.clear()
        known = _MEMO[key] = _assess(source, target, state=state, kind=kind, source_language=source_language,
                                     target_language=target_language, matcher=matcher, notes=notes,
                                     headline_budget=headline_budget, route=route, route_floor=route_floor)
    return known


def remembered(target_language: str) -> list[tuple[AssessKey, Assessment]]:
    """The assessments this process holds for units in `target_language`, oldest first (review/judged.py keeps
    them between runs)."""
    return [(key, assessment) for key, assessment in _MEMO.items() if key.target_language == target_language]


def remember(entries: Iterable[tuple[AssessKey, Assessment]]) -> None:
    """Assessments made by an earlier process under the same keys (review/judged.py checks that the tool, its
    dictionaries and word lists are the same); what this process already holds is kept."""
    for key, assessment in entries:
        if len(_MEMO) >= _MEMO_SIZE:
            return
        _MEMO.setdefault(key, assessment)


def _assess(source: str, target: str, *, state: State, kind: BlockKind, source_language: str,
            target_language: str, matcher: Matcher | None, notes: tuple[Note, ...], headline_budget: int | None,
            route: str | None, route_floor: float | None) -> Assessment:
    reviewed = state is State.APPROVED  # a human decided: its findings are warnings, never blocking
    known = [m.text for m in matcher.find(source)] if matcher is not None else []
    findings = check_unit(source, target, source_language, target_language, kind=kind.value, reviewed=reviewed,
                          headline_budget=headline_budget, known_names=known)
    if not reviewed and target.strip():  # approving the unit is what the route floor asks for
        findings += check_route_quality(route, kind, route_floor)
        if matcher is not None:
            forms = [form for m in matcher.find(source) if (form := m.term.target(target_language))]
            findings += check_term_agreement(target, forms, target_language)
    if matcher is not None and target.strip():
        verdict = verify(source, target, matcher, target_language)
        findings += [Finding("glossary", Severity.WARNING, f"miss: {term} → {form}") for term, form in verdict.misses]
        # a form the terminologists deprecated is a known error, not a paraphrase: it holds machine output
        findings += [Finding("glossary", Severity.BLOCKING, f"forbidden: {term} → {form} (deprecated in the glossary)")
                     for term, form in verdict.forbidden]
    engine, back, similarity = None, None, None
    for note in notes if target.strip() and not reviewed else ():
        if note.kind is NoteKind.CONFIDENCE:
            engine = _fraction(note.form)
        elif note.kind is NoteKind.BACK:
            findings += compare_back_translation(source, note.form, source_language, target_language)
            similarity = back_translation_similarity(source, note.form)
            back = min(1.0, similarity / 100)
    if target.strip() and not reviewed:
        findings += check_signals(source, target, source_language, target_language, kind=kind,
                                  back_similarity=similarity, confidence=engine, route=route)
    confidence = engine if engine is not None else back  # the engine's own score first, where it has one
    return Assessment(tuple(findings), confidence, unit_risk(findings, kind=kind, state=state, confidence=confidence))


def _fraction(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None  # a hand-edited comment: no score rather than a wrong one
    return value if 0.0 <= value <= 1.0 else None
