"""TMX 1.4 export: the real source language per unit, context props, dates; valid against the TMX 1.4 DTD."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from translator.errors import CatalogError
from translator.memory.tmx import OBSOLETE_PROP, approved_units, export_tmx, tmx_date

etree = pytest.importorskip("lxml.etree")

DTD = Path(__file__).parent / "data" / "schemas" / "tmx14.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_catalog(locales: Path, language: str, slug: str, source_language: str | None,
                  entries: list[tuple[str, str, str, bool]], created: str = "2026-03-01 09:00+0000",
                  revised: str = "2026-03-02 10:30+0300") -> None:
    """entries: (msgctxt, msgid, msgstr, approved)."""
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {"Language": language, "POT-Creation-Date": created, "PO-Revision-Date": revised,
                        "Content-Type": "text/plain; charset=UTF-8"}
    if source_language:
        catalog.metadata["X-Source-Language"] = source_language
    for context, msgid, msgstr, approved in entries:
        entry = polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr)
        if not approved:
            entry.flags.append("fuzzy")
        catalog.append(entry)
    path = locales / language / "LC_MESSAGES" / f"{slug}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.save(str(path))


@pytest.fixture
def locales(tmp_path) -> Path:
    """Ukrainian catalogs of an English-source and a Russian-source article; one sentence in two places."""
    root = tmp_path / "locales"
    write_catalog(root, "uk", "summit", "en", [
        ("summit/lead", "Ministers met on Monday.", "Міністри зустрілися в понеділок.", True),
        ("summit/paragraph", "They talked for hours.", "Вони говорили годинами.", True),
        ("summit/caption", "A machine guess.", "Машинна здогадка.", False),
    ])
    write_catalog(root, "uk", "kremlin", "ru", [
        ("kremlin/lead", "Кремль ответил в среду.", "Кремль відповів у середу.", True),
    ], created="2026-04-10 08:00+0000", revised="2026-04-11 12:00+0000")
    write_catalog(root, "uk", "summit-update", "en", [
        ("summit-update/paragraph", "They talked for hours.", "Вони говорили годинами.", True),
    ], created="2026-02-01 08:00+0000", revised="2026-05-01 08:00+0000")
    write_catalog(root, "ru", "summit", "en", [
        ("summit/lead", "Ministers met on Monday.", "Министры встретились в понедельник.", True)])
    return root


@pytest.fixture
def exported(locales, tmp_path):
    count = export_tmx(locales, "uk", tmp_path / "uk.tmx")
    return count, etree.parse(str(tmp_path / "uk.tmx"))


def units(document) -> dict[str, dict]:
    out = {}
    for tu in document.getroot().iter("tu"):
        seg = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        source = seg[tu.get("srclang")]
        out[source] = {"srclang": tu.get("srclang"), "langs": list(seg),
                       "contexts": [p.text for p in tu.findall("prop") if p.get("type") == "x-context"],
                       "created": tu.get("creationdate"), "changed": tu.get("changedate")}
    return out


def test_export_is_valid_against_the_tmx_14_dtd(exported):
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(exported[1]), dtd.error_log.filter_from_errors()


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint (libxml2-utils) not installed; CI installs it")
def test_xmllint_validates_against_the_dtd(exported, tmp_path):
    done = subprocess.run(["xmllint", "--noout", "--dtdvalid", str(DTD), str(tmp_path / "uk.tmx")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_an_empty_export_is_valid_too(tmp_path):
    assert export_tmx(tmp_path / "nothing", "uk", tmp_path / "empty.tmx") == 0
    document = etree.parse(str(tmp_path / "empty.tmx"))
    assert etree.DTD(str(DTD)).validate(document)
    assert document.getroot().find("header").get("srclang") == "en"
    export_tmx(tmp_path / "nothing", "uk", tmp_path / "empty-ru.tmx", default_source="ru")  # the job's source
    assert etree.parse(str(tmp_path / "empty-ru.tmx")).getroot().find("header").get("srclang") == "ru"


def test_each_unit_has_the_source_language_of_its_catalog(exported):
    count, document = exported
    found = units(document)
    assert count == 3 and set(found) == {"Ministers met on Monday.", "They talked for hours.",
                                         "Кремль ответил в среду."}
    assert found["Кремль ответил в среду."]["srclang"] == "ru"
    assert found["Кремль ответил в среду."]["langs"] == ["ru", "uk"]
    assert found["Ministers met on Monday."]["langs"] == ["en", "uk"]
    assert document.getroot().find("header").get("srclang") == "en"  # most units; never "*all*"


def test_contexts_and_dates(exported):
    found = units(exported[1])
    assert found["Ministers met on Monday."] == {
        "srclang": "en", "langs": ["en", "uk"], "contexts": ["summit/lead"],
        "created": "20260301T090000Z", "changed": "20260302T073000Z"}  # +0300 written in UTC
    twice = found["They talked for hours."]
    assert twice["contexts"] == ["summit-update/paragraph", "summit/paragraph"]  # one unit, both places
    assert (twice["created"], twice["changed"]) == ("20260201T080000Z", "20260501T080000Z")  # earliest, latest


def test_one_source_language_is_the_header_srclang(locales, tmp_path):
    export_tmx(locales, "ru", tmp_path / "ru.tmx")
    assert etree.parse(str(tmp_path / "ru.tmx")).getroot().find("header").get("srclang") == "en"


def test_translate_toolkit_reads_the_context(exported, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    store = tmx.tmxfile.parsefile(str(tmp_path / "uk.tmx"))
    contexts = {unit.source: unit.getcontext() for unit in store.units}
    assert contexts["Ministers met on Monday."] == "summit/lead"


@pytest.mark.parametrize("po_date, expected", [
    ("2026-11-30 14:26+0000", "20261130T142600Z"),
    ("2026-11-30 01:15-0500", "20261130T061500Z"),
    ("2026-11-30 14:26:09+0000", "20261130T142609Z"),
    ("YEAR-MO-DA HO:MI+ZONE", None),
    ("", None),
])
def test_tmx_date(po_date, expected):
    assert tmx_date(po_date) == expected


def test_a_catalog_without_its_source_language_is_a_named_error(tmp_path):
    root = tmp_path / "locales"
    write_catalog(root, "uk", "orphan", None, [("orphan/lead", "Hello.", "Привіт.", True)])
    path = root / "uk" / "LC_MESSAGES" / "orphan.po"
    with pytest.raises(CatalogError, match=re.escape(f"{path}: no X-Source-Language header")):
        approved_units(root, "uk")


def test_machine_only_catalogs_need_no_source_language(tmp_path):
    root = tmp_path / "locales"
    write_catalog(root, "uk", "draft", None, [("draft/lead", "Hello.", "Привіт.", False)])
    assert approved_units(root, "uk") == []


def test_a_reviewers_control_characters_never_break_the_xml(tmp_path):
    root = tmp_path / "locales"
    pasted = "Міністри\x1b[31m\x0c зустрілися."
    write_catalog(root, "uk", "paste", "en", [("paste/lead", "Ministers met\x0b today.", pasted, True)])
    assert export_tmx(root, "uk", tmp_path / "uk.tmx") == 1
    document = etree.parse(str(tmp_path / "uk.tmx"))  # lxml refuses a control character: this is the check
    assert etree.DTD(str(DTD)).validate(document)
    assert [s.text for s in document.iter("seg")] == ["Ministers met today.", "Міністри зустрілися."]


def test_targets_are_plain_text_without_markdown_escapes(tmp_path):
    root = tmp_path / "locales"
    write_catalog(root, "uk", "maths", "en",
                  [("maths/lead", "If 5 \\< 6 and a \\*star\\*.", "Якщо 5 \\< 6 і \\*зірка\\*.", True)])
    export_tmx(root, "uk", tmp_path / "uk.tmx")
    segs = [s.text for s in etree.parse(str(tmp_path / "uk.tmx")).iter("seg")]
    assert segs == ["If 5 < 6 and a *star*.", "Якщо 5 < 6 і *зірка*."]


def test_obsolete_approved_units_are_exported_and_marked(tmp_path):
    root = tmp_path / "locales"
    write_catalog(root, "uk", "summit", "en", [("summit/lead", "Ministers met.", "Міністри зустрілися.", True),
                                               ("summit/paragraph", "Gone now.", "Вже немає.", True)])
    path = root / "uk" / "LC_MESSAGES" / "summit.po"
    po = polib.pofile(str(path))
    po.find("Gone now.", msgctxt="summit/paragraph").obsolete = True
    po.save()
    assert export_tmx(root, "uk", tmp_path / "uk.tmx") == 2
    found = units(etree.parse(str(tmp_path / "uk.tmx")))
    document = etree.parse(str(tmp_path / "uk.tmx"))
    props = {tu.findtext("tuv/seg"): [p.get("type") for p in tu.findall("prop")] for tu in document.iter("tu")}
    assert OBSOLETE_PROP in props["Gone now."] and OBSOLETE_PROP not in props["Ministers met."]
    assert set(found) == {"Ministers met.", "Gone now."}
    assert etree.DTD(str(DTD)).validate(document)


def test_the_approved_advisory_texts_export_as_english_source(tmp_path):
    """_advisories.po's msgids are the tool's English texts: it says so in its header, and one written before it
    did (no X-Source-Language header) still exports through the CLI."""
    from translator.advisories.texts import CORRECTION, TEMPLATES, ensure_templates, texts_path

    root = tmp_path / "locales"
    ensure_templates(root, "es")
    po = polib.pofile(str(texts_path(root, "es")))
    assert po.metadata["X-Source-Language"] == "en"
    line = po.find(TEMPLATES[CORRECTION], msgctxt=f"advisory/{CORRECTION}")
    line.msgstr = "Corrección: {note}"
    po.save()
    export_tmx(root, "es", tmp_path / "new.tmx")
    assert units(etree.parse(str(tmp_path / "new.tmx")))[TEMPLATES[CORRECTION]]["srclang"] == "en"
    del po.metadata["X-Source-Language"]  # as earlier versions wrote it
    po.save()
    with pytest.raises(CatalogError, match="no X-Source-Language header"):
        export_tmx(root, "es", tmp_path / "es.tmx")  # the failure the desk saw: the CLI names the language
    (tmp_path / "translator.toml").write_text('source = "en"\ntargets = ["es"]\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "translator", "memory", "export", "--lang", "es", "--output",
                           "es.tmx"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    found = units(etree.parse(str(tmp_path / "es.tmx")))
    assert found[TEMPLATES[CORRECTION]]["srclang"] == "en"
