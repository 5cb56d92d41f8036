"""Atomic file writes: a crash never leaves a half-written file, and permissions stay what the desk expects."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from translator.errors import OutputError

# A temp file this old beside its target was left by a killed run: a live write renames within milliseconds.
STALE_TEMP_SECONDS = 60
# Writes made without their own fsync since the last flush_unsynced(): editions a run can write again.
_unsynced = False


def not_a_file(mode: int) -> str | None:
    """What a path of this `st_mode` is when it is not a regular file ("a folder", or a device, pipe or socket),
    else None: readers refuse those before reading, as a FIFO waits for a writer for ever and /dev/zero fills
    memory."""
    if stat.S_ISREG(mode):
        return None
    return "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"


def current_umask() -> int:
    """The process umask, read without changing it where the system allows (os.umask alone must set one)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _target_mode(path: Path) -> int:
    # An existing file keeps its mode (a reviewer's 644 catalog stays 644); a new one gets 666 less the umask.
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def remove_stale_temps(path: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete `.<name>.*.tmp` files beside `path` that a killed run left; returns what was removed."""
    removed = []
    cutoff = time.time() - older_than
    path = Path(path)
    prefix = f".{path.name}."
    try:  # scandir, not Path.glob: this runs before every write, in folders of hundreds of editions
        entries = [e for e in os.scandir(path.parent) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another run may have renamed or removed it meanwhile
    return removed


def sweep_stale_temps(folder: Path, older_than: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete every stale `.*.tmp` under `folder` (a run's output or locales): temps whose file is never written
    again would otherwise stay forever. Returns what was removed."""
    removed = []
    cutoff = time.time() - older_than
    for tmp in Path(folder).rglob(".*.tmp"):
        try:
            if tmp.is_file() and tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue
    return sorted(removed)


def _fsync_folder(folder: Path) -> None:
    # The rename is only durable once the folder entry is on disk; some systems cannot open a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to a temp file beside `path`, fsync it, rename over `path`, then fsync the folder.

    durable=False leaves both fsyncs to one flush_unsynced() for the whole batch: for files a run can write again
    (editions, feeds), not for a catalog a reviewer edits."""
    global _unsynced
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = _target_mode(path)
        remove_stale_temps(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"{path.parent}: cannot write here ({exc.strerror}); choose another folder with --output "
            "or fix its permissions"
        ) from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)  # mkstemp makes 600: others on the desk could not read it
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: write failed ({exc.strerror}); check the disk space and permissions") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_folder(path.parent)
    else:
        _unsynced = True


def atomic_write_text(path: Path, text: str, *, durable: bool = True) -> None:
    """Write UTF-8 text atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), durable=durable)


def write_if_changed(path: Path, text: str, *, durable: bool = False) -> bool:
    """Write `text` atomically unless the file already holds exactly these bytes (then its time stays too);
    returns whether it wrote. Not durable by default: call flush_unsynced() once the batch is written."""
    data = text.encode("utf-8")
    try:
        if Path(path).stat().st_size == len(data) and Path(path).read_bytes() == data:
            return False
    except OSError:
        pass  # missing or unreadable: written below, which names the problem
    atomic_write_bytes(path, data, durable=durable)
    return True


def flush_unsynced() -> None:
    """One sync for every write made with durable=False since the last call (instead of two fsyncs a file)."""
    global _unsynced
    if _unsynced:
        os.sync()
        _unsynced = False
