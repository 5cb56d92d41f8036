"""Glossary files: TSV (the editors' format), CSV, DeepL glossary CSV, and TBX.

TBX is written as TBX v3 TBX-Core (ISO 30042:2019) or, on request, as TBX-Basic 2008 (`martif`, what
translate-toolkit and Weblate read); both are read back. A cell "A | B" holds a preferred form and its synonyms.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from translator.errors import GlossaryError
from translator.fsutil import atomic_write_text
from translator.glossary.model import CASE_RULES, KEEP, SYNONYM_SEPARATOR, Glossary, Term, default_case
from translator.languages import KNOWN_CODES, normalize_code

META_COLUMNS = ("note", "case")
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
TBX_NS = "urn:iso:std:iso:30042:ed-2"
TBX_CORE_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/"
                "TBXcoreStructV03_TBX-Core_integrated.rng")
TBX_CORE_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/TBX-Core.sch"
NO_TRANSLATION = "Translation needed"  # translate-toolkit's (and Weblate's) do-not-translate descrip
_EXPORT_TAGS = {"zt": "zh-Hant"}       # internal codes that are not BCP 47 tags
_UNWANTED_STATUS = ("deprecated", "superseded")


# --- language tags -------------------------------------------------------------------------------------------


def _canonical_tag(tag: str) -> str:
    """BCP 47 letter case: pt_br -> pt-BR, zh-hant -> zh-Hant, sr-latn-rs -> sr-Latn-RS."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


def language_columns(tags: Iterable[str], where: str) -> dict[str, str]:
    """Map the language tags of a file to glossary codes.

    Region and script parts are dropped (en-US -> en, zh-Hant -> zt) unless the file holds two tags of one
    language (pt-BR and pt-PT): those stay regional columns, so neither overwrites the other.
    """
    tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    by_code: dict[str, list[str]] = {}
    for tag in tags:
        code = normalize_code(tag)
        if code not in KNOWN_CODES:
            raise GlossaryError(f"{where}: unknown language code {tag!r}; use an ISO 639 code such as 'en', "
                                "'pt' or 'pt-BR'")
        by_code.setdefault(code, []).append(tag)
    mapping = {}
    for code, variants in by_code.items():
        for tag in variants:
            mapping[tag] = code if len(variants) == 1 else _canonical_tag(tag)
    return mapping


def _export_tag(code: str) -> str:
    return _EXPORT_TAGS.get(code, code)


def _split_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SYNONYM_SEPARATOR) if part.strip()]


def _join_cell(preferred: str, synonyms: list[str]) -> str:
    return f" {SYNONYM_SEPARATOR} ".join([preferred, *synonyms]) if preferred else ""


# --- TSV and CSV with a header of languages ------------------------------------------------------------------


def _rows_to_glossary(rows: Iterable[tuple[int, list[str]]], where: str, hint: str = "") -> Glossary:
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
        raise GlossaryError(f"{where}:{header_line}: the header needs a source and at least one target language"
                            + hint)
    for code in languages:
        if normalize_code(code) not in KNOWN_CODES:
            raise GlossaryError(f"{where}:{header_line}: unknown language code {code!r} in the header" + hint)
    if len(set(header)) != len(header):
        raise GlossaryError(f"{where}:{header_line}: a column appears twice in the header")
    codes = language_columns(languages, f"{where}:{header_line}")
    glossary = Glossary(source_language=codes[languages[0]], languages=[codes[c] for c in languages[1:]])
    for line, cells in rows:
        if len(cells) > len(header):
            raise GlossaryError(
                f"{where}:{line}: {len(cells)} cells but the header has {len(header)} columns; check the tabs")
        cells = cells + [""] * (len(header) - len(cells))
        row = dict(zip(header, cells))
        if not row[languages[0]].strip():
            if any(c.strip() for c in cells):
                raise GlossaryError(f"{where}:{line}: the source term ({languages[0]}) is empty")
            continue
        case = row.get("case", "").strip().lower()
        if case and case not in CASE_RULES:
            raise GlossaryError(f"{where}:{line}: case must be one of {', '.join(CASE_RULES)}, not {case!r}")
        source_forms = _split_cell(row[languages[0]])
        if SYNONYM_SEPARATOR in row[languages[0]]:
            source = source_forms[0]
        else:
            source = row[languages[0]]  # kept as written, as before synonyms
        synonyms = {glossary.source_language: source_forms[1:]} if len(source_forms) > 1 else {}
        targets = {}
        for column in languages[1:]:
            cell = row[column]
            forms = _split_cell(cell) if SYNONYM_SEPARATOR in cell else [cell]
            targets[codes[column]] = forms[0] if forms else ""
            if len(forms) > 1:
                synonyms[codes[column]] = forms[1:]
        glossary.terms.append(Term(source=source, targets=targets, note=row.get("note", "").strip(), case=case,
                                   origin=f"{where}:{line}", synonyms=synonyms))
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


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read the glossary ({exc}); save it as UTF-8") from exc
    reader = csv.reader(io.StringIO(text), strict=True)  # an unclosed quote is an error, not text
    rows = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells) and not cells[0].lstrip().startswith("#"):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise GlossaryError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from exc
    return rows


