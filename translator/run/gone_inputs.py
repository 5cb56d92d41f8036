"""Editions whose input file is gone: an article renamed or removed since its last run leaves no edition behind.

The signal is the run state (translator/run/state.py): it records every input file a run of this output folder
read. A recorded file that no longer exists on disk, and whose slug no current input gives, was renamed (the new
name is another story now: its slug changed) or removed; its editions are withdrawn in every language it ran in
(the feeds then mark its entries withdrawn) and its catalogs are kept. A recorded file that still exists but is not
among this run's inputs (a run on a subset of the files, or a narrower glob) is left alone, record and editions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from translator.errors import BadSlug, TranslatorError
from translator.publish import kill_edition
from translator.readers.slug import slugify
from translator.run.report import Row, Status
from translator.run.state import RunState


def withdraw_gone(output: Path, state: RunState, inputs: Mapping[str, str], slugs: Iterable[str],
                  unread: Iterable[str] = ()) -> tuple[list[Row], set[str]]:
    """Withdraw the editions of every recorded input that is gone. `slugs`: those of the run's articles (read or
    skipped); `unread`: input files that could not be read (their slug is taken from the name, to be safe).
    Returns a withdrawn row per language that had an edition, and the recorded files to keep in the run state:
    those still on disk, and a gone one whose editions could not be removed (the next run tries again)."""
    taken = set(slugs) | {slug for path in unread if (slug := _name_slug(path))}
    rows: list[Row] = []
    keep: set[str] = set()
    for path, record in sorted(state.records.items()):
        if path in inputs:
            continue
        if Path(path).exists() or record.slug in taken:  # not part of this run, or renamed under the same slug
            keep.add(path)
            continue
        for language in record.targets:
            try:
                removed = kill_edition(record.slug, language, output)
            except TranslatorError as exc:
                keep.add(path)
                rows.append(Row(article=record.slug, language=language, route="", status=Status.FAILED,
                                error=str(exc)))
                continue
            if removed:
                rows.append(Row(article=record.slug, language=language, route="", status=Status.WITHDRAWN,
                                error=f"{path}: the input is gone (renamed or removed), so its editions are "
                                      "withdrawn; restore the file to publish it again",
                                withdrawn=[str(p) for p in removed]))
    return rows, keep


def _name_slug(path: str) -> str | None:
    try:
        return slugify(Path(path).stem, path)
    except BadSlug:
        return None
