"""Edition writers: one module per format; publish_edition() writes the job's formats atomically and
withdraw_edition() takes an edition down (or replaces it by a kill notice)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path

from translator.article import Edition
from translator.errors import OutputError
from translator.fsutil import atomic_write_text, write_if_changed
from translator.publish import html, json_edition, markdown, text
from translator.publish.changes import mark_withdrawn, published_time, write_changes

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
    if removed:
        mark_withdrawn(output, language, slug)
    return removed


def publish_edition(edition: Edition, formats: Iterable[str], output: Path) -> list[Path]:
    """Write output/<lang>/<slug>.<fmt> for each format (and the correction notes); return the paths."""
    written = []
    if since := published_time(edition, output):  # republished unchanged: the same bytes, nothing rewritten
        edition = dataclasses.replace(edition, provenance=dataclasses.replace(edition.provenance, time=since))
    for fmt in formats:
        path = Path(output) / edition.language / f"{edition.article.slug}.{fmt}"
        write_if_changed(path, WRITERS[fmt](edition))
        written.append(path)
    changes = write_changes(edition, output)
    if changes is not None:
        written.append(changes)
    return written


def kill_edition(slug: str, language: str, output: Path, notice: Edition | None = None,
                 formats: Iterable[str] = ()) -> list[Path]:
    """A killed story: its editions and correction notes go; `notice` is written in `formats` instead when given.
    The published snapshot stays: the feeds announce the withdrawal from it. Returns what was removed."""
    removed = withdraw_edition(output, language, slug)
    changes = Path(output) / language / f"{slug}.changes.md"
    if changes.exists():
        changes.unlink()
        removed.append(changes)
    for fmt in formats if notice is not None else ():
        atomic_write_text(Path(output) / language / f"{slug}.{fmt}", WRITERS[fmt](notice))
    return removed
