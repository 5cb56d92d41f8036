"""Post-editing of engine output: letter case, number/date formats and spelling, each a no-op where the engine got it
right."""

from __future__ import annotations

from collections.abc import Mapping

from translator.postedit.casing import capitalize_first, is_all_caps, repair_artefacts, to_capitals
from translator.postedit.typography import typeset


def post_edit(texts: Mapping[str, str], given: Mapping[str, str], source_language: str, language: str,
              keep: frozenset[str] = frozenset(), repair: bool = True) -> dict[str, str]:
    """`texts`: source sentence -> translation; `given`: source sentence -> what the engine was sent (a headline
    in sentence case); `keep`: target forms never re-cased (the glossary's); `repair`: the engine that wrote the
    target text had the repairs measured on its output (its traits.post_edit_repairs; README, Quality): without,
    only the headline capitals come back."""
    out = {}
    for source, translation in texts.items():
        sent = given.get(source, source)
        text = translation
        if repair and text:
            text = repair_artefacts(sent, text, language, keep)
            if source_language == "en":
                from translator.postedit.localize import localize  # lazy: Babel

                text = localize(source, text, language)
            if not source[:1].islower():
                text = capitalize_first(text)
        if text:
            text = typeset(text, language, source)
        if text and sent != source and is_all_caps(source):
            text = to_capitals(text)  # an ALL-CAPS headline went out in sentence case: back in capitals
        out[source] = text
    return out
