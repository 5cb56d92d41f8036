"""Back-translation, the pure half: the source compared with the target translated back into the source language.
Running the engine is the pipeline's work; this module only compares two texts of one language."""

from __future__ import annotations

from collections import Counter
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
    return round(chrf(back_translation, source), 1)


CHRF_ORDER = 6  # character n-grams up to 6, no word n-grams, beta 2: sacrebleu's CHRF() defaults (chrF2)
CHRF_BETA = 2


def chrf(hypothesis: str, reference: str) -> float:
    """Sentence-level chrF of `hypothesis` against one reference, computed as sacrebleu 2's
    ``CHRF().sentence_score`` does (effective-order averaging; tests compare the two on real and random text).
    Written out because importing sacrebleu (its tokenizers, portalocker's metadata scan) took longer than a
    one-article run spends on every other check."""
    hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
    factor = CHRF_BETA ** 2
    precision = recall = 0.0
    orders = 0
    for n in range(1, CHRF_ORDER + 1):
        hyp_grams = Counter(hyp[i:i + n] for i in range(len(hyp) - n + 1))
        ref_grams = Counter(ref[i:i + n] for i in range(len(ref) - n + 1))
        hyp_count, ref_count = sum(hyp_grams.values()) if ref_grams else 0, sum(ref_grams.values())
        if hyp_count > 0 and ref_count > 0:
            match = sum(min(count, ref_grams[gram]) for gram, count in hyp_grams.items() if gram in ref_grams)
            precision += match / hyp_count
            recall += match / ref_count
            orders += 1
    if orders:
        precision /= orders
        recall /= orders
    if not precision + recall:
        return 0.0
    score = (1 + factor) * precision * recall
    score /= (factor * precision) + recall
    return 100 * score
