"""Where engine work runs: the per-sentence fallback, and Dask clusters publishing exactly what in-process does."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from conftest import ROOT, require_engine, write_job
from echo_engine import EchoEngine
from typer.testing import CliRunner

from translator.cli import app
from translator.engines.routes import EngineSet, Step
from translator.errors import EngineError, ExitStatus, JobError
from translator.execute import Failed, InProcessExecutor
from translator.execute.dask import DaskExecutor, chunk_by_tokens
from translator.execute.fallback import translate_with_fallback
from translator.job import job_from_dict, load_job
from translator.run.pipeline import run

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
MARK = "Lavrov"  # the sample's sentences naming him are the ones MarkerEngine cannot translate
STEP = Step("marker", "en", "ru")


class MarkerEngine(EchoEngine):
    """Like Apertium rus-ukr: one sentence it cannot handle empties the whole batch."""

    name = "marker"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        if any(MARK in s for s in sentences):
            return ["" for _ in sentences]
        return [f"{target}: {s}" for s in sentences]


class DiesOnce(EchoEngine):
    """Kills its worker process the first time it runs (a marker file remembers), as a crash mid-chunk would."""

    name = "dies"

    def __init__(self, marker: Path, always: bool = False) -> None:
        super().__init__()
        self.marker, self.always = marker, always

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if self.always or not self.marker.exists():
            self.marker.touch()
            os._exit(1)
        return super().translate(sentences, source, target)


def tree(root: Path) -> dict[str, str]:
    """Every edition and catalog under root, with run times blanked; report.json holds timings and the feeds are
    ordered by publication time, so they are left out."""
    stamp = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?([+-]\d\d:?\d\d|Z)?")
    return {str(p.relative_to(root)): stamp.sub("<time>", p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*")) if p.is_file() and p.name not in ("report.json", "feed.xml", "feed.json")}


@pytest.fixture(scope="module")
def threads_cluster():
    """Two in-process workers: fast to start, the same scheduling and serialization path as real ones."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


@pytest.fixture
def process_cluster():
    """Two worker processes under nannies; a chunk may kill one worker and be retried once elsewhere."""
    import dask

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


def dask_executor(cluster, job, engines=None, **options) -> DaskExecutor:
    return DaskExecutor(distributed.Client(cluster), job.engine_options, engines=engines, **options)


@pytest.mark.parametrize(("words", "limit", "sizes"), [
    ([1, 1, 1, 1], 2, [2, 2]),
    ([3, 3, 3], 5, [1, 1, 1]),   # a chunk is never empty, even for a sentence over the limit
    ([1, 2, 3, 4], 100, [4]),
    ([], 10, []),
])
def test_chunks_are_sized_by_words(words, limit, sizes):
    sentences = [" ".join(["w"] * n) for n in words]
    chunks = chunk_by_tokens(sentences, limit)
    assert [len(c) for c in chunks] == sizes
    assert [s for c in chunks for s in c] == sentences


@pytest.mark.parametrize(("marked", "failed"), [
    ([], []),
    ([2], [2]),
    ([0, 5, 6], [0, 5, 6]),
])
def test_fallback_halves_down_to_the_sentences_that_fail(marked, failed):
    engine = MarkerEngine()
    sentences = [f"{MARK} {i}." if i in marked else f"Sentence {i}." for i in range(8)]
    out = translate_with_fallback(lambda b: engine.translate(b, "en", "ru"), sentences, STEP)
    assert [i for i, t in enumerate(out) if isinstance(t, Failed)] == failed
    assert all(out[i] == f"ru: Sentence {i}." for i in range(8) if i not in failed)
    assert len(engine.calls) <= 1 + 2 * len(failed) * 3  # a path of halvings per bad sentence, not one per sentence


def test_a_pair_that_fails_on_every_sentence_stops_early():
    engine = MarkerEngine()
    sentences = [f"{MARK} {i}." for i in range(64)]
    with pytest.raises(EngineError, match="first 8 sentences tried one by one"):
        translate_with_fallback(lambda b: engine.translate(b, "en", "ru"), sentences, STEP)
    assert len(engine.calls) < 30


