"""Markdown reader (markdown-it-py): every leaf block of the article with the quotes and lists it stands in.

A `#` headline, headings (their level kept), paragraphs, block quotes (`>` paragraphs are quotes), bullet and
ordered lists (start number, nesting, tight or loose), thematic breaks, code blocks (fenced or indented, kept as
written, never translated), an image standing alone (kept, its title or alt the caption), HTML blocks (kept as
written with a warning: not translated), an empty list item or quote (its mark alone). Inline markup stays in
the block text as CommonMark inline syntax; reference links, autolinks and hard breaks are written out inline so
a sentence holds all it needs.
What the reader cannot keep is a warning naming the line, never a silent drop.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from translator.article import Block, BlockKind, Container
from translator.readers.rules import ReaderRules
from translator.text import commonmark
from translator.text.inline import code_span, escape, write_tokens

# markdown-it reads no deeper than this many levels (a quote is one, a list and its item two: its guard against
# runaway input); an article that goes deeper gets a warning.
MAX_NESTING = commonmark.MAX_NESTING


def parse(text: str, table: ReaderRules) -> list[Block]:
    return read(text, table)[0]


def read(text: str, table: ReaderRules) -> tuple[list[Block], list[str]]:
    """Blocks from Markdown, and warnings ("<line>: ...") for what is not kept as written."""
    tokens = commonmark.parser().parse(text)
    reading = _Reading(tokens)
    for at, token in enumerate(tokens):
        line = token.map[0] + 1 if token.map else 0
        if token.level >= MAX_NESTING - 2:  # what markdown-it read of it, and where it stopped: left out
            reading.too_deep(line)
        elif token.type in _CONTAINERS:
            reading.container(at, token, line)
        else:
            reading.leaf(token, line)
    return reading.blocks, reading.warnings


_CONTAINERS = {"blockquote_open", "blockquote_close", "bullet_list_open", "bullet_list_close", "ordered_list_open",
               "ordered_list_close", "list_item_open", "list_item_close"}


@dataclass
class _Reading:
    """One walk over the block tokens: the containers open at each point, and the blocks and warnings so far."""

    tokens: list
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stack: list[Container] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # the next item number of each open list
    opened_at: list[tuple[int, int]] = field(default_factory=list)  # (blocks so far, line) of each quote or item
    pending: tuple[BlockKind, int, dict[str, str]] | None = None  # the heading or paragraph its inline belongs to
    seen_headline: bool = False
    warned_deep: bool = False
    ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def too_deep(self, line: int) -> None:
        if not self.warned_deep:
            self.warnings.append(f"{line}: markdown: nested deeper than markdown-it reads ({MAX_NESTING} levels: a "
                                 "quote is one, a list item two); what is inside (and what follows it) is not read: "
                                 "flatten the nesting")
        self.warned_deep = True

    def container(self, at: int, token, line: int) -> None:
        kind = token.type
        if kind == "blockquote_open":
            self.stack.append(Container("quote", next(self.ids)))
            self.opened_at.append((len(self.blocks), line))
        elif kind == "list_item_open":
            listing = self.stack[-1]
            number = self.numbers[-1] if listing.ordered else 0
            self.numbers[-1] += 1
            self.stack.append(Container("item", next(self.ids), marker=listing.marker, number=number))
            self.opened_at.append((len(self.blocks), line))
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1)) if kind == "ordered_list_open" else 0
            self.stack.append(Container("list", next(self.ids), marker=token.markup, tight=_tight(self.tokens, at)))
            self.numbers.append(start)
        elif kind in ("list_item_close", "blockquote_close"):
            count, began = self.opened_at.pop()
            if count == len(self.blocks):  # "-" or ">" and nothing else: kept, as the bullet or quote mark alone
                self.blocks.append(Block(BlockKind.EMPTY, "", line=began, containers=tuple(self.stack)))
            self.stack.pop()
        else:  # the end of a list
            self.stack.pop()
            self.numbers.pop()

    def leaf(self, token, line: int) -> None:
        kind, containers = token.type, tuple(self.stack)
        if kind == "heading_open":
            level = int(token.tag[1])
            top = level == 1 and not self.seen_headline and not containers
            self.seen_headline = self.seen_headline or top
            self.pending = (BlockKind.HEADLINE if top else BlockKind.SUBHEADLINE, line, {"level": str(level)})
        elif kind == "paragraph_open":
            in_quote = bool(containers) and containers[-1].kind == "quote"
            self.pending = (BlockKind.QUOTE if in_quote else BlockKind.PARAGRAPH, line, {})
        elif kind == "inline" and self.pending is not None:
            if any(c.type == "code_inline" and re.search(r"\s{2}|[^\S ]", code_span(c.content))
                   for c in token.children or []):
                self.warnings.append(f"{line}: markdown: a code span's runs of spaces are written as one space")
            self.blocks.extend(_leaf(token, *self.pending, containers=containers))
            self.pending = None
        elif kind in ("fence", "code_block"):
            attrs = {"fence": token.markup, "info": token.info} if kind == "fence" else {"indented": "yes"}
            if kind == "code_block" and self.blocks and any(c.kind == "list" and c not in containers
                                                            for c in self.blocks[-1].containers):
                attrs = {"fence": "```", "info": ""}  # indented, it would join the list above
                self.warnings.append(f"{line}: markdown: an indented code block right after a list is written as a "
                                     "fenced one")
            self.blocks.append(Block(BlockKind.CODE, token.content, line=line, attrs=attrs, containers=containers))
        elif kind == "hr":
            self.blocks.append(Block(BlockKind.RULE, token.markup, line=line, containers=containers))
        elif kind == "html_block":
            self.blocks.append(Block(BlockKind.HTML, token.content, line=line, containers=containers))
            self.warnings.append(f"{line}: markdown: an HTML block is kept as written (shown as code) and not "
                                 "translated: write it as Markdown to have it translated")


def _tight(tokens, at: int) -> bool:
    """Whether the list opened at tokens[at] is tight: markdown-it hides the paragraphs of a tight list's items.
    A list whose items hold no paragraph of their own reads the same either way: it is written loose, so that
    the blocks inside an item stay apart."""
    level = tokens[at].level
    for token in tokens[at + 1:]:
        if token.level == level and token.type.endswith("_list_close"):
            break
        if token.type == "paragraph_open" and token.level == level + 2:
            return token.hidden
    return False


def _leaf(token, kind: BlockKind, line: int, attrs: dict[str, str], containers: tuple[Container, ...]
          ) -> list[Block]:
    """The block(s) of a heading's or paragraph's inline content: a paragraph that is one image is an image block
    and its caption (the title, else the alt text)."""
    children = token.children or []
    if kind is not BlockKind.SUBHEADLINE and kind is not BlockKind.HEADLINE and len(children) == 1 \
            and children[0].type == "image":
        image = children[0]
        image_attrs = {"url": str(image.attrs.get("src", "")), "alt": image.content,
                       "title": str(image.attrs.get("title") or "")}
        found = [Block(BlockKind.IMAGE, image_attrs["alt"] or image_attrs["url"], line=line, attrs=image_attrs,
                       containers=containers)]
        slot = "title" if image_attrs["title"] else "alt"
        if caption := image_attrs[slot]:
            found.append(Block(BlockKind.CAPTION, escape(caption), line=line, attrs={"image": slot},
                               containers=containers))
        return found
    return [Block(kind, inline_text(token), line=line, attrs=attrs, containers=containers)]


def inline_text(token) -> str:
    """A paragraph's or heading's inline Markdown on one line: as written (spaces collapsed) where that reads the
    same on its own, else written out from its tokens (reference links inline, hard breaks as `\\` + newline)."""
    written = " ".join(token.content.split())
    children = token.children or []
    if all(child.type in ("text", "softbreak", "em_open", "em_close", "strong_open", "strong_close")
           for child in children):
        return written
    if _shape(commonmark.parser().parseInline(written)[0].children or []) == _shape(children):
        return written
    return serialize(children)


def _shape(tokens) -> list[tuple]:
    """What a run of inline tokens says, spaces collapsed and soft breaks read as spaces."""
    shape: list[tuple] = []
    text: list[str] = []
    for token in tokens:
        if token.type in ("text", "softbreak"):
            text.append(token.content if token.type == "text" else " ")
            continue
        if text:
            shape.append(("text", " ".join("".join(text).split())))
            text = []
        shape.append((token.type, tuple(sorted(token.attrs.items())), token.content if token.type in (
            "code_inline", "html_inline", "image") else ""))
    if text:
        shape.append(("text", " ".join("".join(text).split())))
    return shape


def serialize(tokens) -> str:
    """Inline tokens as CommonMark inline syntax, links and images inline."""
    return write_tokens(tokens).strip()
