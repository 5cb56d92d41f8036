"""wordfreq keeps every word list it loads for the life of the process (25-120 MB a language, by
benchmarks/memory.py): a run over 27 languages would hold them all at once. The pipeline lets them go after each
language pair, so a run holds the lists of the pair at hand (and the next one's, loading ahead)."""

from __future__ import annotations

import sys


def release() -> None:
    """Drop the word lists wordfreq has loaded; the next lookup loads what it needs again."""
    wordfreq = sys.modules.get("wordfreq")
    if wordfreq is None:  # never imported: nothing to drop
        return
    for cached in (wordfreq.get_frequency_dict, wordfreq.get_frequency_list):
        cached.cache_clear()
