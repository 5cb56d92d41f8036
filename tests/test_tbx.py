"""TBX: v3 TBX-Core against the official schema, TBX-Basic 2008 against translate-toolkit, and import of both."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus, GlossaryError
from translator.glossary import load_glossaries
from translator.glossary.formats import described_note, read_tsv, write_tsv
from translator.glossary.model import KEEP, Glossary, Term
from translator.glossary.tbx import read_tbx, write_tbx, write_tbx_basic_2008

etree = pytest.importorskip("lxml.etree")

DATA = Path(__file__).parent / "data"
SCHEMAS = DATA / "schemas"
TBX_NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
runner = CliRunner()

SYNONYMS_TSV = """en\tpt-BR\tpt-PT\tru\tzh-Hant\tnote\tcase
NATO | North Atlantic Treaty Organization\tOTAN | Organização do Tratado do Atlântico Norte\tOTAN\tНАТО\t北約\t\
alliance\t
RFE/RL\t=\t=\t=\t=\tbroadcaster\t
dpa\t=\t\tДПА\t\t\texact
"""


@pytest.fixture
def rich(tmp_path) -> Glossary:
    """Synonyms, regional columns, a script tag, '=' everywhere and a case rule that is not the default."""
    path = tmp_path / "rich.tsv"
    path.write_text(SYNONYMS_TSV, encoding="utf-8")
    return load_glossaries([path])


@pytest.fixture
def newsroom() -> Glossary:
    return load_glossaries(sorted((ROOT / "glossaries").glob("*.tsv")))


@pytest.fixture(scope="module")
def core_schema():
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03_TBX-Core_integrated.rng")))


def table(glossary: Glossary) -> set:
    return {(t.source, lang, t.targets.get(lang, ""), tuple(t.alternatives(lang)), t.case, t.note)
            for t in glossary.terms for lang in [glossary.source_language, *glossary.languages]}


@pytest.mark.parametrize("which", ["rich", "newsroom"])
def test_tbx_core_export_is_valid_against_the_iso_30042_schema(which, request, tmp_path, core_schema):
    glossary = request.getfixturevalue(which)
    write_tbx(glossary, tmp_path / "g.tbx")
    document = etree.parse(str(tmp_path / "g.tbx"))
    assert core_schema.validate(document), core_schema.error_log.filter_from_errors()
    # The TBX-Core Schematron rules (XPath 2 there, so checked here in XPath 1):
    root = document.getroot()
    assert root.get("type") == "TBX-Core"
    assert not root.xpath("//*[namespace-uri() != 'urn:iso:std:iso:30042:ed-2']")
    assert not root.xpath("//t:*[@type = '']", namespaces=TBX_NS)
    assert not root.xpath("//t:termNote[not(parent::t:termSec)]", namespaces=TBX_NS)


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) not installed; CI installs it")
def test_xmllint_validates_the_core_export(rich, tmp_path):
    write_tbx(rich, tmp_path / "g.tbx")
    done = subprocess.run(["xmllint", "--noout", "--relaxng", str(SCHEMAS / "TBXcoreStructV03_TBX-Core_integrated.rng"),
                           str(tmp_path / "g.tbx")], capture_output=True, text=True)
    assert done.returncode == 0 and "validates" in done.stderr, done.stderr


def test_the_schema_rejects_what_the_old_export_wrote(tmp_path, core_schema):
    """The schema catches the issue's faults: no tbxHeader, a typed descrip in TBX-Core."""
    old = ('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Core" style="dca" xml:lang="en"><text><body>'
           '<conceptEntry id="c1"><descrip type="case">exact</descrip><langSec xml:lang="en"><termSec>'
           '<term>NATO</term></termSec></langSec></conceptEntry></body></text></tbx>')
    assert not core_schema.validate(etree.fromstring(old))


def test_keep_is_exported_as_the_source_form(rich, tmp_path):
    write_tbx(rich, tmp_path / "g.tbx")
    root = etree.parse(str(tmp_path / "g.tbx")).getroot()
    terms = [t.text for t in root.iter("{urn:iso:std:iso:30042:ed-2}term")]
    assert KEEP not in terms
    rfe = root.xpath("//t:conceptEntry[t:note='broadcaster']/t:langSec/@xml:lang", namespaces=TBX_NS)
    assert rfe == ["en", "pt-BR", "pt-PT", "ru", "zh-Hant"]  # zt is written as its BCP 47 tag
    assert root.xpath("//t:conceptEntry[t:note='broadcaster']//t:term/text()", namespaces=TBX_NS) == ["RFE/RL"] * 5


