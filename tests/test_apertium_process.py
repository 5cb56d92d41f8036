"""Apertium's long-lived null-flush pipelines: the same bytes as a fresh `apertium <mode>` per batch, a crash or
a deadline costs one call, and no process outlives the engine (or `translator run`)."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE, require_engine

from translator.engines.apertium import _SEPARATOR, ApertiumEngine
from translator.errors import EngineError

BATCHES = [
    ["The house is red.", "The dog sleeps.", "Good morning."],
    ["Brussels [AP] — Lavrov said <b>no</b> to the plan at 10:30 on 3/4/2024.",
     "Email foo@bar.com or see https://x.org/a?b=c&d=$5 ^now^",
     "Prices rose 5% \\ {curly} / slash * star # hash @ at."],
    ["The xyzzyplugh frobnicates quuxes.", "“Quoted” ‘text’ — dash… «guillemets» naïve café.", "A"],
    ["Hello\0there world.", "What?!", "No..."],
    [f"Sentence {i} is about the government of the European Union." for i in range(200)],
    ["The house is red.", "The dog sleeps.", "Good morning."],
]

# A mode stage that understands -z: swaps "red" for "rojo", dies on "crash", stalls on "sleep".
STAGE = """#!{python}
import os, sys, time
null_flush = "-z" in sys.argv[1:]
def answer(batch):
    if b"crash" in batch:
        sys.stderr.write("fake stage: crashed on purpose\\n")
        os._exit(3)
    if b"sleep" in batch:
        time.sleep(120)
    os.write(1, batch.replace(b"red", b"rojo") + (b"\\0" if null_flush else b""))
data = b""
while True:
    chunk = os.read(0, 65536)
    data += chunk
    while null_flush and b"\\0" in data:
        batch, data = data.split(b"\\0", 1)
        answer(batch)
    if not chunk:
        break
if not null_flush:
    answer(data)
