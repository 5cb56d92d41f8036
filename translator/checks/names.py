"""What must survive translation as it is: capitalised names (`names`), acronyms (`acronyms`), and web addresses,
e-mail addresses and handles (`urls`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from translator.checks._text import fold, is_upper_text, words
from translator.findings import Finding, Severity
from translator.text.segment import CLAUSE_OPENERS, starts_clause

# "Brussels" ~ "Bruxelas" (0.75), "Kerry" ~ "Керри"; "Turkey"/"Turquia" share a prefix instead. Chosen on the
# sample (benchmarks/qa_checks.py): below 0.6 unrelated words of the sentence start to match.
NAME_SIMILARITY = 0.6
PREFIX = 3
# Alike by sound (below) must be closer: at 0.6 a dropped name finds another word of the sentence that sounds like it.
SOUND_SIMILARITY = 0.8

_URL = re.compile(r"\bhttps?://\S+[\w/]|\bwww\.\S+[\w/]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)@\w{2,}")
_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]*[A-Z](?:[/-][A-Z]+)*\b")
# Capitalised English words that are not names: months and days are the `numbers` check's; titles are
# translated ("Secretary of State" is "secretário de Estado", "Middle East" is "Oriente Médio").
# Country abbreviations whose local forms share no letters with them ("U.S." is "EUA" in pt, "США" in ru).
_LOCAL_FORMS = {"su": {"aeu", "eeuu", "ahss", "ads", "aesu"}, "ku": {"ru", "bv", "ov"}}
_NOT_NAME_WORDS = (
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday i secretary state minister foreign president prime general "
    "council ministry department government chancellor deputy spokesman spokeswoman north south east west middle "
    "central"
)
_NOT_NAMES = frozenset(_NOT_NAME_WORDS.split())


# Spellings that sound alike across the Latin-script languages: "Kyrgyzstan" ~ "Quirguistão" (kirgistan ~
# kirgistao), "Kazakhstan" ~ "Cazaquistão", "Philippines" ~ "Filipinas".
_SOUNDS = ((re.compile(r"qu|q|ck|c(?=[aouklrt])"), "k"), (re.compile(r"gu(?=[ie])"), "g"), (re.compile("ph"), "f"),
           (re.compile("y"), "i"), (re.compile("z"), "s"), (re.compile("x"), "ks"), (re.compile("w"), "v"),
           (re.compile("h"), ""), (re.compile(r"(.)\1"), r"\1"))


@lru_cache(maxsize=65536)
def sound(folded: str) -> str:
    for pattern, replacement in _SOUNDS:
        folded = pattern.sub(replacement, folded)
    return folded


def _close(word: str, candidates: list[str], least: float | None = None) -> bool:
    least = NAME_SIMILARITY if least is None else least  # read when called: the benchmark sweeps it
    matcher = SequenceMatcher(None, word)
    for c in candidates:
        matcher.set_seq2(c)
        if matcher.real_quick_ratio() >= least and matcher.quick_ratio() >= least and matcher.ratio() >= least:
            return True
    return False


def _similar(name: str, candidates: list[str]) -> bool:
    folded = fold(name)
    if folded in candidates or (len(folded) >= PREFIX and any(c[:PREFIX] == folded[:PREFIX] for c in candidates)):
        return True  # the cheap tests first: SequenceMatcher is the cost of this check
    return _close(folded, candidates) or _close(sound(folded), [sound(c) for c in candidates], SOUND_SIMILARITY)


def _title_case(text: str) -> bool:
    """A headline in Title Case capitalises common words too; only its odd capitals are names there."""
    long_words = [w for w in words(text) if len(w) > 3]
    return len(long_words) >= 2 and all(w[0].isupper() for w in long_words)


@lru_cache(maxsize=4096)  # a source is read once per target language and again for its back-translation
def source_names(source: str) -> tuple[str, ...]:
    """Capitalised words not at the start of a sentence or clause, acronyms aside."""
    if is_upper_text(source):
        return ()
    title = _title_case(source)
    names: list[str] = []
    for match in re.finditer(r"[^\W\d_]+", source):
        word = match.group(0)
        if not word[0].isupper() or word.isupper() or word.lower() in _NOT_NAMES or len(word) < 2:
            continue
        if starts_clause(source, match.start(), CLAUSE_OPENERS + "-"):
            continue  # starts a sentence or clause (or follows a hyphen: "NATO-Russia")
        if title and not any(ch.isupper() for ch in word[1:]):
            continue
        names.append(word)
    return tuple(names)


def check_names(
    source: str, target: str, source_language: str, target_language: str, known_names: Iterable[str] = ()
) -> list[Finding]:
    """A capitalised name of the source with nothing like it in the target (its own spelling, a transliteration
    or a close form: "Brussels" ~ "Bruxelas"). Glossary terms in `known_names` are the glossary check's."""
    known = {fold(w) for term in known_names for w in words(term)}
    candidates = [fold(w) for w in words(target)]
    missing = [n for n in dict.fromkeys(source_names(source)) if fold(n) not in known and not _similar(n, candidates)]
    if not missing:
        return []
    return [Finding("names", Severity.WARNING, f"not found in the target: {', '.join(missing)}")]


def _letters(acronym: str) -> str:
    return "".join(sorted(ch for ch in fold(acronym) if ch.isalpha()))


def check_acronyms(
    source: str, target: str, source_language: str, target_language: str, known_names: Iterable[str] = ()
) -> list[Finding]:
    """An acronym of the source missing from the target. A local form with the same letters counts ("NATO" is
    "OTAN" in pt, "НАТО" in ru; "U.S." may become "EUA")."""
    if is_upper_text(source):
        return []
    known = {_letters(term) for term in known_names}
    target_sets = [_letters(w) for w in re.findall(r"[^\W\d_](?:[^\W\d_]|[./-](?=[^\W\d_]))*\.?", target)
                   if sum(ch.isupper() for ch in w) >= 2]
    missing = []
    for acronym in dict.fromkeys(_ACRONYM.findall(source)):
        letters = _letters(acronym)
        forms = _LOCAL_FORMS.get(letters, set()) | {letters}
        if letters in known or any(f == t or set(f) <= set(t) for f in forms for t in target_sets):
            continue
        missing.append(acronym)
    if not missing:
        return []
    return [Finding("acronyms", Severity.WARNING, f"not found in the target: {', '.join(missing)}")]


def check_urls(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """Web and e-mail addresses and handles must come through character for character."""
    missing = [u for u in dict.fromkeys(_URL.findall(source)) if u not in target]
    if not missing:
        return []
    return [Finding("urls", Severity.BLOCKING, f"address changed or missing: {', '.join(missing)}")]
