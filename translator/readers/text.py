"""Plain-text reader for scraped article pages: one paragraph a line, blank lines between most of them."""

from __future__ import annotations

from translator.article import Block, BlockKind
from translator.readers import rules
from translator.text.segment import normalize_space


def parse(text: str, table: rules.ReaderRules) -> list[Block]:
    """Classify each non-empty line of a scraped page as a block."""
    lines = [(number, normalize_space(raw)) for number, raw in enumerate(text.splitlines(), start=1)]
    entries = [(number, line) for number, line in lines if line]
    # A line "stands alone" when blank lines surround it; a caption sits directly on top of the dateline.
    blank_after = {number: number >= len(lines) or not lines[number][1] for number, _ in entries}
    blank_before = {number: number == 1 or not lines[number - 2][1] for number, _ in entries}

    blocks: list[Block] = []
    seen_headline = False
    for index, (number, line) in enumerate(entries):
        following = entries[index + 1][1] if index + 1 < len(entries) else ""
        if rules.is_boilerplate(line, table):
            kind = BlockKind.BOILERPLATE
        elif not seen_headline:
            kind, seen_headline = BlockKind.HEADLINE, True
        elif rules.is_photo_caption(line, table) or (not blank_after[number] and rules.dateline(following, table)):
            kind = BlockKind.CAPTION
        elif line.startswith(rules.QUOTE_OPENERS):
            kind = BlockKind.QUOTE
        elif blank_before[number] and blank_after[number] and rules.looks_like_subheading(line):
            kind = BlockKind.SUBHEADLINE
        else:
            kind = BlockKind.PARAGRAPH
        blocks.append(Block(kind=kind, text=line.strip(rules.BULLETS) if kind is BlockKind.BOILERPLATE else line,
                            line=number))
    return blocks
