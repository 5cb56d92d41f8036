"""Re-runs: an article nothing about has changed costs a hash; every change that matters is still heard."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import approve, write_job
from echo_engine import EchoEngine

import translator.readers as readers
from translator.advisories.log import Action
from translator.fsutil import write_if_changed
from translator.job import load_job
from translator.run.advise import issue
from translator.run.pipeline import run
from translator.run.report import Status

JOB = ('targets = ["ru", "es"]\nformats = ["md", "json"]\nglossaries = ["glossaries/*.tsv"]\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')
STORY = ("Ministers Meet In Brussels\n\nBRUSSELS -- NATO ministers met on Monday in Brussels. They talked for hours "
         "about the alliance and its plans.\n\nThe alliance discussed missile defense at length with the Russian "
         "side. No deal was reached on the key issue.\n")
OTHER = ("Flooding Closes Roads\n\nHeavy rain closed several roads in the north of the country on Sunday. Officials "
         "said the water would recede by Tuesday.\n\nResidents were told to stay at home while crews cleared the "
         "roads and checked the bridges.\n")


def two_articles(path: Path, job: str) -> Path:
    """story and other, a one-term glossary and `job` in `path`: a project not run yet."""
    (path / "input").mkdir()
    (path / "input" / "story.txt").write_text(STORY, encoding="utf-8")
    (path / "input" / "other.txt").write_text(OTHER, encoding="utf-8")
    (path / "glossaries").mkdir()
    (path / "glossaries" / "g.tsv").write_text("en\tru\tes\nNATO\tНАТО\tOTAN\n", encoding="utf-8")
    write_job(path, job)
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    two_articles(tmp_path, JOB)
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    return tmp_path


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The articles a run reads (parses) and the ones whose language it detects."""
    seen: list[str] = []
    real_read, real_detect = readers.read_article, readers.detect_blocks

    def read(path, **kwargs):
        seen.append(f"read {Path(path).name}")
        return real_read(path, **kwargs)

    def detect(blocks, where):
        seen.append(f"detect {Path(where).name}")
        return real_detect(blocks, where)

    monkeypatch.setattr("translator.run.plan.read_article", read)
    monkeypatch.setattr(readers, "detect_blocks", detect)
    return seen


