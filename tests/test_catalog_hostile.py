"""Catalogs as reviewers and desks leave them: a pasted line separator, a Latin-9 catalog, a symlinked shared
catalog: each is read as gettext reads it, and written back without losing text or the link."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import write_job
from echo_engine import EchoEngine

from translator.job import load_job
from translator.run.pipeline import run

JOB = ('source = "en"\ntargets = ["es"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')
SENTENCE = "The ministers met in Brussels on Monday to discuss trade and security."
PO = Path("locales/es/LC_MESSAGES/story.po")


def project(tmp_path: Path, body: str = SENTENCE) -> Path:
    (tmp_path / "input").mkdir(exist_ok=True)
    (tmp_path / "input" / "story.txt").write_text(f"Ministers Meet In Brussels\n\n{body}\n", encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def run_once(root: Path):
    return run(load_job(root / "translator.toml"), engines={"echo": EchoEngine()})


def reviewed(root: Path, text: str, encoding: str = "utf-8") -> None:
    """What a reviewer does: write `text` as the approved translation of SENTENCE."""
    path = root / PO
    catalog = polib.pofile(str(path))
    entry = catalog.find(SENTENCE)
    entry.msgstr, entry.flags = text, []
    catalog.save(str(path))
    if encoding != "utf-8":
        data = path.read_text(encoding="utf-8").replace("charset=UTF-8", f"charset={encoding}")
        path.write_bytes(data.encode(encoding))


@pytest.mark.parametrize("separator", ["\u2028", "\x0b", "\x0c", "\x85"])
def test_a_pasted_line_separator_does_not_fail_the_article(tmp_path, separator):
    root = project(tmp_path)
    run_once(root)
    text = f"Los ministros se reunieron{separator}en Bruselas."
    reviewed(root, text)
    (root / "input" / "story.txt").write_text(f"Ministers Meet In Brussels\n\n{SENTENCE}\n\nA new paragraph.\n",
                                              encoding="utf-8")
    report = run_once(root)  # adds an entry: the catalog is written again
    assert not report.failures and all(row.status != "failed" for row in report.rows)
    assert polib.pofile(str(root / PO)).find(SENTENCE).msgstr == text
    assert "reunieron" in (root / "output" / "es" / "story.md").read_text(encoding="utf-8")


def test_a_latin_9_catalog_is_read_and_written_back_as_utf_8(tmp_path):
    root = project(tmp_path)
    run_once(root)
    text = "Los ministros pagan 5 € en Bruselas, señor."
    reviewed(root, text, "ISO-8859-15")
    (root / "input" / "story.txt").write_text(f"Ministers Meet In Brussels\n\n{SENTENCE}\n\nA new paragraph.\n",
                                              encoding="utf-8")
    report = run_once(root)
    assert not report.failures and all(row.status != "failed" for row in report.rows)
    written = (root / PO).read_text(encoding="utf-8")  # converted, and its header says so
    assert "charset=UTF-8" in written and text in written
    assert text in (root / "output" / "es" / "story.md").read_text(encoding="utf-8")


def test_a_symlinked_catalog_is_written_through_to_its_target(tmp_path):
    root = project(tmp_path)
    run_once(root)
    shared = tmp_path / "shared" / "story.po"
    shared.parent.mkdir()
    (root / PO).rename(shared)
    (root / PO).symlink_to(shared)
    (root / "input" / "story.txt").write_text(f"Ministers Meet In Brussels\n\n{SENTENCE}\n\nA new paragraph.\n",
                                              encoding="utf-8")
    report = run_once(root)
    assert not report.failures
    assert (root / PO).is_symlink() and (root / PO).resolve() == shared.resolve()
    assert polib.pofile(str(shared)).find("A new paragraph.") is not None


def test_a_dangling_catalog_link_is_named(tmp_path):
    root = project(tmp_path)
    (root / PO).parent.mkdir(parents=True)
    (root / PO).symlink_to(tmp_path / "gone.po")
    report = run_once(root)
    errors = " ".join(str(row.error) for row in report.rows) + " ".join(str(f) for f in report.failures)
    assert f"{root / PO}: is a link to" in errors and "fix or remove the link" in errors
