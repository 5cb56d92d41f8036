"""An editor's judgement, measured: what the publish gate holds on the labelled set (benchmarks/labelled).

Per language (pt, es), the gate is `translator.checks.check_unit` with the newsroom glossary's terms as known
names, as a run calls it; a unit is *held* when it draws a blocking finding. Three kinds of unit:

  human      the reference translations (benchmarks/reference), good by construction: held is a false hold;
  engine     real output of the shipped route (Bergamot en->pt, Apertium en->es, the tool with newsroom.tsv),
             labelled good / needs-edit / wrong by the desk's reviewer (benchmarks/labelled/README.md);
  planted    defects planted into the references by benchmarks/labelled/plant.py, each with its kind.

Should be held: engine units labelled wrong and planted defects. Should pass: human references and engine units
labelled good. Needs-edit units are shown apart (an editor would touch them; holding them is neither right nor
wrong). Precision and recall per check count its blocking findings on those two sides. The articles are split:
the checks' thresholds are chosen on the calibration articles, and the held-out ones are printed apart.

    python benchmarks/judgement.py [--show] [--sweep]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translator.checks import check_unit  # noqa: E402
from translator.findings import Severity  # noqa: E402

LABELLED = ROOT / "benchmarks" / "labelled"
REFERENCE = ROOT / "benchmarks" / "reference"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
LANGUAGES = ("pt", "es")
# Thresholds are chosen on these; the other articles are held out.
CALIBRATION = frozenset({"nato-russia-talks", "black-sea-grain-deal", "kyrgyz-election-turnout"})
# The cases the issue names: (language, kind, source, target, should be held).
NAMED = [
    ("pt", "subheadline", "Opposition Calls For Calm", "Oposição pede calma", False),
    ("es", "headline", "Kyrgyz Voters Head To Polls In Snap Parliamentary Election",
     "Kyrgyz los votantes se dirigirse urnas en chasquear Elección parlamentaria", True),
]


@dataclass
class Unit:
    group: str  # human, engine good / needs-edit / wrong, planted <kind>
    article: str
    kind: str
    source: str
    target: str

    @property
    def should_hold(self) -> bool | None:
        if self.group == "engine needs-edit":
            return None
        return self.group == "engine wrong" or self.group.startswith("planted")


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def load(language: str) -> list[Unit]:
    engine = read_tsv(LABELLED / f"engine.{language}.tsv")
    kinds = {(r["article"], r["row"]): r["kind"] for r in engine}  # the reader's block kind of each sentence
    units = []
    for slug, row in kinds:
        reference = read_tsv(REFERENCE / f"{slug}.{language}.tsv")[int(row) - 1]
        units.append(Unit("human", slug, kinds[slug, row], reference["source"], reference["reference"]))
    units += [Unit(f"engine {r['label']}", r["article"], r["kind"], r["source"], r["target"]) for r in engine]
    units += [Unit(f"planted {r['kind']}", r["article"], kinds[r["article"], r["row"]], r["source"], r["target"])
              for r in read_tsv(LABELLED / f"planted.{language}.tsv")]
    return units


def known_names(source: str, matcher) -> list[str]:
    return [m.text for m in matcher.find(source)] if matcher is not None else []


def judge(unit: Unit, language: str, matcher) -> list:
    return check_unit(unit.source, unit.target, "en", language, kind=unit.kind,
                      known_names=known_names(unit.source, matcher))


def blocking(findings) -> set[str]:
    return {f.check for f in findings if f.severity is Severity.BLOCKING}


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def report(language: str, units: list[Unit], matcher, show: bool) -> None:
    held: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # group -> held all, all, held out, out
    checks: dict[str, Counter] = defaultdict(Counter)  # check -> tp, fp
    positives = negatives = 0
    gate = Counter()
    shown = []
    for unit in units:
        findings = judge(unit, language, matcher)
        holds = blocking(findings)
        group = "planted" if unit.group.startswith("planted") else unit.group
        for key in dict.fromkeys((group, unit.group)):
            cell = held[key]
            cell[0] += bool(holds)
            cell[1] += 1
            if unit.article not in CALIBRATION:
                cell[2] += bool(holds)
                cell[3] += 1
        if unit.should_hold is None:
            continue
        positives += unit.should_hold
        negatives += not unit.should_hold
        gate["tp" if unit.should_hold else "fp"] += bool(holds)
        for check in holds:
            checks[check]["tp" if unit.should_hold else "fp"] += 1
        if show and bool(holds) != unit.should_hold:
            what = ", ".join(f"{f.check}: {f.detail}" for f in findings) or "no finding"
            shown.append(f"  {'MISSED' if unit.should_hold else 'FALSE HOLD'} [{unit.group}] {unit.target[:90]}"
                         f"\n      {what}")

    print(f"\n### {language}\n")
    print("| units | held (all articles) | held (held-out articles) | target |\n|---|---|---|---|")
    targets = {"human": "<= 1 %", "engine wrong": ">= 80 %", "planted": ">= 90 %"}
    for key in ("human", "engine good", "engine needs-edit", "engine wrong", "planted"):
        h, n, ho, no = held[key]
        print(f"| {key} | {share(h, n)} | {share(ho, no)} | {targets.get(key, '')} |")
    print("\n| check (blocking) | recall | precision | holds wrong/planted | holds human/good |\n|---|---|---|---|---|")
    for check, counts in sorted(checks.items(), key=lambda kv: -kv[1]["tp"]):
        tp, fp = counts["tp"], counts["fp"]
        print(f"| {check} | {tp / positives:.0%} | {tp / (tp + fp):.0%} | {tp} | {fp} |")
    tp, fp = gate["tp"], gate["fp"]
    print(f"| **gate** | {tp / positives:.0%} | {tp / (tp + fp) if tp + fp else 0:.0%} | {tp}/{positives} | "
          f"{fp}/{negatives} |")
    print("\nPlanted, held per kind: " + ", ".join(
        f"{key.removeprefix('planted ')} {h}/{n}" for key, (h, n, _, _) in held.items() if key.startswith("planted ")))
    if shown:
        print("\n" + "\n".join(shown))


def sweep(matcher) -> None:
    """Held human references and planted defects on the calibration articles (the thresholds are read there) and on
    the held-out ones, as each threshold of the new checks moves."""
    from translator.checks import names

    print("\n| threshold | human held: calibration | planted held: calibration | human held: held out | "
          "planted held: held out |\n|---|---|---|---|---|")
    units = {language: load(language) for language in LANGUAGES}
    for attribute, values in (("DROPPED_CAPITALS", [2, 3, 4]), ("SWAP_SIMILARITY", [0.7, 0.8, 0.9]),
                              ("SWAP_NAME_ZIPF", [3.5, 4.0, 4.5])):
        original = getattr(names, attribute)
        for value in values:
            setattr(names, attribute, value)
            cells = Counter()
            for language, these in units.items():
                for unit in these:
                    if unit.group != "human" and not unit.group.startswith("planted"):
                        continue
                    side = "calibration" if unit.article in CALIBRATION else "out"
                    kind = "human" if unit.group == "human" else "planted"
                    cells[side, kind, "all"] += 1
                    cells[side, kind, "held"] += bool(blocking(judge(unit, language, matcher)))
            mark = " (chosen)" if value == original else ""
            print(f"| {attribute} = {value}{mark} | " + " | ".join(
                f"{cells[side, kind, 'held']}/{cells[side, kind, 'all']}"
                for side, kind in (("calibration", "human"), ("calibration", "planted"), ("out", "human"),
                                   ("out", "planted"))) + " |")
        setattr(names, attribute, original)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true", help="list every missed defect and false hold")
    parser.add_argument("--sweep", action="store_true", help="the new checks' thresholds, moved one at a time")
    args = parser.parse_args()
    from translator.glossary import load_glossaries
    from translator.glossary.match import Matcher

    matcher = Matcher(load_glossaries([GLOSSARY]))
    print("Calibration articles: " + ", ".join(sorted(CALIBRATION)) + "; the others are held out.")
    for language in LANGUAGES:
        report(language, load(language), matcher, args.show)
    print("\nNamed cases:")
    for language, kind, source, target, should in NAMED:
        holds = blocking(judge(Unit("named", "", kind, source, target), language, matcher))
        verdict = "held" if holds else "published"
        print(f"  {language} {target!r}: {verdict} {sorted(holds) or ''} "
              f"({'right' if bool(holds) == should else 'WRONG'})")
    if args.sweep:
        sweep(matcher)


if __name__ == "__main__":
    main()
