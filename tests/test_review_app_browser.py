"""The review app in real Chromium: the tokened URL, a held headline edited and approved with the keyboard and then
carried by the edition, two sessions saving one unit (the second gets the conflict), labels for every control,
and no sideways scroll at 390 px. The README's screenshots come from here (TRANSLATOR_UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import ROOT, start_chromium
from review_app_server import SLUG, catalog, make_project, run_job, start_server, stop_server

RU_HEADLINE = "Переговоры НАТО и России почти не продвинулись в вопросе противоракетной обороны"
WIDTHS = {"desktop": (1280, 860), "phone": (390, 844)}
SCREENSHOTS = {"desktop": ROOT / "docs" / "review-app.png", "phone": ROOT / "docs" / "review-app-phone.png"}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("review-app-browser") / "project")


@pytest.fixture
def server(pristine, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(pristine, project)
    running = start_server(project)
    running.project = project
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"), "--hide-scrollbars")
    yield driver
    driver.quit()


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def size(browser, width: str) -> None:
    w, h = WIDTHS[width]
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": width == "phone"})


def wait_for(browser, script: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := js(browser, script):
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def open_app(browser, server, path: str = "/") -> None:
    browser.get(server.url)  # the tokened URL sets the cookie and drops the token from the address bar
    assert "token=" not in browser.current_url
    browser.get(server.base + path)


def keys(browser, *sequence) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    chain = ActionChains(browser)
    for key in sequence:
        if isinstance(key, tuple):  # (modifiers..., key)
            *modifiers, last = key
            for m in modifiers:
                chain.key_down(m)
            chain.send_keys(last)
            for m in reversed(modifiers):
                chain.key_up(m)
        else:
            chain.send_keys(key)
    chain.perform()


def test_a_held_headline_edited_and_approved_with_the_keyboard_goes_out(browser, server):
    from selenium.webdriver.common.keys import Keys

    size(browser, "desktop")
    open_app(browser, server, f"/lang/ru/{SLUG}")
    assert "held" in browser.find_element("css selector", "main").text  # the qa policy held the machine text
    keys(browser, "j")  # the first unit: the headline
    focused = js(browser, "return document.activeElement.querySelector('h2').textContent")
    assert "headline" in focused
    keys(browser, "e", (Keys.CONTROL, "a"), RU_HEADLINE, (Keys.CONTROL, Keys.SHIFT, Keys.ENTER))
    status = wait_for(browser, "const s = document.getElementById('status').textContent;"
                               "return s.startsWith('Approved') && s")
    assert "approved" in status
    section = browser.find_element("css selector", "section.unit")
    assert section.get_attribute("data-state") == "approved"
    assert "approved by Ana Lima" in section.text
    assert "script" not in section.find_element("css selector", ".findings").text  # judged again on save
    # The desk approves the rest through the API; the next run publishes the edited headline.
    for unit in server.units():
        if unit["state"] != "approved":
            assert server.save(unit["id"], approve=True, revision=unit["revision"]).status == 200
    assert run_job(server.project).returncode == 3  # uk is still held
    report = json.loads((server.project / "output" / "report.json").read_text(encoding="utf-8"))
    assert {(r["language"], r["status"]) for r in report["rows"]} == {("ru", "ok"), ("uk", "held")}
    edition = (server.project / "output" / "ru" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert RU_HEADLINE in edition


def test_keyboard_moves_between_units(browser, server):
    size(browser, "desktop")
    open_app(browser, server, "/lang/ru")
    ids = js(browser, "return Array.from(document.querySelectorAll('section.unit')).map(s => s.id)")
    keys(browser, "j", "j", "j", "k")
    assert js(browser, "return document.activeElement.id") == ids[1]


def test_two_sessions_saving_one_unit_the_second_sees_both_versions(browser, server):
    size(browser, "desktop")
    open_app(browser, server, f"/lang/ru/{SLUG}")
    first = browser.current_window_handle
    browser.switch_to.new_window("window")
    size(browser, "desktop")
    browser.get(server.base + f"/lang/ru/{SLUG}")
    second = browser.current_window_handle
    for handle, text in ((first, "первая версия"), (second, "вторая версия")):
        browser.switch_to.window(handle)
        area = browser.find_element("css selector", "section.unit textarea")
        area.clear()
        area.send_keys(text)
        button = browser.find_element("css selector", "section.unit button[value='save']")
        js(browser, "arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        wait_for(browser, "return document.getElementById('status').textContent.match(/^(Saved|Conflict)/)")
    conflict = browser.find_element("css selector", "section.unit .conflict")
    assert conflict.is_displayed()
    assert "вторая версия" in conflict.text and "первая версия" in conflict.text
    assert "первая версия" in catalog(server.project).read_text(encoding="utf-8")
    assert "вторая версия" not in catalog(server.project).read_text(encoding="utf-8")
    browser.close()
    browser.switch_to.window(first)


def test_every_control_has_a_label_a_screen_reader_reads(browser, server):
    size(browser, "desktop")
    open_app(browser, server, f"/lang/ru/{SLUG}")
    nameless = js(browser, """
        return Array.from(document.querySelectorAll('textarea, input, button, section.unit')).filter(el => {
          if (el.matches('section')) return !document.getElementById(el.getAttribute('aria-labelledby'));
          if (el.matches('button')) return !el.textContent.trim();
          return !(el.labels && el.labels.length && el.labels[0].textContent.trim());
        }).map(el => el.outerHTML.slice(0, 80));""")
    assert nameless == []


@pytest.mark.parametrize("width", list(WIDTHS))
def test_pages_fit_the_screen_without_sideways_scroll(browser, server, width, tmp_path):
    size(browser, width)
    open_app(browser, server)
    for path in ("/", "/lang/ru", f"/lang/ru/{SLUG}"):
        browser.get(server.base + path)
        viewport = js(browser, "return document.documentElement.clientWidth")
        assert viewport == WIDTHS[width][0]
        assert js(browser, "return document.documentElement.scrollWidth") <= viewport, path
    shot = tmp_path / "shot.png"
    shot.write_bytes(browser.get_screenshot_as_png())
    assert 0 < shot.stat().st_size < 200_000  # small enough to commit
    if os.environ.get("TRANSLATOR_UPDATE_SCREENSHOTS") == "1":
        Path(SCREENSHOTS[width]).parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOTS[width])
