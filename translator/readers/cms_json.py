"""JSON reader for CMS exports: {"title": ..., "blocks": [{"type": ..., "text": ...}]}."""

from __future__ import annotations

import json
import re
from typing import Any

from translator.article import Block, BlockKind
from translator.errors import ReaderError
from translator.readers import rules
from translator.readers.inline_html import fragment_markdown, has_inline_tags
from translator.readers.slug import export_slug
from translator.text.segment import normalize_space

# CMS block types and the kinds they become.
TYPES = {
    "headline": BlockKind.HEADLINE, "title": BlockKind.HEADLINE,
    "subheadline": BlockKind.SUBHEADLINE, "subheading": BlockKind.SUBHEADLINE, "heading": BlockKind.SUBHEADLINE,
    "h2": BlockKind.SUBHEADLINE, "caption": BlockKind.CAPTION, "image": BlockKind.CAPTION,
    "lead": BlockKind.LEAD, "intro": BlockKind.LEAD, "paragraph": BlockKind.PARAGRAPH, "text": BlockKind.PARAGRAPH,
    "p": BlockKind.PARAGRAPH, "quote": BlockKind.QUOTE, "blockquote": BlockKind.QUOTE,
    "credit": BlockKind.CREDIT, "byline": BlockKind.BYLINE, "boilerplate": BlockKind.BOILERPLATE,
}


def _inline(text: str) -> str:
    """A text field's inline HTML (<em>, <a href>...) as the Markdown inline syntax sentences carry."""
    return fragment_markdown(text) if has_inline_tags(text) else text


def parse(text: str, table: rules.ReaderRules, where: str = "<json>") -> tuple[list[Block], dict[str, Any]]:
    """Blocks and metadata (slug, language, anything else at top level) from a CMS export."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReaderError(f"{where}:{exc.lineno}:{exc.colno}: invalid JSON ({exc.msg}); fix the export") from exc
    if not isinstance(data, dict) or not isinstance(data.get("blocks"), list):
        raise ReaderError(f'{where}: a CMS export needs {{"title": ..., "blocks": [{{"type": ..., "text": ...}}]}}')
    blocks: list[Block] = []
    lines = rules.LineFinder(text)
    if isinstance(data.get("title"), str) and data["title"].strip():
        blocks.append(Block(BlockKind.HEADLINE, normalize_space(data["title"]), line=lines.line_of(data["title"])))
    for index, item in enumerate(data["blocks"]):
        if not isinstance(item, dict) or not isinstance(item.get("text", item.get("caption", item.get("url"))), str):
            raise ReaderError(f"{where}: blocks[{index}] needs a \"type\" and a string \"text\"")
        kind_name = str(item.get("type", "paragraph")).lower()
        if kind_name not in TYPES:
            raise ReaderError(
                f"{where}: blocks[{index}] has unknown type {kind_name!r}; use one of {', '.join(sorted(TYPES))}"
            )
        content = normalize_space(_inline(str(item.get("text", item.get("caption", "")))))
        if kind_name == "image" and isinstance(item.get("url"), str) and item["url"].strip():  # kept in editions
            attrs = {"url": item["url"].strip(), "alt": normalize_space(str(item.get("alt", ""))),
                     "title": normalize_space(str(item.get("title", "")))}
            blocks.append(Block(BlockKind.IMAGE, attrs["alt"] or attrs["url"], line=lines.line_of(attrs["url"]),
                                attrs=attrs))
        if content:
            blocks.append(Block(TYPES[kind_name], content, line=lines.line_of(content)))
    metadata = {k: v for k, v in data.items() if k not in ("title", "blocks") and isinstance(v, (str, int, float))}
    if "slug" in data:
        found = re.search(r'"slug"\s*:', text)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        metadata["slug"] = export_slug(data["slug"], f"{where}:{line}")
    return blocks, metadata
