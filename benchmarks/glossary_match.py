"""Glossary matching speed: 10,000 terms over 1,000 news sentences (target: well under a second).

Prints the automaton build time and the matching time (medians of several runs), and the same work done by one
alternation regex per glossary for comparison.

    .venv/bin/python benchmarks/glossary_match.py [--terms 10000] [--sentences 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

from translator.glossary.match import Matcher
from translator.glossary.model import Glossary, Term
from translator.readers import read_article

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--terms", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(0)
    sample = read_article(ROOT / "input" / "nato-russia-talks.txt", language="en").units()
    syllables = ["ka", "ro", "mi", "ta", "ne", "vo", "li", "sa", "du", "pe", "zo", "ri"]
    names: dict[str, None] = {}
    while len(names) < args.terms:
        words = ("".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(rng.randint(1, 3)))
        names[" ".join(words)] = None
    terms = [Term(source=name, targets={"ru": name.upper()}) for name in names]
    terms += [Term(source=s, targets={"ru": s}) for s in ("NATO", "NATO-Russia Council", "Lavrov", "Brussels")]
    sentences = []
    for i in range(args.sentences):
        words = rng.choice(sample).split()
        words.insert(rng.randrange(len(words)), terms[i % len(terms)].source)
        sentences.append(" ".join(words))

    builds, matches, regexes = [], [], []
    found = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        matcher = Matcher(Glossary("en", terms, ["ru"]))
        builds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        found = sum(len(matcher.find(s)) for s in sentences)
        matches.append(time.perf_counter() - t0)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t.source) for t in
                                                sorted(terms, key=lambda t: -len(t.source))) + r")(?!\w)")
    for _ in range(args.runs):
        t0 = time.perf_counter()
        sum(len(pattern.findall(s)) for s in sentences)
        regexes.append(time.perf_counter() - t0)
    build, match, regex = (statistics.median(v) for v in (builds, matches, regexes))
    print(f"{len(terms)} terms, {len(sentences)} sentences, {found} matches")
    print(f"automaton build   {build * 1000:8.1f} ms")
    print(f"match all         {match * 1000:8.1f} ms   ({len(sentences) / match:,.0f} sentences/s)")
    print(f"build + match     {(build + match) * 1000:8.1f} ms   (target: well under 1000 ms)")
    print(f"one big regex     {regex * 1000:8.1f} ms   (automaton is {regex / match:.1f}x faster at matching)")


if __name__ == "__main__":
    main()
