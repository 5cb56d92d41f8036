"""JSON edition: a stable shape for CMS import; a block's inline markup as spans over its plain text."""

from __future__ import annotations

import json

from translator.article import BlockKind, Edition, EditionBlock
from translator.inline import spans as inline_spans


def _text(block: EditionBlock) -> dict:
    """The block's text without markup; where it had some, its spans over that text and the Markdown form. Code,
    HTML blocks and thematic breaks as written."""
    if block.kind in (BlockKind.CODE, BlockKind.HTML, BlockKind.RULE, BlockKind.EMPTY):
        return {"target": block.source}
    text, spans = inline_spans(block.text)
    if not spans:
        return {"target": text}
    return {"target": text, "spans": [span.as_dict() for span in spans], "markdown": block.text}


def to_dict(edition: Edition) -> dict:
    return {
        "slug": edition.article.slug,
        "source_language": edition.article.language,
        "language": edition.language,
        "blocks": [
            {
                "kind": block.kind.value,
                "source": block.source,
                **_text(block),
                "sentences": [
                    {"source": s, "target": t} for s, t in zip(block.source_sentences, block.target_sentences)
                ],
                **({"attrs": block.attrs} if block.attrs else {}),
                **({"containers": [c.as_dict() for c in block.containers]} if block.containers else {}),
            }
            for block in edition.blocks
        ],
        "provenance": edition.provenance.as_dict(),
    }


def render(edition: Edition) -> str:
    return json.dumps(to_dict(edition), ensure_ascii=False, indent=2) + "\n"
