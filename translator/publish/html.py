"""HTML edition: a complete page with lang and dir; every text escaped."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from translator.article import BlockKind, Edition, EditionBlock
from translator.inline import plain
from translator.languages import text_direction

_TAGS = {
    BlockKind.HEADLINE: "h1", BlockKind.SUBHEADLINE: "h2", BlockKind.LEAD: 'p class="lead"',
    BlockKind.PARAGRAPH: "p", BlockKind.CREDIT: 'p class="credit"', BlockKind.BYLINE: 'p class="byline"',
    BlockKind.BOILERPLATE: 'p class="site"',
    BlockKind.CORRECTION: 'p class="correction"', BlockKind.WITHDRAWAL: 'p class="withdrawal"',
}
SAFE_SCHEMES = ("", "http", "https")


def safe_url(url: str) -> str | None:
    """The url when an edition may link to it: http(s) or relative; never javascript:, data: or the like."""
    url = url.strip().replace(" ", "%20")
    # Browsers drop tabs and newlines inside a url ("java\tscript:"), so a url holding any is refused.
    if not url or any(ord(ch) < 32 or ord(ch) == 127 or ch.isspace() for ch in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in SAFE_SCHEMES else None


def inline(text: str) -> str:
    """Escaped HTML of a text with inline markup: emphasis, strong, code and safe links become elements; anything
    else (raw HTML in the text, an unsafe link) is shown as the text it was."""
    from translator.inline import markdown_tokens

    tokens = markdown_tokens(text)
    if tokens is None:
        return escape(text)
    out: list[str] = []
    links: list[bool] = []
    for token in tokens:
        if token.type in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(f"<{'/' if token.type.endswith('close') else ''}{token.tag}>")
        elif token.type == "code_inline":
            out.append(f"<code>{escape(token.content)}</code>")
        elif token.type == "link_open":
            url = safe_url(str(token.attrs.get("href", "")))
            links.append(url is not None)
            if url is not None:
                out.append(f'<a href="{escape(url, quote=True)}">')
        elif token.type == "link_close":
            if links and links.pop():
                out.append("</a>")
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        else:
            out.append(escape(token.content))
    return "".join(out)


def _image(attrs: dict[str, str]) -> str:
    url = safe_url(attrs.get("url", ""))
    if url is None:
        return ""
    title = f' title="{escape(attrs["title"], quote=True)}"' if attrs.get("title") else ""
    return f'<figure><img src="{escape(url, quote=True)}" alt="{escape(attrs.get("alt", ""), quote=True)}"{title}>' \
           "</figure>"


def _element(block: EditionBlock) -> str:
    text = inline(block.text)
    if block.kind is BlockKind.IMAGE:
        return _image(block.attrs)
    if block.kind is BlockKind.CAPTION:
        return f"<figure><figcaption>{text}</figcaption></figure>"
    if block.kind is BlockKind.QUOTE:
        return f"<blockquote><p>{text}</p></blockquote>"
    tag = _TAGS[block.kind]
    return f"<{tag}>{text}</{tag.split()[0]}>"


def render(edition: Edition) -> str:
    lang = escape(edition.language, quote=True)
    body = "\n".join(f"    {element}" for b in edition.blocks if (element := _element(b)))
    meta = "\n".join(
        f'  <meta name="translator:{escape(str(k), quote=True)}" content="{escape(str(v), quote=True)}">'
        for k, v in edition.provenance.as_dict().items()
        if isinstance(v, (str, int, float))
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}" dir="{text_direction(edition.language)}">\n'
        "<head>\n"
        '  <meta charset="utf-8">\n'
        f"  <title>{escape(plain(edition.headline))}</title>\n"
        f"{meta}\n"
        "</head>\n"
        "<body>\n"
        "  <article>\n"
        f"{body}\n"
        "  </article>\n"
        "</body>\n"
        "</html>\n"
    )
