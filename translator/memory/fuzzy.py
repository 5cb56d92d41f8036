"""Fuzzy matches: the earlier translations of sentences like a new one, scored as CAT tools score them.

The memory is every approved catalog entry of a language and every imported one; a new or changed unit gets the
best matches above a threshold (75 % by default), each with its similarity as a whole percentage and where it
came from. rapidfuzz's normalised Indel similarity (what `fuzz.ratio` gives) is the score; entries are kept
sorted by length, so only the slice of sentences whose length allows the threshold is scored at all (two texts
whose lengths are a and b can score at most 2·min/(a+b)), in one rapidfuzz call with the threshold as its cutoff.
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
    """Source sentences with their translations, sorted by length, for `suggest`."""

    def __init__(self, entries: Iterable[tuple[str, str, str]]) -> None:
        """entries: (source, target, origin); the first of two with one source and target is kept."""
        unique: dict[tuple[str, str], str] = {}
        for source, target, origin in entries:
            if source and target:
                unique.setdefault((source, target), origin)
        self._entries = sorted(((s, t, o) for (s, t), o in unique.items()), key=lambda e: len(e[0]))
        self._sources = [e[0] for e in self._entries]
        self._lengths = [len(source) for source in self._sources]

    def __len__(self) -> int:
        return len(self._entries)

    def suggest(self, source: str, threshold: int = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT,
                exclude_exact: bool = False) -> list[Suggestion]:
        """The best earlier translations of sentences like `source`, similarity ≥ threshold, best first."""
        from bisect import bisect_left, bisect_right

        from rapidfuzz import fuzz, process

        size = len(source)
        if not size or not self._entries:
            return []
        ratio = threshold / 100
        # 2·min(a, b)/(a + b) ≥ ratio  ⇔  b within [a·r/(2−r), a·(2−r)/r]: only that slice is scored
        low, high = bisect_left(self._lengths, int(size * ratio / (2 - ratio))), \
            bisect_right(self._lengths, int(size * (2 - ratio) / ratio) + 1)
        # a few more than asked: the same target twice, or the sentence itself, are dropped below
        found = process.extract(source, self._sources[low:high], scorer=fuzz.ratio, score_cutoff=threshold,
                                limit=limit * 2 + 1)
        ranked = sorted(((score, *self._entries[low + at]) for _, score, at in found),
                        key=lambda item: (-item[0], item[3], item[2]))
        out: list[Suggestion] = []
        for score, candidate, target, origin in ranked:
            if exclude_exact and candidate == source:
                continue
            if all(s.target != target for s in out):
                out.append(Suggestion(target, int(score), origin))  # floored: 74.9 % never shows as 75 %
            if len(out) == limit:
                break
        return out
