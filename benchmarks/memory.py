"""Peak memory of `translator run` by number of target languages and articles, through real (tiny) Argos packages.

    python benchmarks/memory.py [--cells 1x1,1x10,1x100,27x1,27x10]

A cell LxA is L target languages x A articles. 27x100 is left out of the default: here it takes about an hour (1x100
took 146 s, and the run's time grows with languages x articles); pass --cells 27x100 to measure it.

"tuned malloc" is the command as shipped (translator/run/allocator.py sets glibc's arenas and thresholds at its start);
with --system-malloc each cell also runs in a fresh copy of its project with TRANSLATOR_MALLOC=system, glibc's
defaults, the one thing changed.

Each cell is one fresh `python -m translator run` process, started by a small wrapper process that has no other
child; the figure is the wrapper's `resource.getrusage(RUSAGE_CHILDREN).ru_maxrss` after the run: the largest
resident set (RSS) the run's process reached, as the kernel counts it (Linux: KiB; printed in MB of 2^20 bytes).
Nothing samples /proc, so a short peak between samples cannot be missed.

The job: source "en", N targets (en -> N distinct codes of translator/languages.py), `[engines] order =
["argos"]`, everything else the defaults (glossaries/*.tsv, which holds the newsroom glossary; md/html/json
editions; policy "qa"; the checks). Back-translation is on by default but needs a route back to English: only
en -> X packages are installed, so no unit is back-translated. Articles are copies of input/nato-russia-talks.txt
made unique as benchmarks/rerun.py makes them (its make_project). The packages are built with
tests/argos_builder.py (2+2 layers, d_model 32, int8, random weights; about 0.1 MB each) and installed with
`translator models install <file>...` into a temporary $TRANSLATOR_MODELS ($ARGOS_PACKAGES_DIR points to an
empty folder so packages argospm installed on this machine are not seen). The models are tiny on purpose: the
figures measure the pipeline's own memory plus at most `max_loaded` loaded models; a real package adds its
CTranslate2 model (hundreds of MB) for each model the LRU holds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]  # this checkout, rerun.py, the builder

# en -> 27 distinct codes (the desks' languages first: a 1-language job is en -> ru).
TARGETS = ("ru", "uk", "be", "fa", "ps", "pt", "es", "ca", "sr", "bs", "hr", "mk", "bg", "ro", "pl", "cs", "ka", "hy",
           "az", "tt", "kk", "ky", "tk", "uz", "tg", "ar", "fr")
JOB = 'source = "en"\ntargets = [{targets}]\n[engines]\norder = ["argos"]\n'
# The wrapper's only child is the run, so RUSAGE_CHILDREN's ru_maxrss is that run's peak RSS.
WRAPPER = ("import json, resource, subprocess, sys\n"
           "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
           "sys.stderr.write(done.stderr[-3000:])\n"
           "print(json.dumps({'rc': done.returncode, 'maxrss_kib': "
           "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n")


def build_and_install(base: Path, targets: list[str], env: dict[str, str]) -> float:
    """Build one package per pair, install them all as a desk would (from files); return the build seconds."""
    from argos_builder import build_package

    started = time.perf_counter()
    files = [build_package(base / "build" / target, "en", target) for target in targets]
    seconds = time.perf_counter() - started
    subprocess.run([sys.executable, "-m", "translator", "models", "install", *map(str, files)], env=env,
                   check=True, capture_output=True)
    return seconds


def peak_run(project: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """(peak RSS in MB, wall seconds, exit code) of one fresh `translator run` in `project`."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "translator", "run", "-q"],
                          cwd=project, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rc"] not in (0, 3):  # 3: partial (the checks held something), a normal newsroom outcome
        raise SystemExit(f"run failed ({result['rc']}) in {project}:\n{done.stderr}")
    return result["maxrss_kib"] / 1024, seconds, result["rc"]


def routes(project: Path) -> set[str]:
    """The routes the report gives, to show every target went through Argos."""
    report = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    rows = report.get("rows", report) if isinstance(report, dict) else report
    return {row.get("route", "?") for row in rows if isinstance(row, dict)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", default="1x1,1x10,1x100,27x1,27x10",
                        help="languages x articles, comma-separated (languages at most 27)")
    parser.add_argument("--system-malloc", action="store_true",
                        help="also run each cell with glibc's own malloc settings (TRANSLATOR_MALLOC=system), the "
                             "one thing changed")
    args = parser.parse_args()
    cells = [tuple(int(n) for n in cell.split("x")) for cell in args.cells.split(",")]
    from rerun import make_project

    from translator.engines.argos import ArgosEngine
    from translator.languages import KNOWN_CODES

    defaults = ArgosEngine.settings({})

    assert len(set(TARGETS)) == len(TARGETS) == 27 and set(TARGETS) <= KNOWN_CODES
    print(f"machine: {os.cpu_count()} cores, load average before {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"model LRU (translator/engines/argos.py OPTIONS): at most {defaults['max_loaded']} models and "
          f"{defaults['max_loaded_mb']} MB of model.bin loaded at once")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "argospm").mkdir()
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TRANSLATOR_MODELS": str(base / "models"),
               "ARGOS_PACKAGES_DIR": str(base / "argospm")}
        targets = TARGETS[: max(count for count, _ in cells)]
        seconds = build_and_install(base, list(targets), env)
        sizes_mb = [(p / "model" / "model.bin").stat().st_size / 1024**2
                    for p in (base / "models").iterdir() if p.is_dir() and not p.name.startswith(".")]
        print(f"built {len(targets)} packages (en -> {', '.join(targets)}) in {seconds:.1f} s; "
              f"model.bin {min(sizes_mb):.2f}-{max(sizes_mb):.2f} MB each")
        print("\npeak RSS of one fresh `python -m translator run` (MB = 2^20 bytes), wall seconds, exit code")
        for count, articles in cells:
            job = ", ".join(f'"{t}"' for t in TARGETS[:count])
            project = make_project(base / f"job-{count}-{articles}", articles, job)
            (project / "translator.toml").write_text(JOB.format(targets=job), encoding="utf-8")
            for malloc in ("tuned", "system") if args.system_malloc else ("tuned",):
                if malloc == "system":  # a fresh project: the same full run, not a re-run that skips everything
                    project = make_project(base / f"job-{count}-{articles}-system", articles, job)
                    (project / "translator.toml").write_text(JOB.format(targets=job), encoding="utf-8")
                peak, wall, rc = peak_run(project, {**env, "TRANSLATOR_MALLOC": malloc})
                argos = sum(route.startswith("argos:en-") for route in routes(project))
                print(f"  {count:>2} languages x {articles:>3} articles, {malloc + ' malloc:':<15} {peak:7.1f} MB  "
                      f"{wall:7.1f} s  rc {rc}  ({argos} Argos routes in the report; load average "
                      f"{os.getloadavg()[0]:.2f})", flush=True)
    print(f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
