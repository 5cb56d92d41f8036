"""Safe extraction of .argosmodel zips: no path escapes, no links, one top folder, bounded size."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from translator.errors import ModelError

DEFAULT_MAX_BYTES = 4 * 1024**3  # larger than any published Argos package (the biggest are ~1 GB unpacked)


def _check_members(archive: zipfile.ZipFile, where: str, max_bytes: int) -> str:
    """The single top-level folder name, after refusing anything unsafe."""
    tops: set[str] = set()
    total = 0
    for info in archive.infolist():
        name = info.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or (parts and parts[0].endswith(":")) or ".." in parts:
            raise ModelError(f"{where}: refused: entry {name!r} would be written outside the package folder")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ModelError(f"{where}: refused: entry {name!r} is a symbolic link")
        if not parts:
            continue
        if len(parts) == 1 and not info.is_dir():
            raise ModelError(f"{where}: refused: file {name!r} at the top level; a package is one folder")
        tops.add(parts[0])
        total += info.file_size
        if total > max_bytes:
            raise ModelError(
                f"{where}: refused: unpacks to more than {max_bytes // 1024**2} MiB (a zip bomb or not a package)"
            )
    if len(tops) != 1:
        raise ModelError(f"{where}: refused: a package has exactly one top-level folder, this has {len(tops)}")
    return tops.pop()


def extract_package(archive_path: Path, destination: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """Extract into `destination` (which must be empty or absent); return the package folder inside it."""
    where = str(archive_path)
    try:
        archive = zipfile.ZipFile(archive_path)
    except zipfile.BadZipFile as exc:
        raise ModelError(f"{where}: not a zip archive; an .argosmodel package is a zip file") from exc
    except OSError as exc:
        raise ModelError(f"{where}: cannot read ({exc.strerror})") from exc
    with archive:
        top = _check_members(archive, where, max_bytes)
        destination.mkdir(parents=True, exist_ok=True)
        written = 0
        for info in archive.infolist():
            target = destination.joinpath(*PurePosixPath(info.filename).parts)
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # The sizes in the zip directory can lie; count what is really written.
            with archive.open(info) as source, open(target, "wb") as sink:
                while chunk := source.read(1 << 20):
                    written += len(chunk)
                    if written > max_bytes:
                        raise ModelError(f"{where}: refused: unpacks to more than {max_bytes // 1024**2} MiB")
                    sink.write(chunk)
    return destination / top
