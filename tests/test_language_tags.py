"""Language tags: targets keep region and script in jobs, folders, catalogs, HTML and engine lookup."""

from __future__ import annotations

import gettext
import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import SAMPLE, require_engine, write_job
from echo_engine import EchoEngine
from typer.testing import CliRunner

from translator.cli import app
from translator.engines.apertium import ApertiumEngine
from translator.engines.routes import EngineSet, NoRoute, Route, resolve_route
from translator.errors import ExitStatus, UnknownEngine, UnknownLanguage
from translator.glossary.model import Term
from translator.job import load_job
from translator.languages import (
    check_code,
    check_tag,
    fallback_tags,
    gettext_locale,
    tag_from_locale,
    text_direction,
)
from translator.memory.catalog import catalog_path, catalog_paths
from translator.memory.read import DEFAULT_PLURAL_FORMS, PLURAL_FORMS, plural_forms
from translator.run.pipeline import run

SLUG = SAMPLE.stem
MSGFMT = shutil.which("msgfmt")
MSGINIT = shutil.which("msginit")
needs_gettext = pytest.mark.skipif(not (MSGFMT and MSGINIT), reason="gettext tools (msgfmt, msginit) not installed")


# --- parsing and normalising -------------------------------------------------------------------------------

@pytest.mark.parametrize("given, tag", [
    ("pt-BR", "pt-BR"), ("pt_br", "pt-BR"), ("PT-br", "pt-BR"), (" pt-BR ", "pt-BR"),
    ("sr-Latn", "sr-Latn"), ("sr-latn", "sr-Latn"), ("sr@latin", "sr-Latn"), ("sr_RS@latin", "sr-Latn-RS"),
    ("sr-Cyrl", "sr-Cyrl"), ("zh-TW", "zh-TW"), ("zh-hant", "zh-Hant"), ("ca@valencia", "ca-valencia"),
    ("pt-Latn", "pt"),          # Latin is the only script Portuguese is written in: the registry suppresses it
    ("iw-IL", "he-IL"),         # a deprecated code becomes its replacement
    # plain codes are kept exactly: older jobs keep their folders
    ("ru", "ru"), ("uk", "uk"), ("fa", "fa"), ("pt", "pt"), ("es", "es"), ("ca", "ca"), ("sr", "sr"),
    ("RU", "ru"), ("prs", "prs"), ("zt", "zt"),
])
def test_targets_keep_their_tags(given, tag):
    assert check_tag(given, "job.toml") == tag


@pytest.mark.parametrize("given, message", [
    ("xx", "job.toml: unknown language code 'xx'"),
    ("english", "job.toml: unknown language code 'english'"),
    ("../x", "job.toml: unknown language code '../x'"),
    ("pt BR", "job.toml: unknown language code 'pt BR'"),
    ("", "job.toml: unknown language code ''"),
    ("xx-BR", "job.toml: unknown language 'xx' in tag 'xx-BR'"),
    ("pt--BR", "job.toml: 'pt--BR' is not a language tag"),
    ("pt-", "job.toml: 'pt-' is not a language tag"),
    ("pt-BR-x-news", "job.toml: language tag 'pt-BR-x-news' has private or extension parts"),
    ("x-klingon", "job.toml: unknown language 'x-klingon' in tag 'x-klingon'"),
])
def test_invalid_tags_are_named(given, message):
    with pytest.raises(UnknownLanguage, match=re.escape(message)):
        check_tag(given, "job.toml")


@pytest.mark.parametrize("given, code", [("pt-BR", "pt"), ("en-US", "en"), ("sr-Latn", "sr"), ("zh-TW", "zt")])
def test_sources_stay_plain_codes(given, code):
    # Article and source languages key rule tables and glossary columns: they keep dropping region and script.
    assert check_code(given, "article.md") == code


