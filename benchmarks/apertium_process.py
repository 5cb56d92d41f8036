"""Apertium kept running (one null-flush pipeline per mode) against a fresh `apertium <mode>` per call.

    python benchmarks/apertium_process.py [--articles 20] [--repeat 3] [--before /work/main]

Lines:
  per call      ApertiumEngine.translate in this process, eng-spa: 6 consecutive calls of 3 sentences, then one call
                with every sentence of the job; one-shot (each call starts `apertium eng-spa`, the code path used
                where null-flush is missing) against kept (this checkout's default; its first call starts the
                pipeline and is shown apart)
  translator    `translator run` in a fresh process on a fresh `--articles` es+ca job built by rerun.make_project
                (glossary on, default settings: checks and back-translation), `--before` checkout against this
                one, alternating, median of --repeat; raw = `apertium -u` run by hand once per language on the same
                sentences (rerun.raw_apertium), and the pipeline's speed as a share of raw
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import rerun  # noqa: E402

from translator.engines.apertium import ApertiumEngine  # noqa: E402


def per_call(sentences: list[str], one_shot: bool) -> list[float]:
    engine = ApertiumEngine()
    if one_shot:
        engine._one_shot.add("eng-spa")
    seconds = []
    with engine:
        for i in range(6):
            started = time.perf_counter()
            engine.translate(sentences[3 * i:3 * i + 3], "en", "es")
            seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        engine.translate(sentences, "en", "es")
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, default=Path("/work/main"))
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()}")
    codes = {"before": args.before.resolve(), "after": ROOT}
    runs: dict[str, list[float]] = {name: [] for name in codes}
    raws: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        sentences = rerun.source_sentences(rerun.make_project(Path(tmp) / "sentences", args.articles, '"es"'))
        shot, kept = per_call(sentences, True), per_call(sentences, False)
        print(f"\nper call, eng-spa, seconds ({len(sentences)} sentences in the large call)")
        print(f"  one-shot  small calls: median {statistics.median(shot[:6]):.3f} (all: "
              f"{', '.join(f'{s:.3f}' for s in shot[:6])}); large {shot[6]:.3f}")
        print(f"  kept      first call (starts the pipeline) {kept[0]:.3f}; next 5 small calls: median "
              f"{statistics.median(kept[1:6]):.4f} (all: {', '.join(f'{s:.4f}' for s in kept[1:6])}); "
              f"large {kept[6]:.3f}")
        for i in range(args.repeat):
            for name, code in (list(codes.items()) if i % 2 == 0 else reversed(codes.items())):
                rerun.CODE = code
                runs[name].append(rerun.timed_run(rerun.make_project(Path(tmp) / f"{name}-{i}", args.articles,
                                                                     '"es", "ca"')))
            raws.append(rerun.raw_apertium(sentences, "eng-spa") + rerun.raw_apertium(sentences, "eng-cat"))
    raw = statistics.median(raws)
    print(f"\ntranslator run, {args.articles} articles x es, ca, glossary on; median of {args.repeat}, seconds")
    for name, code in codes.items():
        seconds = statistics.median(runs[name])
        print(f"  {name:<7} {seconds:6.2f} s (all: {', '.join(f'{s:.2f}' for s in runs[name])}; {code}); "
              f"raw {raw:.2f} s: pipeline at {raw / seconds:.2f}x raw")
    print(f"  after/before: {statistics.median(runs['after']) / statistics.median(runs['before']):.2f} of the time")
    print(f"load average after {os.getloadavg()}")


if __name__ == "__main__":
    main()
