"""Glossary and Term: one row per concept, a form per language."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

KEEP = "="  # a target cell "=" means: keep the source form
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

    def __post_init__(self) -> None:
        self.case = self.case or default_case(self.source)

    def target(self, language: str) -> str | None:
        """The form to use in `language`, or None when the glossary has no entry for it."""
        form = self.targets.get(language, "")
        if not form:
            return None
        return self.source if form == KEEP else form


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
            digest.update(repr((term.source, sorted(term.targets.items()), term.case)).encode("utf-8"))
        self.checksum = "sha256:" + digest.hexdigest()[:16]
        return self.checksum
