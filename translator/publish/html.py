"""HTML edition: a complete page with lang and dir; every text escaped."""

from __future__ import annotations

from html import escape

from translator.article import BlockKind, Edition
from translator.languages import text_direction

_TAGS = {
    BlockKind.HEADLINE: "h1", BlockKind.SUBHEADLINE: "h2", BlockKind.LEAD: 'p class="lead"',
    BlockKind.PARAGRAPH: "p", BlockKind.CREDIT: 'p class="credit"', BlockKind.BOILERPLATE: 'p class="site"',
    BlockKind.CORRECTION: 'p class="correction"', BlockKind.WITHDRAWAL: 'p class="withdrawal"',
}


def _element(kind: BlockKind, text: str) -> str:
    if kind is BlockKind.CAPTION:
        return f"<figure><figcaption>{text}</figcaption></figure>"
    if kind is BlockKind.QUOTE:
        return f"<blockquote><p>{text}</p></blockquote>"
    tag = _TAGS[kind]
    return f"<{tag}>{text}</{tag.split()[0]}>"


def render(edition: Edition) -> str:
    lang = escape(edition.language, quote=True)
    body = "\n".join(f"    {_element(b.kind, escape(b.target))}" for b in edition.blocks)
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
        f"  <title>{escape(edition.headline)}</title>\n"
        f"{meta}\n"
        "</head>\n"
        "<body>\n"
        "  <article>\n"
        f"{body}\n"
        "  </article>\n"
        "</body>\n"
        "</html>\n"
    )
