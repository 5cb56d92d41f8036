"""Word frequencies on wordfreq's Zipf scale, from its "small" word lists, and letting the loaded lists go.

The thresholds the tool compares with are at or above Zipf 3 (once per million words), and the small lists hold every
word above 3.00, with the same value as the large ones: 0.1-0.35 MB a language on disk and a few MB loaded, where a
large list takes 35-115 MB of memory (ru) and up to 0.6 s to load. Below the floor a small list says 0: a word
that rare counts as absent, as a word missing from a large list always did.

wordfreq keeps every list it loads for the life of the process: the pipeline lets them go after each language pair.
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache

FLOOR = 3.0  # the rarest Zipf frequency a small list holds (3.01; words at exactly 3.00 are left out)
_LIST = "small"


@cache  # available_languages() lists wordfreq's data folder on every call
def code_for(language: str) -> str | None:
    """wordfreq's code for a language of ours, or None where it has no list ("sr" is its "sh")."""
    from wordfreq import available_languages  # lazy: loads the word lists' index

    from translator.languages import normalize_code

    code = normalize_code(language)
    code = {"sr": "sh", "hr": "sh", "bs": "sh", "no": "nb"}.get(code, code)
    return code if code in available_languages(_LIST) else None


@lru_cache(maxsize=65536)  # the checks ask about the same words unit after unit
def zipf(word: str, language: str) -> float:
    """Zipf frequency of a word (wordfreq normalises case and form); 0 when rarer than FLOOR or no list."""
    code = code_for(language)
    if code is None:
        return 0.0
    from wordfreq import zipf_frequency  # lazy: loads the word list

    return zipf_frequency(word, code, wordlist=_LIST)


def release() -> None:
    """Drop the word lists wordfreq has loaded; the next lookup loads what it needs again."""
    zipf.cache_clear()
    wordfreq = sys.modules.get("wordfreq")
    if wordfreq is None:  # never imported: nothing to drop
        return
    for cached in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list):
        cached.cache_clear()
