from __future__ import annotations

import pytest

from translator.article import BlockKind
from translator.errors import LanguageDetectionError
from translator.readers import read_article

K = BlockKind


def kinds(article):
    return [b.kind for b in article.blocks]


def test_sample_block_structure(sample):
    article = read_article(sample)
    assert kinds(article) == [
        K.BOILERPLATE, K.BOILERPLATE, K.HEADLINE, K.CAPTION, K.LEAD,
        K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH,
        K.SUBHEADLINE, K.PARAGRAPH, K.QUOTE, K.PARAGRAPH, K.PARAGRAPH, K.QUOTE, K.CREDIT,
        K.BOILERPLATE, K.BOILERPLATE,
    ]
    assert article.blocks[2].text == "NATO-Russia Talks Make Little Progress On Missile Defense"
    assert article.blocks[4].text.startswith("BRUSSELS -- NATO Secretary-General")
    assert article.blocks[12].text == "Talking To Taliban"
    assert article.metadata["dateline"] == "BRUSSELS"
    assert article.language == "en" and article.language_confidence > 0.9


def test_sample_sentences_and_positions(sample):
    article = read_article(sample)
    lavrov = [b for b in article.blocks if b.text.startswith("Lavrov said Moscow")][0]
    assert len(lavrov.sentences) == 1
    assert lavrov.sentences[0].endswith("would not be used against Russia.")
    assert article.blocks[2].line == 5 and article.blocks[4].line == 9
    assert all("\u00a0" not in b.text for b in article.blocks)


def test_footer_with_nbsp_is_boilerplate_and_clean(sample):
    footer = read_article(sample).blocks[-1]
    assert footer.kind is K.BOILERPLATE
    assert "27 languages in 23 countries" in footer.text


OTHER_ARTICLE = """Skip to main content

Breaking News

Ukraine Says Grain Corridor Talks Resume In Istanbul


Ukrainian Foreign Minister Dmytro Kuleba (left) speaks to reporters in Kyiv on May 2.
KYIV -- Ukraine says talks on the Black Sea grain corridor resumed in Istanbul on May 3.

Officials said the U.S. delegation arrived late. The talks lasted 4.5 hours.

Shipping Under Fire

"We will not give up. We will keep the ports open," Kuleba said.
Compiled from dispatches by RFE/RL's Ukrainian Service
  \u2022 16x9 Image


  Copyright notice of the site goes here.
"""


def test_another_article_of_the_same_site(tmp_path):
    path = tmp_path / "grain.txt"
    path.write_text(OTHER_ARTICLE, encoding="utf-8")
    article = read_article(path, language="en")
    assert kinds(article) == [K.BOILERPLATE, K.BOILERPLATE, K.HEADLINE, K.CAPTION, K.LEAD, K.PARAGRAPH,
                              K.SUBHEADLINE, K.QUOTE, K.CREDIT, K.BOILERPLATE, K.BOILERPLATE]
    assert article.metadata["dateline"] == "KYIV"
    assert article.blocks[5].sentences == ["Officials said the U.S. delegation arrived late.",
                                           "The talks lasted 4.5 hours."]
    assert article.slug == "grain"


def test_job_patterns_extend_boilerplate(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Headline Here\n\nFirst paragraph of the story is long enough to count.\n\n"
                    "Subscribe to our newsletter today.\n\nSecond paragraph goes on about things.\n",
                    encoding="utf-8")
    plain = read_article(path, language="en")
    assert plain.blocks[2].kind is K.PARAGRAPH
    extended = read_article(path, language="en", boilerplate=["^Subscribe to our newsletter"])
    assert extended.blocks[2].kind is K.BOILERPLATE
    assert extended.blocks[3].kind is K.PARAGRAPH


@pytest.mark.parametrize("line, place", [
    ("BRUSSELS -- NATO ministers met.", "BRUSSELS"),
    ("WASHINGTON (Reuters) - The talks ended.", "WASHINGTON"),
    ("NEW YORK — The UN met on Monday.", "NEW YORK"),
])
def test_datelines(tmp_path, line, place):
    path = tmp_path / "d.txt"
    path.write_text(f"Some Headline\n\n{line}\n", encoding="utf-8")
    article = read_article(path, language="en")
    assert article.blocks[1].kind is K.LEAD
    assert article.metadata["dateline"] == place


def test_caption_needs_dateline_below_or_photo_cue(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text("Some Headline\n\nA line directly on top of another line.\nThe second line is a paragraph.\n",
                    encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks[1:]] == [K.LEAD, K.PARAGRAPH]


def test_credit_like_line_early_does_not_swallow_the_story(tmp_path):
    path = tmp_path / "early.txt"
    path.write_text("Talks Resume In Geneva\n\nReporting by our Geneva bureau\n\nGENEVA -- Talks resumed on "
                    "Monday after a long break.\n\nDelegates met for six hours.\n\nThey will meet again on Friday.\n\n"
                    "Officials gave no details of the agenda.\n", encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.CREDIT, K.LEAD, K.PARAGRAPH, K.PARAGRAPH,
                                                K.PARAGRAPH]


def test_credit_mid_story_keeps_what_follows(tmp_path):
    path = tmp_path / "mid.txt"
    body = "\n\n".join(f"Paragraph number {i} of the story goes on here." for i in range(5))
    path.write_text(f"Talks Resume\n\nGENEVA -- Talks resumed.\n\nWith reporting by AFP\n\n{body}\n", encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks][2:] == [K.CREDIT] + [K.PARAGRAPH] * 5


MIXED_BLOCKS = ("Talks Go On\n\nNATO foreign ministers met in Brussels on April 23 and were joined by Lavrov.\n\n"
                "Министры иностранных дел стран НАТО встретились в Брюсселе 23 апреля.\n\n"
                "Los ministros de Exteriores de la OTAN se reunieron en Bruselas el 23 de abril.\n")
MIXED_IN_ONE = ("Talks Go On\n\nNATO foreign ministers met in Brussels on April 23. Министры иностранных дел стран "
                "НАТО встретились в Брюсселе. Los ministros de Exteriores de la OTAN se reunieron en Bruselas.\n")


@pytest.mark.parametrize("content, names", [
    (MIXED_BLOCKS, ["en in 3", "(line 3)", "ru in 3", "(line 5)", "es in 3", "(line 7)"]),
    (MIXED_IN_ONE, ["% sure (line 3)"]),  # langdetect says Estonian for this, but not surely
])
def test_mixed_languages_ask_for_source(tmp_path, content, names):
    path = tmp_path / "mixed.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LanguageDetectionError, match="mixed or uncertain language, block by block") as info:
        read_article(path)
    message = str(info.value)
    assert str(path) in message and "`source = " in message
    assert all(name in message for name in names), message


def test_short_blocks_in_another_language_do_not_decide(tmp_path):
    """A headline or credit too short to tell (langdetect read this English headline as Norwegian) is not asked."""
    path = tmp_path / "ru.txt"
    path.write_text("Breaking: NATO Talks\n\nМинистры иностранных дел стран НАТО встретились в Брюсселе 23 апреля, "
                    "к ним присоединился министр иностранных дел России Сергей Лавров.\n\nWith reporting by AFP\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.language == "ru" and article.language_confidence > 0.9