def test_real_apertium_rus_ukr_translates_all_but_the_sentence_with_a_clause():
    from translator.engines.apertium import ApertiumEngine

    engine = ApertiumEngine()
    reason = engine.unavailable_reason() or (None if ("ru", "uk") in engine.pairs() else "no rus-ukr pair")
    require_engine("apertium", reason)
    executor = InProcessExecutor(EngineSet(lambda name: engine))
    out = executor.run_step(Step("apertium", "ru", "uk"), ["Мы идём домой.", "Он сказал, что придёт.", "Дом и сад."])
    assert out[0] == "Ми йдемо домой." and out[2] == "Дім і сад."
    assert isinstance(out[1], Failed) and "apertium:ru-uk" in out[1].reason


JOB = 'targets = ["ru"]\nformats = ["md", "json"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["marker"]\n'


@pytest.mark.parametrize("where", ["in-process", "dask"])
def test_untranslatable_sentences_hold_the_edition_and_are_reported(project, threads_cluster, where):
    job = load_job(write_job(project, JOB))
    engines = {"marker": MarkerEngine()}
    executor = dask_executor(threads_cluster, job, engines) if where == "dask" else None
    report = run(job, engines=engines, executor=executor)
    row = report.rows[0]
    assert (row.status, row.error) == ("held", "not translated yet")
    assert row.empty == 4 and row.translated == row.units - 4  # the four sentences naming Lavrov
    saved = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    engine_findings = [q for q in saved["rows"][0]["qa"] if q.startswith("engine ")]
    assert len(engine_findings) == row.empty and all("marker:en-ru: empty output" in q for q in engine_findings)
    assert saved["executor"]["kind"] == where
    assert not (project / "output" / "ru").exists()
    catalog = (project / "locales" / "ru" / "LC_MESSAGES" / "nato-russia-talks.po").read_text(encoding="utf-8")
    assert catalog.count('msgstr "ru: ') == row.translated


def sample_project(tmp_path: Path, name: str) -> Path:
    project = tmp_path / name
    (project / "input").mkdir(parents=True)
    shutil.copy(ROOT / "input" / "nato-russia-talks.txt", project / "input")
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    return project


def run_both(tmp_path, cluster, body, **executor_options) -> tuple[Path, Path, dict]:
    trees = []
    for name in ("here", "dask"):
        project = sample_project(tmp_path, name)
        job = load_job(write_job(project, body))
        executor = dask_executor(cluster, job, **executor_options) if name == "dask" else None
        report = run(job, executor=executor)
        assert all(row.status == "ok" for row in report.rows), [(r.language, r.error) for r in report.rows]
        trees.append(project)
    return trees[0], trees[1], report.executor


def test_apertium_and_bergamot_on_dask_publish_what_in_process_publishes(tmp_path, threads_cluster):
    from translator.engines.apertium import ApertiumEngine
    from translator.engines.bergamot import BergamotEngine

    require_engine("apertium", ApertiumEngine().unavailable_reason())
    require_engine("bergamot", BergamotEngine().unavailable_reason())
    body = ('targets = ["pt", "es", "ca"]\nformats = ["md", "html", "json"]\n'
            '[publish]\npolicy = "machine"\n[engines]\norder = ["bergamot", "apertium"]\n')
    here, there, executor = run_both(tmp_path, threads_cluster, body, chunk_tokens=60)
    assert executor["kind"] == "dask" and executor["workers"] == 2 and executor["chunks"] > 3
    assert tree(here / "output") == tree(there / "output")
    assert tree(here / "locales") == tree(there / "locales")
    published = tree(there / "output")
    assert all(f"{lang}/nato-russia-talks.{fmt}" in published for lang in ("pt", "es", "ca")
               for fmt in ("md", "html", "json"))


