"""Glossary and Term: one row per concept, a preferred form per language and any admitted synonyms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from translator.languages import fallback_tags

KEEP = "="  # a target cell "=" means: keep the source form
SYNONYM_SEPARATOR = "|"  # a cell "OTAN | Organização do Tratado do Atlântico Norte": preferred form first
CASE_RULES = ("exact", "sensitive", "insensitive")


def default_case(term: str) -> str:
    """Acronyms match exactly, names case-sensitively, common nouns in any case."""
    letters = [c for c in term if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "exact"
    return "sensitive" if any(c.isupper() for c in letters) else "insensitive"


@dataclass
class Term:
    source: str
    targets: dict[str, str]          # language -> form ("=" keeps the source form)
    note: str = ""
    case: str = ""
    origin: str = ""                 # file:line, for messages
    # language -> admitted forms besides the preferred one (the source language's too), in file order
    synonyms: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.case = self.case or default_case(self.source)

    def column(self, language: str) -> str:
        """The column that holds `language`: its own (pt-BR), else the plain language in the same script (pt)."""
        if language in self.targets:
            return language
        return next((tag for tag in fallback_tags(language) if tag in self.targets), language)

    def target(self, language: str) -> str | None:
        """The form to use in `language`, or None when the glossary has no entry for it."""
        form = self.targets.get(self.column(language), "")
        if not form:
            return None
        return self.source if form == KEEP else form

    def alternatives(self, language: str) -> list[str]:
        """Admitted forms in `language` besides the preferred one; the check accepts them too."""
        return list(self.synonyms.get(self.column(language), []))

    def forms(self, language: str) -> list[str]:
        """Every accepted form in `language`, the preferred first; empty when there is no entry."""
        preferred = self.target(language)
        return [] if preferred is None else [preferred, *self.alternatives(language)]


@dataclass
class Glossary:
    source_language: str
    terms: list[Term] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checksum: str = ""

    def find(self, source: str) -> Term | None:
        for term in self.terms:
            if term.source == source:
                return term
        lowered = source.lower()
        return next((t for t in self.terms if t.source.lower() == lowered), None)

    def compute_checksum(self) -> str:
        digest = hashlib.sha256()
        for term in sorted(self.terms, key=lambda t: t.source):
            fields: tuple = (term.source, sorted(term.targets.items()), term.case)
            if any(term.synonyms.values()):  # glossaries without synonyms keep the checksum they had
                fields += (sorted((k, v) for k, v in term.synonyms.items() if v),)
            digest.update(repr(fields).encode("utf-8"))
        self.checksum = "sha256:" + digest.hexdigest()[:16]
        return self.checksum
