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