@pytest.mark.slow
def test_argos_on_dask_publishes_what_in_process_publishes(tmp_path, threads_cluster, models_env, argos_packages):
    from translator.models.store import ModelStore

    for name in ("en-ru", "en-uk"):
        ModelStore().install_file(argos_packages[name])
    body = ('targets = ["ru", "uk"]\nformats = ["md", "json"]\n'
            '[publish]\npolicy = "machine"\n[engines]\norder = ["argos"]\n')
    here, there, executor = run_both(tmp_path, threads_cluster, body)
    assert executor["kind"] == "dask"
    assert tree(here / "output") == tree(there / "output")
    assert tree(here / "locales") == tree(there / "locales")


@pytest.mark.slow
def test_a_worker_killed_mid_chunk_loses_nothing(tmp_path, process_cluster):
    """The first chunk kills its worker process; Dask retries it on the other one and the run completes."""
    body = 'targets = ["ru", "uk"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["dies"]\n'
    outputs = []
    for name, engine in (("here", EchoEngine()), ("dask", DiesOnce(tmp_path / "died"))):
        project = sample_project(tmp_path, name)
        job = load_job(write_job(project, body))
        executor = dask_executor(process_cluster, job, {"dies": engine}, chunk_tokens=100) if name == "dask" else None
        report = run(job, engines={"dies": engine}, executor=executor)
        assert [row.status for row in report.rows] == ["ok", "ok"]
        outputs.append(project)
    assert (tmp_path / "died").exists()  # a worker did die
    assert tree(outputs[0] / "output") == tree(outputs[1] / "output")
    assert tree(outputs[0] / "locales") == tree(outputs[1] / "locales")


@pytest.mark.slow
def test_a_chunk_that_kills_every_worker_is_a_named_engine_error(tmp_path, process_cluster):
    project = sample_project(tmp_path, "p")
    body = ('targets = ["ru", "uk"]\nformats = ["md"]\n'
            '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n[routes]\nuk = "dies"\n')
    job = load_job(write_job(project, body))
    engines = {"echo": EchoEngine(), "dies": DiesOnce(tmp_path / "died", always=True)}
    report = run(job, engines=engines, executor=dask_executor(process_cluster, job, engines))
    status = {row.language: (row.status, row.error) for row in report.rows}
    assert status["ru"] == ("ok", None)
    assert status["uk"][0] == "failed" and "killed every worker" in status["uk"][1]


def test_job_cluster_table(tmp_path):
    job = job_from_dict({"targets": ["ru"], "cluster": {"address": "tls://desk:8786", "tls_ca_file": "ca.pem"}},
                        tmp_path, "job")
    assert (job.cluster, job.cluster_tls) == ("tls://desk:8786", {"tls_ca_file": "ca.pem"})
    with pytest.raises(JobError, match=r"unknown key 'adress' under \[cluster\] \(known: address, "):
        job_from_dict({"targets": ["ru"], "cluster": {"adress": "tcp://x:1"}}, tmp_path, "job")


@pytest.mark.parametrize(("value", "message"), [
    ("local:0", "worker count must be a positive number"),
    ("desk:8786", "use local, local:N or a scheduler address"),
])
def test_bad_cluster_option_is_a_usage_error(project, monkeypatch, value, message):
    monkeypatch.chdir(project)
    write_job(project, 'targets = ["es"]\n')
    result = CliRunner().invoke(app, ["run", "-q", "--cluster", value])
    assert result.exit_code == ExitStatus.USAGE
    assert message in result.output


@pytest.mark.slow
def test_cli_runs_on_a_local_cluster_and_says_so(project, monkeypatch):
    from translator.engines.apertium import ApertiumEngine

    require_engine("apertium", ApertiumEngine().unavailable_reason())
    monkeypatch.chdir(project)
    write_job(project, 'targets = ["es"]\nformats = ["md"]\n'
                       '[publish]\npolicy = "machine"\n[engines]\norder = ["apertium"]\n')
    result = CliRunner().invoke(app, ["run", "--cluster", "local:1"])
    assert result.exit_code == ExitStatus.OK, result.output
    assert re.search(r"Engine work ran on: dask \(tcp://[\d.]+:\d+, 1 workers\)", result.output)
    saved = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    assert saved["executor"]["kind"] == "dask" and saved["executor"]["workers"] == 1
    assert (project / "output" / "es" / "nato-russia-talks.md").is_file()
