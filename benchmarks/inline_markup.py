"""Inline markup, credit lines and datelines through the real engines here, before and after the desk rules.

On tests/data/emphasis-article.md (9 inline spans in 8 translated sentences: emphasis, strong, a link, a code
span) it prints, per engine and target:
  raw     spans that come back as valid Markdown when the sentence is sent as written (the old way),
  marked  spans that come back through the markers ([brackets] or XS1X…XE1X) on the first pass,
  plain   sentences whose markers were lost, published as the plain translation with a `markup` finding,
  edition spans in the published Markdown edition of a full run with the sample glossary (glossary protection
          and the headline's sentence case on top of the markers).
On the sample article (input/nato-russia-talks.txt) it prints the credit line and the lead's dateline as the
engine writes them from the source (before) and as the credit templates and city table write them (after).

    .venv/bin/python benchmarks/inline_markup.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from translator.article import BlockKind  # noqa: E402
from translator.desk import credits  # noqa: E402
from translator.desk.dateline import place_in  # noqa: E402
from translator.engines import create_engine  # noqa: E402
from translator.readers import read_article  # noqa: E402
from translator.text import inline  # noqa: E402

PAIRS = [("bergamot", "pt"), ("apertium", "es"), ("apertium", "ca"), ("apertium", "sr")]


def markup_counts(engine, target: str, sentences: list[str]) -> tuple[int, int, int, int]:
    """(spans in the source, kept sent raw, kept through markers, sentences that fell back to plain)."""
    wanted = sum(inline.count(s) for s in sentences)
    raw = engine.translate(sentences, "en", target)
    kept_raw = sum(min(inline.count(t), inline.count(s)) for s, t in zip(sentences, raw))
    marked = [inline.to_engine(s) for s in sentences]
    out = engine.translate([m.text if m else s for m, s in zip(marked, sentences)], "en", target)
    kept, fallbacks = 0, 0
    for m, translation in zip(marked, out):
        if m is None:
            continue
        restored, intact = inline.from_engine(translation, m)
        kept += inline.count(restored) if intact else 0
        fallbacks += not intact
    return wanted, kept_raw, kept, fallbacks


def edition_counts(targets: list[str]) -> dict[str, int]:
    """Spans in each language's Markdown edition of the test article, through a full run (sample glossary)."""
    import shutil
    import tempfile

    from translator.job import load_job
    from translator.run.pipeline import run

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "input").mkdir()
        shutil.copy(ROOT / "tests" / "data" / "emphasis-article.md", project / "input")
        shutil.copytree(ROOT / "glossaries", project / "glossaries")
        (project / "translator.toml").write_text(
            f'source = "en"\ntargets = {targets!r}\nformats = ["md"]\n[engines]\norder = ["bergamot", "apertium"]\n'
            '[routes]\nsr = "apertium"\n[publish]\npolicy = "machine"\n'.replace("'", '"'), encoding="utf-8")
        run(load_job(project / "translator.toml"))
        counts = {}
        for target in targets:
            body = (project / "output" / target / "emphasis-article.md").read_text(encoding="utf-8")
            lines = [line for line in body.split("---\n", 2)[2].splitlines()
                     if line and not line.startswith("By ") and "Reuters" not in line]
            counts[target] = sum(inline.count(line) for line in lines)
        return counts


def main() -> None:
    print(f"load average (1, 5, 15 min): {os.getloadavg()}")
    article = read_article(ROOT / "tests" / "data" / "emphasis-article.md", language="en")
    sentences = [s for b in article.translatable_blocks() if b.kind is not BlockKind.CREDIT for s in b.sentences]
    sample = read_article(ROOT / "input" / "nato-russia-talks.txt", language="en")
    credit = next(b for b in sample.blocks if b.kind is BlockKind.CREDIT)
    lead = next(b for b in sample.blocks if b.kind is BlockKind.LEAD)
    print(f"\nInline spans of {len(sentences)} sentences of tests/data/emphasis-article.md, en -> target:")
    print(f"  {'engine':10} {'target':6} {'spans':>5} {'raw':>4} {'marked':>6} {'plain':>5} {'edition':>7}")
    engines = {name: create_engine(name) for name, _ in PAIRS}
    ready = [target for name, target in PAIRS if engines[name].unavailable_reason() is None]
    editions = edition_counts(ready) if ready else {}
    for name, target in PAIRS:
        engine = engines[name]
        if (reason := engine.unavailable_reason()) is not None:
            print(f"  {name:10} {target:6} unavailable: {reason}")
            continue
        wanted, raw, kept, fallbacks = markup_counts(engine, target, sentences)
        print(f"  {name:10} {target:6} {wanted:5} {raw:4} {kept:6} {fallbacks:5} {editions[target]:7}")
    print("\nSample credit line and dateline, engine from the source (before) and desk rules (after):")
    names = credits.agencies(credit.text, "en") or []
    for name, target in PAIRS:
        engine = engines[name]
        if engine.unavailable_reason() is not None:
            continue
        before_credit, before_lead = engine.translate([credit.text, lead.sentences[0]], "en", target)
        place = lead.dateline.split(" --")[0]
        print(f"  {target}: credit before: {before_credit}")
        print(f"  {target}: credit after:  {credits.credit_line(names, target)}")
        print(f"  {target}: dateline before: {before_lead.split(' -- ')[0] if ' -- ' in before_lead else '?'}"
              f" | after: {place_in(place, target, 'en')}")


if __name__ == "__main__":
    main()
