"""Feeds of the published editions, for a CMS to follow: output/<lang>/feed.xml (Atom, RFC 4287) and feed.json
(JSON Feed 1.1) per language, output/feed.xml and feed.json for all languages.

One entry per edition, read from the published snapshots (so a withdrawn edition keeps its entry, marked
withdrawn); each entry links to the other language versions of the same story (alternate links with hreflang).

An entry says what is published, never what the desk only asked for: it is `withdrawn` when no edition file of
the story is left in its language (killed, held, or its input gone), and it carries an advisory class only when
the published edition shows it (a correction: every correction note is in the edition; a refile: the edition
translates the refiled revision).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from translator.fsutil import write_if_changed
from translator.publish.changes import read_snapshot

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SCHEME = "urn:translator:advisory"   # the scheme of the advisory class categories
MEDIA_TYPES = {"html": "text/html", "json": "application/json", "md": "text/markdown", "txt": "text/plain"}
_SNAPSHOT = ".published.json"


@dataclass(frozen=True)
class Mark:
    """What the desk's advisories say about a story, for its feed entries."""

    advisory: str          # corrected / refiled / repeated / withdrawn
    time: str              # when the advisory was given
    revision: str = ""     # the source revision it was given on ("" when unknown)
    corrections: int = 0   # correction notes the story carries

    def shown_by(self, snapshot: Mapping) -> bool:
        """Whether the published edition (its snapshot) shows this advisory."""
        if self.advisory == WITHDRAWN:
            return True
        if len(snapshot.get("corrections", [])) < self.corrections:
            return False  # the correction waits (for its approved text, or a run): the edition is the old one
        return self.advisory != "refiled" or not self.revision or snapshot.get("revision") == self.revision


WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Entry:
    slug: str
    language: str
    title: str
    updated: str
    file: str | None          # the edition file in output/<lang>/, None when withdrawn without a notice
    advisory: str | None      # corrected / refiled / repeated / withdrawn
    summary: str              # the correction note in the edition's language, when corrected
    revision: str


def entry_id(slug: str, language: str | None = None) -> str:
    name = f"translator:{slug}:{language or '*'}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def collect(output: Path, languages: Iterable[str], marks: Mapping[str, Mark]) -> list[Entry]:
    """Every published edition of `languages`; `marks`: slug -> what the advisories say about it."""
    entries = []
    for language in languages:
        folder = Path(output) / language
        for snapshot in sorted(folder.glob(f".*{_SNAPSHOT}")):
            data = read_snapshot(snapshot)
            if data is None:
                continue
            slug = snapshot.name[1:-len(_SNAPSHOT)]
            file = next((f"{slug}.{fmt}" for fmt in MEDIA_TYPES if (folder / f"{slug}.{fmt}").exists()), None)
            mark = marks.get(slug)
            advisory, marked = (mark.advisory, mark.time) if mark is not None and mark.shown_by(data) else (None, "")
            if file is None:  # nothing of the story is out in the language: a CMS takes its page down
                advisory = WITHDRAWN
            entries.append(Entry(
                slug=slug, language=language, title=data.get("headline") or slug,
                updated=max(data.get("time", ""), data.get("withdrawn", ""), marked) or _now(), file=file,
                advisory=advisory,
                summary=" ".join(data.get("corrections", [])) if advisory == "corrected" else "",
                revision=data.get("revision", "")))
    return sorted(entries, key=lambda e: (e.updated, e.slug, e.language), reverse=True)


