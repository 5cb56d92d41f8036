from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import write_job
from echo_engine import BrokenEngine, EchoEngine

from translator.errors import OutputError
from translator.job import load_job
from translator.run.pipeline import run

JOB = """targets = ["ru", "fa"]
formats = ["md", "html", "txt", "json"]
[publish]
policy = "machine"
[engines]
order = ["echo"]
"""


def test_sample_job_publishes_every_format(project, echo):
    report = run(load_job(write_job(project, JOB)), engines={"echo": echo})
    for lang in ("ru", "fa"):
        for fmt in ("md", "html", "txt", "json"):
            assert (project / "output" / lang / f"nato-russia-talks.{fmt}").is_file()
    assert [(r.language, r.status, r.units, r.translated) for r in report.rows] == [
        ("ru", "ok", 16, 16), ("fa", "ok", 16, 16)]  # the credit line is set from the credit templates
    assert not report.partial


def test_json_edition_shape(project, echo):
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    data = json.loads((project / "output" / "ru" / "nato-russia-talks.json").read_text(encoding="utf-8"))
    assert set(data) == {"slug", "source_language", "language", "blocks", "provenance"}
    assert data["slug"] == "nato-russia-talks" and data["source_language"] == "en" and data["language"] == "ru"
    assert [b["kind"] for b in data["blocks"]][:3] == ["headline", "caption", "lead"]
    assert data["blocks"][-1]["kind"] == "credit"  # boilerplate left out
    first = data["blocks"][0]
    assert set(first) == {"kind", "source", "target", "sentences"}
    # The engine got the Title Case headline in sentence case; the edition keeps the source as written.
    assert first["sentences"] == [{"source": "NATO-Russia Talks Make Little Progress On Missile Defense",
                                   "target": "ru: NATO-Russia talks make little progress on missile defense"}]
    assert data["provenance"]["route"] == "echo:en-ru"
    assert data["provenance"]["models"] == ["echo en-ru"]
    assert {"version", "time", "tool"} <= set(data["provenance"])


