"""What a re-run costs: full run, a run with no change, a one-paragraph edit; and pipeline vs raw engine speed.

    python benchmarks/rerun.py [--articles 50] [--repeat 1]

The job: `--articles` copies of the sample article (each sentence tagged with its copy number, so no two articles
share a sentence) into es, ca (Apertium) and pt (Bergamot), with the newsroom glossary and the default job
settings otherwise (language detection, md/html/json editions, the "qa" publish policy, checks and back-translation
of prominent units). Each run is `translator run` in a fresh process (interpreter start and imports included), as a
newsroom's scheduler would start it. Ratios come from the same invocation; --repeat N takes the median of N.

Lines:
  full          the first run: every sentence to the engines, every catalog and edition written
  no change     the same job again, nothing changed
  edit          one sentence of one paragraph of one article changed (one sentence per language to the engines)
  apertium      an es+ca job's full run (pipeline) against `apertium -u` run by hand on the same sentences,
                one process per language (raw, timed just before and just after the pipeline: their mean);
                glossary on; the pipeline also runs checks and back-translation
  apertium, no back-translation
                the same job with `[checks] back_translation = "off"` (one thing changed: the second engine
                pass over the prominent units, through spa-eng and cat-eng)
  bergamot      the same for pt: the pipeline against BergamotEngine.translate on the same sentences
  apertium CPU  the CPU seconds of that pipeline run (its process, the engine's processes) and of raw Apertium
                (mean of the two): the pipeline's wall time can be no less than its CPU seconds over the cores, so
                raw's wall over that is an upper bound of the ratio on this machine for this much work
  checks        the per-unit judgement (translator.review.assess.assess_unit: every check, the glossary, risk) timed on
                the Apertium job's catalog entries in this process, nothing memoised, against raw Apertium's
                seconds per sentence and language
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's translator, not an installed one
JOB = ('targets = [{targets}]\nglossaries = ["glossaries/*.tsv"]\n[engines]\norder = ["bergamot", "apertium"]\n'
       '[boilerplate]\npatterns = ["^RFE/RL journalists report"]\n')


def make_project(base: Path, articles: int, targets: str, extra: str = "") -> Path:
    (base / "input").mkdir(parents=True)
    (base / "glossaries").mkdir()
    shutil.copy(ROOT / "glossaries" / "newsroom.tsv", base / "glossaries")
    lines = (ROOT / "input" / "nato-russia-talks.txt").read_text(encoding="utf-8").splitlines()
    for i in range(articles):
        tagged = [re.sub(r"\.(\s|$)", f" ({i}).\\1", line) if len(line) > 60 else line for line in lines]
        (base / "input" / f"story-{i:03}.txt").write_text("\n".join(tagged) + "\n", encoding="utf-8")
    (base / "translator.toml").write_text(JOB.format(targets=targets) + extra, encoding="utf-8")
    return base


CODE = ROOT  # the checkout whose translator package is timed (--code)


def timed_run(project: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "translator", "run"], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(CODE)})
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 3):  # 3: partial (something held by the checks) is a normal newsroom outcome
        raise SystemExit(f"run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def edit_one_paragraph(project: Path) -> None:
    path = project / "input" / "story-007.txt"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("met in Brussels on April 23", "met in Brussels on Tuesday, April 23", 1),
                    encoding="utf-8")


def rerun_figures(base: Path, articles: int) -> dict[str, float]:
    project = make_project(base / "rerun", articles, '"es", "pt", "ca"')
    full = timed_run(project)
    same = timed_run(project)
    edit_one_paragraph(project)
    edit = timed_run(project)
    return {"full": full, "no change": same, "edit": edit}


def source_sentences(project: Path) -> list[str]:
    from translator.readers import read_article

    found: dict[str, None] = {}
    for path in sorted((project / "input").iterdir()):
        article = read_article(path, language="en", boilerplate=["^RFE/RL journalists report"])
        for block in article.translatable_blocks():
            found.update(dict.fromkeys(block.sentences))
    return list(found)


def raw_apertium(sentences: list[str], mode: str) -> float:
    text = "\n\n".join(" ".join(s.split()) for s in sentences) + "\n"
    started = time.perf_counter()
    subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True)
    return time.perf_counter() - started


def raw_bergamot(sentences: list[str]) -> float:
    from translator.engines.bergamot import BergamotEngine

    started = time.perf_counter()
    BergamotEngine().translate(sentences, "en", "pt")
    return time.perf_counter() - started


def checks_per_unit(project: Path) -> tuple[int, float]:
    """(units, seconds per unit) of assess_unit over the project's catalog entries, as the run judged them."""
    import polib

    from translator.glossary import load_glossaries
    from translator.glossary.match import Matcher
    from translator.memory.catalog import State, entry_unit
    from translator.review import assess

    matcher = Matcher(load_glossaries([project / "glossaries" / "newsroom.tsv"]))
    entries = [(path.parent.parent.name, entry) for path in sorted((project / "locales").glob("*/LC_MESSAGES/*.po"))
               for entry in polib.pofile(str(path)) if entry.msgstr and not entry.obsolete]

    def judge(language: str, entry) -> None:
        assess.assess_unit(entry.msgid, entry.msgstr, state=State.MACHINE, kind=entry_unit(entry).kind,
                           source_language="en", target_language=language, matcher=matcher)

    from translator.checks.language import detect

    detect("The profiles load on the first call.")  # one-time loads (langdetect, wordfreq) are not per unit
    for language, entry in dict(entries).items():
        judge(language, entry)
    assess._MEMO.clear()
    started = time.perf_counter()
    for language, entry in entries:
        judge(language, entry)
    return len(entries), (time.perf_counter() - started) / max(1, len(entries))


