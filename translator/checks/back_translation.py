"""Back-translation, the pure half: the source compared with the target translated back into the source language.
Running the engine is the pipeline's work; this module only compares two texts of one language."""

from __future__ import annotations

from dataclasses import replace

from translator.checks.names import check_acronyms, check_names
from translator.checks.negation import check_negation
from translator.checks.numbers import check_numbers
from translator.findings import Finding, Severity

CHECK = "back-translation"


def compare_back_translation(source: str, back_translation: str, source_language: str,
                             target_language: str | None = None) -> list[Finding]:
    """Names, numbers and negation of the source that the back-translation lost or changed. Warnings only: the
    way back has an engine's errors of its own. An engine often keeps the target's number format on the way back
    ("4,2" for pt 4,2): a number counts as kept when either language's way of writing it reads as the source's."""
    found: list[Finding] = []
    for check in (check_numbers, check_negation, check_names, check_acronyms):
        found.extend(check(source, back_translation, source_language, source_language))
    if target_language and any(f.check == "numbers" for f in found):
        target_way = {_number_claim(f) for f in check_numbers(source, back_translation, source_language,
                                                               target_language)}
        found = [f for f in found if f.check != "numbers" or not f.detail.startswith("number")
                 or _number_claim(f) in target_way]
    return [replace(f, check=CHECK, severity=Severity.WARNING, detail=f"{f.check}: {f.detail}") for f in found]


def _number_claim(finding: Finding) -> str:
    """A numbers finding without the hint after it: 'number 4.2 of the source is missing'."""
    return finding.detail.split(" (", 1)[0]


def back_translation_similarity(source: str, back_translation: str) -> float:
    """chrF (0-100) of the back-translation against the source, a number the caller stores with the unit."""
    from sacrebleu.metrics import CHRF  # lazy: sacrebleu imports its tokenizers at load

    return round(CHRF().sentence_score(back_translation, [source]).score, 1)
