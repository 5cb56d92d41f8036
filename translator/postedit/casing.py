"""Letter case after the engine: ALL-CAPS headlines back in capitals, engine casing artefacts repaired.

Apertium copies a source word's case onto the chunk it belongs to: "NATO Secretary-General" gives "Secretario
General DE LA OTAN", "Lavrov said" gives "Lavrov Dijo". Those are repaired only where the pattern is plain: an
ALL-CAPS word of a sentence that is not in capitals, or a capitalised word right after a name the engine copied
from the source, when the word is a frequent lower-case word of the target language and not itself in the source.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")
# Zipf frequency above which a word is a common word of the language (function words, "dijo", "va", "dir").
COMMON = 5.0


@lru_cache(maxsize=8192)
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency  # lazy: loads the word lists

    try:
        return zipf_frequency(word, language)
    except LookupError:
        return 0.0


def is_all_caps(text: str) -> bool:
    """Mostly capitals: two or more words of letters, 80% of the letters upper case."""
    letters = [c for c in text if c.isalpha()]
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    return len(words) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def to_capitals(translation: str) -> str:
    """An ALL-CAPS source headline's translation, in capitals as the source was."""
    return translation.upper()


def capitalize_first(text: str) -> str:
    """A sentence that starts in lower case ("otan y ..."): its first letter up."""
    for index, char in enumerate(text):
        if char.isalpha():
            return text if char.isupper() else text[:index] + char.upper() + text[index + 1:]
        if char.isdigit():
            return text
    return text


def repair_artefacts(source: str, translation: str, language: str, keep: frozenset[str] = frozenset()) -> str:
    """Lower-case the words an engine capitalised only by copying case; `keep` are forms never touched
    (the glossary's, "OTAN")."""
    if is_all_caps(translation):
        return translation
    source_words = set(_WORD.findall(source))
    words = list(_WORD.finditer(translation))
    out, last = [], 0
    for index, match in enumerate(words):
        word = match.group(0)
        if index > 0 and word not in keep and word not in source_words and _zipf(word.lower(), language) >= COMMON:
            before = translation[words[index - 1].end():match.start()]
            if not re.search(r"[.!?:\"“«—–-]", before) and _artefact(word, before, words[index - 1].group(0),
                                                                      source_words, translation, words, index):
                word = word.lower()
        out.append(translation[last:match.start()])
        out.append(word)
        last = match.end()
    out.append(translation[last:])
    return "".join(out)


def _artefact(word: str, before: str, previous: str, source_words: set[str], text: str,
              words: list[re.Match[str]], index: int) -> bool:
    """An ALL-CAPS common word ("DE LA OTAN"), or a capitalised one right after a name copied from the source and
    ending its run of capitals ("Lavrov Dijo las")."""
    if len(word) > 1 and word.isupper():
        return True
    return (word[0].isupper() and word[1:].islower() and not before.strip() and previous in source_words
            and previous[0].isupper() and _follows_lower(text, words, index))


def _follows_lower(text: str, words: list[re.Match[str]], index: int) -> bool:
    """The word is the last capitalised one of its run: what follows is lower case, punctuation or the end."""
    if index + 1 >= len(words):
        return True
    between = text[words[index].end():words[index + 1].start()]
    return bool(between.strip()) or not words[index + 1].group(0)[0].isupper()
