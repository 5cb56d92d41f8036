"""TMX 1.4 export of the approved units of a language, valid against the TMX 1.4 DTD.

Each unit says its real source language (the `X-Source-Language` of the catalog it is in), its contexts
(`msgctxt`, as `<prop type="x-context">`, as po2tmx writes them) and its dates (the catalog's
POT-Creation-Date and PO-Revision-Date, in TMX's YYYYMMDDThhmmssZ).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from translator.errors import CatalogError
from translator.fsutil import atomic_write_text
from translator.memory.catalog import catalog_paths, is_approved
from translator.memory.read import load_catalog
from translator.text.escape import strip_controls

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROP = "x-context"
MIXED_SOURCES = "*all*"  # TMX header srclang when the units have more than one source language
_PO_DATE_FORMATS = ("%Y-%m-%d %H:%M%z", "%Y-%m-%d %H:%M:%S%z")


def tmx_date(po_date: str) -> str | None:
    """A PO header date ("2026-11-30 14:26+0300") in TMX form ("20261130T112600Z"); None when unset."""
    for fmt in _PO_DATE_FORMATS:
        try:
            moment = datetime.strptime(po_date.strip(), fmt)
        except ValueError:
            continue
        return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return None  # "YEAR-MO-DA HO:MI+ZONE" or missing: the unit goes without that date


@dataclass
class _Unit:
    source_language: str
    source: str
    target: str
    contexts: list[str] = field(default_factory=list)
    created: str | None = None
    changed: str | None = None

    def add(self, context: str, created: str | None, changed: str | None) -> None:
        if context and context not in self.contexts:
            self.contexts.append(context)
        # TMX dates sort as text: the earliest creation and the latest change win
        if created:
            self.created = min(self.created or created, created)
        if changed:
            self.changed = max(self.changed or changed, changed)


def approved_units(locales: Path, language: str) -> list[_Unit]:
    """The approved units of `language` over its catalogs, one per (source language, source, target)."""
    units: dict[tuple[str, str, str], _Unit] = {}
    for _, _, catalog_file in catalog_paths(locales, language):
        catalog = load_catalog(catalog_file)
        source_language = catalog.metadata.get("X-Source-Language", "").strip()
        approved = [entry for entry in catalog if is_approved(entry)]
        if not approved:
            continue
        if not source_language:
            raise CatalogError(f"{catalog_file}: no X-Source-Language header, so its units cannot be exported; "
                               "add the header (e.g. X-Source-Language: en) or run the job again")
        created = tmx_date(catalog.metadata.get("POT-Creation-Date", ""))
        changed = tmx_date(catalog.metadata.get("PO-Revision-Date", ""))
        for entry in approved:
            key = (source_language, entry.msgid, entry.msgstr)
            unit = units.setdefault(key, _Unit(*key))
            unit.add(entry.msgctxt or "", created, changed)
    return list(units.values())


def export_tmx(locales: Path, language: str, path: Path) -> int:
    """Write the approved units of `language` as a TMX 1.4 file; return how many units it holds."""
    from xml.etree import ElementTree as ET

    from translator import __version__

    units = approved_units(locales, language)
    sources = sorted({unit.source_language for unit in units})
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "translator", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "PO", "adminlang": "en", "srclang": sources[0] if len(sources) == 1 else MIXED_SOURCES,
        "datatype": "plaintext"})
    body = ET.SubElement(root, "body")
    for unit in units:
        attributes = {"srclang": unit.source_language}
        if unit.created:
            attributes["creationdate"] = unit.created
        if unit.changed:
            attributes["changedate"] = unit.changed
        element = ET.SubElement(body, "tu", attributes)
        for context in unit.contexts:
            ET.SubElement(element, "prop", {"type": CONTEXT_PROP}).text = strip_controls(context, bidi=False)
        for lang, text in ((unit.source_language, unit.source), (language, unit.target)):
            # a reviewer's paste may hold control characters XML 1.0 cannot carry: the export stays well-formed
            ET.SubElement(ET.SubElement(element, "tuv", {XML_LANG: lang}), "seg").text = strip_controls(text,
                                                                                                       bidi=False)
    ET.indent(root)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
                      + "\n")
    return len(units)
