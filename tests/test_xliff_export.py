"""`translator memory export --format xliff`: XLIFF 1.2 that translate-toolkit reads with the states intact, and
that comes back through `memory import`."""

from __future__ import annotations

import polib
import pytest
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus
from translator.memory.imported import import_memory, load_memory
from translator.memory.xliff import export_xliff

xliff = pytest.importorskip("translate.storage.xliff")
etree = pytest.importorskip("lxml.etree")


@pytest.fixture
def locales(tmp_path):
    """A Russian catalog with an approved, a machine, an empty and an obsolete approved entry."""
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Language": "ru", "X-Source-Language": "en", "Content-Type": "text/plain; charset=UTF-8"}
    approved = polib.POEntry(msgctxt="summit/lead", msgid="Ministers met.", msgstr="Министры встретились.",
                             comment="lead, block 2, sentence 1", tcomment="checked against the wire")
    machine = polib.POEntry(msgctxt="summit/paragraph", msgid="5 \\< 6.", msgstr="ru 5 \\< 6.", flags=["fuzzy"],
                            comment="paragraph, block 3, sentence 1\nengine confidence: 0.83")
    empty = polib.POEntry(msgctxt="summit/quote", msgid="Not yet.", msgstr="")
    gone = polib.POEntry(msgctxt="summit/paragraph", msgid="Gone.", msgstr="Ушло.", obsolete=True)
    for entry in (approved, machine, empty, gone):
        catalog.append(entry)
    path = tmp_path / "locales" / "ru" / "LC_MESSAGES" / "summit.po"
    path.parent.mkdir(parents=True)
    catalog.save(str(path))
    return tmp_path / "locales"


def test_translate_toolkit_reads_the_states_and_notes(locales, tmp_path):
    assert export_xliff(locales, "ru", tmp_path / "ru.xlf") == 4
    store = xliff.xlifffile.parsefile(str(tmp_path / "ru.xlf"))
    units = {unit.source: unit for unit in store.units}
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "ru"
    states = {source: (u.isapproved(), u.isfuzzy(), u.istranslated(), u.target) for source, u in units.items()}
    assert states == {"Ministers met.": (True, False, True, "Министры встретились."),
                      "5 < 6.": (False, True, False, "ru 5 < 6."),  # plain text, as in TMX
                      "Not yet.": (False, False, False, ""),
                      "Gone.": (True, False, True, "Ушло.")}
    assert "engine confidence: 0.83" in units["5 < 6."].getnotes()
    assert "checked against the wire" in units["Ministers met."].getnotes("reviewer")
    assert "obsolete" in units["Gone."].getnotes()


def test_the_export_is_valid_xliff_12_and_comes_back_through_import(locales, tmp_path):
    export_xliff(locales, "ru", tmp_path / "ru.xlf")
    root = etree.parse(str(tmp_path / "ru.xlf")).getroot()
    assert root.tag == "{urn:oasis:names:tc:xliff:document:1.2}xliff" and root.get("version") == "1.2"
    report = import_memory(tmp_path / "desk", "ru", tmp_path / "ru.xlf", "approved")
    assert (report.added, report.approved) == (3, 2)  # the empty unit has nothing to import
    states = {e.msgid: "fuzzy" not in e.flags for e in load_memory(tmp_path / "desk", "ru")}
    assert states == {"Ministers met.": True, "5 < 6.": False, "Gone.": True}


def test_the_cli_writes_xliff_beside_the_tmx(locales, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "translator.toml").write_text('source = "en"\ntargets = ["ru"]\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["memory", "export", "--format", "xliff", "--lang", "ru"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "4 units written" in result.stdout and (tmp_path / "output" / "memory-ru.xlf").exists()
    assert CliRunner().invoke(app, ["memory", "export", "--format", "po", "--lang", "ru"]).exit_code == \
        ExitStatus.USAGE
