"""JSON edition: a stable shape for CMS import; a block's inline markup as spans over its plain text. Urls pass
translator.text.escape.safe_url as in every edition: an image or link a browser could run is not handed on."""

from __future__ import annotations

import json

from translator.article import BlockKind, Edition, EditionBlock
from translator.text.escape import safe_url
from translator.text.inline import spans as inline_spans


def _with_safe_url(data: dict) -> dict | None:
    """`data` with its url, where it has one, made safe; None when no edition may link to that url."""
    if "url" not in data:
        return data
    url = safe_url(str(data["url"]))
    return None if url is None else {**data, "url": url}


def _span(span) -> dict:
    data = span.as_dict()
    safe = _with_safe_url(data)
    if safe is None:  # the words stay, the link goes (as in the HTML and Markdown editions)
        return {key: value for key, value in data.items() if key != "url"}
    return safe


def _text(block: EditionBlock) -> dict:
    """The block's text without markup; where it had some, its spans over that text and the Markdown form. Code,
    HTML blocks and thematic breaks as written."""
    if block.kind.structure_only:
        return {"target": block.source}
    text, spans = inline_spans(block.text)
    if not spans:
        return {"target": text}
    return {"target": text, "spans": [_span(span) for span in spans], "markdown": block.text}


def _attrs(block: EditionBlock) -> dict | None:
    """The block's attributes with a safe url; None for an image whose url is not safe (it is left out)."""
    return _with_safe_url(dict(block.attrs))


def _blocks(edition: Edition) -> list[dict]:
    out = []
    for block in edition.blocks:
        attrs = _attrs(block)
        if attrs is None and block.kind is BlockKind.IMAGE:
            continue
        out.append({
            "kind": block.kind.value,
            "source": block.source,
            **_text(block),
            "sentences": [{"source": s, "target": t} for s, t in zip(block.source_sentences, block.target_sentences)],
            **({"attrs": attrs} if attrs else {}),
            **({"containers": [c.as_dict() for c in block.containers]} if block.containers else {}),
        })
    return out


def to_dict(edition: Edition) -> dict:
    return {
        "slug": edition.article.slug,
        "source_language": edition.article.language,
        "language": edition.language,
        "blocks": _blocks(edition),
        "provenance": edition.provenance.as_dict(),
    }


def render(edition: Edition) -> str:
    return json.dumps(to_dict(edition), ensure_ascii=False, indent=2) + "\n"
