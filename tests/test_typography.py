"""Portuguese spelling and typography after the engine (translator/postedit/typography.py), on Bergamot's output."""

from __future__ import annotations

import pytest
from conftest import ROOT, require_engine

from translator.engines import engine_class
from translator.glossary import load_glossaries
from translator.glossary.enforce import enforce
from translator.glossary.match import Matcher
from translator.postedit import post_edit
from translator.postedit.typography import typeset

# Sentences of benchmarks/reference where Bergamot en->pt writes what a Portuguese newspaper would not print.
CASES = [
    ("Polling stations close at 8 p.m., and preliminary results are expected on December 1.", "1o de", "1º de"),
    ("The Rogun dam has already cost more than $4 billion.", "US $", "US$ 4"),
    ("Tajikistan has asked the International Monetary Fund for a $250 million loan.", "250 milhões de dólares",
     "US$ 250 milhões"),
    ("Uzbekistan, which lies downstream, has never fully dropped its objections to the project, fearing water "
     "shortages for its cotton fields.", "projecto", "projeto"),
]


def strategy_for(engine: str) -> str:
    """The glossary strategy the engine declares (its traits)."""
    return engine_class(engine).traits.glossary_strategy


@pytest.fixture(scope="module")
def bergamot():
    from translator.engines import create_engine

    engine = create_engine("bergamot")
    require_engine("bergamot", engine.unavailable_reason())
    return engine


@pytest.mark.parametrize("source, raw_form, fixed_form", CASES)
def test_what_the_engine_wrote_is_set_right(bergamot, source, raw_form, fixed_form):
    raw = bergamot.translate([source], "en", "pt")[0]
    assert raw_form in raw  # the engine's own form, still there to fix
    edited = post_edit({source: raw}, {}, "en", "pt", repair=bergamot.traits.post_edit_repairs)[source]
    assert fixed_form in edited and raw_form not in edited


def test_other_languages_and_other_dollars_are_left_alone():
    assert typeset("el 1o de diciembre", "es") == "el 1o de diciembre"
    assert typeset("custou 250 milhões de dólares", "pt", "cost C$250 million") == "custou 250 milhões de dólares"
    assert typeset("O facto e a facção", "pt") == "O facto e a facção"  # consonants one norm still writes
    assert typeset("PROJECTO e Eléctrica", "pt") == "PROJETO e Elétrica"


def test_a_glossary_name_in_another_case_takes_the_glossarys(bergamot):
    """Bergamot writes "do Mar Negro"; the desk writes "mar Negro" (a case-only fix, no second pass)."""
    sentence = "Ships will carry grain along a safe corridor through the Black Sea."
    calls = []

    def translate(batch):
        calls.append(batch)
        return dict(zip(batch, bergamot.translate(batch, "en", "pt")))

    raw = translate([sentence])[sentence]
    assert "Mar Negro" in raw
    matcher = Matcher(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]))
    calls.clear()
    out, _ = enforce([sentence], "pt", matcher, translate, strategy=strategy_for("bergamot"))
    assert "mar Negro" in out[sentence] and "Mar Negro" not in out[sentence]
    assert calls == [[sentence]]  # the case was set in place: no second translation


def test_a_lower_case_term_that_starts_a_sentence_keeps_its_capital():
    matcher = Matcher(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]))
    sentence = "Black Sea ports reopened, and ships crossed the Black Sea."
    engine_text = "Mar Negro: os portos reabriram e os navios cruzaram o Mar Negro."
    out, _ = enforce([sentence], "pt", matcher, lambda batch: dict.fromkeys(batch, engine_text))
    assert out[sentence] == "Mar Negro: os portos reabriram e os navios cruzaram o mar Negro."


def test_text_left_unchanged_keeps_the_engines_score():
    from translator.engines.base import ScoredText

    scored = ScoredText("Os funcionários deixaram a cidade na terça-feira.", 0.2)
    assert typeset(scored, "pt") is scored
