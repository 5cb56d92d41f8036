"""Inline HTML (<em>, <i>, <strong>, <b>, <a href>, <code>) as the Markdown inline syntax sentences carry
(translator/text/inline.py); other tags keep only their text, and literal text is escaped so it stays literal."""

from __future__ import annotations

import re

from translator.text.inline import escape

_WRAP = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_INLINE_TAG = re.compile(r"<(em|i|strong|b|a|code)[\s>]", re.IGNORECASE)


def has_inline_tags(text: str) -> bool:
    return bool(_INLINE_TAG.search(text))


# More inline elements than any news paragraph holds: such a block is read as its words alone. Its markup would cost
# seconds in every later parse (100k <b>: 5 s a parse) and means nothing to a reader.
MAX_INLINE_ELEMENTS = 2000


def markdown_of(node) -> str:
    """The text of a selectolax node with its inline markup as Markdown (not space-normalised); a node with more
    than MAX_INLINE_ELEMENTS elements inside gives its words only."""
    if len(node.css("*")) > MAX_INLINE_ELEMENTS:
        return escape(node.text(separator=""))
    return _markdown_of(node)


def _markdown_of(node) -> str:
    out: list[str] = []
    last = ""  # the last character so far (joining all of `out` per child was quadratic: 100k <b> took minutes)
    for child in node.iter(include_text=True):
        if child.tag == "-text":
            piece = escape(child.text_content or "")
        elif child.tag in ("br",):
            piece = " "
        else:
            piece = _element(child, last, _next_text(child)[:1])
        out.append(piece)
        last = piece[-1:] or last
    return "".join(out)


def _glued(before: str, inner: str, after: str) -> bool:
    # Markup inside a word ("Lavrov<b>'s</b>") is no CommonMark emphasis: its words are kept, not its markup.
    return (before.isalnum() and not inner[:1].isspace()) or (after.isalnum() and not inner[-1:].isspace())


def _next_text(node) -> str:
    following = node.next
    return (following.text_content or "") if following is not None and following.tag == "-text" else ""


def _element(node, before: str = "", after: str = "") -> str:
    inner = _markdown_of(node)
    if not inner.strip() or _glued(before, inner, after):
        return inner
    if node.tag in _WRAP:
        lead, core, trail = _split_space(inner)
        return f"{lead}{_WRAP[node.tag]}{core}{_WRAP[node.tag]}{trail}"
    if node.tag == "code":
        return f"`{node.text(separator='')}`" if "`" not in node.text(separator="") else escape(node.text())
    if node.tag == "a" and (href := (node.attributes.get("href") or "").strip()):
        lead, core, trail = _split_space(inner)
        return f"{lead}[{core}]({href.replace(' ', '%20').replace(')', '%29')}){trail}"
    return inner


def _split_space(text: str) -> tuple[str, str, str]:
    # "<em>talks </em>" is emphasis on "talks": CommonMark emphasis cannot end in a space.
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def fragment_markdown(text: str) -> str:
    """A CMS text field with inline HTML as Markdown inline syntax."""
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(f"<body>{text}</body>").body
    return markdown_of(body) if body is not None else text
