"""Argos engine throughput: this project's batching and beam against the way argostranslate calls CTranslate2.

Builds a base-size package with random weights (6+6 layers, d_model 512, 32k vocabulary, int8); outputs are forced
to 30 tokens (min/max decoding length) so random weights give a fixed workload. On a multi-article job (sample-sized
articles, every sentence made unique) it measures words/s of
  (a)  the pipeline (read, catalog lookup, one batch, checks, store, publish) at the engine's default beam (2),
       in its cheapest job: source given, JSON editions only, no glossary;
  (a4) the same at beam 4, argostranslate's beam: (a4)/(b) is batching alone, (a)/(a4) is the beam alone;
  (a') the pipeline at its default job: language detection, md/html/json editions, the newsroom glossary, checks;
  (b)  the same model called exactly as argostranslate 1.9.x (1.9.1 to 1.9.6, identical here) calls it:
       PackageTranslation.hypotheses makes one ctranslate2.Translator(model, device="cpu") on first use (CTranslate2's
       default threads, inter 1 and intra 0, and the model's own compute type), CachedTranslation translates each
       distinct paragraph once, and apply_packaged_translation, per paragraph, encodes each sentence with the
       package's SentencePieceProcessor (loaded once, lazily, by tokenizer.SentencePieceTokenizer), calls
       translate_batch(target_prefix=None, replace_unknowns=True, max_batch_size=32 (examples), beam_size=4,
       num_hypotheses=1, length_penalty=0.2, return_scores=True) and detokenizes by joining the pieces and
       replacing U+2581 with spaces. Timed from the first call (both loads in) over every distinct paragraph. Its
       sentence splitting is left out (1.9 builds a stanza Pipeline per paragraph): it gets the pipeline's
       sentences, so (b) is faster than argostranslate itself.
       1.10.0 and 1.11.0 differ: Translator(inter_threads=1, intra_threads=0, compute_type="auto") from settings,
       translate_batch with max_batch_size=32 and batch_type="tokens" (32 tokens a batch, not 32 sentences) and
       beam_size from ARGOS_BEAM_SIZE (default 4), detokenization by SentencePiece's decode_pieces, and one
       sentencizer (MiniSBD or stanza) built per translation instead of per paragraph. Not measured here.
  (c)  the upper bound: the bare engine, no pipeline work at all: one translate_batch over all the job's distinct
       sentences (sorted by length, as the pipeline sends them), SentencePiece encoding and decoding included, the
       model loaded before the clock starts, at the pipeline's decoding options (beam 2, no_repeat_ngram_size 4,
       return_scores). Measured at every setting of the sweep and at the pipeline's own (inter/intra threads,
       batch size and type from translator.engines.argos.DEFAULTS), each the best of the --runs rounds, interleaved
       with the pipeline lines so load changes hit both; (c) is the fastest of them. Every line above does this
       work and more (or a wider beam), so each run of each line must come out below (c); if one does not, the
       machine's load changed too much during the run, and the script says so and exits with status 1.
One untimed default-job run first loads the Python modules, so the first round pays no import costs. Pipeline
lines and (b) are medians of the rounds; (c) and the sweep are best-of-rounds (an upper bound takes the
best). Ratios come from the same run. The machine load is printed before and after.

    .venv/bin/python benchmarks/argos_throughput.py [--runs 3] [--articles 8]
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
PIPELINE_LINES = ("a", "a4", "ad")


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
    from translator.run.pipeline import run
    from translator.run.report import Status

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


def argostranslate_19(package, paras: list[tuple[str, ...]]) -> float:
    """Seconds for argostranslate 1.9's calls over `paras` (its sentence splitting aside), loads included."""
    import ctranslate2
    import sentencepiece

    started = time.perf_counter()
    translator = ctranslate2.Translator(str(package.model_dir), device="cpu")
    processor = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
    for para in paras:
        tokenized = [processor.encode(sentence, out_type=str) for sentence in para]
        results = translator.translate_batch(tokenized, target_prefix=None, replace_unknowns=True,
                                             max_batch_size=32, beam_size=4, num_hypotheses=1,
                                             length_penalty=0.2, return_scores=True, **FORCED)
        value = "".join(t for r in results for t in r.hypotheses[0]).replace("\u2581", " ")
        value = value[1:] if value.startswith(" ") else value
    return time.perf_counter() - started


Setting = tuple[int, int, int, str]  # inter_threads, intra_threads, max_batch_size, batch_type


def bare_engine(package, sentences: list[str], setting: Setting, beam: int) -> float:
    """Seconds for one translate_batch over `sentences` at `setting` with the pipeline's decoding options,
    tokenization and detokenization in, the model load out."""
    import ctranslate2
    import sentencepiece

    from translator.engines.argos import DEFAULTS

    inter, intra, batch, batch_type = setting
    translator = ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8",
                                        inter_threads=inter, intra_threads=intra)
    processor = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
    ordered = sorted(sentences, key=len)  # as the pipeline sends them
    started = time.perf_counter()
    tokens = processor.encode(ordered, out_type=str)
    results = translator.translate_batch(tokens, max_batch_size=batch, batch_type=batch_type, beam_size=beam,
                                         num_hypotheses=1, no_repeat_ngram_size=DEFAULTS["no_repeat_ngram_size"],
                                         return_scores=True, **FORCED)
    [processor.decode(r.hypotheses[0]) for r in results]
    return time.perf_counter() - started


