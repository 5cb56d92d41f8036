"""Readers: one module per input format, and read_article(path) that picks one by file extension."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from translator.article import Article, Block, BlockKind
from translator.errors import NestingTooDeep, ReaderError
from translator.languages import check_code
from translator.readers import cms_json, html, markdown, nesting, rules, text
from translator.readers.decode import read_text
from translator.readers.slug import slugify
from translator.text.escape import strip_controls
from translator.text.langid import detect_blocks
from translator.text.segment import split_sentences

__all__ = ["read_article", "slugify"]

# Extension -> reader; anything else is read as a scraped text page.
READERS = {
    ".md": markdown.parse,
    ".markdown": markdown.parse,
    ".html": html.parse,
    ".htm": html.parse,
    ".txt": text.parse,
}


def _drop_controls(blocks: list[Block], metadata: dict) -> None:
    """Control characters a format's own escapes let in (JSON "\\u001b", HTML "&#27;") are no text either: gone
    before any edition, catalog or terminal sees them (decode.py drops the raw ones)."""
    for block in blocks:
        block.text = strip_controls(block.text, bidi=False)
        block.attrs = {key: strip_controls(value, bidi=False) for key, value in block.attrs.items()}
    for key, value in metadata.items():
        if isinstance(value, str):
            metadata[key] = strip_controls(value, bidi=False)


def _parse(path: Path, content: str, table: rules.ReaderRules) -> tuple[list[Block], dict]:
    metadata: dict = {}
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".json"):  # an export's text fields may hold inline HTML too
        nesting.check_markup(content, str(path))
    try:
        if suffix == ".json":
            nesting.check_json(content, str(path))
            blocks, metadata = cms_json.parse(content, table, where=str(path))
        elif READERS.get(suffix) is markdown.parse:
            blocks, notes = markdown.read(content, table)
            metadata["warnings"] = [f"{path}:{note}" for note in notes]
        else:
            blocks = READERS.get(suffix, text.parse)(content, table)
    except RecursionError as exc:  # whatever the checks above let through: this article fails, not the batch
        raise NestingTooDeep(f"{path}: nests its markup too deep to read; the file is broken or crafted: fix or "
                             "remove it") from exc
    _drop_controls(blocks, metadata)
    metadata.update(rules.finish_blocks(blocks, table))
    if not any(block.kind.translatable for block in blocks):
        raise ReaderError(f"{path}: no article text found (only site boilerplate); check the file")
    return blocks, metadata


def read_article(path: Path | str, *, language: str | None = None, boilerplate: Iterable[str] = (),
                 detected: tuple[str, float | None] | None = None) -> Article:
    """Read, classify and split one article. `language` None or "auto" means detect it; `detected` is what
    detection said of the same bytes before (a run's cache), used instead of asking again.

    The language picks the reader rules (chrome, datelines, credits), so it is settled first: from the job, the
    export's own `language`, or detection over a first reading with every language's rules.
    """
    path = Path(path)
    declared = language if language not in (None, "", "auto") else None
    content, warnings = read_text(path, declared)
    boilerplate = list(boilerplate)
    code = check_code(str(declared), str(path)) if declared else None
    confidence = None
    blocks, metadata = _parse(path, content, rules.rules_for(code, boilerplate))
    if code is None:
        if exported := metadata.pop("language", None):
            code = check_code(str(exported), str(path))
        else:
            body = [(block.line, block.text) for block in blocks if block.kind.translatable]
            code, confidence = detected or detect_blocks(body, str(path))
        if code in rules.table_files():
            blocks, metadata = _parse(path, content, rules.rules_for(code, boilerplate))
            metadata.pop("language", None)
    article = Article(
        slug=metadata.pop("slug", None) or slugify(path.stem, str(path)),
        path=str(path),
        blocks=blocks,
        metadata=metadata,
        warnings=[*warnings, *metadata.pop("warnings", [])],
        language=code,
        language_confidence=confidence,
    )
    for block in blocks:
        if block.kind is BlockKind.BOILERPLATE:
            block.sentences = [block.text]
        elif block.kind.kept_as_written:
            block.sentences = []  # nothing in it goes to translation
        else:
            block.sentences = split_sentences(block.text, code)
    return article