@pytest.mark.parametrize("tag, locale", [
    ("pt-BR", "pt_BR"), ("sr-Latn", "sr@latin"), ("sr-Latn-RS", "sr_RS@latin"), ("sr-Cyrl", "sr@cyrillic"),
    ("zh-TW", "zh_TW"), ("zh-Hant", "zh_Hant"), ("ca-valencia", "ca@valencia"), ("ru", "ru"), ("zt", "zt"),
])
def test_gettext_locale_names(tag, locale):
    assert gettext_locale(tag) == locale
    assert tag_from_locale(locale) == tag


def test_job_file_keeps_target_tags(tmp_path):
    write_job(tmp_path, 'targets = ["pt_br", "sr-Latn", "zh-TW", "ru"]\n[routes]\npt-BR = "bergamot"\n'
                        '[checks]\nheadline_budget = { pt = 80 }\n')
    job = load_job(tmp_path / "translator.toml")
    assert job.targets == ["pt-BR", "sr-Latn", "zh-TW", "ru"]
    assert job.routes == {"pt-BR": ["bergamot"]}
    assert job.headline_budget("pt-BR") == 80 and job.headline_budget("sr-Latn") is None


def test_job_file_names_the_key_and_line_of_a_bad_tag(tmp_path):
    path = write_job(tmp_path, 'source = "en"\ntargets = ["ru", "pt-XYZW1"]\n')
    with pytest.raises(UnknownLanguage, match=re.escape(f"{path}:2: `targets` holds unknown language code "
                                                        "'pt-XYZW1' (")):
        load_job(path)


def test_cli_to_names_a_bad_tag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["translate", str(SAMPLE), "--to", "pt-BR,xx-BR", "--from", "en"])
    assert result.exit_code == ExitStatus.ERROR
    assert "translate: `targets` holds unknown language code 'xx-BR' (unknown language 'xx'" in result.stderr
    assert not (tmp_path / "output").exists()