@pytest.mark.parametrize("writer", [write_tbx, write_tbx_basic_2008])
def test_round_trip_keeps_synonyms_regions_keep_and_case(rich, tmp_path, writer):
    writer(rich, tmp_path / "g.tbx")
    back = read_tbx(tmp_path / "g.tbx")
    write_tsv(back, tmp_path / "back.tsv")
    again = read_tsv(tmp_path / "back.tsv")
    assert back.languages == again.languages == ["pt-BR", "pt-PT", "ru", "zh-Hant"]  # tags as written
    assert table(again) == table(rich)
    nato = again.find("NATO")
    assert nato.alternatives("en") == ["North Atlantic Treaty Organization"]
    assert nato.forms("pt-BR") == ["OTAN", "Organização do Tratado do Atlântico Norte"]
    assert again.find("dpa").case == "exact" and again.find("dpa").targets["pt-PT"] == ""


def test_empty_glossary_is_a_named_error(tmp_path):
    with pytest.raises(GlossaryError, match="no terms"):
        write_tbx(Glossary("en", [], ["ru"]), tmp_path / "g.tbx")


def test_import_from_a_terminology_tool(tmp_path):
    """Region tags, synonyms with statuses, typed fields: the v3 file a terminology database exports."""
    path = DATA / "tbx" / "terminology-tool-v3.tbx"
    glossary = read_tbx(path)
    assert glossary.source_language == "en" and glossary.source_tag == "en-US"
    assert glossary.languages == ["pt-BR", "ru-RU"]  # region tags kept as written
    nato = glossary.find("NATO")
    assert nato.targets == {"pt-BR": "OTAN", "ru-RU": "НАТО"}  # the preferred form first, whatever the order
    assert nato.target("pt") == nato.target("pt-BR") == "OTAN" and nato.target("ru") == "НАТО"
    assert nato.alternatives("pt-BR") == ["Organização do Tratado do Atlântico Norte"]
    assert nato.alternatives("en") == ["North Atlantic Treaty Organization"]
    assert "Aliança Atlântica" not in nato.forms("pt-BR")  # deprecated: not accepted, a forbidden form
    assert nato.forbidden_forms("pt-BR") == ["Aliança Atlântica"]
    fields = {(f.category, f.text, f.language, f.form) for f in nato.fields}
    assert ("subjectField", "international relations", "", "") in fields
    assert ("definition", "military alliance of North American and European states", "", "") in fields
    assert ("administrativeStatus", "deprecatedTerm-admn-sts", "pt-BR", "Aliança Atlântica") in fields
    assert ("termType", "acronym", "en", "NATO") in fields
    assert not any("origination" in f.text for f in nato.fields)  # history is not kept
    assert glossary.find("RFE/RL").targets == {"pt-BR": KEEP} and glossary.find("RFE/RL").note == "broadcaster"
    assert glossary.find("Kremlin") is None
    assert glossary.warnings == [f"{path}: entry t3 has no en-US term; it was left out (import with --from "
                                 "naming a language every entry has)"]


def test_import_with_another_source_language(tmp_path):
    glossary = read_tbx(DATA / "tbx" / "terminology-tool-v3.tbx", "pt-BR")
    assert glossary.source_language == "pt" and [t.source for t in glossary.terms] == ["OTAN", "RFE/RL", "Kremlin"]
    assert glossary.find("OTAN").targets == {"en-US": "NATO", "ru-RU": "НАТО"}
    assert glossary.find("OTAN").forbidden == {"pt": ["Aliança Atlântica"]}