def read_csv(path: Path) -> Glossary:
    hint = ("; a DeepL glossary (source,target on each line, no header) is imported with --from and --to, "
            "e.g. translator glossary import FILE.csv --from en --to pt")
    return _rows_to_glossary(_csv_rows(path), str(path), hint)


def _table(glossary: Glossary) -> list[list[str]]:
    header = [glossary.source_language, *glossary.languages, "note", "case"]
    rows = [header]
    for term in glossary.terms:
        rows.append([_join_cell(term.source, term.alternatives(glossary.source_language)),
                     *(_join_cell(term.targets.get(lang, ""), term.alternatives(lang)) for lang in glossary.languages),
                     term.note, term.case])
    return rows


def write_tsv(glossary: Glossary, path: Path) -> None:
    atomic_write_text(path, "".join("\t".join(row) + "\n" for row in _table(glossary)))


def write_csv(glossary: Glossary, path: Path) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_table(glossary))
    atomic_write_text(path, out.getvalue())


# --- DeepL glossary CSV: "source,target" per line, no header, one language pair ------------------------------


def read_deepl_csv(path: Path, source_language: str, target_language: str) -> Glossary:
    """A DeepL glossary CSV: source,target on each line (optionally source,target,source lang,target lang)."""
    where = str(path)
    codes = {}
    for option, code in (("--from", source_language), ("--to", target_language)):
        if normalize_code(code) not in KNOWN_CODES:
            raise GlossaryError(f"{where}: unknown language code {code!r} given with {option}")
        codes[option] = normalize_code(code)
    source, target = codes["--from"], codes["--to"]
    glossary = Glossary(source_language=source, languages=[target])
    seen: dict[str, int] = {}
    for line, cells in _csv_rows(path):
        cells = [c.strip() for c in cells]
        if len(cells) not in (2, 4):
            raise GlossaryError(f"{where}:{line}: {len(cells)} cells; a DeepL glossary line is source,target "
                                "(or source,target,source language,target language)")
        if len(cells) == 4 and (normalize_code(cells[2]), normalize_code(cells[3])) != (source, target):
            raise GlossaryError(f"{where}:{line}: the line says {cells[2]}→{cells[3]} but the import is "
                                f"{source}→{target}; give the file's languages with --from and --to")
        term, form = cells[0], cells[1]
        if not term or not form:
            raise GlossaryError(f"{where}:{line}: an empty {'source' if not term else 'target'} entry; DeepL "
                                "needs both")
        if term in seen:
            raise GlossaryError(f"{where}:{line}: {term!r} is already on line {seen[term]}; a DeepL glossary "
                                "holds one entry per source term")
        seen[term] = line
        glossary.terms.append(Term(source=term, targets={target: KEEP if form == term else form},
                                   origin=f"{where}:{line}"))
    if not glossary.terms:
        raise GlossaryError(f"{where}: no entries; a DeepL glossary has a source,target pair on each line")
    return glossary


