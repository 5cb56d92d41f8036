"""The sentence splitter (sentencex and the rules of translator/text/segment_rules.py) beside pySBD 0.3.4 on pySBD's own
test cases (tests/data/pysbd/: en, es, ru, ar, fa). Prints, per language, the cases each splits exactly as
expected (spaces aside), the cases the splitter misses, and milliseconds a case.

    .venv/bin/python benchmarks/sentence_splitter.py [--tree DIR]

--tree splits with the translator package of another checkout (e.g. main, for the figures before a change).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "pysbd" / "cases.json"


def _normal(sentences: list[str]) -> list[str]:
    return [" ".join(s.split()) for s in sentences if s.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose translator package splits")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    import pysbd

    from translator.text.segment import split_sentences

    cases = json.loads(CASES.read_text(encoding="utf-8"))["cases"]
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    seconds = defaultdict(float)
    misses = []
    for case in cases:
        language, expected = case["language"], _normal(case["sentences"])
        start = time.perf_counter()
        ours = _normal(split_sentences(case["text"], language))
        seconds["splitter"] += time.perf_counter() - start
        start = time.perf_counter()
        theirs = _normal(pysbd.Segmenter(language=language, clean=False).segment(case["text"]))
        seconds["pysbd"] += time.perf_counter() - start
        right[language][0] += ours == expected
        right[language][1] += theirs == expected
        right[language][2] += 1
        if ours != expected:
            misses.append(f"  {language}: {case['text'][:70]!r} -> {ours}")
    print(f"{'language':10} {'splitter':>9} {'pySBD':>7} {'cases':>6}")
    for language, (ours, theirs, count) in right.items():
        print(f"{language:10} {ours:>9} {theirs:>7} {count:>6}")
    total = [sum(r[i] for r in right.values()) for i in range(3)]
    print(f"{'all':10} {total[0]:>9} {total[1]:>7} {total[2]:>6}")
    print(f"ms a case: splitter {1000 * seconds['splitter'] / len(cases):.2f}, "
          f"pySBD {1000 * seconds['pysbd'] / len(cases):.2f}")
    print("splitter misses:", *misses, sep="\n")


if __name__ == "__main__":
    main()