def test_html_edition_direction_and_escaping(project, echo):
    (project / "input" / "nato-russia-talks.txt").write_text(
        "Talks <b>End</b> & Begin\n\nBRUSSELS -- Ministers said <script>alert(1)</script> that talks ended "
        "after a long week of work.\n", encoding="utf-8")
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    fa = (project / "output" / "fa" / "nato-russia-talks.html").read_text(encoding="utf-8")
    ru = (project / "output" / "ru" / "nato-russia-talks.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in fa and '<html lang="ru" dir="ltr">' in ru
    assert "<script>" not in fa and "&lt;script&gt;alert(1)&lt;/script&gt;" in fa
    assert "<title>fa: Talks &lt;b&gt;end&lt;/b&gt; &amp; begin</title>" in fa
    assert fa.startswith("<!DOCTYPE html>") and fa.rstrip().endswith("</html>")


def test_markdown_edition_restores_structure(project, echo):
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    md = (project / "output" / "ru" / "nato-russia-talks.md").read_text(encoding="utf-8")
    front, body = md.removeprefix("---\n").split("\n---\n\n", 1)
    paragraphs = body.strip().split("\n\n")
    assert paragraphs[0] == "# ru: NATO-Russia talks make little progress on missile defense"
    assert paragraphs[1].startswith("*ru: NATO Secretary-General") and paragraphs[1].endswith("*")
    assert "## ru: Talking to Taliban" in paragraphs
    assert paragraphs[-1] == "По материалам Reuters, ITAR-TASS, dpa, Interfax и AFP"  # the ru credit template
    assert "Accessibility" not in md and "27 languages" not in md
    assert front.splitlines()[:3] == ['title: "ru: NATO-Russia talks make little progress on missile defense"',
                                      'language: "ru"', 'translated_from: "en"']
    assert 'source: "input/nato-russia-talks.txt"' in front and "echo:en-ru (echo en-ru)" in front


def test_text_edition_ends_with_its_provenance(project, echo):
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    txt = (project / "output" / "ru" / "nato-russia-talks.txt").read_text(encoding="utf-8")
    last = txt.rstrip().split("\n\n")[-1]
    assert last.startswith("[translator ") and ": echo:en-ru (echo en-ru), glossary none, " in last


def test_boilerplate_with_approved_text_is_kept(project, echo):
    job = load_job(write_job(project, JOB + '[boilerplate.text.ru]\n"^RFE/RL journalists report" = "Журналисты"\n'))
    run(job, engines={"echo": echo})
    txt = (project / "output" / "ru" / "nato-russia-talks.txt").read_text(encoding="utf-8")
    assert txt.rstrip().split("\n\n")[-2] == "Журналисты"  # the last block, before the provenance line
    assert not any("RFE/RL journalists" in s for s in echo.sent)  # boilerplate never went to the engine


def test_one_batch_per_pair_deduplicated_across_articles(project, echo):
    shutil.copy(project / "input" / "nato-russia-talks.txt", project / "input" / "copy.txt")
    report = run(load_job(write_job(project, JOB)), engines={"echo": echo})
    assert [(s, t) for s, t, _ in echo.calls] == [("en", "ru"), ("en", "fa")]
    batch = echo.calls[0][2]
    assert len(batch) == len(set(batch)) == 16
    assert [len(s) for s in batch] == sorted(len(s) for s in batch)  # sorted by length
    assert report.engine_calls == {"echo:en-ru": 16, "echo:en-fa": 16}
    assert len(report.rows) == 4


def test_one_bad_article_does_not_stop_the_batch(project, echo):
    (project / "input" / "broken.txt").write_bytes(b"\x00\x01binary")
    (project / "input" / "empty.txt").write_text("", encoding="utf-8")
    report = run(load_job(write_job(project, JOB)), engines={"echo": echo})
    assert report.partial
    assert sorted(Path(f["article"]).name for f in report.failures) == ["broken.txt", "empty.txt"]
    assert all(r.status == "ok" for r in report.rows)
    data = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    assert len(data["failures"]) == 2


def test_report_json_rows(project, echo):
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    data = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    row = data["rows"][0]
    assert {"article", "language", "route", "units", "reused", "translated", "words", "seconds", "status"} <= set(row)
    assert row["words"] == 361 and row["route"] == "echo:en-ru"


def test_broken_engine_fails_the_language_not_the_run(project):
    engines = {"echo": EchoEngine(), "broken": BrokenEngine()}
    job = load_job(write_job(project, JOB + '[routes]\nfa = "broken"\n'))
    report = run(job, engines=engines)
    status = {r.language: r.status for r in report.rows}
    assert status == {"ru": "ok", "fa": "failed"}
    assert "empty or misaligned" in report.rows[1].error
    assert not (project / "output" / "fa").exists()
    assert report.partial


def test_unwritable_output_folder(project, echo):
    if os.geteuid() == 0:
        blocker = project / "output"
        blocker.write_text("a file where the folder should be", encoding="utf-8")
    else:  # pragma: no cover - permissions do not bind root
        (project / "output").mkdir()
        (project / "output").chmod(0o500)
    with pytest.raises(OutputError, match="output"):
        run(load_job(write_job(project, JOB)), engines={"echo": echo})


def test_atomic_write_keeps_old_file_on_crash(project, echo, monkeypatch):
    job = load_job(write_job(project, JOB))
    run(job, engines={"echo": echo})
    edition = project / "output" / "ru" / "nato-russia-talks.md"
    before = edition.read_bytes()
    (project / "input" / "nato-russia-talks.txt").write_text("New Headline\n\nBRUSSELS -- Everything changed "
                                                             "in the story today.\n", encoding="utf-8")

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OutputError, match="report.json: write failed"):
        run(job, engines={"echo": echo})
    assert edition.read_bytes() == before
    assert not list(project.rglob("*.tmp"))


def test_progress_reports_every_article_and_language(project, echo):
    shutil.copy(project / "input" / "nato-russia-talks.txt", project / "input" / "second.txt")
    seen = []
    run(load_job(write_job(project, JOB)), engines={"echo": echo}, progress=lambda *a: seen.append(a))
    assert sorted(seen) == sorted((slug, lang, 4) for slug in ("nato-russia-talks", "second")
                                  for lang in ("ru", "fa"))
