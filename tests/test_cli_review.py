"""The review, publish, memory and glossary commands through the CLI."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import polib
import pytest
from conftest import ROOT, approve, write_job
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus
from translator.glossary import load_glossaries

runner = CliRunner()
SHIPPED = len(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]).terms)
JOB = ('source = "en"\ntargets = ["ru", "uk"]\nformats = ["md"]\n[publish]\npolicy = "machine"\nroute_floor = 0\n'
       '[engines]\norder = ["echo"]\n')


@pytest.fixture
def ran(project, monkeypatch):
    """The sample translated into ru and uk by the echo engine, with the shipped glossary."""
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "echo_engine:EchoEngine")
    monkeypatch.chdir(project)
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    write_job(project, JOB)
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    return project


def test_review_status(ran):
    approve(ran, "uk", "nato-russia-talks")
    result = runner.invoke(app, ["review", "status"])
    assert result.exit_code == ExitStatus.OK
    table = result.stdout.split("\n\n")[0]
    lines = {line.split()[0]: line.split() for line in table.splitlines()[1:]}
    # 16 units: the credit line comes from the credit templates, not the engine
    assert lines["ru"][1:7] == ["nato-russia-talks", "16", "16", "0", "0", "0"]
    assert lines["uk"][1:7] == ["nato-russia-talks", "16", "0", "16", "0", "0"]


def test_review_status_exact(ran):
    approve(ran, "uk", "nato-russia-talks", "Talking To Taliban", "nato-russia-talks/subheadline")
    for lang in ("ru", "uk"):  # a fixed time, so the whole table can be compared
        path = ran / "locales" / lang / "LC_MESSAGES" / "nato-russia-talks.po"
        po = polib.pofile(str(path))
        po.metadata["PO-Revision-Date"] = "2026-11-30 12:00+0000"
        po.save()
    result = runner.invoke(app, ["review", "status"])
    assert result.exit_code == ExitStatus.OK
    assert result.stdout == (
        "lang  article                        units machine approved empty obsolete  last change\n"
        "ru    nato-russia-talks                 16      16        0     0        0  2026-11-30 12:00+0000\n"
        "uk    nato-russia-talks                 16      15        1     0        0  2026-11-30 12:00+0000\n"
        # the echo engine's "ru: <English>" is flagged on every unit: script and untranslated everywhere
        "\nru: risk high 16, medium 0, low 0; findings by check: language 12, negation 4, numbers 3, script 16, "
        "untranslated 16\n"
        "\nuk: risk high 15, medium 0, low 1; findings by check: language 12, negation 4, numbers 3, script 16, "
        "untranslated 16\n")


def test_review_next_text(ran):
    result = runner.invoke(app, ["review", "next", "--lang", "ru", "--limit", "2"])
    assert result.exit_code == ExitStatus.OK
    first, second = result.stdout.split("\n\n")[:2]
    assert first.startswith("[high ") and "(headline, machine)" in first  # the headline weighs most
    assert "! script (blocking): " in first and "! untranslated (blocking): " in first
    assert second.startswith("[high ")


def test_publish_approved_only_holds_back_unapproved_languages(ran):
    approve(ran, "uk", "nato-russia-talks")
    shutil.rmtree(ran / "output")
    result = runner.invoke(app, ["publish", "--approved-only", "-q"])
    assert result.exit_code == ExitStatus.PARTIAL  # ru was held
    assert (ran / "output" / "uk" / "nato-russia-talks.md").exists()
    assert not (ran / "output" / "ru").exists()


def test_publish_makes_no_engine_call(ran, monkeypatch):
    from echo_engine import EchoEngine

    def refuse(*args, **kwargs):
        raise AssertionError("publish must not translate")

    monkeypatch.setattr(EchoEngine, "translate", refuse)
    (ran / "input" / "extra.txt").write_text("New Story Headline\n\nBRUSSELS -- A new story came in today.\n",
                                             encoding="utf-8")
    result = runner.invoke(app, ["publish"])
    assert result.exit_code == ExitStatus.PARTIAL, result.output  # the new story waits for its translation
    assert "ru extra: held: not translated yet" in result.stdout


def test_memory_export_tmx(ran):
    approve(ran, "ru", "nato-russia-talks")
    result = runner.invoke(app, ["memory", "export", "--format", "tmx", "--lang", "ru"])
    assert result.exit_code == ExitStatus.OK and "16 approved units" in result.stdout
    root = ET.parse(ran / "output" / "memory-ru.tmx").getroot()
    assert len(root.findall("./body/tu")) == 16
    assert runner.invoke(app, ["memory", "export", "--format", "csv", "--lang", "ru"]).exit_code == \
        ExitStatus.USAGE


def test_glossary_show(ran):
    show = runner.invoke(app, ["glossary", "show", "NATO-Russia Council"])
    assert show.exit_code == ExitStatus.OK and "ru: Совет Россия–НАТО" in show.stdout
    assert runner.invoke(app, ["glossary", "show", "Nobody"]).exit_code == ExitStatus.ERROR


def test_glossary_lint_clean(ran):
    lint = runner.invoke(app, ["glossary", "lint"])
    assert lint.exit_code == ExitStatus.OK and lint.stdout.strip() == "clean"


def test_glossary_check(ran):
    check = runner.invoke(app, ["glossary", "check"])
    assert check.exit_code == ExitStatus.OK
    ru = next(line for line in check.stdout.splitlines() if line.startswith("ru "))
    # echo + protection: every term kept (the dateline's and the credit's terms are no engine text now)
    assert ru.split()[1:3] == ["37", "0"]


def test_glossary_export_and_import(ran):
    exported = runner.invoke(app, ["glossary", "export", "--output", "g.tbx"])
    assert exported.exit_code == ExitStatus.OK and f"{SHIPPED} terms" in exported.stdout
    imported = runner.invoke(app, ["glossary", "import", "g.tbx", "--output", "back.tsv"])
    assert imported.exit_code == ExitStatus.OK and f"{SHIPPED} terms" in imported.stdout


def test_glossary_lint_findings_exit_nonzero(ran):
    (ran / "glossaries" / "extra.tsv").write_text("en\tru\nNATO\tНАТО \n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "lint"])
    assert result.exit_code == ExitStatus.ERROR and "trailing space" in result.stdout


@pytest.mark.parametrize("command", [["review", "status", "--help"], ["review", "next", "--help"],
                                     ["memory", "export", "--help"], ["glossary", "lint", "--help"],
                                     ["models", "install", "--help"], ["models", "list", "--help"]])
def test_group_help_has_examples(command):
    result = runner.invoke(app, command)
    assert result.exit_code == 0 and "Example:" in result.stdout
