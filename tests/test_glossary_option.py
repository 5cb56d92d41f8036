"""`translate --glossary` adds to the desk's glossaries; --no-default-glossary leaves them out; the summary says."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT, require_engine
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus
from translator.glossary import load_glossaries

runner = CliRunner()
SHIPPED = len(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]).terms)
EXTRA = "en\tpt\truss\nmissile defense\tdefesa antimísseis\tПРО\n"


@pytest.fixture
def desk(project, monkeypatch):
    """The sample project with the shipped glossary in glossaries/ and one more file outside it."""
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "echo_engine:EchoEngine")
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    (project / "extra.tsv").write_text(EXTRA.replace("russ", "ru"), encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def translate(*options: str, engine: str = "echo", to: str = "ru"):
    return runner.invoke(app, ["translate", "input/nato-russia-talks.txt", "--to", to, "--from", "en", "--policy",
                               "machine", "--engine", engine, "--output", "out", "--format", "json", *options])


@pytest.mark.parametrize("options, files", [
    ((), [f"glossaries/newsroom.tsv ({SHIPPED} terms)"]),
    (("--glossary", "extra.tsv"), [f"glossaries/newsroom.tsv ({SHIPPED} terms)", "extra.tsv (1 terms)"]),
    (("--glossary", "extra.tsv", "--no-default-glossary"), ["extra.tsv (1 terms)"]),
    (("--no-default-glossary",), []),
])
def test_glossary_option_adds_and_the_summary_names_each_file(desk, options, files):
    result = translate(*options)
    assert result.exit_code == ExitStatus.OK, result.output
    line = next(row for row in result.stdout.splitlines() if row.startswith("Glossaries:"))
    named = [part.strip() for part in line.removeprefix("Glossaries:").split(",")] if files else ["none"]
    assert named == (files or ["none"])


def test_an_added_glossary_keeps_the_shipped_terms_on_bergamot(desk):
    """With --glossary replacing the shipped file, Bergamot's "talibãs" came back for "Talibã"."""
    from translator.engines import create_engine

    require_engine("bergamot", create_engine("bergamot").unavailable_reason())
    (desk / "extra.tsv").write_text(EXTRA.replace("russ", "es"), encoding="utf-8")
    result = translate("--glossary", "extra.tsv", "-q", engine="bergamot", to="pt")
    assert result.exit_code == ExitStatus.OK, result.output
    edition = json.loads((desk / "out" / "pt" / "nato-russia-talks.json").read_text(encoding="utf-8"))
    text = " ".join(b["target"] for b in edition["blocks"])
    assert "Talibã" in text and "talibãs" not in text
    assert "defesa antimísseis" in text  # and the added file's term is enforced too
