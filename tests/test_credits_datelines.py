"""Credit lines from per-language templates, datelines from the city table or the glossary, and the routes
`translator engines` shows for the languages detected in a job's inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import write_job
from echo_engine import EchoEngine
from typer.testing import CliRunner

from translator.article import BlockKind
from translator.cli import app
from translator.desk.blocks import prepare
from translator.desk.credits import agencies, credit_line
from translator.desk.dateline import place_in
from translator.errors import JobError
from translator.glossary.match import Matcher
from translator.glossary.model import Glossary, Term
from translator.job import load_job
from translator.run.pipeline import run

DATA = Path(__file__).parent / "data"
AGENCIES = ["Reuters", "ITAR-TASS", "dpa", "Interfax", "AFP"]


@pytest.mark.parametrize("line, language, names", [
    ("With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP", "en", AGENCIES),
    ("*With reporting by Reuters and AFP*", "en", ["Reuters", "AFP"]),
    ("With additional reporting by AP.", "en", ["AP"]),
    ("По материалам Reuters, ТАСС и AFP", "ru", ["Reuters", "ТАСС", "AFP"]),
    ("За матеріалами Укрінформ та AFP", "uk", ["Укрінформ", "AFP"]),
    ("Edited by John Smith", "en", None),  # a person's credit: not an agency list
    ("With reporting by Reuters and AFP", "de", None),  # no credit rules for the language
])
def test_the_agencies_of_a_credit_line(line, language, names):
    assert agencies(line, language) == names


@pytest.mark.parametrize("language, expected", [
    ("pt", "Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP"),
    ("es", "Con información de Reuters, ITAR-TASS, dpa, Interfax y AFP"),
    ("ca", "Amb informació de Reuters, ITAR-TASS, dpa, Interfax i AFP"),
    ("sr", "Uz izveštavanje Reuters, ITAR-TASS, dpa, Interfax i AFP"),
    ("ru", "По материалам Reuters, ITAR-TASS, dpa, Interfax и AFP"),
    ("uk", "За матеріалами Reuters, ITAR-TASS, dpa, Interfax і AFP"),
    ("de", None),
])
def test_a_credit_line_in_each_language(language, expected):
    assert credit_line(AGENCIES, language) == expected


def test_a_job_template_wins_and_adds_languages():
    overrides = {"es": "Información de {agencies}", "de": "Mit Material von {agencies}"}
    assert credit_line(["Reuters", "AFP"], "es", overrides) == "Información de Reuters y AFP"
    assert credit_line(["Reuters", "AFP"], "de", overrides) == "Mit Material von Reuters und AFP"


@pytest.mark.parametrize("value, message", [
    ('es = "Con información"', "holding {agencies} once"),
    ('zz = "With {agencies}"', "unknown language code 'zz'"),
    ("es = 3", "holding {agencies} once"),
])
def test_bad_credit_templates_are_named(tmp_path, value, message):
    write_job(tmp_path, f'targets = ["es"]\n[credits]\n{value}\n')
    with pytest.raises(Exception) as caught:
        load_job(tmp_path / "translator.toml")
    assert message in str(caught.value) and "translator.toml:3: `credits." in str(caught.value)


def test_credit_templates_are_read_from_the_job(tmp_path):
    write_job(tmp_path, 'targets = ["es"]\n[credits]\nes = "Información de {agencies}"\n')
    assert load_job(tmp_path / "translator.toml").credit_templates == {"es": "Información de {agencies}"}


@pytest.mark.parametrize("place, language, source, expected", [
    ("BRUSSELS", "pt", "en", "BRUXELAS"),
    ("BRUSSELS", "es", "en", "BRUSELAS"),
    ("BRUSSELS", "ca", "en", "BRUSSEL·LES"),
    ("BRUSSELS", "sr", "en", "BRISEL"),
    ("Brussels", "es", "en", "Bruselas"),  # the source's capitals are kept
    ("KIEV", "uk", "en", "КИЇВ"),  # an alias finds the place
    ("БРЮССЕЛЬ", "uk", "ru", "БРЮССЕЛЬ"),
    ("МОСКВА", "pt", "ru", "MOSCOU"),
    ("NEW YORK", "es", "en", "NUEVA YORK"),
    ("GOTHAM", "es", "en", None),
    ("BRUSSELS", "en", "en", "BRUSSELS"),
])
def test_dateline_place_from_the_city_table(place, language, source, expected):
    assert place_in(place, language, source) == expected


def test_the_glossary_wins_over_the_table():
    glossary = Glossary("en", [Term("Brussels", {"es": "Bruselas (BE)", "sr": "="})])
    assert place_in("BRUSSELS", "es", "en", Matcher(glossary)) == "BRUSELAS (BE)"
    assert place_in("BRUSSELS", "sr", "en", Matcher(glossary)) == "BRUSSELS"  # "=": keep the source form
    assert place_in("BRUSSELS", "pt", "en", Matcher(glossary)) == "BRUXELAS"  # no pt entry: the table


# ── through the pipeline ─────────────────────────────────────────────────────────────────────────────────────

CMS_MARKDOWN = """# Talks Make Little Progress

