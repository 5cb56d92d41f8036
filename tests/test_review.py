"""The QA gate and the review queue on planted engine mistakes: held editions, risk order, approved units shown,
the review page written for held drafts, back-translation compared with the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import approve, require_engine, write_job
from echo_engine import ScriptedEngine
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus
from translator.job import load_job
from translator.review.queue import review_next
from translator.run.pipeline import run
from translator.run.records import Mode
from translator.run.report import Status

ARTICLE = """Turnout Reaches 31.5 Percent

BISHKEK -- The Central Election Commission said turnout had reached 31.5 percent by 2 p.m. local time.

"We did not expect so many voters," an official said.

Still, people came out to vote in the capital.

The count will continue until Monday.
"""
# The lead's unit: its dateline ("BISHKEK -- ") is set from the city table, never sent to an engine.
LEAD = "The Central Election Commission said turnout had reached 31.5 percent by 2 p.m. local time."
QUOTE = '"We did not expect so many voters," an official said.'
STILL = "Still, people came out to vote in the capital."
# What the engine "answers": the lead drops "2 p.m.", the quote loses its negation, "Still" stays English.
SCRIPT = {
    "Turnout reaches 31.5 percent": "Participação chega a 31,5 por cento",
    LEAD: "A Comissão Eleitoral Central disse que a participação atingiu 31,5 por cento pela hora local.",
    QUOTE: '"Esperávamos tantos eleitores", disse um funcionário.',
    STILL: "Still, as pessoas saíram para votar na capital.",
    "The count will continue until Monday.": "A contagem continuará até segunda-feira.",
    # pt -> en, for the back-translation of the prominent units (headline, lead, quote)
    "Participação chega a 31,5 por cento": "Turnout reaches 31.5 percent",
    "A Comissão Eleitoral Central disse que a participação atingiu 31,5 por cento pela hora local.":
        "The Central Election Commission said that turnout reached 31.5 percent by local time.",
    '"Esperávamos tantos eleitores", disse um funcionário.': '"We expected so many voters," an official said.',
}
# A scripted engine has no measured quality: no route floor, so the findings are the checks' own.
JOB = ('source = "en"\ntargets = ["pt"]\nformats = ["md", "json"]\n[engines]\norder = ["scripted"]\n'
       '[publish]\nroute_floor = 0\n')


@pytest.fixture
def desk(tmp_path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "turnout.txt").write_text(ARTICLE, encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def _run(desk: Path, mode: Mode = Mode.TRANSLATE, script: dict[str, str] = SCRIPT):
    return run(load_job(desk / "translator.toml"), mode, engines={"scripted": ScriptedEngine(script)})


def test_machine_text_with_a_blocking_finding_is_held_with_the_reason(desk):
    report = _run(desk)
    row = report.rows[0]
    assert row.status is Status.HELD and report.exit_status is ExitStatus.PARTIAL
    assert row.error == "2 units with blocking findings (numbers 1, negation 1): review them or approve"
    assert not (desk / "output" / "pt").exists()
    assert (desk / "output" / "review" / "pt" / "turnout.html").is_file()


def test_a_held_language_loses_its_earlier_machine_edition(desk):
    clean = {**SCRIPT, LEAD: SCRIPT[LEAD].replace("pela hora local", "até às 14h, hora local"),
             QUOTE: '"Não esperávamos tantos eleitores", disse um funcionário.'}
    assert _run(desk, script=clean).rows[0].status is Status.OK
    assert (desk / "output" / "pt" / "turnout.md").is_file()
    report = _run(desk, Mode.PUBLISH_APPROVED)
    assert report.rows[0].status is Status.HELD and report.rows[0].error == "5 units not approved yet"
    assert not list((desk / "output" / "pt").glob("turnout.*"))
    assert report.rows[0].withdrawn == [str(desk / "output" / "pt" / f"turnout.{fmt}") for fmt in ("md", "json")]


def test_machine_policy_publishes_what_qa_holds(desk):
    write_job(desk, JOB + 'policy = "machine"\n')  # under JOB's [publish]
    report = _run(desk)
    assert report.rows[0].status is Status.OK and report.exit_status is ExitStatus.OK
    edition = json.loads((desk / "output" / "pt" / "turnout.json").read_text(encoding="utf-8"))
    assert edition["provenance"]["policy"] == "machine"


def test_review_next_ranks_the_planted_defects_first(desk):
    _run(desk)
    units = review_next(load_job(desk / "translator.toml"), "pt")
    assert [u.source for u in units[:3]] == [LEAD, QUOTE, STILL]
    assert [f.check for f in units[0].findings] == ["numbers", "back-translation"] and units[0].band == "high"
    assert units[2].findings[0].check == "untranslated" and units[2].findings[0].severity == "warning"
    assert [u.risk for u in units] == sorted((u.risk for u in units), reverse=True)


def test_an_approved_unit_with_a_dropped_number_is_shown_as_a_warning(desk):
    _run(desk)
    approve(desk, "pt", "turnout", LEAD, "turnout/lead")
    lead = next(u for u in review_next(load_job(desk / "translator.toml"), "pt") if u.source == LEAD)
    assert lead.state == "approved" and [(f.check, f.severity) for f in lead.findings] == [("numbers", "warning")]
    approve(desk, "pt", "turnout", QUOTE, "turnout/quote")
    assert _run(desk).rows[0].status is Status.OK  # a human decision is never overridden


def test_review_next_json_shape(desk, monkeypatch):
    _run(desk)
    monkeypatch.chdir(desk)
    result = CliRunner().invoke(app, ["review", "next", "--lang", "pt", "--format", "json", "--limit", "1"])
    assert result.exit_code == ExitStatus.OK, result.output
    [unit] = json.loads(result.stdout)
    assert set(unit) == {"article", "language", "catalog", "line", "kind", "source", "target", "state", "risk",
                         "findings", "terms", "suggestions"}
    assert (unit["article"], unit["kind"], unit["state"]) == ("turnout", "lead", "machine")
    assert unit["findings"][0] == {"check": "numbers", "severity": "blocking",
                                   "detail": "time 14:00 of the source is missing"}
    assert [f["check"] for f in unit["findings"][1:]] == ["back-translation"]


def test_back_translation_disagreement_is_a_finding(desk):
    _run(desk)
    po = (desk / "locales" / "pt" / "LC_MESSAGES" / "turnout.po").read_text(encoding="utf-8")
    assert '#. back-translation: "We expected so many voters," an official said.' in po
    quote = next(u for u in review_next(load_job(desk / "translator.toml"), "pt") if u.source == QUOTE)
    assert ("back-translation", "warning") in [(f.check, f.severity) for f in quote.findings]
    still = next(u for u in review_next(load_job(desk / "translator.toml"), "pt") if u.source == STILL)
    assert "back-translation" not in [f.check for f in still.findings]  # a body paragraph is not sent back


def test_review_page_command_writes_every_catalog(desk, monkeypatch):
    _run(desk)
    monkeypatch.chdir(desk)
    result = CliRunner().invoke(app, ["review", "page"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert result.stdout.startswith("1 review pages; open ")
    assert (desk / "output" / "review" / "index.html").is_file()


def test_a_defect_planted_in_real_engine_output_is_first_in_review_next(project, monkeypatch):
    """Bergamot's pt of the sample draws no finding; a dropped number planted in one paragraph is ranked first."""
    import polib

    from translator.engines.bergamot import BergamotEngine

    require_engine("bergamot", BergamotEngine().unavailable_reason())
    write_job(project, 'source = "en"\ntargets = ["pt"]\nformats = ["json"]\n[engines]\norder = ["bergamot"]\n')
    job = load_job(project / "translator.toml")
    assert run(job).rows[0].status is Status.OK
    path = project / "locales" / "pt" / "LC_MESSAGES" / "nato-russia-talks.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if "23" in e.msgid and "23" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("23", "").replace("  ", " ")
    po.save()
    first = review_next(job, "pt", limit=1)[0]
    assert first.source == entry.msgid and ("numbers", "blocking") in [(f.check, f.severity) for f in first.findings]
    assert run(job, Mode.PUBLISH).rows[0].status is Status.HELD
