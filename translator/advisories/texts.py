"""The approved texts of advisories, per language: locales/<lang>/LC_MESSAGES/_advisories.po.

A desk's translators approve "Correction: {note}" and the kill notice once per language, like boilerplate; an
edition carries them only once approved ({note} is where the translated note of the editor goes).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from translator.fsutil import atomic_write_text
from translator.languages import gettext_locale
from translator.memory.catalog import catalog_path, is_approved
from translator.memory.read import load_catalog, plural_forms

CATALOG = "_advisories"
SOURCE_LANGUAGE = "en"  # the language of the msgids below: it needs no translation
CORRECTION = "correction"
WITHDRAWAL = "withdrawal"
TEMPLATES = {
    CORRECTION: "Correction: {note}",
    WITHDRAWAL: "This story has been withdrawn.",
}
_COMMENTS = {
    CORRECTION: "Opens the correction note of a corrected story; keep {note}: the translated note goes there.",
    WITHDRAWAL: "Replaces a withdrawn story in its edition when the job asks for a kill notice.",
}


def source_languages() -> dict[str, str]:
    """The catalog of the advisory texts and the language of its msgids, for exports (its header names none)."""
    return {CATALOG: SOURCE_LANGUAGE}


def texts_path(locales: Path, language: str) -> Path:
    return catalog_path(locales, language, CATALOG)


def ensure_templates(locales: Path, language: str) -> Path | None:
    """Add the advisory texts the language's catalog lacks (empty, for its translators); None for the source
    language. Entries already there, approved or not, are never touched."""
    import polib

    if language == SOURCE_LANGUAGE:
        return None
    path = texts_path(locales, language)
    catalog = load_catalog(path)
    present = {entry.msgctxt for entry in catalog}
    missing = [name for name in TEMPLATES if f"advisory/{name}" not in present]
    if not missing:
        return path
    for name in missing:
        catalog.append(polib.POEntry(msgctxt=f"advisory/{name}", msgid=TEMPLATES[name], msgstr="",
                                     comment=_COMMENTS[name]))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    catalog.metadata = {"Project-Id-Version": "translator", "POT-Creation-Date": stamp, "PO-Revision-Date": stamp,
                        "Last-Translator": "translator <translator@localhost>", "Language-Team": f"{language} desk",
                        "Language": gettext_locale(language), "MIME-Version": "1.0",
                        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                        "Plural-Forms": plural_forms(language), "X-Source-Language": SOURCE_LANGUAGE,
                        **dict(catalog.metadata)}
    catalog.header = catalog.header or (
        f"Advisory texts in {language}: translate each once; a text without the fuzzy flag is approved; "
        "keep {note} in the correction.")
    atomic_write_text(path, catalog.__unicode__())
    return path


def approved_texts(locales: Path, language: str) -> dict[str, str]:
    """name -> the approved text in `language`; a correction text without {note} does not count."""
    if language == SOURCE_LANGUAGE:
        return dict(TEMPLATES)
    texts = {}
    for entry in load_catalog(texts_path(locales, language)):
        name = (entry.msgctxt or "").removeprefix("advisory/")
        if name in TEMPLATES and is_approved(entry) and (name != CORRECTION or "{note}" in entry.msgstr):
            texts[name] = entry.msgstr
    return texts


def missing_text(locales: Path, language: str, name: str) -> str:
    """Why an edition waits for an advisory text, and what to do."""
    return (f"the {language} text of {TEMPLATES[name]!r} is not approved; translate and approve it in "
            f"{texts_path(locales, language)}" + (" (keep {note})" if name == CORRECTION else ""))


def correction_line(template: str, note: str) -> str:
    # replace, not str.format: a translator's braces elsewhere in the text must not break the edition
    return template.replace("{note}", note)
