"""Advisories: a correction, a refile, a kill and a hold carried into every language of a story."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import polib
import pytest
from conftest import approve, write_job
from echo_engine import EchoEngine
from typer.testing import CliRunner

from translator.advisories.log import Action, Advisory, advisory_state, log_path, read_log, record
from translator.advisories.texts import texts_path
from translator.cli import app
from translator.errors import AdvisoryError, AdvisoryLogError, ExitStatus, UnknownArticle
from translator.job import load_job
from translator.readers import read_article
from translator.review.queue import review_next, review_status
from translator.run.advise import issue
from translator.run.pipeline import run
from translator.run.report import Status

TESTS = Path(__file__).resolve().parent
SLUG = "nato-russia-talks"
LANGUAGES = ["ru", "uk", "pt", "es"]
JOB = ('source = "en"\ntargets = ["ru", "uk", "pt", "es"]\nformats = ["md", "html", "json"]\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')
NOTE = "An earlier version of this story misstated the date of the ministers' meeting."
OLD, NEW = "met in Brussels on April 23 and", "met in Brussels on April 24 and"
CHANGED = ("NATO foreign ministers met in Brussels on April 24 and were joined by Russian Foreign Minister "
           "Sergei Lavrov.")
TEXTS = {  # what each desk's translators approve once
    "ru": ("Поправка: {note}", "Материал отозван."),
    "uk": ("Виправлення: {note}", "Матеріал відкликано."),
    "pt": ("Correção: {note}", "Esta notícia foi retirada."),
    "es": ("Corrección: {note}", "Esta noticia fue retirada."),
}
runner = CliRunner()


def approve_texts(project, languages=LANGUAGES) -> None:
    for language in languages:
        po = polib.pofile(str(texts_path(project / "locales", language)))
        for entry in po:
            entry.msgstr = TEXTS[language][0 if entry.msgctxt == "advisory/correction" else 1]
        po.save()


def edition(project, language: str) -> dict:
    return json.loads((project / "output" / language / f"{SLUG}.json").read_text(encoding="utf-8"))


def edit_source(project) -> None:
    path = project / "input" / f"{SLUG}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")


def catalog_entries(project) -> dict[str, set[tuple[str, str]]]:
    return {lang: {(e.msgctxt, e.msgid) for e in polib.pofile(str(project / "locales" / lang / "LC_MESSAGES"
                                                                   / f"{SLUG}.po"))} for lang in LANGUAGES}


@pytest.fixture
def published(project):
    """The sample published in four languages, the desk's advisory texts approved in each."""
    job = load_job(write_job(project, JOB))
    run(job, engines={"echo": EchoEngine()})
    return project, job


@pytest.fixture
def corrected(published):
    project, job = published
    edit_source(project)
    advisory = issue(job, Action.CORRECT, SLUG, NOTE)
    approve_texts(project)
    report = run(job, engines={"echo": EchoEngine()})
    return project, job, advisory, report