def test_translate_toolkit_reads_the_2008_export(rich, tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    write_tbx_basic_2008(rich, tmp_path / "g.tbx")
    store = tbx.tbxfile.parsefile(str(tmp_path / "g.tbx"))
    store.settargetlanguage("pt-BR")
    units = {unit.source: unit for unit in store.units}
    assert list(units) == ["NATO", "RFE/RL", "dpa"]
    nato = units["NATO"]
    assert [t.text for t in nato.get_source_terms()] == ["NATO", "North Atlantic Treaty Organization"]
    assert [t.text for t in nato.get_target_terms()] == ["OTAN", "Organização do Tratado do Atlântico Norte"]
    assert nato.get_target_terms()[0].administrative_status == "preferredTerm-admn-sts"
    assert nato.target == "OTAN" and "alliance" in nato.getnotes()
    assert units["RFE/RL"].istranslatable() is False      # '=' in every language: "Translation needed: no"
    assert units["dpa"].istranslatable() is True


def test_import_what_translate_toolkit_writes(tmp_path):
    """A glossary as translate-toolkit (and so Weblate) writes it, read back with its note and '='."""
    tbx = pytest.importorskip("translate.storage.tbx")
    store = tbx.tbxfile(sourcelanguage="en", targetlanguage="pt_BR")
    nato = store.addsourceunit("NATO")
    nato.target = "OTAN"
    nato.addnote("alliance", origin="translator")
    store.addsourceunit("Reuters").target = "Reuters"
    (tmp_path / "weblate.tbx").write_bytes(bytes(store))
    glossary = read_tbx(tmp_path / "weblate.tbx")
    assert glossary.source_language == "en" and glossary.languages == ["pt-BR"]
    assert glossary.find("NATO").targets == {"pt-BR": "OTAN"} and "alliance" in glossary.find("NATO").note
    assert glossary.find("Reuters").targets == {"pt-BR": KEEP}


def test_regional_columns_are_kept_as_written(tmp_path):
    path = tmp_path / "regions.tbx"
    path.write_text(
        '<martif type="TBX-Basic" xml:lang="en-GB"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc>'
        '</fileDesc></martifHeader><text><body><termEntry id="a">'
        '<langSet xml:lang="en-GB"><tig><term>lorry</term></tig></langSet>'
        '<langSet xml:lang="pt-BR"><tig><term>caminhão</term></tig></langSet>'
        '<langSet xml:lang="pt-PT"><tig><term>camião</term></tig></langSet>'
        '<langSet xml:lang="sr-Latn"><tig><term>kamion</term></tig></langSet>'
        '<langSet xml:lang="zh-TW"><tig><term>卡車</term></tig></langSet>'
        '</termEntry></body></text></martif>', encoding="utf-8")
    glossary = read_tbx(path)
    assert glossary.source_language == "en" and glossary.languages == ["pt-BR", "pt-PT", "sr-Latn", "zh-TW"]
    assert glossary.terms[0].targets == {"pt-BR": "caminhão", "pt-PT": "camião", "sr-Latn": "kamion", "zh-TW": "卡車"}
    lorry = glossary.terms[0]
    assert (lorry.target("pt"), lorry.target("sr-Latn"), lorry.target("sr")) == (None, "kamion", None)
    assert (lorry.target("zh-TW"), lorry.target("zt"), lorry.target("zh")) == ("卡車", "卡車", None)
    for writer in (write_tbx, write_tbx_basic_2008):  # exported back as written, en-GB and zh-TW included
        writer(glossary, tmp_path / "back.tbx")
        assert re.findall(r'xml:lang="([^"]+)"', (tmp_path / "back.tbx").read_text(encoding="utf-8")) == [
            "en-GB", "en-GB", "pt-BR", "pt-PT", "sr-Latn", "zh-TW"]


@pytest.mark.parametrize("content, message", [
    ("<tbx><text>", ":1: malformed TBX"),
    ("<glossary/>", "not TBX (the root element is <glossary>"),
    ('<martif xml:lang="xx"><text><body/></text></martif>', "unknown language code 'xx'"),
    ('<martif xml:lang="pt"><text><body><termEntry><langSet xml:lang="pt-BR"><tig><term>ônibus</term></tig>'
     '</langSet><langSet xml:lang="pt-PT"><tig><term>autocarro</term></tig></langSet></termEntry></body></text>'
     '</martif>', "pt is not a language of the file; choose the source with --from among pt-BR, pt-PT"),
    ('<tbx xml:lang="en"><text><body><conceptEntry id="c7"><langSec xml:lang="en"><termSec><term>engine</term>'
     '</termSec></langSec><langSec xml:lang=" "><termSec><term>moteur</term></termSec></langSec></conceptEntry>'
     '</body></text></tbx>', "entry c7 has a language section without xml:lang, whose terms would be lost"),
])
def test_bad_tbx_is_a_named_error(tmp_path, content, message):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=re.escape(message)) as info:
        read_tbx(path)
    assert str(info.value).startswith(str(path))


def test_source_synonyms_feed_the_checksum_only_when_present():
    plain = Glossary("en", [Term("NATO", {"ru": "НАТО"})], ["ru"])
    same = Glossary("en", [Term("NATO", {"ru": "НАТО"}, synonyms={"ru": []})], ["ru"])
    more = Glossary("en", [Term("NATO", {"ru": "НАТО"}, synonyms={"ru": ["Североатлантический альянс"]})], ["ru"])
    assert plain.compute_checksum() == same.compute_checksum() != more.compute_checksum()


