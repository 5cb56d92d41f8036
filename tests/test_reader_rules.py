from __future__ import annotations

from pathlib import Path

import pytest

from translator.article import BlockKind
from translator.errors import ReaderRulesError
from translator.readers import read_article
from translator.readers.rules import rules_for

K = BlockKind
DATA = Path(__file__).parent / "data"
RU = DATA / "nato-russia-talks.ru.txt"
UK = DATA / "grain-corridor.uk.txt"

RU_KINDS = [
    K.BOILERPLATE, K.BOILERPLATE, K.HEADLINE, K.CAPTION, K.LEAD,
    K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.PARAGRAPH, K.SUBHEADLINE, K.PARAGRAPH, K.QUOTE, K.PARAGRAPH, K.CREDIT,
    K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE,
]
UK_KINDS = [
    K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE, K.HEADLINE, K.CAPTION, K.LEAD,
    K.PARAGRAPH, K.PARAGRAPH, K.SUBHEADLINE, K.QUOTE, K.PARAGRAPH, K.CREDIT,
    K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE, K.BOILERPLATE,
]


@pytest.mark.parametrize("language", [None, "ru"])  # detected, or given by the job
def test_russian_page_reads_into_its_blocks(language):
    article = read_article(RU, language=language)
    assert article.language == "ru"
    assert [b.kind for b in article.blocks] == RU_KINDS
    assert article.blocks[2].text == "Переговоры Россия – НАТО не принесли прогресса по противоракетной обороне"
    assert article.blocks[3].text.startswith("Генеральный секретарь НАТО Андерс Фог Расмуссен (справа)")
    assert article.blocks[4].text.startswith("БРЮССЕЛЬ -- Генеральный секретарь")
    assert article.blocks[9].text == "Переговоры с талибами"
    assert article.metadata == {"dateline": "БРЮССЕЛЬ",
                                "credit": "По информации агентств Reuters, ИТАР-ТАСС и Интерфакс"}
    assert article.blocks[2].line == 5 and article.blocks[4].line == 9


@pytest.mark.parametrize("language", [None, "uk"])
def test_ukrainian_page_reads_into_its_blocks(language):
    article = read_article(UK, language=language)
    assert article.language == "uk"
    assert [b.kind for b in article.blocks] == UK_KINDS
    assert article.blocks[3].text.startswith("Україна заявляє про відновлення переговорів")
    assert article.blocks[8].text == "Судноплавство під обстрілом"
    assert article.metadata == {"dateline": "КИЇВ", "credit": "За інформацією агентств Reuters, AFP та Укрінформ"}
    assert article.blocks[6].sentences == ["Посадовці повідомили, що делегація США прибула із запізненням.",
                                           "Переговори тривали 4,5 години."]


def test_rules_follow_the_language_not_the_page():
    """The English table knows no Russian chrome: the rules a page gets are its language's."""
    misread = read_article(RU, language="en")
    assert misread.blocks[0].kind is K.HEADLINE and misread.blocks[0].text == "Доступность"


@pytest.mark.parametrize("line, place", [
    ("БРЮССЕЛЬ -- Министры встретились.", "БРЮССЕЛЬ"),
    ("НЬЮ-ЙОРК (Reuters) — Совет Безопасности ООН собрался в понедельник.", "НЬЮ-ЙОРК"),
    ("РОСТОВ-НА-ДОНУ – Суд продлил арест.", "РОСТОВ-НА-ДОНУ"),
])
def test_russian_datelines(tmp_path, line, place):
    path = tmp_path / "d.txt"
    path.write_text(f"Заголовок новости дня\n\n{line}\n", encoding="utf-8")
    article = read_article(path, language="ru")
    assert article.blocks[1].kind is K.LEAD and article.metadata["dateline"] == place


def test_footer_marker_above_the_story_is_not_the_footer(tmp_path):
    path = tmp_path / "masthead.txt"
    path.write_text("Talks Resume In Geneva\n\n© 2026 RFE/RL\n\nGENEVA -- Talks resumed on Monday.\n\n"
                    "Delegates met for six hours.\n", encoding="utf-8")
    kinds = [b.kind for b in read_article(path, language="en").blocks]
    assert kinds == [K.HEADLINE, K.SUBHEADLINE, K.LEAD, K.PARAGRAPH]


BELARUSIAN = "Даступнасць\n\nПерамовы ў Брусэлі скончыліся без вынікаў\n\nБРУСЭЛЬ -- Міністры замежных спраў " \
             "краін НАТО сустрэліся ў Брусэлі і абмеркавалі сытуацыю ў Сырыі.\n\nПаводле агенцтваў Reuters і AFP\n"
DESK_TABLE = """chrome = ['^Даступнасць$']
credit = ['^Паводле агенцтваў']
dateline = ["^([А-ЯЁІЎ][А-ЯЁІЎ -]*[А-ЯЁІЎ]) ?(?:--|—|–) "]
"""


def test_a_desk_adds_its_language(tmp_path, monkeypatch):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "be.toml").write_text(DESK_TABLE, encoding="utf-8")
    path = tmp_path / "story.txt"
    path.write_text(BELARUSIAN, encoding="utf-8")
    before = read_article(path, language="be")
    assert before.blocks[0].kind is K.HEADLINE  # no Belarusian table yet
    monkeypatch.setenv("TRANSLATOR_READER_RULES", str(tmp_path / "rules"))
    article = read_article(path, language="be")
    assert [b.kind for b in article.blocks] == [K.BOILERPLATE, K.HEADLINE, K.LEAD, K.CREDIT]
    assert article.metadata["dateline"] == "БРУСЭЛЬ"


def test_a_desk_table_adds_to_a_shipped_one(tmp_path, monkeypatch):
    (tmp_path / "ru.toml").write_text("chrome = ['^Реклама$']\n", encoding="utf-8")
    monkeypatch.setenv("TRANSLATOR_READER_RULES", str(tmp_path))
    rules = rules_for("ru")
    assert any(p.search("РЕКЛАМА") for p in rules.chrome)
    assert any(p.search("Доступность") for p in rules.chrome)  # the shipped patterns stay


@pytest.mark.parametrize("name, content, message", [
    ("ru.toml", "chrome = ['^(Реклама$']\n", r"ru\.toml:1: chrome\[0\] .* is not a valid regular expression"),
    ("ru.toml", "\n\nheadline = ['^x$']\n", r"ru\.toml:3: unknown key 'headline'"),
    ("ru.toml", "credit = '^По данным'\n", r"ru\.toml:1: credit must be a list"),
    ("ru.toml", "dateline = ['^[А-Я]+ -- ']\n", r"ru\.toml:1: dateline\[0\] .* needs a group"),
    ("ru.toml", "chrome = ['^x$']\ncredit = ['a' 'b']\n", r"ru\.toml: .*line 2.*; fix the TOML syntax"),
    ("russian.toml", "chrome = []\n", r"russian\.toml: a reader rules table is named by its language code"),
])
def test_bad_desk_tables_are_named(tmp_path, monkeypatch, name, content, message):
    (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.setenv("TRANSLATOR_READER_RULES", str(tmp_path))
    with pytest.raises(ReaderRulesError, match=message):
        rules_for("ru")


def test_rules_folder_must_exist(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATOR_READER_RULES", str(tmp_path / "missing"))
    with pytest.raises(ReaderRulesError, match="which is not a folder"):
        read_article(RU, language="ru")
