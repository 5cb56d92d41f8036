"""The grammar check: constructions Spanish does not have, written word for word from English, are blocking."""

from __future__ import annotations

import pytest

from translator.article import BlockKind
from translator.checks import check_unit
from translator.checks.grammar import check_grammar, check_term_agreement
from translator.memory.catalog import State


@pytest.mark.parametrize(("target", "words"), [
    ("El ministro ha siempre defendido el acuerdo.", "ha siempre"),
    ("Los dos países tienen firmó un tratado comercial.", "tienen firmó"),
    ("La sesión terminó tarde. Todavía, los precios subieron.", "Todavía,"),
    ("El activista estuvo arrestado por la policía en Minsk.", "estuvo arrestado"),
])
def test_an_english_construction_in_spanish_is_blocking(target, words):
    [finding] = check_grammar("(source)", target, "en", "es")
    assert (finding.check, finding.severity) == ("grammar", "blocking") and f'"{words}"' in finding.detail
    assert "grammar" in [f.check for f in check_unit("The minister has always defended the deal.", target, "en",
                                                     "es")]


@pytest.mark.parametrize("target", [
    "El ministro siempre ha defendido el acuerdo.",
    "Aun así, los precios subieron.",
    "Todavía no hay acuerdo entre las partes.",
    "El activista estuvo detenido dos años en Minsk.",
    "El acuerdo fue firmado en Estambul. Tiene razón, dijo el ministro.",
])
def test_the_same_sentences_written_as_spanish_pass(target):
    assert check_grammar("(source)", target, "en", "es") == []


def test_a_language_without_patterns_is_not_checked():
    assert check_grammar("(source)", "O ministro tem sempre defendido o acordo.", "en", "pt") == []


@pytest.mark.parametrize(("target", "form", "language"), [
    ("Rússia e Ucrânia assinaram o Iniciativa de Grãos em Istambul.", "Iniciativa de Grãos", "pt"),
    ("El original Iniciativa de Granos entró en vigor.", "Iniciativa de Granos", "es"),
    ("O Corte Europeia de Direitos Humanos decidiu o caso.", "Corte Europeia de Direitos Humanos", "pt"),
    ("Rusia violó el artículo 5 de la Convenio Europeo.", "Convenio Europeo", "es"),
])
def test_an_article_of_the_other_gender_before_a_glossary_term_is_blocking(target, form, language):
    [finding] = check_term_agreement(target, [form], language)
    assert (finding.check, finding.severity) == ("term-agreement", "blocking") and form in finding.detail


@pytest.mark.parametrize(("target", "form", "language"), [
    ("Rússia e Ucrânia assinaram a Iniciativa de Grãos em Istambul.", "Iniciativa de Grãos", "pt"),
    ("O Conselho OTAN-Rússia reuniu-se em Bruxelas.", "Conselho OTAN-Rússia", "pt"),
    ("El Tribunal Europeo de Derechos Humanos falló.", "Tribunal Europeo de Derechos Humanos", "es"),
    ("La OTAN y el Programa Mundial de Alimentos.", "Programa Mundial de Alimentos", "pt"),
])
def test_an_agreeing_article_or_a_term_whose_gender_is_not_told_passes(target, form, language):
    assert check_term_agreement(target, [form], language) == []


def test_the_run_judges_agreement_with_the_glossary_forms_of_the_unit(tmp_path):
    from translator.glossary import load_glossaries
    from translator.glossary.match import Matcher
    from translator.review.assess import assess_unit

    (tmp_path / "g.tsv").write_text("en\tpt\tnote\tcase\nGrain Initiative\tIniciativa de Grãos\t\t\n",
                                    encoding="utf-8")
    matcher = Matcher(load_glossaries([tmp_path / "g.tsv"]))
    source = "Russia and Ukraine signed the Grain Initiative in Istanbul."
    common = dict(kind=BlockKind.PARAGRAPH, source_language="en", target_language="pt", matcher=matcher)
    wrong = assess_unit(source, "Rússia e Ucrânia assinaram o Iniciativa de Grãos em Istambul.", state=State.MACHINE,
                        **common)
    approved = assess_unit(source, "Rússia e Ucrânia assinaram o Iniciativa de Grãos em Istambul.",
                           state=State.APPROVED, **common)
    right = assess_unit(source, "Rússia e Ucrânia assinaram a Iniciativa de Grãos em Istambul.", state=State.MACHINE,
                        **common)
    assert "term-agreement" in [f.check for f in wrong.findings if f.severity == "blocking"]
    assert "term-agreement" not in [f.check for f in approved.findings + right.findings]
