"""Downloading a package file: http(s) only, bounded in size, resumed only against the same ETag (If-Range)."""

from __future__ import annotations

import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from translator.errors import BadPackageURL, DownloadError, IndexUnreachable, ModelError
from translator.models.archive import DEFAULT_MAX_BYTES

Progress = Callable[[int, int | None], None]
_CHUNK = 1 << 16
# A download must end within DEADLINE seconds and bring at least MIN_RATE bytes/s over every RATE_WINDOW seconds:
# a server trickling one byte a second never trips the socket timeout, and would hold the command for days.
DEADLINE = 3600.0      # a 1 GiB package at 300 KiB/s
MIN_RATE = 4096        # bytes per second
RATE_WINDOW = 30.0


@dataclass(frozen=True)
class Pace:
    """How long a download may take, and how slow it may be."""

    deadline: float = DEADLINE
    min_rate: float = MIN_RATE
    window: float = RATE_WINDOW


DEFAULT_PACE = Pace()


class _Clock:
    """Measures a download against its Pace: `late` says how it broke it, or None while it keeps pace."""

    def __init__(self, pace: Pace) -> None:
        self.pace, self.started = pace, time.monotonic()
        self.new_window(0)

    def new_window(self, received: int) -> None:
        self.window_start, self.window_bytes = time.monotonic(), received

    def late(self, received: int) -> str | None:
        now = time.monotonic()
        if now - self.started > self.pace.deadline:
            return f"not finished after {self.pace.deadline:g} s ({received} bytes so far)"
        if now - self.window_start >= self.pace.window:
            rate = (received - self.window_bytes) / (now - self.window_start)
            if rate < self.pace.min_rate:
                return (f"too slow ({rate:.0f} bytes/s over {now - self.window_start:.1f} s, under the "
                        f"{self.pace.min_rate:g} bytes/s a download needs)")
            self.new_window(received)
        return None


def read_paced(response, url: str, max_bytes: int, pace: Pace = DEFAULT_PACE) -> bytes:
    """A whole response body (a package index), bounded in size and held to `pace` like a package download."""
    clock, parts, received = _Clock(pace), [], 0
    while chunk := response.read1(_CHUNK):
        received += len(chunk)
        if received > max_bytes:
            raise DownloadError(f"{url}: more than {max_bytes // 1024**2} MiB; refused")
        if late := clock.late(received):
            raise DownloadError(f"{url}: download {late}; try again later, or install from a file")
        parts.append(chunk)
    return b"".join(parts)


def unreachable(url: str, exc: Exception) -> IndexUnreachable:
    reason = getattr(exc, "reason", exc)
    return IndexUnreachable(
        f"cannot reach {url} ({reason}); offline, install from a file instead: "
        "translator models install path/to/translate-en_ru.argosmodel"
    )


