"""Is the target in the target language? Left-over source text (`untranslated`), letters of a script the target
language does not use (`script`), and a unit that reads as another language (`language`)."""

from __future__ import annotations

from translator.checks._text import WORD, fold, script_of, words
from translator.findings import Finding, Severity
from translator.languages import normalize_code
from translator.text import wordlists
from translator.text.quick_language import is_plainly

# Scripts each language is written in; a language not listed is not checked.
_LATIN_CODES = "en pt es ca fr it de nl ro pl cs sk sl hr bs gl oc eu ast tr az uz sq da sv nb nn fi is et lv lt hu"
_CYRILLIC_CODES = "ru uk be bg mk kk ky tt tg mn"
_ARABIC_CODES = "ar fa prs ps ur ckb sd ug"
SCRIPTS = {
    **dict.fromkeys(_LATIN_CODES.split(), frozenset({"LATIN"})),
    **dict.fromkeys(_CYRILLIC_CODES.split(), frozenset({"CYRILLIC"})),
    "sr": frozenset({"LATIN", "CYRILLIC"}),
    **dict.fromkeys(_ARABIC_CODES.split(), frozenset({"ARABIC"})),
    "he": frozenset({"HEBREW"}), "yi": frozenset({"HEBREW"}), "el": frozenset({"GREEK"}),
    "ka": frozenset({"GEORGIAN"}), "hy": frozenset({"ARMENIAN"}), "hi": frozenset({"DEVANAGARI"}),
    "zh": frozenset({"CJK"}), "zt": frozenset({"CJK"}), "ja": frozenset({"CJK"}), "ko": frozenset({"CJK"}),
}

# A word is the source language's, not the target's, when it is common in the source (Zipf frequency at least
# SOURCE_ZIPF) and rarer in the target by at least ZIPF_MARGIN. Chosen on the sample (benchmarks/qa_checks.py):
# the commonest English words leak into Portuguese corpora ("still" is 3.7 in pt, 5.9 in en).
SOURCE_ZIPF = 3.5
ZIPF_MARGIN = 1.5
# Runs of this many source words in a row hold the edition; a single word is a warning.
BLOCKING_RUN = 3
# langdetect must be this sure, on a unit of this many letters, before `language` speaks.
LANGUAGE_CONFIDENCE = 0.95
LANGUAGE_MIN_LETTERS = 40
# langdetect cannot tell these apart on one sentence.
_CLOSE = [{"pt", "es", "gl", "ca"}, {"sr", "hr", "bs", "sl", "mk"}, {"ru", "uk", "be", "bg"}, {"no", "da", "sv"}]


def source_words(target: str, source_language: str, target_language: str) -> list[list[str]]:
    """Runs of consecutive words in the target that belong to the source language rather than the target's."""
    source_code, target_code = wordlists.code_for(source_language), wordlists.code_for(target_language)
    if source_code is None or target_code is None or source_code == target_code:
        return []
    runs: list[list[str]] = []
    current: list[str] = []
    for word in words(target):
        lowered = word.lower()
        in_source = wordlists.zipf(lowered, source_language)
        # A word rarer than Zipf 3 in the target counts as absent there: English that leaks into a target's
        # corpus no longer hides a word the engine left out ("battlefield", es 2.98 in the large list).
        margin = in_source - wordlists.zipf(lowered, target_language)
        if len(lowered) > 1 and in_source >= SOURCE_ZIPF and margin >= ZIPF_MARGIN:
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def check_untranslated(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """The whole unit or runs of source-language words left in the target ("Still, as pessoas")."""
    if normalize_code(source_language) == normalize_code(target_language):
        return []
    source_words_all = [fold(w) for w in words(source)]
    target_words_all = [fold(w) for w in words(target)]
    if len(source_words_all) >= 3 and source_words_all == target_words_all:
        return [Finding("untranslated", Severity.BLOCKING, "the unit is the source text, untranslated")]
    runs = source_words(target, source_language, target_language)
    if not runs:
        return []
    longest = max(runs, key=len)
    left = sum(len(r) for r in runs)
    share = left / max(1, len(target_words_all))
    severity = Severity.BLOCKING if len(longest) >= BLOCKING_RUN or share >= 0.5 else Severity.WARNING
    shown = "; ".join(" ".join(r) for r in runs[:3])
    return [Finding("untranslated", severity, f"{source_language} words left in: {shown}")]


def check_script(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """Letters of a script the target language does not use (Cyrillic in pt, Latin in ru). Words copied from the
    source with a capital (names, acronyms: "NATO", "RFE/RL") are allowed."""
    allowed = SCRIPTS.get(normalize_code(target_language))
    if allowed is None:
        return []
    source_tokens = {w for w in words(source)}
    stray: list[str] = []
    for match in WORD.finditer(target):
        word = match.group(0)
        scripts = {script_of(ch) for ch in word} - {None}
        if scripts <= allowed:
            continue
        if word in source_tokens and word[0].isupper():
            continue
        stray.append(word)
    if not stray:
        return []
    return [Finding("script", Severity.BLOCKING, f"not in the {target_language} script: {' '.join(stray[:5])}")]


def detect(text: str) -> tuple[str, float] | None:
    """(language, probability) of a text by langdetect, seeded to answer the same each run; None when unsure."""
    from langdetect import DetectorFactory, detect_langs  # lazy: loads the language profiles
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        best = detect_langs(text.lower())[0]  # lower case: an ALL-CAPS headline reads as any language
    except LangDetectException:
        return None
    return normalize_code(best.lang), best.prob


def check_language(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """The unit reads as another language than the target's (whole sentences left in English, or the engine
    answered in a neighbour language)."""
    target_code = normalize_code(target_language)
    if sum(ch.isalpha() for ch in target) < LANGUAGE_MIN_LETTERS:
        return []
    if is_plainly(target, target_code):  # the common case, answered without langdetect's cost
        return []
    found = detect(target)
    if found is None:
        return []
    language, probability = found
    if language == target_code or probability < LANGUAGE_CONFIDENCE:
        return []
    if any(language in group and target_code in group for group in _CLOSE):
        return []
    severity = Severity.BLOCKING if language == normalize_code(source_language) else Severity.WARNING
    return [Finding("language", severity, f"reads as {language} ({probability:.0%}), not {target_code}")]
