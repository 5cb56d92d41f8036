"""Numbers, clock times and month names, read with each language's own conventions (CLDR data via Babel).

A source number must come back with the same value written the target's way: en "31.5" is pt "31,5", en "1,000"
is pt "1.000", en "2 p.m." is pt "14h". A number written the source's way in the target reads as another value
there ("31.5" in pt is 31 and 5), so it is caught by the same comparison.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from translator.checks._text import words
from translator.findings import Finding, Severity
from translator.languages import normalize_code

CHECK = "numbers"

_NUMBER = re.compile(r"\d+(?:(?:[.,\u00a0\u202f' ]|\u2009)\d+)*")
_SPACES = re.compile("[\u00a0\u202f\u2009 ]")  # the spaces a language may group digits with
# Twelve-hour times in English: "2 p.m.", "10:30 am", "7pm".
_EN_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)
# Twenty-four-hour times as the target languages write them: "14h", "14h30", "14:30", "14 horas".
_TIME_24 = re.compile(  # not the fraction of a decimal: "4,5 horas" is four and a half hours
    r"(?<!\d[.,])\b([01]?\d|2[0-3])(?:\s?h(?:(\d{2})|\b)|:(\d{2})\b|\s(?:horas?|hores|ч\.?|часов|часа|sati|сати)\b)",
    re.IGNORECASE,
)


# (whole word -> indexes, stem -> indexes, the stems' lengths) of month or weekday names.
_Forms = tuple[dict[str, set[int]], dict[str, set[int]], tuple[int, ...]]


@lru_cache(maxsize=64)
def number_symbols(language: str) -> tuple[str, str]:
    """(decimal mark, group separator) of a language tag from CLDR, the same locale post-editing writes numbers
    with (es-419: "31.5", es: "31,5"); English marks when CLDR has no locale for it."""
    from translator.text.locale import cldr_locale

    locale = cldr_locale(language)
    if locale is None:
        return ".", ","
    symbols = locale.number_symbols
    table = symbols.get("latn", symbols)
    return table.get("decimal", "."), table.get("group", ",")


def _calendar_names(language: str, count: int, forms_of) -> tuple[tuple[str, ...], ...]:
    """For each of `count` months or weekdays, the lower-case names `forms_of(locale)` gives as (index, names)
    pairs, over the locales a language is written with. Serbian is written in both scripts, and the hbs engines
    write the Croatian and Bosnian names as well ("listopad" for October), so a Serbian target accepts those too."""
    from babel import Locale, UnknownLocaleError

    code = normalize_code(language)
    locales = ["sr", "sr_Latn", "hr", "bs"] if code == "sr" else [code]
    names: list[set[str]] = [set() for _ in range(count)]
    for name in locales:
        try:
            locale = Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            return ()
        for index, forms in forms_of(locale):
            names[index].update(forms)
    return tuple(tuple(sorted(n)) for n in names)


@lru_cache(maxsize=64)
def month_names(language: str) -> tuple[tuple[str, ...], ...]:
    """For each month, the names a language writes it with (wide, abbreviated; format and stand-alone), lower case;
    Serbian with the other hbs locales (`_calendar_names`)."""
    # "d’abril" (ca) names the month "abril"; "abr." matches the word "abr"
    return _calendar_names(language, 12, lambda locale: (
        (number - 1, {month.lower().split("’")[-1].split("'")[-1].rstrip(".")})
        for context in ("format", "stand-alone") for width in ("wide", "abbreviated")
        for number, month in locale.months[context][width].items()))


@lru_cache(maxsize=64)
def weekday_names(language: str) -> tuple[tuple[str, ...], ...]:
    """For each weekday (Monday first), the wide names a language writes it with, lower case; a Portuguese
    "terça-feira" is also "terça". Serbian with the other hbs locales, as for months."""
    return _calendar_names(language, 7, lambda locale: (
        (number, {day.lower(), day.lower().split("-")[0]})
        for context in ("format", "stand-alone") for number, day in locale.days[context]["wide"].items()))


def _value(token: str, decimal: str, group: str) -> list[Decimal]:
    """The values one digit run stands for in a language: one number when its separators fit the language's
    conventions, else each digit group on its own (a date "22.04.2013", or "31.5" read in Portuguese)."""
    group_marks = {group, "\u00a0", "\u202f", "\u2009", " "} if group in "\u00a0\u202f\u2009 " else {group}
    pieces = re.split(r"([^\d])", token)
    digits, seps = pieces[0::2], pieces[1::2]
    integer, fraction, ok = digits[0], "", True
    for sep, part in zip(seps, digits[1:]):
        if sep == decimal and not fraction and sep not in group_marks:
            fraction = part
        elif sep in group_marks and not fraction and len(part) == 3:
            integer += part
        else:
            ok = False
            break
    if ok:
        try:
            return [Decimal(f"{integer}.{fraction}" if fraction else integer).normalize()]
        except InvalidOperation:
            pass
    return [Decimal(d).normalize() for d in digits if d]


def _split_spaced(text: str, group: str) -> list[str]:
    """Digit runs of a text; a space joins digits only where the language groups with spaces."""
    found = []
    for match in _NUMBER.finditer(text):
        token = match.group(0)
        if group not in "\u00a0\u202f\u2009 ":
            found.extend(t for t in _SPACES.split(token) if t)
        else:
            found.append(token)
    return found


def _times_and_rest(text: str, language: str) -> tuple[list[str], str]:
    """Clock times as 'HH:MM' and the text with them taken out (so their digits are not counted twice)."""
    times: list[str] = []

    def twelve(match: re.Match) -> str:
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        hour += 12 if match.group(3).lower() == "p" else 0
        times.append(f"{hour:02d}:{minute:02d}")
        return " "

    def twenty_four(match: re.Match) -> str:
        times.append(f"{int(match.group(1)):02d}:{int(match.group(2) or match.group(3) or 0):02d}")
        return " "

    text = _EN_TIME.sub(twelve, text)
    if normalize_code(language) != "en":
        text = _TIME_24.sub(twenty_four, text)
    return times, text


def read_numbers(text: str, language: str) -> tuple[Counter, Counter]:
    """(times, numbers) of a text as the language reads them."""
    decimal, group = number_symbols(language)
    times, rest = _times_and_rest(text, language)
    values: Counter = Counter()
    for token in _split_spaced(rest, group):
        values.update(_value(token, decimal, group))
    return Counter(times), values


@lru_cache(maxsize=4096)  # a unit's source is read once per target language
def _months(text: str, language: str) -> frozenset[int]:
    return _named(text, _name_forms(month_names(language)))


@lru_cache(maxsize=4096)
def _weekdays(text: str, language: str) -> frozenset[int]:
    return _named(text, _name_forms(weekday_names(language)))


def _named(text: str, forms: _Forms) -> frozenset[int]:
    """The months (or weekdays) a text names, by the index of their forms."""
    lowered = {w.lower() for w in words(text)}
    lowered |= {re.split("['’]", w)[-1] for w in lowered if "'" in w or "’" in w}  # elided: Catalan "d'abril"
    whole, stems, lengths = forms
    found: set[int] = set()
    for word in lowered:
        found.update(whole.get(word, ()))
        for length in lengths:
            found.update(stems.get(word[:length], ()))
    return frozenset(found)


@lru_cache(maxsize=128)
def _name_forms(names: tuple[tuple[str, ...], ...]) -> _Forms:
    """(whole word -> months, stem -> months, the stems' lengths) of month (or weekday) names. Short forms must
    match whole words ("mar" is a word in pt); long ones may be inflected ("апреле"), so their stems match the start
    of a word."""
    whole: dict[str, set[int]] = {}
    stems: dict[str, set[int]] = {}
    for index, forms in enumerate(names):
        for form in forms:
            whole.setdefault(form, set()).add(index)
            if len(form) > 4:
                stems.setdefault(form[: max(4, len(form) - 2)], set()).add(index)
    return whole, stems, tuple(sorted({len(stem) for stem in stems}))


def _show(value: Decimal) -> str:
    return format(value, "f")


def check_numbers(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """Every number, clock time and month of the source must be in the target, written the target's way."""
    findings: list[Finding] = []
    source_times, source_values = read_numbers(source, source_language)
    target_times, target_values = read_numbers(target, target_language)
    matched = source_times & target_times
    # A target "time" no source time asked for is a plain number after all ("12 horas" = twelve hours).
    for time in (target_times - matched).elements():
        hour, minute = (int(p) for p in time.split(":"))
        target_values.update([Decimal(hour)] + ([Decimal(minute)] if minute else []))
    for time in (source_times - matched).elements():
        hour, minute = (int(p) for p in time.split(":"))
        # An engine may write "2 da tarde" (pt): a bare hour counts.
        bare = [b for b in (Decimal(hour), Decimal(hour % 12 or 12)) if target_values[b] > 0]
        if minute == 0 and bare:
            target_values[bare[0]] -= 1
            continue
        findings.append(Finding(CHECK, Severity.BLOCKING, f"time {time} of the source is missing"))
    if normalize_code(target_language) != "en" and (left := _EN_TIME.search(target)):
        findings.append(Finding(CHECK, Severity.BLOCKING, f"clock time written the English way: '{left.group(0)}' "
                                f"(write it as {target_language} does, 14h, 14:00)"))
    missing = source_values - target_values
    extra = target_values - source_values
    # "$1.7 billion" is "1.700 millones" in Spanish, where a billón is a million million.
    for value in _billions(source) & set(missing):
        if extra[value * 1000] > 0:
            missing[value] -= 1
            extra[value * 1000] -= 1
    missing, extra = +missing, +extra
    for value in sorted(missing):
        detail = f"number {_show(value)} of the source is missing"
        if re.search(rf"(?<![\d.,]){re.escape(_show(value))}(?![\d])", target) and "." in _show(value):
            decimal, _ = number_symbols(target_language)
            detail += f" (written with '.', the decimal mark in {target_language} is '{decimal}')"
        findings.append(Finding(CHECK, Severity.BLOCKING, detail))
    if extra and not missing:
        shown = ", ".join(_show(v) for v in sorted(extra))
        findings.append(Finding(CHECK, Severity.WARNING, f"numbers not in the source: {shown}"))
    lost_months = _months(source, source_language) - _months(target, target_language)
    for index in sorted(lost_months):
        names = month_names(target_language)
        expected = names[index][-1] if names else str(index + 1)
        findings.append(Finding(CHECK, Severity.BLOCKING, f"month {index + 1} ('{expected}') is missing"))
    for index in sorted(_weekdays(source, source_language) - _weekdays(target, target_language)):
        names = weekday_names(target_language)
        expected = max(names[index], key=len) if names else str(index + 1)
        findings.append(Finding(CHECK, Severity.BLOCKING, f"weekday {index + 1} ('{expected}') is missing"))
    return findings


_BILLION = re.compile(r"(\d+(?:\.\d+)?)\s+billion\b", re.IGNORECASE)


def _billions(source: str) -> set[Decimal]:
    """Values an English source counts in billions."""
    return {Decimal(m.group(1)) for m in _BILLION.finditer(source)}
