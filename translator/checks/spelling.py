"""Words the target language does not have, read with its Hunspell dictionary (chunspell: Hunspell's own library).

Two defects an editor never signs and word frequencies miss: a source word left in the target that is rare in
English corpora ("brokered", "pretrial", "hydropower" are below the frequency lists' floor), and words an engine
glued together ("invasióndeescala", "CharlasdeRusia": Apertium's multiword units). The dictionaries are Debian's
(hunspell-pt-br, hunspell-pt-pt, hunspell-es, ...) in /usr/share/hunspell; a language without one is not checked.
Hunspell itself reads es_ES in about 0.1 s of CPU where spylls (its pure-Python port, used before) took 1.3 s, the
largest fixed cost of a one-article run; on every word of a 12-article es/pt job's catalogs, and every piece of its
long words the glued-words test asks about (3,600 words a language), the two answered alike.
"""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

from translator.checks._text import words
from translator.findings import Finding, Severity
from translator.languages import normalize_code

CHECK = "spelling"

# Where Debian's hunspell-* packages put the dictionaries; TRANSLATOR_HUNSPELL_PATH (folders, os.pathsep) first.
_FOLDERS = ("/usr/share/hunspell", "/usr/share/myspell/dicts", "/usr/share/myspell")
# The dictionaries read for a language, in order: the first that knows a word settles it, so the order changes
# only what is read. Brazilian (the desk's) and European forms (Bergamot's "reuniram-se", "Negócios
# Estrangeiros") are both Portuguese; pt_PT is asked first because Hunspell reads it in 0.1 s and pt_BR in 0.7 s,
# and a re-run's few new words are mostly in both.
DICTIONARIES = {"pt": ("pt_PT", "pt_BR"), "es": ("es_ES",), "ca": ("ca_ES", "ca"), "gl": ("gl_ES", "gl"),
                "fr": ("fr_FR", "fr"), "it": ("it_IT",), "de": ("de_DE",), "ro": ("ro_RO",), "nl": ("nl_NL",)}
# A source word copied into the target counts from this length: shorter ones are agencies and units ("dpa", "kg").
MIN_COPIED = 4
# A glued word splits into at least this many dictionary words ("invasión|de|escala"); two would take compounds
# the dictionary lacks ("previsible|mente").
MIN_GLUED_PARTS = 3
GLUED_LENGTH = 8  # shorter words are not looked at for gluing
_CAPITALISED_INSIDE = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")


def _folders() -> list[Path]:
    extra = [p for p in os.environ.get("TRANSLATOR_HUNSPELL_PATH", "").split(os.pathsep) if p]
    return [Path(p) for p in (*extra, *_FOLDERS)]


@cache
def _dictionary_stem(name: str) -> Path | None:
    """Where a Hunspell dictionary ("pt_BR") lies (its path without .dic/.aff), or None if absent."""
    return next((folder / name for folder in _folders() if (folder / f"{name}.dic").is_file()), None)


@cache
def _dictionary(name: str):
    """One Hunspell dictionary by its file name ("pt_BR"), loaded (once per process); None if absent."""
    stem = _dictionary_stem(name)
    if stem is None:
        return None
    from hunspell import Hunspell  # lazy: a C++ library and a dictionary read into memory

    return Hunspell(stem.name, hunspell_data_dir=str(stem.parent))


def _spelled(dictionary, word: str) -> bool:
    try:
        return dictionary.spell(word)
    except UnicodeError:  # a lone surrogate cannot reach the C++ library: no dictionary word has one
        return False


def dictionary_files(language: str) -> list[tuple[str, Path | None]]:
    """(name, its .dic file or None where absent) of each dictionary the language is read with."""
    return [(name, stem.with_suffix(".dic") if (stem := _dictionary_stem(name)) is not None else None)
            for name in DICTIONARIES.get(normalize_code(language), ())]


def has_dictionary(language: str) -> bool:
    """Whether the language has a dictionary here: its files are looked for, not read (the first word looked up
    reads it)."""
    return any(_dictionary_stem(name) is not None for name in DICTIONARIES.get(normalize_code(language), ()))