def settings_to_try() -> tuple[list[Setting], Setting]:
    """The sweep's thread and batch settings, the pipeline's own among them; and the pipeline's."""
    from translator.engines.argos import DEFAULTS

    cores = os.cpu_count() or 1
    ours = (DEFAULTS["inter_threads"], DEFAULTS["intra_threads"], DEFAULTS["max_batch_size"], DEFAULTS["batch_type"])
    sweep = {(1, 0, 32, "examples"), (1, cores, 32, "examples"), (1, 1, 32, "examples"), (1, 1, 64, "examples"),
             (cores, 1, 64, "examples"), (cores, 1, 32, "examples"), (cores, 1, 16, "examples"),
             (cores, 1, 8, "examples"), (cores, 1, 512, "tokens"), (cores, 1, 1024, "tokens"), ours}
    return sorted(sweep, key=lambda s: (s[0], s[1], s[3], s[2])), ours


def describe(setting: Setting) -> str:
    unit = "sentences" if setting[3] == "examples" else "tokens"
    return f"inter {setting[0]} intra {setting[1]} batch {setting[2]} {unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="rounds: medians for the pipeline and (b), "
                        "best-of for (c) and the sweep (default 3)")
    parser.add_argument("--articles", type=int, default=8, help="sample-sized articles (8 = ~145 sentences)")
    args = parser.parse_args()

    import ctranslate2

    from translator.engines.argos import DEFAULTS
    from translator.models.store import ModelStore

    print(f"machine: {os.cpu_count()} cores, load average before {os.getloadavg()[0]:.2f}; "
          f"ctranslate2 {ctranslate2.__version__}", flush=True)
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
    # pipeline translates it once, and (b) gets each distinct paragraph once, as argostranslate's cache does.
    paras = list(dict.fromkeys(tuple(p) for p in paragraphs(work)))
    sentences = list(dict.fromkeys(s for p in paras for s in p))
    total = words(sentences)
    print(f"job: {args.articles} articles, {len(paras)} paragraphs, {len(sentences)} sentences, {total} words; "
          f"outputs forced to {TOKENS} tokens; {args.runs} rounds", flush=True)

    settings, ours = settings_to_try()
    beam = DEFAULTS["beam_size"]
    rates: dict[str, list[float]] = {k: [] for k in (*PIPELINE_LINES, "b", "beam1", "beam4")}
    engine: dict[Setting, list[float]] = {s: [] for s in settings}
    pipeline_run(work, FORCED, default_job=True)  # untimed: imports
    for round_ in range(1, args.runs + 1):
        seconds, sent = pipeline_run(work, FORCED)
        assert sent == len(sentences), (sent, len(sentences))
        rates["a"].append(total / seconds)
        for setting in settings:  # the bound's measurements spread between the pipeline's
            engine[setting].append(total / bare_engine(package, sentences, setting, beam))
            if setting == settings[len(settings) // 2]:
                rates["a4"].append(total / pipeline_run(work, {**FORCED, "beam_size": 4})[0])
        rates["ad"].append(total / pipeline_run(work, FORCED, default_job=True)[0])
        rates["b"].append(total / argostranslate_19(package, paras))
        rates["beam1"].append(total / bare_engine(package, sentences, ours, 1))
        rates["beam4"].append(total / bare_engine(package, sentences, ours, 4))
        print(f"round {round_}: " + ", ".join(f"{k} {v[-1]:.0f}" for k, v in rates.items())
              + f", bare engine best {max(v[-1] for v in engine.values()):.0f} words/s; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)

    best_of = {s: max(v) for s, v in engine.items()}
    best = max(best_of, key=best_of.get)
    c = best_of[best]
    m = {k: statistics.median(v) for k, v in rates.items()}
    print(f"\nsweep: the bare engine on all {len(sentences)} sentences, beam {beam}, no_repeat_ngram_size "
          f"{DEFAULTS['no_repeat_ngram_size']}, int8 (best of {args.runs}):")
    for setting in settings:
        mark = " (the pipeline's)" if setting == ours else ""
        print(f"  {describe(setting):<42} {best_of[setting]:8.1f} words/s{mark}")
    print(f"  at the pipeline's setting, beam 1: {max(rates['beam1']):.1f}, beam {beam}: {best_of[ours]:.1f}, "
          f"beam 4: {max(rates['beam4']):.1f} words/s")
    labels = {
        "a": f"(a)  pipeline, beam {beam}, cheapest job",
        "a4": "(a4) pipeline, beam 4",
        "ad": f"(a') pipeline, beam {beam}, default job",
        "b": "(b)  argostranslate 1.9's calls, beam 4",
    }
    print(f"\nwords/s (medians of {args.runs}; (c) best of {args.runs}):")
    for key, label in labels.items():
        print(f"  {label:<66} {m[key]:8.1f}")
    print(f"  {'(c)  upper bound, bare engine: ' + describe(best):<66} {c:8.1f}")
    print(f"batching alone (a4/b) {m['a4'] / m['b']:.2f}x; beam {beam} vs 4 (a/a4) {m['a'] / m['a4']:.2f}x; "
          f"both (a/b) {m['a'] / m['b']:.2f}x; default job (a'/a) {m['ad'] / m['a']:.2f}x")
    print(f"(a)/(c) = {m['a'] / c:.2f} (an upper bound: (c) >= every pipeline line)")
    print(f"load average after {os.getloadavg()[0]:.2f}")
    shutil.rmtree(work, ignore_errors=True)
    over = [f"{labels[k].split()[0]} {max(rates[k]):.1f}" for k in (*PIPELINE_LINES, "b") if max(rates[k]) > c]
    if over:
        print(f"\nNOT VALID: {', '.join(over)} words/s came out above the upper bound (c) {c:.1f}: the load "
              "changed during the run. Rerun on a quieter machine.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