def test_cli_to_keeps_the_tag(tmp_path, monkeypatch):
    from translator.engines.bergamot import BergamotEngine

    require_engine("bergamot", BergamotEngine().unavailable_reason())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["translate", str(SAMPLE), "--to", "pt_br", "--from", "en", "--engine",
                                      "bergamot", "--format", "html", "-q"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert (tmp_path / "output" / "pt-BR" / f"{SLUG}.html").is_file()
    assert (tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / f"{SLUG}.po").is_file()
    assert not (tmp_path / "output" / "pt").exists()


# --- fallback: engines and glossaries ----------------------------------------------------------------------

@pytest.mark.parametrize("tag, scripts, chain", [
    ("pt-BR", None, ["pt-BR", "pt"]),
    ("en-US", None, ["en-US", "en"]),
    ("zh-TW", None, ["zh-TW", "zh-Hant", "zt"]),       # never zh: simplified characters
    ("zh-CN", None, ["zh-CN", "zh"]),
    ("sr-Latn", None, ["sr-Latn"]),                      # CLDR writes plain sr in Cyrillic
    ("sr-Latn", {"sr": "Latn"}, ["sr-Latn", "sr"]),      # an engine that writes its sr in Latin
    ("sr-Cyrl", None, ["sr-Cyrl", "sr"]),
    ("sr-Cyrl", {"sr": "Latn"}, ["sr-Cyrl"]),
    ("ru", None, ["ru"]),
])
def test_fallback_keeps_the_script(tag, scripts, chain):
    assert fallback_tags(tag, scripts) == chain


class Apertiumlike(EchoEngine):
    """Declares Apertium's traits (its sr is Latin): routing asks the traits, not the name."""

    name = "apertium"
    traits = ApertiumEngine.traits


def _route(target: str, engines: dict, order: list[str], routes: dict | None = None) -> Route | NoRoute:
    def factory(name: str):
        raise UnknownEngine(name)
    return resolve_route("en", target, order=order, routes=routes or {}, engines=EngineSet(factory, engines))


@pytest.mark.parametrize("target, order, expected", [
    ("pt-BR", ["echo"], "echo:en-pt"),
    ("pt", ["echo"], "echo:en-pt"),
    ("zh-TW", ["echo"], "echo:en-zt"),
    ("zh-CN", ["echo"], "echo:en-zh"),
    ("sr-Latn", ["apertium"], "apertium:en-sr"),   # Apertium's hbs_SR writes Latin
    ("sr", ["apertium"], "apertium:en-sr"),        # a plain sr job is served as before
    ("sr-Cyrl", ["apertium"], None),
    ("sr-Latn", ["echo"], None),                   # an engine's plain sr is Cyrillic unless it says otherwise
])
def test_engine_lookup_falls_back_by_script(target, order, expected):
    pairs = {("en", "pt"), ("en", "zt"), ("en", "zh"), ("en", "sr")}
    route = _route(target, {"echo": EchoEngine(pairs), "apertium": Apertiumlike(pairs)}, order)
    assert (str(route) if isinstance(route, Route) else None) == expected


def test_regional_engine_pair_wins_over_the_plain_one():
    route = _route("pt-BR", {"echo": EchoEngine({("en", "pt"), ("en", "pt-BR")})}, ["echo"])
    assert str(route) == "echo:en-pt-BR"


def test_pivot_and_explicit_routes_fall_back():
    pairs = {("ru", "en"), ("en", "pt")}
    engines = {"echo": EchoEngine(pairs)}
    pivot = resolve_route("ru", "pt-BR", order=["echo"], routes={}, engines=EngineSet(lambda n: None, engines))
    assert str(pivot) == "echo:ru-en > echo:en-pt"
    explicit = _route("pt-BR", engines, [], routes={"pt": ["echo:en-pt"]})
    assert str(explicit) == "echo:en-pt"


def test_no_round_trip_between_a_language_and_its_tag():
    engines = {"echo": EchoEngine({("pt", "en"), ("en", "pt")})}
    route = resolve_route("pt", "pt-BR", order=["echo"], routes={}, engines=EngineSet(lambda n: None, engines))
    assert isinstance(route, NoRoute) and "the source pt already serves pt-BR" in str(route)


@pytest.mark.parametrize("targets, language, expected", [
    ({"pt": "OTAN"}, "pt-BR", "OTAN"),
    ({"pt": "OTAN", "pt-BR": "Otan"}, "pt-BR", "Otan"),
    ({"pt-PT": "OTAN"}, "pt-BR", None),     # another region is not a fallback
    ({"zt": "北約"}, "zh-TW", "北約"),
    ({"zh": "北约"}, "zh-TW", None),         # simplified is not traditional
    ({"sr": "НАТО"}, "sr-Latn", None),      # a Cyrillic column does not serve Latin text
    ({"ru": "НАТО"}, "ru", "НАТО"),
])
def test_glossary_column_fallback(targets, language, expected):
    assert Term(source="NATO", targets=targets).target(language) == expected


# --- direction and plural forms from CLDR ------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["ar", "fa", "prs", "ps", "ur", "he", "yi", "ckb", "sd", "ug", "dv", "ks",
                                 "ku-Arab", "az-Arab", "fa-AF"])
def test_right_to_left(tag):
    assert text_direction(tag) == "rtl"


@pytest.mark.parametrize("tag", ["ku", "ru", "en", "pt-BR", "sr-Latn", "sr", "zh-TW", "zt", "az", "uz", "tr",
                                 "not a tag"])
def test_left_to_right(tag):
    assert text_direction(tag) == "ltr"


def _categories(forms: str) -> tuple[int, list[int]]:
    """nplurals and the form each count takes, 0..1500 and a million: two headers agree when these do."""
    nplurals = int(re.search(r"nplurals\s*=\s*(\d+)", forms).group(1))
    rule = gettext.c2py(re.search(r"plural\s*=\s*(.+?);?\s*$", forms).group(1))
    return nplurals, [rule(n) for n in [*range(1501), 10**6, 2 * 10**6]]


