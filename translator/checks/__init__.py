"""Checks on translated units: named functions, one module per family, each returning typed Findings.

`check_unit` runs them all on one unit. Units a reviewer approved or wrote (`reviewed=True`) get warnings only: a
human decision is never overridden. On machine units a blocking finding holds the edition.
Glossary misses are found by translator.glossary and reported as Finding("glossary", ...) by the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from translator.checks.artifacts import check_artifacts
from translator.checks.back_translation import back_translation_similarity, compare_back_translation
from translator.checks.grammar import check_grammar
from translator.checks.headline import check_headline_length
from translator.checks.language import check_language, check_script, check_untranslated
from translator.checks.length import check_length
from translator.checks.names import check_acronyms, check_dropped_names, check_name_swaps, check_names, check_urls
from translator.checks.negation import check_negation
from translator.checks.numbers import check_numbers
from translator.checks.repeats import check_repeats
from translator.checks.spelling import check_spelling
from translator.findings import Finding, Severity

__all__ = [
    "CHECKS",
    "back_translation_similarity",
    "check_unit",
    "compare_back_translation",
]

# Every check that compares a source with its target, by name, in the order findings are listed.
CHECKS = {
    "numbers": check_numbers,
    "untranslated": check_untranslated,
    "spelling": check_spelling,
    "script": check_script,
    "language": check_language,
    "repeats": check_repeats,
    "length": check_length,
    "artifacts": check_artifacts,
    "names": check_names,
    "name-swap": check_name_swaps,
    "dropped-names": check_dropped_names,
    "acronyms": check_acronyms,
    "urls": check_urls,
    "negation": check_negation,
    "grammar": check_grammar,
}
_TAKE_NAMES = {"names", "name-swap", "acronyms"}


def check_unit(
    source: str,
    target: str,
    source_language: str,
    target_language: str,
    *,
    kind: str = "paragraph",
    reviewed: bool = False,
    headline_budget: int | None = None,
    known_names: Iterable[str] = (),
) -> list[Finding]:
    """Every finding on one unit; none when it looks fine. `known_names` are glossary source terms whose target
    forms legitimately differ from them; `headline_budget` is the job's limit in characters for headlines."""
    known_names = tuple(known_names)
    if not target.strip():
        findings = [Finding("empty", Severity.BLOCKING, "no translation")] if source.strip() else []
    else:
        findings = []
        for name, check in CHECKS.items():
            if name in _TAKE_NAMES:
                findings.extend(check(source, target, source_language, target_language, known_names))
            else:
                findings.extend(check(source, target, source_language, target_language))
        findings.extend(check_headline_length(target, kind, headline_budget))
    if reviewed:
        findings = [replace(f, severity=Severity.WARNING) if f.severity is Severity.BLOCKING else f for f in findings]
    return findings
