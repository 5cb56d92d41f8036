from __future__ import annotations

import math

import pytest

from translator.article import BlockKind
from translator.findings import Finding, Severity
from translator.memory.catalog import State
from translator.review.risk import confidence_from_logprob, risk_band, unit_risk

BLOCKING = Finding("numbers", Severity.BLOCKING, "2.5 became 25")
WARNING = Finding("glossary", Severity.WARNING, "NATO → НАТО missing")
INFO = Finding("length", Severity.INFO, "target twice as long")


@pytest.mark.parametrize("prominent", [BlockKind.HEADLINE, BlockKind.SUBHEADLINE, BlockKind.LEAD, BlockKind.CAPTION,
                                       BlockKind.QUOTE])
def test_a_finding_in_a_prominent_block_outranks_the_same_finding_in_a_paragraph(prominent):
    paragraph = unit_risk([BLOCKING], kind=BlockKind.PARAGRAPH, state=State.MACHINE)
    assert unit_risk([BLOCKING], kind=prominent, state=State.MACHINE) > paragraph


def test_a_blocking_finding_is_high_in_a_headline_and_not_in_a_paragraph():
    assert risk_band(unit_risk([BLOCKING], kind=BlockKind.HEADLINE, state=State.MACHINE)) == "high"
    assert risk_band(unit_risk([BLOCKING], kind=BlockKind.PARAGRAPH, state=State.MACHINE)) == "medium"


@pytest.mark.parametrize("kind", [BlockKind.HEADLINE, BlockKind.PARAGRAPH, BlockKind.CAPTION])
@pytest.mark.parametrize("confidence", [None, 0.0, 0.9])
def test_approved_without_findings_is_low(kind, confidence):
    risk = unit_risk([], kind=kind, state=State.APPROVED, confidence=confidence)
    assert risk_band(risk) == "low"
    assert risk < unit_risk([], kind=kind, state=State.MACHINE, confidence=confidence)


def test_approval_lowers_the_risk_of_the_same_findings():
    machine = unit_risk([BLOCKING, WARNING], kind=BlockKind.LEAD, state=State.MACHINE)
    approved = unit_risk([BLOCKING, WARNING], kind=BlockKind.LEAD, state=State.APPROVED)
    assert 0 < approved < machine


@pytest.mark.parametrize("finding", [BLOCKING, WARNING, INFO], ids=lambda f: f.severity)
@pytest.mark.parametrize("count", [0, 1, 2, 5])
@pytest.mark.parametrize("state", [State.MACHINE, State.APPROVED])
def test_one_more_finding_raises_the_risk(finding, count, state):
    before = unit_risk([finding] * count, kind=BlockKind.PARAGRAPH, state=state)
    after = unit_risk([finding] * (count + 1), kind=BlockKind.PARAGRAPH, state=state)
    assert before < after <= 1.0


def test_severity_orders_the_risk():
    risks = [unit_risk([f], kind=BlockKind.PARAGRAPH, state=State.MACHINE) for f in (INFO, WARNING, BLOCKING)]
    assert risks == sorted(risks)
    assert len(set(risks)) == 3


@pytest.mark.parametrize("kind", [BlockKind.HEADLINE, BlockKind.PARAGRAPH, BlockKind.BOILERPLATE, BlockKind.CORRECTION])
def test_risk_stays_in_the_unit_interval_even_with_many_blocking_findings(kind):
    risk = unit_risk([BLOCKING] * 50, kind=kind, state=State.NEW, confidence=0.0)
    assert 0.0 < risk <= 1.0


def test_a_kind_without_a_weight_of_its_own_weighs_as_a_paragraph():
    assert unit_risk([WARNING], kind=BlockKind.CORRECTION, state=State.MACHINE) == unit_risk(
        [WARNING], kind=BlockKind.PARAGRAPH, state=State.MACHINE
    )


def test_low_engine_confidence_raises_the_risk():
    sure = unit_risk([], kind=BlockKind.HEADLINE, state=State.NEW, confidence=0.95)
    unsure = unit_risk([], kind=BlockKind.HEADLINE, state=State.NEW, confidence=0.1)
    assert sure < unsure
    assert risk_band(unsure) == "medium"


def test_confidence_is_ignored_once_approved():
    assert unit_risk([], kind=BlockKind.LEAD, state=State.APPROVED, confidence=0.0) == 0.0


@pytest.mark.parametrize("confidence", [-0.1, 1.5, math.nan])
def test_confidence_outside_the_unit_interval_is_refused(confidence):
    with pytest.raises(ValueError, match="confidence_from_logprob"):
        unit_risk([], kind=BlockKind.LEAD, state=State.NEW, confidence=confidence)


@pytest.mark.parametrize(("logprob", "expected"), [(0.0, 1.0), (-math.log(2), 0.5), (-50.0, math.exp(-50)), (0.3, 1.0)])
def test_confidence_from_logprob(logprob, expected):
    assert confidence_from_logprob(logprob) == pytest.approx(expected)


@pytest.mark.parametrize(("risk", "band"), [(0.0, "low"), (0.199, "low"), (0.2, "medium"), (0.499, "medium"),
                                            (0.5, "high"), (1.0, "high")])
def test_risk_band_edges(risk, band):
    assert risk_band(risk) == band
