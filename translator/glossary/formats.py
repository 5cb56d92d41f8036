"""Glossary files as tables: TSV (the editors' format), CSV and DeepL glossary CSV, and the language columns and
cells they share with TBX (tbx.py). A cell "A | B" holds a preferred form and its synonyms.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from translator.errors import GlossaryError
from translator.fsutil import atomic_write_text, not_a_file
from translator.glossary.model import CASE_RULES, FORBIDDEN_MARK, KEEP, SYNONYM_SEPARATOR, Glossary, Term
from translator.languages import KNOWN_CODES, fallback_tags, normalize_code

META_COLUMNS = ("note", "case")

NO_TRANSLATION = "Translation needed"  # translate-toolkit's (and Weblate's) do-not-translate descrip

def canonical_tag(tag: str) -> str:
    """BCP 47 letter case: pt_br -> pt-BR, zh-hant -> zh-Hant, sr-latn-rs -> sr-Latn-RS."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


def language_columns(tags: Iterable[str], where: str) -> dict[str, str]:
    """Map the language tags of a file to glossary columns: each tag kept as written, its letter case made
    canonical (pt-br -> pt-BR, zh-tw -> zh-TW); lookups fall back to the plain language (Term.column)."""
    tags = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    mapping: dict[str, str] = {}
    for tag in tags:
        if normalize_code(tag) not in KNOWN_CODES:
            raise GlossaryError(f"{where}: unknown language code {tag!r}; use an ISO 639 code such as 'en', "
                                "'pt' or 'pt-BR'")
        mapping[tag] = canonical_tag(tag)
    return mapping


def _split_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SYNONYM_SEPARATOR) if part.strip()]


def _cell_forms(cell: str) -> tuple[list[str], list[str]]:
    """(accepted forms, the preferred first; forbidden forms) of a cell "OTAN | Organização ... | !Aliança"."""
    parts = _split_cell(cell) if SYNONYM_SEPARATOR in cell or cell.strip().startswith(FORBIDDEN_MARK) else [cell]
    forbidden = [p[len(FORBIDDEN_MARK):].strip() for p in parts if p.startswith(FORBIDDEN_MARK)]
    return [p for p in parts if not p.startswith(FORBIDDEN_MARK)], [f for f in forbidden if f]


def _join_cell(preferred: str, synonyms: list[str], forbidden: list[str] = (), term: Term | None = None) -> str:
    for form in [preferred, *synonyms, *forbidden]:
        _check_cell_form(form, term, banned=form in forbidden)
    forms = ([preferred, *synonyms] if preferred else []) + [FORBIDDEN_MARK + form for form in forbidden]
    return f" {SYNONYM_SEPARATOR} ".join(forms)


def _check_cell_form(form: str, term: Term | None, banned: bool = False) -> None:
    """A form a table cell can hold as it is: "|" would split it into synonyms, a leading "!" make an accepted
    form a forbidden one (a forbidden "!x" is written "!!x" and read back whole), a tab or line break end its cell
    or row (a TBX or DeepL term may hold any of them)."""
    if SYNONYM_SEPARATOR in form:
        reason = f"holds '{SYNONYM_SEPARATOR}', which a cell reads as a synonym separator"
    elif form.startswith(FORBIDDEN_MARK) and not banned:
        reason = f"starts with '{FORBIDDEN_MARK}', which a cell reads as a forbidden form"
    elif any(char in form for char in "\t\r\n"):
        reason = "holds a tab or line break, which ends a TSV cell or row"
    else:
        return
    where = f"{term.origin}: " if term is not None and term.origin else ""
    raise GlossaryError(f"{where}the form {form!r} {reason}; rename the term in its source file, or list that file "
                        "itself in the job's `glossaries` (nothing was written)")