By Rikard Jozwiak

BRUSSELS -- NATO says the talks were useful.

The alliance met again on Monday.

*With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP*
"""


def _job(project: Path, targets: str, extra: str = "") -> Path:
    (project / "input").mkdir(exist_ok=True)
    (project / "input" / "cms.md").write_text(CMS_MARKDOWN, encoding="utf-8")
    return write_job(project, f'source = "en"\ntargets = [{targets}]\nformats = ["md", "json"]\n[engines]\n'
                              f'order = ["echo"]\n[publish]\npolicy = "machine"\n{extra}')


def _edition(project: Path, language: str) -> list[dict]:
    return json.loads((project / "output" / language / "cms.json").read_text(encoding="utf-8"))["blocks"]


def test_the_credit_and_the_dateline_never_go_to_the_engine(tmp_path):
    echo = EchoEngine()
    report = run(load_job(_job(tmp_path, '"es", "pt"')), engines={"echo": echo})
    assert all(row.status == "ok" for row in report.rows)
    assert "NATO says the talks were useful." in echo.sent
    assert not any("BRUSSELS" in s or "Reuters" in s or "Rikard" in s for s in echo.sent)
    es = {b["kind"]: b["target"] for b in _edition(tmp_path, "es")}
    assert es["credit"] == "Con información de Reuters, ITAR-TASS, dpa, Interfax y AFP"  # a Spanish credit
    assert es["lead"] == "BRUSELAS -- es: NATO says the talks were useful."
    md = (tmp_path / "output" / "pt" / "cms.md").read_text(encoding="utf-8")
    # set as the source was
    assert md.endswith("\n*Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP*\n")
    assert "\nBRUXELAS -- pt: NATO says the talks were useful.\n" in md


def test_the_job_template_is_used(tmp_path):
    run(load_job(_job(tmp_path, '"es"', '[credits]\nes = "Información de {agencies}"\n')),
        engines={"echo": EchoEngine()})
    assert _edition(tmp_path, "es")[-1]["target"] == "Información de Reuters, ITAR-TASS, dpa, Interfax y AFP"


def test_a_language_without_a_template_gets_the_machine_credit_with_a_finding(tmp_path):
    echo = EchoEngine()
    report = run(load_job(_job(tmp_path, '"es", "de"')), engines={"echo": echo})
    machine = "de: *With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP*"
    assert _edition(tmp_path, "de")[-1]["markdown"] == machine
    assert _edition(tmp_path, "es")[-1]["target"] == "Con información de Reuters, ITAR-TASS, dpa, Interfax y AFP"
    de = next(row for row in report.rows if row.language == "de")
    es = next(row for row in report.rows if row.language == "es")
    assert any(q.startswith("credit no credit template for de") for q in de.qa)
    assert not any(q.startswith("credit ") for q in es.qa)


def test_an_unknown_dateline_place_stays_with_the_engine_and_is_reported(tmp_path):
    _job(tmp_path, '"es"')
    (tmp_path / "input" / "cms.md").write_text(CMS_MARKDOWN.replace("BRUSSELS", "GOTHAM"), encoding="utf-8")
    echo = EchoEngine()
    report = run(load_job(tmp_path / "translator.toml"), engines={"echo": echo})
    assert "GOTHAM -- NATO says the talks were useful." in echo.sent
    assert any("dateline 'GOTHAM' is not in the city table nor the glossary for es" in w for w in report.warnings)
    assert _edition(tmp_path, "es")[2]["target"] == "es: GOTHAM -- NATO says the talks were useful."


def test_the_sample_datelines_and_credits(project):
    echo = EchoEngine(pairs={("en", t) for t in ("pt", "es", "ca", "sr")})
    write_job(project, 'source = "auto"\ntargets = ["pt", "es", "ca", "sr"]\nformats = ["json"]\n'
                       '[engines]\norder = ["echo"]\n[publish]\npolicy = "machine"\n')
    run(load_job(project / "translator.toml"), engines={"echo": echo})
    found = {}
    for language in ("pt", "es", "ca", "sr"):
        blocks = json.loads((project / "output" / language / "nato-russia-talks.json").read_text(encoding="utf-8"))
        lead = next(b["target"] for b in blocks["blocks"] if b["kind"] == "lead")
        found[language] = (lead.split(" -- ")[0], blocks["blocks"][-1]["target"])
    assert found == {
        "pt": ("BRUXELAS", "Com informações da Reuters, da ITAR-TASS, da dpa, da Interfax e da AFP"),
        "es": ("BRUSELAS", "Con información de Reuters, ITAR-TASS, dpa, Interfax y AFP"),
        "ca": ("BRUSSEL·LES", "Amb informació de Reuters, ITAR-TASS, dpa, Interfax i AFP"),
        "sr": ("BRISEL", "Uz izveštavanje Reuters, ITAR-TASS, dpa, Interfax i AFP"),
    }


# ── translator engines with source = "auto" ──────────────────────────────────────────────────────────────────

def test_engines_shows_routes_from_each_detected_source(project, monkeypatch):
    shutil.copy(DATA / "nato-russia-talks.ru.txt", project / "input" / "talks-ru.txt")
    write_job(project, 'source = "auto"\ntargets = ["uk", "es"]\n[engines]\norder = ["apertium"]\n')
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["engines"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Routes of translator.toml (from en, detected in 1 input):" in text
    assert "Routes of translator.toml (from ru, detected in 1 input):" in text
    from_ru = text.split("(from ru")[1]
    assert from_ru.splitlines()[1].startswith("  uk   ")  # the routes listed under ru are ru's
    if "apertium   available" in text:
        assert "  uk   apertium:ru-uk" in from_ru and "  es   apertium:en-es" in text.split("(from ru")[0]


def test_engines_from_option_wins_over_detection(project, monkeypatch):
    write_job(project, 'source = "auto"\ntargets = ["uk"]\n')
    monkeypatch.chdir(project)
    result = CliRunner().invoke(app, ["engines", "--from", "ru"])
    assert "Routes of translator.toml (from ru):" in result.stdout and "(from en" not in result.stdout


def test_engines_with_no_readable_input_says_so(tmp_path, monkeypatch):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "empty.txt").write_text("", encoding="utf-8")
    write_job(tmp_path, 'source = "auto"\ntargets = ["uk"]\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["engines"])
    assert "(from en, no input could be read to detect its language)" in result.stdout


def test_job_errors_for_credits_are_job_errors(tmp_path):
    write_job(tmp_path, 'targets = ["es"]\ncredits = "es"\n')
    with pytest.raises(JobError, match="`credits` must be a table"):
        load_job(tmp_path / "translator.toml")


def test_portuguese_repeats_the_contraction_and_a_website_is_masculine():
    assert credit_line(["AKIpress", "24.kg", "AFP"], "pt") == "Com informações da AKIpress, do 24.kg e da AFP"
    assert credit_line(["Reuters"], "pt") == "Com informações da Reuters"
    # A job's own template is used as written: no item rule of the shipped table is forced on it.
    assert credit_line(["Reuters", "AP"], "pt", {"pt": "Com Reuters: {agencies}"}) == "Com Reuters: Reuters e AP"


def test_the_article_read_is_never_changed_by_the_desk_or_the_run(tmp_path, monkeypatch):
    import translator.run.plan as plan
    from translator.readers import read_article

    read: list = []

    def reading(*args, **kwargs):
        read.append(article := read_article(*args, **kwargs))
        return article

    monkeypatch.setattr(plan, "read_article", reading)
    report = run(load_job(_job(tmp_path, '"es", "de"')), engines={"echo": EchoEngine()})
    assert all(row.status == "ok" for row in report.rows) and len(read) == 1
    fresh = read_article(tmp_path / "input" / "cms.md", language="en")
    assert read[0] == fresh  # the dateline still in the lead's sentence, the credit line still a sentence
    at = next(n for n, b in enumerate(fresh.blocks) if b.kind is BlockKind.LEAD)
    assert fresh.blocks[at].sentences[0].startswith("BRUSSELS -- ")
    # What the desk decided is beside the article: the lead as translated, and the desk's text per language.
    derived, desk, _ = prepare(fresh, ["es", "pt"], {})
    assert derived.blocks[at].sentences == ["NATO says the talks were useful."]
    assert desk[at].edition_text("es", "OTAN") == "BRUSELAS -- OTAN"
    derived, desk, _ = prepare(fresh, ["es", "de"], {})  # no de dateline place: the sentence keeps it
    assert derived.blocks[at] == fresh.blocks[at] and desk[at] is None
    assert desk[-1].edition_text("es", "x") == "*Con información de Reuters, ITAR-TASS, dpa, Interfax y AFP*"
    assert desk[-1].edition_text("de", "machine credit") == "machine credit"  # no de template: the engine's
    assert read_article(tmp_path / "input" / "cms.md", language="en") == fresh