def around(pipeline_run, raw_run) -> tuple[float, float]:
    """(pipeline, raw) with the raw engine timed just before and just after the pipeline, their mean: a load that
    changes during the pipeline run hits both sides alike."""
    before = raw_run()
    pipeline = pipeline_run()
    return pipeline, (before + raw_run()) / 2


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process so far, their own children included."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def with_cpu(run) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a run made of child processes (`translator run`, `apertium`)."""
    cpu = children_cpu()
    wall = run()
    return wall, children_cpu() - cpu


def engine_figures(base: Path, articles: int) -> dict[str, tuple[float, float]]:
    out = {}
    apertium = make_project(base / "apertium", articles, '"es", "ca"')
    sentences = source_sentences(apertium)
    cpu: dict[str, list[float]] = {"pipeline": [], "raw": []}

    def raw() -> float:
        wall, used = with_cpu(lambda: raw_apertium(sentences, "eng-spa") + raw_apertium(sentences, "eng-cat"))
        cpu["raw"].append(used)
        return wall

    def pipeline() -> float:
        wall, used = with_cpu(lambda: timed_run(apertium))
        cpu["pipeline"].append(used)
        return wall

    out["apertium"] = around(pipeline, raw)
    out["cpu"] = (cpu["pipeline"][0], statistics.mean(cpu["raw"]))
    units, per_unit = checks_per_unit(apertium)
    out["checks"] = (per_unit * 1000, out["apertium"][1] / (2 * len(sentences)) * 1000)
    print(f"  (checks timed on {units} units)")
    quiet = make_project(base / "apertium-no-back", articles, '"es", "ca"', '[checks]\nback_translation = "off"\n')
    out["apertium, no back-translation"] = around(lambda: timed_run(quiet), raw)
    bergamot = make_project(base / "bergamot", articles, '"pt"')
    out["bergamot"] = around(lambda: timed_run(bergamot), lambda: raw_bergamot(sentences))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=1, help="median of N invocations (default 1)")
    parser.add_argument("--skip-engines", action="store_true", help="only the re-run lines")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout to time (default this one; another worktree for a before/after)")
    args = parser.parse_args()
    global CODE
    CODE = args.code.resolve()
    print(f"code: {CODE}")
    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()[0]:.2f}")
    reruns: list[dict[str, float]] = []
    engines: list[dict[str, tuple[float, float]]] = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            reruns.append(rerun_figures(Path(tmp), args.articles))
            if not args.skip_engines:
                engines.append(engine_figures(Path(tmp), args.articles))
    full = statistics.median(r["full"] for r in reruns)
    print(f"\n{args.articles} articles x es, pt, ca, glossary on, default job settings; seconds per run "
          f"(median of {args.repeat}); share of the full run")
    for name in ("full", "no change", "edit"):
        seconds = statistics.median(r[name] for r in reruns)
        print(f"  {name:<10} {seconds:8.2f} s  {seconds / full:6.1%}")
    if engines:
        judged = statistics.median(e["checks"][0] for e in engines)
        engine = statistics.median(e["checks"][1] for e in engines)
        print(f"  checks: {judged:.2f} ms per unit; raw Apertium {engine:.2f} ms per sentence and language")
    for name in ("apertium", "apertium, no back-translation", "bergamot") if engines else ():
        pipeline = statistics.median(e[name][0] for e in engines)
        raw = statistics.median(e[name][1] for e in engines)
        print(f"  {name}: pipeline {pipeline:7.2f} s, raw {raw:7.2f} s: pipeline runs at {raw / pipeline:.2f}x raw")
    if engines:
        pipeline_cpu = statistics.median(e["cpu"][0] for e in engines)
        raw_cpu = statistics.median(e["cpu"][1] for e in engines)
        raw = statistics.median(e["apertium"][1] for e in engines)
        cores = os.cpu_count() or 1
        print(f"  apertium CPU: pipeline {pipeline_cpu:.2f} s (its process and the engine's), raw {raw_cpu:.2f} s "
              f"(raw keeps {raw_cpu / raw:.2f} of {cores} cores busy); with all {cores} cores busy for the whole run "
              f"the pipeline would take {pipeline_cpu / cores:.2f} s: at best {raw / (pipeline_cpu / cores):.2f}x raw")
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