def write_deepl_csv(glossary: Glossary, path: Path, target_language: str) -> int:
    """Write one language pair as a DeepL glossary CSV; source synonyms get a line each. Returns the lines."""
    if target_language not in glossary.languages and normalize_code(target_language) in glossary.languages:
        target_language = normalize_code(target_language)
    if target_language not in glossary.languages:
        raise GlossaryError(f"{path}: the glossary has no {target_language} column; choose one of "
                            f"{', '.join(glossary.languages) or '(none)'}")
    rows: dict[str, str] = {}
    for term in glossary.terms:
        form = term.target(target_language)
        if form is None:
            continue
        for source in (term.source, *term.alternatives(glossary.source_language)):
            if any(c in source + form for c in "\t\r\n") or source != source.strip() or form != form.strip():
                raise GlossaryError(f"{term.origin}: {source!r} → {form!r} has a tab, line break or edge space, "
                                    "which DeepL refuses; fix the glossary row")
            rows.setdefault(source, form)
    if not rows:
        raise GlossaryError(f"{path}: no {glossary.source_language}→{target_language} entries to export")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows.items())
    atomic_write_text(path, out.getvalue())
    return len(rows)


# --- TBX -----------------------------------------------------------------------------------------------------


def _export_notes(term: Term) -> list[str]:
    notes = [term.note] if term.note else []
    if term.case != default_case(term.source):
        notes.append(f"case: {term.case}")
    return notes


def _language_forms(glossary: Glossary, term: Term) -> list[tuple[str, list[str]]]:
    """(language, forms) of a term in file order, the preferred form first; '=' written as the source form."""
    out = [(glossary.source_language, [term.source, *term.alternatives(glossary.source_language)])]
    languages = list(dict.fromkeys([*glossary.languages, *term.targets]))
    out += [(lang, term.forms(lang)) for lang in languages if term.forms(lang)]
    return out


def _serialize(root, pis: list[str]) -> str:
    from xml.etree import ElementTree as ET

    ET.indent(root)
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', *pis, ET.tostring(root, encoding="unicode")]) + "\n"


def _header(root, tag: str, glossary: Glossary) -> None:
    from xml.etree import ElementTree as ET

    from translator import __version__

    file_desc = ET.SubElement(ET.SubElement(root, tag), "fileDesc")
    ET.SubElement(ET.SubElement(file_desc, "titleStmt"), "title").text = "translator glossary"
    ET.SubElement(ET.SubElement(file_desc, "sourceDesc"), "p").text = (
        f"translator {__version__}; glossary {glossary.checksum or glossary.compute_checksum()}")


def write_tbx(glossary: Glossary, path: Path) -> None:
    """TBX v3 TBX-Core (ISO 30042:2019), valid against the LTAC TBX-Core RelaxNG schema.

    One conceptEntry per term; its note and a non-default case rule as `note`s (TBX-Core has no typed
    data categories); one langSec per language, one termSec per form, the preferred form first. A '=' cell is
    written as the source form (TBX-Core has no do-not-translate category).
    """
    from xml.etree import ElementTree as ET

    if not glossary.terms:
        raise GlossaryError(f"{path}: the glossary has no terms; TBX needs at least one entry")
    root = ET.Element("tbx", {"type": "TBX-Core", "style": "dca", XML_LANG: _export_tag(glossary.source_language),
                              "xmlns": TBX_NS})
    _header(root, "tbxHeader", glossary)
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(body, "conceptEntry", {"id": f"c{number}"})
        for note in _export_notes(term):
            ET.SubElement(entry, "note").text = note
        for language, forms in _language_forms(glossary, term):
            section = ET.SubElement(entry, "langSec", {XML_LANG: _export_tag(language)})
            for form in forms:
                ET.SubElement(ET.SubElement(section, "termSec"), "term").text = form
    pis = [f'<?xml-model href="{TBX_CORE_RNG}" type="application/xml" '
           'schematypens="http://relaxng.org/ns/structure/1.0"?>',
           f'<?xml-model href="{TBX_CORE_SCH}" type="application/xml" '
           'schematypens="http://purl.oclc.org/dsdl/schematron"?>']
    atomic_write_text(path, _serialize(root, pis))


