"""Where a job's paths lead: an output folder its own input globs would read back is refused, and folders outside
the job's folder are named in a warning (a desk may share them on purpose, but a typo or a copied job that reads
/etc or writes into another desk's tree should be seen)."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path

from translator.errors import JobError


def _absolute(root: Path, pattern: str | Path) -> Path:
    path = Path(pattern).expanduser()
    return Path(os.path.normpath(path if path.is_absolute() else root / path))


def static_base(root: Path, pattern: str) -> Path:
    """The folder a glob starts from: its parts before the first one with a wildcard."""
    parts = _absolute(root, pattern).parts
    fixed = list(_until_magic(parts))
    return Path(*fixed) if fixed else Path(parts[0])


def _until_magic(parts: Iterable[str]) -> Iterable[str]:
    for part in parts:
        if glob.has_magic(part):
            return
        yield part


def _reaches_into(pattern: tuple[str, ...], folder: tuple[str, ...]) -> bool:
    """Whether a glob (split into parts) can match some file below `folder` (its parts): every part of the folder
    is matched by the pattern's parts in turn and a wildcard part is left for the file; ** matches any depth. (A
    pattern whose rest is literal, like the one file `translate story.md` reads, names no file a run writes.)"""
    if not folder:
        return any(glob.has_magic(part) for part in pattern)
    if not pattern:
        return False
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return _reaches_into(rest, folder) or _reaches_into(pattern, folder[1:]) or not rest
    return fnmatchcase(folder[0], head) and _reaches_into(rest, folder[1:])


def check_output_not_read(root: Path, inputs: list[str], output: Path, where: str) -> None:
    """JobError when an input glob would read files the run writes into `output` (its feeds, its editions)."""
    folder = _absolute(root, output).parts
    for pattern in inputs:
        if _reaches_into(_absolute(root, pattern).parts, folder):
            raise JobError(f"{where}: output = {str(output)!r} is inside what inputs {pattern!r} reads: the next run "
                           "would read its own editions and feeds as articles; choose an output folder outside the "
                           "inputs (e.g. `output = \"output\"`)")


def outside_warnings(root: Path, named: Iterable[tuple[str, str | Path]], where: str) -> list[str]:
    """A warning for each (key, path or glob) that leads outside the job's folder."""
    home = Path(os.path.realpath(root))
    warnings = []
    for key, value in named:
        base = static_base(root, str(value))
        resolved = Path(os.path.realpath(base))
        if resolved != home and home not in resolved.parents:
            warnings.append(f"{where}: {key} = {str(value)!r} leads outside the job folder {home} (to {resolved}); "
                            "fine for a folder the desk shares on purpose, else fix the job")
    return warnings
