from __future__ import annotations

import pytest

from translator.qa import check_unit


@pytest.mark.parametrize("source, target, findings", [
    ("Talks lasted 4.5 hours on April 23.", "As conversas duraram 4,5 horas em 23 de abril.", []),
    ("Talks lasted 4.5 hours on April 23.", "As conversas duraram horas em 23 de abril.", ["numbers differ: 4.5"]),
    ("The ministers met in Brussels today.", "The ministers met in Brussels today.", ["left untranslated"]),
    ("NATO met.", "XT1X reuniu-se.", ["glossary placeholder left in the text"]),
    ("NATO met.", "  ", ["empty translation"]),
    ("NATO.", "NATO.", []),
])
def test_unit_checks(source, target, findings):
    assert check_unit(source, target, "en", "pt") == findings
