"""Engine work in-process vs on a local Dask cluster (local:1, local:2), and a paper model of a 27-language desk.

    python benchmarks/cluster.py [--articles 100] [--chunk-tokens 2000]

Articles are copies of the sample article made distinct (each sentence tagged with its copy number) so the
run cache cannot skip them; targets pt (Bergamot), es and ca (Apertium). Figures are from one run.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The machine policy: every language publishes, so the runs compare engine work, not what the checks hold.
JOB = ('targets = ["pt", "es", "ca"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["bergamot", "apertium"]\n')


def make_project(base: Path, articles: int) -> Path:
    (base / "input").mkdir(parents=True)
    lines = (ROOT / "input" / "nato-russia-talks.txt").read_text(encoding="utf-8").splitlines()
    for i in range(articles):
        tagged = [re.sub(r"\.(\s|$)", f" ({i}).\\1", line) if len(line) > 60 else line for line in lines]
        (base / "input" / f"story-{i:03}.txt").write_text("\n".join(tagged) + "\n", encoding="utf-8")
    (base / "translator.toml").write_text(JOB, encoding="utf-8")
    return base


def timed_run(base: Path, articles: int, cluster: str | None, chunk_tokens: int, affinity: bool = True):
    from translator.execute.dask import connect
    from translator.job import load_job
    from translator.run.pipeline import run

    project = make_project(base, articles)
    job = load_job(project / "translator.toml")
    started = time.perf_counter()
    executor = connect(cluster, job.engine_options, chunk_tokens=chunk_tokens, affinity=affinity) if cluster else None
    ready = time.perf_counter()
    report = run(job, executor=executor)
    done = time.perf_counter()
    if executor is not None:
        executor.close()
    assert all(row.status == "ok" for row in report.rows), "a language did not publish"
    return report, ready - started, done - ready


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--chunk-tokens", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()[0]:.2f}")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        # The last line changes one thing against local:2: chunks go wherever Dask schedules them, not
        # preferably to the workers that already hold the pair's model.
        for label, name, affinity in ((None, None, True), ("local:1", "local:1", True), ("local:2", "local:2", True),
                                      ("local:2 no affinity", "local:2", False)):
            folder = Path(tmp) / (label or "here").replace(":", "-").replace(" ", "-")
            report, start, work = timed_run(folder, args.articles, name, args.chunk_tokens, affinity)
            results[label] = (report, start, work)
            words = sum(row.words for row in report.rows)
            chunks = report.executor.get("chunks", 0)
            print(f"{(label or report.ran_on):<40} start {start:6.2f} s  run {work:7.2f} s  {words / work:8.0f} "
                  f"words/s  chunks {chunks}")
    base = results[None][2]
    for name in ("local:1", "local:2", "local:2 no affinity"):
        report, _, work = results[name]
        chunks = report.executor["chunks"]
        print(f"{name}: run time / in-process {work / base:.2f}x; overhead per chunk "
              f"{(work - base) / chunks * 1000:.0f} ms (run time over in-process, over {chunks} chunks)")
    here = results[None][0]
    per_pair = {}
    for row in here.rows:
        words, seconds = per_pair.get(row.route, (0, 0.0))
        per_pair[row.route] = (words + row.words, seconds + row.seconds)
    print("in-process throughput per pair (words/s): "
          + ", ".join(f"{route} {w / s:.0f}" for route, (w, s) in per_pair.items()))
    # A paper desk: 27 languages, 500 articles an hour of the sample's length, each language at the slowest
    # measured pair's throughput, plus a model load per language per worker (Bergamot's first call, measured).
    load = measure_load()
    slowest = min(w / s for w, s in per_pair.values())
    words_hour = 500 * here.rows[0].words
    busy = 27 * (words_hour / slowest + load)
    print(f"desk model: 27 languages x 500 articles/h x {here.rows[0].words} words at {slowest:.0f} words/s + "
          f"{load:.2f} s model load each = {busy:.0f} worker-seconds per hour -> {math.ceil(busy / 3600)} workers "
          f"(one core each), {math.ceil(busy / 3600 / 0.7)} at 70% utilisation")
    print(f"load average after {os.getloadavg()[0]:.2f}")


def measure_load() -> float:
    from translator.engines.bergamot import BergamotEngine

    started = time.perf_counter()
    BergamotEngine(threads=1).translate(["Warm up."], "en", "pt")
    return time.perf_counter() - started


if __name__ == "__main__":
    shutil.rmtree(ROOT / "benchmarks" / "__pycache__", ignore_errors=True)
    main()
