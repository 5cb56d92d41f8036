"""TBX glossaries: written as TBX v3 TBX-Core (ISO 30042:2019) or, on request, as TBX-Basic 2008 (`martif`, what
translate-toolkit and Weblate read); both are read back."""

from __future__ import annotations

from pathlib import Path

from translator.errors import GlossaryError
from translator.fsutil import atomic_write_text
from translator.glossary.formats import NO_TRANSLATION, canonical_tag, check_regular_file, language_columns
from translator.glossary.model import CASE_RULES, KEEP, Field, Glossary, Term, default_case
from translator.languages import KNOWN_CODES, normalize_code

XML_NS = "http://www.w3.org/XML/1998/namespace"

XML_LANG = f"{{{XML_NS}}}lang"

TBX_NS = "urn:iso:std:iso:30042:ed-2"

TBX_CORE_RNG = ("https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/"
                "TBXcoreStructV03_TBX-Core_integrated.rng")

TBX_CORE_SCH = "https://raw.githubusercontent.com/LTAC-Global/TBX-Core_dialect/master/Schemas/TBX-Core.sch"

_EXPORT_TAGS = {"zt": "zh-Hant"}       # internal codes that are not BCP 47 tags

_UNWANTED_STATUS = ("deprecated", "superseded")

# TBX-Basic's data categories: the DCA element each is written as, and the module that holds it in DCT style
_TERM_NOTES = ("partOfSpeech", "administrativeStatus", "termType", "grammaticalGender", "grammaticalNumber",
               "geographicalUsage", "termLocation")
_ELEMENTS = {**dict.fromkeys(("definition", "context", "subjectField"), "descrip"),
             **dict.fromkeys(("source", "customerSubset", "projectSubset"), "admin"),
             **dict.fromkeys(_TERM_NOTES, "termNote"),
             "xGraphic": "xref", "externalCrossReference": "xref", "crossReference": "ref", "note": "note"}
MIN_NS = "http://www.tbxinfo.net/ns/min"
BASIC_NS = "http://www.tbxinfo.net/ns/basic"
_MIN = ("subjectField", "partOfSpeech", "administrativeStatus", "customerSubset", "externalCrossReference")
STYLES = ("dca", "dct")


def _export_tag(code: str) -> str:
    return _EXPORT_TAGS.get(code, code)


def _source_tag(glossary: Glossary) -> str:
    """The source language's tag as the file it came from wrote it (en-US), else its code."""
    return _export_tag(glossary.source_tag or glossary.source_language)


def _plain_note(field: Field) -> bool:
    """A note of the concept outside any group: what the glossary's note column holds."""
    return field.category == "note" and not field.language and not field.group


def _concept_notes(term: Term) -> list[str]:
    """The concept's notes: as read (one element each) while the note is unchanged, else the note as it is now."""
    read = [f.text for f in term.fields if _plain_note(f)]
    notes = read if "; ".join(read) == term.note else ([term.note] if term.note else [])
    if term.case != default_case(term.source):
        notes.append(f"case: {term.case}")
    return notes


def _language_forms(glossary: Glossary, term: Term) -> list[tuple[str, list[str], list[str]]]:
    """(language, accepted forms, forbidden forms) of a term in file order, the preferred form first; '=' written
    as the source form."""
    source = glossary.source_language
    out = [(source, [term.source, *term.alternatives(source)], term.forbidden.get(source, []))]
    languages = [lang for lang in dict.fromkeys([*glossary.languages, *term.targets]) if lang != source]
    out += [(lang, term.forms(lang), term.forbidden.get(lang, [])) for lang in languages
            if term.targets.get(lang) or term.forbidden.get(lang)]
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


class _Writer:
    """The element names of one TBX flavour: v3 TBX-Core, v3 TBX-Basic in DCA or DCT style, or TBX 2008."""

    def __init__(self, style: str, v3: bool = True) -> None:
        self.style, self.v3 = style, v3
        self.entry, self.language, self.term = (("conceptEntry", "langSec", "termSec") if v3
                                                else ("termEntry", "langSet", "tig"))

    def field(self, parent, field: Field) -> None:
        from xml.etree import ElementTree as ET

        element = _ELEMENTS.get(field.category, "descrip")
        attributes = {"target": field.target} if field.target else {}
        if field.category == "note":
            ET.SubElement(parent, "note").text = field.text
        elif self.style == "dct":
            module = MIN_NS if field.category in _MIN else BASIC_NS
            ET.SubElement(parent, f"{{{module}}}{field.category}", attributes).text = field.text
        else:
            ET.SubElement(parent, element, {"type": field.category, **attributes}).text = field.text

    def fields(self, parent, fields: list[Field]) -> None:
        """Write fields in order; those of one group go in one descripGrp (termNoteGrp, adminGrp by their first)."""
        from xml.etree import ElementTree as ET

        index = 0
        while index < len(fields):
            field = fields[index]
            if not field.group:
                self.field(parent, field)
                index += 1
                continue
            members = [f for f in fields[index:] if f.group == field.group]
            kind = _ELEMENTS.get(field.category, "descrip")
            group = ET.SubElement(parent, f"{kind if kind in ('termNote', 'admin') else 'descrip'}Grp")
            for member in members:
                self.field(group, member)
            index += len(members)