def write_feeds(output: Path, languages: Iterable[str], marks: Mapping[str, Mark]) -> list[Path]:
    """Write the Atom and JSON feeds of every language with an edition, and of all; return their paths."""
    output, languages = Path(output), list(languages)
    entries = collect(output, languages, marks)
    versions: dict[str, dict[str, str]] = {}  # slug -> language -> edition file
    for entry in entries:
        if entry.file:
            versions.setdefault(entry.slug, {})[entry.language] = entry.file
    written = []
    for language in [*languages, None]:
        mine = [e for e in entries if language is None or e.language == language]
        folder = output / language if language else output
        if language and not mine and not (folder / "feed.xml").exists():
            continue  # nothing ever published in the language: no folder made for an empty feed
        write_if_changed(folder / "feed.xml", atom(mine, versions, language))
        write_if_changed(folder / "feed.json", json_feed(mine, versions, language))
        written += [folder / "feed.xml", folder / "feed.json"]
    return written


def _href(feed_language: str | None, language: str, file: str) -> str:
    """A link relative to the feed's folder: output/ for all, output/<lang>/ for one language."""
    if feed_language is None:
        return f"{language}/{file}"
    return file if language == feed_language else f"../{language}/{file}"


def _links(entry: Entry, versions: Mapping[str, Mapping[str, str]], feed_language: str | None) -> list[tuple]:
    """(language, href, media type) of the entry's own edition first, then its other language versions."""
    others = versions.get(entry.slug, {})
    ordered = ([entry.language] if entry.file else []) + sorted(lang for lang in others if lang != entry.language)
    return [(lang, _href(feed_language, lang, others.get(lang) or entry.file),
             MEDIA_TYPES[(others.get(lang) or entry.file).rsplit(".", 1)[1]]) for lang in ordered]


def atom(entries: list[Entry], versions: Mapping[str, Mapping[str, str]], language: str | None) -> str:
    import xml.etree.ElementTree as ET

    from translator import __version__

    ET.register_namespace("", ATOM)

    def sub(parent, tag: str, text: str | None = None, **attrs: str):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items() if v is not None})
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language} if language else {})
    sub(feed, "id", entry_id("feed", language))
    sub(feed, "title", f"Editions in {language}" if language else "Editions in every language")
    sub(feed, "updated", max((e.updated for e in entries), default=_now()))
    sub(sub(feed, "author"), "name", "translator")
    sub(feed, "generator", "translator", version=__version__)
    sub(feed, "link", rel="self", href="feed.xml", type="application/atom+xml")
    for entry in entries:
        item = sub(feed, "entry", **{XML_LANG: entry.language})
        sub(item, "id", entry_id(entry.slug, entry.language))
        sub(item, "title", entry.title)
        sub(item, "updated", entry.updated)
        for lang, href, media in _links(entry, versions, language):
            sub(item, "link", rel="alternate", href=href, hreflang=lang, type=media)
        if entry.advisory:
            sub(item, "category", term=entry.advisory, scheme=SCHEME, label=entry.advisory)
        if entry.summary:
            sub(item, "summary", entry.summary)
        if entry.file is None:  # no alternate link: Atom then wants content
            sub(item, "content", _plain(entry), type="text")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def json_feed(entries: list[Entry], versions: Mapping[str, Mapping[str, str]], language: str | None) -> str:
    items = []
    for entry in entries:
        links = _links(entry, versions, language)
        item = {"id": entry_id(entry.slug, entry.language), "title": entry.title,
                "content_text": entry.summary or _plain(entry), "date_modified": entry.updated,
                "language": entry.language,
                "_translator": {"slug": entry.slug, "advisory": entry.advisory, "revision": entry.revision,
                                "versions": {lang: href for lang, href, _ in links}}}
        if entry.file:
            item["url"] = _href(language, entry.language, entry.file)
        if entry.advisory:
            item["tags"] = [entry.advisory]
        items.append(item)
    feed = {"version": "https://jsonfeed.org/version/1.1",
            "title": f"Editions in {language}" if language else "Editions in every language",
            "feed_url": "feed.json", "items": items}
    if language:
        feed["language"] = language
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def _plain(entry: Entry) -> str:
    return f"{entry.title} (withdrawn)" if entry.advisory == WITHDRAWN else entry.title


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
