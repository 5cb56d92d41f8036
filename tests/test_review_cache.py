"""Judged units kept beside the review pages (review/judged.py) and the pages a re-run rewrites: time saved, never a
different page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import approve
from echo_engine import EchoEngine
from test_rerun import two_articles

import translator.review.queue as queue
from translator.job import load_job
from translator.review.queue import write_review
from translator.run.pipeline import run
from translator.run.report import Status

JOB = ('targets = ["ru", "es"]\nformats = ["md"]\nglossaries = ["glossaries/*.tsv"]\n'
       '[publish]\npolicy = "approved-only"\n[engines]\norder = ["echo"]\n')


def run_job(project: Path):
    return run(load_job(project / "translator.toml"), engines={"echo": EchoEngine()})


@pytest.fixture
def project(tmp_path) -> Path:
    two_articles(tmp_path, JOB)
    report = run_job(tmp_path)
    assert {row.status for row in report.rows} == {Status.HELD}  # every edition waits for its approval
    return tmp_path


def pages(project: Path) -> dict[str, str]:
    review = project / "output" / "review"
    return {str(p.relative_to(review)): p.read_text(encoding="utf-8") for p in sorted(review.rglob("*.html"))}


@pytest.fixture
def judged(monkeypatch) -> list[tuple[str, str]]:
    """The (article, language) of each catalog the review side judges unit by unit."""
    seen: list[tuple[str, str]] = []
    real = queue.judged_entries

    def judged_entries(job, language, slug, path, catalog, matcher=None):
        seen.append((slug, language))
        return real(job, language, slug, path, catalog, matcher)

    monkeypatch.setattr(queue, "judged_entries", judged_entries)
    return seen


def test_unchanged_catalogs_are_not_judged_again_and_the_pages_are_the_same(project, judged):
    before = pages(project)
    write_review(load_job(project / "translator.toml"))
    assert judged == []
    assert pages(project) == before


def test_a_reviewers_save_is_judged_again_and_shown(project, judged):
    approve(project, "es", "story")
    write_review(load_job(project / "translator.toml"))
    assert judged == [("story", "es")]
    page = pages(project)["es/story.html"]
    assert "approved" in page
    judged.clear()
    cache = project / "output" / "review" / ".judged-es.json"
    cache.write_text("{not json", encoding="utf-8")  # a damaged cache: everything is judged, the pages the same
    before = pages(project)
    write_review(load_job(project / "translator.toml"))
    assert sorted(judged) == [("other", "es"), ("story", "es")]  # ru has its own cache, untouched
    assert pages(project) == before


def test_another_glossary_judges_again(project, judged):
    (project / "glossaries" / "g.tsv").write_text("en\tru\tes\nNATO\tНАТО\tOTAN\nBrussels\tБрюссель\tBruselas\n",
                                                  encoding="utf-8")
    write_review(load_job(project / "translator.toml"))
    assert sorted(judged) == sorted([("other", "es"), ("story", "es"), ("other", "ru"), ("story", "ru")])


def test_a_rerun_rewrites_the_pages_of_what_it_processed_and_counts_the_rest(project, judged):
    review = project / "output" / "review"
    other_page = review / "es" / "other.html"
    stamp = other_page.stat().st_mtime_ns
    index_before = (review / "index.html").read_text(encoding="utf-8")
    path = project / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
    report = run_job(project)
    assert {(r.article, r.skipped) for r in report.rows} == {("story", False), ("other", True)}
    assert sorted(judged) == [("story", "es"), ("story", "ru")]  # its catalogs changed; other's are cached
    assert other_page.stat().st_mtime_ns == stamp           # not processed: its page stands
    assert "Tuesday" in (review / "es" / "story.html").read_text(encoding="utf-8")
    index = (review / "index.html").read_text(encoding="utf-8")
    assert "other" in index and "story" in index and index.count("<tr") == index_before.count("<tr")
    # the same pages as writing every page from the catalogs
    kept = pages(project)
    other_page.unlink()
    write_review(load_job(project / "translator.toml"), only={("story", "es"), ("story", "ru"), ("other", "es"),
                                                               ("other", "ru")})
    assert pages(project) == kept


@pytest.fixture
def translated(tmp_path, monkeypatch) -> Path:
    """The two articles translated by the echo engine under the default policy: every unit judged (by this
    process alone: what other tests judged is not kept with them)."""
    monkeypatch.setattr("translator.review.assess._MEMO", {})
    two_articles(tmp_path, JOB.replace('policy = "approved-only"', 'policy = "qa"'))
    run_job(tmp_path)
    return tmp_path


def as_a_new_process(monkeypatch) -> list[str]:
    """Forget what this process judged and asked the dictionaries; return the sources judged from now on."""
    from translator.checks import spelling
    from translator.review import assess, judged

    monkeypatch.setattr(assess, "_MEMO", {})
    monkeypatch.setattr(judged, "_SYNCED", {})
    spelling.forget_answers()
    judged: list[str] = []
    real = assess._assess

    def counted(source, target, **kwargs):
        judged.append(source)
        return real(source, target, **kwargs)

    monkeypatch.setattr(assess, "_assess", counted)
    return judged


def test_a_rerun_judges_only_the_units_that_changed(translated, monkeypatch):
    project = translated
    judged = as_a_new_process(monkeypatch)
    path = project / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
    report = run_job(project)
    assert {(r.article, r.skipped) for r in report.rows} == {("story", False), ("other", True)}
    assert judged and all("Tuesday" in source for source in judged)  # the edited sentence, in each language
    kept = [(r.article, r.language, r.status, r.error) for r in report.rows]
    # the same outcome as judging every unit afresh: no kept assessment, no run state
    for cache in (project / "output" / "review").glob(".assessed-*.json"):
        cache.unlink()
    (project / ".output.runstate.json").unlink()
    judged.clear()
    monkeypatch.setattr("translator.review.assess._MEMO", {})
    fresh = run_job(project)
    assert len(judged) > 2 * len({(r.article, r.language) for r in fresh.rows})
    assert sorted((r.article, r.language, r.status, r.error) for r in fresh.rows) == sorted(kept)


def test_kept_assessments_are_not_used_in_another_environment(translated, monkeypatch):
    project = translated
    from translator.review import judged as kept

    judged = as_a_new_process(monkeypatch)
    monkeypatch.setenv("TRANSLATOR_SOMETHING", "else")   # another setting of the tool: another stamp
    kept.environment_stamp.cache_clear()
    try:
        path = project / "input" / "story.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
        run_job(project)
    finally:
        kept.environment_stamp.cache_clear()
    assert any("Tuesday" not in source for source in judged)  # unchanged units judged again too


def test_a_damaged_assessment_file_is_judged_afresh(translated, monkeypatch):
    project = translated
    judged = as_a_new_process(monkeypatch)
    for cache in (project / "output" / "review").glob(".assessed-*.json"):
        cache.write_text('{"stamp": 1, "units": [[1, 2]], "words": []}', encoding="utf-8")
    path = project / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
    run_job(project)
    assert any("Tuesday" not in source for source in judged)


def test_the_dictionaries_answers_are_kept_between_runs(tmp_path, monkeypatch):
    from translator.checks import spelling
    from translator.review.judged import load_assessments, save_assessments

    if not spelling.has_dictionary("es"):
        pytest.skip("no Spanish Hunspell dictionary here (apt-get install hunspell-es)")
    spelling.forget_answers()
    assert spelling.known("ministros", "es") and not spelling.known("ministrosxq", "es")
    save_assessments(tmp_path, ["es"])
    spelling.forget_answers()  # as a new process: nothing asked, no file read yet
    monkeypatch.setattr("translator.review.judged._SYNCED", {})

    def no_dictionary(name):
        raise AssertionError(f"{name} read again")

    monkeypatch.setattr(spelling, "_dictionary", no_dictionary)
    load_assessments(tmp_path, ["es"])
    assert spelling.known("ministros", "es") and not spelling.known("ministrosxq", "es")
    spelling.forget_answers()


def test_a_pipe_where_a_cache_file_belongs_is_not_waited_on(translated, monkeypatch):
    import os
    import threading

    review = translated / "output" / "review"
    for cache in [*review.glob(".assessed-*.json"), *review.glob(".judged-*.json")]:
        cache.unlink()
        os.mkfifo(cache)
    judged = as_a_new_process(monkeypatch)
    path = translated / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
    done = threading.Event()
    worker = threading.Thread(target=lambda: (run_job(translated), done.set()), daemon=True)
    worker.start()
    assert done.wait(60), "the run waited on a pipe"
    assert any("Tuesday" not in source for source in judged)  # nothing read from the pipe: judged afresh


def test_a_run_writes_each_kept_file_once(project, monkeypatch):
    """The run keeps its assessments, and writes the review pages, which keep theirs: each file once."""
    from translator.review import judged

    written: list[str] = []
    real = judged._write_cache
    monkeypatch.setattr(judged, "_write_cache", lambda path, data: (written.append(path.name), real(path, data)))
    path = project / "input" / "story.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("on Monday", "on Tuesday"), encoding="utf-8")
    run_job(project)
    assert written and len(written) == len(set(written))
