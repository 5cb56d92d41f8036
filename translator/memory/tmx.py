"""TMX 1.4 export of the approved units of a language, valid against the TMX 1.4 DTD.

Each unit says its real source language (the `X-Source-Language` of the catalog it is in; for the advisory
texts of `_advisories.po`, which has none, the language the caller names: English), its contexts (`msgctxt`, as
`<prop type="x-context">`, as po2tmx writes them) and its dates (the catalog's POT-Creation-Date and
PO-Revision-Date, in TMX's YYYYMMDDThhmmssZ). Segments are plain text (TMX `datatype="plaintext"`): the Markdown
inline syntax the catalogs hold is read, so `5 \\< 6` is exported as `5 < 6`. Approved units whose sentence has
left its article (obsolete `#~` entries) are still a translator's work: they are exported with
`<prop type="x-obsolete">yes</prop>`. The header's srclang is the source language of most units (each unit
carries its own), the job's source language when there are none: never `*all*`, which says nothing of the
source to a tool that reads the header only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from translator.errors import CatalogError
from translator.fsutil import atomic_write_text
from translator.memory.catalog import catalog_paths, is_reviewed
from translator.memory.read import load_catalog
from translator.text.escape import strip_controls

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTEXT_PROP = "x-context"
OBSOLETE_PROP = "x-obsolete"  # an approved unit whose sentence is no longer in its article
DEFAULT_SOURCE = "en"
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
    obsolete: bool = True   # until one catalog has it live

    def add(self, context: str, created: str | None, changed: str | None, obsolete: bool) -> None:
        if context and context not in self.contexts:
            self.contexts.append(context)
        # TMX dates sort as text: the earliest creation and the latest change win
        if created:
            self.created = min(self.created or created, created)
        if changed:
            self.changed = max(self.changed or changed, changed)
        self.obsolete = self.obsolete and obsolete


def source_language_of(catalog, catalog_file: Path, default: str | None = None,
                       sources: Mapping[str, str] | None = None) -> str:
    """The language a catalog's msgids are in: its X-Source-Language header, else what `sources` says of its slug
    (the advisory texts are English), else `default` (the job's source language)."""
    language = catalog.metadata.get("X-Source-Language", "").strip() or (sources or {}).get(Path(catalog_file).stem)
    if language:
        return language
    if default:
        return default
    raise CatalogError(f"{catalog_file}: no X-Source-Language header, so its units cannot be exported; "
                       "add the header (e.g. X-Source-Language: en) or run the job again")


def approved_units(locales: Path, language: str, default_source: str | None = None,
                   sources: Mapping[str, str] | None = None) -> list[_Unit]:
    """The approved units of `language` over its catalogs (obsolete approved ones too), one per (source language,
    source, target); texts as plain text."""
    from translator.text.inline import plain

    units: dict[tuple[str, str, str], _Unit] = {}
    for _, _, catalog_file in catalog_paths(locales, language):
        catalog = load_catalog(catalog_file)
        approved = [entry for entry in catalog if is_reviewed(entry)]
        if not approved:
            continue
        source_language = source_language_of(catalog, catalog_file, default_source, sources)
        created = tmx_date(catalog.metadata.get("POT-Creation-Date", ""))
        changed = tmx_date(catalog.metadata.get("PO-Revision-Date", ""))
        for entry in approved:
            key = (source_language, plain(entry.msgid), plain(entry.msgstr))
            unit = units.setdefault(key, _Unit(*key))
            unit.add(entry.msgctxt or "", created, changed, entry.obsolete)
    return list(units.values())


def header_source(units: list[_Unit], default: str | None) -> str:
    """The header's srclang: the source language of most units, else the job's, else English."""
    counts = Counter(unit.source_language for unit in units)
    return counts.most_common(1)[0][0] if counts else default or DEFAULT_SOURCE


def export_tmx(locales: Path, language: str, path: Path, default_source: str | None = None,
               sources: Mapping[str, str] | None = None) -> int:
    """Write the approved units of `language` as a TMX 1.4 file; return how many units it holds. `default_source`:
    the job's source language, for catalogs without an X-Source-Language header and an empty export; `sources`:
    the source language of catalogs by slug where the header may be missing (`_advisories`: en)."""
    from xml.etree import ElementTree as ET

    from translator import __version__

    units = approved_units(locales, language, default_source, sources)
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "translator", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "PO", "adminlang": "en", "srclang": header_source(units, default_source), "datatype": "plaintext"})
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
        if unit.obsolete:
            ET.SubElement(element, "prop", {"type": OBSOLETE_PROP}).text = "yes"
        for lang, text in ((unit.source_language, unit.source), (language, unit.target)):
            # a reviewer's paste may hold control characters XML 1.0 cannot carry: the export stays well-formed
            ET.SubElement(ET.SubElement(element, "tuv", {XML_LANG: lang}), "seg").text = strip_controls(text,
                                                                                                       bidi=False)
    ET.indent(root)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
                      + "\n")
    return len(units)
