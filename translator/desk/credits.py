"""Credit lines rebuilt per language: the agencies a source credit names, written into the edition language's
template ("Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP"); the table is
translator/publish/credits.toml."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from importlib import resources
from typing import Any

from translator.text.locale import cldr_locale, table_entry

_EMPHASIS = "*_"


@functools.cache
def _table() -> dict[str, Any]:
    return tomllib.loads(resources.files("translator.publish").joinpath("credits.toml").read_text("utf-8"))


@functools.cache
def _patterns(language: str) -> tuple[tuple[re.Pattern[str], ...], tuple[str, ...]]:
    source = _table()["source"].get(language, {})
    return tuple(re.compile(p, re.IGNORECASE) for p in source.get("patterns", ())), tuple(source.get("and", ()))


def agencies(text: str, language: str | None) -> list[str] | None:
    """The agencies a credit line names ("With reporting by Reuters and AFP" -> ["Reuters", "AFP"]), or None when
    the line is no agency credit of a language the table knows."""
    patterns, joiners = _patterns(language or "")
    bare = text.strip().strip(_EMPHASIS).strip()
    for pattern in patterns:
        if match := pattern.match(bare):
            words = "|".join(re.escape(w) for w in joiners)
            items = re.split(rf"\s*,\s*(?:(?:{words})\s+)?|\s+(?:{words})\s+", match.group("agencies")) if words \
                else match.group("agencies").split(",")
            names = [item.strip() for item in items if item.strip()]
            return names or None
    return None


def _entry(language: str, overrides: Mapping[str, str]) -> dict[str, str] | None:
    """The credit entry of an edition language: the job's [credits] template, else the shipped table's; a tag
    without one inherits its plain language's in the same script (pt-BR: pt's; sr-Latn: sr's, which is Latin),
    or transliterated where the language's scripts map letter for letter (sr-Cyrl: sr's in Cyrillic)."""
    if (found := table_entry(language, overrides)) is not None:
        return {"template": found}
    return table_entry(language, _table()["target"], lambda entry: entry["template"], _transliterated)


def _transliterated(entry: dict[str, str], change: Callable[[str], str]) -> dict[str, str]:
    """An entry in the other script of its language (sr-Cyrl from the Latin sr): its `locale`, which names the
    script it was written in, is left for the tag's own."""
    return {key: change(value) for key, value in entry.items() if key != "locale"}


def credit_line(names: list[str], language: str, overrides: Mapping[str, str] = {}) -> str | None:
    """The credit in `language`, or None where no template is known (the engine translates it, with a finding)."""
    entry = _entry(language, overrides)
    if entry is None:
        return None
    from babel.lists import format_list  # lazy: only runs with credits

    names = [_item(name, entry) for name in names]
    try:
        joined = format_list(names, locale=entry.get("locale") or cldr_locale(language) or language)
    except (ValueError, LookupError):  # a language Babel does not know: a plain comma list
        joined = ", ".join(names)
    return entry["template"].replace("{agencies}", joined)


_SITE = re.compile(r"\w\.[a-z]{2,}$")  # "24.kg", "Meduza.io": a website, not an agency


def _item(name: str, entry: Mapping[str, str]) -> str:
    """One name as the language lists it: Portuguese repeats the contraction ("da Reuters, da AP e do 24.kg")."""
    item = entry.get("site_item", entry.get("item")) if _SITE.search(name) else entry.get("item")
    return item.replace("{name}", name) if item else name


def wrapped_like(source: str, text: str) -> str:
    """`text` in the emphasis its source credit line was set in (*With reporting by AFP*)."""
    stripped = source.strip()
    for mark in ("**", "*", "__", "_"):
        if len(stripped) > 2 * len(mark) and stripped.startswith(mark) and stripped.endswith(mark):
            return f"{mark}{text}{mark}"
    return text
