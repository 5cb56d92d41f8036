"""Sentence splitting (sentencex, chosen by comparison: see README) and re-joining per language."""

from __future__ import annotations

import re

from translator.languages import normalize_code, sentence_joiner

_SPACES = re.compile(r"\s+")
# The longest unit an engine is sent: a 100,000-character line once held a whole batch for minutes.
MAX_UNIT_CHARS = 1000
_CLAUSE_END = re.compile(r"[,;:)\]»”–—-] ")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) into one space."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences; an empty paragraph has none."""
    import sentencex  # lazy: keeps `translator --help` instant

    text = normalize_space(text)
    if not text:
        return []
    sentences = [s.strip() for s in sentencex.segment(normalize_code(language), text) if s.strip()]
    return [piece for sentence in sentences for piece in bound_length(sentence)]


def bound_length(sentence: str, limit: int = MAX_UNIT_CHARS) -> list[str]:
    """Cut a sentence longer than `limit` into pieces of at most `limit` characters: after the last clause
    punctuation in the second half of the window, else at the last space, else (one endless word) at the limit."""
    pieces = []
    while len(sentence) > limit:
        window = sentence[: limit + 1]  # a space just past the limit is still a clean cut
        clause = max((m.end() - 1 for m in _CLAUSE_END.finditer(window, limit // 2)), default=-1)
        space = clause if clause > 0 else window.rfind(" ")
        if space > 0:
            pieces.append(sentence[:space].rstrip())
            sentence = sentence[space + 1:].lstrip()
        else:
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
    if sentence:
        pieces.append(sentence)
    return pieces


def join_sentences(sentences: list[str], language: str) -> str:
    """Rebuild a paragraph from its translated sentences."""
    return sentence_joiner(language).join(s.strip() for s in sentences if s.strip())


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def capitalized_words(sentences: list[str]) -> set[str]:
    """Names the article itself capitalizes: words with a capital inside a sentence (not first), and words of an
    ALL-CAPS dateline ("BRUSSELS --" gives "Brussels")."""
    names: set[str] = set()
    for sentence in sentences:
        previous_end = None
        for match in _WORD.finditer(sentence):
            word = match.group(0)
            starts = previous_end is None or any(d in sentence[previous_end:match.start()] for d in ("--", "—", "–"))
            if len(word) > 1 and word.isupper():
                names.update((word, word.capitalize()))
            elif not starts and word[0].isupper():
                names.add(word)
            previous_end = match.end()
    return names


def sentence_case(headline: str, names: set[str]) -> str:
    """'NATO-Russia Talks Make Little Progress' -> 'NATO-Russia talks make little progress' for an English
    Title Case headline: engines read capitalized words as names. Acronyms, the first word and words the article
    capitalizes elsewhere keep their capital; text that is not Title Case comes back unchanged."""
    words = list(_WORD.finditer(headline))
    long_words = [m.group(0) for m in words if len(m.group(0)) > 3]
    if len(long_words) < 2 or sum(w[0].isupper() for w in long_words) < 0.6 * len(long_words):
        return headline
    out, last = [], 0
    for index, match in enumerate(words):
        word = match.group(0)
        keep = index == 0 or word in names or not word[0].isupper() or any(c.isupper() for c in word[1:])
        out.append(headline[last:match.start()])
        out.append(word if keep else word.lower())
        last = match.end()
    out.append(headline[last:])
    return "".join(out)