def stamps(project: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under output/ and locales/ but the report and the run state: its time and bytes."""
    files = [p for p in [*(project / "output").rglob("*"), *(project / "locales").rglob("*")]
             if p.is_file() and p.name != "report.json" and not p.name.endswith(".lock")]
    return {str(p.relative_to(project)): (p.stat().st_mtime_ns, p.read_bytes()) for p in files}


def rerun(project: Path, engine: EchoEngine | None = None):
    return run(load_job(project / "translator.toml"), engines={"echo": engine or EchoEngine()})


def test_no_change_reads_nothing_and_writes_nothing(project, reads):
    before = stamps(project)
    first = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    engine = EchoEngine()
    report = rerun(project, engine)
    assert engine.calls == [] and reads == []
    assert stamps(project) == before   # editions, snapshots, feeds, catalogs, matrix: same bytes, same times
    assert [(r.article, r.language, r.status, r.units, r.files) for r in report.rows] == \
        [(r["article"], r["language"], r["status"], r["units"], r["files"]) for r in first["rows"]]
    assert all(r.translated == 0 and r.reused_machine == r.units for r in report.rows)


def test_no_change_keeps_the_glossary_matrix(project):
    matrix = project / "output" / "glossary-matrix.json"
    before = json.loads(matrix.read_text(encoding="utf-8"))
    assert before["terms"]["NATO"]["ru"]["found"]  # the first run saw the term
    rerun(project)
    assert json.loads(matrix.read_text(encoding="utf-8")) == before


def test_an_edit_reads_and_translates_only_what_changed(project, reads):
    path = project / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("No deal was reached", "No deal was struck"),
                    encoding="utf-8")
    other = {k: v for k, v in stamps(project).items() if "other" in k}
    engine = EchoEngine()
    rerun(project, engine)
    assert sorted((s, t, tuple(texts)) for s, t, texts in engine.calls) == [
        ("en", "es", ("No deal was struck on the key issue.",)),
        ("en", "ru", ("No deal was struck on the key issue.",))]
    assert reads == ["read story.txt", "detect story.txt"]  # the other article is not even read
    assert {k: v for k, v in stamps(project).items() if "other" in k} == other


def test_a_reviewers_approval_is_published_on_the_next_run(project):
    approve(project, "ru", "story", "No deal was reached on the key issue.", "story/paragraph", "Сделки нет.")
    report = rerun(project)
    assert "Сделки нет." in (project / "output" / "ru" / "story.md").read_text(encoding="utf-8")
    row = next(r for r in report.rows if (r.article, r.language) == ("story", "ru"))
    assert row.reused_approved == 1


def test_a_catalog_change_reuses_the_detected_language(project, reads):
    approve(project, "ru", "story", "No deal was reached on the key issue.", "story/paragraph", "Сделки нет.")
    rerun(project)
    assert reads == ["read story.txt"]  # same bytes: the language detected last time is reused


def test_an_advisory_hold_is_heard(project):
    job = load_job(project / "translator.toml")
    issue(job, Action.HOLD, "story", "Awaiting confirmation.")
    report = rerun(project)
    held = {r.language: r for r in report.rows if r.article == "story"}
    assert {r.status for r in held.values()} == {Status.HELD}
    assert held["ru"].error.startswith("held by advisory")


def test_a_changed_publish_policy_is_heard(project):
    write_job(project, JOB.replace('policy = "machine"', 'policy = "approved-only"'))
    report = rerun(project)
    assert {r.status for r in report.rows} == {Status.HELD}
    assert not (project / "output" / "ru" / "story.md").exists()


def test_a_deleted_edition_is_published_again(project, reads):
    (project / "output" / "es" / "other.md").unlink()
    rerun(project)
    assert (project / "output" / "es" / "other.md").exists() and reads == ["read other.txt"]


def test_a_broken_run_state_means_a_full_run(project, reads):
    (project / ".output.runstate.json").write_text("{not json", encoding="utf-8")
    rerun(project)
    assert sorted(reads) == ["detect other.txt", "detect story.txt", "read other.txt", "read story.txt"]
    assert json.loads((project / ".output.runstate.json").read_text(encoding="utf-8"))["format"] == 1


def test_write_if_changed_keeps_the_file_and_its_time(tmp_path):
    path = tmp_path / "a.txt"
    assert write_if_changed(path, "same\n") is True
    stamp = path.stat().st_mtime_ns
    assert write_if_changed(path, "same\n") is False and path.stat().st_mtime_ns == stamp
    assert write_if_changed(path, "other\n") is True and path.read_text(encoding="utf-8") == "other\n"


def test_held_editions_keep_their_review_pages_on_a_no_change_run(project):
    write_job(project, JOB.replace('policy = "machine"', 'policy = "approved-only"'))
    first = rerun(project)
    index = project / "output" / "review" / "index.html"
    assert {r.status for r in first.rows} == {Status.HELD} and index.exists()
    stamp = index.stat().st_mtime_ns
    again = rerun(project)
    assert {r.status for r in again.rows} == {Status.HELD} and index.stat().st_mtime_ns == stamp


class ApprovesOtherDuringRun(EchoEngine):
    """While the run translates story's edit, a reviewer approves a sentence of `other`, an article the run skips."""

    def __init__(self, project: Path) -> None:
        super().__init__()
        self.project = project

    def translate(self, sentences, source, target):
        if target == "ru" and not self.calls:
            approve(self.project, "ru", "other", "Officials said the water would recede by Tuesday.",
                    "other/lead", "Вода спадёт ко вторнику.")
        return super().translate(sentences, source, target)


def test_a_save_during_a_run_into_a_skipped_article_is_published_by_the_next_run(project):
    with (project / "input" / "story.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph came in late.\n")
    report = rerun(project, ApprovesOtherDuringRun(project))
    other = next(r for r in report.rows if (r.article, r.language) == ("other", "ru"))
    assert other.skipped  # decided before the reviewer saved: this run leaves its edition as it was
    report = rerun(project)
    other = next(r for r in report.rows if (r.article, r.language) == ("other", "ru"))
    assert not other.skipped and other.reused_approved == 1
    assert "Вода спадёт ко вторнику." in (project / "output" / "ru" / "other.md").read_text(encoding="utf-8")


def test_a_save_just_after_the_run_wrote_the_catalog_is_published_by_the_next_run(project, monkeypatch):
    """The reviewer saves between the run's write of story's catalog and the end of the run: the run state must
    record the catalog the run wrote, so that the next run sees the save and does not skip the article."""
    from translator.memory.catalog import Memory

    real_store = Memory.store

    def store_then_reviewer_saves(self, slug, *args, **kwargs):
        out = real_store(self, slug, *args, **kwargs)
        if (self.language, slug) == ("ru", "story"):
            approve(project, "ru", "story", "They talked for hours about the alliance and its plans.", "story/lead",
                    "Они говорили часами.")
        return out

    with (project / "input" / "story.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph came in late.\n")
    monkeypatch.setattr(Memory, "store", store_then_reviewer_saves)
    rerun(project)
    monkeypatch.setattr(Memory, "store", real_store)
    report = rerun(project)
    story = next(r for r in report.rows if (r.article, r.language) == ("story", "ru"))
    assert not story.skipped
    assert "Они говорили часами." in (project / "output" / "ru" / "story.md").read_text(encoding="utf-8")
