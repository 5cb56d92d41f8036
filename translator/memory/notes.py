"""A unit's notes as its catalog entry's `#.` comment text, and back: the only writer and the only reader of
that text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from translator.findings import Note, NoteKind

# The one writer and the one reader of glossary notes in `#.` comments: no other module parses this prose.
_NOTE_TEXT = {
    NoteKind.FORCED: "glossary: terms put in by protection (check the grammar around them)",
    NoteKind.RECOVERED: "glossary: the engine lost a protected term; its own rendering was replaced",
    NoteKind.CORRECTED: "advisory: changed by a correction; review first",
}

_MISS_PREFIX, _TERMS_PREFIX, _BACK_PREFIX = "glossary miss: ", "glossary: ", "back-translation: "

_CONFIDENCE_PREFIX = "engine confidence: "
_MEMORY_PREFIX = "memory match "  # "memory match 87% (summit): <its target>"


def notes_to_comment(notes: Iterable[Note]) -> list[str]:
    """Comment lines for a unit's notes: one line per note, the terms of a human-only unit on one line."""
    lines, terms = [], []
    for note in dict.fromkeys(notes):  # the same note never twice
        if note.kind is NoteKind.MISS:
            lines.append(f"{_MISS_PREFIX}{note.term} → {note.form}")
        elif note.kind is NoteKind.TERMS:
            terms.append(f"{note.term} = {note.form}")
        elif note.kind is NoteKind.BACK:
            lines.append(_BACK_PREFIX + " ".join(note.form.split()))
        elif note.kind is NoteKind.CONFIDENCE:
            lines.append(_CONFIDENCE_PREFIX + note.form)
        elif note.kind is NoteKind.MEMORY:
            percent, _, target = note.form.partition(" ")
            lines.append(f"{_MEMORY_PREFIX}{percent} ({note.term}): {' '.join(target.split())}")
        else:
            lines.append(_NOTE_TEXT[note.kind])
    if terms:
        lines.append(_TERMS_PREFIX + "; ".join(terms))
    return lines

_MEMORY_LINE = re.compile(r"memory match (\d+)% \((.*?)\): (.*)$")

_NOTE_STARTS = (_MISS_PREFIX, _TERMS_PREFIX, _BACK_PREFIX, _CONFIDENCE_PREFIX, _MEMORY_PREFIX)


def _logical_lines(comment: str) -> list[str]:
    """The comment's lines with wrapped notes joined again: polib and editors wrap long `#.` lines at 78-79
    columns, so a line that starts no note continues the note above it."""
    lines: list[str] = []
    for line in (comment or "").splitlines():
        line = line.strip()
        if lines and lines[-1].startswith(_NOTE_STARTS) and not line.startswith(_NOTE_STARTS):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def notes_from_comment(comment: str) -> list[Note]:
    """The notes a run left in an entry's extracted comment (block position and reviewers' lines ignored)."""
    by_text = {text: kind for kind, text in _NOTE_TEXT.items()}
    notes = []
    for line in _logical_lines(comment):
        if line in by_text:
            notes.append(Note(by_text[line]))
        elif line.startswith(_MISS_PREFIX):
            term, _, form = line[len(_MISS_PREFIX):].rpartition(" → ")
            notes.append(Note(NoteKind.MISS, term, form))
        elif line.startswith(_CONFIDENCE_PREFIX):
            notes.append(Note(NoteKind.CONFIDENCE, form=line[len(_CONFIDENCE_PREFIX):]))
        elif line.startswith(_MEMORY_PREFIX) and (match := _MEMORY_LINE.match(line)):
            notes.append(Note(NoteKind.MEMORY, match.group(2), f"{match.group(1)}% {match.group(3)}"))
        elif line.startswith(_BACK_PREFIX):
            notes.append(Note(NoteKind.BACK, form=line[len(_BACK_PREFIX):]))
        elif line.startswith(_TERMS_PREFIX):
            for pair in line[len(_TERMS_PREFIX):].split("; "):
                term, _, form = pair.partition(" = ")
                notes.append(Note(NoteKind.TERMS, term, form))
    return notes
