"""The fast language answer (CLD2) in front of langdetect: it may only skip langdetect where the answer is plain."""

from __future__ import annotations

import pytest

from translator.checks.language import check_language
from translator.text import langid
from translator.text.quick_language import is_plainly, plainly

PLAIN = {
    "pt": "Os ministros das Relações Exteriores da OTAN se reuniram em Bruxelas com o chanceler russo.",
    "es": "Los ministros de Asuntos Exteriores de la OTAN se reunieron en Bruselas con el canciller ruso.",
    "ca": "Els ministres d'Afers Estrangers de l'OTAN es van reunir a Brussel·les amb el ministre rus.",
    "ru": "Министры иностранных дел стран НАТО встретились в Брюсселе с министром иностранных дел России.",
    "zh-TW": "北約外交部長在布魯塞爾與俄羅斯外交部長舉行了會談，但沒有取得重大進展。",
}
ENGLISH = "NATO foreign ministers met in Brussels on April 23 and were joined by Russia's foreign minister."


@pytest.mark.parametrize("language", sorted(PLAIN))
def test_a_plain_sentence_is_answered_without_langdetect(language):
    assert is_plainly(PLAIN[language], language)


@pytest.mark.parametrize("language", ["pt", "es", "ca", "pt-BR"])
def test_english_is_never_plainly_the_expected_language(language):
    assert not is_plainly(ENGLISH, language)


def test_text_it_cannot_read_is_left_to_langdetect():
    assert plainly("Lavrov \udcff said") is None


def test_english_left_in_a_catalan_unit_is_still_found(monkeypatch):
    calls = []
    findings = check_language(ENGLISH, ENGLISH, "en", "ca")
    assert [f.check for f in findings] == ["language"]
    monkeypatch.setattr("translator.checks.language.detect", lambda text: calls.append(text) or ("en", 1.0))
    assert check_language(PLAIN["ca"], PLAIN["ca"], "en", "ca") == []
    assert PLAIN["ca"] not in calls  # the plain unit never reached langdetect


def test_an_article_plainly_in_one_language_never_asks_langdetect(monkeypatch):
    asked = []
    real = langid._candidates
    monkeypatch.setattr(langid, "_candidates", lambda text, where: asked.append(text) or real(text, where))
    blocks = [(n, PLAIN["es"].replace("Bruselas", city)) for n, city in enumerate(["Bruselas", "Madrid", "Lima"])]
    language, confidence = langid.detect_blocks(blocks, "a.txt")
    assert (language, asked) == ("es", [])
    assert 0.9 <= confidence <= 1.0


def test_a_mixed_article_is_still_judged_block_by_block(monkeypatch):
    asked = []
    real = langid._candidates
    monkeypatch.setattr(langid, "_candidates", lambda text, where: asked.append(text) or real(text, where))
    with pytest.raises(langid.LanguageDetectionError, match="block by block"):
        langid.detect_blocks([(1, PLAIN["es"]), (2, ENGLISH), (3, PLAIN["ru"])], "a.txt")
    assert len(asked) == 3
