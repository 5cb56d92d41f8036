"""An editor's judgement, measured: what the publish gate holds on the labelled set (benchmarks/labelled).

Per language (pt, es), the gate is `translator.review.assess.assess_unit` with the newsroom glossary, as a run
calls it: the checks, the sentence-level signals (its back-translation and engine confidence from
labelled/signals.<lang>.tsv, made by labelled/signals.py) and, for engine output, the route floor with the route
that made it and the job's default `[publish] route_floor`; a unit is *held* when it draws a blocking finding.
Human references and planted defects are judged as text (no route). Three kinds of unit:

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

from translator.article import BlockKind  # noqa: E402
from translator.findings import Note, NoteKind, Severity  # noqa: E402
from translator.job_schema import DEFAULT_ROUTE_FLOOR  # noqa: E402
from translator.memory.catalog import State  # noqa: E402
from translator.review.assess import assess_unit  # noqa: E402

LABELLED = ROOT / "benchmarks" / "labelled"
REFERENCE = ROOT / "benchmarks" / "reference"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
LANGUAGES = ("pt", "es")
# The shipped route whose output engine.<lang>.tsv holds, as a catalog's X-Translator-Route names it.
ROUTES = {"pt": "bergamot:en-pt", "es": "apertium:en-es"}
# Thresholds are chosen on these; the other articles are held out.
CALIBRATION = frozenset({"nato-russia-talks", "black-sea-grain-deal", "kyrgyz-election-turnout"})
# The cases the issue names: (language, kind, source, target, the route that made it, should be held).
NAMED = [
    ("pt", "subheadline", "Opposition Calls For Calm", "Oposição pede calma", None, False),
    ("es", "headline", "Kyrgyz Voters Head To Polls In Snap Parliamentary Election",
     "Kyrgyz los votantes se dirigirse urnas en chasquear Elección parlamentaria", "apertium:en-es", True),
]


@dataclass
class Unit:
    group: str  # human, engine good / needs-edit / wrong, planted <kind>
    article: str
    kind: str
    source: str
    target: str
    route: str | None = None  # what made the text: engine units only
    notes: tuple[Note, ...] = ()  # back-translation and engine confidence, as a run stores them

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
    signals = {r["target"]: r for r in read_tsv(LABELLED / f"signals.{language}.tsv")}
    units = []
    for slug, row in kinds:
        reference = read_tsv(REFERENCE / f"{slug}.{language}.tsv")[int(row) - 1]
        units.append(Unit("human", slug, kinds[slug, row], reference["source"], reference["reference"]))
    units += [Unit(f"engine {r['label']}", r["article"], r["kind"], r["source"], r["target"], ROUTES[language])
              for r in engine]
    units += [Unit(f"planted {r['kind']}", r["article"], kinds[r["article"], r["row"]], r["source"], r["target"])
              for r in read_tsv(LABELLED / f"planted.{language}.tsv")]
    for unit in units:
        found = signals.get(unit.target, {})
        unit.notes = tuple(note for note in (
            found.get("back") and Note(NoteKind.BACK, form=found["back"]),
            found.get("confidence") and Note(NoteKind.CONFIDENCE, form=found["confidence"])) if note)
    return units


def judge(unit: Unit, language: str, matcher, floor: float = DEFAULT_ROUTE_FLOOR) -> list:
    return list(assess_unit(unit.source, unit.target, state=State.MACHINE, kind=BlockKind(unit.kind),
                            source_language="en", target_language=language, matcher=matcher, notes=unit.notes,
                            route=unit.route, route_floor=floor).findings)


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
    """What each threshold of the newer checks holds, moved one at a time, on the calibration articles (where the
    thresholds are read) and on the held-out ones: human references and engine units labelled good (should pass),
    engine units labelled wrong and planted defects (should be held)."""
    from translator.checks import names, signals
    from translator.review import assess

    sides = ("calibration", "out")
    kinds = ("human", "engine good", "engine wrong", "planted")
    print("\n| threshold | " + " | ".join(f"{kind}: {side}" for side in sides for kind in kinds) + " |\n|---"
          + "|---" * len(sides) * len(kinds) + "|")
    units = {language: load(language) for language in LANGUAGES}
    for module, attribute, values in (
            (names, "DROPPED_CAPITALS", [2, 3, 4]), (names, "SWAP_SIMILARITY", [0.7, 0.8, 0.9]),
            (names, "SWAP_NAME_ZIPF", [3.5, 4.0, 4.5]), (signals, "MAX_UNKNOWN_SHARE", [0.05, 0.1, 0.15, 0.25]),
            (signals, "MIN_BACK_SIMILARITY", [20.0, 30.0, 40.0, 50.0, 60.0]),
            (signals, "MIN_CONFIDENCE", [{"apertium": v} for v in (0.9, 0.95, 0.97, 0.99, 1.0)])):
        original = getattr(module, attribute)
        for value in values:
            setattr(module, attribute, value)
            assess._MEMO.clear()
            cells = Counter()
            for language, these in units.items():
                for unit in these:
                    kind = "planted" if unit.group.startswith("planted") else unit.group
                    if kind not in kinds:
                        continue
                    side = "calibration" if unit.article in CALIBRATION else "out"
                    cells[side, kind, "all"] += 1
                    cells[side, kind, "held"] += bool(blocking(judge(unit, language, matcher)) - {"route-quality"})
            mark = " (chosen)" if value == original else ""
            print(f"| {attribute} = {value}{mark} | " + " | ".join(
                f"{cells[side, kind, 'held']}/{cells[side, kind, 'all']}" for side in sides for kind in kinds) + " |")
        setattr(module, attribute, original)
    assess._MEMO.clear()


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
    for language, kind, source, target, route, should in NAMED:
        holds = blocking(judge(Unit("named", "", kind, source, target, route), language, matcher))
        verdict = "held" if holds else "published"
        print(f"  {language} {target!r}: {verdict} {sorted(holds) or ''} "
              f"({'right' if bool(holds) == should else 'WRONG'})")
    if args.sweep:
        sweep(matcher)


if __name__ == "__main__":
    main()
