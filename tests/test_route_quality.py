"""The route floor: a route's measured quality (checks/route_quality.toml) against [publish] route_floor holds its
prominent units until approved; and the sentence-level signals of body units (checks/signals.py)."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import approve, write_job
from echo_engine import ScriptedEngine
from typer.testing import CliRunner

from translator.article import BlockKind
from translator.checks import route_quality, signals, spelling
from translator.checks.route_quality import RouteQuality, check_route_quality, read_table, render_table
from translator.cli import app
from translator.errors import ExitStatus, JobError
from translator.job import load_job
from translator.job_schema import DEFAULT_ROUTE_FLOOR
from translator.memory.catalog import State
from translator.review.assess import assess_unit
from translator.review.queue import review_next
from translator.run.pipeline import run
from translator.run.records import Mode
from translator.run.report import Status

ARTICLE = """Talks End Without Deal

BRUSSELS -- The ministers met in Brussels on Monday and talked for six hours.

The next meeting will take place in the spring.
"""
LEAD = "The ministers met in Brussels on Monday and talked for six hours."
BODY = "The next meeting will take place in the spring."
SCRIPT = {"Talks end without deal": "Negociações terminam sem acordo",
          LEAD: "Os ministros se reuniram em Bruxelas na segunda-feira e conversaram durante seis horas.",
          BODY: "A próxima reunião acontecerá na primavera."}
JOB = 'source = "en"\ntargets = ["pt"]\nformats = ["json"]\n[engines]\norder = ["scripted"]\n'


def _checks(findings) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in findings]


# ── the table and the check ──────────────────────────────────────────────────────────────────────────────────


def test_the_shipped_table_puts_apertium_es_below_the_default_floor_and_bergamot_pt_above():
    table = read_table()
    assert table["apertium:en-es"].chrf < DEFAULT_ROUTE_FLOOR < table["bergamot:en-pt"].chrf
    assert all(row.date and row.reference_set.startswith("benchmarks/reference") for row in table.values())


def test_the_table_reads_back_what_the_benchmark_writes(tmp_path):
    rows = [RouteQuality("argos:ru-en > argos:en-uk", 61.25, "2026-12-01", "benchmarks/reference (1 article)", "x"),
            RouteQuality("bergamot:en-pt", 80.0, "2026-12-02", "benchmarks/reference (5 articles)")]
    path = tmp_path / "routes.toml"
    path.write_text(render_table(rows), encoding="utf-8")
    assert sorted(read_table(path).values(), key=lambda r: r.route) == rows


@pytest.mark.parametrize("kind", sorted(route_quality.PROMINENT_KINDS))
def test_a_prominent_unit_of_a_route_below_the_floor_is_blocking(kind):
    [finding] = check_route_quality("apertium:en-es", kind, 70.0)
    assert (finding.check, finding.severity) == ("route-quality", "blocking")
    assert "apertium:en-es" in finding.detail and "route_floor" in finding.detail


def test_body_units_measured_routes_above_the_floor_and_no_floor_pass():
    assert check_route_quality("apertium:en-es", "paragraph", 70.0) == []
    assert check_route_quality("bergamot:en-pt", "headline", 70.0) == []
    assert check_route_quality("apertium:en-es", "headline", 0) == []
    assert check_route_quality("apertium:en-es", "headline", 50.0) == []  # measured 57.9: above a floor of 50


def test_an_unmeasured_route_counts_as_below_the_floor_and_human_text_is_not_judged():
    [finding] = check_route_quality("echo:en-de", "headline", 70.0)
    assert finding.check == "route-quality" and "no measured quality" in finding.detail
    assert check_route_quality("human", "headline", 70.0) == []
    assert check_route_quality("source", "headline", 70.0) == []
    assert check_route_quality(None, "headline", 70.0) == []


def test_an_approved_unit_carries_no_route_finding():
    common = dict(kind=BlockKind.HEADLINE, source_language="en", target_language="es", route="apertium:en-es",
                  route_floor=70.0)
    machine = assess_unit("Talks End", "Charlas terminan", state=State.MACHINE, **common)
    approved = assess_unit("Talks End", "Charlas terminan", state=State.APPROVED, **common)
    assert ("route-quality", "blocking") in _checks(machine.findings) and machine.blocking
    assert "route-quality" not in [f.check for f in approved.findings]


# ── the job option ───────────────────────────────────────────────────────────────────────────────────────────


def test_route_floor_is_read_from_the_job_and_defaults_to_the_calibrated_floor(tmp_path):
    write_job(tmp_path, JOB)
    assert load_job(tmp_path / "translator.toml").route_floor == DEFAULT_ROUTE_FLOOR
    write_job(tmp_path, JOB + "[publish]\nroute_floor = 55\n")
    assert load_job(tmp_path / "translator.toml").route_floor == 55.0


@pytest.mark.parametrize("value", ["101", '"high"', "-1", "true"])
def test_a_bad_route_floor_is_refused_naming_the_file_and_line(tmp_path, value):
    write_job(tmp_path, JOB + f"[publish]\npolicy = \"qa\"\nroute_floor = {value}\n")
    with pytest.raises(JobError) as caught:
        load_job(tmp_path / "translator.toml")
    message = str(caught.value)
    assert "translator.toml:8" in message and "route_floor" in message and "0 to 100" in message


# ── in the run and from the catalog ──────────────────────────────────────────────────────────────────────────


@pytest.fixture
def desk(tmp_path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "talks.txt").write_text(ARTICLE, encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def _run(desk: Path, mode: Mode = Mode.TRANSLATE):
    return run(load_job(desk / "translator.toml"), mode, engines={"scripted": ScriptedEngine(SCRIPT)})


def test_an_unmeasured_route_holds_its_headline_and_lead_until_they_are_approved(desk, monkeypatch):
    row = _run(desk).rows[0]
    assert row.status is Status.HELD and "route-quality 2" in row.error
    assert not (desk / "output" / "pt").exists()

    monkeypatch.chdir(desk)
    result = CliRunner().invoke(app, ["review", "next", "--lang", "pt", "--format", "json", "--limit", "50"])
    assert result.exit_code == ExitStatus.OK, result.output
    findings = {unit["source"]: unit["findings"] for unit in json.loads(result.stdout)}
    assert {"check": "route-quality", "severity": "blocking"}.items() <= findings[LEAD][0].items()
    assert "scripted:en-pt" in findings[LEAD][0]["detail"]
    assert "route-quality" not in [f["check"] for f in findings[BODY]]

    # Publishing from the catalogs: the route is the one the catalog says made its text.
    assert _run(desk, Mode.PUBLISH).rows[0].status is Status.HELD
    catalog = polib.pofile(str(desk / "locales" / "pt" / "LC_MESSAGES" / "talks.po"))
    prominent = [e for e in catalog if e.msgctxt.rpartition("/")[2] in route_quality.PROMINENT_KINDS]
    assert {e.msgid for e in prominent} == {"Talks End Without Deal", LEAD}
    for entry in prominent:
        approve(desk, "pt", "talks", entry.msgid, entry.msgctxt)
    assert _run(desk, Mode.PUBLISH).rows[0].status is Status.OK
    assert (desk / "output" / "pt" / "talks.json").is_file()


def test_a_floor_of_zero_publishes_an_unmeasured_route(desk):
    write_job(desk, JOB + "[publish]\nroute_floor = 0\n")
    assert _run(desk).rows[0].status is Status.OK
    units = review_next(load_job(desk / "translator.toml"), "pt", limit=50)
    assert not [f for u in units for f in u.findings if f.check == "route-quality"]


# ── sentence-level signals ───────────────────────────────────────────────────────────────────────────────────


def test_apertium_confidence_below_its_threshold_holds_a_body_unit():
    text = "El centro de coordinación será puesto arriba en Estambul para inspeccionar los barcos."
    source = "A joint coordination centre will be set up in Istanbul to inspect the ships."
    [finding] = signals.check_signals(source, text, "en", "es", kind="paragraph", confidence=0.9,
                                      route="apertium:en-es")
    assert (finding.check, finding.severity) == ("sentence-signals", "blocking") and "0.90" in finding.detail
    assert signals.check_signals(source, text, "en", "es", kind="paragraph", confidence=1.0,
                                 route="apertium:en-es") == []
    # a score on another engine's scale, never calibrated, and a prominent unit (the route floor's) pass
    assert signals.check_signals(source, text, "en", "es", kind="paragraph", confidence=0.5,
                                 route="argos:en-es") == []
    assert signals.check_signals(source, text, "en", "es", kind="headline", confidence=0.5,
                                 route="apertium:en-es") == []


def test_a_back_translation_far_from_the_source_holds_a_body_unit():
    source = "The ministers met in Brussels on Monday and talked for six hours."
    far = signals.check_signals(source, "Os ministros falaram.", "en", "pt", kind="paragraph",
                                back_similarity=signals.MIN_BACK_SIMILARITY - 5)
    near = signals.check_signals(source, "Os ministros falaram.", "en", "pt", kind="paragraph",
                                 back_similarity=signals.MIN_BACK_SIMILARITY + 5)
    assert [f.check for f in far] == ["sentence-signals"] and near == []


@pytest.mark.skipif(not spelling.has_dictionary("es"), reason="hunspell-es is not installed (CI installs it)")
def test_words_the_dictionary_lacks_hold_a_body_unit():
    source = "The ministers said the talks were constructive and useful for both sides."
    garbled = "Los ministros dijeron que las charlas fueron constructive y useful para both sides."
    clean = "Los ministros dijeron que las conversaciones fueron constructivas y útiles para ambas partes."
    assert signals.unknown_share(garbled, "es") > signals.MAX_UNKNOWN_SHARE
    assert [f.check for f in signals.check_signals(source, garbled, "en", "es", kind="paragraph")] == \
        ["sentence-signals"]
    assert signals.check_signals(source, clean, "en", "es", kind="paragraph") == []
