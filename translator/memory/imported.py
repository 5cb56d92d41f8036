"""Imported translation memory: locales/<lang>/_memory.po, beside the catalogs and outside LC_MESSAGES (so it is
no article's catalog: review status, publishing and the catalog export do not list it).

One entry per (origin file, source sentence): `msgctxt` is the file name the units came from, `#:` its line;
`--state fuzzy` (the default) writes `#, fuzzy` entries, `--state approved` approved ones (a unit the file itself
marks unfinished stays fuzzy). Texts are stored as the file has them, plain text; a run finds a sentence by its
plain text (a catalog's `5 \\< 6` is `5 < 6`) and writes the target as Markdown inline. An approved catalog entry
is never changed by an import: a different imported text for its sentence is reported as a conflict, and the
catalog's text keeps winning every lookup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from translator.errors import MemoryFileError, UsageError
from translator.fsutil import atomic_write_text
from translator.languages import gettext_locale
from translator.memory.catalog import catalog_lock, catalog_paths, is_reviewed
from translator.memory.exchange import ExchangeUnit, read_units
from translator.memory.memory_file import load_memory, memory_path, plain
from translator.memory.read import load_catalog, plural_forms

STATES = ("approved", "fuzzy")
__all__ = ["STATES", "Conflict", "ImportReport", "import_memory", "load_memory", "memory_path"]


@dataclass(frozen=True)
class Conflict:
    """An approved catalog entry whose sentence the import translates otherwise: reported, never overwritten."""

    catalog: str
    line: int
    source: str
    approved: str
    imported: str


@dataclass
class ImportReport:
    file_format: str
    path: Path
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    approved: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (line skipped, line of the unit kept)


def import_memory(locales: Path, language: str, file: Path, state: str = "fuzzy") -> ImportReport:
    """Add the units of a TMX or XLIFF file whose target is `language` to its imported memory."""
    import polib

    if state not in STATES:
        raise UsageError(f"--state must be approved or fuzzy, not {state!r}")
    file = Path(file)
    origin = _origin(file)
    file_format, units = read_units(file, language)
    path = memory_path(locales, language)
    report = ImportReport(file_format, path)
    approved_in_catalogs = _approved_texts(locales, language)
    with catalog_lock(path):
        memory = load_catalog(path)
        index = {(entry.msgctxt or "", entry.msgid): entry for entry in memory}
        kept: dict[str, ExchangeUnit] = {}  # source -> the file's first unit for it
        for unit in units:
            source, target = unit.source, unit.target
            if (first := kept.setdefault(source, unit)) is not unit:
                # one entry per file and sentence: the first unit wins; another text for it is named, not lost
                if first.target != target:
                    report.duplicates.append((unit.line, first.line))
                continue
            approved = state == "approved" and unit.finished
            for where, line, text in approved_in_catalogs.get(source, ()):
                if plain(text) != target:
                    report.conflicts.append(Conflict(where, line, source, text, target))
            entry = index.get((origin, source))
            if entry is None:
                entry = index[(origin, source)] = polib.POEntry(msgctxt=origin, msgid=source)
                memory.append(entry)
                report.added += 1
            elif entry.msgstr == target and (approved <= ("fuzzy" not in entry.flags)):
                # the same text: an import may approve it, never take a desk's approval back (a re-import at the
                # default --state fuzzy left every approved entry fuzzy)
                report.unchanged += 1
                continue
            else:
                report.updated += 1
            entry.msgstr = target
            entry.flags = [] if approved else ["fuzzy"]
            entry.occurrences = [(origin, str(unit.line))]
            entry.comment = f"imported from {origin} ({file_format}), {unit.source_language} → {language}"
            report.approved += approved
        if report.added or report.updated:
            _write(memory, path, language)
    return report


def _origin(file: Path) -> str:
    """The file's name, as each entry's msgctxt and `#:` line name it: a line break or other control character
    in it would end the PO comment line and leave a memory no reader (nor the next run) can parse."""
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in file.name):
        raise MemoryFileError(f"{str(file)!r}: the file name holds a line break or control character, which "
                              "the memory records as the entries' origin; rename the file and import it again")
    return file.name


def _approved_texts(locales: Path, language: str) -> dict[str, list[tuple[str, int, str]]]:
    """plain source -> (catalog, line, approved text) over the language's catalogs."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for _, _, path in catalog_paths(locales, language):
        for entry in load_catalog(path):
            if is_reviewed(entry):
                found.setdefault(plain(entry.msgid), []).append((str(path), entry.linenum, entry.msgstr))
    return found


def _write(memory, path: Path, language: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
    memory.metadata = {"Project-Id-Version": "translator memory", "POT-Creation-Date": stamp,
                       "Language": gettext_locale(language), "MIME-Version": "1.0",
                       "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                       "Plural-Forms": plural_forms(language), **dict(memory.metadata), "PO-Revision-Date": stamp}
    memory.header = memory.header or (
        f"Translation memory imported into {language} (translator memory import): one entry per file and "
        "sentence;\nmsgctxt names the file. Approved entries are reused like approved catalog entries.")
    memory.wrapwidth = 0
    atomic_write_text(path, memory.__unicode__())
