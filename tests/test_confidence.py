"""Engine confidence: Argos scores, Apertium's unknown-word marks, carried to the catalog and into the risk."""

from __future__ import annotations

import json
import pickle

import pytest
from conftest import require_engine, write_job
from echo_engine import ScriptedEngine

from translator.engines.apertium import ApertiumEngine, _scored
from translator.engines.base import ScoredText, confidence_of
from translator.job import load_job
from translator.review.queue import review_next
from translator.run.pipeline import run


def test_scored_text_is_a_string_that_keeps_its_score_across_processes():
    text = ScoredText("Os ministros reuniram-se.", 0.8)
    back = pickle.loads(pickle.dumps(text))
    assert back == "Os ministros reuniram-se." and confidence_of(back) == 0.8
    assert confidence_of(text.upper()) is None and confidence_of("plain") is None  # made from it: no score


@pytest.mark.parametrize("output, text, confidence", [
    ("Los ministros cumplieron.", "Los ministros cumplieron.", 1.0),
    ("*Lavrov Dijo el talibán era *dithering sobre el *zorblax tratado.",
     "Lavrov Dijo el talibán era dithering sobre el zorblax tratado.", 0.8),  # a name unknown is no doubt
    ("@NATO @foreign minister #sresti @in #Brussels", "NATO foreign minister sresti in Brussels", 0.5),
])
def test_apertium_marks_are_counted_then_removed(output, text, confidence):
    scored = _scored(output)
    assert scored == text and scored.confidence == pytest.approx(confidence)


def test_real_apertium_scores_unknown_words():
    engine = ApertiumEngine()
    require_engine("apertium", engine.unavailable_reason())
    known, unknown = engine.translate(["The ministers met.", "The ministers were dithering about zorblax."],
                                      "en", "es")
    assert confidence_of(known) == 1.0 and "*" not in unknown
    assert confidence_of(unknown) == pytest.approx(1 - 2 / len(unknown.split()))


def test_real_argos_gives_the_mean_token_probability(models_env, argos_packages):
    from translator.engines.argos import ArgosEngine
    from translator.models.store import ModelStore

    ModelStore().install_file(argos_packages["en-ru"])
    [best], = ArgosEngine().translate_n(["The ministers met in Brussels."], "en", "ru", num_hypotheses=1)
    assert 0.0 < confidence_of(best) <= 1.0


def test_confidence_reaches_the_catalog_and_raises_the_risk_of_doubtful_units(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "s.txt").write_text("Talks End\n\nBRUSSELS -- The talks ended on Monday.\n\n"
                                              "Officials left the city on Tuesday.\n", encoding="utf-8")
    write_job(tmp_path, 'source = "en"\ntargets = ["pt"]\nformats = ["json"]\n[checks]\nback_translation = "off"\n'
                        '[engines]\norder = ["scripted"]\n[publish]\nroute_floor = 0\n')
    script = {"Talks end": ScoredText("As conversas terminam", 0.95),
              # the lead's unit: its dateline comes from the city table
              "The talks ended on Monday.": ScoredText("As conversas terminaram na segunda-feira.", 0.97),
              "Officials left the city on Tuesday.": ScoredText("Os funcionários deixaram a cidade na terça-feira.",
                                                                0.2)}
    run(load_job(tmp_path / "translator.toml"), engines={"scripted": ScriptedEngine(script)})
    po = (tmp_path / "locales" / "pt" / "LC_MESSAGES" / "s.po").read_text(encoding="utf-8")
    assert "#. engine confidence: 0.20" in po and "#. engine confidence: 0.97" in po
    report = json.loads((tmp_path / "output" / "report.json").read_text(encoding="utf-8"))
    scores = {u["source"]: u["confidence"] for u in report["rows"][0]["unit_checks"]}
    assert scores["Officials left the city on Tuesday."] == 0.2
    units = {u.source: u for u in review_next(load_job(tmp_path / "translator.toml"), "pt")}
    doubtful, sure = units["Officials left the city on Tuesday."], units["The talks ended on Monday."]
    assert not doubtful.findings and not sure.findings
    # the paragraph weighs less than the lead, yet the engine's doubt puts it above
    assert doubtful.risk > sure.risk
