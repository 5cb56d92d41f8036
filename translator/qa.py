"""Checks on translated units: what a reviewer should see before an edition goes out."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LEFTOVER = re.compile(r"X\s?T\s?\d+\s?X", re.IGNORECASE)


def _numbers(text: str) -> list[str]:
    return sorted(n.replace(",", ".") for n in _NUMBER.findall(text))


def check_unit(source: str, target: str, source_language: str, target_language: str) -> list[str]:
    """Findings for one unit, each a short phrase; none when it looks fine."""
    if not target.strip():
        return ["empty translation"]
    findings = []
    if source_language != target_language and target.strip() == source.strip() and len(source.split()) > 3:
        findings.append("left untranslated")
    if _LEFTOVER.search(target):
        findings.append("glossary placeholder left in the text")
    missing = [n for n in _numbers(source) if n not in _numbers(target)]
    if missing:
        findings.append("numbers differ: " + ", ".join(missing))
    return findings