def _msginit_forms(locale: str, tmp_path: Path) -> str | None:
    pot = tmp_path / "x.pot"
    pot.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    out = subprocess.run([MSGINIT, "--no-translator", "-l", locale, "-i", str(pot), "-o", "-"],
                         capture_output=True, text=True, check=True).stdout
    return polib.pofile(out).metadata.get("Plural-Forms")


# Every locale gettext's msginit knows, among the desks' languages and their neighbours.
GETTEXT_KNOWN = ["es", "pt", "pt_BR", "fr", "it", "de", "ru", "uk", "be", "sr", "sr@latin", "hr", "pl", "cs",
                 "sk", "ro", "he", "ja", "ko", "lt", "lv", "ga", "sl", "tr", "el", "fi", "hu", "bg", "et", "vi"]


@needs_gettext
@pytest.mark.parametrize("locale", GETTEXT_KNOWN)
def test_plural_forms_agree_with_gettext(locale, tmp_path):
    theirs = _msginit_forms(locale, tmp_path)
    assert theirs, f"msginit knows {locale}"
    assert _categories(plural_forms(tag_from_locale(locale))) == _categories(theirs)


@needs_gettext
@pytest.mark.parametrize("tag", ["pt-BR", "sr-Latn", "zh-TW", "ru", "ar", "ckb", "ks", "ku", "mk", "is", "cy",
                                 "br", "mt", "ka", "id", "ca", "prs"])
def test_msgfmt_accepts_the_header(tag, tmp_path):
    forms = plural_forms(tag)
    nplurals = _categories(forms)[0]
    msgstrs = "".join(f'msgstr[{i}] "x{i}"\n' for i in range(nplurals))
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  f'"Language: {gettext_locale(tag)}\\n"\n"Plural-Forms: {forms}\\n"\n\n'
                  f'msgid "one file"\nmsgid_plural "%d files"\n{msgstrs}', encoding="utf-8")
    result = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", ["ru", "uk", "fa", "pt", "sr"])
def test_plain_codes_keep_their_plural_forms(code):
    assert plural_forms(code) == PLURAL_FORMS[code]


@pytest.mark.parametrize("code", ["es", "ca"])
def test_plain_codes_keep_the_default_where_cldr_differs(code):
    # CLDR gives es and ca a third form for millions; gettext (and every catalog made before) has two.
    assert plural_forms(code) == DEFAULT_PLURAL_FORMS


@pytest.mark.parametrize("code", ["ru", "uk", "fa", "pt", "es", "ca", "sr"])
def test_plain_codes_keep_their_folders(code, tmp_path):
    assert catalog_path(tmp_path, code, "story") == tmp_path / code / "LC_MESSAGES" / "story.po"


# --- end to end ---------------------------------------------------------------------------------------------

def _project(tmp_path: Path, target: str, order: str, policy: str = "qa") -> Path:
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    write_job(tmp_path, f'source = "en"\ntargets = ["{target}"]\nformats = ["html", "json"]\n'
                        f'[engines]\norder = ["{order}"]\n[publish]\npolicy = "{policy}"\n')
    return tmp_path


def _check_catalog(path: Path, language: str) -> polib.POFile:
    catalog = polib.pofile(str(path))
    assert catalog.metadata["Language"] == language
    if MSGFMT:
        result = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    return catalog