def described_note(term: Term) -> str:
    """The note with the term's descriptive fields written out by name, for formats that have only a note column:
    "alliance; subjectField: politics; pt-BR definition: ...; en NATO: partOfSpeech: noun"."""
    parts = [term.note] if term.note else []
    for field in term.fields:
        if field.category == "administrativeStatus" or (field.category == "note" and not field.language
                                                        and not field.group):
            continue  # statuses are the cell's order and "!"; the concept's notes are the note itself
        where = f"{field.language} {field.form}:" if field.form else field.language
        parts.append(" ".join(p for p in (where, f"{field.category}:", field.text) if p))
    return "; ".join(parts)


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
    codes = language_columns(languages, f"{where}:{header_line}")
    if len(set(header)) != len(header) or len(set(codes.values())) != len(languages):
        raise GlossaryError(f"{where}:{header_line}: a column appears twice in the header")
    source_tag = codes[languages[0]]
    codes[languages[0]] = normalize_code(source_tag)  # the source is its plain language, as jobs name it
    glossary = Glossary(source_language=codes[languages[0]], languages=[codes[c] for c in languages[1:]],
                        source_tag=source_tag if source_tag != codes[languages[0]] else "")
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
        source_forms, source_forbidden = _cell_forms(row[languages[0]])
        if not source_forms:
            raise GlossaryError(f"{where}:{line}: the source term ({languages[0]}) has only forbidden forms "
                                f"('{FORBIDDEN_MARK}'); write the accepted form first")
        source = source_forms[0]
        synonyms = {glossary.source_language: source_forms[1:]} if len(source_forms) > 1 else {}
        forbidden = {glossary.source_language: source_forbidden} if source_forbidden else {}
        targets = {}
        for column in languages[1:]:
            forms, banned = _cell_forms(row[column])
            targets[codes[column]] = forms[0] if forms else ""
            if len(forms) > 1:
                synonyms[codes[column]] = forms[1:]
            if banned:
                forbidden[codes[column]] = banned
        glossary.terms.append(Term(source=source, targets=targets, note=row.get("note", "").strip(), case=case,
                                   origin=f"{where}:{line}", synonyms=synonyms, forbidden=forbidden))
    return glossary


def check_regular_file(path: Path) -> None:
    """Refuse a glossary path that is a pipe or device before it is read: a FIFO waits for a writer for ever and
    /dev/zero fills memory (a folder or a missing file is left to the reader's own error)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return
    if (kind := not_a_file(mode)) not in (None, "a folder"):
        raise GlossaryError(f"{path}: {kind}; give the path of a glossary file")


def read_tsv(path: Path) -> Glossary:
    check_regular_file(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: not UTF-8 text; save the glossary as UTF-8") from exc
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read the glossary ({exc.strerror})") from exc
    return _rows_to_glossary(tsv_rows(text), str(path))


def tsv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a TSV's rows, blank and # lines left out. Rows end at a newline (a lone CR in the
    files of old Mac Excel): str.splitlines() also breaks at U+2028, NEL, VT and FF, which a pasted cell holds,
    and would cut its row into two terms."""
    lines = text.split("\n") if "\n" in text else text.split("\r")
    return [(n, line.rstrip("\r").split("\t")) for n, line in enumerate(lines, start=1)
            if line.strip() and not line.lstrip().startswith("#")]


def _csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    check_regular_file(path)
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
    """A CSV with a header of language codes (the editors' table), or a DeepL glossary CSV whose lines name their
    languages (source,target,source language,target language): that one is read as DeepL's."""
    rows = _csv_rows(path)
    if rows and _deepl_line(rows[0][1]):
        return read_deepl_csv(path)
    hint = ("; a DeepL glossary (source,target on each line, no header) is imported with --from and --to, "
            "e.g. translator glossary import FILE.csv --from en --to pt")
    return _rows_to_glossary(rows, str(path), hint)


