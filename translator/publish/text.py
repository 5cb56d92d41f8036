"""Plain-text edition: one block a paragraph, blank lines between, inline markup dropped; images have no text
form and are left out. Code stays as written, a list item starts with its bullet or number, indented by depth."""

from __future__ import annotations

from translator.article import BlockKind, Edition, EditionBlock
from translator.text.inline import plain


def render(edition: Edition) -> str:
    """The blocks, then one last line saying what produced the text."""
    started: set[int] = set()
    blocks = [_block(block, started) for block in edition.blocks if block.kind is not BlockKind.IMAGE]
    return "\n\n".join([*blocks, f"[{edition.provenance.short()}]"]) + "\n"


def _block(block: EditionBlock, started: set[int]) -> str:
    if block.kind in (BlockKind.CODE, BlockKind.HTML):
        text = block.source.removesuffix("\n")
    elif block.kind is BlockKind.RULE:
        text = "* * *"
    elif block.kind is BlockKind.EMPTY:
        text = ""
    else:
        text = plain(block.text)
    items = [c for c in block.containers if c.kind == "item"]
    if not items:
        return text
    marker = f"{items[-1].number}{items[-1].marker} " if items[-1].ordered else "- "
    indent = "   " * (len(items) - 1)
    first = items[-1].ident not in started
    started.add(items[-1].ident)
    lines = text.split("\n")
    pad = " " * len(marker)
    return "\n".join(indent + (marker if first and not at else pad) + line for at, line in enumerate(lines))
