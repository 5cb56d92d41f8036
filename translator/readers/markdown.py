"""Markdown reader (markdown-it-py): # headline, ## subheadings, images (kept) and their captions, > quotes."""

from __future__ import annotations

from translator import commonmark
from translator.article import Block, BlockKind
from translator.readers.rules import ReaderRules


def parse(text: str, table: ReaderRules) -> list[Block]:
    """Blocks from Markdown; inline markup (emphasis, links) is kept in the block text."""
    tokens = commonmark.parser().parse(text)
    blocks: list[Block] = []
    quote_depth = 0
    quote_parts: list[str] = []
    quote_line = 0
    pending_kind: BlockKind | None = None
    seen_headline = False
    for token in tokens:
        line = token.map[0] + 1 if token.map else 0
        if token.type == "blockquote_open":
            if quote_depth == 0:
                quote_parts, quote_line = [], line
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
            if quote_depth == 0 and quote_parts:
                blocks.append(Block(BlockKind.QUOTE, " ".join(quote_parts), line=quote_line))
        elif token.type == "heading_open":
            if token.tag == "h1" and not seen_headline:
                pending_kind, seen_headline = BlockKind.HEADLINE, True
            else:
                pending_kind = BlockKind.SUBHEADLINE
            pending_line = line
        elif token.type == "paragraph_open":
            pending_kind, pending_line = BlockKind.PARAGRAPH, line
        elif token.type == "inline" and pending_kind is not None:
            content = " ".join(token.content.split())
            images = [c for c in token.children or [] if c.type == "image"]
            others = [c for c in token.children or [] if c.type not in ("image", "softbreak") and c.content.strip()]
            if quote_depth:
                quote_parts.append(content)
            elif images and not others and pending_kind is BlockKind.PARAGRAPH:
                for image in images:
                    attrs = {"url": str(image.attrs.get("src", "")), "alt": image.content,
                             "title": str(image.attrs.get("title") or "")}
                    blocks.append(Block(BlockKind.IMAGE, attrs["alt"] or attrs["url"], line=pending_line,
                                        attrs=attrs))
                    if caption := attrs["title"] or attrs["alt"]:
                        blocks.append(Block(BlockKind.CAPTION, caption, line=pending_line))
            elif content:
                blocks.append(Block(pending_kind, content, line=pending_line))
            pending_kind = None
    return blocks