def _deepl_line(cells: list[str]) -> bool:
    """A line of DeepL's 4-column form (5 with the glossary generator's relevance): its 3rd and 4th cells are
    language codes and its terms are not both codes too (a header of codes is the editors' table; a term may be
    one, "it,isso,en,pt")."""
    cells = [c.strip() for c in cells]
    return len(cells) in (4, 5) and all(map(_is_code, cells[2:4])) and not all(map(_is_code, cells[:2]))


def _is_code(cell: str) -> bool:
    return normalize_code(cell) in KNOWN_CODES


def _table(glossary: Glossary) -> list[list[str]]:
    header = [glossary.source_tag or glossary.source_language, *glossary.languages, "note", "case"]
    rows = [header]
    source = glossary.source_language
    for term in glossary.terms:
        if term.source.startswith("#"):  # the row would read as a comment, and the term be lost
            raise GlossaryError(f"{term.origin or term.source}: the source term {term.source!r} starts with '#', "
                                "which a TSV or CSV row reads as a comment; rename the term in its source file, or "
                                "list that file itself in the job's `glossaries` (nothing was written)")
        rows.append([_join_cell(term.source, term.alternatives(source), term.forbidden.get(source, []), term),
                     *(_join_cell(term.targets.get(lang, ""), term.synonyms.get(lang, []), term.forbidden.get(lang, []),
                                  term) for lang in glossary.languages),
                     described_note(term), term.case])
    return rows


def write_tsv(glossary: Glossary, path: Path) -> None:
    atomic_write_text(path, "".join("\t".join(row) + "\n" for row in _table(glossary)))


def write_csv(glossary: Glossary, path: Path) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(_table(glossary))
    atomic_write_text(path, out.getvalue())


def _option_tag(code: str | None, option: str, where: str) -> str | None:
    if code is None:
        return None
    if normalize_code(code) not in KNOWN_CODES:
        raise GlossaryError(f"{where}: unknown language code {code!r} given with {option}")
    return canonical_tag(code)


def read_deepl_csv(path: Path, source_language: str | None = None, target_language: str | None = None) -> Glossary:
    """A DeepL glossary CSV: source,target on each line (the languages given with --from and --to), or DeepL's
    4-column form source,target,source language,target language (a 5th, the generator's relevance, is ignored),
    several language pairs in one file allowed.

    Target tags are kept as written (pt-BR stays a pt-BR column). The source language is --from, else the first
    line's; --to keeps one target. Lines of another source language or target are left out with a warning; a
    source term appears once per target language.
    """
    where = str(path)
    source = _option_tag(source_language, "--from", where)
    wanted = _option_tag(target_language, "--to", where)
    glossary = Glossary(source_language=normalize_code(source) if source else "")
    by_term: dict[str, Term] = {}
    seen: dict[tuple[str, str], int] = {}
    skipped: dict[str, int] = {}
    for line, cells in _csv_rows(path):
        cells = [c.strip() for c in cells]
        if len(cells) not in (2, 4, 5):
            raise GlossaryError(f"{where}:{line}: {len(cells)} cells; a DeepL glossary line is source,target "
                                "(or source,target,source language,target language)")
        if len(cells) == 2:
            if source is None or wanted is None:
                raise GlossaryError(f"{where}:{line}: a source,target line names no languages; import the file "
                                    "with --from and --to")
            pair = (source, wanted)
        else:
            pair = (_option_tag(cells[2], "the source language column", f"{where}:{line}"),
                    _option_tag(cells[3], "the target language column", f"{where}:{line}"))
        if not glossary.source_language:
            glossary.source_language = normalize_code(pair[0])
        if normalize_code(pair[0]) != glossary.source_language or (wanted and not _serves(pair[1], wanted)):
            name = f"{pair[0]}→{pair[1]}"
            skipped[name] = skipped.get(name, 0) + 1
            continue
        column = wanted if wanted and (len(cells) == 2 or len(wanted) > len(pair[1])) else pair[1]  # the narrower
        term, form = cells[0], cells[1]
        if not term or not form:
            raise GlossaryError(f"{where}:{line}: an empty {'source' if not term else 'target'} entry; DeepL "
                                "needs both")
        if (term, column) in seen:
            raise GlossaryError(f"{where}:{line}: {term!r} is already on line {seen[term, column]}; a DeepL "
                                f"glossary holds one entry per source term and language ({column})")
        seen[term, column] = line
        if term not in by_term:
            by_term[term] = Term(source=term, targets={}, origin=f"{where}:{line}")
            glossary.terms.append(by_term[term])
        by_term[term].targets[column] = KEEP if form == term else form
        if column not in glossary.languages:
            glossary.languages.append(column)
    for name, count in skipped.items():
        glossary.warnings.append(f"{where}: {count} lines of {name} left out (the import is "
                                 f"{glossary.source_language}→{wanted or 'any'}; choose with --from and --to)")
    if not glossary.terms:
        raise GlossaryError(f"{where}: no {glossary.source_language or ''}→{wanted or ''} entries; a DeepL "
                            "glossary has a source,target pair on each line" + (
                                f" (the file has {', '.join(skipped)})" if skipped else ""))
    return glossary


