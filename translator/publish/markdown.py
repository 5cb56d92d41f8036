"""Markdown edition, escaped: nothing in an article, a glossary form or a reviewer's msgstr becomes live HTML, a
link to a script, or a heading or list it was not. Emphasis, code and http(s) links the text holds are kept."""

from __future__ import annotations

import json
import re

from translator import commonmark
from translator.article import BlockKind, Edition, EditionBlock
from translator.escape import safe_url

_PREFIX = {BlockKind.HEADLINE: "# ", BlockKind.SUBHEADLINE: "## ", BlockKind.QUOTE: "> "}
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~])")
# What would open a block at the start of a line: a heading, list, quote, thematic break or setext underline.
_BLOCK_START = re.compile(r"^(#|[-+=]|\d{1,9}(?=[.)]))")
_URL_UNSAFE = {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C"}


def _text(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _url(url: str) -> str:
    return "".join(_URL_UNSAFE.get(ch, ch) for ch in url)


def _title(title: str) -> str:
    return f' "{title.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"' if title else ""


def inline(text: str) -> str:
    """`text` as Markdown that renders to the same words: its emphasis, code and safe links kept, the rest escaped."""
    text = " ".join(text.split())
    tokens = commonmark.parser().parseInline(text)[0].children or []
    out: list[str] = []
    links: list[str | None] = []
    for token in tokens:
        if token.type == "text":
            out.append(_text(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(token.markup)
        elif token.type == "code_inline":  # a code span renders its content as text: nothing in it runs
            fence = "`" * (max((len(run) for run in re.findall("`+", token.content)), default=0) + 1)
            pad = " " if token.content.startswith("`") or token.content.endswith("`") else ""
            out.append(f"{fence}{pad}{token.content}{pad}{fence}")
        elif token.type == "link_open":
            url = safe_url(str(token.attrs.get("href", "")))
            links.append(url)
            if url is not None:
                out.append("[")
        elif token.type == "link_close":
            url = links.pop() if links else None
            if url is not None:
                out.append(f"]({_url(url)})")
        elif token.type == "image":
            out.append(_text(token.content))  # an image inside a sentence keeps only its words
        else:  # html_inline and anything unknown: shown as the text it was
            out.append(_text(token.content))
    rendered = "".join(out)
    if rendered.endswith("#"):
        rendered = rendered[:-1] + "\\#"  # a closing # would be eaten as the end of a heading
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\", rendered)


def _image(block: EditionBlock) -> str:
    url = safe_url(block.attrs.get("url", ""))
    if url is None:
        return ""
    return f"![{_text(block.attrs.get('alt', ''))}]({_url(url)}{_title(block.attrs.get('title', ''))})"


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
    parts = []
    for block in edition.blocks:
        if block.kind is BlockKind.IMAGE:
            parts.append(_image(block))
        elif block.kind in (BlockKind.CAPTION, BlockKind.CORRECTION, BlockKind.WITHDRAWAL):
            parts.append(f"*{inline(block.text)}*")
        else:
            parts.append(_PREFIX.get(block.kind, "") + inline(block.text))
    return front_matter(edition) + "\n\n".join(part for part in parts if part) + "\n"