def write_tbx_basic_2008(glossary: Glossary, path: Path) -> None:
    """TBX-Basic 2008 (`martif`, ISO 30042:2008), the TBX that translate-toolkit and Weblate read.

    One termEntry per term; a term kept in the source form in every language carries translate-toolkit's
    `<descrip type="Translation needed">no</descrip>`; synonyms are further `tig`s, marked admitted.
    """
    from xml.etree import ElementTree as ET

    if not glossary.terms:
        raise GlossaryError(f"{path}: the glossary has no terms; TBX needs at least one entry")
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: _export_tag(glossary.source_language)})
    _header(root, "martifHeader", glossary)
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(body, "termEntry", {"id": f"c{number}"})
        if glossary.languages and all(term.targets.get(lang) == KEEP for lang in glossary.languages):
            ET.SubElement(entry, "descrip", {"type": NO_TRANSLATION}).text = "no"
        for note in _export_notes(term):
            ET.SubElement(entry, "note").text = note
        for language, forms in _language_forms(glossary, term):
            section = ET.SubElement(entry, "langSet", {XML_LANG: _export_tag(language)})
            for position, form in enumerate(forms):
                tig = ET.SubElement(section, "tig")
                ET.SubElement(tig, "term").text = form
                if len(forms) > 1:
                    status = "preferredTerm-admn-sts" if position == 0 else "admittedTerm-admn-sts"
                    ET.SubElement(tig, "termNote", {"type": "administrativeStatus"}).text = status
    atomic_write_text(path, _serialize(root, []))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _kind(element) -> str:
    return element.get("type") or _local(element.tag)


_FIELDS = ("descrip", "admin", "note", "ref", "xref", "termNote")
_GROUPS = ("descripGrp", "adminGrp", "termNoteGrp")


def _fields(element) -> list:
    """The data-category children of an entry, language or term section (groups opened, history left out)."""
    out = []
    for child in element:
        name = _local(child.tag)
        if name in _FIELDS:
            out.append(child)
        elif name in _GROUPS:
            out += [c for c in child if _local(c.tag) in _FIELDS]
    return out


def _term_sections(section) -> list:
    """termSec (TBX v3), tig or ntig (TBX 2008) of a language section."""
    return [c for c in section if _local(c.tag) in ("termSec", "tig", "ntig")]


def _term_text(term_section) -> str:
    term = next((t for t in term_section.iter() if _local(t.tag) == "term"), None)
    return _text(term) if term is not None else ""


