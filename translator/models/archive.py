"""Safe extraction of .argosmodel zips: no path escapes, no links, one top folder, bounded size, checked CRCs."""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from translator.errors import CorruptPackage, UnsafePackage

DEFAULT_MAX_BYTES = 4 * 1024**3  # larger than any published Argos package (the biggest are ~1 GB unpacked)
MAX_ENTRIES = 10_000             # a package holds about ten files; thousands of entries is an attack
# What a damaged or odd zip raises while being read: bad CRC, truncated or corrupt deflate data, encryption,
# an unsupported compression method.
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError)


def _entry_parts(name: str, where: str) -> tuple[str, ...]:
    """The path parts of a zip entry, refusing anything that could land outside the destination."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or (parts and parts[0].endswith(":")) or ".." in parts or "\\" in name:
        raise UnsafePackage(f"{where}: refused: entry {name!r} would be written outside the package folder; "
                            "get the package from its publisher again")
    return parts


def _check_members(archive: zipfile.ZipFile, where: str, max_bytes: int) -> str:
    """The single top-level folder name, after refusing anything unsafe."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnsafePackage(f"{where}: refused: {len(infos)} entries (at most {MAX_ENTRIES}); not a package")
    tops: set[str] = set()
    files: set[tuple[str, ...]] = set()
    folders: set[tuple[str, ...]] = set()
    total = 0
    for info in infos:
        name = info.filename
        parts = _entry_parts(name, where)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if kind == stat.S_IFLNK:
            raise UnsafePackage(f"{where}: refused: entry {name!r} is a symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise UnsafePackage(f"{where}: refused: entry {name!r} is not a plain file or folder")
        if info.flag_bits & 0x1:
            raise CorruptPackage(f"{where}: entry {name!r} is encrypted; a package is a plain zip")
        if not parts:
            continue
        if len(parts) == 1 and not info.is_dir():
            raise UnsafePackage(f"{where}: refused: file {name!r} at the top level; a package is one folder")
        if not info.is_dir():
            if parts in files:
                raise UnsafePackage(f"{where}: refused: entry {name!r} appears twice")
            files.add(parts)
        folders.update(parts[:i] for i in range(1, len(parts) + info.is_dir()))
        tops.add(parts[0])
        total += info.file_size
        if total > max_bytes:
            raise UnsafePackage(
                f"{where}: refused: unpacks to more than {max_bytes // 1024**2} MiB (a zip bomb or not a package)"
            )
    if clash := files & folders:
        raise UnsafePackage(f"{where}: refused: {'/'.join(clash.pop())!r} is both a file and a folder")
    if len(tops) != 1:
        raise UnsafePackage(f"{where}: refused: a package has exactly one top-level folder, this has {len(tops)}")
    return tops.pop()


def _inside(path: Path, root: Path, where: str, name: str) -> Path:
    """`path`, after checking that it resolves inside `root` (no folder on the way is a link out)."""
    if not path.resolve().is_relative_to(root):
        raise UnsafePackage(f"{where}: refused: entry {name!r} would be written outside the package folder")
    return path


def _extract(archive: zipfile.ZipFile, destination: Path, where: str, max_bytes: int) -> None:
    root = destination.resolve()
    written = 0
    for info in archive.infolist():
        parts = _entry_parts(info.filename, where)
        if not parts:
            continue
        target = _inside(destination.joinpath(*parts), root, where, info.filename)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        # The sizes in the zip directory can lie; count what is really written.
        with archive.open(info) as source, open(target, "xb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > max_bytes:
                    raise UnsafePackage(f"{where}: refused: unpacks to more than {max_bytes // 1024**2} MiB "
                                        "(a zip bomb or not a package)")
                sink.write(chunk)


def extract_package(archive_path: Path, destination: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Path:
    """Extract into `destination` (which must be empty or absent); return the package folder inside it."""
    where = str(archive_path)
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise CorruptPackage(f"{where}: not a zip archive (or a truncated one); an .argosmodel package is a zip "
                             "file: download it again") from exc
    except OSError as exc:
        raise CorruptPackage(f"{where}: cannot read ({exc.strerror}); give the path of an .argosmodel file") from exc
    with archive:
        top = _check_members(archive, where, max_bytes)
        destination.mkdir(parents=True, exist_ok=True)
        try:
            _extract(archive, destination, where, max_bytes)
        except _READ_ERRORS as exc:
            raise CorruptPackage(f"{where}: damaged package ({exc}); download it again") from exc
        except OSError as exc:
            raise CorruptPackage(f"{where}: cannot unpack {exc.filename!r} ({exc.strerror}); "
                                 "the package is malformed") from exc
    return destination / top
