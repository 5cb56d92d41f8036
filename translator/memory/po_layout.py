"""A catalog file's own layout, kept: entries a run did not change are written back byte for byte.

Poedit, msgcat and msgattrib wrap strings at 79 columns; polib writes its own way. Re-serialising a whole catalog
after a one-sentence edit would rewrite every entry those tools wrapped, and version-control diffs would be noise.
So the text of each entry is remembered as read; on writing, an entry the run left alone is copied as it was (once
its text is checked to say exactly what the entry holds), and only changed or new entries are formatted: wrapped
at 79 like gettext when the file was wrapped, unwrapped when it was not.
"""

from __future__ import annotations

import re

WRAP = 79  # gettext's page width (msgcat, msgmerge, xgettext)
_FIELD = re.compile(r'^(#~\| |#~ |#\| )?([a-z_]+(?:\[\d+\])? )?"(.*)"$')


class Layout:
    """The text of a catalog as read: its header chunk and one chunk per entry, in file order."""

    def __init__(self, text: str | None, catalog) -> None:
        self.chunks: dict[int, str] = {}   # id(entry) -> the entry's text as read
        self.wrapped = False
        if not text:
            return
        chunks = [c + "\n" for c in re.split(r"\n[ \t]*\n", text.strip("\n")) if c.strip()]
        entries = list(catalog)
        if _has_header(chunks):
            chunks = chunks[1:]
        if len(chunks) != len(entries):
            return  # an unusual layout (comments apart from entries): every entry is formatted anew
        self.chunks = {id(entry): chunk for entry, chunk in zip(entries, chunks)}
        self.wrapped = any(_is_wrapped(chunk) for chunk in chunks)

    def render(self, catalog, changed: set[int]) -> str:
        """The catalog's text: unchanged entries as read, the header and changed entries formatted."""
        width = WRAP if self.wrapped else 0
        parts = [_header_text(catalog, width)]
        for entry in [*(e for e in catalog if not e.obsolete), *catalog.obsolete_entries()]:
            chunk = self.chunks.get(id(entry)) if id(entry) not in changed else None
            if chunk is None or _normal(chunk) != _normal(entry.__unicode__(0)):
                chunk = entry.__unicode__(width)
            parts.append(chunk)
        return "\n".join(parts)

    def remember(self, catalog, text: str) -> None:
        """After a write: the entries' chunks are now what was written."""
        self.__init__(text, catalog)


def _has_header(chunks: list[str]) -> bool:
    lines = chunks[0].split("\n") if chunks else []
    return 'msgid ""' in lines and not any(line.startswith(("msgctxt", "#~")) for line in lines)


def _header_text(catalog, width: int) -> str:
    lines = []
    for line in catalog.header.split("\n") if catalog.header else []:
        lines.append("#" if not line else f"#{line}" if line[:1] in ",:" else f"# {line}")
    head = "".join(f"{line}\n" for line in lines)
    return head + catalog.metadata_as_entry().__unicode__(width)


def _is_wrapped(chunk: str) -> bool:
    """A string field continued on further lines though it holds no line break of its own."""
    lines = chunk.split("\n")
    for previous, line in zip(lines, lines[1:]):
        if _FIELD.match(line) and not _FIELD.match(line).group(2) and not previous.endswith('\\n"'):
            return True
    return False


def _normal(chunk: str) -> tuple[str, ...]:
    """The chunk with every string field joined onto one line: what it says, whatever its wrapping."""
    out: list[str] = []
    for line in chunk.split("\n"):
        match = _FIELD.match(line)
        if match and not match.group(2) and out and out[-1].endswith('"') and _FIELD.match(out[-1]):
            out[-1] = out[-1][:-1] + match.group(3) + '"'
        elif line.strip():
            out.append(line.rstrip())
    return tuple(out)
