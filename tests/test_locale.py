"""Locale data for every edition tag (CLDR through Babel): dates, the Open Graph locale, and desk tables (city
names, credit templates, notices, headline budgets) inherited from the plain language in the same script."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import write_job
from echo_engine import EchoEngine
from selectolax.lexbor import LexborHTMLParser
from test_html_edition import tidy

from translator.desk.credits import credit_line
from translator.desk.dateline import place_in
from translator.engines.base import EngineTraits
from translator.job import load_job
from translator.publish import html
from translator.run.pipeline import run
from translator.text import locale

# Month names as each locale's readers write them in a date, to check the editions without asking Babel again.
MONTHS = {
    "pt-BR": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "sr-Latn": "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
    "sr-Cyrl": "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
}


def written_date(day: date, tag: str) -> str:
    if tag == "zh-TW":
        return f"{day.year}年{day.month}月{day.day}日"
    month = MONTHS[tag].split()[day.month - 1]
    return f"{day.day} de {month} de {day.year}" if tag == "pt-BR" else f"{day.day}. {month} {day.year}."


# ── the locale of a tag ─────────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("tag", ["pt-BR", "zh-TW", "sr-Latn", "sr-Cyrl"])
def test_dates_are_written_the_locales_way(tag):
    day = date(2026, 12, 6)
    assert locale.long_date(day, tag) == written_date(day, tag)


def test_a_plain_sr_edition_is_dated_in_latin_like_its_desk_text():
    day = date(2026, 4, 23)
    assert locale.long_date(day, "sr") == written_date(day, "sr-Latn") != written_date(day, "sr-Cyrl")


@pytest.mark.parametrize(("tag", "script"), [("zh-TW", "Hant"), ("zt", "Hant"), ("sr-Latn", "Latn"),
                                             ("sr-Cyrl", "Cyrl"), ("pt-BR", None)])
def test_the_cldr_locale_keeps_the_script_of_the_tag(tag, script):
    found = locale.cldr_locale(tag)
    assert found is not None and found.script == script


def test_a_tag_cldr_files_under_another_code_gets_that_locale():
    assert str(locale.cldr_locale("prs")) == "fa_AF"  # Dari: CLDR's Persian of Afghanistan
    assert locale.cldr_locale("crh") is None          # no CLDR locale at all: the date stays ISO
    assert locale.long_date(date(2026, 12, 6), "crh") == "2026-12-06"


@pytest.mark.parametrize(("tag", "expected"), [
    ("pt-BR", "pt_BR"), ("pt-PT", "pt_PT"), ("zh-TW", "zh_TW"), ("zt", "zh_TW"), ("sr-Latn", "sr_RS"),
    ("pt", "pt_BR"), ("es", "es_ES"), ("en-GB", "en_GB"),
])
def test_open_graph_locale_is_language_underscore_territory(tag, expected):
    assert locale.og_locale(tag) == expected


@pytest.mark.parametrize(("text", "script"), [
    ("Uz izveštavanje {agencies}", "Latn"), ("По материалам {agencies}", "Cyrl"),
    ("با گزارش‌هایی از {agencies}", "Arab"), ("綜合{agencies}報導", None), ("{agencies}", None),
    ("Beograd Београд", None),
])
def test_the_script_an_entry_is_written_in(text, script):
    assert locale.written_script(text) == script


def test_a_table_entry_serves_a_tag_of_its_language_in_the_same_script():
    table = {"pt": "Com", "sr": "Uz izveštavanje", "ru": "По материалам", "zh-Hant": "綜合"}
    assert [locale.entry_tag(tag, table) for tag in ("pt-BR", "sr-Latn", "sr-Cyrl", "ru-UA", "zh-TW", "de")] == [
        "pt", "sr", None, "ru", "zh-Hant", None]
    assert locale.entry_tag("sr-Cyrl", {"sr": "По материалам"}) == "sr"  # a Cyrillic sr serves sr-Cyrl, not sr-Latn
    assert locale.entry_tag("sr-Latn", {"sr": "По материалам"}) is None


# ── desk tables ─────────────────────────────────────────────────────────────────────────────────────────────────

AGENCIES = ["Reuters", "AP", "24.kg"]


def test_a_regional_tag_gets_the_credit_template_of_its_language():
    assert credit_line(AGENCIES, "pt-BR") == credit_line(AGENCIES, "pt") == \
        "Com informações da Reuters, da AP e do 24.kg"
    assert credit_line(AGENCIES, "sr-Latn") == credit_line(AGENCIES, "sr") == "Uz izveštavanje Reuters, AP i 24.kg"
    # the shipped sr template is Latin: sr-Cyrl gets it transliterated, the agencies kept as written
    assert credit_line(AGENCIES, "sr-Cyrl") == "Уз извештавање Reuters, AP и 24.kg"
    assert credit_line(AGENCIES, "sr-Latn", {"sr": "Према извештајима {agencies}"}) == \
        "Prema izveštajima Reuters, AP i 24.kg"  # and a job's Cyrillic sr template is written in Latin for sr-Latn
    assert credit_line(AGENCIES, "ru-Latn") is None  # no letter-for-letter transliteration of Russian


def test_a_jobs_template_for_the_tag_or_its_language_wins_and_is_joined_the_tags_way():
    assert credit_line(AGENCIES, "pt-BR", {"pt-BR": "Com reportagem de {agencies}"}) == \
        "Com reportagem de Reuters, AP e 24.kg"
    assert credit_line(AGENCIES, "pt-BR", {"pt": "Informações de {agencies}"}) == "Informações de Reuters, AP e 24.kg"
    assert credit_line(AGENCIES, "zh-TW", {"zh-Hant": "綜合{agencies}報導"}) == "綜合Reuters、AP和24.kg報導"


@pytest.mark.parametrize(("tag", "expected"), [("pt-BR", "BRUXELAS"), ("sr-Latn", "BRISEL"), ("es-419", "BRUSELAS"),
                                               ("sr-Cyrl", "БРИСЕЛ"), ("zh-TW", None)])
def test_dateline_places_of_a_tag_come_from_its_language(tag, expected):
    assert place_in("BRUSSELS", tag, "en") == expected


def test_credit_templates_keep_the_region_of_their_tag(tmp_path):
    write_job(tmp_path, 'targets = ["pt-BR"]\n[credits]\npt_br = "Com reportagem de {agencies}"\n')
    assert load_job(tmp_path / "translator.toml").credit_templates == {"pt-BR": "Com reportagem de {agencies}"}


def test_headline_budgets_are_inherited_in_any_script(tmp_path):
    write_job(tmp_path, 'targets = ["sr-Latn", "zh-TW", "pt-BR"]\n[checks]\n'
                        'headline_budget = { "*" = 90, sr = 70, zh = 30, pt-BR = 80, pt = 85 }\n')
    job = load_job(tmp_path / "translator.toml")
    assert [job.headline_budget(tag) for tag in ("sr-Latn", "zh-TW", "pt-BR", "pt-PT", "de")] == [70, 30, 80, 85, 90]


# ── editions ────────────────────────────────────────────────────────────────────────────────────────────────────

STORY = """# Talks Make Little Progress

