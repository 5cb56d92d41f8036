"""TBX glossaries: written as TBX v3 TBX-Core (ISO 30042:2019) or, on request, as TBX-Basic 2008 (`martif`, what
translate-toolkit and Weblate read); both are read back."""

from __future__ import annotations

from pathlib import Path

from translator.errors import GlossaryError
from translator.fsutil import atomic_write_text
from translator.glossary.formats import NO_TRANSLATION, canonical_tag, language_columns
from translator.glossary.model import CASE_RULES, KEEP, Glossary, Term, default_case
from translator.languages import KNOWN_CODES, normalize_code

XML_NS = "http://www.w3.org/XML/1998/namespace"

XML_LANG = f"{{{XML_NS}}}lang"

TBX_NS = "urn:iso:std:iso:30042:ed-2"

TBX_CORE_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/"
                "TBXcoreStructV03_TBX-Core_integrated.rng")

TBX_CORE_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/TBX-Core.sch"

_EXPORT_TAGS = {"zt": "zh-Hant"}       # internal codes that are not BCP 47 tags

_UNWANTED_STATUS = ("deprecated", "superseded")


def _export_tag(code: str) -> str:
    return _EXPORT_TAGS.get(code, code)


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
        if canonical_tag(raw) == canonical_tag(tag):
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
