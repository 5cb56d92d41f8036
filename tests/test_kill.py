"""A run killed at any point (SIGKILL, no cleanup) leaves no corrupt or half-written file and loses no approved
text, and the next run completes. `translator run` runs as a child process with the echo engine, registered through
TRANSLATOR_ENGINES; the kill points are drawn from a fixed seed (KILL_SEED and KILLS change them)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import polib
import pytest
from echo_engine import review

from translator.memory.catalog import catalog_path
from translator.memory.read import load_catalog

TESTS = Path(__file__).resolve().parent
KILLS = int(os.environ.get("KILLS", "20"))
SEED = int(os.environ.get("KILL_SEED", "20261130"))
SLUGS = ("alpha", "beta", "gamma")
LANGUAGES = ("ru", "uk")  # no spelling dictionary to load: each run is a fresh process
JOB = ('source = "en"\ninputs = ["input/*.json"]\ntargets = ["ru", "uk"]\nformats = ["json", "md", "html", '
       '"txt"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n[engines.echo]\ndelay = 0.02\n')


def _article(slug: str) -> dict:
    return {"title": f"Ministers met in {slug.title()}.", "blocks": [
        {"type": "lead", "text": f"Talks in {slug.title()} ended late. Nobody was hurt."},
        {"type": "paragraph", "text": "Prices rose again. The vote was close."},
        {"type": "quote", "text": f"It is over now in {slug.title()}."}]}


def _start(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)]),
           "TRANSLATOR_ENGINES": "echo=echo_engine:EchoEngine"}
    return subprocess.Popen([sys.executable, "-m", "translator", "run", "translator.toml", "--quiet"], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _add_news(project: Path, number: int) -> None:
    """A new paragraph in one article: the next run has engine work for it in every language."""
    path = project / "input" / f"{SLUGS[number % len(SLUGS)]}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["blocks"].append({"type": "paragraph", "text": f"Update {number} came in. Officials said more {number}."})
    path.write_text(json.dumps(data), encoding="utf-8")


def _check_whole(project: Path) -> tuple[int, int]:
    """Every file a run writes is whole and parses; returns (files checked, temp files seen)."""
    checked = temps = 0
    msgfmt = shutil.which("msgfmt")
    for path in sorted([*(project / "output").rglob("*"), *(project / "locales").rglob("*")]):
        if not path.is_file() or path.name.endswith(".lock"):
            continue
        if path.name.endswith(".tmp"):
            assert path.name.startswith("."), f"{path}: a temp file not hidden beside its target"
            temps += 1
            continue
        text = path.read_text(encoding="utf-8")
        assert text.endswith("\n"), f"{path}: cut short"
        if path.suffix == ".po":
            load_catalog(path)  # our own reading: syntax, duplicates, plural forms, formats
            assert len(polib.pofile(str(path))) > 0, f"{path}: no entries"
            if msgfmt:
                done = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
                assert done.returncode == 0, f"{path}: {done.stderr}"
        elif path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".html":
            assert text.rstrip().endswith("</html>"), f"{path}: cut short"
        elif path.suffix == ".xml":
            ElementTree.fromstring(text)
        checked += 1
    return checked, temps


def _stamps(project: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()}


def _check_approved(approved: list[tuple[str, str, str, str]]) -> None:
    for path, context, msgid, text in approved:
        entry = polib.pofile(path).find(msgid, msgctxt=context or None)
        assert entry is not None and (entry.msgstr, "fuzzy" in entry.flags) == (text, False), (path, msgid)


@pytest.fixture
def project(tmp_path):
    """A project folder, in memory where the system has one: each atomic write fsyncs, which a disk makes slow,
    and a SIGKILL (unlike a power cut) loses nothing the kernel was given."""
    shm = Path("/dev/shm")
    if not os.access(shm, os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="kill-", dir=shm))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_runs_killed_at_random_points_leave_everything_whole(project):
    started = time.monotonic()
    (project / "input").mkdir()
    for slug in SLUGS:
        (project / "input" / f"{slug}.json").write_text(json.dumps(_article(slug)), encoding="utf-8")
    (project / "translator.toml").write_text(JOB, encoding="utf-8")
    first = _start(project)
    assert first.wait(timeout=60) == 0, first.stderr.read()
    catalogs = [catalog_path(project / "locales", lang, slug) for lang in LANGUAGES for slug in SLUGS]
    # A reviewer approved some entries as they were and rewrote others.
    approved = review(catalogs, [(c, e, f"approved {c}-{e}" if e % 2 else None)
                                 for c in range(len(catalogs)) for e in (0, 3)])
    assert len(approved) == 2 * len(catalogs)

    _add_news(project, 0)
    timed = time.monotonic()
    second = _start(project)
    assert second.wait(timeout=60) == 0, second.stderr.read()
    duration = time.monotonic() - timed  # one incremental run: where the kills land

    rng = random.Random(SEED)
    landed = mid_writes = temps_seen = files = 0
    for number in range(1, KILLS + 1):
        _add_news(project, number)
        before = _stamps(project)
        child = _start(project)
        time.sleep(rng.uniform(0.0, duration))
        running = child.poll() is None  # still at work when killed
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        landed += running
        mid_writes += running and _stamps(project) != before  # it had written some files when it died
        checked, temps = _check_whole(project)
        files, temps_seen = files + checked, temps_seen + temps
        _check_approved(approved)

    for tmp in project.rglob("*.tmp"):  # a later run clears temps once they are stale (not one a live run writes)
        os.utime(tmp, (time.time() - 3600, time.time() - 3600))
    final = _start(project)
    assert final.wait(timeout=60) == 0, final.stderr.read()
    report = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    assert sorted((r["article"], r["language"], r["status"]) for r in report["rows"]) == sorted(
        (slug, lang, "ok") for slug in SLUGS for lang in LANGUAGES)
    assert _check_whole(project)[1] == 0 and sorted(project.rglob("*.tmp")) == []
    _check_approved(approved)
    for slug in SLUGS:  # the final editions have every update, and the reviewers' texts in place
        edition = json.loads((project / "output" / "ru" / f"{slug}.json").read_text(encoding="utf-8"))
        sources = [s["source"] for b in edition["blocks"] for s in b["sentences"]]
        numbers = range(SLUGS.index(slug), KILLS + 1, len(SLUGS))
        assert {f"Update {n} came in." for n in numbers} <= set(sources)
    targets = {(s["source"], s["target"]) for lang in LANGUAGES for slug in SLUGS for b in json.loads(
        (project / "output" / lang / f"{slug}.json").read_text(encoding="utf-8"))["blocks"] for s in b["sentences"]}
    rewritten = [(msgid, text) for _, _, msgid, text in approved if text.startswith("approved ")]
    assert rewritten and all(pair in targets for pair in rewritten)
    elapsed = time.monotonic() - started
    print(f"\nkills: {KILLS}, landed while running: {landed}, after some files were written: {mid_writes}, "
          f"temp files seen after kills: {temps_seen}, files checked whole: {files}, "
          f"incremental run: {duration:.2f}s, total: {elapsed:.1f}s, failures: 0")
    assert landed >= KILLS // 2  # the kills hit runs at work, not finished ones