def _serves(line_tag: str, wanted: str) -> bool:
    """A line's target serves the import's --to: the same tag, or the same language where one of them is plain
    (DeepL's PT glossaries serve both variants)."""
    same_language = normalize_code(line_tag) == normalize_code(wanted)
    return line_tag == wanted or (same_language and ("-" not in wanted or "-" not in line_tag))


def _deepl_column(glossary: Glossary, target_language: str, path: Path) -> str:
    """The glossary column a DeepL export for `target_language` reads: its own, else one that serves it."""
    if target_language in glossary.languages:
        return target_language
    serving = [c for c in glossary.languages if c in fallback_tags(target_language) or target_language in
               fallback_tags(c)]
    if len(serving) != 1:
        raise GlossaryError(f"{path}: the glossary has no {target_language} column; choose one of "
                            f"{', '.join(glossary.languages) or '(none)'}")
    return serving[0]


def _deepl_pairs(glossary: Glossary, column: str) -> dict[str, str]:
    """source -> target of one language pair in DeepL's plain form: '=' written as the source form, the preferred
    target only (DeepL holds one), every source synonym a line of its own, no forbidden form."""
    rows: dict[str, str] = {}
    for term in glossary.terms:
        form = term.target(column)
        if form is None:
            continue
        for source in (term.source, *term.alternatives(glossary.source_language)):
            if any(c in source + form for c in "\t\r\n") or source != source.strip() or form != form.strip():
                raise GlossaryError(f"{term.origin}: {source!r} → {form!r} has a tab, line break or edge space, "
                                    "which DeepL refuses; fix the glossary row")
            rows.setdefault(source, form)
    return rows


def write_deepl_csv(glossary: Glossary, path: Path, target_language: str | None = None) -> int:
    """Write a DeepL glossary CSV in DeepL's plain form (none of this tool's '=' or 'A | B'): one language pair
    (`target_language`, or the glossary's only one) as source,target lines; with no `target_language` and several
    languages, every one as 4-column lines source,target,source language,target language (DeepL's form that
    names the languages), tags as the glossary writes them. Returns the lines."""
    source_tag = glossary.source_tag or glossary.source_language
    if target_language is None and len(glossary.languages) == 1:
        target_language = glossary.languages[0]  # one pair: the plain two columns
    columns = [_deepl_column(glossary, target_language, path)] if target_language else list(glossary.languages)
    lines: list[list[str]] = []
    for column in columns:
        pairs = _deepl_pairs(glossary, column)
        if target_language is not None and not pairs:
            raise GlossaryError(f"{path}: no {glossary.source_language}→{target_language} entries to export")
        lines += [[s, t] if target_language else [s, t, source_tag, column] for s, t in pairs.items()]
    if not lines:
        raise GlossaryError(f"{path}: no entries to export in any language")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(lines)
    atomic_write_text(path, out.getvalue())
    return len(lines)
