"""Fuzzy memory matches: the time to find the best earlier translations of new units.

    python benchmarks/fuzzy_memory.py [--memory 1000] [--units 100] [--threshold 75] [--repeat 5]

A memory of --memory sentences (news-like, 6-30 words, seeded) and --units new sentences, a third of them one-word
edits of memory sentences (they must be found), the rest new. Lines (medians of --repeat):
  index       building FuzzyIndex (sorted by length) over the memory
  by length   FuzzyIndex.suggest for every unit (what review next and a run do): the length slice only
  full scan   rapidfuzz.process.extract over the whole memory with the same score_cutoff
  pairwise    fuzz.ratio of every unit with every memory sentence, in Python (no cutoff, no index)
and how many units got a suggestion (the same for the three: checked).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz, process  # noqa: E402

from translator.memory.fuzzy import FuzzyIndex  # noqa: E402

_TEXT = ("the minister said on Monday that talks with officials in Brussels would continue next week after a "
         "meeting of the alliance where leaders discussed budget defence energy prices sanctions elections and "
         "the war people were killed injured evacuated police reported protesters gathered outside parliament "
         "government announced new measures to support farmers exporters families schools hospitals")
WORDS = _TEXT.split(" ")


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30))).capitalize() + "."


def one_word_edit(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def timed(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", type=int, default=1000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--threshold", type=int, default=75)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(27)
    memory = [sentence(rng) for _ in range(args.memory)]
    units = [one_word_edit(rng.choice(memory), rng) if i % 3 == 0 else sentence(rng) for i in range(args.units)]
    entries = [(m, f"target of {m}", "bench") for m in memory]

    build, index = timed(lambda: FuzzyIndex(entries), args.repeat)
    buckets, found = timed(lambda: [index.suggest(u, args.threshold) for u in units], args.repeat)
    full, scanned = timed(lambda: [process.extract(u, memory, scorer=fuzz.ratio, score_cutoff=args.threshold, limit=3)
                                   for u in units], args.repeat)
    pairwise, best = timed(lambda: [max(fuzz.ratio(u, m) for m in memory) for u in units], 1)
    hits = sum(1 for f in found if f)
    assert hits == sum(1 for s in scanned if s) == sum(1 for b in best if b >= args.threshold)
    print(f"memory {args.memory} entries x {args.units} new units, threshold {args.threshold} %")
    print(f"  index       {build * 1000:8.1f} ms")
    print(f"  by length   {buckets * 1000:8.1f} ms  ({buckets / args.units * 1000:.2f} ms a unit)")
    print(f"  full scan   {full * 1000:8.1f} ms  ({full / args.units * 1000:.2f} ms a unit)")
    print(f"  pairwise    {pairwise * 1000:8.1f} ms  ({pairwise / args.units * 1000:.2f} ms a unit)")
    print(f"  units with a suggestion: {hits} of {args.units} (one-word edits: {len(range(0, args.units, 3))})")


if __name__ == "__main__":
    main()
