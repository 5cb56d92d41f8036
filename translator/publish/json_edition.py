"""JSON edition: a stable shape for CMS import."""

from __future__ import annotations

import json

from translator.article import Edition


def to_dict(edition: Edition) -> dict:
    return {
        "slug": edition.article.slug,
        "source_language": edition.article.language,
        "language": edition.language,
        "blocks": [
            {
                "kind": block.kind.value,
                "source": block.source,
                "target": block.text,
                "sentences": [
                    {"source": s, "target": t} for s, t in zip(block.source_sentences, block.target_sentences)
                ],
                **({"attrs": block.attrs} if block.attrs else {}),
            }
            for block in edition.blocks
        ],
        "provenance": edition.provenance.as_dict(),
    }


def render(edition: Edition) -> str:
    return json.dumps(to_dict(edition), ensure_ascii=False, indent=2) + "\n"
