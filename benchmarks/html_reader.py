"""The HTML reader beside trafilatura on real English news pages (tests/data/newspages/, from trafilatura's own
evaluation set: see the README there).

Each page comes with snippets that must be in the story text and snippets of site chrome that must not
(trafilatura's evaldata.json), and the headline as the page shows it. Per page and in total it prints, for the
reader (every block but boilerplate, markup read as plain text) and for trafilatura (`extract`, its title):
  must      must-have snippets found,
  chrome    chrome snippets kept out,
  headline  the headline as the page shows it (its h1), and headlines that carry no site name (a wrong one aside),
and the seconds a page.

    .venv/bin/python benchmarks/html_reader.py [--tree DIR]

--tree reads with the translator package of another checkout (e.g. main, for the figures before a change).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "newspages"


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def read_with_reader(path: Path) -> tuple[str, str, float]:
    from translator.article import BlockKind
    from translator.readers import read_article
    from translator.text import inline

    start = time.perf_counter()
    article = read_article(path, language="en")
    seconds = time.perf_counter() - start
    kept = [block for block in article.blocks if block.kind is not BlockKind.BOILERPLATE]
    body = "\n".join(inline.plain(block.text) for block in kept)
    title = next((inline.plain(b.text) for b in kept if b.kind is BlockKind.HEADLINE), "")
    return body, title, seconds


def read_with_trafilatura(path: Path) -> tuple[str, str, float]:
    import trafilatura

    html = path.read_text(encoding="utf-8")
    start = time.perf_counter()
    body = trafilatura.extract(html) or ""
    metadata = trafilatura.extract_metadata(html)
    seconds = time.perf_counter() - start
    return body, (metadata.title if metadata is not None else "") or "", seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, default=ROOT, help="checkout whose translator package reads the pages")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    pages = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))["pages"]
    totals = {name: [0, 0, 0, 0, 0.0] for name in ("reader", "trafilatura")}
    must = sum(len(p["must"]) for p in pages)
    chrome = sum(len(p["must_not"]) for p in pages)
    notes = []
    print(f"{'page':34} {'reader':>14} {'trafilatura':>14}   (must, chrome out, headline as shown)")
    for page in pages:
        row = []
        for name, read in (("reader", read_with_reader), ("trafilatura", read_with_trafilatura)):
            body, title, seconds = read(PAGES / page["file"])
            found = sum(snippet in body for snippet in page["must"])
            out = sum(snippet not in body for snippet in page["must_not"])
            shown = _same(title, page["headline"])
            no_site = bool(title) and page["site"].casefold() not in title.casefold()
            for index, value in enumerate((found, out, shown, no_site, seconds)):
                totals[name][index] += value
            row.append(f"{found}/{len(page['must'])} {out}/{len(page['must_not'])} {'yes' if shown else 'NO':>3}")
            if not shown:
                notes.append(f"  {page['file']}, {name}: {title!r}")
        print(f"{page['file'][:34]:34} {row[0]:>14} {row[1]:>14}")
    print("headlines not as shown:", *notes, sep="\n")
    print()
    for name, (found, out, shown, no_site, seconds) in totals.items():
        print(f"{name:12} must {found}/{must}  chrome kept out {out}/{chrome}  headline as shown {shown}/{len(pages)}"
              f"  without site name {no_site}/{len(pages)}  {seconds / len(pages):.2f} s a page")


if __name__ == "__main__":
    main()
