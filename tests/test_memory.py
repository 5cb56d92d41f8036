"""PO catalogs as memory: reuse, approvals, incremental updates, shared memory, TMX, broken files."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

import polib
import pytest
from conftest import approve, write_job
from echo_engine import EchoEngine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.errors import CatalogError
from translator.job import load_job
from translator.memory.read import load_catalog
from translator.memory.tmx import export_tmx
from translator.run.pipeline import run

JOB = ('source = "en"\ntargets = ["ru"]\nformats = ["md", "json"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')


def catalog(project: Path, slug: str = "story", lang: str = "ru") -> polib.POFile:
    return polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / f"{slug}.po"))


def write_story(project: Path, paragraphs: list[str], name: str = "story.txt") -> None:
    (project / "input").mkdir(exist_ok=True)
    (project / "input" / name).write_text("Ministers Meet In Brussels\n\n" + "\n\n".join(paragraphs) + "\n",
                                          encoding="utf-8")


PARAS = [
    "BRUSSELS -- Ministers met on Monday. They talked for hours.",
    "The alliance discussed missile defense. No deal was reached.",
    "Officials said talks would continue in May.",
    "The next meeting is planned for June in Vienna.",
]


@pytest.fixture
def story(tmp_path) -> Path:
    write_story(tmp_path, PARAS)
    write_job(tmp_path, JOB)
    return tmp_path


def test_catalog_entries_header_and_occurrences(story):
    run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    po = catalog(story)
    assert len(po) == 7 and all("fuzzy" in e.flags for e in po)
    entry = po.find("They talked for hours.", msgctxt="story/lead")
    assert entry.msgstr == "ru: They talked for hours."
    assert entry.occurrences == [("input/story.txt", "3")]
    assert entry.comment == "lead, block 2, sentence 2"
    meta = po.metadata
    assert meta["Language"] == "ru" and meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["Plural-Forms"].startswith("nplurals=3;")
    assert meta["X-Translator-Route"] == "echo:en-ru" and meta["X-Generator"].startswith("translator ")
    assert meta["X-Glossary-Checksum"] == "none"


def test_rerun_reuses_everything(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    engine = EchoEngine()
    report = run(job, engines={"echo": engine})
    assert engine.calls == [] and report.rows[0].reused_machine == 7 and report.rows[0].translated == 0


def test_approved_entries_are_kept_and_used(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    # The lead's unit is its first sentence without the dateline, which comes from the city table.
    approve(story, "ru", "story", "Ministers met on Monday.", "story/lead", "Министры встретились в понедельник.")
    report = run(job, engines={"echo": EchoEngine()})
    assert report.rows[0].reused_approved == 1
    assert catalog(story).find("Ministers met on Monday.", msgctxt="story/lead").msgstr == \
        "Министры встретились в понедельник."
    md = (story / "output" / "ru" / "story.md").read_text(encoding="utf-8")
    assert "\nБРЮССЕЛЬ -- Министры встретились в понедельник. ru: They talked for hours.\n" in md


def test_incremental_run_sends_only_the_edited_paragraph(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    edited = PARAS[:]
    edited[1] = "The alliance discussed air defense. A deal is near."
    write_story(story, edited)
    engine = EchoEngine()
    report = run(job, engines={"echo": engine})
    assert sorted(engine.sent) == ["A deal is near.", "The alliance discussed air defense."]
    row = report.rows[0]
    assert (row.translated, row.reused_machine) == (2, 5)
    po = catalog(story)
    obsolete = sorted(e.msgid for e in po.obsolete_entries())
    assert obsolete == ["No deal was reached.", "The alliance discussed missile defense."]
    changes = (story / "output" / "ru" / "story.changes.md").read_text(encoding="utf-8")
    assert "- removed: ~~ru: No deal was reached.~~" in changes and "- added: ru: A deal is near." in changes


def test_reordering_reuses_everything(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    write_story(story, [PARAS[0], PARAS[3], PARAS[2], PARAS[1]])
    engine = EchoEngine()
    report = run(job, engines={"echo": engine})
    assert engine.calls == [] and report.rows[0].reused == 7
    assert not (story / "output" / "ru" / "story.changes.md").exists()


def test_correction_of_an_approved_unit_appears_in_changes(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    approve(story, "ru", "story", "Officials said talks would continue in May.", "story/paragraph",
            "Чиновники: переговоры продолжатся в мае.")
    run(job, engines={"echo": EchoEngine()})
    changes = (story / "output" / "ru" / "story.changes.md").read_text(encoding="utf-8")
    assert "- corrected: ~~ru: Officials said talks would continue in May.~~" in changes
    assert "  now: Чиновники: переговоры продолжатся в мае." in changes


def test_shared_memory_from_another_article(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    approve(story, "ru", "story", "Officials said talks would continue in May.", "story/paragraph", "APPROVED")
    write_story(story, ["VIENNA -- Officials said talks would continue in May.", PARAS[2]], name="second.txt")
    engine = EchoEngine()
    report = run(job, engines={"echo": engine})
    second = next(r for r in report.rows if r.article == "second")
    assert second.from_shared == 3 and second.translated == 0  # the VIENNA dateline is no part of the sentence
    assert catalog(story, "second").find("Officials said talks would continue in May.",
                                         msgctxt="second/paragraph").msgstr == "APPROVED"


def test_catalogs_pass_msgfmt_and_compile(story, tmp_path):
    run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    path = story / "locales" / "ru" / "LC_MESSAGES" / "story.po"
    catalog(story).save_as_mofile(str(tmp_path / "story.mo"))
    assert (tmp_path / "story.mo").stat().st_size > 100
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) not installed; CI installs it")
    done = subprocess.run(["msgfmt", "--check", "-o", str(tmp_path / "check.mo"), str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_tmx_export_holds_the_approved_units(story, tmp_path):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    for msgid in ("Ministers met on Monday.", "They talked for hours."):  # the dateline is no part of the unit
        approve(story, "ru", "story", msgid, "story/lead")
    count = export_tmx(story / "locales", "ru", tmp_path / "ru.tmx")
    root = ET.parse(tmp_path / "ru.tmx").getroot()
    assert count == 2 and root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "en"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units = [{tuv.get(lang): tuv.find("seg").text for tuv in tu.findall("tuv")} for tu in root.iter("tu")]
    assert {"en": "They talked for hours.", "ru": "ru: They talked for hours."} in units


def test_broken_catalog_is_a_named_error_and_left_untouched(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    path = story / "locales" / "ru" / "LC_MESSAGES" / "story.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_at = next(i for i, line in enumerate(lines) if line.startswith("msgstr \"ru:"))
    lines[broken_at] = lines[broken_at].rstrip('"')  # a reviewer's editor dropped the closing quote
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(CatalogError, match=f"{path}:{broken_at + 1}: unterminated string"):
        load_catalog(path)
    write_story(story, ["Another article entirely, about trade."], name="other.txt")
    report = run(job, engines={"echo": EchoEngine()})
    status = {r.article: (r.status, r.error) for r in report.rows}
    assert status["story"][0] == "failed" and f"{path}:{broken_at + 1}" in status["story"][1]
    assert status["other"][0] == "ok"
    assert path.read_bytes() == before


# A reviewer approves and edits; editors change the article; the tool re-runs. No approved entry may be lost or
# changed by a run.
SENTENCES = [f"Sentence number {i} of the story." for i in range(12)]
operations = st.lists(
    st.one_of(
        st.tuples(st.just("edit"), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6)),
        st.tuples(st.just("approve"), st.integers(0, 50), st.booleans()),
        st.tuples(st.just("run"), st.none()),
    ),
    min_size=1, max_size=12,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_no_approved_entry_is_ever_lost_or_changed(ops):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        write_job(project, JOB)
        write_story(project, SENTENCES[:3])
        job = load_job(project / "translator.toml")
        run(job, engines={"echo": EchoEngine()})
        approved: dict[tuple[str, str], str] = {}
        for op in ops:
            if op[0] == "edit":
                write_story(project, op[1])
            elif op[0] == "approve":
                po = catalog(project)
                live = [e for e in po if e.msgstr]
                if not live:
                    continue
                entry = live[op[1] % len(live)]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                if op[2]:
                    entry.msgstr = f"reviewed {entry.msgid}"
                po.save()
                approved[(entry.msgctxt, entry.msgid)] = entry.msgstr
            else:
                run(job, engines={"echo": EchoEngine()})
                po = catalog(project)
                for (context, msgid), text in approved.items():
                    entry = po.find(msgid, msgctxt=context, include_obsolete_entries=True)
                    assert entry is not None and entry.msgstr == text and "fuzzy" not in entry.flags
                edition = (project / "output" / "ru" / "story.md").read_text(encoding="utf-8")
                for entry in po:  # every approved unit of the article as it is now is published as approved
                    if not entry.obsolete and entry.msgstr and "fuzzy" not in entry.flags:
                        assert entry.msgstr in edition


def test_obsolete_approved_unit_is_still_shared_memory(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    approve(story, "ru", "story", "Officials said talks would continue in May.", "story/paragraph", "APPROVED MAY")
    write_story(story, [PARAS[0]])  # the approved sentence leaves the article: its entry becomes obsolete
    run(job, engines={"echo": EchoEngine()})
    assert catalog(story).find("Officials said talks would continue in May.", msgctxt="story/paragraph",
                               include_obsolete_entries=True).obsolete
    write_story(story, [PARAS[2]], name="later.txt")
    engine = EchoEngine()
    report = run(job, engines={"echo": engine})
    later = next(r for r in report.rows if r.article == "later")
    assert later.from_shared == 2 and engine.sent == []  # the headline and the approved sentence


def test_catalog_keeps_the_headline_as_written(story):
    run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    entry = catalog(story).find("Ministers Meet In Brussels", msgctxt="story/headline")
    assert entry.msgstr == "ru: Ministers meet in Brussels"  # the engine was given sentence case


def test_a_forgotten_catalog_is_read_again_from_disk(story):
    from translator.memory.catalog import Memory

    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    memory = Memory(story / "locales", "ru")
    stamp = memory.seen("story")
    assert memory.catalog("story").find("Ministers met on Monday.", msgctxt="story/lead").msgstr
    approve(story, "ru", "story", "Ministers met on Monday.", "story/lead", "Министры встретились в понедельник.")
    held = memory.catalog("story")  # the copy read before the reviewer saved
    assert held.find("Ministers met on Monday.", msgctxt="story/lead").msgstr != "Министры встретились в понедельник."
    memory.forget("story")
    assert memory.seen("story") == stamp  # what this run read stays known, so a store still sees the save
    assert memory.catalog("story").find("Ministers met on Monday.", msgctxt="story/lead").msgstr == \
        "Министры встретились в понедельник."
