"""Stable catalogs: after msgcat wraps a catalog, a run leaves every entry it did not change byte-identical."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from conftest import write_job
from echo_engine import EchoEngine

from translator.job import load_job
from translator.run.pipeline import run

JOB = ('source = "en"\ntargets = ["es"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')
PARAS = [
    "BRUSSELS -- NATO Secretary-General Anders Fogh Rasmussen says that the latest meeting of the NATO-Russia "
    "Council maintained an active dialogue but did not make significant progress on missile defense.",
    "Lavrov said Moscow was studying changes to the U.S. missile-defense program, but still wanted guarantees "
    "that the system would not be used against Russia.",
    "Rasmussen said NATO was extremely concerned about the possible use of chemical weapons in Syria.",
    "Those talks were expected to focus on Syria, in the wake of Kerry's recent visit to the Middle East.",
]
PO = Path("locales/es/LC_MESSAGES/story.po")


def write_story(project: Path, paragraphs: list[str]) -> None:
    (project / "input").mkdir(exist_ok=True)
    (project / "input" / "story.txt").write_text("Ministers Meet In Brussels\n\n" + "\n\n".join(paragraphs) + "\n",
                                                 encoding="utf-8")


def chunks(path: Path) -> dict[str, str]:
    """msgid -> the entry's text in the file, as written (the header left out)."""
    out = {}
    for chunk in path.read_text(encoding="utf-8").split("\n\n")[1:]:
        entry = polib.pofile(chunk + "\n")
        if len(entry):
            out[entry[0].msgid] = chunk.rstrip("\n")  # the last one carries the file's final newline
    return out


@pytest.fixture
def wrapped(tmp_path) -> Path:
    """A project after one run, its catalog re-wrapped by the real msgcat (as Poedit and msgattrib do)."""
    if shutil.which("msgcat") is None:
        pytest.skip("gettext's msgcat is not installed (apt-get install gettext)")
    write_story(tmp_path, PARAS)
    write_job(tmp_path, JOB)
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    po = tmp_path / PO
    subprocess.run(["msgcat", "-o", str(po), str(po)], check=True)
    return tmp_path


def test_msgcat_wraps_the_long_entries(wrapped):
    # The premise: the tool's own entries were unwrapped, msgcat wrapped them at 79 columns.
    strings = [line for line in (wrapped / PO).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert max(len(line) for line in strings) <= 79
    assert sum(1 for chunk in chunks(wrapped / PO).values() if 'msgstr ""\n"' in chunk) >= 3


def test_a_run_with_an_edit_keeps_untouched_entries_byte_identical(wrapped):
    before = chunks(wrapped / PO)
    edited = [*PARAS[:2], "Rasmussen said NATO was deeply concerned about the possible use of chemical weapons.",
              PARAS[3]]
    write_story(wrapped, edited)
    run(load_job(wrapped / "translator.toml"), engines={"echo": EchoEngine()})
    after = chunks(wrapped / PO)
    new = "Rasmussen said NATO was deeply concerned about the possible use of chemical weapons."
    old = "Rasmussen said NATO was extremely concerned about the possible use of chemical weapons in Syria."
    assert new in after and old in after and "#~ msgid" in after[old]   # the run did change the catalog
    untouched = [msgid for msgid in before if msgid != old]
    assert len(untouched) == 4
    assert {m: after[m] for m in untouched} == {m: before[m] for m in untouched}
    # The new entry follows the file's style: wrapped at 79 like the rest.
    assert 'msgstr ""\n"' in after[new]
    assert max(len(line) for line in after[new].splitlines() if not line.startswith("#.")) <= 79


def test_a_run_with_no_change_does_not_touch_the_catalog(wrapped):
    po = wrapped / PO
    text, stamp = po.read_bytes(), po.stat().st_mtime_ns
    run(load_job(wrapped / "translator.toml"), engines={"echo": EchoEngine()})
    assert po.read_bytes() == text and po.stat().st_mtime_ns == stamp


def test_msgcat_leaves_a_catalog_the_tool_wrapped_alone(wrapped):
    # After one msgcat pass the tool's new entries follow the wrapping, so a second msgcat changes nothing.
    write_story(wrapped, [*PARAS, "A new paragraph about the talks in Brussels that runs on long enough to need a "
                          "second line in any catalog editor."])
    run(load_job(wrapped / "translator.toml"), engines={"echo": EchoEngine()})
    po = wrapped / PO
    text = po.read_text(encoding="utf-8")
    again = subprocess.run(["msgcat", str(po)], check=True, capture_output=True, text=True).stdout
    body = lambda t: t.split("\n\n", 1)[1]  # noqa: E731 - the header's long lines are msgcat's to wrap
    assert body(again) == body(text)


def test_header_names_the_article_and_the_generator(wrapped):
    meta = polib.pofile(str(wrapped / PO)).metadata
    assert meta["Project-Id-Version"] == "story"
    assert meta["X-Generator"].startswith("translator ")
