"""The Argos package index: resolve a pair to a download link, download it (download.py), then install."""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass

from translator.errors import IndexUnreachable, ModelError, ModelNotInstalled
from translator.models.download import (
    DEFAULT_PACE,
    Pace,
    Progress,
    check_package_url,
    download,
    read_paced,
    unreachable,
)

__all__ = ["IndexEntry", "check_package_url", "download", "fetch_index", "install_from_url", "install_pair"]

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


def index_url() -> str:
    return os.environ.get("TRANSLATOR_INDEX_URL", DEFAULT_INDEX_URL)


@dataclass(frozen=True)
class IndexEntry:
    code: str
    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]


INDEX_MAX_BYTES = 16 * 1024**2  # the real index is about 100 KB


def fetch_index(url: str | None = None, timeout: float = 30.0, pace: Pace = DEFAULT_PACE) -> list[IndexEntry]:
    url = url or index_url()
    try:
        with urllib.request.urlopen(url, timeout=min(timeout, pace.deadline)) as response:
            data = json.loads(read_paced(response, url, INDEX_MAX_BYTES, pace).decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
        raise unreachable(url, exc) from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelError(f"{url}: the package index is not valid JSON ({exc})") from exc
    except ValueError as exc:  # urllib's word for a URL it cannot use (JSON errors are caught above)
        raise IndexUnreachable(f"{url!r}: not a usable index URL ({exc}); give an https://... URL") from exc
    if not isinstance(data, list):
        raise ModelError(f"{url}: the package index must be a JSON list of packages")
    entries = []
    for item in data:
        links = item.get("links") if isinstance(item, dict) else None
        if (isinstance(links, list) and links and all(isinstance(link, str) for link in links)
                and isinstance(item.get("from_code"), str) and isinstance(item.get("to_code"), str)):
            entries.append(IndexEntry(
                code=str(item.get("code", f"translate-{item['from_code']}_{item['to_code']}")),
                from_code=str(item["from_code"]), to_code=str(item["to_code"]),
                package_version=str(item.get("package_version", "")), links=tuple(item["links"]),
            ))
    return entries


def resolve(entries: list[IndexEntry], source: str, target: str) -> IndexEntry:
    for entry in entries:
        if (entry.from_code, entry.to_code) == (source, target):
            return entry
    pairs = ", ".join(sorted(f"{e.from_code}-{e.to_code}" for e in entries)) or "none"
    raise ModelNotInstalled(f"the package index has no {source}-{target} package; it has: {pairs}")


def install_from_url(store, url: str, progress: Progress | None = None):
    """Download a package (resuming an earlier partial download of the same URL) and install it."""
    check_package_url(url)
    downloads = store.models_dir / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    # The local name comes from a hash of the URL, never from its text: no query or '..' reaches the disk.
    archive = downloads / f"{hashlib.sha256(url.encode()).hexdigest()[:24]}.argosmodel"
    try:
        download(url, archive, progress, max_bytes=store.max_bytes)
        return store.install_file(archive)
    finally:
        archive.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            downloads.rmdir()  # only when empty: a resumable part file stays


def install_pair(store, pair: str, url: str | None = None, progress: Progress | None = None):
    """Resolve `pair` (en-ru) through the index and install the package it links to."""
    from translator.models.store import parse_pair

    source, target = parse_pair(pair)  # before any request: a bad pair never reaches the network
    entry = resolve(fetch_index(url), source, target)
    return install_from_url(store, entry.links[0], progress)