def read_tbx(path: Path, source_language: str | None = None) -> Glossary:
    """Read TBX v3 (any dialect) or TBX 2008 (`martif`).

    Language tags map as `language_columns` says; every form of a language is kept (the first, or the one
    marked preferred, is the glossary form; deprecated and superseded forms become notes); fields the TSV has
    no column for are kept in the note by name ("subjectField: politics"). A target form equal to the source
    form, or a concept marked "Translation needed: no", reads as '='. Entries without a source term are left
    out with a warning.
    """
    from xml.etree import ElementTree as ET

    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: malformed TBX ({exc}); fix the XML and import again") \
            from exc
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read ({exc.strerror})") from exc
    if _local(root.tag) not in ("tbx", "martif"):
        raise GlossaryError(f"{path}: not TBX (the root element is <{_local(root.tag)}>, not <tbx> or <martif>)")

    def lang_of(element) -> str:
        return element.get(XML_LANG) or element.get("lang") or ""

    entries = [e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")]
    sections = [s for e in entries for s in e if _local(s.tag) in ("langSec", "langSet")]
    tags = [lang_of(s) for s in sections]
    codes = language_columns(tags, str(path))
    source = _source_code(source_language or lang_of(root) or "en", codes, path)
    glossary = Glossary(source_language=source)
    languages: list[str] = []
    untranslated: list[Term] = []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("id") or f"#{number}"
        forms, notes, case, keep = _read_entry(entry, codes, lang_of)
        if not forms.get(source):
            glossary.warnings.append(f"{path}: entry {name} has no {source} term; it was left out (import with "
                                     "--from naming a language every entry has)")
            continue
        head, *source_synonyms = forms.pop(source)
        targets: dict[str, str] = {}
        synonyms = {source: source_synonyms} if source_synonyms else {}
        for language, items in forms.items():
            targets[language] = KEEP if items[0] == head else items[0]
            if items[1:]:
                synonyms[language] = items[1:]
        languages += [code for code in targets if code not in languages]
        term = Term(source=head, targets=targets, note="; ".join(notes), case=case, origin=f"{path}#{name}",
                    synonyms=synonyms)
        glossary.terms.append(term)
        if keep:
            untranslated.append(term)
    for term in untranslated:  # "Translation needed: no": the source form in every language of the file
        for language in languages:
            term.targets.setdefault(language, KEEP)
    glossary.languages = languages
    return glossary


def _source_code(tag: str, codes: dict[str, str], path: Path) -> str:
    """The glossary code of the source language `tag` (given, or the file's xml:lang) among the file's columns."""
    tag = tag.strip()
    for raw, code in codes.items():
        if _canonical_tag(raw) == _canonical_tag(tag):
            return code
    base = normalize_code(tag)
    if base not in KNOWN_CODES:
        raise GlossaryError(f"{path}: unknown language code {tag!r}; use an ISO 639 code such as 'en'")
    if codes and base not in codes.values():
        raise GlossaryError(f"{path}: {tag} is not a language of the file; choose the source with --from among "
                            f"{', '.join(dict.fromkeys(codes.values()))}")
    return base


def _read_entry(entry, codes: dict[str, str], lang_of) -> tuple[dict[str, list[str]], list[str], str, bool]:
    """(language -> forms, notes, case rule, translation-not-needed) of one concept entry."""
    notes: list[str] = []
    case = ""
    keep = False
    for field in _fields(entry):
        kind, text = _kind(field), _text(field)
        if kind == NO_TRANSLATION:
            keep = text.lower() == "no"
        elif kind == "note" and text.startswith("case: ") and text[6:] in CASE_RULES:
            case = text[6:]
        elif text:
            notes.append(text if kind == "note" else f"{kind}: {text}")
    forms: dict[str, list[str]] = {}
    for section in (s for s in entry if _local(s.tag) in ("langSec", "langSet")):
        tag = lang_of(section).strip()
        if not tag:
            continue
        language = codes[tag]
        notes += [f"{language} {_kind(f)}: {_text(f)}" for f in _fields(section) if _text(f)]
        preferred: list[str] = []
        others: list[str] = []
        for term_section in _term_sections(section):
            form = _term_text(term_section)
            if not form:
                continue
            status = ""
            groups = [g for g in term_section if _local(g.tag) == "termGrp"]  # ntig keeps its notes there
            for field in _fields(term_section) + [f for g in groups for f in _fields(g)]:
                if _kind(field) == "administrativeStatus":
                    status = _text(field).lower()
                elif _text(field):
                    notes.append(f"{language} {form}: {_kind(field)}: {_text(field)}")
            if status.startswith(_UNWANTED_STATUS):
                notes.append(f"{language} {next(s for s in _UNWANTED_STATUS if status.startswith(s))}: {form}")
            elif status.startswith("preferred"):
                preferred.append(form)
            else:
                others.append(form)
        found = list(dict.fromkeys([*forms.get(language, []), *preferred, *others]))
        if found:
            forms[language] = found
    return forms, notes, case, keep


# --- dispatch and merging ------------------------------------------------------------------------------------


READERS = {".tsv": read_tsv, ".csv": read_csv, ".tbx": read_tbx}
WRITERS = {".tsv": write_tsv, ".csv": write_csv, ".tbx": write_tbx}
# `translator glossary export --format NAME`; deepl is written by write_deepl_csv (it needs a target language)
FORMATS = {"tbx": write_tbx, "tbx2008": write_tbx_basic_2008, "csv": write_csv, "tsv": write_tsv}


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
        merged.warnings += glossary.warnings
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
                    earlier.synonyms[language] = term.alternatives(language)
            earlier.note = term.note or earlier.note
            earlier.origin = term.origin
    merged = merged or Glossary(source_language="en")
    merged.compute_checksum()
    return merged
