"""Argos engine throughput: this project's batching vs the way argostranslate calls CTranslate2.

Builds a base-size package with random weights (6+6 layers, d_model 512, 32k vocabulary); outputs are forced to
~30 tokens (min/max decoding length) so random weights give a fixed workload. On a multi-article job of ~300
sentences it measures words/s of
  (a) this engine through the full pipeline (read, catalog lookup, batch, store, publish),
  (b) the same model called the way argostranslate does: one translate_batch per paragraph, max_batch_size 32
      tokens, beam 4, compute "auto", default threads (measured on a subset of paragraphs: it is slow),
  (c) one raw translate_batch over all sentences with (a)'s beam and compute type (the upper bound),
and prints medians of several runs and the ratios a/b and a/c. `--sweep` also times thread and batch settings.

    .venv/bin/python benchmarks/argos_throughput.py [--runs 3] [--sweep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from argos_builder import build_package  # noqa: E402

TOKENS = 30
SEED = ROOT / "input" / "nato-russia-talks.txt"


def make_articles(folder: Path, count: int) -> None:
    """`count` articles built from the sample, every sentence made unique so nothing is deduplicated."""
    text = SEED.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [re.sub(r"(^|(?<=[.!?] ))(?=[A-Z\"])", f"On day {n} ", line) if len(line) > 25 else line
                 for line in text.splitlines()]
        (folder / f"story-{n:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


def pipeline_run(project: Path, options: dict) -> tuple[float, int]:
    """Seconds for a whole job run, and how many sentences went to the engine."""
    from translator.job import job_from_dict
    from translator.pipeline import run

    shutil.rmtree(project / "locales", ignore_errors=True)
    shutil.rmtree(project / "output", ignore_errors=True)
    job = job_from_dict({"source": "en", "targets": ["ru"], "formats": ["json"],
                         "engines": {"order": ["argos"], "argos": options}}, project, "bench")
    started = time.perf_counter()
    report = run(job)
    seconds = time.perf_counter() - started
    assert all(row.status == "ok" for row in report.rows), [r.error for r in report.rows]
    return seconds, sum(report.engine_calls.values())


def paragraphs(project: Path) -> list[list[str]]:
    from translator.readers import read_article

    out = []
    for path in sorted((project / "input").iterdir()):
        article = read_article(path, language="en")
        out += [block.sentences for block in article.translatable_blocks()]
    return out


def words(sentences: list[str]) -> int:
    return sum(len(s.split()) for s in sentences)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=18, help="18 sample-sized articles = ~300 sentences")
    parser.add_argument("--subset", type=int, default=20, help="paragraphs timed for (b)")
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()

    import ctranslate2

    from translator.engines.argos import DEFAULTS, ArgosEngine
    from translator.models.store import ModelStore

    work = Path(tempfile.mkdtemp(prefix="argos-bench-"))
    os.environ["TRANSLATOR_MODELS"] = str(work / "models")
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "none")
    started = time.perf_counter()
    archive = build_package(work / "build", "en", "ru", vocab_size=8000, extra_tokens=32000 - 8000,
                            layers=(6, 6), d_model=512, ffn=2048, heads=8)
    ModelStore().install_file(archive)
    print(f"built base-size package in {time.perf_counter() - started:.1f}s "
          f"({(work / 'models' / 'translate-en_ru' / 'model' / 'model.bin').stat().st_size / 1024**2:.0f} MB)")
    make_articles(work / "input", args.articles)
    # Headlines and credit lines repeat across the articles; count each distinct sentence once, as the
    # pipeline translates it once.
    paras = list(dict.fromkeys(tuple(p) for p in paragraphs(work)))
    sentences = list(dict.fromkeys(s for p in paras for s in p))
    print(f"job: {args.articles} articles, {len(sentences)} sentences, {words(sentences)} words; "
          f"outputs forced to {TOKENS} tokens; ctranslate2 {ctranslate2.__version__}, {os.cpu_count()} cores")
    forced = {"min_decoding_length": TOKENS, "max_decoding_length": TOKENS}

    a_rates, c_rates, b_rates = [], [], []
    engine = ArgosEngine()
    package = engine.store.find("en", "ru")
    model = engine._load(package)
    tokens = sorted(model.tokenizer.encode(sentences), key=len)  # the raw call gets the best order too
    for _ in range(args.runs):
        seconds, sent = pipeline_run(work, forced)
        assert sent == len(sentences), (sent, len(sentences))
        a_rates.append(words(sentences) / seconds)

        t0 = time.perf_counter()
        model.translator.translate_batch(tokens, beam_size=DEFAULTS["beam_size"],
                                         max_batch_size=DEFAULTS["max_batch_size"],
                                         batch_type=DEFAULTS["batch_type"], **forced)
        c_rates.append(words(sentences) / (time.perf_counter() - t0))

    # (b): argostranslate's call pattern: default Translator threads, compute "auto", beam 4, 32 tokens a batch.
    argos_like = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="auto")
    subset = paras[: args.subset]
    for _ in range(args.runs):
        t0 = time.perf_counter()
        for para in subset:
            argos_like.translate_batch(model.tokenizer.encode(para), beam_size=4, max_batch_size=32,
                                       batch_type="tokens", replace_unknowns=True, **forced)
        b_rates.append(words([s for p in subset for s in p]) / (time.perf_counter() - t0))

    a, b, c = (statistics.median(r) for r in (a_rates, b_rates, c_rates))
    print(f"(a) pipeline, this engine     {a:9.1f} words/s   runs: {', '.join(f'{r:.1f}' for r in a_rates)}")
    print(f"(b) argostranslate's pattern  {b:9.1f} words/s   runs: {', '.join(f'{r:.1f}' for r in b_rates)} "
          f"({len(subset)} paragraphs)")
    print(f"(c) one raw translate_batch   {c:9.1f} words/s   runs: {', '.join(f'{r:.1f}' for r in c_rates)}")
    print(f"a/b = {a / b:.1f} (target >= 10)   a/c = {a / c:.2f} (target >= 0.9)")

    if args.sweep:
        sample = tokens[:: max(1, len(tokens) // 96)]  # ~96 sentences across all lengths: slow settings are slow
        sample_words = sum(len(model.tokenizer.decode(t).split()) for t in sample)
        print(f"\nsweep (raw translate_batch over {len(sample)} sentences, median of runs):")
        for inter, intra, batch, batch_type in (
                (1, 0, 32, "examples"), (1, 2, 32, "examples"), (1, 1, 32, "examples"), (1, 1, 64, "examples"),
                (2, 1, 64, "examples"), (2, 1, 32, "examples"), (2, 1, 16, "examples"), (2, 1, 8, "examples"),
                (2, 1, 512, "tokens"), (2, 1, 1024, "tokens")):
            translator = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8",
                                                inter_threads=inter, intra_threads=intra)
            rates = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                translator.translate_batch(sample, beam_size=DEFAULTS["beam_size"], max_batch_size=batch,
                                           batch_type=batch_type, **forced)
                rates.append(sample_words / (time.perf_counter() - t0))
            rate = statistics.median(rates)
            print(f"  inter {inter} intra {intra} batch {batch:4} {batch_type:8}: {rate:8.1f} words/s")
        for beam in (1, 2, 4):
            rates = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                model.translator.translate_batch(sample, beam_size=beam, max_batch_size=DEFAULTS["max_batch_size"],
                                                 batch_type=DEFAULTS["batch_type"], **forced)
                rates.append(sample_words / (time.perf_counter() - t0))
            print(f"  beam {beam}: {statistics.median(rates):8.1f} words/s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
