"""Glossary protection that keeps grammar and content, on real engine output (issue: better than the raw engine)."""

from __future__ import annotations

import pytest
from conftest import ROOT, require_engine

from translator.engines import engine_class
from translator.findings import Note, NoteKind
from translator.glossary import load_glossaries
from translator.glossary.enforce import enforce, lost_content
from translator.glossary.match import Matcher

CEC = "The Central Election Commission (CEC) said turnout had reached 31.5 percent by 2 p.m. local time."
GRAIN = "Turkey and the UN brokered the Grain Initiative."


def strategy_for(engine: str) -> str:
    """The glossary strategy the engine declares (its traits)."""
    return engine_class(engine).traits.glossary_strategy


def engine_translate(name: str, language: str):
    """The engine's translate as enforce() wants it, counting calls; skips when the engine is absent."""
    from translator.engines import create_engine

    engine = create_engine(name)
    require_engine(name, engine.unavailable_reason())
    calls: list[list[str]] = []

    def translate(batch: list[str]) -> dict[str, str]:
        calls.append(list(batch))
        return dict(zip(batch, engine.translate(batch, "en", language)))

    return translate, calls


@pytest.fixture(scope="module")
def institutions(tmp_path_factory) -> Matcher:
    """Two multi-word institutions whose engine renderings differ from the desk's form."""
    path = tmp_path_factory.mktemp("glossary") / "institutions.tsv"
    path.write_text("en\tpt\tes\nCentral Election Commission\tComissão Eleitoral Central\tComisión Electoral Central\n"
                    "Grain Initiative\tIniciativa de Grãos\tIniciativa de Granos\n", encoding="utf-8")
    return Matcher(load_glossaries([path]))


@pytest.fixture(scope="module")
def newsroom() -> Matcher:
    return Matcher(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]))


@pytest.mark.parametrize("engine_name, language, sentence, good, bad", [
    # Placeholders gave "El Comisión Electoral Central" and "intermediaram o Iniciativa de Grãos".
    ("apertium", "es", CEC, "La Comisión Electoral Central", "El Comisión"),
    ("bergamot", "pt", GRAIN, "a Iniciativa de Grãos", "o Iniciativa"),
])
def test_replacing_the_engines_rendering_keeps_the_article_agreement(institutions, engine_name, language, sentence,
                                                                     good, bad):
    translate, _ = engine_translate(engine_name, language)
    out, notes = enforce([sentence], language, institutions, translate, strategy=strategy_for(engine_name))
    assert good in out[sentence] and bad not in out[sentence]
    assert notes[sentence] == Note(NoteKind.RECOVERED)
    placeholder, _ = enforce([sentence], language, institutions, translate, strategy="placeholder")
    assert bad in placeholder[sentence]  # the measured failure the strategy avoids is still there to avoid


def test_a_protected_translation_that_loses_a_number_is_not_used(institutions):
    """Bergamot dropped "2 p.m." from the placeholder version; the first translation (with it) is kept."""
    translate, _ = engine_translate("bergamot", "pt")
    first = translate([CEC])[CEC]
    assert "2" in first
    out, notes = enforce([CEC], "pt", institutions, translate, strategy="placeholder")
    assert out[CEC] == first and notes[CEC] == Note(NoteKind.RECOVERED)


def test_lost_content_names_numbers_and_names_copied_from_the_source(newsroom):
    source = "Lavrov met Kerry in Brussels at 2 p.m."
    first = "Lavrov encontrou Kerry em Brussels às 2 p.m."
    terms = [m for m in newsroom.find(source) if m.text == "Brussels"]
    assert lost_content(source, first, "Lavrov encontrou Kerry em Bruxelas.", terms) == {"2"}
    assert lost_content(source, first, "XT encontrou Kerry em Bruxelas às 2.", terms) == {"Lavrov"}
    assert lost_content(source, first, "Lavrov encontrou Kerry em Bruxelas às 2 h.", terms) == set()


def test_a_case_only_miss_is_fixed_in_place_without_a_second_pass(newsroom):
    """Apertium's "de la otan" becomes "de la OTAN" where it stands, not "OTAN Los ministros ..."."""
    sentence = "NATO foreign ministers met in Brussels."
    translate, calls = engine_translate("apertium", "es")
    raw = translate([sentence])[sentence]
    assert "otan" in raw and "OTAN" not in raw
    out, notes = enforce([sentence], "es", newsroom, translate, strategy=strategy_for("apertium"))
    assert out[sentence] == raw.replace("otan", "OTAN")
    assert notes == {} and len(calls) == 2  # the raw call above, and enforce's one pass


def test_an_acronym_in_the_wrong_case_is_set_right_where_the_term_also_stands_correctly(newsroom):
    """Apertium wrote "la otan" for the first NATO while "Consejo OTAN-Rusia" had the second: every occurrence
    counts, not only the first found."""
    sentence = ("NATO Secretary-General Anders Fogh Rasmussen says that the latest meeting of the NATO-Russia "
                "Council did not make significant progress.")
    translate, _ = engine_translate("apertium", "es")
    raw = translate([sentence])[sentence]
    assert "otan" in raw  # the engine's own lower case, still there to repair
    out, _ = enforce([sentence], "es", newsroom, translate, strategy=strategy_for("apertium"))
    assert "otan" not in out[sentence] and out[sentence].count("OTAN") == 2
    assert "Consejo OTAN-Rusia" in out[sentence]
