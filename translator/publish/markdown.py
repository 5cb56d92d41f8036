"""Markdown edition."""

from __future__ import annotations

from translator.article import BlockKind, Edition

_PREFIX = {BlockKind.HEADLINE: "# ", BlockKind.SUBHEADLINE: "## ", BlockKind.QUOTE: "> "}


def render(edition: Edition) -> str:
    parts = []
    for block in edition.blocks:
        if block.kind in (BlockKind.CAPTION, BlockKind.CORRECTION, BlockKind.WITHDRAWAL):
            parts.append(f"*{block.target}*")
        else:
            parts.append(_PREFIX.get(block.kind, "") + block.target)
    return "\n\n".join(parts) + "\n"
