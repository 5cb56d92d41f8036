"""Readers: one module per input format, and read_article(path) that picks one by file extension."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from translator.article import Article, BlockKind
from translator.errors import ReaderError
from translator.langid import detect_language
from translator.languages import check_code
from translator.readers import cms_json, html, markdown, rules, text
from translator.readers.decode import read_text
from translator.segment import split_sentences

# Extension -> reader; anything else is read as a scraped text page.
READERS = {
    ".md": markdown.parse,
    ".markdown": markdown.parse,
    ".html": html.parse,
    ".htm": html.parse,
    ".txt": text.parse,
}


def slugify(name: str) -> str:
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return slug or "article"


def read_article(path: Path | str, *, language: str | None = None, boilerplate: Iterable[str] = ()) -> Article:
    """Read, classify and split one article. `language` None or "auto" means detect it."""
    path = Path(path)
    content, warnings = read_text(path)
    patterns = rules.compile_patterns(boilerplate)
    metadata: dict = {}
    if path.suffix.lower() == ".json":
        blocks, metadata = cms_json.parse(content, patterns, where=str(path))
    else:
        blocks = READERS.get(path.suffix.lower(), text.parse)(content, patterns)
    metadata.update(rules.finish_blocks(blocks, patterns))
    if not any(block.kind.translatable for block in blocks):
        raise ReaderError(f"{path}: no article text found (only site boilerplate); check the file")
    article = Article(
        slug=slugify(str(metadata.pop("slug", "")) or path.stem),
        path=str(path),
        blocks=blocks,
        metadata=metadata,
        warnings=warnings,
    )
    declared = language if language not in (None, "", "auto") else metadata.pop("language", None)
    if declared:
        article.language = check_code(str(declared), str(path))
    else:
        article.language, article.language_confidence = detect_language(article.body_text(), str(path))
    for block in blocks:
        if block.kind is BlockKind.BOILERPLATE:
            block.sentences = [block.text]
        else:
            block.sentences = split_sentences(block.text, article.language)
    return article
