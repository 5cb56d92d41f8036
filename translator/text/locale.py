"""Locale data for every edition tag, from CLDR through Babel: the locale itself, the date as its readers write
it, the Open Graph locale, and which entry of a desk table (city names, credit templates, notices) serves it.

A tag with no entry of its own inherits the entry of a less specific tag (pt-BR: pt; zh-TW: zh-Hant, zt) when
that entry is written in the tag's script, told from the entry's own letters: the shipped tables write sr in
Latin, so sr-Latn inherits sr's city names and credit template while sr-Cyrl does not. Babel and langcodes are
imported on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

from translator.languages import LEGACY_TAGS, fallback_tags

if TYPE_CHECKING:
    from babel import Locale

T = TypeVar("T")

# Unicode's name for a letter's script -> its ISO 15924 code, for the alphabets a desk table is written in. Han
# is left out: simplified and traditional characters share it, so a Chinese entry takes CLDR's script for its tag.
_SCRIPTS = {"LATIN": "Latn", "CYRILLIC": "Cyrl", "ARABIC": "Arab", "GREEK": "Grek", "HEBREW": "Hebr",
            "ARMENIAN": "Armn", "GEORGIAN": "Geor", "DEVANAGARI": "Deva", "THAI": "Thai"}


# Plain codes the desk writes in another script than CLDR's default for them: a plain sr edition is Latin, like
# Apertium's sr and the shipped sr tables, so its date is too ("6. decembar 2026.", not "6. децембар 2026.").
PLAIN_SCRIPTS = {"sr": "Latn"}


@lru_cache(maxsize=256)
def cldr_locale(tag: str) -> Locale | None:
    """CLDR's locale for a tag (pt-BR -> pt_BR, zh-TW -> zh_Hant_TW, sr-Latn -> sr_Latn, zt -> zh_Hant; sr ->
    sr_Latn, see PLAIN_SCRIPTS), else that of the closest less specific tag in the same script (prs: fa_AF); None
    where CLDR has none."""
    from babel import Locale, UnknownLocaleError
    from langcodes import LanguageTagError, standardize_tag

    if tag in PLAIN_SCRIPTS:
        tag = f"{tag}-{PLAIN_SCRIPTS[tag]}"
    for candidate in fallback_tags(tag):
        try:  # standardized: the macrolanguage CLDR files it under (prs -> fa-AF, tat -> tt)
            return Locale.parse(standardize_tag(LEGACY_TAGS.get(candidate, candidate)), sep="-")
        except (UnknownLocaleError, LanguageTagError, ValueError, TypeError):
            continue
    return None


def long_date(day: date, tag: str) -> str:
    """The date as the tag's readers write it ("6 de dezembro de 2026" in pt-BR, "6. decembar 2026." in sr-Latn);
    ISO 8601 where CLDR has no locale for the tag."""
    from babel.dates import format_date

    locale = cldr_locale(tag)
    return format_date(day, format="long", locale=locale) if locale is not None else day.isoformat()


@lru_cache(maxsize=256)
def og_locale(tag: str) -> str:
    """The Open Graph locale, language_TERRITORY: pt-BR -> pt_BR, zh-TW -> zh_TW, sr-Latn -> sr_RS, and a plain
    code its likely territory from CLDR (pt -> pt_BR, es -> es_ES); the bare code where CLDR knows no territory."""
    from langcodes import Language, LanguageTagError

    try:
        language = Language.get(LEGACY_TAGS.get(tag, tag)).maximize()
    except (LanguageTagError, ValueError):
        return tag.replace("-", "_")
    code = language.language or tag
    return f"{code}_{language.territory}" if language.territory else code


def written_script(text: str) -> str | None:
    """The ISO 15924 script the letters of `text` are written in, or None when they mix scripts, are Han or are
    none ("{agencies}" placeholders and digits count for nothing)."""
    found = set()
    for ch in text.replace("{agencies}", "").replace("{name}", ""):
        if ch.isalpha():
            try:
                found.add(_SCRIPTS.get(unicodedata.name(ch).split()[0]))
            except ValueError:
                return None
    return found.pop() if len(found) == 1 else None


def entry_tag(tag: str, table: Mapping[str, T], text: Callable[[T], str] = str) -> str | None:
    """The key of the desk table's entry that serves `tag`: its own, else the closest less specific tag's whose
    text (`text` of the entry) is written in the tag's script; None when none does."""
    if tag in table:
        return tag
    scripts = {code: script for code, entry in table.items() if (script := written_script(text(entry)))}
    return next((code for code in fallback_tags(tag, scripts) if code in table), None)


def table_entry(tag: str, table: Mapping[str, T], text: Callable[[T], str] = str,
                convert: Callable[[T, Callable[[str], str]], T] | None = None) -> T | None:
    """The entry of a desk table that serves `tag` (see entry_tag); else, for a language written in two scripts
    letter for letter (Serbian), its plain language's entry in the other script, transliterated: sr-Cyrl gets
    the Latin sr table in Cyrillic. `convert(entry, transliterate)` rewrites an entry that is no text."""
    code = entry_tag(tag, table, text)
    if code is not None:
        return table[code]
    for code in fallback_tags(tag, any_script=True)[1:]:
        if code in table and (change := transliteration(written_script(text(table[code])), tag)) is not None:
            return convert(table[code], change) if convert is not None else change(table[code])
    return None


# Languages whose two scripts map letter for letter, as cyrtranslit names them.
_TRANSLITERATED = {"sr": "sr"}
_PLACEHOLDER = re.compile(r"(\{\w+\})")  # "{agencies}", "{name}": filled in later, never transliterated


@lru_cache(maxsize=64)
def transliteration(script: str | None, tag: str) -> Callable[[str], str] | None:
    """A function that writes text of `script` in the script of `tag` (Serbian Latin <-> Cyrillic), or None
    when the language has none or the scripts are the same."""
    from langcodes import Language

    language = Language.get(LEGACY_TAGS.get(tag, tag))
    code, want = _TRANSLITERATED.get(language.language or ""), language.maximize().script
    if code is None or script == want or {script, want} != {"Latn", "Cyrl"}:
        return None
    import cyrtranslit  # lazy: only a tag in the other script of a table needs it

    change = cyrtranslit.to_cyrillic if want == "Cyrl" else cyrtranslit.to_latin
    return lambda text: "".join(part if _PLACEHOLDER.fullmatch(part) else change(part, code)
                                for part in _PLACEHOLDER.split(text))
