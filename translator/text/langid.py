"""Source language detection: langdetect, seeded so the answer is the same every run, asked block by block.

One answer for the whole text hides a mix: English, Russian and Spanish paragraphs together came out as Estonian.
So each block long enough to tell is asked on its own, and the article gets a language only when those blocks
agree and each is sure; otherwise the error asks for `source`. CLD2 (translator.text.quick_language) first sees whether
every block is plainly in one language: then that is the answer, and langdetect is not asked at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from translator.errors import LanguageDetectionError
from translator.languages import normalize_code

MIN_CONFIDENCE = 0.80
MIN_LETTERS = 20
BLOCK_LETTERS = 40  # shorter blocks (headlines, captions, credits) are too short to ask on their own
AGREEMENT = 0.90  # the share of the asked blocks' letters the chosen language must hold
HINT = "set the source language with `source = \"en\"` in the job or --from en"


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _candidates(text: str, where: str):
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect_langs(text)
    except LangDetectException as exc:
        raise LanguageDetectionError(f"{where}: language undetectable ({exc}); {HINT}") from exc


def detect_language(text: str, where: str) -> tuple[str, float]:
    """Return (language code, confidence) for `text` as one piece, or raise naming `where` and what to do."""
    if _letters(text) < MIN_LETTERS:
        raise LanguageDetectionError(f"{where}: too little text to detect its language; {HINT}")
    candidates = _candidates(text, where)
    best = candidates[0]
    if best.prob < MIN_CONFIDENCE:
        mix = ", ".join(f"{c.lang} {c.prob:.0%}" for c in candidates[:3])
        raise LanguageDetectionError(f"{where}: mixed or uncertain language ({mix}); {HINT}")
    return normalize_code(best.lang), round(best.prob, 3)


def _plainly_one_language(asked: Sequence[tuple[object, str, int]]) -> tuple[str, float] | None:
    """When CLD2 finds every block plainly in one language, that is the article's language, with the letter-weighted
    mean of CLD2's shares as its confidence (langdetect is not asked: it costs more than the rest of the reading);
    None sends the article to langdetect's block-by-block judgement."""
    from translator.text.quick_language import reading

    found = [(reading(text), letters) for _, text, letters in asked]
    if any(answer is None for answer, _ in found) or len({answer[0] for answer, _ in found}) != 1:
        return None
    total = sum(letters for _, letters in found)
    return found[0][0][0], round(sum(answer[1] * letters for answer, letters in found) / total, 3)


def detect_blocks(blocks: Sequence[tuple[int, str]], where: str) -> tuple[str, float]:
    """(language, confidence) of an article from its blocks, given as (source line, text).

    The confidence is the letter-weighted mean of each asked block's probability for the chosen language (a block
    that chose another counts 0). Blocks that disagree, or an uncertain block, raise naming their lines.
    """
    asked = [(line, text, _letters(text)) for line, text in blocks if _letters(text) >= BLOCK_LETTERS]
    if not asked:  # a short article: one answer for all of it
        return detect_language("\n\n".join(text for _, text in blocks), where)
    agreed = _plainly_one_language(asked)
    if agreed is not None:
        return agreed
    shares: dict[str, int] = defaultdict(int)
    sure: dict[str, float] = defaultdict(float)
    lines: dict[str, list[str]] = defaultdict(list)
    for line, text, letters in asked:
        best = _candidates(text, where)[0]
        code = normalize_code(best.lang)
        shares[code] += letters
        sure[code] += best.prob * letters
        lines[code].append(str(line) if line else "?")
    total = sum(shares.values())
    winner = max(shares, key=shares.get)
    confidence = sure[winner] / total
    if shares[winner] / total < AGREEMENT or confidence < MIN_CONFIDENCE:
        mix = ", ".join(f"{code} in {shares[code] / total:.0%} of the text, {sure[code] / shares[code]:.0%} sure "
                        f"(line {', '.join(lines[code][:5])})"
                        for code in sorted(shares, key=shares.get, reverse=True)[:4])
        raise LanguageDetectionError(f"{where}: mixed or uncertain language, block by block: {mix}; {HINT}")
    return winner, round(confidence, 3)
