from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from echo_engine import EchoEngine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "nato-russia-talks.txt"


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the sample article in input/."""
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    return tmp_path


@pytest.fixture
def echo() -> EchoEngine:
    return EchoEngine()


def write_job(project: Path, body: str) -> Path:
    path = project / "translator.toml"
    path.write_text(body, encoding="utf-8")
    return path


def approve(project: Path, lang: str, slug: str, msgid: str | None = None, context: str | None = None,
            text: str | None = None) -> None:
    """What a reviewer does in Poedit: maybe edit the text, then remove the fuzzy flag (of every entry when no
    msgid is given)."""
    import polib

    po = polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"))
    entries = [po.find(msgid, msgctxt=context)] if msgid is not None else list(po)
    for entry in entries:
        entry.msgstr = text if text is not None else entry.msgstr
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.save()


def require_engine(name: str, reason: str | None) -> None:
    """Skip when an engine cannot run here, unless CI said it installs that engine (then fail)."""
    if reason is None:
        return
    required = os.environ.get("TRANSLATOR_REQUIRE_ENGINES", "").split()
    if name in required:
        pytest.fail(f"{name} must run in CI but is unavailable: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")


@pytest.fixture(scope="session")
def argos_packages(tmp_path_factory) -> dict[str, Path]:
    """Tiny real Argos packages, built once per session: en-ru (1.0 and 2.0), ru-uk, ru-en, en-uk (with a target
    prefix)."""
    from argos_builder import build_package

    workdir = tmp_path_factory.mktemp("argos-build")
    return {
        "en-ru": build_package(workdir / "a", "en", "ru"),
        "ru-uk": build_package(workdir / "b", "ru", "uk"),
        "en-uk": build_package(workdir / "c", "en", "uk", target_prefix="__uk__"),
        "en-ru-2.0": build_package(workdir / "d", "en", "ru", version="2.0"),
        "ru-en": build_package(workdir / "e", "ru", "en"),
        "en-de-bpe": build_package(workdir / "f", "en", "de", tokenizer="bpe"),
    }


@pytest.fixture
def models_env(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """Empty models folders (ours and argospm's), pointed to by the environment."""
    models, argos = tmp_path / "models", tmp_path / "argos-packages"
    monkeypatch.setenv("TRANSLATOR_MODELS", str(models))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos))
    return models, argos


CHROMIUM = os.environ.get("TRANSLATOR_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("TRANSLATOR_CHROMEDRIVER", "/usr/bin/chromedriver")


def browser_unavailable(reason: str):
    """Skip a browser test with the reason, unless CI said the browser must run (then fail)."""
    if os.environ.get("TRANSLATOR_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser test must run (TRANSLATOR_REQUIRE_BROWSER=1) but: {reason}")
    pytest.skip(f"browser unavailable: {reason}")


def start_chromium(profile: Path, *flags: str):
    """Headless Debian Chromium driven by selenium, with the flags a closed network needs; skips (or fails in CI)
    when selenium, chromium or chromedriver is missing."""
    import importlib.util

    if importlib.util.find_spec("selenium") is None:
        browser_unavailable("selenium is not installed (pip install -e '.[dev]')")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not (Path(path).is_file() or shutil.which(path)):
            browser_unavailable(f"{path} not found (apt-get install {package})")
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", *flags):
        options.add_argument(flag)
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as exc:
        browser_unavailable(f"chromium did not start: {exc.msg}")


# `make test-fast` runs `-m "not slow"`: the pipeline logic, readers, checks and CLI. These modules are slow as a
# whole: real engines, browsers, Dask workers, servers, kill/race/property and fuzz runs.
SLOW_MODULES = {
    "test_advisory_race", "test_apertium_process", "test_argos", "test_download_pace", "test_engine_apertium",
    "test_engine_bergamot", "test_execute", "test_fuzz", "test_glossary_enforce", "test_glossary_option",
    "test_guarantees", "test_hostile_input", "test_hostile_set", "test_kill", "test_postedit",
    "test_protection_quality", "test_review_app", "test_review_app_browser", "test_review_app_property",
    "test_sample_job", "test_models_hostile", "test_model_index",
}
SLOW_FIXTURES = {"argos_packages"}  # builds real model packages
SLOW_WORDS = {"real", "bergamot", "apertium", "browser"}  # in a test's name: a real engine or a browser


def pytest_collection_modifyitems(config, items):
    for item in items:
        words = set(re.split(r"[_\[\]-]", item.name))
        if item.path.stem in SLOW_MODULES or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) \
                or SLOW_WORDS & words:
            item.add_marker(pytest.mark.slow)
