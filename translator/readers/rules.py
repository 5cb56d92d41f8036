"""General rules that recognize the parts of a news article, shared by every reader."""

from __future__ import annotations

import re
from collections.abc import Iterable

from translator.article import Block, BlockKind

# Site chrome that scraped news pages carry; a job adds its own with [boilerplate] patterns.
DEFAULT_BOILERPLATE = (
    r"^Accessibility links$",
    r"^Skip to (main )?content$",
    r"^Breaking News$",
    r"^(Share|Print|Comments?|Related|Read more|See comments|Back to top)$",
    r"^(Share on|Follow us on) \w+$",
    r"^\d+x\d+ Image$",
    r"^(Loading|Please wait)\.*$",
)

CREDIT = re.compile(
    r"^(With (additional )?reporting by|Reporting by|Compiled (by|from)|Based on reporting by|Written by|"
    r"Edited by|With material from)\b",
    re.IGNORECASE,
)
# "BRUSSELS --", "KYIV (Reuters) -", "WASHINGTON, D.C. —": a capitalized place before a dash.
DATELINE = re.compile(r"^([A-Z][A-Z.'’ -]*[A-Z.](?:, [A-Z][A-Za-z. ]+)?)(?: \([^)]{1,40}\))? ?(?:--|—|–|-) ")
PHOTO_CUE = re.compile(
    r"\((left|right|center|centre|front|back|top|bottom|L|R|C|file)\)|\bfile photo\b|^(photo|image|pictured):",
    re.IGNORECASE,
)
QUOTE_OPENERS = ('"', "“", "«", "„", "‘", "'")
_TERMINAL = tuple('.!?:;,"”»…)')
BULLETS = "•·▪●◦–—-* "


def compile_patterns(extra: Iterable[str] = ()) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in (*DEFAULT_BOILERPLATE, *extra)]


def is_boilerplate(text: str, patterns: list[re.Pattern[str]]) -> bool:
    bare = text.strip(BULLETS)
    return any(p.search(bare) or p.search(text) for p in patterns)


def dateline(text: str) -> str | None:
    match = DATELINE.match(text)
    return match.group(1).strip() if match else None


def looks_like_subheading(text: str) -> bool:
    """A short line with no sentence punctuation at its end, not a quote."""
    words = text.split()
    return (
        0 < len(words) <= 12
        and len(text) <= 90
        and not text.endswith(_TERMINAL)
        and not text.startswith(QUOTE_OPENERS)
    )


FOOTER_BLOCKS = 3  # a site footer after the credit line is a few blocks; more than that is still the story


def finish_blocks(blocks: list[Block], patterns: list[re.Pattern[str]]) -> dict[str, str]:
    """Apply the rules every reader shares, in place; return metadata found (dateline, credit).

    Boilerplate patterns win over anything a reader chose; the few blocks after the last credit line are the
    site footer (a credit line early in the story leaves the rest alone); the first body paragraph is the lead.
    """
    metadata: dict[str, str] = {}
    credit_at = None
    for index, block in enumerate(blocks):
        if is_boilerplate(block.text, patterns):
            block.kind = BlockKind.BOILERPLATE
        elif block.kind in (BlockKind.PARAGRAPH, BlockKind.LEAD, BlockKind.SUBHEADLINE) and CREDIT.match(block.text):
            block.kind = BlockKind.CREDIT
            metadata["credit"] = block.text
            credit_at = index
    if credit_at is not None and len(blocks) - credit_at - 1 <= FOOTER_BLOCKS:
        for block in blocks[credit_at + 1:]:
            block.kind = BlockKind.BOILERPLATE
    for block in blocks:
        if block.kind is BlockKind.LEAD:
            break
        if block.kind is BlockKind.PARAGRAPH:
            block.kind = BlockKind.LEAD
            break
    for block in blocks:
        if block.kind is BlockKind.LEAD and (place := dateline(block.text)):
            metadata["dateline"] = place
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
