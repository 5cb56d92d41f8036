"""Advisories given while a run is going: `translator run` works in a child process (the echo engine, registered
through TRANSLATOR_ENGINES) while this process gives kills, holds, corrections and releases at random moments
(`issue`, as `translator advisory` does). After every interleaving: a killed story (not released) has no edition
in any language, its feed entries say withdrawn and report.json does not say it was published; a held story got
no new edition after the hold was recorded; no feed marks a correction its edition does not carry.

ADVISORY_RACES sets the number of interleavings (20 here; a longer run: ADVISORY_RACES=200), ADVISORY_RACE_SEED
the seed."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib
import pytest

from translator.advisories.log import Action, advisory_state, log_path
from translator.advisories.texts import ensure_templates, texts_path
from translator.errors import AdvisoryError
from translator.job import load_job
from translator.run.advise import issue

TESTS = Path(__file__).resolve().parent
RACES = int(os.environ.get("ADVISORY_RACES", "20"))
SEED = int(os.environ.get("ADVISORY_RACE_SEED", "20261206"))
SLUGS = ("alpha", "beta", "gamma")
LANGUAGES = ("ru", "uk")  # no spelling dictionary to load: each run is a fresh process
FORMATS = ("json", "md")
JOB = ('source = "en"\ninputs = ["input/*.json"]\ntargets = ["ru", "uk"]\nformats = ["json", "md"]\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n[engines.echo]\ndelay = 0.01\n')
ACTIONS = (Action.KILL, Action.KILL, Action.HOLD, Action.HOLD, Action.CORRECT, Action.RELEASE)


def _article(slug: str) -> dict:
    return {"title": f"Ministers met in {slug.title()}.", "blocks": [
        {"type": "lead", "text": f"Talks in {slug.title()} ended late. Nobody was hurt."},
        {"type": "paragraph", "text": "Prices rose again. The vote was close."}]}


def _add_news(project: Path, number: int) -> None:
    """A new last paragraph in every article (in place of the last update: every run costs the same): the run
    has engine work for each of them."""
    for slug in SLUGS:
        article = _article(slug)
        article["blocks"].append({"type": "paragraph", "text": f"Update {number} came in. Officials said {number}."})
        (project / "input" / f"{slug}.json").write_text(json.dumps(article), encoding="utf-8")


def _start(project: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)]),
           "TRANSLATOR_ENGINES": "echo=echo_engine:EchoEngine"}
    return subprocess.Popen([sys.executable, "-m", "translator", "run", "translator.toml", "--quiet"], cwd=project,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _finish(child: subprocess.Popen) -> None:
    code = child.wait(timeout=120)
    assert code in (0, 3), child.stderr.read()  # 3: a corrected language waits for its approved text (held)


def _editions(output: Path, slug: str) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for lang in LANGUAGES for fmt in FORMATS
            if (p := output / lang / f"{slug}.{fmt}").exists()}


def _feed_items(output: Path) -> list[dict]:
    items = []
    for folder in (output, *(output / lang for lang in LANGUAGES)):
        if (folder / "feed.json").exists():
            items += json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"]
    return items


def _check(output: Path, killed_at: dict[str, int], holds: dict[str, dict[Path, tuple[int, int]]]) -> dict:
    """The invariants after a run; returns counts of what was checked."""
    states = advisory_state(output)
    report_ns = (output / "report.json").stat().st_mtime_ns
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))
    checked = {"killed": 0, "held": 0, "corrected entries": 0, "reports": 0}
    for slug, state in states.items():
        if state.killed:
            checked["killed"] += 1
            assert _editions(output, slug) == {}, f"{slug} killed at {state.time}, yet published"
            entries = [item for item in _feed_items(output) if item["_translator"]["slug"] == slug]
            assert entries and all(item.get("tags") == ["withdrawn"] for item in entries), entries
            if report_ns > killed_at[slug]:  # the run's report was written after the kill was recorded
                checked["reports"] += 1
                rows = [r for r in report["rows"] if r["article"] == slug]
                assert all(r["status"] == "withdrawn" and not r["files"] for r in rows), rows
        if state.held:
            checked["held"] += 1
            now = _editions(output, slug)
            before = holds[slug]
            assert set(now) <= set(before) and all(now[p] == before[p] for p in now), \
                f"{slug} held at {state.time}: an edition was written after the hold"
    for item in _feed_items(output):
        if item.get("tags") != ["corrected"]:
            continue
        checked["corrected entries"] += 1
        slug, language = item["_translator"]["slug"], item["language"]
        edition = json.loads((output / language / f"{slug}.json").read_text(encoding="utf-8"))
        notes = [b for b in edition["blocks"] if b["kind"] == "correction"]
        assert len(notes) == len(states[slug].corrections), f"{slug} ({language}): the feed says corrected"
    return checked


def _approve_correction_text(locales: Path, language: str) -> None:
    ensure_templates(locales, language)
    po = polib.pofile(str(texts_path(locales, language)))
    for entry in po:
        entry.msgstr = "Corrección: {note}" if entry.msgctxt == "advisory/correction" else "Retirada."
    po.save()


@pytest.fixture
def project(tmp_path):
    """In memory where the system has one: every advisory and catalog write fsyncs."""
    shm = Path("/dev/shm")
    if not os.access(shm, os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="advisory-race-", dir=shm))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_kills_and_holds_given_during_runs_are_never_undone(project):
    started = time.monotonic()
    (project / "input").mkdir()
    for slug in SLUGS:
        (project / "input" / f"{slug}.json").write_text(json.dumps(_article(slug)), encoding="utf-8")
    (project / "translator.toml").write_text(JOB, encoding="utf-8")
    job = load_job(project / "translator.toml")
    _approve_correction_text(job.locales, "ru")  # uk waits for its text: a correction holds uk there
    _finish(_start(project))
    _add_news(project, 0)
    timed = time.monotonic()
    _finish(_start(project))
    duration = time.monotonic() - timed  # one run with engine work: where the advisories land

    rng = random.Random(SEED)
    killed_at: dict[str, int] = {}   # slug -> mtime of the log once its kill was recorded
    holds: dict[str, dict[Path, tuple[int, int]]] = {}  # slug -> its editions once the hold was recorded
    given = during = 0
    totals: dict[str, int] = {}
    for number in range(1, RACES + 1):
        for slug, state in advisory_state(job.output).items():  # every story starts publishable
            if state.killed or state.held:
                issue(job, Action.RELEASE, slug)
        _add_news(project, number)
        child = _start(project)
        moments = sorted(rng.uniform(0.0, duration) for _ in range(rng.randint(1, 3)))
        began = time.monotonic()
        for moment in moments:
            time.sleep(max(0.0, began + moment - time.monotonic()))
            action, slug = rng.choice(ACTIONS), rng.choice(SLUGS)
            note = {Action.KILL: "Legal: do not use.", Action.CORRECT: f"Correction {number}."}.get(action, "")
            running = child.poll() is None
            try:
                issue(job, action, slug, note)
            except AdvisoryError:
                continue  # e.g. a release of a story neither held nor killed, a correction of a killed one
            given += 1
            during += running
            if action is Action.KILL:
                killed_at[slug] = log_path(job.output).stat().st_mtime_ns
            elif action is Action.HOLD:
                holds[slug] = _editions(job.output, slug)
        _finish(child)
        for key, value in _check(job.output, killed_at, holds).items():
            totals[key] = totals.get(key, 0) + value
    print(f"\ninterleavings: {RACES}, advisories given: {given}, while a run was going: {during}, checked: "
          f"{totals}, run: {duration:.2f}s, total: {time.monotonic() - started:.1f}s, "
          "kills or holds undone: 0, feeds marking a correction not published: 0")
    assert during >= given // 2  # the advisories hit runs at work, not finished ones
