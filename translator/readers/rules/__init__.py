"""General rules that recognize the parts of a news article, shared by every reader.

What differs by language (site chrome, datelines, credit lines, bylines, footers, caption cues) is data: the
per-language tables in this folder, loaded by `tables.rules_for`.
"""

from __future__ import annotations

import re

from translator.article import Block, BlockKind
from translator.readers.rules.tables import ReaderRules, rules_for, table_files
from translator.text.inline import plain

__all__ = ["ReaderRules", "rules_for", "table_files", "finish_blocks", "LineFinder"]

QUOTE_OPENERS = ('"', "“", "«", "„", "‘", "'")
_TERMINAL = tuple('.!?:;,"”»…)')
BULLETS = "•·▪●◦–—-* "
EMPHASIS = "*_ "  # a Markdown credit or byline is often set in italics: *With reporting by AFP*


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


# Bylines and chrome lines are short: a longer block is read without its markup (a parse that costs seconds on a
# block of 100k spans) only for the rules that can match it.
SHORT_LINE_CHARS = 400


def is_boilerplate(text: str, rules: ReaderRules) -> bool:
    bare = text.strip(BULLETS)
    return _any(rules.chrome, bare) or _any(rules.chrome, text) or (
        len(text) <= SHORT_LINE_CHARS and _any(rules.chrome, plain(text).strip(BULLETS)))


def is_byline(text: str, rules: ReaderRules) -> bool:
    """A byline, read without its markup: "By [Jane Doe](/staff/jane)" is a byline too."""
    return len(text) <= SHORT_LINE_CHARS and _any(rules.byline, plain(text).strip(EMPHASIS))


def is_photo_caption(text: str, rules: ReaderRules) -> bool:
    return _any(rules.photo_cue, text)


def dateline(text: str, rules: ReaderRules) -> str | None:
    found = dateline_prefix(text, rules)
    return found[0] if found else None


def dateline_prefix(text: str, rules: ReaderRules) -> tuple[str, str] | None:
    """(place, the dateline as written with its dash and the space after) at the start of a lead, or None."""
    for pattern in rules.dateline:
        if match := pattern.match(text):
            return match.group(1).strip(), match.group(0)
    return None


def looks_like_subheading(text: str) -> bool:
    """A short line with no sentence punctuation at its end, not a quote."""
    words = text.split()
    return (
        0 < len(words) <= 12
        and len(text) <= 90
        and not text.endswith(_TERMINAL)
        and not text.startswith(QUOTE_OPENERS)
    )


_BODY = (BlockKind.PARAGRAPH, BlockKind.LEAD, BlockKind.SUBHEADLINE)
FOOTER_BLOCKS = 3  # a site footer after the credit line is a few blocks; more than that is still the story


def finish_blocks(blocks: list[Block], rules: ReaderRules) -> dict[str, str]:
    """Apply the rules every reader shares, in place; return metadata found (dateline, credit).

    Chrome patterns win over anything a reader chose; a footer marker and every block after it are the site
    footer, and so are the few blocks after the last credit line (a credit line early in the story leaves the
    rest alone); the first body paragraph is the lead.
    """
    metadata: dict[str, str] = {}
    credit_at = footer_at = None
    story = False  # a footer marker above the story (a copyright line in the masthead) is not the footer
    for index, block in enumerate(blocks):
        if block.kind.structure_only:
            continue  # code, an HTML block or a break is what the desk wrote, never site chrome
        bare = block.text.strip(EMPHASIS)
        if is_boilerplate(block.text, rules):
            block.kind = BlockKind.BOILERPLATE
        elif footer_at is None and story and _any(rules.footer, bare):
            footer_at = index
        elif block.kind in _BODY and is_byline(bare, rules):
            block.kind = BlockKind.BYLINE
        elif block.kind in _BODY and _any(rules.credit, bare):
            block.kind = BlockKind.CREDIT
            metadata["credit"] = block.text
            credit_at = index
        story = story or block.kind in (BlockKind.LEAD, BlockKind.PARAGRAPH, BlockKind.QUOTE)
    if credit_at is not None and len(blocks) - credit_at - 1 <= FOOTER_BLOCKS:
        footer_at = min(footer_at if footer_at is not None else len(blocks), credit_at + 1)
    for block in blocks[footer_at:] if footer_at is not None else ():
        block.kind = BlockKind.BOILERPLATE
    for block in blocks:
        if block.kind is BlockKind.LEAD:
            break
        if block.kind is BlockKind.PARAGRAPH:
            block.kind = BlockKind.LEAD
            break
    for block in blocks:
        if block.kind is BlockKind.LEAD and (found := dateline_prefix(block.text, rules)):
            metadata["dateline"], block.dateline = found
    return metadata


class LineFinder:
    """Finds the source line of each block in formats whose parsers give no positions (HTML, JSON).

    Blocks come in document order, so the search for each starts where the previous one was found.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.cursor = 0

    def line_of(self, text: str) -> int:
        words = re.findall(r"\w+", text)[:3]
        if not words:
            return 0
        match = re.compile(r"\W+(?:<[^>]*>\W*)*".join(map(re.escape, words))).search(self.raw, self.cursor)
        if match is None:
            return 0
        self.cursor = match.start()
        return self.raw.count("\n", 0, match.start()) + 1
