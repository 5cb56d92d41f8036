"""Markdown kept as the desk wrote it: CommonMark spec examples through the pipeline by an identity route.

Each example of the chosen sections of the CommonMark spec (tests/data/commonmark/examples.json, see the README
there) is written as one article, under a "# Example N" headline so that every example has text to translate,
and the whole set is run as one job, en -> pt, through an engine that returns what it is given (IdentityEngine,
below: the pipeline's own reader, sentence splitter, inline markers, catalogs and Markdown writer are all that
change the text). Source and Markdown edition (front matter left out) are both parsed with markdown-it-py and
compared on:
  blocks   the block tokens in order (type, tag, ordered-list start, tight-list paragraphs) and hard breaks,
  targets  every link href and image src,
  code     code spans, fenced and indented code blocks as written.
An example is "kept" when all three agree; every example not kept must be named by a run warning or failure
(report.json), else it is "silent". Prints the share kept per section and in all, and lists what is not kept.

    .venv/bin/python benchmarks/markdown_fidelity.py [--sample N] [--show]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from echo_engine import EchoEngine  # noqa: E402

EXAMPLES = ROOT / "tests" / "data" / "commonmark" / "examples.json"
JOB = """source = "en"
targets = ["pt"]
formats = ["md"]
[publish]
policy = "machine"
[engines]
order = ["echo"]
"""


class IdentityEngine(EchoEngine):
    """Returns every sentence as it was sent: the identity route."""

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return list(sentences)


def load_examples() -> list[dict]:
    return json.loads(EXAMPLES.read_text(encoding="utf-8"))


def article_source(example: dict) -> str:
    return f"# Example {example['example']}\n\n{example['markdown']}"


def signature(text: str) -> dict[str, list]:
    """What must survive: block structure, link and image targets, code."""
    from markdown_it import MarkdownIt

    blocks: list = []
    targets: list = []
    code: list = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type == "inline":
            for child in _walk(token.children or []):
                if child.type == "link_open":
                    targets.append(("link", child.attrs.get("href")))
                elif child.type == "image":
                    targets.append(("image", child.attrs.get("src")))
                elif child.type == "code_inline":
                    code.append(child.content)
                elif child.type == "hardbreak":
                    blocks.append(("hardbreak",))
            continue
        start = token.attrs.get("start") if token.type == "ordered_list_open" else None
        blocks.append((token.type, token.tag, start, token.hidden))
        if token.type in ("fence", "code_block"):
            code.append(token.content)
    return {"blocks": blocks, "targets": targets, "code": code}


def _walk(tokens):
    for token in tokens:
        yield token
        if token.type == "image":
            continue  # an image's alt tokens are its words, not links
        yield from _walk(token.children or [])


def edition_body(text: str) -> str:
    """The Markdown edition without its YAML front matter."""
    return re.sub(r"\A---\n.*?\n---\n\n", "", text, count=1, flags=re.DOTALL)


def run_examples(examples: list[dict], folder: Path) -> tuple[dict[int, str], dict[int, list[str]], float]:
    """Run the examples as one job; the Markdown edition of each, and what the run said of each."""
    from translator.job import load_job
    from translator.run.pipeline import run

    (folder / "input").mkdir()
    for example in examples:
        (folder / "input" / f"example-{example['example']}.md").write_text(article_source(example), encoding="utf-8")
    (folder / "translator.toml").write_text(JOB, encoding="utf-8")
    started = time.perf_counter()
    run(load_job(folder / "translator.toml"), engines={"echo": IdentityEngine()})
    seconds = time.perf_counter() - started
    report = json.loads((folder / "output" / "report.json").read_text(encoding="utf-8"))
    said: dict[int, list[str]] = {}
    lines = [*report.get("warnings", []), *(f["error"] for f in report.get("failures", []))]
    for row in report.get("rows", report.get("articles", [])):
        if isinstance(row, dict) and row.get("status") not in (None, "ok"):
            lines.append(f"{row.get('article')}: status {row.get('status')}")
    for line in lines:
        for number in re.findall(r"example-(\d+)", str(line)):
            said.setdefault(int(number), []).append(str(line))
    editions = {}
    for example in examples:
        path = folder / "output" / "pt" / f"example-{example['example']}.md"
        editions[example["example"]] = edition_body(path.read_text(encoding="utf-8")) if path.exists() else ""
    return editions, said, seconds


def judge(examples: list[dict], editions: dict[int, str], said: dict[int, list[str]]) -> list[dict]:
    results = []
    for example in examples:
        number = example["example"]
        source, edition = signature(article_source(example)), signature(editions[number])
        lost = [part for part in ("blocks", "targets", "code") if source[part] != edition[part]]
        results.append({"example": number, "section": example["section"], "kept": not lost, "lost": lost,
                        "warned": bool(said.get(number)), "said": said.get(number, [])})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, default=0, help="only every Nth example")
    parser.add_argument("--show", action="store_true", help="print source and edition of each example not kept")
    args = parser.parse_args()
    examples = load_examples()
    if args.sample:
        examples = examples[:: args.sample]
    with tempfile.TemporaryDirectory() as folder:
        editions, said, seconds = run_examples(examples, Path(folder))
    results = judge(examples, editions, said)
    sections = Counter(r["section"] for r in results)
    kept = Counter(r["section"] for r in results if r["kept"])
    print(f"{'section':45} kept / examples")
    for section, total in sections.items():
        print(f"{section:45} {kept[section]:4} / {total:<4} {100 * kept[section] / total:5.1f} %")
    total_kept = sum(kept.values())
    silent = [r for r in results if not r["kept"] and not r["warned"]]
    warned = [r for r in results if not r["kept"] and r["warned"]]
    print(f"{'all':45} {total_kept:4} / {len(results):<4} {100 * total_kept / len(results):5.1f} %")
    print(f"not kept, named by a warning: {len(warned)}; not kept and silent: {len(silent)}; "
          f"run {seconds:.1f} s")
    reasons = Counter(re.sub(r"^.*?example-\d+\.md(:\d+)?:?\s*", "", r["said"][0])[:70] for r in warned)
    for reason, n in reasons.most_common(12):
        print(f"  {n:4}  {reason}")
    for r in silent + (warned if args.show else []):
        print(f"\n--- example {r['example']} ({r['section']}) lost {', '.join(r['lost'])}"
              f"{' (warned)' if r['warned'] else ' SILENT'}")
        if args.show or r in silent:
            source = next(e for e in examples if e["example"] == r["example"])
            print("source:  " + repr(source["markdown"]))
            print("edition: " + repr(editions[r["example"]].split("\n\n", 1)[-1]))


if __name__ == "__main__":
    main()
