from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from conftest import start_chromium
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from translator.findings import Finding, Severity
from translator.languages import text_direction
from translator.review.page import PageUnit, write_review_pages
from translator.review.risk import unit_risk

HOSTILE = "<script>document.title = 'pwned'</script>"
HOSTILE_IMG = "<img src=x onerror=\"document.title = 'pwned by img'\">"
NUMBERS = Finding("numbers", Severity.BLOCKING, "2.5 became 25")
GLOSSARY = Finding("glossary", Severity.WARNING, "NATO → ناتو missing")


def rtl(language: str) -> bool:
    return text_direction(language) == "rtl"


def unit(article="nato-talks", language="fa", *, line=10, kind="paragraph", source="Source.", target="Target.",
         state="machine", findings=(), terms=(), risk=None) -> PageUnit:
    if risk is None:
        risk = unit_risk(findings, kind=kind, state=state)
    return PageUnit(article=article, language=language, catalog=f"locales/{language}/LC_MESSAGES/{article}.po",
                    line=line, kind=kind, source=source, target=target, state=state, risk=risk,
                    findings=tuple(findings), terms=tuple(terms))


def sample_units() -> list[PageUnit]:
    """Two articles in Persian (right to left) and one in Russian, in article order."""
    return [
        unit(line=5, kind="headline", source="NATO-Russia talks make little progress",
             target="گفتگوهای ناتو و روسیه پیشرفت کمی داشت", findings=[NUMBERS, GLOSSARY],
             terms=[("NATO", "ناتو")]),
        unit(line=9, kind="paragraph", source="The council met on Friday.", target="شورا روز جمعه تشکیل جلسه داد.",
             state="approved"),
        unit(line=13, kind="quote", source="We disagree.", target=HOSTILE, findings=[GLOSSARY]),
        unit(line=17, kind="paragraph", source="Another sentence.", target=HOSTILE_IMG),
        unit(line=21, kind="caption", source="A caption.", target="", state="empty"),
        unit(article="budget", line=4, kind="headline", source="Budget passes", target="بودجه تصویب شد"),
        unit(article="nato-talks", language="ru", line=5, kind="headline",
             source="NATO-Russia talks make little progress", target="Переговоры НАТО и России почти без прогресса",
             terms=[("NATO", "НАТО")]),
    ]


@pytest.fixture
def written(tmp_path) -> tuple[Path, list[Path]]:
    out = tmp_path / "review"
    return out, write_review_pages(sample_units(), out, rtl=rtl)


def parse(path: Path) -> HTMLParser:
    return HTMLParser(path.read_text(encoding="utf-8"))


def page_of(out: Path, language: str, article: str) -> HTMLParser:
    return parse(out / language / f"{article}.html")


# --- the JSON of the review queue -------------------------------------------------------------------------------

def test_to_json_has_exactly_the_queue_shape():
    data = unit(line=5, kind="headline", source="A", target="B", findings=[NUMBERS], terms=[("NATO", "ناتو")],
                risk=0.66666).to_json()
    assert data == {
        "article": "nato-talks", "language": "fa", "catalog": "locales/fa/LC_MESSAGES/nato-talks.po", "line": 5,
        "kind": "headline", "source": "A", "target": "B", "state": "machine", "risk": 0.667,
        "findings": [{"check": "numbers", "severity": "blocking", "detail": "2.5 became 25"}], "suggestions": [],
        "terms": [{"term": "NATO", "form": "ناتو"}],
    }
    assert json.loads(json.dumps(data)) == data


# --- files -------------------------------------------------------------------------------------------------------

def test_one_page_per_language_and_article_then_the_index(written):
    out, paths = written
    assert paths == [out / "fa" / "nato-talks.html", out / "fa" / "budget.html", out / "ru" / "nato-talks.html",
                     out / "index.html"]
    assert all(p.is_file() for p in paths)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_units_keep_article_order_on_their_page(written):
    out, _ = written
    sources = [td.text() for td in page_of(out, "fa", "nato-talks").css("tr.unit td.source")]
    assert sources == ["NATO-Russia talks make little progress", "The council met on Friday.", "We disagree.",
                       "Another sentence.", "A caption."]


