"""Dateline places in the edition language: the glossary's form when it has the place, else the city table
(translator/publish/datelines.toml), in the source's capitals (BRUSSELS -> BRUXELAS). A tag the table has no
column for takes its plain language's form in the same script (pt-BR: pt; sr-Latn: sr, which the table writes in
Latin), or transliterated where the scripts map letter for letter (sr-Cyrl: Brisel -> Брисел)."""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

from translator.glossary.match import Matcher
from translator.text.locale import table_entry


@functools.cache
def _index() -> dict[str, dict[str, str]]:
    """Every form and alias of every place, casefolded -> the place's forms by language."""
    table = tomllib.loads(resources.files("translator.publish").joinpath("datelines.toml").read_text("utf-8"))
    index: dict[str, dict[str, str]] = {}
    for english, row in table.items():
        forms = {"en": english, **{k: v for k, v in row.items() if isinstance(v, str)}}
        for name in [*forms.values(), *row.get("aliases", [])]:
            index.setdefault(name.casefold(), forms)
    return index


def _glossary_form(place: str, language: str, matcher: Matcher | None) -> str | None:
    if matcher is None:
        return None
    for term in matcher.glossary.terms:
        if term.source.casefold() == place.casefold():
            return term.target(language)
    return None


def place_in(place: str, language: str, source_language: str | None, matcher: Matcher | None = None) -> str | None:
    """The dateline place in `language`, capitalised as the source wrote it; None when neither the glossary
    (of the article's source language) nor the table knows it."""
    if language == source_language:
        return place
    glossary = matcher if matcher is not None and matcher.glossary.source_language == source_language else None
    form = _glossary_form(place, language, glossary) or table_entry(language, _index().get(place.casefold(), {}))
    if form is None:
        return None
    letters = [ch for ch in place if ch.isalpha()]
    return form.upper() if letters and all(ch.isupper() for ch in letters) else form
