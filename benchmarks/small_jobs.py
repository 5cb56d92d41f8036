"""The jobs a desk really runs: one article into one language, one sentence, one edited paragraph, one language.

    python benchmarks/small_jobs.py [--quick]

Every `translator` command runs in a fresh process (interpreter start and imports included, the package's bytecode
compiled first as an install has it), on articles made by
rerun.make_project (copies of the sample article, each sentence tagged with its copy number); wall seconds, CPU
seconds (the process and the engine processes it started) and its peak memory (the largest process's resident
set). Ratios come from this one invocation; the load average (/proc/loadavg) is printed before and after, as the
figures are only comparable at a similar load.

Lines:
  engines       `translator engines` (imports, engine discovery): the fixed cost every command pays
  help          `translator --help`
  one article   `translator run` of a 1-article es job (Apertium), against `translator engines`
  one sentence  `translator translate` of a one-sentence file into es
  30 x 3        a 30-article es, pt, ca job: the full run, then one paragraph of one article edited: the edit's share
  apertium      a 50-article es-only job against `apertium -u eng-spa` on the same sentences (raw: timed just before
                and just after the pipeline, their mean), back-translation on (the default job) and off
  bergamot      a 100-article pt job against BergamotEngine.translate on the same sentences in this process, the same
--quick makes every job 2 articles: a smoke run of the script, not figures.
"""

from __future__ import annotations

import argparse
import compileall
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import rerun  # noqa: E402

NO_BACK = '[checks]\nback_translation = "off"\n'


@dataclass
class Figures:
    wall: float
    cpu: float
    peak_mb: float = 0.0

    def __str__(self) -> str:
        memory = f", peak {self.peak_mb:5.0f} MB" if self.peak_mb else ""
        return f"{self.wall:6.2f} s wall, {self.cpu:6.2f} s CPU{memory}"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def translator(project: Path, *args: str) -> Figures:
    """`translator ARGS` in a fresh process in `project`: wall, CPU (its own and its reaped children's) and the
    peak resident set of the largest of them."""
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "translator", *args], cwd=project, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(rerun.CODE)})
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: something held for review, a normal newsroom outcome
        raise SystemExit(f"translator {' '.join(args)} failed ({process.returncode}):\n{stderr[-2000:].decode()}")
    return Figures(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def in_this_process(work: Callable[[], object]) -> Figures:
    cpu, started = time.process_time(), time.perf_counter()
    work()
    return Figures(time.perf_counter() - started, time.process_time() - cpu)


def raw_apertium(sentences: list[str]) -> Figures:
    cpu = rerun.children_cpu()
    wall = rerun.raw_apertium(sentences, "eng-spa")
    return Figures(wall, rerun.children_cpu() - cpu)


def against_raw(name: str, project: Path, raw: Callable[[], Figures]) -> None:
    """The pipeline between two raw runs of the same sentences; the ratio is raw's mean wall over the pipeline's."""
    before = raw()
    pipeline = translator(project, "run")
    after = raw()
    raw_wall, raw_cpu = (before.wall + after.wall) / 2, (before.cpu + after.cpu) / 2
    print(f"  {name:<34} {pipeline}; raw {raw_wall:6.2f} s wall, {raw_cpu:6.2f} s CPU: "
          f"{raw_wall / pipeline.wall:.2f}x raw", flush=True)


def edit_one_paragraph(project: Path, articles: int) -> None:
    if articles > 7:  # rerun's edit, in story-007
        rerun.edit_one_paragraph(project)
        return
    path = project / "input" / "story-000.txt"  # --quick: the first tagged sentence of the first article
    path.write_text(path.read_text(encoding="utf-8").replace(" (0).", " (0), edited.", 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2-article jobs: proves the script runs, times nothing")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to time (default this one)")
    args = parser.parse_args()
    rerun.CODE = args.code.resolve()
    # A desk's install runs from compiled bytecode; where PYTHONDONTWRITEBYTECODE is set (this machine's shell),
    # every process would compile the package again (0.2 s) and every line would time that.
    compileall.compile_dir(rerun.CODE / "translator", quiet=1)
    sizes = {"edit": 2, "apertium": 2, "bergamot": 2} if args.quick else {"edit": 30, "apertium": 50, "bergamot": 100}
    print(f"code: {rerun.CODE}\nmachine: {os.cpu_count()} cores; load average (1, 5, 15 min) before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        one = rerun.make_project(base / "one", 1, '"es"')
        engines = translator(one, "engines")
        usage = translator(one, "--help")
        article = translator(one, "run")
        print("\nfixed cost")
        print(f"  {'translator engines':<34} {engines}")
        print(f"  {'translator --help':<34} {usage}")
        print(f"  {'1 article x es (run)':<34} {article}: {article.wall / engines.wall:.2f}x `engines`")
        (one / "sentence.txt").write_text("The ministers met in Brussels on Tuesday to talk about the war.\n",
                                          encoding="utf-8")
        sentence = translator(one, "translate", "sentence.txt", "--to", "es", "--from", "en", "--output", "one-off",
                              "--quiet")
        print(f"  {'1 sentence x es (translate)':<34} {sentence}: {sentence.wall / engines.wall:.2f}x `engines`")

        edited = rerun.make_project(base / "edit", sizes["edit"], '"es", "pt", "ca"')
        full = translator(edited, "run")
        edit_one_paragraph(edited, sizes["edit"])
        edit = translator(edited, "run")
        print(f"\n{sizes['edit']} articles x es, pt, ca")
        print(f"  {'full run':<34} {full}")
        print(f"  {'one paragraph edited':<34} {edit}: {edit.wall / full.wall:.1%} of the full run")

        print(f"\n{sizes['apertium']} articles x es (Apertium) against raw `apertium -u eng-spa`")
        for name, extra in (("default job", ""), ("back-translation off", NO_BACK)):
            project = rerun.make_project(base / f"es-{len(extra)}", sizes["apertium"], '"es"', extra)
            sentences = rerun.source_sentences(project)
            against_raw(name, project, lambda sentences=sentences: raw_apertium(sentences))

        print(f"\n{sizes['bergamot']} articles x pt (Bergamot) against raw BergamotEngine.translate")
        for name, extra in (("default job", ""), ("back-translation off", NO_BACK)):
            project = rerun.make_project(base / f"pt-{len(extra)}", sizes["bergamot"], '"pt"', extra)
            sentences = rerun.source_sentences(project)
            against_raw(name, project,
                        lambda sentences=sentences: in_this_process(lambda: rerun.raw_bergamot(sentences)))
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
