"""CLI conventions: --format json where a command reports, shell completion, plain help, each reason once,
and where `translate --output` puts the catalogs."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SAMPLE, write_job
from typer.testing import CliRunner

from translator.cli import app
from translator.cli.articles import explanations
from translator.errors import ExitStatus
from translator.run.report import Row, Status

runner = CliRunner()
ECHO_JOB = 'targets = ["ru", "uk"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'
# bergamot has no en-fa or en-ru pair, installed or not: both languages wait for a human translator.
HUMAN_JOB = 'source = "en"\ntargets = ["fa", "ru"]\nformats = ["md"]\n[engines]\norder = ["bergamot"]\n'


@pytest.fixture(autouse=True)
def echo_registered(monkeypatch):
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "echo_engine:EchoEngine")


@pytest.fixture
def three_articles(project):
    for name in ("budget-vote", "grain-deal"):
        shutil.copy(SAMPLE, project / "input" / f"{name}.txt")
    return project


# --- --format json --------------------------------------------------------------------------------------------------

def test_run_json_is_the_report(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, ECHO_JOB)
    result = runner.invoke(app, ["run", "--format", "json"])
    assert result.exit_code == ExitStatus.OK, result.output
    data = json.loads(result.stdout)  # nothing but the JSON: no table
    assert data == json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    assert [(r["language"], r["status"], r["translated"]) for r in data["rows"]] == [("ru", "ok", 16), ("uk", "ok", 16)]


def test_run_json_keeps_the_exit_status(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, ECHO_JOB.replace('policy = "machine"', 'policy = "approved-only"'))
    result = runner.invoke(app, ["run", "--format", "json"])
    assert result.exit_code == ExitStatus.PARTIAL
    assert {r["status"] for r in json.loads(result.stdout)["rows"]} == {"held"}


def test_engines_json(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, HUMAN_JOB)
    result = runner.invoke(app, ["engines", "--format", "json"])
    assert result.exit_code == ExitStatus.OK, result.output
    data = json.loads(result.stdout)
    names = [engine["name"] for engine in data["engines"]]
    assert {"argos", "bergamot", "apertium"} <= set(names)
    for engine in data["engines"]:
        assert engine["available"] is (engine["reason"] is None)
        assert all(len(pair.split("-")) == 2 for pair in engine["pairs"])
    assert (data["job"], data["source"]) == ("translator.toml", "en")
    assert [(r["target"], r["route"]) for r in data["routes"]] == [("fa", None), ("ru", None)]
    assert all("bergamot" in r["reason"] for r in data["routes"])


def test_engines_json_without_a_job(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = json.loads(runner.invoke(app, ["engines", "--format", "json"]).stdout)
    assert data["job"] is None and data["routes"] is None and data["engines"]


def test_review_status_json(project, monkeypatch):
    monkeypatch.chdir(project)
    write_job(project, HUMAN_JOB)
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    result = runner.invoke(app, ["review", "status", "--format", "json"])
    assert result.exit_code == ExitStatus.OK, result.output
    data = json.loads(result.stdout)
    assert [(c["language"], c["article"], c["units"], c["empty"], c["approved"]) for c in data["catalogs"]] == [
        ("fa", "nato-russia-talks", 16, 16, 0), ("ru", "nato-russia-talks", 16, 16, 0)]  # the credit: a template
    assert set(data["risk"]) == {"fa", "ru"}
    assert set(data["risk"]["fa"]["bands"]) == {"high", "medium", "low"}
    assert sum(data["risk"]["fa"]["bands"].values()) == 16


@pytest.mark.parametrize("command", [["run"], ["engines"], ["review", "status"]])
def test_unknown_format_is_a_usage_error(project, monkeypatch, command):
    monkeypatch.chdir(project)
    write_job(project, ECHO_JOB)
    result = runner.invoke(app, [*command, "--format", "xml"])
    assert result.exit_code == ExitStatus.USAGE
    assert "--format must be text or json, not 'xml'" in result.stderr


# --- completion and help --------------------------------------------------------------------------------------------

def test_completion_script_is_offered(monkeypatch):
    # The shell is found from the parent process; a run with no shell above it (CI, a detached job) names bash.
    import typer.completion

    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--show-completion"], prog_name="translator")
    assert result.exit_code == 0 and "_TRANSLATOR_COMPLETE=complete_bash" in result.stdout


@pytest.mark.parametrize(("words", "expected"), [
    ("translator rev", "review"),
    ("translator run --for", "--format"),
    ("translator review st", "status"),
])
def test_completion_completes_commands_and_options(words, expected):
    env = {"_TRANSLATOR_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    result = runner.invoke(app, [], env=env, prog_name="translator")
    assert result.stdout.split() == [expected]


@pytest.mark.parametrize(("command", "flag"), [
    ([], "--version"), (["run"], "--quiet"), (["translate"], "--quiet"), (["publish"], "--approved-only"),
    (["review", "status"], "--lang"), (["advisory", "correct"], "--no-run"), (["models", "list"], "--help"),
    (["glossary", "lint"], "--help"), (["engines"], "--format"),
])
def test_help_shows_no_value_for_a_flag(command, flag):
    result = runner.invoke(app, [*command, "--help"], terminal_width=120)
    assert result.exit_code == 0
    assert flag in result.stdout
    assert "<bool>" not in result.stdout


# --- each reason once -----------------------------------------------------------------------------------------------

def row(article: str, language: str, status: Status, error: str | None) -> Row:
    return Row(article=article, language=language, route="human", status=status, error=error)


def test_a_shared_reason_is_told_once_with_its_articles():
    articles = ["a1", "a2", "a3", "a4", "a5", "a6"]
    rows = [row(a, lang, Status.HUMAN, f"no machine route: no en-{lang} pair")
            for lang in ("fa", "ru", "uk") for a in articles]
    rows += [row("a1", "pt", Status.OK, None), row("a2", "pt", Status.HELD, "2 units with blocking findings")]
    assert explanations(rows) == [
        "fa: human: no machine route: no en-fa pair", "  6 articles: a1, a2, a3, a4, a5, a6",
        "ru: human: no machine route: no en-ru pair", "  6 articles: a1, a2, a3, a4, a5, a6",
        "uk: human: no machine route: no en-uk pair", "  6 articles: a1, a2, a3, a4, a5, a6",
        "pt a2: held: 2 units with blocking findings",
    ]


def test_the_same_reason_in_two_languages_is_told_per_language():
    rows = [row("a1", "ru", Status.HELD, "not translated yet"), row("a1", "uk", Status.HELD, "not translated yet"),
            row("a2", "ru", Status.HELD, "not translated yet")]
    assert explanations(rows) == ["ru: held: not translated yet", "  2 articles: a1, a2",
                                  "uk a1: held: not translated yet"]


def test_run_summary_tells_no_machine_route_once_per_language(three_articles, monkeypatch):
    monkeypatch.chdir(three_articles)
    write_job(three_articles, HUMAN_JOB)
    result = runner.invoke(app, ["run"], terminal_width=200)
    assert result.exit_code == ExitStatus.OK, result.output
    assert result.stdout.count("no machine route") == 2
    for language in ("fa", "ru"):
        assert f"{language}: human: no machine route" in result.stdout
    assert result.stdout.count("  3 articles: budget-vote, grain-deal, nato-russia-talks") == 2


# --- translate --output -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "editions", "catalogs"), [
    (["--output", "out"], "out", "out/locales"),
    (["--output", "out", "--locales", "po"], "out", "po"),
    ([], "output", "locales"),
])
def test_translate_output_holds_the_catalogs(project, monkeypatch, options, editions, catalogs):
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["translate", "input/nato-russia-talks.txt", "--to", "ru", "--from", "en",
                                 "--engine", "echo", "--policy", "machine", "--format", "md", "-q", *options])
    assert result.exit_code == ExitStatus.OK, result.output
    assert (project / editions / "ru" / "nato-russia-talks.md").is_file()
    assert (project / catalogs / "ru" / "LC_MESSAGES" / "nato-russia-talks.po").is_file()
    others = {"locales", "out/locales", "po"} - {catalogs}
    assert not [name for name in others if (project / name).exists()]
