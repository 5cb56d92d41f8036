"""Argos engine throughput: this project's batching and beam against the way argostranslate calls CTranslate2.

Builds a base-size package with random weights (6+6 layers, d_model 512, 32k vocabulary); outputs are forced to
30 tokens (min/max decoding length) so random weights give a fixed workload. On a multi-article job (18 sample-sized
articles: ~300 distinct sentences) it measures words/s of
  (a)  the pipeline (read, catalog lookup, one batch, checks, store, publish) at the engine's default beam (2),
       in its cheapest job: source given, JSON editions only, no glossary;
  (a4) the same at beam 4, argostranslate's beam: (a4)/(b) is batching alone, (a)/(a4) is the beam alone;
  (a') the pipeline at its default job: language detection, md/html/json editions, the newsroom glossary, checks;
  (b)  the same model called exactly as argostranslate 1.9 does (translate.py, apply_packaged_translation): per
       paragraph, a SentencePieceProcessor loaded and the sentences encoded, then translate_batch(beam_size=4,
       num_hypotheses=1, max_batch_size=32 examples, length_penalty=0.2, replace_unknowns, return_scores) on a
       ctranslate2.Translator(model, device="cpu") with CTranslate2's default threads and compute type, then the
       detokenization; every distinct paragraph. Its sentence splitting (stanza) is left out: it gets the
       pipeline's sentences, so (b) is faster than argostranslate itself;
  (c)  the upper bound: the best thread/batch setting the sweep finds at the pipeline's decoding options (beam 2,
       no_repeat_ngram_size 4), one translate_batch over all sentences, tokenization and detokenization included.
Ratios come from the same run; --runs N takes medians. The machine load is printed before and after.

    .venv/bin/python benchmarks/argos_throughput.py [--runs 1] [--articles 18]
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
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # this checkout's translator, not an installed one

from argos_builder import build_package  # noqa: E402

TOKENS = 30
FORCED = {"min_decoding_length": TOKENS, "max_decoding_length": TOKENS}
SEED = ROOT / "input" / "nato-russia-talks.txt"


def make_articles(folder: Path, count: int) -> None:
    """`count` articles built from the sample, every sentence made unique so nothing is deduplicated."""
    text = SEED.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = [re.sub(r"(^|(?<=[.!?] ))(?=[A-Z\"])", f"On day {n} ", line) if len(line) > 25 else line
                 for line in text.splitlines()]
        (folder / f"story-{n:02d}.txt").write_text("\n".join(lines), encoding="utf-8")


def pipeline_run(project: Path, options: dict, default_job: bool = False) -> tuple[float, int]:
    """Seconds for a whole job run from empty catalogs, and how many sentences went to the engine."""
    from translator.job import job_from_dict
    from translator.pipeline import run
    from translator.report import Status

    shutil.rmtree(project / "locales", ignore_errors=True)
    shutil.rmtree(project / "output", ignore_errors=True)  # the run state too: nothing is skipped
    engines = {"order": ["argos"], "argos": options}
    job = {"targets": ["ru"], "engines": engines, "glossaries": ["terms/*.tsv"]} if default_job else \
        {"source": "en", "targets": ["ru"], "formats": ["json"], "engines": engines}  # no glossaries/ folder
    job = job_from_dict(job, project, "bench")
    started = time.perf_counter()
    report = run(job)
    seconds = time.perf_counter() - started
    # Random weights make nonsense the checks may hold: what counts is that nothing failed.
    assert all(row.status is not Status.FAILED for row in report.rows), [r.error for r in report.rows]
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


def argostranslate_pattern(package, paras: list[tuple[str, ...]]) -> float:
    """Seconds for argostranslate 1.9's apply_packaged_translation over `paras` (its sentence splitting aside)."""
    import ctranslate2
    import sentencepiece

    translator = ctranslate2.Translator(str(package.model_dir), device="cpu")
    started = time.perf_counter()
    for para in paras:
        processor = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
        tokenized = [processor.encode(sentence, out_type=str) for sentence in para]
        results = translator.translate_batch(tokenized, replace_unknowns=True, max_batch_size=32, beam_size=4,
                                             num_hypotheses=1, length_penalty=0.2, return_scores=True, **FORCED)
        "".join(t for r in results for t in r.hypotheses[0]).replace("\u2581", " ").lstrip()
    return time.perf_counter() - started


def upper_bound(package, sentences: list[str], setting: tuple[int, int, int, str]) -> float:
    """Seconds for one translate_batch over every sentence at `setting`, tokenization and detokenization in."""
    import ctranslate2
    import sentencepiece

    from translator.engines.argos import DEFAULTS

    inter, intra, batch, batch_type = setting
    translator = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8",
                                        inter_threads=inter, intra_threads=intra)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
    started = time.perf_counter()
    tokens = processor.encode(sentences, out_type=str)
    results = translator.translate_batch(tokens, beam_size=DEFAULTS["beam_size"], max_batch_size=batch,
                                         batch_type=batch_type, no_repeat_ngram_size=DEFAULTS["no_repeat_ngram_size"],
                                         **FORCED)
    [processor.decode(r.hypotheses[0]) for r in results]
    return time.perf_counter() - started


