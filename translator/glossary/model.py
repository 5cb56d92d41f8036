"""Glossary and Term: one row per concept, a preferred form per language and any admitted synonyms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from translator.languages import fallback_tags

KEEP = "="  # a target cell "=" means: keep the source form
SYNONYM_SEPARATOR = "|"  # a cell "OTAN | Organização do Tratado do Atlântico Norte": preferred form first
CASE_RULES = ("exact", "sensitive", "insensitive")
FORBIDDEN_MARK = "!"  # a form "!Aliança Atlântica" in a cell: deprecated, never to be used in that language


def default_case(term: str) -> str:
    """Acronyms match exactly, names case-sensitively, common nouns in any case."""
    letters = [c for c in term if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "exact"
    return "sensitive" if any(c.isupper() for c in letters) else "insensitive"


@dataclass(frozen=True)
class Field:
    """A data category of a concept, one of its languages or one of its terms, kept as read so that a TBX export
    writes it back: definition, subjectField, partOfSpeech, administrativeStatus, source, context, xGraphic ..."""

    category: str
    text: str
    language: str = ""   # "" for the concept; else the language section it belongs to
    form: str = ""       # "" for the concept or the language section; else the term it describes
    group: int = 0       # fields of one descripGrp share a number (a definition and its source); 0: no group
    target: str = ""     # the link of a cross-reference or a graphic


@dataclass
class Term:
    source: str
    targets: dict[str, str]          # language -> form ("=" keeps the source form)
    note: str = ""
    case: str = ""
    origin: str = ""                 # file:line, for messages
    # language -> admitted forms besides the preferred one (the source language's too), in file order
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    # language -> deprecated and superseded forms: never accepted, and flagged when a translation uses one
    forbidden: dict[str, list[str]] = field(default_factory=dict)
    fields: list[Field] = field(default_factory=list)   # descriptive data categories, for the TBX round trip

    def __post_init__(self) -> None:
        self.case = self.case or default_case(self.source)

    def column(self, language: str) -> str:
        """The column that holds `language`: its own (pt-BR), else the plain language in the same script (pt),
        else the one column that narrows it in the same script (a file's only ru-RU serves ru; of pt-BR and pt-PT
        neither serves pt)."""
        if self.targets.get(language):
            return language
        found = next((tag for tag in fallback_tags(language) if self.targets.get(tag)), None)
        if found is not None:
            return found  # an empty pt-BR cell is no entry: the pt form serves
        narrower = [tag for tag in self.targets if tag != language and language in fallback_tags(tag)]
        return narrower[0] if len(narrower) == 1 else language  # pt-BR and pt-PT columns: neither serves pt

    def target(self, language: str) -> str | None:
        """The form to use in `language`, or None when the glossary has no entry for it."""
        form = self.targets.get(self.column(language), "")
        if not form:
            return None
        return self.source if form == KEEP else form

    def alternatives(self, language: str) -> list[str]:
        """Admitted forms in `language` besides the preferred one; the check accepts them too."""
        return list(self.synonyms.get(self.column(language), []))

    def forbidden_forms(self, language: str) -> list[str]:
        """Forms the terminologists banned in `language` (deprecated, superseded)."""
        own = self.forbidden.get(language)  # a column may hold forbidden forms and no accepted one
        return list(own if own is not None else self.forbidden.get(self.column(language), []))

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
    source_tag: str = ""   # the source language's tag as the file wrote it (en-US), when it is not source_language
    style: str = ""        # the TBX style read (dct or dca), which a TBX export keeps

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
            if any(term.forbidden.values()):  # nor do those without forbidden forms
                fields += ("forbidden", sorted((k, v) for k, v in term.forbidden.items() if v))
            digest.update(repr(fields).encode("utf-8"))
        self.checksum = "sha256:" + digest.hexdigest()[:16]
        return self.checksum