def test_pt_br_job_end_to_end_with_bergamot(tmp_path, monkeypatch):
    from translator.engines.bergamot import BergamotEngine

    require_engine("bergamot", BergamotEngine().unavailable_reason())
    monkeypatch.setenv("TRANSLATOR_MODELS", str(tmp_path / "no-models"))
    project = _project(tmp_path, "pt-BR", "bergamot")
    report = run(load_job(project / "translator.toml"))
    [row] = report.rows
    assert (row.language, row.route, row.status.value) == ("pt-BR", "bergamot:en-pt", "ok")
    catalog = _check_catalog(catalog_path(project / "locales", "pt-BR", SLUG), "pt_BR")
    assert catalog_path(project / "locales", "pt-BR", SLUG) == project / "locales" / "pt_BR" / "LC_MESSAGES" / \
        f"{SLUG}.po"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert any("OTAN" in e.msgstr for e in catalog)
    html = (project / "output" / "pt-BR" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="pt-BR" dir="ltr">' in html
    edition = json.loads((project / "output" / "pt-BR" / f"{SLUG}.json").read_text(encoding="utf-8"))
    assert edition["language"] == "pt-BR"
    assert not (project / "locales" / "pt").exists() and not (project / "output" / "pt").exists()
    assert [(lang, slug) for lang, slug, _ in catalog_paths(project / "locales")] == [("pt-BR", SLUG)]
    again = run(load_job(project / "translator.toml"))  # the pt_BR catalog is found: nothing translated twice
    assert (again.rows[0].translated, again.rows[0].reused) == (0, row.units)


def test_sr_latn_job_end_to_end_with_apertium(tmp_path):
    from translator.engines.apertium import ApertiumEngine

    engine = ApertiumEngine()
    require_engine("apertium", engine.unavailable_reason())
    if ("en", "sr") not in engine.pairs():
        pytest.skip("apertium has no en-sr (hbs_SR) mode installed")
    # The checks hold Apertium's sr text (English left in it); the machine policy publishes it to see the tags.
    project = _project(tmp_path, "sr-Latn", "apertium", policy="machine")
    [row] = run(load_job(project / "translator.toml")).rows
    assert (row.language, row.route) == ("sr-Latn", "apertium:en-sr")
    path = project / "locales" / "sr@latin" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog = _check_catalog(path, "sr@latin")
    text = " ".join(e.msgstr for e in catalog)
    assert re.search(r"[a-zčćšžđ]{4}", text) and not re.search(r"[\u0400-\u04ff]", text)  # Latin, no Cyrillic
    html = (project / "output" / "sr-Latn" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="sr-Latn" dir="ltr">' in html


def test_zh_tw_stays_zh_tw(tmp_path):
    project = _project(tmp_path, "zh-TW", "echo", policy="machine")
    echo = EchoEngine({("en", "zt"), ("en", "zh")})
    [row] = run(load_job(project / "translator.toml"), engines={"echo": echo}).rows
    assert (row.language, row.route) == ("zh-TW", "echo:en-zt")
    assert {target for _, target, _ in echo.calls} == {"zt"}
    _check_catalog(project / "locales" / "zh_TW" / "LC_MESSAGES" / f"{SLUG}.po", "zh_TW")
    html = (project / "output" / "zh-TW" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-TW" dir="ltr">' in html
    assert not (project / "output" / "zt").exists() and not (project / "locales" / "zt").exists()


def test_review_lang_takes_the_gettext_name(tmp_path, monkeypatch):
    project = _project(tmp_path, "pt-BR", "echo", policy="machine")
    run(load_job(project / "translator.toml"), engines={"echo": EchoEngine()})
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["review", "status", "--lang", "pt_BR"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert re.search(rf"^pt-BR\s+{SLUG}\s", result.stdout, re.M)


def test_engines_shows_a_region_of_the_source_language_as_the_source_as_run_publishes_it(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.txt").write_text("Ministros reúnem-se\n\nOs ministros reuniram-se hoje.\n",
                                                  encoding="utf-8")
    job = write_job(tmp_path, 'source = "pt"\ntargets = ["pt-BR", "es"]\nformats = ["md"]\n'
                              '[engines]\norder = ["bergamot"]\n[publish]\npolicy = "machine"\n')
    result = CliRunner().invoke(app, ["engines", "--job", str(job), "--format", "json"])
    routes = {r["target"]: r for r in json.loads(result.stdout)["routes"]}
    assert result.exit_code == 0 and routes["pt-BR"]["route"] == "source"
    run(load_job(job), engines={"bergamot": EchoEngine({("pt", "es")})})
    assert (tmp_path / "output" / "pt-BR" / "story.md").exists()  # the run publishes the source text there
