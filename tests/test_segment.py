from __future__ import annotations

import pytest

from translator.segment import capitalized_words, join_sentences, sentence_case, split_sentences

# The comparison recorded in the README: sentencex passed every case, pysbd too (unmaintained since 2021),
# sentence-splitter split inside the quote.
CASES = [
    ("Lavrov said Moscow was studying changes to the U.S. missile-defense program, but still wanted guarantees.", 1),
    ("Dr. Smith met Gen. Petraeus at 3 p.m. on Monday. They spoke for an hour.", 2),
    ("Mr. Kerry arrived in Kyiv. He left at 5 p.m. on Tuesday.", 2),
    ("J. R. R. Tolkien wrote books. George W. Bush was president.", 2),
    ("Growth was 4.2 percent, down from 31.5 percent. Prices rose.", 2),
    ('"I am not going to guess. However, I commend all efforts," she said. Then she left.', 2),
    ("The U.S. Secretary of State said so. The U.S. is a NATO member.", 2),
]


@pytest.mark.parametrize("text, count", CASES)
def test_news_abbreviations(text, count):
    assert len(split_sentences(text, "en")) == count


def test_quote_with_two_sentences_stays_with_attribution():
    sentences = split_sentences('"I am not going to guess. However, I commend all efforts," she said. Then she left.')
    assert sentences[0] == '"I am not going to guess. However, I commend all efforts," she said.'


def test_nbsp_and_runs_of_space():
    assert split_sentences("Reports\u00a0came in.   More  followed.") == ["Reports came in.", "More followed."]


@pytest.mark.parametrize("language, joined", [("ru", "Один. Два."), ("ja", "Один.Два.")])
def test_join_per_language(language, joined):
    assert join_sentences(["Один.", "Два."], language) == joined


def test_split_russian():
    assert split_sentences("Лавров прибыл в Брюссель. Переговоры начались.", "ru") == [
        "Лавров прибыл в Брюссель.", "Переговоры начались."]


NAMES = {"Russia", "Taliban", "Kerry", "Brussels"}


@pytest.mark.parametrize("headline, cased", [
    ("NATO-Russia Talks Make Little Progress On Missile Defense",
     "NATO-Russia talks make little progress on missile defense"),
    ("Talking To Taliban", "Talking to Taliban"),
    ("Kerry Arrives In Brussels For Talks", "Kerry arrives in Brussels for talks"),
    ("Kerry arrives in Brussels for talks", "Kerry arrives in Brussels for talks"),  # already sentence case
    ("The McCain Amendment Passes", "The McCain amendment passes"),                 # inner capitals kept
    ("Go", "Go"),
])
def test_sentence_case_for_engines(headline, cased):
    assert sentence_case(headline, NAMES) == cased


def test_names_come_from_the_article_body():
    assert capitalized_words(["KYIV -- Officials in Kyiv met NATO envoys.", "Then they left."]) == {
        "KYIV", "Kyiv", "NATO", "Nato"}
