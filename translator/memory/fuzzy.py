"""Fuzzy matches: the earlier translations of sentences like a new one, scored as CAT tools score them.

The memory is every approved catalog entry of a language and every imported one; a new or changed unit gets the
best matches above a threshold (75 % by default), each with its similarity as a whole percentage and where it
came from. rapidfuzz's normalised Indel similarity (what `fuzz.ratio` gives) is the score; entries are bucketed
by length, so only sentences whose length allows the threshold are compared at all (two texts whose lengths are
a and b can score at most 2·min/(a+b)).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

DEFAULT_THRESHOLD = 75
DEFAULT_LIMIT = 3


@dataclass(frozen=True)
class Suggestion:
    target: str
    similarity: int   # a whole percentage, 100 for the same text
    origin: str       # the article slug of a catalog entry, the file name of an imported one

    def to_json(self) -> dict:
        return {"target": self.target, "similarity": self.similarity, "origin": self.origin}

    def note(self):
        """The match as a note on the unit: `#. memory match 87% (summit): <target>` in its catalog."""
        from translator.findings import Note, NoteKind

        return Note(NoteKind.MEMORY, self.origin, f"{self.similarity}% {self.target}")

    @classmethod
    def from_note(cls, note) -> Suggestion:
        percent, _, target = note.form.partition("% ")
        return cls(target, int(percent), note.term)


class FuzzyIndex:
    """Source sentences with their translations, bucketed by length, for `suggest`."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """entries: (source, target, origin); the first of two with one source and target is kept."""
        self._buckets: dict[int, list[tuple[str, str, str]]] = {}
        seen: set[tuple[str, str]] = set()
        for source, target, origin in entries:
            if source and target and (source, target) not in seen:
                seen.add((source, target))
                self._buckets.setdefault(len(source), []).append((source, target, origin))
        self._sources = {length: [e[0] for e in bucket] for length, bucket in self._buckets.items()}

    def __len__(self) -> int:
        return sum(len(bucket) for bucket in self._buckets.values())

    def suggest(self, source: str, threshold: int = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT,
                exclude_exact: bool = False) -> list[Suggestion]:
        """The best earlier translations of sentences like `source`, similarity ≥ threshold, best first."""
        from rapidfuzz import fuzz, process

        size = len(source)
        if not size or not self._buckets:
            return []
        ratio = threshold / 100
        # 2·min(a, b)/(a + b) ≥ ratio  ⇔  b within [a·r/(2−r), a·(2−r)/r]
        low, high = int(size * ratio / (2 - ratio)), int(size * (2 - ratio) / ratio) + 1
        found: list[tuple[float, str, str, str]] = []
        for length in range(max(low, 1), high + 1):
            sources = self._sources.get(length)
            if not sources:
                continue
            for _, score, at in process.extract(source, sources, scorer=fuzz.ratio, score_cutoff=threshold,
                                                limit=limit):
                candidate, target, origin = self._buckets[length][at]
                if exclude_exact and candidate == source:
                    continue
                found.append((score, candidate, target, origin))
        found.sort(key=lambda item: (-item[0], item[3], item[2]))
        out: list[Suggestion] = []
        for score, _, target, origin in found:
            if all(s.target != target for s in out):
                out.append(Suggestion(target, int(score), origin))  # floored: 74.9 % never shows as 75 %
            if len(out) == limit:
                break
        return out


def memory_entries(locales, language: str, catalogs: Iterable | None = None, imported: Iterable | None = None
                   ) -> list[tuple[str, str, str]]:
    """(source, target, origin) of the language's memory: approved catalog entries (obsolete ones too) first,
    then the imported memory. `catalogs`: (slug, catalog) and `imported`: entries already read, else read here."""
    from translator.memory.catalog import catalog_paths, is_reviewed
    from translator.memory.imported import as_markdown, load_memory
    from translator.memory.read import load_catalog

    if catalogs is None:
        catalogs = [(slug, load_catalog(path)) for _, slug, path in catalog_paths(locales, language)]
    if imported is None:
        imported = load_memory(locales, language)
    entries = [(e.msgid, e.msgstr, slug) for slug, catalog in catalogs for e in catalog if is_reviewed(e)]
    entries += [(e.msgid, as_markdown(e.msgstr), e.msgctxt or "memory") for e in imported if e.msgstr]
    return entries