"""


@pytest.fixture(scope="module")
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    require_engine("apertium", engine.unavailable_reason())
    if engine._one_shot or not _null_flush(engine):
        pytest.skip("this apertium has no null-flush mode (-z, apertium-wblank-mode); every call is one-shot")
    yield engine
    engine.close()


def _null_flush(engine: ApertiumEngine) -> bool:
    from translator.engines.apertium_process import null_flush_tools

    return null_flush_tools(engine.command) is not None


@pytest.fixture
def fake(tmp_path) -> ApertiumEngine:
    (tmp_path / "modes").mkdir()
    stage = tmp_path / "stage.py"
    stage.write_text(STAGE.format(python=sys.executable), encoding="utf-8")
    stage.chmod(0o755)
    (tmp_path / "modes" / "eng-deu.mode").write_text(f"{stage}\n", encoding="utf-8")
    engine = ApertiumEngine(modes_dir=tmp_path / "modes", timeout=5)
    require_engine("apertium", engine.unavailable_reason())
    if not _null_flush(engine):
        pytest.skip("this apertium has no null-flush mode (-z, apertium-wblank-mode)")
    yield engine
    engine.close()


def _leaders() -> set[int]:
    """Our children that lead a process group of their own: the pipelines (each is `bash -c <mode>`)."""
    found = set()
    for pid, stat in _stats():
        ppid, pgid = int(stat[0]), int(stat[1])
        if ppid == os.getpid() and pgid == pid:
            found.add(pid)
    return found


def _in_groups(groups: set[int]) -> list[int]:
    return [pid for pid, stat in _stats() if int(stat[1]) in groups]


def _stats():
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            yield int(entry.name), text[text.rindex(")") + 2:].split()[1:]  # ppid, pgid, ...


def _one_shot(command: list[str], sentences: list[str]) -> str:
    text = _SEPARATOR.join(" ".join(s.split()) for s in sentences) + "\n"
    return subprocess.run(command, input=text, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("mode", ["eng-spa", "eng-cat"])
def test_consecutive_batches_come_out_as_one_shot_runs_do(apertium, mode):
    before = _leaders()
    for batch in BATCHES:
        text = _SEPARATOR.join(" ".join(s.split()) for s in batch) + "\n"
        assert apertium._persistent(mode, text) == (_one_shot(["apertium", mode], batch), None)
    assert "*xyzzyplugh" in apertium._persistent(mode, "The xyzzyplugh.\n")[0]  # the marks the score counts
    assert len(_leaders() - before) <= 1  # one process for the mode, all batches through it


def test_a_modes_dir_of_its_own_gives_the_same_bytes(apertium, tmp_path):
    (tmp_path / "modes").mkdir()
    shutil.copy(apertium.modes_dir / "eng-spa.mode", tmp_path / "modes")
    engine = ApertiumEngine(modes_dir=tmp_path / "modes")
    with engine:
        for batch in BATCHES[:3]:
            text = _SEPARATOR.join(" ".join(s.split()) for s in batch) + "\n"
            assert engine._persistent("eng-spa", text) == (
                _one_shot(["apertium", "-d", str(tmp_path), "eng-spa"], batch), None)


def test_one_pipeline_serves_many_calls(apertium):
    before = _leaders()
    for _ in range(4):
        assert apertium.translate(["The house is red.", "Good morning."], "en", "es") == ["La casa es roja.",
                                                                                         "Buenos días."]
    assert len(_leaders() - before) <= 1


def test_debian_rus_ukr_crash_costs_one_call(apertium):
    if ("ru", "uk") not in apertium.pairs():
        pytest.skip("apertium-rus-ukr not installed")
    good = apertium.translate(["Он ушёл."], "ru", "uk")
    with pytest.raises(EngineError, match=r"returned empty output \(no output\)"):
        apertium.translate(["Привет мир.", "Он ушёл."], "ru", "uk")  # its tagger breaks on a clause
    assert apertium.translate(["Он ушёл."], "ru", "uk") == good


def test_a_stage_that_dies_fails_that_call_and_the_next_starts_afresh(fake):
    others = _leaders()  # pipelines of the other tests' engine
    assert fake.translate(["The house is red."], "en", "de") == ["The house is rojo."]
    [first] = _leaders() - others
    with pytest.raises(EngineError, match=r"eng-deu \(en-de\) returned empty output \(fake stage: crashed on purpose"):
        fake.translate(["The house is red.", "It will crash."], "en", "de")
    assert not _in_groups({first})
    assert fake.translate(["The house is red.", "Fine."], "en", "de") == ["The house is rojo.", "Fine."]
    assert len(_leaders() - others) == 1


def test_a_stage_that_dies_in_the_middle_of_the_pipe_fails_that_call_at_once(fake, tmp_path):
    """A middle stage that crashes (Debian's eng-cat postchunk on "are in Wedding's") leaves the stages before it
    waiting for input and bash holding the output open: no end of file says so, the stage count does."""
    passing = tmp_path / "pass.sh"
    passing.write_text("#!/bin/sh\nexec cat\n", encoding="utf-8")  # a first stage that outlives the crash
    passing.chmod(0o755)
    mode = fake.modes_dir / "eng-deu.mode"
    mode.write_text(f"{passing} | {mode.read_text(encoding='utf-8').strip()}\n", encoding="utf-8")
    fake.timeout = 30
    assert fake.translate(["The house is red."], "en", "de") == ["The house is rojo."]
    started = time.monotonic()
    with pytest.raises(EngineError, match=r"returned empty output \(fake stage: crashed on purpose"):
        fake.translate(["The house is red.", "It will crash."], "en", "de")
    assert time.monotonic() - started < 10  # not the 30 s deadline
    assert fake.translate(["It is red again."], "en", "de") == ["It is rojo again."]


def test_a_pipeline_killed_between_calls_is_replaced(fake):
    others = _leaders()
    assert fake.translate(["Red."], "en", "de") == ["Red."]
    [first] = _leaders() - others
    os.killpg(first, signal.SIGKILL)
    assert fake.translate(["It is red."], "en", "de") == ["It is rojo."]


def test_a_call_past_its_deadline_kills_the_pipeline(fake):
    others = _leaders()
    assert fake.translate(["Red, red."], "en", "de") == ["Red, rojo."]
    [first] = _leaders() - others
    fake.timeout = 1
    with pytest.raises(EngineError, match="apertium eng-deu took over 1s"):
        fake.translate(["Do not sleep.", "Please sleep."], "en", "de")
    assert not _in_groups({first})
    fake.timeout = 5
    assert fake.translate(["Awake and red."], "en", "de") == ["Awake and rojo."]


def test_close_and_garbage_collection_leave_no_process(fake):
    others = _leaders()
    fake.translate(["Red."], "en", "de")
    groups = _leaders() - others
    assert len(groups) == 1 and _in_groups(groups)
    fake.close()
    assert not _in_groups(groups) and _leaders() == others
    assert fake.translate(["Red."], "en", "de") == ["Red."]  # a closed engine starts again when asked
    fake.close()
    dropped = ApertiumEngine(modes_dir=fake.modes_dir)  # the fixture holds `fake`: another one is dropped
    assert dropped.translate(["Red."], "en", "de") == ["Red."]
    groups = _leaders() - others
    assert len(groups) == 1
    del dropped
    gc.collect()
    assert not _in_groups(groups)


def test_translator_run_leaves_no_apertium_process(apertium, tmp_path):
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input")
    (tmp_path / "translator.toml").write_text('targets = ["es", "ca"]\n[engines]\norder = ["apertium"]\n',
                                              encoding="utf-8")
    mark = f"TRANSLATOR_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), mark.split("=")[0]: mark.split("=")[1]}
    done = subprocess.run([sys.executable, "-m", "translator", "run", "--quiet"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 3), done.stderr  # 3: something held by the checks
    report = json.loads((tmp_path / "output" / "report.json").read_text(encoding="utf-8"))
    assert {"apertium:en-es", "apertium:en-ca"} <= set(report["engine_calls"])
    left = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes():
                left.append((entry / "cmdline").read_bytes()[:80])
        except OSError:
            continue
    assert left == []


def test_an_engine_crosses_to_a_worker_without_its_processes(fake):
    import pickle

    fake.translate(["Red."], "en", "de")
    copy = pickle.loads(pickle.dumps(fake))  # how a Dask worker gets a given engine
    with copy:
        assert (copy.modes_dir, copy.timeout, copy._pipelines) == (fake.modes_dir, 5, {})
        assert copy.translate(["Red, red."], "en", "de") == ["Red, rojo."]