BRUSSELS -- NATO says the talks were useful.

The alliance met again on Monday.

*With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP*
"""


def _site(project: Path, targets: str, extra: str = "") -> None:
    (project / "input").mkdir(parents=True, exist_ok=True)
    (project / "input" / "story.md").write_text(STORY, encoding="utf-8")
    write_job(project, f'source = "en"\ntargets = [{targets}]\nformats = ["html", "json", "md"]\n[engines]\n'
                       f'order = ["echo"]\n[publish]\npolicy = "machine"\n{extra}')


TARGETS = ("pt-BR", "sr-Latn", "sr-Cyrl")
OG = {"pt-BR": "pt_BR", "sr-Latn": "sr_RS", "sr-Cyrl": "sr_RS"}


class LatinSerbianEcho(EchoEngine):
    """The echo engine declaring, like Apertium, that it writes its sr in Latin letters."""

    traits = EngineTraits(scripts={"sr": "Latn"})


@pytest.fixture
def editions(tmp_path) -> Path:
    """pt-BR, sr-Latn and sr-Cyrl editions by the echo engine, which (like Apertium) writes its sr in Latin and
    has a pair of its own for sr-Cyrl."""
    _site(tmp_path, ", ".join(f'"{tag}"' for tag in TARGETS))
    echo = LatinSerbianEcho(pairs={("en", "pt"), ("en", "sr"), ("en", "sr-Cyrl")})
    report = run(load_job(tmp_path / "translator.toml"), engines={"echo": echo})
    assert [(row.language, row.status.value) for row in report.rows] == [(tag, "ok") for tag in TARGETS]
    assert not any("BRUSSELS" in s or "Reuters" in s for s in echo.sent)  # the desk wrote both, not the engine
    assert not report.warnings
    return tmp_path


def _page(project: Path, tag: str) -> LexborHTMLParser:
    return LexborHTMLParser((project / "output" / tag / "story.html").read_text(encoding="utf-8"))


def _blocks(project: Path, tag: str) -> dict[str, str]:
    data = json.loads((project / "output" / tag / "story.json").read_text(encoding="utf-8"))
    return {block["kind"]: block["target"] for block in data["blocks"]}


def _meta(tree: LexborHTMLParser, prop: str) -> list[str]:
    return [m.attributes["content"] for m in tree.css(f'meta[property="{prop}"]')]


@pytest.mark.parametrize("tag", TARGETS)
def test_an_edition_carries_its_locales_date_and_open_graph_locale(editions, tag):
    tree = _page(editions, tag)
    time = tree.css_first("header time")
    assert time.text() == written_date(datetime.fromisoformat(time.attributes["datetime"]).date(), tag)
    assert _meta(tree, "og:locale") == [OG[tag]]
    assert _meta(tree, "og:locale:alternate") == [OG[other] for other in TARGETS if other != tag]
    assert tree.css_first("html").attributes["lang"] == tag


def test_pt_br_and_serbian_editions_inherit_the_desk_tables(editions):
    pt, sr, cyrillic = (_blocks(editions, tag) for tag in TARGETS)
    assert pt["credit"] == "Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP"
    assert pt["lead"] == "BRUXELAS -- pt: NATO says the talks were useful."
    assert sr["credit"] == "Uz izveštavanje Reuters, ITAR-TASS, dpa, Interfax i AFP"
    assert sr["lead"] == "BRISEL -- sr: NATO says the talks were useful."
    # the Latin table, transliterated
    assert cyrillic["credit"] == "Уз извештавање Reuters, ITAR-TASS, dpa, Interfax и AFP"
    assert cyrillic["lead"] == "БРИСЕЛ -- sr-Cyrl: NATO says the talks were useful."
    md = (editions / "output" / "pt-BR" / "story.md").read_text(encoding="utf-8")
    assert md.endswith("\n*Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP*\n")


def test_an_inherited_notice_is_marked_as_the_editions_language(editions):
    # policy "machine": the units are unreviewed, so the page says it was machine-translated, in sr's Latin words
    notice = _page(editions, "sr-Latn").css_first("header .notice")
    assert notice.text() == html.NOTICES["sr"] and "lang" not in notice.attributes
    notice = _page(editions, "sr-Cyrl").css_first("header .notice")
    assert notice.text() == "Овај чланак је машински преведен и уредник га још није прегледао."
    assert "lang" not in notice.attributes


def test_a_zh_tw_edition_is_dated_in_traditional_chinese_with_the_jobs_zh_hant_credit(tmp_path):
    _site(tmp_path, '"zh-TW"', '[credits]\nzh-Hant = "綜合{agencies}報導"\n')
    echo = EchoEngine(pairs={("en", "zt")})
    report = run(load_job(tmp_path / "translator.toml"), engines={"echo": echo})
    assert [(row.language, row.status.value) for row in report.rows] == [("zh-TW", "ok")]
    assert _blocks(tmp_path, "zh-TW")["credit"] == "綜合Reuters、ITAR-TASS、dpa、Interfax和AFP報導"
    # the city table has no Chinese: the dateline stays in the sentence the engine translates, and is reported
    assert any("dateline 'BRUSSELS'" in w and "zh-TW" in w for w in report.warnings)
    tree = _page(tmp_path, "zh-TW")
    time = tree.css_first("header time")
    assert time.text() == written_date(datetime.fromisoformat(time.attributes["datetime"]).date(), "zh-TW")
    assert _meta(tree, "og:locale") == ["zh_TW"]
    assert tree.css_first("html").attributes["lang"] == "zh-TW"


def test_the_locale_editions_are_valid_html(editions, tmp_path):
    _site(tmp_path / "zh", '"zh-TW"')
    run(load_job(tmp_path / "zh" / "translator.toml"), engines={"echo": EchoEngine(pairs={("en", "zt")})})
    pages = [editions / "output" / tag / "story.html" for tag in TARGETS]
    for page in [*pages, tmp_path / "zh" / "output" / "zh-TW" / "story.html"]:
        result = subprocess.run([tidy(), "-quiet", "-errors", "--show-warnings", "yes", str(page)],
                                capture_output=True, text=True, timeout=60)
        assert (page.parent.name, result.returncode, result.stderr) == (page.parent.name, 0, "")


# ── numbers and dates an engine left in the English form ────────────────────────────────────────────────────────

SOURCE = "Prices rose 31.5 percent to 18,000 euros on April 22, 2013."


@pytest.mark.parametrize(("tag", "raw", "expected"), [
    ("pt-BR", "Os preços subiram 31.5 por cento para 18,000 euros encima April 22, 2013.",
     "Os preços subiram 31,5% para 18.000 euros em 22 de abril de 2013."),
    # Latin American Spanish writes the English marks: only the date and the sign change
    ("es-419", "Los precios subieron 31.5 por ciento a 18,000 euros encima abril 22, 2013.",
     "Los precios subieron 31.5% a 18,000 euros el 22 de abril de 2013."),
])
def test_numbers_and_dates_in_the_text_follow_the_tags_locale(tag, raw, expected):
    from translator.postedit.localize import localize

    assert localize(SOURCE, raw, tag) == expected
