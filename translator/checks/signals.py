"""Sentence-level signals of a machine body unit: words its language's dictionary does not know, how far its
back-translation strays from the source, the engine's own confidence. Each alone says little about one sentence;
below the thresholds calibrated on the labelled set (benchmarks/judgement.py --sweep, calibration articles only)
an editor found the unit wrong, so it is held.

Body units only: the prominent ones (headline, lead, subheadline, caption, quote) are the route floor's
(route_quality.py), and a short heading's back-translation is rarely close even when it is right.
"""

from __future__ import annotations

from translator.checks._text import words
from translator.checks.route_quality import PROMINENT_KINDS
from translator.checks.spelling import has_dictionary, known
from translator.findings import Finding, Severity
from translator.languages import normalize_code

CHECK = "sentence-signals"
# Kinds that are no body text: a credit line is agency names; boilerplate has its approved text.
_NOT_BODY = PROMINENT_KINDS | {"credit", "boilerplate"}
# Calibrated on the calibration articles of benchmarks/labelled (README "Checks"): the lowest signals no human
# reference and no unit labelled good showed there, with a margin.
MAX_UNKNOWN_SHARE = 0.15   # lowercase words the dictionary lacks, of all lowercase words
MIN_BACK_SIMILARITY = 30.0  # chrF of the back-translation against the source
# The engine's own score, per engine: the scales differ (Apertium: the share of words it knew, so below 0.97 a
# lowercase word of a 30-word sentence passed through untranslated; Argos: a mean token probability, not
# calibrated on labelled output yet, so not judged).
MIN_CONFIDENCE = {"apertium": 0.97}
# Fewer lowercase words than this and a share is one word's accident.
MIN_WORDS = 6


def unknown_share(target: str, target_language: str) -> float | None:
    """The share of the target's lowercase words (2+ letters) its language's dictionary does not know; None
    without a dictionary or with too few words to judge."""
    if not has_dictionary(target_language):
        return None
    lowercase = [w for w in words(target) if len(w) > 1 and not w[0].isupper()]
    if len(lowercase) < MIN_WORDS:
        return None
    return sum(not known(w, target_language) for w in lowercase) / len(lowercase)


def _engine(route: str | None) -> str | None:
    """The engine of a one-step route ("apertium:en-es"); None for a chain, a pivot or no route."""
    if not route or ">" in route:
        return None
    return route.partition(":")[0].strip()


def check_signals(source: str, target: str, source_language: str, target_language: str, *, kind: str,
                  back_similarity: float | None = None, confidence: float | None = None,
                  route: str | None = None) -> list[Finding]:
    """A blocking finding when one of the body unit's signals is past its threshold; `back_similarity` (chrF,
    0-100) and `confidence` ([0, 1], of the engine of `route`) are None where the run has none (no reverse
    route, an engine without scores)."""
    if kind in _NOT_BODY or not target.strip() or normalize_code(source_language) == normalize_code(target_language):
        return []
    low = []
    if (share := unknown_share(target, target_language)) is not None and share > MAX_UNKNOWN_SHARE:
        low.append(f"{share:.0%} of its words not in the {target_language} dictionary (> {MAX_UNKNOWN_SHARE:.0%})")
    if back_similarity is not None and back_similarity < MIN_BACK_SIMILARITY:
        low.append(f"back-translation chrF {back_similarity:g} (< {MIN_BACK_SIMILARITY:g})")
    floor = MIN_CONFIDENCE.get(_engine(route) or "")
    if confidence is not None and floor is not None and confidence < floor:
        low.append(f"{_engine(route)} confidence {confidence:.2f} (< {floor:g})")
    return [Finding(CHECK, Severity.BLOCKING, "; ".join(low))] if low else []
