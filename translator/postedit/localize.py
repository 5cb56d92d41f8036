"""Numbers, percentages and dates in the target language's format (CLDR data through Babel).

Apertium leaves them as the English source wrote them ("31.5 por ciento", "18,000 euros", "encima abril 22");
only such source forms are rewritten, so an engine that already localised (Bergamot: "31,5") is left alone.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache

from translator.text.locale import cldr_locale, table_entry

# A number with an English separator: 31.5, 4.2, 18,000, 1,250.75 (plain integers and years need nothing).
_EN_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)|(?<![\w.,])\d+\.\d+(?![\w.]|,\d)")
# Percent words the engines write after a numeral; newspapers print the sign.
_PERCENT_WORDS = r"(?:por\s+ciento|por\s+cento|per\s+cent|percent|per\s+cento)"
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_SOURCE_DATE = re.compile(r"\b((?i:on)\s+)?(" + "|".join(m.capitalize() for m in _MONTHS)
                          + r")\s+(\d{1,2})(?:,\s+(\d{4}))?\b")
# What an engine made of "on": Apertium es "encima"/"en"/"sobre", ca "damunt"/"en"/"sobre".
_ON = r"(?i:(?:encima|en|sobre|damunt|el|em|no)\s+)?"


@lru_cache(maxsize=16)
def _symbols(language: str) -> tuple[str, str, str, str] | None:
    """(decimal mark, group mark, percent prefix, percent suffix) from CLDR, for any tag (es-419 keeps "31.5");
    None for a locale Babel lacks."""
    locale = cldr_locale(language)
    if locale is None:
        return None
    pattern = locale.percent_formats[None].pattern.split(";")[0]
    prefix, _, suffix = pattern.partition("#,##0")
    return (locale.number_symbols["latn"]["decimal"], locale.number_symbols["latn"]["group"],
            prefix.replace("%", locale.number_symbols["latn"]["percentSign"]),
            suffix.replace("%", locale.number_symbols["latn"]["percentSign"]))


def _number(text: str, language: str) -> str:
    decimal, group, _, _ = _symbols(language) or (".", ",", "", "%")
    whole, _, fraction = text.partition(".")
    digits = whole.replace(",", "")
    if "," in whole or len(digits) > 4:  # CLDR es/ca/pt group from five digits; the source grouped: keep it
        digits = f"{int(digits):,}".replace(",", group)
    return digits + (decimal + fraction if fraction else "")


def localize_numbers(source: str, translation: str, language: str) -> str:
    """Rewrite the English-formatted numbers the engine copied from `source`."""
    if _symbols(language) is None:
        return translation
    copied = {m.group(0) for m in _EN_NUMBER.finditer(source)}
    if not copied:
        return translation
    return _EN_NUMBER.sub(lambda m: _number(m.group(0), language) if m.group(0) in copied else m.group(0),
                          translation)


def localize_percent(translation: str, language: str) -> str:
    """'31,5 por ciento' -> '31,5 %' (CLDR's percent pattern: es/ca with a no-break space, pt without)."""
    symbols = _symbols(language)
    if symbols is None:
        return translation
    _, _, prefix, suffix = symbols
    pattern = re.compile(r"(\d+(?:[.,]\d+)*)\s+" + _PERCENT_WORDS + r"\b", re.IGNORECASE)
    return pattern.sub(lambda m: prefix + m.group(1) + suffix, translation)


def localize_dates(source: str, translation: str, language: str) -> str:
    """'on April 22' left as 'encima abril 22' / 'en April 22' -> 'el 22 de abril' in the CLDR long form."""
    from babel.dates import format_date, format_skeleton

    article = table_entry(language, _ARTICLE)  # pt-BR: pt's
    locale = cldr_locale(language)
    if _symbols(language) is None or article is None or locale is None:
        return translation
    for match in _SOURCE_DATE.finditer(source):
        on, month_name, day, year = match.groups()
        month = _MONTHS.index(month_name.lower()) + 1
        try:
            date = datetime.date(int(year or 2000), month, int(day))
        except ValueError:
            continue
        local_month = format_date(date, "LLLL", locale=locale)  # stand-alone: "abril", not "d’abril"
        # The month as the source wrote it, in the target language, or mistranslated ("Marcha" for March).
        left = re.compile(_ON + r"(?:(?i:" + re.escape(month_name) + "|" + re.escape(local_month)
                          + r")|[A-ZÀ-Ý]\w+)\s+" + day + (r",?\s+" + year if year else "") + r"(?!\d)")
        found = left.search(translation)
        if not found:
            continue  # the engine already wrote the date its own way
        written = format_date(date, "long", locale=locale) if year else format_skeleton("MMMMd", date,
                                                                                       locale=locale)
        written = written.replace("’", "'")  # the engines' apostrophe ("d'OTAN"), and the checks' too
        lead = article + " " if on else ""
        if found.start() == 0:
            lead = lead.capitalize()
        translation = translation[:found.start()] + lead + written + translation[found.end():]
    return translation


# The article a date takes after "on" ("on April 22" -> "el 22 de abril"), per language.
_ARTICLE = {"es": "el", "ca": "el", "pt": "em"}


def localize(source: str, translation: str, language: str) -> str:
    """Every localisation step, each a no-op where the engine already wrote the target's form."""
    text = localize_numbers(source, translation, language)
    text = localize_dates(source, text, language)
    return localize_percent(text, language)
