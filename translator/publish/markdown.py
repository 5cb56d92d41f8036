"""Markdown edition, escaped: nothing in an article, a glossary form or a reviewer's msgstr becomes live HTML, a
link to a script, or a heading or list it was not. Emphasis, code, images, hard breaks and http(s) links the text
holds are kept, and every block stands in the quotes and lists it stood in in the source (Block.containers)."""

from __future__ import annotations

import json
import re

from translator.article import BlockKind, Container, Edition, EditionBlock, shared_containers
from translator.text import commonmark
from translator.text.escape import safe_url
from translator.text.inline import destination, plain, write_tokens

_PREFIX = {BlockKind.HEADLINE: "# ", BlockKind.SUBHEADLINE: "## ", BlockKind.QUOTE: "> "}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")
# What would open a block at the start of a line: a heading, list, quote, thematic break or setext underline.
_BLOCK_START = re.compile(r"^(#|[-+=]|\d{1,9}(?=[.)]))")


def _text(text: str) -> str:
    # A tab or newline the text holds as a character (&#9;) stays one: written out it could start a code block.
    escaped = _INLINE_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def inline(text: str) -> str:
    """`text` as Markdown that renders to the same words: its emphasis, code, images, hard breaks and safe links
    kept, the rest escaped. A hard break is the one newline it may hold."""
    text = "\\\n".join(" ".join(part.split()) for part in text.split("\\\n"))
    tokens = commonmark.parser().parseInline(text)[0].children or []
    # Text and inline HTML escaped; a link or image to an unsafe url keeps only its words.
    rendered = write_tokens(tokens, text=_text, url=safe_url, html=_text)
    if rendered.endswith("#"):
        rendered = rendered[:-1] + "\\#"  # a closing # would be eaten as the end of a heading
    return "\n".join(_BLOCK_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\",
                                      line) for line in rendered.split("\n"))


def _image(block: EditionBlock, caption: EditionBlock | None = None) -> str:
    """An image as written; the caption the reader took from its title or alt goes back there, translated."""
    url = safe_url(block.attrs.get("url", ""))
    if url is None:
        return ""
    alt, title = _text(block.attrs.get("alt", "")), block.attrs.get("title", "")
    if caption is not None and caption.attrs.get("image") == "alt":
        alt = inline(plain(caption.text)).replace("\n", " ")
    elif caption is not None:
        title = plain(caption.text)
    return f"![{alt}]({destination(url, title)})"


def _code(text: str, attrs: dict[str, str]) -> list[str]:
    """A code block as written: indented, or fenced with a fence longer than any fence-like run inside."""
    lines = text.removesuffix("\n").split("\n")
    if attrs.get("indented"):
        return ["    " + line if line else "" for line in lines]
    mark = attrs.get("fence", "```")[:1] or "`"
    longest = max((len(run) for run in re.findall(rf"^ *({re.escape(mark)}+)", text, re.MULTILINE)), default=0)
    fence = mark * max(3, len(attrs.get("fence", "")), longest + 1)
    info = attrs.get("info", "").strip()
    return [fence + (info if mark == "~" or "`" not in info else ""), *(lines if text else []), fence]


def _lines(block: EditionBlock, caption: EditionBlock | None) -> list[str]:
    """A block's own lines, before the prefixes of the quotes and lists it stands in."""
    if block.kind is BlockKind.IMAGE:
        image = _image(block, caption)
        return [image] if image else ([f"*{inline(caption.text)}*"] if caption is not None else [])
    if block.kind is BlockKind.CODE:
        return _code(block.source, block.attrs)
    if block.kind is BlockKind.HTML:  # shown as written, never live: the reader warned that it is not translated
        return _code(block.source, {"fence": "```", "info": "html"})
    if block.kind is BlockKind.RULE:
        return ["___"]  # never a setext underline or a list marker, whatever comes before
    if block.kind is BlockKind.EMPTY:
        return [""]  # the list item's bullet or the quote's ">" alone
    if block.kind in (BlockKind.CAPTION, BlockKind.CORRECTION, BlockKind.WITHDRAWAL):
        return f"*{inline(block.text)}*".split("\n")
    if block.kind in (BlockKind.HEADLINE, BlockKind.SUBHEADLINE):
        level = int(block.attrs.get("level") or (1 if block.kind is BlockKind.HEADLINE else 2))
        return [f"{'#' * level} {inline(block.text)}".rstrip().replace("\\\n", " ").replace("\n", " ")]
    prefix = _PREFIX.get(block.kind, "") if not block.containers else ""
    return (prefix + inline(block.text)).split("\n")


def _marker(item: Container) -> str:
    return f"{item.number}{item.marker} " if item.ordered else f"{item.marker or '-'} "


def _separator(before: tuple[Container, ...], after: tuple[Container, ...]) -> str | None:
    """The line between two blocks: blank (with the prefix of the quotes they share) or none at all between the
    blocks of a tight list."""
    common = before[:shared_containers(before, after)]
    if common and common[-1].kind in ("list", "item"):
        listing = common[-1] if common[-1].kind == "list" else common[-2]
        if listing.tight:
            return None
    return "".join("> " if c.kind == "quote" else " " * len(_marker(c)) if c.kind == "item" else "" for c in common
                   ).rstrip()


def _body(blocks: list[EditionBlock]) -> str:
    out: list[str] = []
    started: set[int] = set()  # the list items whose marker is written
    previous: tuple[Container, ...] | None = None
    for at, block in enumerate(blocks):
        following = blocks[at + 1] if at + 1 < len(blocks) else None
        caption = following if block.kind is BlockKind.IMAGE and following is not None and \
            following.kind is BlockKind.CAPTION and following.attrs.get("image") else None
        if block.kind is BlockKind.CAPTION and block.attrs.get("image") and at and \
                blocks[at - 1].kind is BlockKind.IMAGE:
            continue  # written into its image
        lines = _lines(block, caption)
        if not lines or (lines == [""] and not block.containers):
            continue
        if previous is not None and (gap := _separator(previous, block.containers)) is not None:
            out.append(gap)
        for line in lines:
            prefix = []
            for container in block.containers:
                if container.kind == "quote":
                    prefix.append("> ")
                elif container.kind == "item":
                    marker = _marker(container)
                    prefix.append(marker if container.ident not in started else " " * len(marker))
                    started.add(container.ident)
            out.append("".join(prefix) + line if line else "".join(prefix).rstrip())
        previous = block.containers
    return "\n".join(out)


def front_matter(edition: Edition) -> str:
    """YAML front matter a static-site CMS reads: title, language, where the text came from (JSON strings are
    valid YAML double-quoted scalars, so no value can break out of its line)."""
    fields = {
        "title": edition.headline, "language": edition.language, "translated_from": edition.article.language or "",
        "source": edition.provenance.source_file, "provenance": edition.provenance.short(),
    }
    lines = [f"{key}: {_scalar(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def _scalar(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar; < > & escaped too, so a renderer without front matter
    # support, which shows these lines as text, gets nothing it could run.
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")


def render(edition: Edition) -> str:
    return front_matter(edition) + _body(edition.blocks) + "\n"