def _term_fields(term: Term, language: str, form: str, forms: list[str], forbidden: bool, marked: bool
                 ) -> list[Field]:
    """The fields of one form, term notes first (the order TBX wants); a status where the file had none but the
    form needs one: a forbidden form, or with `marked` each of several forms (translate-toolkit reads no order)."""
    own = [f for f in term.fields if f.language == language and f.form == form]
    if not any(f.category == "administrativeStatus" for f in own) and (forbidden or (marked and len(forms) > 1)):
        status = ("deprecatedTerm-admn-sts" if forbidden else
                  "preferredTerm-admn-sts" if form == forms[0] else "admittedTerm-admn-sts")
        own.insert(0, Field("administrativeStatus", status, language, form))
    return sorted(own, key=lambda f: _ELEMENTS.get(f.category) != "termNote")


def _body(root, glossary: Glossary, writer: _Writer, keep_marker: bool = False) -> None:
    from xml.etree import ElementTree as ET

    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    basic = writer.style in STYLES
    for number, term in enumerate(glossary.terms, start=1):
        entry = ET.SubElement(body, writer.entry, {"id": f"c{number}"})
        if keep_marker and glossary.languages and all(term.targets.get(lang) == KEEP for lang in glossary.languages):
            ET.SubElement(entry, "descrip", {"type": NO_TRANSLATION}).text = "no"
        if basic:
            writer.fields(entry, [f for f in term.fields if not f.language and not _plain_note(f)])
        for note in _concept_notes(term):
            ET.SubElement(entry, "note").text = note
        for language, forms, forbidden in _language_forms(glossary, term):
            written = glossary.source_tag if language == glossary.source_language and glossary.source_tag else language
            section = ET.SubElement(entry, writer.language, {XML_LANG: _export_tag(written)})
            if basic:
                writer.fields(section, [f for f in term.fields if f.language == language and not f.form])
            for form in forms + forbidden:
                term_section = ET.SubElement(section, writer.term)
                ET.SubElement(term_section, "term").text = form
                if basic or not writer.v3:
                    writer.fields(term_section, _term_fields(term, language, form, forms, form in forbidden,
                                                                    marked=not writer.v3))


def _has_fields(glossary: Glossary) -> bool:
    return any(t.fields or any(t.forbidden.values()) for t in glossary.terms)


def write_tbx(glossary: Glossary, path: Path, style: str | None = None) -> None:
    """TBX v3 (ISO 30042:2019): TBX-Core, valid against the LTAC TBX-Core RelaxNG schema, while the glossary holds
    only terms and notes; TBX-Basic when it holds descriptive fields (definitions, subject fields, part of speech,
    statuses, forbidden forms), which TBX-Core has no categories for: in DCT style (`<basic:definition>`) or DCA
    style (`<descrip type="definition">`), the style read (`glossary.style`) unless `style` is given.

    One conceptEntry per term; its note and a non-default case rule as `note`s; one langSec per language, one
    termSec per form, the preferred form first, forbidden forms last with their status. A '=' cell is written as
    the source form (TBX has no do-not-translate category in v3).
    """
    from xml.etree import ElementTree as ET

    if not glossary.terms:
        raise GlossaryError(f"{path}: the glossary has no terms; TBX needs at least one entry")
    style = style or glossary.style or "dca"
    if style not in STYLES:
        raise GlossaryError(f"{path}: TBX style must be one of {', '.join(STYLES)}, not {style!r}")
    if not _has_fields(glossary):
        root = ET.Element("tbx", {"type": "TBX-Core", "style": "dca",
                                  XML_LANG: _source_tag(glossary), "xmlns": TBX_NS})
        _header(root, "tbxHeader", glossary)
        _body(root, glossary, _Writer("core"))
        pis = [f'<?xml-model href="{TBX_CORE_RNG}" type="application/xml" '
               'schematypens="http://relaxng.org/ns/structure/1.0"?>',
               f'<?xml-model href="{TBX_CORE_SCH}" type="application/xml" '
               'schematypens="http://purl.oclc.org/dsdl/schematron"?>']
        atomic_write_text(path, _serialize(root, pis))
        return
    ET.register_namespace("min", MIN_NS)
    ET.register_namespace("basic", BASIC_NS)
    root = ET.Element("tbx", {"type": "TBX-Basic", "style": style, XML_LANG: _source_tag(glossary),
                              "xmlns": TBX_NS})
    _header(root, "tbxHeader", glossary)
    _body(root, glossary, _Writer(style))
    atomic_write_text(path, _serialize(root, []))


