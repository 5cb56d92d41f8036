"""Source language detection: langdetect, seeded so the answer is the same every run."""

from __future__ import annotations

from translator.errors import LanguageDetectionError
from translator.languages import normalize_code

MIN_CONFIDENCE = 0.80
MIN_LETTERS = 20


def detect_language(text: str, where: str) -> tuple[str, float]:
    """Return (language code, confidence) for `text`, or raise naming `where` and what to do."""
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    hint = "set the source language with `source = \"en\"` in the job or --from en"
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        raise LanguageDetectionError(f"{where}: too little text to detect its language; {hint}")
    DetectorFactory.seed = 0
    try:
        candidates = detect_langs(text)
    except LangDetectException as exc:
        raise LanguageDetectionError(f"{where}: language undetectable ({exc}); {hint}") from exc
    best = candidates[0]
    if best.prob < MIN_CONFIDENCE:
        mix = ", ".join(f"{c.lang} {c.prob:.0%}" for c in candidates[:3])
        raise LanguageDetectionError(f"{where}: mixed or uncertain language ({mix}); {hint}")
    return normalize_code(best.lang), round(best.prob, 3)
