"""The Argos package index: resolve a pair to a download link, download with resume, then install."""

from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translator.errors import IndexUnreachable, ModelError, ModelNotInstalled

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
Progress = Callable[[int, int | None], None]
_CHUNK = 1 << 16


def index_url() -> str:
    return os.environ.get("TRANSLATOR_INDEX_URL", DEFAULT_INDEX_URL)


@dataclass(frozen=True)
class IndexEntry:
    code: str
    from_code: str
    to_code: str
    package_version: str
    links: tuple[str, ...]


def _unreachable(url: str, exc: Exception) -> IndexUnreachable:
    reason = getattr(exc, "reason", exc)
    return IndexUnreachable(
        f"cannot reach {url} ({reason}); offline, install from a file instead: "
        "translator models install path/to/translate-en_ru.argosmodel"
    )


def fetch_index(url: str | None = None, timeout: float = 30.0) -> list[IndexEntry]:
    url = url or index_url()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise _unreachable(url, exc) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{url}: the package index is not valid JSON ({exc})") from exc
    if not isinstance(data, list):
        raise ModelError(f"{url}: the package index must be a JSON list of packages")
    entries = []
    for item in data:
        if isinstance(item, dict) and item.get("from_code") and item.get("to_code") and item.get("links"):
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


def download(url: str, destination: Path, progress: Progress | None = None, timeout: float = 60.0) -> Path:
    """Stream `url` into `destination` + '.part', resuming a partial download; rename when complete."""
    part = destination.with_name(destination.name + ".part")
    have = part.stat().st_size if part.exists() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        response = urllib.request.urlopen(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part file is already complete, or the server changed: start over
            part.unlink()
            return download(url, destination, progress, timeout)
        raise ModelError(f"{url}: download failed (HTTP {exc.code} {exc.reason})") from exc
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise _unreachable(url, exc) from exc
    with response:
        resumed = response.status == 206
        if not resumed:
            have = 0  # the server ignored the range: restart cleanly
        length = response.headers.get("Content-Length")
        total = have + int(length) if length is not None else None
        received = have
        try:
            with open(part, "ab" if resumed else "wb") as sink:
                while chunk := response.read(_CHUNK):
                    sink.write(chunk)
                    received += len(chunk)
                    if progress:
                        progress(received, total)
        except (OSError, TimeoutError, http.client.HTTPException) as exc:
            raise ModelError(f"{url}: download interrupted at {received} bytes ({exc}); run the command again "
                             "to resume") from exc
    if total is not None and received < total:
        raise ModelError(f"{url}: download incomplete ({received} of {total} bytes); run the command again "
                         "to resume")
    os.replace(part, destination)
    return destination


def install_from_url(store, url: str, progress: Progress | None = None):
    """Download a package (resuming an earlier partial download) and install it."""
    downloads = store.models_dir / ".downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    name = url.rstrip("/").rsplit("/", 1)[-1] or "package.argosmodel"
    archive = download(url, downloads / name, progress)
    try:
        return store.install_file(archive)
    finally:
        archive.unlink(missing_ok=True)


def install_pair(store, pair: str, url: str | None = None, progress: Progress | None = None):
    """Resolve `pair` (en-ru) through the index and install the package it links to."""
    from translator.models.store import parse_pair

    entry = resolve(fetch_index(url), *parse_pair(pair))
    return install_from_url(store, entry.links[0], progress)