@pytest.mark.parametrize("slug", ["../../escape", "/etc/passwd", ".hidden", "a/b"])
def test_hostile_slugs_stay_inside_the_output_folder(tmp_path, slug):
    out = tmp_path / "review"
    paths = write_review_pages([unit(article=slug)], out, rtl=rtl)
    page = paths[0].resolve()
    assert page.parent == (out / "fa").resolve()
    assert not page.name.startswith(".")
    assert parse(page).css_first("h1").text().startswith(slug)


def test_no_units_gives_an_index_that_says_so(tmp_path):
    assert write_review_pages([], tmp_path, rtl=rtl) == [tmp_path / "index.html"]
    tree = parse(tmp_path / "index.html")
    assert not tree.css("tr.page")
    assert tree.css_first(".summary").text().startswith("0 pages, 0 units")


def test_two_slugs_that_clean_to_one_name_get_two_pages(tmp_path):
    paths = write_review_pages([unit(article="a/b"), unit(article="a?b")], tmp_path, rtl=rtl)
    assert len(set(paths)) == 3


# --- what a page shows -------------------------------------------------------------------------------------------

def test_source_and_target_side_by_side_in_one_row(written):
    out, _ = written
    row = page_of(out, "ru", "nato-talks").css_first("tr.unit")
    cells = [td.attributes["class"] for td in row.css("td")]
    assert cells.index("source") + 1 == cells.index("target")
    assert row.css_first("td.source").text() == "NATO-Russia talks make little progress"
    assert row.css_first("td.target").text() == "Переговоры НАТО и России почти без прогресса"


@pytest.mark.parametrize(("language", "article", "direction"), [("fa", "nato-talks", "rtl"), ("fa", "budget", "rtl"),
                                                                 ("ru", "nato-talks", "ltr")])
def test_target_column_carries_lang_and_direction(written, language, article, direction):
    out, _ = written
    tree = page_of(out, language, article)
    targets = tree.css("td.target")
    assert targets
    assert {(td.attributes["lang"], td.attributes["dir"]) for td in targets} == {(language, direction)}
    assert {td.attributes.get("dir") for td in tree.css("td.source")} == {None}


def test_risk_state_findings_and_terms_of_a_unit(written):
    out, _ = written
    row = page_of(out, "fa", "nato-talks").css_first("tr.unit")
    assert row.attributes["data-state"] == "machine"
    risk = row.css_first("td.risk")
    assert "risk-high" in risk.attributes["class"].split()
    assert risk.css_first(".band").text() == "high"
    assert [li.css_first(".check").text() for li in row.css("td.findings li")] == ["numbers", "glossary"]
    assert row.css_first("td.findings li").text() == "numbers blocking: 2.5 became 25"
    assert row.css_first("td.terms li").text() == "NATO → ناتو"
    assert json.loads(row.attributes["data-checks"]) == ["numbers", "glossary"]


def test_a_page_names_its_catalog_and_each_row_its_line(written):
    out, _ = written
    tree = page_of(out, "fa", "budget")
    assert [c.text() for c in tree.css("header code")] == ["locales/fa/LC_MESSAGES/budget.po"]
    where = tree.css_first("tr.unit .where")
    assert where.text() == "line 4"
    assert where.attributes["title"] == "locales/fa/LC_MESSAGES/budget.po:4"


def test_bands_of_the_rows_follow_the_risk(written):
    out, _ = written
    rows = page_of(out, "fa", "nato-talks").css("tr.unit")
    bands = [row.css_first("td.risk").attributes["class"].split()[1] for row in rows]
    assert bands == ["risk-high", "risk-low", "risk-medium", "risk-low", "risk-low"]


