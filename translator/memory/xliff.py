"""XLIFF 1.2 export of a language's catalogs, for CAT tools (OmegaT, Trados, Phrase, Okapi, translate-toolkit).

One <file> per catalog (`original` is its slug), one <trans-unit> per live entry, and approved obsolete entries
too (still a translator's work, and memory for a CAT tool; a note says they left the article). States: approved →
`approved="yes"`, `state="final"`; machine text → `state="needs-review-translation"` with
`state-qualifier="mt-suggestion"`; nothing yet → an empty target, `state="new"`. The entry's `msgctxt` is the
unit's `resname`; the tool's notes (block, glossary, memory matches) are `<note from="translator">`, a reviewer's
own comments `<note from="reviewer">`. Texts are plain text, as in the TMX export (`5 \\< 6` is `5 < 6`), so a
file translated elsewhere comes back through `memory import` and is found by the run's plain-text lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from translator.fsutil import atomic_write_text
from translator.memory.catalog import catalog_paths, is_reviewed
from translator.memory.read import load_catalog
from translator.memory.tmx import source_language_of
from translator.text.escape import strip_controls

NAMESPACE = "urn:oasis:names:tc:xliff:document:1.2"


def _text(text: str) -> str:
    return strip_controls(text, bidi=False)  # XML 1.0 cannot carry every control character a paste brings


def _plain(text: str) -> str:
    from translator.text.inline import plain

    return _text(plain(text))


def export_xliff(locales: Path, language: str, path: Path, default_source: str | None = None,
                 sources: Mapping[str, str] | None = None) -> int:
    """Write the catalogs of `language` as one XLIFF 1.2 file; return how many units it holds (`default_source`,
    `sources`: as for memory.tmx.export_tmx)."""
    from xml.etree import ElementTree as ET

    from translator import __version__

    ET.register_namespace("", NAMESPACE)
    q = f"{{{NAMESPACE}}}".__add__
    root = ET.Element(q("xliff"), {"version": "1.2"})
    count = 0
    for _, slug, catalog_file in catalog_paths(locales, language):
        catalog = load_catalog(catalog_file)
        entries = [e for e in catalog if not e.obsolete or is_reviewed(e)]
        if not entries:
            continue
        file = ET.SubElement(root, q("file"), {
            "original": slug, "source-language": source_language_of(catalog, catalog_file, default_source, sources),
            "target-language": language, "datatype": "plaintext", "tool-id": "translator"})
        header = ET.SubElement(file, q("header"))
        ET.SubElement(header, q("tool"), {"tool-id": "translator", "tool-name": "translator",
                                          "tool-version": __version__})
        body = ET.SubElement(file, q("body"))
        for number, entry in enumerate(entries, start=1):
            count += 1
            unit = ET.SubElement(body, q("trans-unit"), {"id": f"{slug}-{number}"})
            if entry.msgctxt:
                unit.set("resname", _text(entry.msgctxt))
            approved = is_reviewed(entry)
            if approved:
                unit.set("approved", "yes")
            ET.SubElement(unit, q("source")).text = _plain(entry.msgid)
            target = ET.SubElement(unit, q("target"))
            target.text = _plain(entry.msgstr)
            if approved:
                target.set("state", "final")
            elif entry.msgstr:
                target.set("state", "needs-review-translation")
                target.set("state-qualifier", "mt-suggestion")
            else:
                target.set("state", "new")
            notes = [("translator", line) for line in (entry.comment or "").splitlines() if line.strip()]
            notes += [("reviewer", line) for line in (entry.tcomment or "").splitlines() if line.strip()]
            if entry.obsolete:
                notes.append(("translator", "obsolete: the sentence is no longer in the article"))
            for author, line in notes:
                ET.SubElement(unit, q("note"), {"from": author}).text = _text(line)
    ET.indent(root)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
                      + "\n")
    return count