def sweep(package, sample: list[str], runs: int) -> tuple[int, int, int, str]:
    """Thread and batch settings at the pipeline's decoding options; returns the fastest."""
    cores = os.cpu_count() or 1
    settings = sorted({(1, 0, 32, "examples"), (1, cores, 32, "examples"), (1, 1, 32, "examples"),
                       (cores, 1, 64, "examples"), (cores, 1, 16, "examples"), (cores, 1, 512, "tokens"),
                       (cores, 1, 1024, "tokens"), (min(4, cores), 1, 1024, "tokens")})
    sample_words = words(sample)
    best, best_rate = settings[0], 0.0
    print(f"\nsweep: {len(sample)} sentences, beam 2, no_repeat_ngram_size 4, int8 (median of {runs}):")
    for setting in settings:
        rate = statistics.median(sample_words / upper_bound(package, sample, setting) for _ in range(runs))
        print(f"  inter {setting[0]} intra {setting[1]} batch {setting[2]:5} {setting[3]:8}: {rate:8.1f} words/s")
        if rate > best_rate:
            best, best_rate = setting, rate
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="median of N (default 1)")
    parser.add_argument("--articles", type=int, default=18, help="18 sample-sized articles = ~300 sentences")
    args = parser.parse_args()

    import ctranslate2

    from translator.engines.argos import DEFAULTS
    from translator.models.store import ModelStore

    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()[0]:.2f}; "
          f"ctranslate2 {ctranslate2.__version__}")
    work = Path(tempfile.mkdtemp(prefix="argos-bench-"))
    os.environ["TRANSLATOR_MODELS"] = str(work / "models")
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "none")
    archive = build_package(work / "build", "en", "ru", vocab_size=8000, extra_tokens=32000 - 8000,
                            layers=(6, 6), d_model=512, ffn=2048, heads=8)
    ModelStore().install_file(archive)
    package = ModelStore().find("en", "ru")
    make_articles(work / "input", args.articles)
    (work / "terms").mkdir()
    shutil.copy(ROOT / "glossaries" / "newsroom.tsv", work / "terms")
    # Headlines and credit lines repeat across the articles; each distinct sentence counts once, as the
    # pipeline translates it once, and (b) gets each distinct paragraph once.
    paras = list(dict.fromkeys(tuple(p) for p in paragraphs(work)))
    sentences = list(dict.fromkeys(s for p in paras for s in p))
    total = words(sentences)
    print(f"job: {args.articles} articles, {len(paras)} paragraphs, {len(sentences)} sentences, {total} words; "
          f"outputs forced to {TOKENS} tokens")

    best = sweep(package, sentences[:: max(1, len(sentences) // 96)], args.runs)
    rates: dict[str, list[float]] = {k: [] for k in ("a", "a4", "ad", "b", "c")}
    for _ in range(args.runs):
        seconds, sent = pipeline_run(work, FORCED)
        assert sent == len(sentences), (sent, len(sentences))
        rates["a"].append(total / seconds)
        rates["a4"].append(total / pipeline_run(work, {**FORCED, "beam_size": 4})[0])
        rates["ad"].append(total / pipeline_run(work, FORCED, default_job=True)[0])
        rates["b"].append(total / argostranslate_pattern(package, paras))
        rates["c"].append(total / upper_bound(package, sentences, best))
    m = {k: statistics.median(v) for k, v in rates.items()}
    labels = {
        "a": f"(a)  pipeline, beam {DEFAULTS['beam_size']}, cheapest job",
        "a4": "(a4) pipeline, beam 4",
        "ad": f"(a') pipeline, beam {DEFAULTS['beam_size']}, default job",
        "b": "(b)  argostranslate 1.9's calls, beam 4",
        "c": f"(c)  upper bound: inter {best[0]} intra {best[1]} batch {best[2]} {best[3]}",
    }
    print(f"\nwords/s (median of {args.runs}):")
    for key, label in labels.items():
        print(f"  {label:<52} {m[key]:8.1f}")
    print(f"batching alone (a4/b) {m['a4'] / m['b']:.1f}x; beam 2 vs 4 (a/a4) {m['a'] / m['a4']:.2f}x; "
          f"both (a/b) {m['a'] / m['b']:.1f}x; a/c {m['a'] / m['c']:.2f}; default job (a'/a) {m['ad'] / m['a']:.2f}")
    print(f"load average after {os.getloadavg()[0]:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