def test_an_untranslated_unit_says_so(written):
    out, _ = written
    row = page_of(out, "fa", "nato-talks").css("tr.unit")[4]
    assert row.css_first("td.target .empty").text() == "not translated"


def test_the_filter_offers_each_state_and_check_of_the_page(written):
    out, _ = written
    tree = page_of(out, "fa", "nato-talks")
    states = [box.attributes["value"] for box in tree.css("#filter input[name=state]")]
    checks = [box.attributes["value"] for box in tree.css("#filter input[name=check]")]
    assert states == ["approved", "empty", "machine"]
    assert checks == ["", "glossary", "numbers"]
    assert all("checked" in box.attributes for box in tree.css("#filter input"))


@pytest.mark.parametrize("where", ["source", "target", "detail", "term", "article", "state"])
def test_hostile_text_is_shown_as_text(tmp_path, where):
    fields = {"source": "S", "target": "T", "state": "machine", "article": "a"}
    finding, terms = NUMBERS, [("NATO", "ناتو")]
    if where == "detail":
        finding = Finding("numbers", Severity.BLOCKING, HOSTILE)
    elif where == "term":
        terms = [(HOSTILE, HOSTILE_IMG)]
    else:
        fields[where] = HOSTILE
    pages = write_review_pages([unit(findings=[finding], terms=terms, **fields)], tmp_path, rtl=rtl)
    for path in pages:
        tree = parse(path)
        assert len(tree.css("script")) <= 1
        assert not tree.css("img")
        assert "document.title" not in "".join(s.text() for s in tree.css("script"))
    assert HOSTILE in parse(pages[0]).body.text()


def test_the_only_script_is_allowed_by_its_hash_and_nothing_loads_from_outside(written):
    out, paths = written
    for path in paths:
        tree = parse(path)
        csp = tree.css_first('meta[http-equiv="Content-Security-Policy"]').attributes["content"]
        assert "default-src 'none'" in csp
        assert not tree.css("link, img, iframe, object, embed, [src]")
        assert all(not a.attributes["href"].startswith(("http:", "https:", "//")) for a in tree.css("a"))
        scripts = tree.css("script")
        if path.name == "index.html":
            assert not scripts
            continue
        (script,) = scripts
        digest = base64.b64encode(hashlib.sha256(script.text().encode()).digest()).decode()
        assert f"script-src 'sha256-{digest}'" in csp


# --- the index ---------------------------------------------------------------------------------------------------

def test_index_links_every_page_with_counts(written):
    out, paths = written
    tree = parse(out / "index.html")
    rows = tree.css("tr.page")
    assert [(r.attributes["data-language"], r.attributes["data-article"]) for r in rows] == [
        ("fa", "nato-talks"), ("fa", "budget"), ("ru", "nato-talks")]
    for row, page in zip(rows, paths[:-1]):
        assert (out / row.css_first("a").attributes["href"]) == page
    first = rows[0]
    assert first.css_first("td.units").text() == "5"
    assert {td.attributes["data-state"]: td.text() for td in first.css("td.state")} == {
        "approved": "1", "empty": "1", "machine": "3"}
    assert {td.attributes["data-band"]: td.text() for td in first.css("td.band")} == {
        "high": "1", "medium": "1", "low": "3"}
    assert "risk-high" in first.css_first('td.band[data-band="high"]').attributes["class"]
    assert "risk-high" not in rows[2].css_first('td.band[data-band="high"]').attributes["class"]


# --- in a real browser -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), "--window-size=1400,1000")
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review-site")
    write_review_pages(sample_units(), out, rtl=rtl)
    return out


def load(browser, path: Path):
    browser.get(path.as_uri())
    return browser


def rows(browser):
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.CSS_SELECTOR, "tr.unit")


def cell(row, name: str):
    from selenium.webdriver.common.by import By

    return row.find_element(By.CSS_SELECTOR, f"td.{name}")


def style(browser, element, prop: str) -> str:
    return browser.execute_script("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1])",
                                  element, prop)


