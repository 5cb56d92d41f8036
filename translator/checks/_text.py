"""Text helpers the checks share: words, scripts, and a Latin spelling of Cyrillic for comparing names."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґђјљњћџ"
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g dj j lj nj c dz"
_CYRILLIC_TO_LATIN = {k: v.strip("_") for k, v in zip(_CYRILLIC, _LATIN.split(), strict=True)}


# Every check of a unit reads its words, and every name check folds them: both are worked out once per text. The
# checks of one unit read the same few texts, so a small cache does it (a unit's words can be many: keep it small).
@lru_cache(maxsize=256)
def words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case, accents off, Cyrillic spelled in Latin: 'Bruxelas', 'Брюссель' and 'Brussels' come close."""
    lowered = "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in word.lower())
    decomposed = unicodedata.normalize("NFKD", lowered.replace("dzh", "j"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """'LATIN', 'CYRILLIC', 'ARABIC', ... for a letter; None for anything else."""
    if not ch.isalpha():
        return None
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return None
    if name.endswith("ORDINAL INDICATOR"):
        return "LATIN"  # "1º", "5ª": Latin-1 letters of the Latin languages that Unicode names apart
    first = name.split()[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL") else first


@lru_cache(maxsize=4096)
def is_upper_text(text: str) -> bool:
    """An ALL-CAPS line: most of its letters are capitals."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)
