"""HTML reader for CMS article pages (selectolax): h1, h2, p, figcaption, blockquote; chrome dropped; inline
emphasis, links and code kept as Markdown inline syntax (translator/inline.py)."""

from __future__ import annotations

from translator.article import Block, BlockKind
from translator.readers import rules
from translator.readers.inline_html import markdown_of
from translator.readers.rules import ReaderRules
from translator.segment import normalize_space

_DROP = "nav, script, style, footer, header, aside, form, noscript, template"
_KEEP = "h1, h2, h3, h4, p, figcaption, blockquote, li"
_KINDS = {"h1": BlockKind.HEADLINE, "h2": BlockKind.SUBHEADLINE, "h3": BlockKind.SUBHEADLINE,
          "h4": BlockKind.SUBHEADLINE, "figcaption": BlockKind.CAPTION, "blockquote": BlockKind.QUOTE}


def _inside(node, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def parse(text: str, table: ReaderRules) -> list[Block]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.css_first("article") or tree.body or tree.root
    blocks: list[Block] = []
    lines = rules.LineFinder(text)
    for node in root.css(_KEEP):
        if _inside(node, {"blockquote", "figcaption"}):
            continue  # their text belongs to the enclosing quote or caption
        if node.tag == "li" and node.css_first("p") is not None:
            continue
        parts = node.css("p") if node.tag in ("blockquote", "figcaption") else []
        # Inline tags join without a gap ("Lavrov<b>'s</b>"); paragraphs inside a quote are separate sentences.
        content = normalize_space(" ".join(markdown_of(p) for p in parts) if parts else markdown_of(node))
        if not content:
            continue
        kind = _KINDS.get(node.tag, BlockKind.PARAGRAPH)
        if kind is BlockKind.HEADLINE and any(b.kind is BlockKind.HEADLINE for b in blocks):
            kind = BlockKind.SUBHEADLINE
        blocks.append(Block(kind, content, line=lines.line_of(content)))
    if not any(b.kind is BlockKind.HEADLINE for b in blocks):
        title = tree.css_first("title")
        if title is not None and normalize_space(title.text()):
            blocks.insert(0, Block(BlockKind.HEADLINE, normalize_space(title.text())))
    return blocks
