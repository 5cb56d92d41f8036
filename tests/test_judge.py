"""One judgement: a unit judged by the run and the same unit judged again from the catalog the run wrote (the
review pages, `review next`, the review app) carry the same findings and risk, desk findings included."""

from __future__ import annotations

from pathlib import Path

from conftest import write_job
from echo_engine import ScriptedEngine

from translator.article import BlockKind
from translator.findings import Note, NoteKind
from translator.job import load_job
from translator.memory.catalog import EMPTY, State, Translation, Unit, entry_unit
from translator.memory.read import load_catalog
from translator.review.judge import JudgeContext, judge
from translator.review.queue import review_next, review_units
from translator.run.pipeline import run

STORY = """# Talks Stall In Brussels

The talks were *obstructed* by Moscow.

The alliance met again on Monday.

*With reporting by Reuters and AFP*
"""

JOB = ('source = "en"\ntargets = ["pt", "de"]\nformats = ["md"]\n[engines]\norder = ["scripted"]\n'
       '[publish]\npolicy = "machine"\n')


def _project(tmp_path: Path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(STORY, encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def test_the_run_and_the_review_queue_judge_a_unit_alike(tmp_path):
    project = _project(tmp_path)
    # The engine loses the emphasis markers (the plain sentence is kept: a `markup` finding); de has no credit
    # template, so its credit line is machine-translated (a `credit` finding).
    engine = ScriptedEngine({"The talks were [obstructed] by Moscow.": "As negociações foram obstruídas, Moscou.",
                             "The talks were obstructed by Moscow.": "As negociações foram obstruídas por Moscou."},
                            pairs={("en", "pt"), ("pt", "en"), ("en", "de"), ("de", "en")})
    job = load_job(project / "translator.toml")
    report = run(job, engines={"scripted": engine})
    by_run = {(row.language, unit["source"]): ([(f["check"], str(f["severity"]), f["detail"])
                                                 for f in unit["findings"]], unit["risk"])
              for row in report.rows for unit in row.unit_checks}
    by_queue = {(unit.language, unit.source): ([(f.check, str(f.severity), f.detail) for f in unit.findings],
                                               round(unit.risk, 3))
                for unit in review_units(job)}
    assert set(by_run) == set(by_queue) and len(by_run) == 8  # four units in each of two languages
    assert by_run == by_queue
    checks = {key: {check for check, _, _ in found} for key, (found, _) in by_run.items()}
    assert "markup" in checks["pt", "The talks were *obstructed* by Moscow."]
    assert "credit" in checks["de", "*With reporting by Reuters and AFP*"]
    assert "credit" not in checks["pt", "*With reporting by Reuters and AFP*"]  # pt has a credit template
    entries = [e for e in load_catalog(project / "locales" / "de" / "LC_MESSAGES" / "story.po") if not e.obsolete]
    read_back = [entry_unit(e) for e in entries]  # the unit as the review side reads it
    assert [u.key for u in read_back] == [(e.msgctxt, e.msgid) for e in entries]
    assert {u.article for u in read_back} == {"story"}
    assert {u.kind for u in read_back} == {BlockKind.HEADLINE, BlockKind.LEAD, BlockKind.PARAGRAPH, BlockKind.CREDIT}
    shown = {(u.language, u.source): {f.check for f in u.findings} for u in review_next(job, limit=100)}
    assert "markup" in shown["pt", "The talks were *obstructed* by Moscow."]
    assert "credit" in shown["de", "*With reporting by Reuters and AFP*"]


def _unit(kind: str, source: str) -> Unit:
    return Unit(source=source, article="story", kind=BlockKind(kind))


def test_an_engine_failure_is_the_finding_of_an_untranslated_unit():
    context = JudgeContext("en", "pt", engine_failure="the engine gave up on it")
    judged = judge(_unit("paragraph", "The talks stalled."), EMPTY, context)
    assert [(f.check, f.detail) for f in judged.findings] == [("engine", "the engine gave up on it")]
    assert judged.blocking
    plain = judge(_unit("paragraph", "The talks stalled."), EMPTY, JudgeContext("en", "pt"))
    assert [f.check for f in plain.findings] == ["empty"]


def test_a_correction_comes_first_until_a_reviewer_approves_it():
    unit, text = _unit("paragraph", "The talks stalled."), "As negociações pararam."
    corrected = judge(unit, Translation(text, State.MACHINE, (Note(NoteKind.CORRECTED),)), JudgeContext("en", "pt"))
    plain = judge(unit, Translation(text, State.MACHINE), JudgeContext("en", "pt"))
    approved = judge(unit, Translation(text, State.APPROVED, (Note(NoteKind.CORRECTED),)), JudgeContext("en", "pt"))
    assert corrected.findings[0].check == "correction" and corrected.risk > plain.risk
    assert "correction" not in {f.check for f in approved.findings}
