"""Is a glossary term in a translation? Exact form, or an accepted inflection in languages that inflect."""

from __future__ import annotations

import re
from functools import lru_cache

# Languages whose nouns and names take case endings: the check accepts inflected forms there.
INFLECTING = frozenset({
    "ru", "uk", "be", "pl", "cs", "sk", "sl", "sr", "hr", "bs", "bg", "mk", "lt", "lv", "et", "fi", "hu", "tr",
    "az", "kk", "ky", "uz", "tk", "tt", "ba", "ka", "hy",
})


@lru_cache(maxsize=4)
def _morph(language: str):
    """A pymorphy3 analyzer for ru/uk when it is installed, else None (the stem rule is used alone)."""
    if language not in ("ru", "uk"):
        return None
    try:
        import pymorphy3

        return pymorphy3.MorphAnalyzer(lang=language)
    except Exception:  # not installed, or its dictionaries are missing: the stem rule still works
        return None


_VOWELS = set("аеёиоуыэюяьйіїєaeiouy")


def _stem(word: str) -> str:
    """Drop a final vowel or soft sign: Москва -> Москв(е), Сирія -> Сирі(ї); consonant stems stay whole."""
    return word[:-1] if len(word) > 3 and word[-1].lower() in _VOWELS else word


@lru_cache(maxsize=4096)
def _pattern(form: str, language: str, exact: bool = False) -> re.Pattern[str]:
    words = form.split()
    if language in INFLECTING:
        # Each word of the term may take an ending: Расмуссен -> Расмуссена, Совет -> Совета.
        parts = [re.escape(_stem(w)) + r"\w{0,3}" if len(w) > 3 and w[-1].isalpha() else re.escape(w)
                 for w in words]
    else:
        parts = [re.escape(w) for w in words]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)", 0 if exact else re.IGNORECASE)


def _lemmas(text: str, language: str) -> list[str]:
    morph = _morph(language)
    if morph is None:
        return []
    return [morph.parse(w)[0].normal_form for w in re.findall(r"\w+", text.lower())]


def find_term(translation: str, form: str, language: str, exact: bool = False,
              alternatives: tuple[str, ...] | list[str] = ()) -> str | None:
    """The form of the term as it stands in `translation` (maybe inflected), or None when it is missing.

    `exact` terms (acronyms: "OTAN", not "otan") must keep their letter case. `alternatives` are the
    glossary's admitted synonyms of `form` (Term.alternatives): any of them found also counts.
    """
    for candidate in (form, *alternatives):
        found = _find_one(translation, candidate, language, exact)
        if found is not None:
            return found
    return None


def _find_one(translation: str, form: str, language: str, exact: bool) -> str | None:
    if not form:
        return None
    match = _pattern(form, language, exact).search(translation)
    if match:
        return match.group(0)
    if exact:
        return None
    term_lemmas = _lemmas(form, language)
    if term_lemmas:
        words = re.findall(r"\w+", translation)
        lemmas = _lemmas(translation, language)
        size = len(term_lemmas)
        for i in range(len(lemmas) - size + 1):
            if lemmas[i:i + size] == term_lemmas:
                return " ".join(words[i:i + size])
    return None


def without_forms(text: str, forms: list[str] | tuple[str, ...], language: str) -> str:
    """`text` with every occurrence of `forms` (inflected too) blanked out: a forbidden form that is only part of
    an accepted one ("Aliança" inside "Aliança Atlântica") is not counted."""
    for form in sorted((f for f in forms if f), key=len, reverse=True):
        text = _pattern(form, language).sub(" ", text)
    return text