def check_package_url(url: str) -> str:
    """The URL, if it is http(s) with a host and a path that names a file; else BadPackageURL."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise BadPackageURL(f"{url!r}: not a valid URL ({exc})") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise BadPackageURL(f"{url!r}: not an http(s) URL; give an https://... link or the path of a file")
    last = urllib.parse.unquote(parts.path).rsplit("/", 1)[-1]
    if last in ("", ".", ".."):
        raise BadPackageURL(f"{url}: the URL names a folder, not a package file; give the link to the "
                            ".argosmodel file")
    return url


def _strong_etag(value: str | None) -> str | None:
    return value if value and not value.startswith("W/") else None  # If-Range needs a strong validator


def _validator(headers) -> dict:
    return {"etag": _strong_etag(headers.get("ETag")), "last_modified": headers.get("Last-Modified")}


class _Restart(Exception):
    """The partial file cannot be continued: start the download again from byte 0."""


class _Download:
    """One download into `destination` + '.part', with what is needed to resume it in '.part.json'."""

    def __init__(self, url: str, destination: Path, max_bytes: int, timeout: float, pace: Pace = DEFAULT_PACE) -> None:
        self.url, self.destination, self.max_bytes, self.pace = url, destination, max_bytes, pace
        self.timeout = min(timeout, pace.deadline)  # a silent server is bounded by the deadline too
        self.clock = _Clock(pace)  # one for both attempts: a restart does not restart the deadline
        self.part = destination.with_name(destination.name + ".part")
        self.state = destination.with_name(destination.name + ".part.json")

    def discard(self) -> None:
        self.part.unlink(missing_ok=True)
        self.state.unlink(missing_ok=True)

    def resume_point(self) -> tuple[int, str | None]:
        """Bytes already here and the If-Range validator, or (0, None) when the part file cannot be trusted."""
        try:
            state = json.loads(self.state.read_text(encoding="utf-8"))
            have = self.part.stat().st_size
        except (OSError, ValueError):
            self.discard()
            return 0, None
        validator = state.get("etag") or state.get("last_modified") if isinstance(state, dict) else None
        if not (have and isinstance(validator, str) and state.get("url") == self.url):
            self.discard()
            return 0, None
        return have, validator

    def open(self, have: int, validator: str | None):
        headers = {"Range": f"bytes={have}-", "If-Range": validator} if have else {}
        try:
            return urllib.request.urlopen(urllib.request.Request(self.url, headers=headers), timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 416 and have:  # the part is already complete or the file shrank: start over
                raise _Restart from exc
            raise DownloadError(f"{self.url}: download failed (HTTP {exc.code} {exc.reason})") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise unreachable(self.url, exc) from exc

    def start(self, response, have: int) -> tuple[int, int | None]:
        """Where writing starts and the total size, after checking the response continues our part file."""
        try:
            length = int(response.headers.get("Content-Length", -1))
        except ValueError as exc:
            raise DownloadError(f"{self.url}: the server sent a malformed Content-Length") from exc
        if response.status != 206:  # a full answer: the server ignored the range, or the file changed
            self.discard()
            self.state.write_text(json.dumps({"url": self.url, **_validator(response.headers)}), encoding="utf-8")
            return 0, length if length >= 0 else None
        match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", response.headers.get("Content-Range", ""))
        recorded = json.loads(self.state.read_text(encoding="utf-8")) if have else {}
        etag = _strong_etag(response.headers.get("ETag"))
        if (not have or not match or int(match.group(1)) != have
                or (etag and recorded.get("etag") and etag != recorded["etag"])):
            raise _Restart  # not the continuation of what we have: never glue two files together
        return have, int(match.group(3)) if match.group(3) != "*" else None

    def fetch(self, progress: Progress | None) -> None:
        have, validator = self.resume_point()
        response = self.open(have, validator)
        with response:
            start, total = self.start(response, have)
            if total is not None and total > self.max_bytes:
                self.discard()
                raise DownloadError(f"{self.url}: the server announces {total} bytes, more than the "
                                    f"{self.max_bytes // 1024**2} MiB a package may have; refused")
            received = start
            self.clock.new_window(received)
            try:
                with open(self.part, "ab" if start else "wb") as sink:
                    # read1: whatever has arrived, so a trickle is seen as one (read() waits for a full chunk)
                    while chunk := response.read1(_CHUNK):
                        received += len(chunk)
                        if late := self.clock.late(received):
                            raise self.cut_short(late)
                        if received > self.max_bytes:
                            self.discard()
                            raise DownloadError(f"{self.url}: more than {self.max_bytes // 1024**2} MiB; "
                                                "not a package, refused")
                        sink.write(chunk)
                        if progress:
                            progress(received, total)
            except (OSError, TimeoutError, http.client.HTTPException) as exc:
                raise self.cut_short(f"interrupted at {received} bytes ({exc})") from exc
        if total is not None and received < total:
            raise self.cut_short(f"incomplete ({received} of {total} bytes)")

    def cut_short(self, what: str) -> DownloadError:
        """Keep the part file only when the server gave a validator to resume it against."""
        state = json.loads(self.state.read_text(encoding="utf-8")) if self.state.exists() else {}
        if state.get("etag") or state.get("last_modified"):
            return DownloadError(f"{self.url}: download {what}; run the command again to resume, or install from "
                                 "a file")
        self.discard()
        return DownloadError(f"{self.url}: download {what}; the server cannot resume it, run the command again or "
                             "install from a file")


def download(url: str, destination: Path, progress: Progress | None = None, timeout: float = 60.0,
             max_bytes: int = DEFAULT_MAX_BYTES, pace: Pace = DEFAULT_PACE) -> Path:
    """Stream `url` into `destination` + '.part' and rename when complete. A partial file is resumed only when
    the server's ETag (or Last-Modified) still matches the one recorded with it (If-Range); else the download
    starts over. Failures that cannot be resumed leave no partial file. `pace` bounds the whole download's time
    and its slowest rate (DownloadError naming which)."""
    job = _Download(check_package_url(url), destination, max_bytes, timeout, pace)
    try:
        try:
            job.fetch(progress)
        except _Restart:
            job.discard()
            job.fetch(progress)
    except _Restart as exc:
        job.discard()
        raise DownloadError(f"{url}: the server answers a fresh download with a partial one; try again "
                            "later or install from a file") from exc
    except (ModelError, KeyboardInterrupt):
        raise  # cut_short decided about the part file; an interrupted run may resume it
    except Exception:
        job.discard()
        raise
    os.replace(job.part, destination)
    job.state.unlink(missing_ok=True)
    return destination