def test_repeat_needs_no_text_catalog_and_marks_the_feed(published):
    project, job = published
    issue(job, Action.REPEAT, SLUG)
    assert not texts_path(project / "locales", "ru").exists()  # only corrections and kills need texts
    entry = feedparser.parse((project / "output" / "ru" / "feed.xml").read_bytes()).entries[0]
    assert [t.term for t in entry.tags] == ["repeated"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_correction_note_in_every_language_from_the_approved_text(corrected, language):
    project, _, _, report = corrected
    assert {row.language: row.status for row in report.rows} == dict.fromkeys(LANGUAGES, Status.OK)
    blocks = edition(project, language)["blocks"]
    notes = [b for b in blocks if b["kind"] == "correction"]
    template = TEXTS[language][0]
    assert [b["target"] for b in notes] == [template.replace("{note}", f"{language}: {NOTE}")]
    assert any(s["target"] == f"{language}: {CHANGED}" for b in blocks for s in b["sentences"])


@pytest.mark.parametrize(("place", "expected"), [("top", 1), ("bottom", -1)])
def test_correction_goes_where_the_job_says(published, place, expected):
    project, _ = published
    job = load_job(write_job(project, JOB + f'[advisories]\ncorrection = "{place}"\n'))
    issue(job, Action.CORRECT, SLUG, NOTE)
    approve_texts(project)
    run(job, engines={"echo": EchoEngine()})
    kinds = [b["kind"] for b in edition(project, "pt")["blocks"]]
    assert kinds[expected] == "correction" and kinds.count("correction") == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_corrected_units_are_first_in_review_next(corrected, language):
    _, job, _, _ = corrected
    items = review_next(job, language, limit=5)
    assert [("correction" in i.checks, i.source) for i in items[:2]] == [(True, CHANGED), (True, NOTE)]
    assert "correction" not in items[2].checks


def test_a_corrected_unit_leaves_the_top_once_approved(corrected):
    project, job, _, _ = corrected
    approve(project, "ru", SLUG)
    run(job, engines={"echo": EchoEngine()})
    assert not any("correction" in i.checks for i in review_next(job, "ru", limit=100))


def test_the_advisory_records_time_revision_languages_and_changed_units(corrected):
    project, _, advisory, _ = corrected
    line = json.loads(log_path(project / "output").read_text(encoding="utf-8").splitlines()[-1])
    revision = read_article(project / "input" / f"{SLUG}.txt", language="en").revision()
    assert line["action"] == "correct" and line["note"] == NOTE and line["time"] == advisory.time
    assert line["revision"] == revision and line["languages"] == LANGUAGES and line["changed"] == [CHANGED]


@pytest.mark.parametrize("language", LANGUAGES)
def test_editions_and_catalogs_name_the_source_revision(corrected, language):
    project, _, advisory, _ = corrected
    assert edition(project, language)["provenance"]["revision"] == advisory.revision
    po = polib.pofile(str(project / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"))
    assert po.metadata["X-Source-Revision"] == advisory.revision


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_feed_marks_the_entry_corrected(corrected, language):
    project, *_ = corrected
    feed = feedparser.parse((project / "output" / language / "feed.xml").read_bytes())
    (entry,) = feed.entries
    assert [t.term for t in entry.tags] == ["corrected"]
    assert entry.summary == TEXTS[language][0].replace("{note}", f"{language}: {NOTE}")
    assert {link.hreflang for link in entry.links} == set(LANGUAGES)


def test_without_an_approved_correction_text_the_language_is_held_and_its_old_edition_withdrawn(published):
    project, job = published
    edit_source(project)
    issue(job, Action.CORRECT, SLUG, NOTE)
    approve_texts(project, ["ru", "uk", "pt"])
    assert "April 23" in (project / "output" / "es" / f"{SLUG}.md").read_text(encoding="utf-8")
    rows = {row.language: row for row in run(job, engines={"echo": EchoEngine()}).rows}
    assert rows["es"].status is Status.HELD and "_advisories.po" in rows["es"].error
    assert rows["ru"].status is Status.OK
    # the edition with the error the correction fixes is not left out while the correction waits
    assert not list((project / "output" / "es").glob(f"{SLUG}.*"))
    assert f"{project / 'output' / 'es' / SLUG}.md" in rows["es"].withdrawn
    tags = {e.title_detail.language: [t.term for t in e.tags]
            for e in feedparser.parse((project / "output" / "feed.xml").read_bytes()).entries}
    assert tags["es"] == ["withdrawn"] and tags["ru"] == ["corrected"]  # never "corrected" for the old edition
    listed = runner.invoke(app, ["advisory", "list", "--format", "json", "--job", str(project / "translator.toml")])
    rows = {r["language"]: r for r in json.loads(listed.stdout)}
    assert rows["ru"]["status"] == "corrected" and rows["es"]["status"] == "held"  # as the run reported them
    assert "_advisories.po" in rows["es"]["reason"] and "_advisories.po" not in rows["ru"]["reason"]


def test_the_feed_never_marks_a_correction_the_edition_does_not_carry(published):
    project, job = published
    edit_source(project)
    issue(job, Action.CORRECT, SLUG, NOTE)  # recorded, not yet run: every edition is still the old one
    for language in LANGUAGES:
        feed = feedparser.parse((project / "output" / language / "feed.xml").read_bytes())
        assert [t.term for t in feed.entries[0].get("tags", [])] == []
        assert "April 23" in (project / "output" / language / f"{SLUG}.md").read_text(encoding="utf-8")
    approve_texts(project, ["ru"])
    no_uk = EchoEngine({("en", t) for t in ("ru", "pt", "es")})  # uk stays on the old revision (stale)
    rows = {row.language: row.status for row in run(job, engines={"echo": no_uk}).rows}
    assert rows == {"ru": Status.OK, "uk": Status.STALE, "pt": Status.HELD, "es": Status.HELD}
    tags = {e.title_detail.language: [t.term for t in e.get("tags", [])]
            for e in feedparser.parse((project / "output" / "feed.xml").read_bytes()).entries}
    assert tags == {"ru": ["corrected"], "uk": [], "pt": ["withdrawn"], "es": ["withdrawn"]}
    assert "April 23" in (project / "output" / "uk" / f"{SLUG}.md").read_text(encoding="utf-8")


def test_refile_republishes_without_a_note(published):
    project, job = published
    edit_source(project)
    issue(job, Action.REFILE, SLUG)
    run(job, engines={"echo": EchoEngine()})
    assert all(b["kind"] != "correction" for b in edition(project, "ru")["blocks"])
    entry = feedparser.parse((project / "output" / "feed.xml").read_bytes()).entries[0]
    assert [t.term for t in entry.tags] == ["refiled"]


@pytest.fixture
def killed(published):
    project, job = published
    entries = catalog_entries(project)
    issue(job, Action.KILL, SLUG, "Legal: do not use.")
    return project, job, entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_kill_withdraws_every_edition_at_once(killed, language):
    project, _, _ = killed
    assert sorted(p.name for p in (project / "output" / language).glob(f"{SLUG}.*")) == []
    feed = feedparser.parse((project / "output" / language / "feed.xml").read_bytes())
    assert [t.term for t in feed.entries[0].tags] == ["withdrawn"]


def test_a_later_run_does_not_republish_a_killed_story_and_loses_no_catalog_entry(killed):
    project, job, entries = killed
    edit_source(project)
    report = run(job, engines={"echo": EchoEngine()})
    assert {row.status for row in report.rows} == {Status.WITHDRAWN}
    assert all("Legal: do not use." in row.error for row in report.rows)
    assert not list((project / "output").glob(f"*/{SLUG}.*"))
    after = catalog_entries(project)
    assert all(entries[lang] <= after[lang] for lang in LANGUAGES)
    assert all(feedparser.parse((project / "output" / "feed.xml").read_bytes()).entries)


def test_release_publishes_a_killed_story_again(killed):
    project, job, _ = killed
    issue(job, Action.RELEASE, SLUG)
    report = run(job, engines={"echo": EchoEngine()})
    assert {row.status for row in report.rows} == {Status.OK}
    assert (project / "output" / "uk" / f"{SLUG}.md").exists()


def test_kill_notice_replaces_the_editions_when_the_job_asks(published):
    project, _ = published
    job = load_job(write_job(project, JOB + "[advisories]\nkill_notice = true\n"))
    issue(job, Action.CORRECT, SLUG, NOTE)  # the text catalogs, approved below
    approve_texts(project)
    issue(job, Action.KILL, SLUG, "Legal.")
    assert (project / "output" / "ru" / f"{SLUG}.md").read_text(encoding="utf-8").endswith("\n\n*Материал отозван.*\n")
    assert "Esta noticia fue retirada." in (project / "output" / "es" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert not (project / "output" / "ru" / f"{SLUG}.changes.md").exists()


def test_hold_keeps_what_is_out_and_publishes_nothing_new(published):
    project, job = published
    before = (project / "output" / "pt" / f"{SLUG}.md").read_text(encoding="utf-8")
    issue(job, Action.HOLD, SLUG, "Awaiting confirmation.")
    edit_source(project)
    report = run(job, engines={"echo": EchoEngine()})
    assert {row.status for row in report.rows} == {Status.HELD}
    assert report.rows[0].error.startswith("held by advisory") and "Awaiting confirmation." in report.rows[0].error
    assert (project / "output" / "pt" / f"{SLUG}.md").read_text(encoding="utf-8") == before
    issue(job, Action.RELEASE, SLUG)
    run(job, engines={"echo": EchoEngine()})
    assert "April 24" in (project / "output" / "pt" / f"{SLUG}.md").read_text(encoding="utf-8")


def test_a_language_behind_a_correction_is_stale(published):
    project, job = published
    edit_source(project)
    issue(job, Action.CORRECT, SLUG, NOTE)
    approve_texts(project)
    no_uk = EchoEngine({("en", t) for t in ("ru", "pt", "es")})  # uk now waits for a human translator
    rows = {row.language: row for row in run(job, engines={"echo": no_uk}).rows}
    assert rows["uk"].status is Status.STALE and rows["ru"].status is Status.OK
    stale = {(s.language, s.article): s.stale for s in review_status(job)}
    assert stale[("uk", SLUG)] and not stale[("ru", SLUG)]
    table = runner.invoke(app, ["review", "status", "--job", str(project / "translator.toml")]).stdout.splitlines()
    assert table[0].endswith("last change             stale")
    uk = next(line for line in table if line.startswith("uk    nato-russia-talks"))
    assert uk.endswith(f"stale {stale[('uk', SLUG)]}") and " < " in uk
    listed = runner.invoke(app, ["advisory", "list", "--format", "json", "--job", str(project / "translator.toml")])
    assert {r["language"]: r["stale"] for r in json.loads(listed.stdout)} == {
        "ru": False, "uk": True, "pt": False, "es": False}


def test_the_snapshot_keeps_its_time_when_nothing_changed(published):
    project, job = published
    snapshot = project / "output" / "ru" / f".{SLUG}.published.json"
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    snapshot.write_text(json.dumps({**data, "time": "2026-01-01T00:00:00+00:00"}), encoding="utf-8")
    run(job, engines={"echo": EchoEngine()})
    assert json.loads(snapshot.read_text(encoding="utf-8"))["time"] == "2026-01-01T00:00:00+00:00"
    edit_source(project)
    run(job, engines={"echo": EchoEngine()})
    assert json.loads(snapshot.read_text(encoding="utf-8"))["time"] > "2026-01-01T00:00:00+00:00"
    changes = (project / "output" / "ru" / f"{SLUG}.changes.md").read_text(encoding="utf-8")
    assert "Since the publication of 2026-01-01T00:00:00+00:00" in changes


# ── the log ──────────────────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize(("history", "advisory", "message"), [
    ([], Advisory(Action.CORRECT, SLUG), "needs a note"),
    ([], Advisory(Action.KILL, SLUG), "needs a reason"),
    ([], Advisory(Action.RELEASE, SLUG), "nothing to release"),
    ([Advisory(Action.KILL, SLUG, note="x")], Advisory(Action.CORRECT, SLUG, note="y"), "release it first"),
])
def test_an_advisory_that_makes_no_sense_is_refused(tmp_path, history, advisory, message):
    for earlier in history:
        record(tmp_path, earlier)
    with pytest.raises(AdvisoryError, match=message):
        record(tmp_path, advisory)
    assert len(read_log(tmp_path)) == len(history)


def test_the_log_folds_into_each_storys_state(tmp_path):
    for advisory in [Advisory(Action.CORRECT, "a", note="one", revision="r1"), Advisory(Action.HOLD, "b"),
                     Advisory(Action.KILL, "a", note="legal"), Advisory(Action.RELEASE, "a"),
                     Advisory(Action.CORRECT, "a", note="two", revision="r2")]:
        record(tmp_path, advisory)
    states = advisory_state(tmp_path)
    assert [c.note for c in states["a"].corrections] == ["one", "two"]
    assert (states["a"].feed_class, states["a"].killed, states["a"].revision) == ("corrected", False, "r2")
    assert states["b"].held and states["b"].feed_class is None


def test_a_broken_log_line_is_named(tmp_path):
    record(tmp_path, Advisory(Action.HOLD, "a"))
    with log_path(tmp_path).open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with pytest.raises(AdvisoryLogError, match=r"\.advisories\.jsonl:2: "):
        advisory_state(tmp_path)


def test_an_unknown_slug_is_refused(published):
    _, job = published
    with pytest.raises(UnknownArticle, match="no-such-story"):
        issue(job, Action.CORRECT, "no-such-story", NOTE)


# ── advisories given while a run is going ────────────────────────────────────────────────────────────────────

class AdvisoryDuringRun(EchoEngine):
    """When the run asks it for pt, `translator advisory <args>` runs in another process and ends; ru was
    published before (its pair was delivered before pt's engine work starts), pt and es are delivered after."""

    def __init__(self, project, *args: str) -> None:
        super().__init__()
        self.project, self.args, self.done = project, args, None

    def translate(self, sentences, source, target):
        if target == "pt" and self.done is None:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)])}
            self.done = subprocess.run([sys.executable, "-m", "translator", "advisory", *self.args, "--job",
                                        str(self.project / "translator.toml")], capture_output=True, text=True,
                                       env=env, timeout=60)
        return super().translate(sentences, source, target)


