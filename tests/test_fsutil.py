from __future__ import annotations

import os
import stat
import time

import pytest

from translator.errors import OutputError
from translator.fsutil import atomic_write_text, current_umask, remove_stale_temps, sweep_stale_temps


@pytest.fixture
def umask():
    """Set a umask for one test and put the old one back."""
    saved = []

    def set_mask(mask: int) -> None:
        saved.append(os.umask(mask))

    yield set_mask
    if saved:
        os.umask(saved[0])


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_follows_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "out" / "story.html"
    atomic_write_text(path, "<p>text</p>")
    assert mode(path) == expected and path.read_text() == "<p>text</p>"


def test_current_umask_reads_without_changing(umask):
    umask(0o027)
    assert current_umask() == 0o027
    assert current_umask() == 0o027


@pytest.mark.parametrize("existing", [0o644, 0o640, 0o664])
def test_existing_file_keeps_its_mode(tmp_path, umask, existing):
    umask(0o077)
    path = tmp_path / "story.po"
    path.write_text("old")
    path.chmod(existing)
    atomic_write_text(path, "new")
    assert mode(path) == existing and path.read_text() == "new"


def test_stale_temp_is_removed_and_a_fresh_one_kept(tmp_path):
    path = tmp_path / "story.md"
    stale = tmp_path / ".story.md.abc123.tmp"
    fresh = tmp_path / ".story.md.def456.tmp"
    other = tmp_path / ".other.md.xyz.tmp"
    for tmp in (stale, fresh, other):
        tmp.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    atomic_write_text(path, "whole")
    assert not stale.exists()
    assert fresh.exists()  # may belong to a write in progress
    assert other.exists()  # another file's temp is that file's business
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.md.xyz.tmp", ".story.md.def456.tmp", "story.md"]


def test_remove_stale_temps_reports_what_it_removed(tmp_path):
    stale = tmp_path / ".a.json.1.tmp"
    stale.write_text("x")
    os.utime(stale, (0, 0))
    assert remove_stale_temps(tmp_path / "a.json") == [stale]


def test_no_temp_left_after_a_failed_write(tmp_path, monkeypatch):
    path = tmp_path / "story.md"

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError, match=f"{path}: write failed"):
        atomic_write_text(path, "text")
    assert list(tmp_path.iterdir()) == []


def test_folder_is_fsynced_after_the_rename(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync

    def spy(fd):
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    atomic_write_text(tmp_path / "story.md", "text")
    assert synced == [False, True]  # the file, then its folder


def test_sweep_removes_stale_temps_in_every_subfolder(tmp_path):
    stale = [tmp_path / "ru" / ".a.md.x1.tmp", tmp_path / "uk" / "LC_MESSAGES" / ".b.po.x2.tmp"]
    fresh = tmp_path / "ru" / ".c.md.x3.tmp"
    kept = tmp_path / "ru" / "notes.tmp"  # not hidden: not one of ours
    for path in (*stale, fresh, kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half")
    for path in (*stale, kept):
        os.utime(path, (0, 0))
    assert sweep_stale_temps(tmp_path) == sorted(stale)
    assert fresh.exists() and kept.exists() and not any(p.exists() for p in stale)
