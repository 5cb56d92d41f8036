"""Edition writers: one module per format; publish_edition() writes the job's formats atomically and
withdraw_edition() takes an edition down (or replaces it by a kill notice)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from translator.article import Edition
from translator.fsutil import atomic_write_text
from translator.publish import html, json_edition, markdown, text
from translator.publish.changes import write_changes

WRITERS: dict[str, Callable[[Edition], str]] = {
    "md": markdown.render,
    "html": html.render,
    "txt": text.render,
    "json": json_edition.render,
}


def publish_edition(edition: Edition, formats: Iterable[str], output: Path) -> list[Path]:
    """Write output/<lang>/<slug>.<fmt> for each format (and the correction notes); return the paths."""
    written = []
    for fmt in formats:
        path = Path(output) / edition.language / f"{edition.article.slug}.{fmt}"
        atomic_write_text(path, WRITERS[fmt](edition))
        written.append(path)
    changes = write_changes(edition, output)
    if changes is not None:
        written.append(changes)
    return written


def withdraw_edition(slug: str, language: str, output: Path, notice: Edition | None = None,
                     formats: Iterable[str] = ()) -> list[Path]:
    """Remove output/<lang>/<slug>.* in every format (and its correction notes); write `notice` in `formats`
    instead when given. The published snapshot stays: the feeds announce the withdrawal from it."""
    folder = Path(output) / language
    for fmt in (*WRITERS, "changes.md"):
        (folder / f"{slug}.{fmt}").unlink(missing_ok=True)
    written = []
    if notice is not None:
        for fmt in formats:
            path = folder / f"{slug}.{fmt}"
            atomic_write_text(path, WRITERS[fmt](notice))
            written.append(path)
    return written
