"""Sentence splitting (sentencex, chosen by comparison: see README) and re-joining per language."""

from __future__ import annotations

import re

from translator.languages import normalize_code, sentence_joiner

_SPACES = re.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) into one space."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences; an empty paragraph has none."""
    import sentencex  # lazy: keeps `translator --help` instant

    text = normalize_space(text)
    if not text:
        return []
    return [s.strip() for s in sentencex.segment(normalize_code(language), text) if s.strip()]


def join_sentences(sentences: list[str], language: str) -> str:
    """Rebuild a paragraph from its translated sentences."""
    return sentence_joiner(language).join(s.strip() for s in sentences if s.strip())
