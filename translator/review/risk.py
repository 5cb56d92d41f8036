"""How much a unit needs a reviewer's eye: one number in [0, 1] from its findings, confidence, prominence and state.

The formula, in three steps:

1. **Evidence** that something is wrong, combined as independent signals ("noisy or"):

   ``evidence = 1 - (1 - doubt) * prod(1 - SEVERITY_WEIGHTS[f.severity] for f in findings)``

   with the severity weights blocking 0.6, warning 0.25, info 0.05. Every further finding raises the evidence
   and it never reaches 1. ``doubt`` comes from the engine: ``confidence`` is the engine's mean token
   log-probability mapped to [0, 1] by ``exp`` (the geometric mean token probability, see
   `confidence_from_logprob`); ``doubt = 0.4 * (1 - confidence)``. An engine that gives no score
   (``confidence=None``: rule-based engines, catalog reuse) counts as ``UNKNOWN_DOUBT`` = 0.15. An approved
   unit has no doubt: a reviewer has read it, so only its findings count.

2. **Prominence** of the block the unit sits in, ``PROMINENCE[kind]``: headline 1.0; subheadline and lead 0.9;
   caption and quote 0.85 (a caption or a misquote is read out of context); paragraph 0.6; credit 0.5;
   boilerplate 0.3. Any other kind (a correction) weighs as a paragraph.

3. **State**: an approved unit weighs ``APPROVED_FACTOR`` = 0.25 (its findings still count, a quarter as
   much); every other state (machine, new, shared, empty) weighs 1.

``risk = STATE_FACTOR * PROMINENCE[kind] * evidence``

`risk_band` turns the number into the word a reviewer reads: high from 0.5, medium from 0.2, else low. So one
blocking finding is high in a headline (0.66) and medium in a paragraph (0.40); unread machine output with no
findings and no score is low everywhere (at most 0.15).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from translator.article import BlockKind
from translator.findings import Finding, Severity
from translator.memory.catalog import State

SEVERITY_WEIGHTS: dict[Severity, float] = {Severity.BLOCKING: 0.6, Severity.WARNING: 0.25, Severity.INFO: 0.05}

PROMINENCE: dict[BlockKind, float] = {
    BlockKind.HEADLINE: 1.0,
    BlockKind.SUBHEADLINE: 0.9,
    BlockKind.LEAD: 0.9,
    BlockKind.CAPTION: 0.85,
    BlockKind.QUOTE: 0.85,
    BlockKind.PARAGRAPH: 0.6,
    BlockKind.CREDIT: 0.5,
    BlockKind.BOILERPLATE: 0.3,
}

CONFIDENCE_WEIGHT = 0.4
UNKNOWN_DOUBT = 0.15
APPROVED_FACTOR = 0.25

HIGH = 0.5
MEDIUM = 0.2


def confidence_from_logprob(mean_logprob: float) -> float:
    """The engine's mean token log-probability (<= 0) as a confidence in [0, 1]: its exponential."""
    return math.exp(min(0.0, mean_logprob))


def unit_risk(
    findings: Sequence[Finding], *, kind: BlockKind, state: State, confidence: float | None = None
) -> float:
    """The unit's risk in [0, 1] (see the module docstring for the formula)."""
    if confidence is not None and not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence must be in [0, 1] (use confidence_from_logprob), got {confidence!r}")
    approved = state is State.APPROVED
    if approved:
        doubt = 0.0
    elif confidence is None:
        doubt = UNKNOWN_DOUBT
    else:
        doubt = CONFIDENCE_WEIGHT * (1.0 - confidence)
    clean = 1.0 - doubt
    for finding in findings:
        clean *= 1.0 - SEVERITY_WEIGHTS[Severity(finding.severity)]
    evidence = 1.0 - clean
    factor = APPROVED_FACTOR if approved else 1.0
    return factor * PROMINENCE.get(kind, PROMINENCE[BlockKind.PARAGRAPH]) * evidence


def risk_band(risk: float) -> str:
    """'high', 'medium' or 'low'."""
    if risk >= HIGH:
        return "high"
    if risk >= MEDIUM:
        return "medium"
    return "low"