@pytest.mark.parametrize("args, root_tag", [
    (["--output", "g.tbx"], "{urn:iso:std:iso:30042:ed-2}tbx"),
    (["--output", "g.tbx", "--format", "tbx2008"], "martif"),
])
def test_cli_export_formats(tmp_path, monkeypatch, args, root_tag):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.tsv").write_text(SYNONYMS_TSV, encoding="utf-8")
    result = runner.invoke(app, ["glossary", "export", *args, "g.tsv"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "3 terms written to g.tbx" in result.stdout
    assert etree.parse(str(tmp_path / "g.tbx")).getroot().tag == root_tag


def test_cli_import_prints_warnings_and_takes_the_source_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = str(DATA / "tbx" / "terminology-tool-v3.tbx")
    result = runner.invoke(app, ["glossary", "import", source, "--output", "g.tsv"])
    assert result.exit_code == ExitStatus.OK and "2 terms written to g.tsv" in result.stdout
    assert "Warning: " in result.stderr and "entry t3 has no en-US term" in result.stderr
    assert (tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()[1].startswith(
        "NATO | North Atlantic Treaty Organization\tOTAN | Organização do Tratado do Atlântico Norte | "
        "!Aliança Atlântica\tНАТО\t")  # the deprecated form marked forbidden
    swapped = runner.invoke(app, ["glossary", "import", source, "--from", "pt", "--output", "pt.tsv"])
    assert swapped.exit_code == ExitStatus.OK and "3 terms" in swapped.stdout


@pytest.mark.parametrize("args, message", [
    (["glossary", "export", "--output", "g.tbx", "--format", "xliff", "g.tsv"], "--format must be one of"),
    (["glossary", "export", "--output", "g.txt", "g.tsv"], "export to .tbx, .csv or .tsv, or name a --format"),
    (["glossary", "export", "--output", "g.tbx", "--to", "pt", "g.tsv"], "--to goes with --format deepl"),
    (["glossary", "import", "g.tsv", "--from", "en", "--output", "x.tsv"], "--from alone chooses"),
])
def test_cli_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.tsv").write_text(SYNONYMS_TSV, encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == ExitStatus.USAGE and message in result.stderr


def test_ntig_and_grouped_notes_are_read_once(tmp_path):
    path = tmp_path / "ntig.tbx"
    path.write_text(
        '<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc>'
        '</martifHeader><text><body><termEntry id="e1">'
        '<langSet xml:lang="en"><ntig><termGrp><term>sanctions</term>'
        '<termNote type="partOfSpeech">noun</termNote></termGrp></ntig></langSet>'
        '<langSet xml:lang="ru"><tig><term>санкции</term>'
        '<termNoteGrp><termNote type="grammaticalNumber">plural</termNote></termNoteGrp></tig></langSet>'
        '</termEntry></body></text></martif>', encoding="utf-8")
    term = read_tbx(path).find("sanctions")
    assert term.targets == {"ru": "санкции"} and term.note == ""
    assert [(f.category, f.text, f.language, f.form) for f in term.fields] == [
        ("partOfSpeech", "noun", "en", "sanctions"), ("grammaticalNumber", "plural", "ru", "санкции")]
    assert described_note(term) == "en sanctions: partOfSpeech: noun; ru санкции: grammaticalNumber: plural"


BASIC_EXAMPLES = {style: DATA / "tbx" / f"TBX-Basic_Example_Astronomy_{style.upper()}.tbx" for style in ("dct", "dca")}
MODULES = ("http://www.tbxinfo.net/ns/basic", "http://www.tbxinfo.net/ns/min")


@pytest.fixture(scope="module")
def core_structure():
    """The TBX v3 core structure schema, which any dialect's file (DCA or DCT) must satisfy."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "TBXcoreStructV03.rng")))


def xml_fields(path: Path, source: str = "en") -> Counter:
    """Data categories counted in the XML itself, over the entries that have a `source` term (the others are left
    out of the glossary with a warning), history (transacGrp) excepted: DCT elements by name, DCA by type."""
    root = etree.parse(str(path)).getroot()
    counts: Counter = Counter()
    for entry in root.iterfind(".//t:conceptEntry", TBX_NS):
        if not entry.xpath(f"t:langSec[@xml:lang='{source}']", namespaces=TBX_NS):
            continue
        for element in entry.xpath(".//*[not(ancestor::t:transacGrp)]", namespaces=TBX_NS):
            name = etree.QName(element).localname
            if etree.QName(element).namespace in MODULES:
                counts[name] += 1
            elif name in ("descrip", "admin", "termNote", "xref", "ref"):
                counts[element.get("type")] += 1
            elif name == "note":
                counts["note"] += 1
    return counts


def model_fields(glossary: Glossary) -> Counter:
    return Counter(field.category for term in glossary.terms for field in term.fields)


def entries(glossary: Glossary) -> list:
    return [(t.source, t.targets, t.synonyms, t.forbidden, t.note, t.case, sorted(t.fields, key=repr))
            for t in glossary.terms]


@pytest.mark.parametrize("style", ["dct", "dca"])
def test_tbx_basic_example_round_trips_with_every_field(style, tmp_path, core_structure):
    """The LTAC TBX-Basic example (DCT: <basic:definition>, <min:subjectField>; DCA: <descrip type=...>) read
    with every field, written back in either style, read again: the same fields, counted in both files."""
    path = BASIC_EXAMPLES[style]
    in_file = xml_fields(path)
    # the figures: the whole file's definitions, subject fields and part of speech are in kept entries
    assert (in_file["definition"], in_file["subjectField"], in_file["partOfSpeech"]) == (74, 39, 107)
    glossary = read_tbx(path)
    assert glossary.style == style and model_fields(glossary) == in_file
    for out_style in ("dct", "dca"):
        out = tmp_path / f"{out_style}.tbx"
        write_tbx(glossary, out, out_style)
        root = etree.parse(str(out)).getroot()
        assert (root.get("type"), root.get("style")) == ("TBX-Basic", out_style)
        in_modules = root.xpath("//*[namespace-uri() != 'urn:iso:std:iso:30042:ed-2']")
        assert bool(in_modules) == (out_style == "dct")  # DCT writes module elements, DCA typed ones only
        assert xml_fields(out) == in_file
        assert core_structure.validate(etree.parse(str(out))), core_structure.error_log.filter_from_errors()
        back = read_tbx(out)
        assert entries(back) == entries(glossary) and back.languages == glossary.languages
    write_tbx(glossary, tmp_path / "same.tbx")  # no style asked: the style read
    assert etree.parse(str(tmp_path / "same.tbx")).getroot().get("style") == style


def test_dct_statuses_become_synonyms_and_forbidden_forms():
    glossary = read_tbx(BASIC_EXAMPLES["dct"])
    cno = glossary.find("CNO cycle")
    assert cno.forbidden == {"en": ["carbon cycle"], "es": ["ciclo del carbono-nitrógeno-oxígeno",
                                                            "ciclo del carbono"]}
    assert not set(cno.forms("es")) & set(cno.forbidden_forms("es"))
    assert glossary.find("open cluster").forbidden == {"en": ["galactic cluster"]}  # superseded


def test_forbidden_forms_round_trip_through_tsv_and_2008(tmp_path):
    glossary = read_tbx(BASIC_EXAMPLES["dca"])
    write_tsv(glossary, tmp_path / "g.tsv")
    tsv = read_tsv(tmp_path / "g.tsv")
    assert [t.forbidden for t in tsv.terms] == [t.forbidden for t in glossary.terms]
    assert "!ciclo del carbono" in (tmp_path / "g.tsv").read_text(encoding="utf-8")
    write_tbx_basic_2008(tsv, tmp_path / "g2008.tbx")
    again = read_tbx(tmp_path / "g2008.tbx")
    assert [t.forbidden for t in again.terms] == [t.forbidden for t in glossary.terms]
    statuses = etree.parse(str(tmp_path / "g2008.tbx")).xpath(
        "//tig[term='ciclo del carbono']/termNote[@type='administrativeStatus']/text()")
    assert statuses == ["deprecatedTerm-admn-sts"]


def test_core_export_stays_tbx_core_without_fields(rich, tmp_path):
    write_tbx(rich, tmp_path / "g.tbx")
    assert etree.parse(str(tmp_path / "g.tbx")).getroot().get("type") == "TBX-Core"
    write_tbx(read_tbx(BASIC_EXAMPLES["dca"]), tmp_path / "basic.tbx")
    assert etree.parse(str(tmp_path / "basic.tbx")).getroot().get("type") == "TBX-Basic"


def test_translate_toolkit_reads_the_statuses_of_the_2008_export(tmp_path):
    tbx = pytest.importorskip("translate.storage.tbx")
    glossary = read_tbx(BASIC_EXAMPLES["dct"])
    write_tbx_basic_2008(glossary, tmp_path / "g.tbx")
    store = tbx.tbxfile.parsefile(str(tmp_path / "g.tbx"))
    store.settargetlanguage("es")
    cno = next(unit for unit in store.units if unit.source == "CNO cycle")
    statuses = {t.text: t.administrative_status for t in cno.get_target_terms()}
    assert cno.target == glossary.find("CNO cycle").target("es")
    assert {form for form, status in statuses.items() if status.startswith("deprecated")} == \
        set(glossary.find("CNO cycle").forbidden_forms("es"))
