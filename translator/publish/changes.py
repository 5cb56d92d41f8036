"""Correction notes: output/<lang>/<slug>.changes.md says what changed since the last publication.

The snapshot beside it (.<slug>.published.json) is the edition as last published: its time changes only when its
text does, so "since" is the last real publication; the feeds read their entries from it.
"""

from __future__ import annotations

import difflib
import json
from datetime import UTC, datetime
from pathlib import Path

from translator.article import BlockKind, Edition
from translator.fsutil import write_if_changed
from translator.publish.markdown import inline as markdown_inline
from translator.text.escape import markdown_text, strip_controls


def _pairs(edition: Edition) -> list[tuple[str, str]]:
    return [(s, t) for block in edition.blocks for s, t in zip(block.source_sentences, block.target_sentences)]


def _md(sentence: str) -> str:
    """A sentence as the Markdown edition writes it: its emphasis and safe links kept, anything else inert."""
    return markdown_inline(strip_controls(str(sentence), keep="", bidi=False))


def snapshot_path(output: Path, language: str, slug: str) -> Path:
    return Path(output) / language / f".{slug}.published.json"


def read_snapshot(path: Path) -> dict | None:
    """A published edition's snapshot, or None when there is none (or it cannot be read: it is rewritten on the
    next publication)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_snapshot(path: Path, edition: Edition, sentences: list[tuple[str, str]], time: str) -> None:
    data = {"time": time, "headline": edition.headline, "revision": edition.provenance.revision,
            "corrections": [b.target for b in edition.blocks if b.kind is BlockKind.CORRECTION],
            "sentences": sentences}
    write_if_changed(path, json.dumps(data, ensure_ascii=False) + "\n")


def mark_withdrawn(output: Path, language: str, slug: str) -> None:
    """Note in the snapshot when the edition was taken down: the feeds date its withdrawn entry from it, and the
    next publication of the same text is a new one."""
    path = snapshot_path(output, language, slug)
    data = read_snapshot(path)
    if data is not None and not data.get("withdrawn"):
        data["withdrawn"] = datetime.now(UTC).isoformat(timespec="seconds")
        write_if_changed(path, json.dumps(data, ensure_ascii=False) + "\n")


def published_time(edition: Edition, output: Path) -> str | None:
    """When this very text was last published (its snapshot holds the same sentences and it is still out),
    else None."""
    data = read_snapshot(snapshot_path(output, edition.language, edition.article.slug))
    if data is None or data.get("withdrawn") or [tuple(p) for p in data.get("sentences", [])] != _pairs(edition):
        return None
    return data.get("time") or None


def write_changes(edition: Edition, output: Path) -> Path | None:
    """Compare with the last published edition; write <slug>.changes.md when something changed."""
    snapshot = snapshot_path(output, edition.language, edition.article.slug)
    now = _pairs(edition)
    previous: list[tuple[str, str]] | None = None
    published_at = ""
    if (data := read_snapshot(snapshot)) is not None:
        previous = [tuple(p) for p in data.get("sentences", [])]
        published_at = "" if data.get("withdrawn") else data.get("time", "")
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    if previous is not None and previous == now and published_at:
        _write_snapshot(snapshot, edition, now, published_at)  # republished unchanged: "since" stays
        return None
    _write_snapshot(snapshot, edition, now, stamp)
    if previous is None:
        return None
    lines = [f"# Changes to {markdown_text(edition.article.slug)} ({markdown_text(edition.language)})", "",
             f"Since the publication of {markdown_text(published_at or 'the previous run')}; published {stamp}.", ""]
    old_targets = dict(previous)
    now_sources = {s for s, _ in now}
    matcher = difflib.SequenceMatcher(a=[s for s, _ in previous], b=[s for s, _ in now], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (_, old), (_, new) in zip(previous[i1:i2], now[j1:j2]):
                if old != new:
                    lines += [f"- corrected: ~~{_md(old)}~~", f"  now: {_md(new)}"]
            continue
        for source, old in previous[i1:i2]:
            if source not in now_sources:  # a sentence that only moved is no correction
                lines.append(f"- removed: ~~{_md(old)}~~")
        for source, new in now[j1:j2]:
            if old_targets.get(source) is None:
                lines.append(f"- added: {_md(new)}")
            elif old_targets[source] != new:
                lines += [f"- corrected: ~~{_md(old_targets[source])}~~", f"  now: {_md(new)}"]
    if len(lines) == 4:
        return None  # only moved: nothing a reader would call a correction
    path = Path(output) / edition.language / f"{edition.article.slug}.changes.md"
    write_if_changed(path, "\n".join(lines) + "\n")
    return path
