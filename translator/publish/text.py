"""Plain-text edition: one block a paragraph, blank lines between."""

from __future__ import annotations

from translator.article import Edition


def render(edition: Edition) -> str:
    return "\n\n".join(block.target for block in edition.blocks) + "\n"
