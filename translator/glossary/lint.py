"""Glossary lint: what an editor should fix before a glossary is trusted."""

from __future__ import annotations

from pathlib import Path

from translator.glossary.formats import tsv_rows
from translator.glossary.load import read_glossary
from translator.glossary.match import Matcher
from translator.glossary.model import KEEP, Glossary, Term
from translator.languages import KNOWN_CODES, normalize_code


def _raw_cells(path: Path) -> list[tuple[int, list[str]]]:
    if path.suffix.lower() != ".tsv":
        return []
    return tsv_rows(path.read_text(encoding="utf-8-sig"))


def lint_files(paths: list[Path]) -> list[str]:
    """Findings as 'file:line: message' strings; an empty list means the glossaries are clean."""
    findings: list[str] = []
    glossaries: list[Glossary] = []
    for path in paths:
        glossary = read_glossary(path)
        glossaries.append(glossary)
        for line, cells in _raw_cells(path)[1:]:
            for cell in cells:
                if cell != cell.strip():
                    findings.append(f"{path}:{line}: leading or trailing space in {cell!r}")
        for code in glossary.languages:
            if normalize_code(code) not in KNOWN_CODES:  # pt-BR, zh-TW: kept as written, checked by language
                findings.append(f"{path}: unknown language code {code!r}")
        findings += _lint_terms(glossary)
    findings += _lint_across(glossaries)
    return findings


def _lint_terms(glossary: Glossary) -> list[str]:
    findings = []
    seen: dict[str, str] = {}
    for term in glossary.terms:
        key = term.source.strip()
        if key in seen:
            findings.append(f"{term.origin}: duplicate term {key!r} (first at {seen[key]})")
        seen.setdefault(key, term.origin)
        if not any(form.strip() for form in term.targets.values()):
            findings.append(f"{term.origin}: {key!r} has no translation in any language (empty row)")
        for language, form in term.targets.items():
            if form.strip() == term.source.strip() and form != KEEP:
                findings.append(f"{term.origin}: {key!r} [{language}] repeats the source; write '=' to keep "
                                "the source form")
        for language, banned in term.forbidden.items():
            accepted = [term.source, *term.alternatives(language)] if language == glossary.source_language \
                else term.forms(language)
            for form in set(banned) & set(accepted):
                findings.append(f"{term.origin}: {key!r} [{language}] {form!r} is both accepted and forbidden; "
                                "keep one")
    matcher = Matcher(glossary)
    for term in glossary.terms:
        for inner in matcher.find_all(term.source):
            if inner.term is term or (inner.start, inner.end) == (0, len(term.source)):
                continue
            for language in glossary.languages:
                outer_form, inner_form = term.target(language), inner.term.target(language)
                if outer_form and inner_form and inner_form.lower() not in outer_form.lower():
                    findings.append(
                        f"{term.origin}: {term.source!r} [{language}] {outer_form!r} does not contain "
                        f"{inner_form!r}, the form of {inner.term.source!r} inside it")
    return findings


def _lint_across(glossaries: list[Glossary]) -> list[str]:
    findings = []
    first: dict[str, tuple[int, Term]] = {}  # source -> (which file, its first row)
    for number, glossary in enumerate(glossaries):
        for term in glossary.terms:
            if term.source not in first:
                first[term.source] = (number, term)
                continue
            earlier_file, earlier = first[term.source]
            if earlier_file == number:
                continue  # a duplicate inside one file is reported above
            for language, form in term.targets.items():
                other = earlier.targets.get(language)
                if form and other and form != other:
                    findings.append(f"{term.origin}: {term.source!r} [{language}] {form!r} conflicts with "
                                    f"{other!r} at {earlier.origin} (the later file wins)")
    return findings
