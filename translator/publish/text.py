"""Plain-text edition: one block a paragraph, blank lines between, inline markup dropped; images have no text
form and are left out."""

from __future__ import annotations

from translator.article import BlockKind, Edition
from translator.inline import plain


def render(edition: Edition) -> str:
    """The blocks, then one last line saying what produced the text."""
    blocks = [plain(block.text) for block in edition.blocks if block.kind is not BlockKind.IMAGE]
    return "\n\n".join([*blocks, f"[{edition.provenance.short()}]"]) + "\n"
