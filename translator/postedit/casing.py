"""Letter case after the engine: ALL-CAPS headlines back in capitals, engine casing artefacts repaired.

Apertium copies a source word's case onto the chunk it belongs to: "NATO Secretary-General" gives "Secretario
General DE LA OTAN", "Lavrov said" gives "Lavrov Dijo". Those are repaired only where the pattern is plain: an
ALL-CAPS word of a sentence that is not in capitals, or a capitalised word right after a name the engine copied
from the source, when the word is a frequent lower-case word of the target language and not itself in the source.
"""

from __future__ import annotations

import re

from translator.text import wordlists

_WORD = re.compile(r"[^\W\d_]+(?:[·'’][^\W\d_]+)*")
# Zipf frequency above which a word is a common word of the language (function words, "dijo", "va", "dir").
COMMON = 5.0


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
    # Names the source follows with a lower-case word: "Lavrov said" (not "Kyrgyzstan's Central").
    before_lower = {m.group(1) for m in re.finditer(r"([^\W\d_]+)\s+(?=[^\W\d_])(?![A-Z])", source)}
    words = list(_WORD.finditer(translation))
    out, last = [], 0
    for index, match in enumerate(words):
        word = match.group(0)
        if index > 0 and word not in keep and word not in source_words \
                and wordlists.zipf(word.lower(), language) >= COMMON:
            previous = words[index - 1]
            between = translation[previous.end():match.start()]
            after = translation[match.end():words[index + 1].start()] if index + 1 < len(words) else ""
            if len(word) > 1 and word.isupper():
                # "DE LA OTAN": a common word in a run of capitals inside a sentence that is not in capitals
                neighbours = [w.group(0) for w in words[max(index - 1, 0):index + 2] if w is not match]
                run = (between.isspace() and previous.group(0).isupper()) or (
                    after.isspace() and index + 1 < len(words) and words[index + 1].group(0).isupper())
                if run and any(len(n) > 1 for n in neighbours) and not _in_dateline(translation, match.start()):
                    word = word.lower()
            elif (word[0].isupper() and (len(word) == 1 or word[1:].islower()) and between.isspace()
                  and previous.group(0)[0].isupper() and previous.group(0) in before_lower):
                word = word.lower()  # "Lavrov Dijo": the verb took the name's capital
        out.append(translation[last:match.start()])
        out.append(word)
        last = match.end()
    out.append(translation[last:])
    return "".join(out)


def _in_dateline(text: str, at: int) -> bool:
    """Inside a leading "BRUSSEL·LES --" dateline, capitals are the convention."""
    end = text.find("--")
    return 0 <= at < end and text[:end].upper() == text[:end]
