"""Argos Translate packages run directly on CTranslate2 + SentencePiece (or Moses + BPE).

Every pending sentence of a language pair goes to one translate_batch call; loaded models live in a bounded
LRU so a 27-language job never holds 27 models.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translator.engines.base import EngineBase, ScoredText
from translator.engines.options import Option, choice, non_empty_text, one_of, whole
from translator.errors import EngineError, ModelNotInstalled

if TYPE_CHECKING:  # the package store is imported when an engine is built: the CLI reads only the options
    from translator.models.package import Package

_COMPUTE_TYPES = ("auto", "default", "int8", "int8_float16", "int8_float32", "int8_bfloat16", "int16", "float16",
                  "bfloat16", "float32")

# Defaults measured on a 2-core machine with benchmarks/argos_throughput.py (its sweep; the README's table): one
# translator per core, one intra thread each, batches of up to 1024 tokens in parallel, against one translator
# with CTranslate2's own threading (821 against 639 words/s, best of 3 each, in the run the README quotes).
OPTIONS = (
    Option("beam_size", whole(1), "4", 2, "beam size.", "--beam-size", int),
    # auto: int8 on CPU, int8_float16 on CUDA. No `choices`: a wrong --compute-type is refused by the job schema,
    # as it always was, where a wrong --device is a usage error.
    Option("compute_type", one_of(*_COMPUTE_TYPES), '"int8"', "auto", "int8, int8_float16, float32, auto.",
           "--compute-type"),
    choice("device", ("cpu", "cuda", "auto"), "cpu", help="cpu, cuda or auto.", flag="--device"),
    Option("inter_threads", whole(1), "2", max(1, min(4, os.cpu_count() or 1)), "translators run in parallel.",
           "--inter-threads", int),
    Option("intra_threads", whole(0), "1", 1, "threads per translator.", "--intra-threads", int),
    Option("models_dir", non_empty_text, '"models"', None, "our models folder.", "--models-dir", Path),
    Option("argos_dir", non_empty_text, '"~/.local/share/argos-translate/packages"'),
    Option("max_batch_size", whole(1), "1024", 1024),
    choice("batch_type", ("tokens", "examples"), "tokens"),
    Option("no_repeat_ngram_size", whole(0), "4", 4),  # guards against the repetition loops of weak models
    Option("min_decoding_length", whole(0), "1", 1),
    # None: twice the longest input + 16 tokens, so a runaway decode stops
    Option("max_decoding_length", whole(1), "512", None),
    Option("max_loaded", whole(1), "3", 3),  # models held in memory at once
    Option("max_loaded_mb", whole(1), "4096", 4096),
)


# Loading and evicting models, one thread at a time: two pairs' engine work may run at once (run/pipeline.py).
# A module lock, not an attribute: an engine object travels to Dask workers by pickle.
_LOADING = threading.Lock()


class _Tokenizer:
    """SentencePiece, or Moses tokenization + subword-nmt BPE for older packages."""

    def __init__(self, package: Package) -> None:
        self.kind = package.tokenizer
        if self.kind == "sentencepiece":
            import sentencepiece

            self._sp = sentencepiece.SentencePieceProcessor(model_file=str(package.tokenizer_path))
        else:
            from sacremoses import MosesDetokenizer, MosesTokenizer
            from subword_nmt.apply_bpe import BPE

            with open(package.tokenizer_path, encoding="utf-8") as codes:
                self._bpe = BPE(codes)
            self._moses = MosesTokenizer(lang=package.from_code)
            self._detok = MosesDetokenizer(lang=package.to_code)

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        if self.kind == "sentencepiece":
            return self._sp.encode(list(sentences), out_type=str)
        return [self._bpe.process_line(self._moses.tokenize(s, return_str=True, escape=False)).split()
                for s in sentences]

    def decode(self, tokens: list[str]) -> str:
        if self.kind == "sentencepiece":
            return self._sp.decode(tokens)
        return self._detok.detokenize(" ".join(tokens).replace("@@ ", "").removesuffix("@@").split())


class _Loaded:
    def __init__(self, package: Package, options: dict[str, Any]) -> None:
        import ctranslate2

        device = options["device"]
        if device == "auto":
            device = "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        compute_type = options["compute_type"]
        if compute_type == "auto":
            compute_type = "int8_float16" if device == "cuda" else "int8"
        self.package = package
        self.size_mb = (package.model_dir / "model.bin").stat().st_size / 1024**2
        self.tokenizer = _Tokenizer(package)
        try:
            self.translator = ctranslate2.Translator(
                str(package.model_dir), device=device, compute_type=compute_type,
                inter_threads=options["inter_threads"], intra_threads=options["intra_threads"])
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"{package.path}: the model does not load on {device} ({exc})") from exc


class ArgosEngine(EngineBase):
    name = "argos"
    max_hypotheses = 8  # CTranslate2 returns the n best of its beam
    options = OPTIONS
    job_table = "argos"  # the older top-level [argos] table; its options win over [engines.argos]

    def __init__(self, **given: Any) -> None:
        self.config = self.settings(given)
        models_dir, argos_dir = self.config.pop("models_dir"), self.config.pop("argos_dir")
        kwargs: dict[str, Any] = {}
        if models_dir is not None:
            kwargs["models_dir"] = Path(models_dir)
        if argos_dir is not None:
            kwargs["argos_dir"] = Path(argos_dir)
        from translator.models.store import ModelStore

        self.store = ModelStore(**kwargs)
        self.loaded: OrderedDict[Path, _Loaded] = OrderedDict()
        self._packages: dict[tuple[str, str], Package] | None = None

    def _installed(self) -> dict[tuple[str, str], Package]:
        if self._packages is None:
            self._packages = self.store.installed()  # one scan of the package folders per engine
        return self._packages

    def unavailable_reason(self) -> str | None:
        try:
            import ctranslate2  # noqa: F401
            import sentencepiece  # noqa: F401
        except ImportError as exc:
            return f"Python package {exc.name} is not installed"
        if not self._installed():
            return f"no Argos packages installed in {self.store.models_dir} or {self.store.argos_dir} " \
                   "(translator models install)"
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._installed())

    def model_name(self, source: str, target: str) -> str:
        package = self._package(source, target)
        return f"argos translate-{source}_{target} {package.version} ({package.origin})"

    def _package(self, source: str, target: str) -> Package:
        package = self._installed().get((source, target))
        if package is None:
            raise ModelNotInstalled(f"no Argos package for {source}-{target}; translator models install "
                                    f"{source}-{target}")
        return package

    def _load(self, package: Package) -> _Loaded:
        """The loaded model, most recently used last; evicts to stay within max_loaded and max_loaded_mb."""
        with _LOADING:
            return self._load_unlocked(package)

    def _load_unlocked(self, package: Package) -> _Loaded:
        if package.path in self.loaded:
            self.loaded.move_to_end(package.path)
            return self.loaded[package.path]
        model = _Loaded(package, self.config)
        self.loaded[package.path] = model
        while len(self.loaded) > 1 and (
            len(self.loaded) > self.config["max_loaded"]
            or sum(m.size_mb for m in self.loaded.values()) > self.config["max_loaded_mb"]
        ):
            self.loaded.popitem(last=False)
        return model

    def translate(self, sentences: Sequence[str], source: str, target: str, *, num_hypotheses: int = 1
                  ) -> list[str]:
        """The best translation of each sentence, with the model's confidence: its mean token probability."""
        return [h[0] for h in self.translate_n(sentences, source, target, num_hypotheses=num_hypotheses)]

    def translate_n(self, sentences: Sequence[str], source: str, target: str, *, num_hypotheses: int = 1
                    ) -> list[list[str]]:
        """The n best translations of every sentence, best first, each scored (CTranslate2 gives the log
        probability normalised by length: its exponential is the mean token probability)."""
        if not sentences:
            return []
        model = self._load(self._package(source, target))
        tokens = model.tokenizer.encode(sentences)
        prefix = model.package.target_prefix
        longest = max(len(t) for t in tokens)
        options = self.config
        try:
            results = model.translator.translate_batch(
                tokens,
                target_prefix=[[prefix]] * len(tokens) if prefix else None,
                max_batch_size=options["max_batch_size"],
                batch_type=options["batch_type"],
                beam_size=max(options["beam_size"], num_hypotheses),
                num_hypotheses=num_hypotheses,
                no_repeat_ngram_size=options["no_repeat_ngram_size"],
                min_decoding_length=options["min_decoding_length"],
                max_decoding_length=options["max_decoding_length"] or min(1024, 2 * longest + 16),
                return_scores=True,
            )
        except (RuntimeError, ValueError) as exc:
            raise EngineError(f"argos {source}-{target}: translation failed ({exc})") from exc
        out = []
        for result in results:
            hypotheses = []
            for hypothesis, score in zip(result.hypotheses, result.scores):
                if prefix and hypothesis and hypothesis[0] == prefix:
                    hypothesis = hypothesis[1:]
                hypotheses.append(ScoredText(model.tokenizer.decode(hypothesis), math.exp(min(0.0, score))))
            out.append(hypotheses)
        return out
