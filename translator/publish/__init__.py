"""Edition writers: one module per format, and publish_edition() that writes the job's formats atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from translator.article import Edition
from translator.errors import OutputError
from translator.fsutil import atomic_write_text
from translator.publish import html, json_edition, markdown, text
from translator.publish.changes import write_changes

WRITERS: dict[str, Callable[[Edition], str]] = {
    "md": markdown.render,
    "html": html.render,
    "txt": text.render,
    "json": json_edition.render,
}


def withdraw_edition(output: Path, language: str, slug: str) -> list[Path]:
    """Remove the article's editions in `language` (every format; its correction notes stay); return what was."""
    removed = []
    for fmt in WRITERS:
        path = Path(output) / language / f"{slug}.{fmt}"
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise OutputError(f"{path}: cannot withdraw the held edition ({exc.strerror}); remove it by hand") from exc
        removed.append(path)
    return removed


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
