"""The grammar check: constructions Spanish does not have, written word for word from English, are blocking."""

from __future__ import annotations

import pytest

from translator.checks import check_unit
from translator.checks.grammar import check_grammar


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