def test_browser_shows_source_and_target_side_by_side(browser, site):
    load(browser, site / "ru" / "nato-talks.html")
    (row,) = rows(browser)
    source, target = cell(row, "source"), cell(row, "target")
    assert source.is_displayed() and target.is_displayed()
    assert source.text == "NATO-Russia talks make little progress"
    assert target.text == "Переговоры НАТО и России почти без прогресса"
    assert source.rect["y"] == target.rect["y"]
    assert source.rect["x"] + source.rect["width"] <= target.rect["x"] + 1  # collapsed borders overlap by one


def test_browser_colours_high_and_low_risk_differently(browser, site):
    load(browser, site / "fa" / "nato-talks.html")
    high, low = (cell(row, "risk") for row in rows(browser)[:2])
    assert high.text.startswith("high") and low.text.startswith("low")
    assert style(browser, high, "background-color") != style(browser, low, "background-color")
    assert style(browser, low, "background-color") not in ("rgba(0, 0, 0, 0)", "transparent")


def test_browser_filter_by_state_hides_those_rows(browser, site):
    from selenium.webdriver.common.by import By

    load(browser, site / "fa" / "nato-talks.html")
    assert all(row.is_displayed() for row in rows(browser))
    browser.find_element(By.CSS_SELECTOR, "#filter input[name=state][value=machine]").click()
    shown = {row.get_attribute("data-state"): row.is_displayed() for row in rows(browser)}
    assert shown == {"machine": False, "approved": True, "empty": True}
    assert browser.find_element(By.ID, "shown").text == "2 of 5 units shown"


def test_browser_filter_by_check_hides_rows_found_only_by_it(browser, site):
    from selenium.webdriver.common.by import By

    load(browser, site / "fa" / "nato-talks.html")
    browser.find_element(By.CSS_SELECTOR, "#filter input[name=check][value=glossary]").click()
    assert [row.is_displayed() for row in rows(browser)] == [True, True, False, True, True]
    browser.find_element(By.CSS_SELECTOR, "#filter input[name=check][value='']").click()
    assert [row.is_displayed() for row in rows(browser)] == [True, False, False, False, False]


@pytest.mark.parametrize(("language", "direction"), [("fa", "rtl"), ("ru", "ltr")])
def test_browser_lays_the_target_out_in_its_direction(browser, site, language, direction):
    load(browser, site / language / "nato-talks.html")
    row = rows(browser)[0]
    assert style(browser, cell(row, "target"), "direction") == direction
    assert style(browser, cell(row, "source"), "direction") == "ltr"


def test_browser_shows_a_hostile_msgstr_as_text_and_does_not_run_it(browser, site):
    load(browser, site / "fa" / "nato-talks.html")
    assert browser.title == "Review: nato-talks (fa)"
    targets = [cell(row, "target").text for row in rows(browser)]
    assert targets[2] == HOSTILE
    assert targets[3] == HOSTILE_IMG
    assert browser.execute_script("return document.querySelectorAll('tbody script, tbody img').length") == 0


def test_browser_index_links_to_the_pages(browser, site):
    from selenium.webdriver.common.by import By

    load(browser, site / "index.html")
    links = browser.find_elements(By.CSS_SELECTOR, "tr.page a")
    assert [a.text for a in links] == ["nato-talks", "budget", "nato-talks"]
    links[1].click()
    assert browser.title == "Review: budget (fa)"
    assert cell(rows(browser)[0], "target").text == "بودجه تصویب شد"


@pytest.mark.parametrize("page", ["index.html", "fa/nato-talks.html", "ru/nato-talks.html"])
def test_browser_screenshot_of_each_page_type(browser, site, tmp_path_factory, page):
    folder = tmp_path_factory.getbasetemp() / "review-screenshots"
    folder.mkdir(exist_ok=True)
    load(browser, site / page)
    shot = folder / (page.replace("/", "-").removesuffix(".html") + ".png")
    assert browser.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