def test_a_kill_given_during_a_run_is_not_undone_by_it(published):
    project, job = published
    edit_source(project)  # the run has new text to publish in every language
    engine = AdvisoryDuringRun(project, "kill", SLUG, "--reason", "Legal: do not use.")
    report = run(job, engines={"echo": engine})
    assert engine.done.returncode == 0, engine.done.stderr
    assert not list((project / "output").glob(f"*/{SLUG}.*")), "a killed story came back"
    assert {row.status for row in report.rows} == {Status.WITHDRAWN} and not any(row.files for row in report.rows)
    assert any("killed by advisory" in warning for warning in report.warnings)
    saved = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    assert {row["status"] for row in saved["rows"]} == {"withdrawn"}
    for folder in (project / "output", *(project / "output" / lang for lang in LANGUAGES)):
        items = json.loads((folder / "feed.json").read_text(encoding="utf-8"))["items"]
        assert items and all(item["tags"] == ["withdrawn"] for item in items)
    listed = runner.invoke(app, ["advisory", "list", "--format", "json", "--job", str(project / "translator.toml")])
    assert {row["status"] for row in json.loads(listed.stdout)} == {"withdrawn"}


def test_a_hold_given_during_a_run_stops_what_it_had_not_published_yet(published):
    project, job = published
    before = {lang: (project / "output" / lang / f"{SLUG}.md").read_text(encoding="utf-8") for lang in LANGUAGES}
    edit_source(project)
    engine = AdvisoryDuringRun(project, "hold", SLUG, "--reason", "Awaiting confirmation.")
    rows = {row.language: row for row in run(job, engines={"echo": engine}).rows}
    assert engine.done.returncode == 0, engine.done.stderr
    assert rows["ru"].status is Status.OK  # delivered before the hold: what is out stays out
    assert "April 24" in (project / "output" / "ru" / f"{SLUG}.md").read_text(encoding="utf-8")
    for language in ("pt", "es"):
        assert rows[language].status is Status.HELD and "Awaiting confirmation." in rows[language].error
        assert (project / "output" / language / f"{SLUG}.md").read_text(encoding="utf-8") == before[language]


