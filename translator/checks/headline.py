"""Headline length: the budget in characters a job gives each language's headlines."""

from __future__ import annotations

from translator.findings import Finding, Severity

CHECK = "headline-length"


def check_headline_length(target: str, kind: str, budget: int | None) -> list[Finding]:
    """A headline longer than its budget; other units and jobs without a budget are not checked."""
    if budget is None or kind != "headline":
        return []
    length = len(target.strip())
    if length <= budget:
        return []
    return [Finding(CHECK, Severity.WARNING, f"headline is {length} characters, the budget is {budget}")]
