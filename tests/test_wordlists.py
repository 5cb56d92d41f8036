"""The small word lists stand in for the large ones: the same values above the floor, absent below it."""

from __future__ import annotations

import pytest
import wordfreq

from translator.checks.language import source_words
from translator.text import wordlists

# Common, middling and rare words of each side, and words of one language that leak into the other's corpus.
SAMPLE = ("the", "still", "meanwhile", "despite", "talks", "brussels", "kyrgyz", "osce", "imf", "snap", "el", "que",
          "dijo", "aguantó", "conversaciones", "reunión", "xyzzyq", "however", "officials", "ambassador")


@pytest.mark.parametrize("language", ["en", "es", "pt", "ca", "ru"])
def test_small_list_agrees_above_the_floor_and_reads_zero_below_it(language):
    for word in SAMPLE:
        large = wordfreq.zipf_frequency(word, language, wordlist="large")
        assert wordlists.zipf(word, language) == (large if large > wordlists.FLOOR else 0.0), word


def test_serbian_reads_the_serbo_croatian_list_and_unknown_languages_read_zero():
    assert wordlists.code_for("sr") == "sh"
    assert wordlists.zipf("je", "sr") > 5
    assert wordlists.code_for("xx") is None
    assert wordlists.zipf("the", "xx") == 0.0


def test_left_over_source_words_are_found_without_loading_a_large_list(monkeypatch):
    asked: list[str] = []
    real = wordfreq.word_frequency

    def spy(word, lang, wordlist="best", minimum=0.0):
        asked.append(wordlist)
        return real(word, lang, wordlist, minimum)

    wordlists.release()
    monkeypatch.setattr(wordfreq, "word_frequency", spy)
    runs = source_words("Still, as pessoas however disseram que não", "en", "pt")
    assert [" ".join(run) for run in runs] == ["Still", "however"]
    monkeypatch.undo()
    wordlists.release()
    assert asked and set(asked) == {"small"}


def test_a_word_the_engine_left_out_is_found_though_english_leaks_into_the_target_corpus():
    # Apertium leaves an unknown word as it is ("*battlefield"); the large es list gives it 2.98 from English text.
    assert [" ".join(run) for run in source_words("no es en el battlefield", "en", "es")] == ["battlefield"]
    assert source_words("no es en el campo de batalla", "en", "es") == []


def test_release_empties_the_lookup_cache():
    wordlists.zipf("the", "en")
    assert wordlists.zipf.cache_info().currsize > 0
    wordlists.release()
    assert wordlists.zipf.cache_info().currsize == 0
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