def write_tbx_dca(glossary: Glossary, path: Path) -> None:
    write_tbx(glossary, path, "dca")


def write_tbx_dct(glossary: Glossary, path: Path) -> None:
    write_tbx(glossary, path, "dct")


def write_tbx_basic_2008(glossary: Glossary, path: Path) -> None:
    """TBX-Basic 2008 (`martif`, ISO 30042:2008), the TBX that translate-toolkit and Weblate read.

    One termEntry per term; a term kept in the source form in every language carries translate-toolkit's
    `<descrip type="Translation needed">no</descrip>`; synonyms are further `tig`s, marked admitted, forbidden
    forms last, marked as read (deprecated, superseded); descriptive fields as typed elements.
    """
    from xml.etree import ElementTree as ET

    if not glossary.terms:
        raise GlossaryError(f"{path}: the glossary has no terms; TBX needs at least one entry")
    root = ET.Element("martif", {"type": "TBX-Basic", XML_LANG: _source_tag(glossary)})
    _header(root, "martifHeader", glossary)
    _body(root, glossary, _Writer("dca", v3=False), keep_marker=True)
    atomic_write_text(path, _serialize(root, []))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _kind(element) -> str:
    return element.get("type") or _local(element.tag)

_FIELDS = ("descrip", "admin", "note", "ref", "xref", "termNote")

_GROUPS = ("descripGrp", "adminGrp", "termNoteGrp")


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _is_field(element) -> bool:
    """A data category: DCA's typed elements (`<descrip type="definition">`) or, in DCT style, an element of a
    module's namespace (`<basic:definition>`, `<min:subjectField>`)."""
    return _local(element.tag) in _FIELDS or _namespace(element.tag) not in ("", TBX_NS)


def _fields(element) -> list[tuple[object, int]]:
    """(field, group number) of an entry, language or term section: groups opened and numbered from 1 in
    document order, ungrouped fields 0, history (transacGrp) left out."""
    out = []
    groups = 0
    for child in element:
        name = _local(child.tag)
        if name in _GROUPS:
            groups += 1
            out += [(c, groups) for c in child if _is_field(c)]
        elif name not in ("transacGrp",) and _is_field(child):
            out.append((child, 0))
    return out


def _term_sections(section) -> list:
    """termSec (TBX v3), tig or ntig (TBX 2008) of a language section."""
    return [c for c in section if _local(c.tag) in ("termSec", "tig", "ntig")]


def _term_text(term_section) -> str:
    term = next((t for t in term_section.iter() if _local(t.tag) == "term"), None)
    return _text(term) if term is not None else ""