# plain language -> word -> whether a dictionary knows it: this process's answers, and those an earlier run kept
# (review/judged.py), so that a re-run that asks only about words it asked before never reads a dictionary. By the
# plain language, as the dictionaries are chosen: pt-BR and pt ask the same ones.
_ANSWERS: dict[str, dict[str, bool]] = {}


def known(word: str, language: str) -> bool:
    """In one of the language's dictionaries; the second is read only for a word the first does not know."""
    code = normalize_code(language)
    answers = _ANSWERS.setdefault(code, {})
    if (answer := answers.get(word)) is None:
        answer = answers[word] = _look_up(word, code)
    return answer


def _look_up(word: str, code: str) -> bool:
    for name in DICTIONARIES.get(code, ()):
        dictionary = _dictionary(name)
        if dictionary is not None and _spelled(dictionary, word):
            return True
    return False


def release() -> None:
    """Let the dictionaries read so far go (a many-language run reads each language's once, not all at once);
    the answers stay."""
    _dictionary.cache_clear()


def forget_answers() -> None:
    """Drop every answer (the dictionaries found may have changed: TRANSLATOR_HUNSPELL_PATH)."""
    _ANSWERS.clear()


def answers(language: str) -> dict[str, bool]:
    """The words asked about in `language` and the dictionaries' answers (to keep them between runs)."""
    return dict(_ANSWERS.get(normalize_code(language), {}))


def take_answers(language: str, given: dict[str, bool]) -> None:
    """Answers an earlier run got from the same dictionaries (review/judged.py checks their files)."""
    _ANSWERS.setdefault(normalize_code(language), {}).update({w: a for w, a in given.items() if isinstance(a, bool)})


def _parts(word: str, language: str, memo: dict[int, int | None]) -> int | None:
    """The fewest dictionary words (2+ letters each) `word` splits into, or None."""

    def best(start: int) -> int | None:
        if start == len(word):
            return 0
        if start not in memo:
            options = [1 + rest for end in range(start + 2, len(word) + 1)
                       if known(word[start:end], language) and (rest := best(end)) is not None]
            memo[start] = min(options) if options else None
        return memo[start]

    return best(0)


def glued(word: str, language: str) -> bool:
    """Words run together: not a word itself, but three or more of them in a row."""
    if len(word) < GLUED_LENGTH or word.isupper() or known(word, language):
        return False
    parts = _parts(word, language, {})
    return parts is not None and parts >= MIN_GLUED_PARTS


def check_spelling(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """Source words left in the target that its dictionary does not know, and words glued together. Names
    (capitalised words) are the names check's, except glued ones ("CharlasdeRusia")."""
    if normalize_code(source_language) == normalize_code(target_language) or not has_dictionary(target_language):
        return []
    if [w.lower() for w in words(source)] == [w.lower() for w in words(target)]:
        return []  # the whole unit left in the source language is the untranslated check's
    in_source = {w.lower() for w in words(source)}
    left: list[str] = []
    joined: list[str] = []
    for word in dict.fromkeys(words(target)):
        if word[0].isupper() or word.isupper():
            if _CAPITALISED_INSIDE.search(word) and glued(word, target_language):
                joined.append(word)
            continue
        copied = word in in_source and len(word) >= MIN_COPIED
        if not copied and len(word) < GLUED_LENGTH:
            continue  # neither finding can come of it: the dictionary is not asked (nor read, for a short unit)
        if known(word, target_language):
            continue
        if copied:
            left.append(word)
        elif glued(word, target_language):
            joined.append(word)
    findings = []
    if left:
        findings.append(Finding(CHECK, Severity.BLOCKING,
                                f"{source_language} words left in, not {target_language}: {', '.join(left)}"))
    if joined:
        findings.append(Finding(CHECK, Severity.BLOCKING, f"words run together: {', '.join(joined)}"))
    return findings
