"""Glossary files: TSV (the editors' format), CSV, and TBX (TermBase eXchange, ISO 30042 core)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from translator.errors import GlossaryError
from translator.fsutil import atomic_write_text
from translator.glossary.model import CASE_RULES, Glossary, Term
from translator.languages import KNOWN_CODES, normalize_code

META_COLUMNS = ("note", "case")
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _rows_to_glossary(rows: Iterable[tuple[int, list[str]]], where: str) -> Glossary:
    """Build a glossary from (line number, cells) rows; the first row is the header."""
    rows = iter(rows)
    try:
        header_line, header = next(rows)
    except StopIteration:
        raise GlossaryError(f"{where}: empty glossary; the first line must name the languages, e.g. en<TAB>ru") \
            from None
    header = [h.strip() for h in header]
    languages = [h for h in header if h.lower() not in META_COLUMNS]
    if len(languages) < 2:
        raise GlossaryError(f"{where}:{header_line}: the header needs a source and at least one target language")
    for code in languages:
        if normalize_code(code) not in KNOWN_CODES:
            raise GlossaryError(f"{where}:{header_line}: unknown language code {code!r} in the header")
    if len(set(header)) != len(header):
        raise GlossaryError(f"{where}:{header_line}: a column appears twice in the header")
    glossary = Glossary(source_language=normalize_code(languages[0]),
                        languages=[normalize_code(c) for c in languages[1:]])
    for line, cells in rows:
        if len(cells) > len(header):
            raise GlossaryError(
                f"{where}:{line}: {len(cells)} cells but the header has {len(header)} columns; check the tabs")
        cells = cells + [""] * (len(header) - len(cells))
        row = dict(zip(header, cells))
        source = row[languages[0]]
        if not source.strip():
            if any(c.strip() for c in cells):
                raise GlossaryError(f"{where}:{line}: the source term ({languages[0]}) is empty")
            continue
        case = row.get("case", "").strip().lower()
        if case and case not in CASE_RULES:
            raise GlossaryError(f"{where}:{line}: case must be one of {', '.join(CASE_RULES)}, not {case!r}")
        glossary.terms.append(Term(
            source=source,
            targets={normalize_code(code): row[code] for code in languages[1:]},
            note=row.get("note", "").strip(), case=case, origin=f"{where}:{line}",
        ))
    return glossary


def read_tsv(path: Path) -> Glossary:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 text; save the glossary as UTF-8") from exc
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read the glossary ({exc.strerror})") from exc
    rows = [(n, line.rstrip("\r\n").split("\t")) for n, line in enumerate(text.splitlines(), start=1)
            if line.strip() and not line.lstrip().startswith("#")]
    return _rows_to_glossary(rows, str(path))


def read_csv(path: Path) -> Glossary:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read the glossary ({exc})") from exc
    reader = csv.reader(io.StringIO(text))
    try:
        rows = [(reader.line_num, cells) for cells in reader if any(c.strip() for c in cells)
                and not cells[0].lstrip().startswith("#")]
    except csv.Error as exc:
        raise GlossaryError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from exc
    return _rows_to_glossary(rows, str(path))


def _table(glossary: Glossary) -> list[list[str]]:
    header = [glossary.source_language, *glossary.languages, "note", "case"]
    rows = [header]
    for term in glossary.terms:
        rows.append([term.source, *(term.targets.get(lang, "") for lang in glossary.languages), term.note,
                     term.case])
    return rows


def write_tsv(glossary: Glossary, path: Path) -> None:
    atomic_write_text(path, "".join("\t".join(row) + "\n" for row in _table(glossary)))


def write_csv(glossary: Glossary, path: Path) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_table(glossary))
    atomic_write_text(path, out.getvalue())


def write_tbx(glossary: Glossary, path: Path) -> None:
    """TBX-Core: one conceptEntry per term, one langSec per language with a termSec."""
    from xml.etree import ElementTree as ET

    root = ET.Element("tbx", {"type": "TBX-Core", "style": "dca", f"{{{XML_NS}}}lang": glossary.source_language,
                              "xmlns": "urn:iso:std:iso:30042:ed-2"})
    text = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(text, "conceptEntry", {"id": f"c{number}"})
        if term.note:
            ET.SubElement(entry, "descrip", {"type": "definition"}).text = term.note
        ET.SubElement(entry, "descrip", {"type": "case"}).text = term.case
        for language, form in [(glossary.source_language, term.source), *term.targets.items()]:
            if not form:
                continue
            section = ET.SubElement(entry, "langSec", {f"{{{XML_NS}}}lang": language})
            ET.SubElement(ET.SubElement(section, "termSec"), "term").text = form
    ET.indent(root)
    atomic_write_text(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
                      + "\n")


def read_tbx(path: Path, source_language: str | None = None) -> Glossary:
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: malformed TBX ({exc})") from exc
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read ({exc.strerror})") from exc

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    source = source_language or root.get(f"{{{XML_NS}}}lang") or "en"
    glossary = Glossary(source_language=source)
    languages: list[str] = []
    for entry in (e for e in root.iter() if local(e.tag) in ("conceptEntry", "termEntry")):
        forms: dict[str, str] = {}
        note = case = ""
        for child in entry:
            if local(child.tag) == "descrip":
                if child.get("type") == "case":
                    case = (child.text or "").strip()
                else:
                    note = (child.text or "").strip()
            elif local(child.tag) in ("langSec", "langSet"):
                lang = normalize_code(child.get(f"{{{XML_NS}}}lang") or child.get("lang") or "")
                term_el = next((t for t in child.iter() if local(t.tag) == "term"), None)
                if lang and term_el is not None and term_el.text:
                    forms[lang] = term_el.text
        if source not in forms:
            raise GlossaryError(f"{path}: entry {entry.get('id', '?')} has no {source} term")
        targets = {k: v for k, v in forms.items() if k != source}
        languages += [k for k in targets if k not in languages]
        glossary.terms.append(Term(source=forms[source], targets=targets, note=note, case=case,
                                   origin=f"{path}#{entry.get('id', '')}"))
    glossary.languages = languages
    return glossary


READERS = {".tsv": read_tsv, ".csv": read_csv, ".tbx": read_tbx}
WRITERS = {".tsv": write_tsv, ".csv": write_csv, ".tbx": write_tbx}


def read_glossary(path: Path) -> Glossary:
    reader = READERS.get(Path(path).suffix.lower())
    if reader is None:
        raise GlossaryError(f"{path}: unknown glossary format; use .tsv, .csv or .tbx")
    return reader(Path(path))


def load_glossaries(paths: Iterable[Path]) -> Glossary:
    """Merge glossary files in order: a later file wins, with a warning when it contradicts an earlier one."""
    merged: Glossary | None = None
    by_source: dict[str, Term] = {}
    for path in paths:
        glossary = read_glossary(path)
        if merged is None:
            merged = Glossary(source_language=glossary.source_language)
        elif glossary.source_language != merged.source_language:
            raise GlossaryError(f"{path}: source language {glossary.source_language} differs from "
                                f"{merged.source_language} of the other glossaries")
        merged.languages += [c for c in glossary.languages if c not in merged.languages]
        for term in glossary.terms:
            earlier = by_source.get(term.source)
            if earlier is None:
                by_source[term.source] = term
                merged.terms.append(term)
                continue
            for language, form in term.targets.items():
                if form and earlier.targets.get(language) and earlier.targets[language] != form:
                    merged.warnings.append(f"{term.origin}: {term.source!r} [{language}] {form!r} overrides "
                                           f"{earlier.targets[language]!r} from {earlier.origin}")
                if form:
                    earlier.targets[language] = form
            earlier.note = term.note or earlier.note
            earlier.origin = term.origin
    merged = merged or Glossary(source_language="en")
    merged.compute_checksum()
    return merged
