"""Where the imported translation memory of a language lives, and how it is read: locales/<lang>/_memory.po
(written by memory/imported.py). Beside the catalogs and outside LC_MESSAGES, so it is no article's catalog."""

from __future__ import annotations

from pathlib import Path

from translator.languages import gettext_locale
from translator.memory.read import load_catalog

FILE_NAME = "_memory.po"


def memory_path(locales: Path, language: str) -> Path:
    return Path(locales) / gettext_locale(language) / FILE_NAME


def load_memory(locales: Path, language: str):
    """The imported memory of a language (an empty catalog when nothing was imported)."""
    return load_catalog(memory_path(locales, language))


def plain(text: str) -> str:
    from translator.text import inline

    return inline.plain(text)


def as_markdown(text: str) -> str:
    """A memory file's plain text as a catalog holds it: as it is unless it would read as markup."""
    from translator.text.inline import escape

    return text if plain(text) == text else escape(text)