# ── the command ──────────────────────────────────────────────────────────────────────────────────────────────

@pytest.fixture
def cli_project(project, monkeypatch):
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "echo_engine:EchoEngine")
    monkeypatch.chdir(project)
    write_job(project, JOB)
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    return project


def test_cli_correct_then_kill_in_one_command_each(cli_project):
    edit_source(cli_project)
    corrected = runner.invoke(app, ["advisory", "correct", SLUG, "--note", NOTE, "-q"])
    # the texts are not approved yet: every language is held (exit 3, like any held edition)
    assert corrected.exit_code == ExitStatus.PARTIAL, corrected.output
    assert corrected.stdout.startswith(f"correct {SLUG} (ru, uk, pt, es) recorded at ")
    approve_texts(cli_project)
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    assert edition(cli_project, "uk")["blocks"][-1]["kind"] == "correction"
    killed = runner.invoke(app, ["advisory", "kill", SLUG, "--reason", "Legal."])
    assert killed.exit_code == ExitStatus.OK
    assert not list((cli_project / "output").glob(f"*/{SLUG}.*"))
    listed = runner.invoke(app, ["advisory", "list"])
    lines = listed.stdout.splitlines()
    assert listed.exit_code == ExitStatus.OK and len(lines) == 5
    assert all(line.split()[:3] == [SLUG, lang, "withdrawn"] for line, lang in zip(lines[1:], LANGUAGES))


@pytest.mark.parametrize(("args", "code", "message"), [
    (["advisory", "kill", SLUG], ExitStatus.USAGE, "--reason"),
    (["advisory", "release", SLUG], ExitStatus.ERROR, "nothing to release"),
    (["advisory", "refile", "no-such-story"], ExitStatus.ERROR, "no-such-story: no input"),
    (["advisory", "list", "--format", "xml"], ExitStatus.USAGE, "--format must be text or json"),
])
def test_cli_refusals(cli_project, args, code, message):
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.output


@pytest.mark.parametrize("command", ["correct", "refile", "repeat", "kill", "hold", "release", "list"])
def test_advisory_help_has_examples(command):
    result = runner.invoke(app, ["advisory", command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_the_advisory_text_catalogs_pass_msgfmt(published):
    project, job = published
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    issue(job, Action.KILL, SLUG, "Legal.")
    result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(texts_path(project / "locales", "ru"))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
