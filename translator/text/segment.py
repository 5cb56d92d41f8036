"""Sentence splitting (sentencex, chosen by comparison: see README) and re-joining per language."""

from __future__ import annotations

import re
from functools import lru_cache

from translator.languages import normalize_code, sentence_joiner
from translator.text import segment_rules, wordlists

_SPACES = re.compile(r"\s+")
# The longest unit an engine is sent: a 100,000-character line once held a whole batch for minutes.
MAX_UNIT_CHARS = 1000
_CLAUSE_END = re.compile(r"[,;:)\]»”–—،؛-] ")


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace (non-breaking spaces included) into one space."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip()


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences; an empty paragraph has none. A Markdown hard break (backslash, newline)
    stays where it is, and a sentence never ends inside an inline span (emphasis, a link, code)."""
    import sentencex  # lazy: keeps `translator --help` instant

    from translator.text.inline import HARD_BREAK, whole_spans

    text = normalize_space(text.replace("\\\n", HARD_BREAK))
    if not text:
        return []
    code = normalize_code(language)
    sentences = []
    for marker, item in segment_rules.list_items(text):  # an in-line list: each item on its own
        units = [s.strip() for s in sentencex.segment(code, item) if s.strip()]
        units = segment_rules.join_glued(units, item, code)
        if marker and units:
            units[0] = marker + units[0]
        sentences.extend(unit for s in units for unit in segment_rules.arabic_script_units(s, code))
    sentences = [s.replace(HARD_BREAK, "\\\n") for s in whole_spans(text, sentences)]
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


# What may come right before a word that starts a sentence or a clause: an end mark, a colon, an opening quote or
# bracket, a dash (and the "--" of a dateline).
CLAUSE_OPENERS = ".!?:\"“«—–("


def starts_clause(text: str, index: int, openers: str = CLAUSE_OPENERS) -> bool:
    """Whether the word at `index` of `text` starts it, a sentence or a clause (its capital says nothing then)."""
    before = text[:index].rstrip()
    return not before or before[-1] in openers or before.endswith("--")


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
    Title Case headline, and 'NATO AND RUSSIA FAIL TO AGREE' -> 'NATO and Russia fail to agree' for an ALL-CAPS one:
    engines read capitalized words as names and leave capitals untranslated. Acronyms, the first word, words the
    article capitalizes elsewhere and proper adjectives ("Kyrgyz") keep their capital; other text comes back
    unchanged."""
    words = list(_WORD.finditer(headline))
    long_words = [m.group(0) for m in words if len(m.group(0)) > 3]
    if len(long_words) < 2:
        return headline
    capitals = all(w.isupper() for w in long_words)
    if not capitals and sum(w[0].isupper() for w in long_words) < 0.6 * len(long_words):
        return headline
    out, last = [], 0
    for index, match in enumerate(words):
        word = match.group(0)
        if capitals:
            cased = _from_capitals(word, names, first=index == 0)
        else:
            keep = (index == 0 or word in names or not word[0].isupper() or any(c.isupper() for c in word[1:])
                    or _proper(word))
            cased = word if keep else word.lower()
        out.append(headline[last:match.start()])
        out.append(cased)
        last = match.end()
    out.append(headline[last:])
    return "".join(out)


def _from_capitals(word: str, names: set[str], first: bool) -> str:
    """One word of an ALL-CAPS headline: an acronym the article or glossary writes so stays, a name takes its
    capital, a rare short word is taken for an acronym, the rest goes to lower case."""
    if word in names:
        return word  # NATO: written in capitals in the body or the glossary
    if word.capitalize() in names or _proper(word.capitalize()):
        return word.capitalize()
    if len(word) <= 4 and wordlists.zipf(word.lower(), "en") < RARE_SHORT:
        return word  # IMF, OSCE: not an English word
    return word.capitalize() if first else word.lower()


# English words rarer than this (Zipf scale) keep their capital: "Kyrgyz" (2.8), not "voters" (4.5). The small word
# list reads a word at exactly 3.00 as rarer (translator/text/wordlists.py).
RARE = 3.0
RARE_SHORT = 3.6  # "imf" 3.3, "osce" 2.6; "snap" 4.0, "fail" 4.5


@lru_cache(maxsize=1)
def _cldr_names() -> frozenset[str]:
    """One-word language and territory names of CLDR English: nationalities and countries ("Turkish", "Kyrgyz")."""
    from babel import Locale  # lazy: CLDR data

    english = Locale("en")
    return frozenset(n for n in (*english.languages.values(), *english.territories.values()) if " " not in n)


def _proper(word: str) -> bool:
    """A capitalised word that is a proper noun or adjective in English, not a common word capitalised by Title
    Case: a CLDR language or country name, or a word too rare to be a common English one."""
    return word[:1].isupper() and (word in _cldr_names() or wordlists.zipf(word.lower(), "en") < RARE)
