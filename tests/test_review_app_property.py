"""No save is lost: a property over sequences of API saves, runs of the job (with saves landing while the run waits
on its engine, between its read of the catalog and its merge) and hand edits of the PO, as in Poedit.

After every sequence each unit holds the last text written to it: by a save the API accepted (200) or by a hand
edit; a save against a revision that changed since is refused (409) and changes nothing.
"""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from review_app_server import SLUG, catalog, make_project, run_job, start_server, stop_server, write_job

UNITS = 4  # the first units of the article in article order: enough to collide, few enough to collide often
counter = itertools.count()

save = st.tuples(st.just("save"), st.integers(0, UNITS - 1), st.sampled_from([True, False, None]))
stale = st.tuples(st.just("stale"), st.integers(0, UNITS - 1), st.just(None))
hand = st.tuples(st.just("hand"), st.integers(0, UNITS - 1), st.just(None))
during_run = st.tuples(st.just("run"), st.lists(st.integers(0, UNITS - 1), min_size=1, max_size=3), st.just(None))
operations = st.lists(st.one_of(save, stale, hand, during_run), min_size=2, max_size=5)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("review-app-property") / "project")
    write_job(project, delay=0.4, signal=str(project / "engine-started"))
    server = start_server(project)
    server.project = project
    server.stats = {"accepted": 0, "refused": 0, "runs": 0, "hand": 0}
    yield server
    stop_server(server)
    # Every kind of step was taken at least once over the examples.
    assert all(server.stats.values()), server.stats


def read_entries(project: Path) -> dict[tuple[str, str], polib.POEntry]:
    return {(e.msgctxt or "", e.msgid): e for e in polib.pofile(str(catalog(project))) if not e.obsolete}


def key_of(unit: dict) -> tuple[str, str]:
    return (f"{SLUG}/{unit['kind']}", unit["source"])


def grow_story(project: Path, number: int) -> None:
    """A new paragraph: the next run has engine work to do (and waits on it) before it merges."""
    source = project / "input" / "nato-russia-talks.txt"
    known = "held bilateral talks on the sidelines of the meeting."
    source.write_text(source.read_text(encoding="utf-8").replace(known, f"{known}\n\nUpdate number {number} came "
                                                                         "in late.\n", 1), encoding="utf-8")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
@example(steps=[("save", 0, True), ("run", [0, 1], None), ("stale", 0, None), ("hand", 1, None), ("save", 1, None)])
def test_no_save_is_lost(served, steps):
    project = served.project
    units = served.units()[:UNITS]
    opened = {u["id"]: u["revision"] for u in units}  # what a reviewer's page was opened on
    expected: dict[tuple[str, str], tuple[str, bool | None]] = {}   # unit -> (text, approved?) last written

    def api_save(unit: dict, approve: bool | None, revision: str | None = None) -> int:
        text = f"правка {next(counter)}"
        current = next(u for u in served.units() if u["id"] == unit["id"])
        reply = served.save(unit["id"], target=text, approve=approve, revision=revision or current["revision"])
        if reply.status == 200:
            served.stats["accepted"] += 1
            # Approve: approved; back to machine, or a new text without approving: not approved.
            expected[key_of(unit)] = (text, bool(approve))
        return reply.status

    for kind, what, approve in steps:
        if kind == "save":
            assert api_save(units[what], approve) == 200
        elif kind == "stale":
            unit = units[what]
            current = next(u for u in served.units() if u["id"] == unit["id"])
            changed = current["revision"] != opened[unit["id"]]
            status = api_save(unit, None, revision=opened[unit["id"]])
            assert status == (409 if changed else 200)
            served.stats["refused"] += status == 409
        elif kind == "hand":
            po = polib.pofile(str(catalog(project)))
            entry = po.find(units[what]["source"], msgctxt=key_of(units[what])[0])
            entry.msgstr = f"в Poedit {next(counter)}"
            po.save()
            expected[key_of(units[what])] = (entry.msgstr, None)
            served.stats["hand"] += 1
        else:
            number = next(counter)
            grow_story(project, number)
            signal = Path(f"{project / 'engine-started'}-ru")
            signal.unlink(missing_ok=True)
            result: dict = {}
            job = threading.Thread(target=lambda into=result: into.setdefault("run", run_job(project, timeout=300)))
            job.start()
            deadline = time.monotonic() + 120
            while not signal.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
            for index in what:
                assert api_save(units[index], True) == 200
            job.join(timeout=300)
            assert result["run"].returncode in (0, 3), result["run"].stderr
            served.stats["runs"] += 1
    entries = read_entries(project)
    for key, (text, approved) in expected.items():
        assert entries[key].msgstr == text, f"lost: {key[1][:40]!r} holds {entries[key].msgstr!r}, not {text!r}"
        if approved is not None:
            assert ("fuzzy" not in entries[key].flags) == approved
