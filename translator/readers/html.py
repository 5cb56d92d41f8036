"""HTML reader for news and CMS article pages (selectolax): h1-h4, p, li, figcaption, blockquote as blocks, inline
emphasis, links and code kept as Markdown inline syntax (translator/text/inline.py). On a full web page trafilatura
says which blocks are the story (translator/readers/html_main.py); the headline is the page's h1 or og:title
without the site's name (translator/readers/html_headline.py)."""

from __future__ import annotations

from translator.article import Block, BlockKind
from translator.readers import rules
from translator.readers.html_headline import headline
from translator.readers.html_main import MIN_INSIDE, MainContent, key, main_content
from translator.readers.inline_html import markdown_of
from translator.readers.rules import ReaderRules
from translator.text import inline
from translator.text.segment import normalize_space

# Screen-reader labels ("Image caption", "Media caption") are not text a reader of the page sees.
_NOT_TEXT = ('script, style, noscript, template, [class*="off-screen"], [class*="visually-hidden"], '
             '[class*="sr-only"], [class*="screen-reader"]')
# Without trafilatura's say (a short page) these hold no story; with it, the story's standfirst often sits in
# the <header> and trafilatura keeps it.
_DROP = f"nav, footer, header, aside, form, {_NOT_TEXT}"
_KEEP = "h1, h2, h3, h4, p, figcaption, blockquote, li"
CAPTION_DEPTH = 3  # figcaption, figure, a wrapper: what may stand between a caption and the story's column
_KINDS = {"h1": BlockKind.HEADLINE, "h2": BlockKind.SUBHEADLINE, "h3": BlockKind.SUBHEADLINE,
          "h4": BlockKind.SUBHEADLINE, "figcaption": BlockKind.CAPTION, "blockquote": BlockKind.QUOTE}


def _inside(node, tags: set[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.parent
    return False


def _candidates(root) -> list[tuple[BlockKind, str, object]]:
    """Every block the page's markup holds, in document order, with the kind its tag gives (and its node)."""
    found = []
    for node in root.css(_KEEP):
        if _inside(node, {"blockquote", "figcaption"}):
            continue  # their text belongs to the enclosing quote or caption
        if node.tag == "li" and node.css_first("p") is not None:
            continue
        parts = node.css("p") if node.tag in ("blockquote", "figcaption") else []
        # Inline tags join without a gap ("Lavrov<b>'s</b>"); paragraphs inside a quote are separate sentences.
        content = normalize_space(" ".join(markdown_of(p) for p in parts) if parts else markdown_of(node))
        if content:
            found.append((_KINDS.get(node.tag, BlockKind.PARAGRAPH), content, node))
    return found


def _join_drop_caps(tree) -> None:
    """A paragraph's first letter set apart as a drop cap (<span>T</span><p>urkey …) goes back into its word."""
    for paragraph in tree.css("p"):
        before = paragraph.prev
        while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
            before = before.prev
        if before is None or before.tag == "-text" or paragraph.child is None:
            continue
        letter = before.text(strip=True)
        if len(letter) == 1 and letter.isupper() and paragraph.text(strip=True)[:1].islower():
            paragraph.child.insert_before(letter)
            before.decompose()


def _ancestors(node, levels: int):
    for _ in range(levels):
        node = node.parent
        if node is None:
            return
        yield node.mem_id


def _story(found, main: MainContent, title: str, table: ReaderRules):
    """The blocks trafilatura keeps, the headline, a byline above the story, and the story's photo captions."""
    kept = [main.keeps(inline.plain(text)) or key(inline.plain(text)) == key(title) for _, text, _ in found]
    body = [i for i, (kind, _, _) in enumerate(found) if kept[i] and kind is not BlockKind.HEADLINE]
    first = body[0] if body else 0
    # trafilatura leaves captions out: a caption is the story's when its figure sits beside the story's paragraphs
    # (a gallery of other pictures further down the page is deeper in its own markup).
    story_parents = {parent for i in body for parent in _ancestors(found[i][2], 2)}
    for index, (kind, text, node) in enumerate(found):
        caption = kind is BlockKind.CAPTION and story_parents.intersection(_ancestors(node, CAPTION_DEPTH))
        # A byline above the story is kept for finish_blocks to mark: trafilatura leaves it out.
        byline = index < first and kind is BlockKind.PARAGRAPH and rules.is_byline(text, table)
        if kept[index] or caption or byline:
            yield kind, text


def parse(text: str, table: ReaderRules) -> list[Block]:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(text)
    title = headline(tree) or ""  # before the masthead (<header>) goes: the h1 often sits there
    main = main_content(text)
    for node in tree.css(_DROP if main is None else _NOT_TEXT):
        node.decompose()
    _join_drop_caps(tree)
    if main is None:  # a short page or fragment: its <article> (else body) as it stands
        found = [(kind, text) for kind, text, _ in _candidates(tree.css_first("article") or tree.body or tree.root)]
    else:
        found = list(_story(_candidates(tree.body or tree.root), main, title, table))
    blocks: list[Block] = []
    lines = rules.LineFinder(text)
    seen: set[str] = set()
    for kind, content in found:
        if (plain := key(inline.plain(content))) in seen and len(plain) >= MIN_INSIDE:
            continue  # a web page sets a standfirst or caption twice (for phones and for desktops)
        seen.add(plain)
        if kind is BlockKind.HEADLINE or key(inline.plain(content)) == key(title):
            if any(b.kind is BlockKind.HEADLINE for b in blocks):
                if key(inline.plain(content)) == key(title):
                    continue  # the headline again (an h1 and a title paragraph)
                kind = BlockKind.SUBHEADLINE
            else:
                kind = BlockKind.HEADLINE
        blocks.append(Block(kind, content, line=lines.line_of(content)))
    if title and not any(b.kind is BlockKind.HEADLINE for b in blocks):
        blocks.insert(0, Block(BlockKind.HEADLINE, inline.escape(title), line=rules.LineFinder(text).line_of(title)))
    return blocks
