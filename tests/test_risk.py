from __future__ import annotations

import math

import pytest

from translator.findings import Finding, Severity
from translator.review.risk import confidence_from_logprob, risk_band, unit_risk

BLOCKING = Finding("numbers", Severity.BLOCKING, "2.5 became 25")
WARNING = Finding("glossary", Severity.WARNING, "NATO → НАТО missing")
INFO = Finding("length", Severity.INFO, "target twice as long")


@pytest.mark.parametrize("prominent", ["headline", "subheadline", "lead", "caption", "quote"])
def test_a_finding_in_a_prominent_block_outranks_the_same_finding_in_a_paragraph(prominent):
    paragraph = unit_risk([BLOCKING], kind="paragraph", state="machine")
    assert unit_risk([BLOCKING], kind=prominent, state="machine") > paragraph


def test_a_blocking_finding_is_high_in_a_headline_and_not_in_a_paragraph():
    assert risk_band(unit_risk([BLOCKING], kind="headline", state="machine")) == "high"
    assert risk_band(unit_risk([BLOCKING], kind="paragraph", state="machine")) == "medium"


@pytest.mark.parametrize("kind", ["headline", "paragraph", "caption"])
@pytest.mark.parametrize("confidence", [None, 0.0, 0.9])
def test_approved_without_findings_is_low(kind, confidence):
    risk = unit_risk([], kind=kind, state="approved", confidence=confidence)
    assert risk_band(risk) == "low"
    assert risk < unit_risk([], kind=kind, state="machine", confidence=confidence)


def test_approval_lowers_the_risk_of_the_same_findings():
    machine = unit_risk([BLOCKING, WARNING], kind="lead", state="machine")
    approved = unit_risk([BLOCKING, WARNING], kind="lead", state="approved")
    assert 0 < approved < machine


@pytest.mark.parametrize("finding", [BLOCKING, WARNING, INFO], ids=lambda f: f.severity)
@pytest.mark.parametrize("count", [0, 1, 2, 5])
@pytest.mark.parametrize("state", ["machine", "approved"])
def test_one_more_finding_raises_the_risk(finding, count, state):
    before = unit_risk([finding] * count, kind="paragraph", state=state)
    after = unit_risk([finding] * (count + 1), kind="paragraph", state=state)
    assert before < after <= 1.0


def test_severity_orders_the_risk():
    risks = [unit_risk([f], kind="paragraph", state="machine") for f in (INFO, WARNING, BLOCKING)]
    assert risks == sorted(risks)
    assert len(set(risks)) == 3


@pytest.mark.parametrize("kind", ["headline", "paragraph", "boilerplate", "unknown-kind"])
def test_risk_stays_in_the_unit_interval_even_with_many_blocking_findings(kind):
    risk = unit_risk([BLOCKING] * 50, kind=kind, state="new", confidence=0.0)
    assert 0.0 < risk <= 1.0


def test_an_unknown_kind_weighs_as_a_paragraph():
    assert unit_risk([WARNING], kind="sidebar", state="machine") == unit_risk(
        [WARNING], kind="paragraph", state="machine"
    )


def test_low_engine_confidence_raises_the_risk():
    sure = unit_risk([], kind="headline", state="new", confidence=0.95)
    unsure = unit_risk([], kind="headline", state="new", confidence=0.1)
    assert sure < unsure
    assert risk_band(unsure) == "medium"


def test_confidence_is_ignored_once_approved():
    assert unit_risk([], kind="lead", state="approved", confidence=0.0) == 0.0


@pytest.mark.parametrize("confidence", [-0.1, 1.5, math.nan])
def test_confidence_outside_the_unit_interval_is_refused(confidence):
    with pytest.raises(ValueError, match="confidence_from_logprob"):
        unit_risk([], kind="lead", state="new", confidence=confidence)


@pytest.mark.parametrize(("logprob", "expected"), [(0.0, 1.0), (-math.log(2), 0.5), (-50.0, math.exp(-50)), (0.3, 1.0)])
def test_confidence_from_logprob(logprob, expected):
    assert confidence_from_logprob(logprob) == pytest.approx(expected)


@pytest.mark.parametrize(("risk", "band"), [(0.0, "low"), (0.199, "low"), (0.2, "medium"), (0.499, "medium"),
                                            (0.5, "high"), (1.0, "high")])
def test_risk_band_edges(risk, band):
    assert risk_band(risk) == band
