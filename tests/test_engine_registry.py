"""Engines declare their options and traits on their class, and the rest of the tool reads them from there: an
engine declared in this test module and registered only through TRANSLATOR_ENGINES gets its option from the job
file and from the command line, its refusals worded by the job schema, and its trait (the script it writes)
honoured by routing, with no other module touched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, write_job

from translator.engines import REGISTRY, default_order, engine_class, flagged_options
from translator.engines.base import EngineBase, EngineTraits
from translator.engines.options import BadValue, Option, positive_number, whole
from translator.engines.routes import EngineSet, NoRoute, Route, resolve_route
from translator.errors import EngineError, ExitStatus, JobError, UsageError


class LevelEngine(EngineBase):
    """Translates en into Serbian written in Latin letters, as '<level>: <sentence>'."""

    name = "level"
    traits = EngineTraits(scripts={"sr": "Latn"})
    options = (Option("level", whole(1), "2", 1, "how loud the output is.", "--level", int),)

    def __init__(self, **given: int) -> None:
        self.level = self.settings(given)["level"]

    def unavailable_reason(self) -> str | None:
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "sr")}

    def model_name(self, source: str, target: str) -> str:
        return f"level {self.level}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        return [f"L{self.level}: {s}" for s in sentences]


class PlainLevelEngine(LevelEngine):
    """The same engine without the trait: its sr is CLDR's, Cyrillic."""

    traits = EngineTraits()


JOB = ('source = "en"\ntargets = ["sr-Latn"]\nformats = ["txt"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["level"]\n')


def translator(project: Path, *args: str) -> subprocess.CompletedProcess:
    tests = Path(__file__).resolve().parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(tests)]),
           "TRANSLATOR_ENGINES": "level=test_engine_registry:LevelEngine"}
    return subprocess.run([sys.executable, "-m", "translator", *args], cwd=project, env=env, capture_output=True,
                          text=True, timeout=120)


def project_with(folder: Path, job: str) -> Path:
    (folder / "input").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "input" / SAMPLE.name)
    write_job(folder, job)
    return folder


def edition(project: Path) -> str:
    return (project / "output" / "sr-Latn" / f"{SAMPLE.stem}.txt").read_text(encoding="utf-8")


@pytest.mark.slow  # child processes
def test_a_registered_engine_takes_its_option_from_the_job_file_and_the_command_line(tmp_path):
    from_job = project_with(tmp_path / "job", JOB + "[engines.level]\nlevel = 2\n")
    result = translator(from_job, "run", "-q")
    assert result.returncode == ExitStatus.OK, result.stderr
    assert "L2: " in edition(from_job) and "L1: " not in edition(from_job)

    from_cli = project_with(tmp_path / "cli", JOB + "[engines.level]\nlevel = 2\n")
    result = translator(from_cli, "run", "-q", "--level", "3")  # the command line wins over the job file
    assert result.returncode == ExitStatus.OK, result.stderr
    assert "L3: " in edition(from_cli) and "L2: " not in edition(from_cli)


@pytest.fixture
def level_registered(monkeypatch):
    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "level", "test_engine_registry:LevelEngine")


def test_a_registered_engines_bad_value_is_refused_by_the_schema_in_its_words(tmp_path, level_registered):
    from translator.cli.articles import cli_overrides
    from translator.job import load_job

    path = write_job(tmp_path, JOB + "[engines.level]\nlevel = 0\n")
    with pytest.raises(JobError) as refused:
        load_job(path)
    assert str(refused.value) == (f"{path}:9: `engines.level.level` must be a whole number of at least 1, not 0; "
                                  "write `level = 2` under [engines.level]")
    overrides = cli_overrides(None, {"level": {"level": 5}})  # what `--level 5` gives: laid over the job's table
    assert overrides == {"engines": {"level": {"level": 5}}}
    assert load_job(path, overrides).engine_options["level"] == {"level": 5}
    # the flag goes through the same check, and its error names the flag, not the job file it did not come from
    with pytest.raises(UsageError, match="^--level must be a whole number of at least 1, not -1$"):
        cli_overrides(None, {"level": {"level": -1}})


@pytest.mark.slow  # a child process
def test_a_registered_engines_flag_is_in_the_help(tmp_path):
    result = translator(tmp_path, "run", "--help")
    assert result.returncode == ExitStatus.OK
    assert "--level" in result.stdout and "Level: how loud the output is." in result.stdout


def test_the_script_trait_decides_the_route():
    # An engine that declares its sr is Latin serves sr-Latn; the same engine without the trait does not.
    for engine, expected in ((LevelEngine(), Route), (PlainLevelEngine(), NoRoute)):
        engines = EngineSet(engine_class, {"level": engine})
        route = resolve_route("en", "sr-Latn", order=["level"], routes={}, engines=engines)
        assert isinstance(route, expected), route
    assert str(resolve_route("en", "sr-Latn", order=["level"], routes={},
                             engines=EngineSet(lambda name: LevelEngine()))) == "level:en-sr"


def test_the_constructor_takes_the_declared_options_only():
    assert LevelEngine().level == 1 and LevelEngine(level=4).level == 4
    with pytest.raises(EngineError, match="unknown level option 'loud'; known: level"):
        LevelEngine(loud=1)


def test_shipped_engines_declarations_hold_together():
    assert default_order() == tuple(REGISTRY) == ("argos", "bergamot", "apertium")
    flags = [option.flag for _, option in flagged_options()]
    assert len(flags) == len(set(flags)) and "--beam-size" in flags
    for name in REGISTRY:
        cls = engine_class(name)
        assert isinstance(cls.traits, EngineTraits) and cls.traits.glossary_strategy in ("placeholder", "replace")
        for option in cls.options:
            if option.default is not None and option.kind is not Path and not isinstance(option.default, Path):
                assert option.check(option.default) == option.default, (name, option.name)
            if option.choices:
                assert option.default in option.choices
                with pytest.raises(BadValue):
                    option.check("none of them")


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 0, -1.5, "600"])
def test_a_positive_number_is_finite(value):
    with pytest.raises(BadValue, match="must be a finite number above 0"):
        positive_number(value)
    assert positive_number(2.5) == 2.5 and positive_number(600) == 600
