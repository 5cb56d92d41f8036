"""A fast first answer to "what language is this?": CLD2 (pycld2), about 300 times faster than langdetect.

langdetect stays the judge: it is what the checks' thresholds were chosen on. CLD2 only answers the common case,
a text that is plainly in the expected language, so langdetect runs on the few units that might not be (about 5 ms
each, more than Apertium takes to translate the sentence).
"""

from __future__ import annotations

from translator.languages import normalize_code

# CLD2 must be this sure (share of the text's bytes in the language, and its own reliability flag) to answer.
MIN_PERCENT = 90
_CLD2_NAMES = {"zt": "zh-Hant"}  # our code -> CLD2's, where they differ


def plainly(text: str, expected: str | None = None) -> str | None:
    """The language `text` is plainly written in, by CLD2; None when CLD2 is unsure, sees a mix, or fails.
    `expected` is a hint: a short Catalan sentence full of names is Catalan, not "unknown" (English stays English)."""
    found = reading(text, expected)
    return found[0] if found is not None else None


def reading(text: str, expected: str | None = None) -> tuple[str, float] | None:
    """(language, share of the text's bytes CLD2 gives it, 0.9-1.0) where `plainly` answers; None otherwise."""
    import pycld2  # lazy: a C extension with its tables

    code = normalize_code(expected or "")
    hint = {"hintLanguage": _CLD2_NAMES.get(code, code), "bestEffort": True} if expected else {}
    try:
        reliable, _, details = pycld2.detect(text, **hint)
    except (pycld2.error, ValueError):  # text it cannot read (lone surrogates: UnicodeError): langdetect judges
        return None
    code, percent = details[0][1], details[0][2]
    if not reliable or percent < MIN_PERCENT or code in ("un", "xxx"):
        return None
    return normalize_code(code), percent / 100


def is_plainly(text: str, language: str) -> bool:
    """True when CLD2 is sure `text` is in `language` (or the language it falls under: pt-BR is pt)."""
    return plainly(text, language) == normalize_code(language)


def best_guess(text: str) -> str | None:
    """CLD2's best guess at a text's language however unsure (an ISO 639-1 code as CLD2 writes it), or None: for
    choosing among readings of a file's bytes, where any answer helps."""
    import pycld2  # lazy: a C extension with its tables

    try:
        return pycld2.detect(text, bestEffort=True)[2][0][1]
    except (pycld2.error, ValueError):
        return None