def read_tbx(path: Path, source_language: str | None = None) -> Glossary:
    """Read TBX v3 (any dialect, DCA or DCT style) or TBX 2008 (`martif`).

    Language tags are kept as written (pt-BR, zh-TW, ru-RU; letter case made canonical); lookups fall back to the
    plain language (Term.column). Every form of a language is kept: the first, or the one marked preferred, is
    the glossary form, admitted ones are synonyms, deprecated and superseded ones forbidden forms. Descriptive
    fields (definition, subjectField, partOfSpeech, source, context, notes ...) are kept on the term as Fields,
    with their level and group, for the TBX export; the history (transacGrp) is not. A target form equal to the
    source form, or a concept marked "Translation needed: no", reads as '='. Entries without a source term are
    left out with a warning.
    """
    from xml.etree import ElementTree as ET

    check_regular_file(path)
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
    for number, entry in enumerate(entries, start=1):
        if any(_local(s.tag) in ("langSec", "langSet") and not lang_of(s).strip() for s in entry):
            raise GlossaryError(f"{path}: entry {entry.get('id') or f'#{number}'} has a language section without "
                                "xml:lang, whose terms would be lost; give it the language of its terms, e.g. "
                                '<langSec xml:lang="fr">')
    tags = [lang_of(s) for s in sections]
    codes = language_columns(tags, str(path))
    source_tag = _source_column(source_language or lang_of(root) or "en", codes, path)
    source = normalize_code(source_tag)
    codes = {raw: (source if code == source_tag else code) for raw, code in codes.items()}
    style = (root.get("style") or "").lower()
    glossary = Glossary(source_language=source, source_tag=source_tag if source_tag != source else "",
                        style=style if style in STYLES else "")
    languages: list[str] = []
    untranslated: list[Term] = []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("id") or f"#{number}"
        read = _read_entry(entry, codes, lang_of)
        forms = read.forms
        if not forms.get(source):
            glossary.warnings.append(f"{path}: entry {name} has no {source_tag} term; it was left out (import "
                                     "with --from naming a language every entry has)")
            continue
        head, *source_synonyms = forms.pop(source)
        targets: dict[str, str] = {}
        synonyms = {source: source_synonyms} if source_synonyms else {}
        for language, items in forms.items():
            targets[language] = KEEP if items[0] == head else items[0]
            if items[1:]:
                synonyms[language] = items[1:]
        for language in read.forbidden:
            if language != source:
                targets.setdefault(language, "")  # a column even where every form is forbidden
        languages += [code for code in targets if code not in languages]
        term = Term(source=head, targets=targets, note="; ".join(read.notes), case=read.case,
                    origin=f"{path}#{name}", synonyms=synonyms, forbidden=read.forbidden, fields=read.fields)
        glossary.terms.append(term)
        if read.keep:
            untranslated.append(term)
    for term in untranslated:  # "Translation needed: no": the source form in every language of the file
        for language in languages:
            if not term.targets.get(language):
                term.targets[language] = KEEP
    glossary.languages = languages
    return glossary


def _source_column(tag: str, codes: dict[str, str], path: Path) -> str:
    """The column of the source language `tag` (given, or the file's xml:lang) among the file's columns: the
    same tag, else the one column of its plain language."""
    tag = tag.strip()
    for raw, code in codes.items():
        if canonical_tag(raw) == canonical_tag(tag):
            return code
    base = normalize_code(tag)
    if base not in KNOWN_CODES:
        raise GlossaryError(f"{path}: unknown language code {tag!r}; use an ISO 639 code such as 'en'")
    same = list(dict.fromkeys(code for code in codes.values() if normalize_code(code) == base))
    if len(same) == 1:
        return same[0]
    if codes:
        raise GlossaryError(f"{path}: {tag} is not a language of the file; choose the source with --from among "
                            f"{', '.join(dict.fromkeys(codes.values()))}")
    return base


class _Entry:
    """What one concept entry holds, per glossary column."""

    def __init__(self) -> None:
        self.forms: dict[str, list[str]] = {}
        self.forbidden: dict[str, list[str]] = {}
        self.notes: list[str] = []
        self.fields: list[Field] = []
        self.case = ""
        self.keep = False


def _field(element, group: int, language: str = "", form: str = "") -> Field:
    return Field(_kind(element), _text(element), language, form, group, element.get("target") or "")


def _read_entry(entry, codes: dict[str, str], lang_of) -> _Entry:
    """Forms, forbidden forms, notes, fields, case rule and translation-not-needed of one concept entry."""
    read = _Entry()
    for element, group in _fields(entry):
        kind, text = _kind(element), _text(element)
        if kind == NO_TRANSLATION:
            read.keep = text.lower() == "no"
        elif kind == "note" and text.startswith("case: ") and text[6:] in CASE_RULES:
            read.case = text[6:]
        elif text:
            read.fields.append(_field(element, group))
            if kind == "note" and not group:  # the concept's own notes are the glossary note too
                read.notes.append(text)
    for section in (s for s in entry if _local(s.tag) in ("langSec", "langSet")):
        tag = lang_of(section).strip()
        if not tag:
            continue
        language = codes[tag]
        read.fields += [_field(f, g, language) for f, g in _fields(section) if _text(f)]
        preferred: list[str] = []
        others: list[str] = []
        for term_section in _term_sections(section):
            form = _term_text(term_section)
            if not form:
                continue
            groups = [g for g in term_section if _local(g.tag) == "termGrp"]  # ntig keeps its notes there
            found = _fields(term_section) + [f for g in groups for f in _fields(g)]
            read.fields += [_field(f, g, language, form) for f, g in found if _text(f)]
            status = next((_text(f).lower() for f, _ in found if _kind(f) == "administrativeStatus"), "")
            if status.startswith(_UNWANTED_STATUS):
                read.forbidden.setdefault(language, []).append(form)
            elif status.startswith("preferred"):
                preferred.append(form)
            else:
                others.append(form)
        found_forms = list(dict.fromkeys([*read.forms.get(language, []), *preferred, *others]))
        if found_forms:
            read.forms[language] = found_forms
    return read
