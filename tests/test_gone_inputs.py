"""An input renamed or removed since its last run: its editions are withdrawn, its feed entries say so; a run on a
subset of the inputs leaves the others alone."""

from __future__ import annotations

import json

import pytest
from conftest import write_job
from echo_engine import EchoEngine

from translator.job import load_job
from translator.run.pipeline import run
from translator.run.report import Status

LANGUAGES = ("es", "pt")
JOB = ('source = "en"\ninputs = ["input/*.json"]\ntargets = ["es", "pt"]\nformats = ["json", "md"]\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')


def _write(project, name: str, title: str, **extra) -> None:
    data = {"title": title, "blocks": [{"type": "paragraph", "text": f"{title} The vote was close."}], **extra}
    (project / "input" / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")


def _editions(project, slug: str) -> list[str]:
    return sorted(str(p.relative_to(project / "output")) for p in (project / "output").glob(f"*/{slug}.*")
                  if p.suffix in (".json", ".md"))


def _feed(project) -> dict[tuple[str, str], list[str]]:
    items = json.loads((project / "output" / "feed.json").read_text(encoding="utf-8"))["items"]
    return {(i["_translator"]["slug"], i["language"]): i.get("tags", []) for i in items}


@pytest.fixture
def published(tmp_path):
    (tmp_path / "input").mkdir()
    _write(tmp_path, "talks", "Ministers met in Brussels.")
    _write(tmp_path, "prices", "Prices rose again.")
    job = load_job(write_job(tmp_path, JOB))
    run(job, engines={"echo": EchoEngine()})
    assert len(_editions(tmp_path, "talks")) == 4
    return tmp_path, job


def test_a_renamed_input_withdraws_its_old_editions_and_marks_their_entries(published):
    project, job = published
    old = "2026-01-02T03:04:05+00:00"
    snapshot = project / "output" / "es" / ".talks.published.json"
    snapshot.write_text(json.dumps({**json.loads(snapshot.read_text(encoding="utf-8")), "time": old}),
                        encoding="utf-8")
    (project / "input" / "talks.json").rename(project / "input" / "brussels-talks.json")
    report = run(job, engines={"echo": EchoEngine()})
    gone = [row for row in report.rows if row.article == "talks"]
    assert sorted((row.language, row.status) for row in gone) == [(lang, Status.WITHDRAWN) for lang in LANGUAGES]
    assert all("talks.json" in row.error and "renamed or removed" in row.error for row in gone)
    assert report.exit_status == 0
    assert _editions(project, "talks") == [] and len(_editions(project, "brussels-talks")) == 4
    feed = _feed(project)
    assert {feed["talks", lang][0] for lang in LANGUAGES} == {"withdrawn"}  # the story is not out twice
    assert all(feed["brussels-talks", lang] == [] for lang in LANGUAGES)
    items = json.loads((project / "output" / "es" / "feed.json").read_text(encoding="utf-8"))["items"]
    withdrawn = next(i for i in items if i["_translator"]["slug"] == "talks")
    assert withdrawn["date_modified"] > old and "url" not in withdrawn  # dated by its withdrawal, for a CMS
    json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))  # written whole
    again = run(job, engines={"echo": EchoEngine()})  # said once: the record of the gone file is dropped
    assert not [row for row in again.rows if row.article == "talks"]
    assert {_feed(project)["talks", lang][0] for lang in LANGUAGES} == {"withdrawn"}


def test_a_removed_input_withdraws_its_editions(published):
    project, job = published
    (project / "input" / "prices.json").unlink()
    report = run(job, engines={"echo": EchoEngine()})
    assert {row.status for row in report.rows if row.article == "prices"} == {Status.WITHDRAWN}
    assert _editions(project, "prices") == [] and len(_editions(project, "talks")) == 4


def test_a_rename_that_keeps_the_slug_stays_published(published):
    project, job = published
    (project / "input" / "talks.json").unlink()
    _write(project, "renamed", "Ministers met in Brussels.", slug="talks")
    report = run(job, engines={"echo": EchoEngine()})
    assert {row.status for row in report.rows if row.article == "talks"} == {Status.OK}
    assert len(_editions(project, "talks")) == 4 and "withdrawn" not in _feed(project)["talks", "es"]


def test_a_run_on_a_subset_of_the_inputs_withdraws_nothing_else(published):
    project, job = published
    subset = load_job(write_job(project, JOB.replace('"input/*.json"', '"input/talks.json"')))
    report = run(subset, engines={"echo": EchoEngine()})
    assert {row.article for row in report.rows} == {"talks"}
    assert len(_editions(project, "prices")) == 4
    assert all(tags == [] for tags in _feed(project).values())
    everything = run(job, engines={"echo": EchoEngine()})  # the other file's record was kept: it is skipped
    assert {(row.article, row.skipped) for row in everything.rows if row.article == "prices"} == {("prices", True)}
    assert {row.status for row in everything.rows} == {Status.OK}
