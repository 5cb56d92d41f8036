"""Post-editing after the engines: number/date formats and letter case, on real engine output."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, SAMPLE, require_engine, write_job

from translator.job import load_job
from translator.postedit import post_edit
from translator.postedit.casing import capitalize_first, is_all_caps, repair_artefacts
from translator.postedit.localize import localize, localize_numbers
from translator.run.pipeline import run
from translator.text.segment import sentence_case

CAPS = "NATO AND RUSSIA FAIL TO AGREE ON MISSILE DEFENSE"


def translate(name: str, language: str, sentences: list[str]) -> list[str]:
    from translator.engines import create_engine

    engine = create_engine(name)
    require_engine(name, engine.unavailable_reason())
    return engine.translate(sentences, "en", language)


@pytest.mark.parametrize("language, source, english, local", [
    ("es", "About 4.2 million people were registered to vote on April 22.", ["4.2", "abril 22"],
     ["4,2 millones", "el 22 de abril"]),
    ("ca", "About 4.2 million people were registered to vote on April 22.", ["4.2", "abril 22"],
     ["4,2", "el 22 d'abril"]),
    ("es", "The court ordered Moscow to pay 18,000 euros ($19,400).", ["18,000", "19,400"], ["18.000", "19.400"]),
    ("es", "Turnout stood at 31.5 percent.", ["31.5 por ciento"], ["31,5\u00a0%"]),
    ("ca", "Turnout stood at 31.5 percent.", ["31.5 per cent"], ["31,5\u00a0%"]),
    ("es", "She was arrested on March 3, 2021.", ["Marcha 3, 2021"], ["el 3 de marzo de 2021"]),
])
def test_apertium_numbers_and_dates_take_the_target_format(language, source, english, local):
    raw = translate("apertium", language, [source])[0]
    assert all(form in raw for form in english), raw  # what Apertium leaves English
    edited = localize(source, raw, language)
    assert all(form in edited for form in local), edited
    assert not any(form in edited for form in english)


def test_bergamot_numbers_are_left_as_the_engine_localised_them():
    source = "About 4.2 million people voted; turnout was 31.5 percent."
    raw = translate("bergamot", "pt", [source])[0]
    assert "4,2" in raw and "31,5" in raw
    assert localize_numbers(source, raw, "pt") == raw
    assert "31,5%" in localize(source, raw, "pt")  # "por cento" after a numeral: the sign, as the press prints it


def test_years_and_plain_integers_are_never_regrouped():
    assert localize_numbers("In 2021, 3600 MW.", "En 2021, 3600 MW.", "es") == "En 2021, 3600 MW."


@pytest.mark.parametrize("language, source, artefact, fixed", [
    ("es", "Lavrov said the talks failed.", "Lavrov Dijo", "Lavrov dijo"),
    ("es", "Kyrgyzstan has held four parliamentary elections since 2010.", "Kyrgyzstan Ha", "Kyrgyzstan ha"),
    ("es", "Lavrov and U.S. Secretary of State John Kerry held talks.", "Lavrov Y", "Lavrov y"),
])
def test_apertium_casing_artefacts_are_repaired(language, source, artefact, fixed):
    raw = translate("apertium", language, [source])[0]
    assert artefact in raw
    assert fixed in repair_artefacts(source, raw, language)


@pytest.mark.parametrize("language, source, kept", [
    ("es", "Kyrgyzstan's Central Election Commission (CEC) says turnout fell.", "Comisión"),
    ("ca", "BRUSSELS -- NATO ministers met.", "BRUSSEL·LES --"),
])
def test_apertium_capitals_that_belong_are_kept(language, source, kept):
    raw = translate("apertium", language, [source])[0]
    assert kept in raw and kept in repair_artefacts(source, raw, language)


def test_artefact_repair_leaves_names_and_glossary_forms():
    text = "El Secretario de Estado de Estados Unidos y la Comisión Electoral Central (CEC) DE LA OTAN."
    assert repair_artefacts("x", text, "es", frozenset({"OTAN"})) == \
        "El Secretario de Estado de Estados Unidos y la Comisión Electoral Central (CEC) de la OTAN."
    assert repair_artefacts("more than $4 billion", "mais de US $ 4 bilhões dos EUA", "pt") == \
        "mais de US $ 4 bilhões dos EUA"  # a lone acronym is not a run of capitals
    assert capitalize_first("«otan y Rusia»") == "«Otan y Rusia»" and capitalize_first("3 de mayo") == "3 de mayo"


@pytest.mark.parametrize("headline, cased", [
    (CAPS, "NATO and Russia fail to agree on missile defense"),
    ("Turnout Falls As Kyrgyz Voters Choose New Parliament", "Turnout falls as Kyrgyz voters choose new parliament"),
    ("IMF CHIEF VISITS TURKISH CAPITAL", "IMF chief visits Turkish capital"),
])
def test_headlines_go_to_the_engine_in_sentence_case(headline, cased):
    assert sentence_case(headline, {"NATO", "Nato"}) == cased
    assert is_all_caps(headline) == headline.isupper()


def test_a_kept_nationality_is_translated_as_one():
    """Lower-cased, Bergamot read "kyrgyz" as a name: "eleitores de kyrgyz"."""
    cased = sentence_case("Turnout Falls As Kyrgyz Voters Choose New Parliament", set())
    out = translate("bergamot", "pt", [cased])[0]
    assert "Quirguist" in out and "kyrgyz" not in out.lower()


@pytest.mark.parametrize("engine_name, language, translated", [
    ("bergamot", "pt", "RÚSSIA"), ("apertium", "es", "RUSIA"),
])
def test_an_all_caps_headline_is_translated_and_stays_in_capitals(project, engine_name, language, translated):
    text = SAMPLE.read_text(encoding="utf-8").replace("NATO-Russia Talks Make Little Progress On Missile Defense",
                                                      CAPS, 1)
    (project / "input" / SAMPLE.name).write_text(text, encoding="utf-8")
    raw = translate(engine_name, language, [CAPS])[0]
    assert "FAIL" in raw or raw != raw.upper()  # the engine alone: half-translated, or out of capitals
    job = load_job(write_job(project, f'targets = ["{language}"]\nformats = ["json"]\n[publish]\n'
                                      f'policy = "machine"\n[engines]\norder = ["{engine_name}"]\n'))
    run(job)
    edition = json.loads((project / "output" / language / "nato-russia-talks.json").read_text(encoding="utf-8"))
    headline = next(b["target"] for b in edition["blocks"] if b["source"] == CAPS)
    assert headline == headline.upper() and translated in headline
    assert not any(word in headline for word in ("FAIL", "AGREE", "MISSILE"))


def test_the_sample_in_spanish_has_no_apertium_casing_artefacts(project):
    translate("apertium", "es", ["x"])
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    job = load_job(write_job(project, 'targets = ["es"]\nformats = ["json"]\n[publish]\npolicy = "machine"\n'
                                      '[engines]\norder = ["apertium"]\n'))
    run(job)
    edition = json.loads((project / "output" / "es" / "nato-russia-talks.json").read_text(encoding="utf-8"))
    text = " ".join(b["target"] for b in edition["blocks"])
    assert "Lavrov" in text and "OTAN" in text
    assert "Dijo" not in text and "DE LA OTAN" not in text


def test_post_edit_runs_each_step_once_per_sentence():
    given = {CAPS: "NATO and Russia fail to agree on missile defense"}
    out = post_edit({CAPS: "la OTAN y Rusia no acuerdan", "On April 22.": "encima abril 22."}, given, "en", "es")
    assert out == {CAPS: "LA OTAN Y RUSIA NO ACUERDAN", "On April 22.": "El 22 de abril."}
