"""Builds small but real Argos packages: a trained SentencePiece model and a CTranslate2 Transformer with
fixed random weights, zipped as an .argosmodel. Used by the tests and by benchmarks/argos_throughput.py."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

TRAINING_TEXT = Path(__file__).resolve().parent.parent / "input" / "nato-russia-talks.txt"


def _shape(name: str, vocab: int, d_model: int, ffn: int) -> tuple[int, ...]:
    if "embeddings" in name or "projection" in name:
        return (vocab, d_model)
    if name.endswith(("gamma", "beta")) or name.endswith("bias") and "ffn/linear_0" not in name:
        return (d_model,)
    if "self_attention/linear_0" in name:
        return (3 * d_model, d_model)
    if "attention/linear_1" in name and "self_attention" not in name:
        return (2 * d_model, d_model)
    if "ffn/linear_0" in name:
        return (ffn, d_model)
    if "ffn/linear_1" in name:
        return (d_model, ffn)
    return (d_model, d_model)


def _resolve(spec, path: str):
    obj = spec
    parts = path.split("/")
    for part in parts[:-1]:
        match = re.fullmatch(r"(.+)_(\d+)", part)
        obj = getattr(obj, match.group(1))[int(match.group(2))] if match and not hasattr(obj, part) else getattr(
            obj, part)
    return obj, parts[-1]


def build_model(folder: Path, tokens: list[str], *, layers: tuple[int, int] = (2, 2), d_model: int = 32,
                ffn: int = 64, heads: int = 2, seed: int = 0) -> None:
    """Save a CTranslate2 Transformer with random weights and a shared vocabulary into `folder`."""
    import numpy as np
    from ctranslate2 import specs

    spec = specs.TransformerSpec.from_config(layers, heads)
    rng = np.random.default_rng(seed)
    for name, value in spec.variables().items():
        if value is not None:
            continue
        obj, attr = _resolve(spec, name)
        shape = _shape(name, len(tokens), d_model, ffn)
        if name.endswith("gamma"):
            array = np.ones(shape, np.float32)
        elif name.endswith("beta"):
            array = np.zeros(shape, np.float32)
        else:
            array = rng.normal(0.0, 0.2, shape).astype(np.float32)
        setattr(obj, attr, array)
    spec.register_source_vocabulary(tokens)
    spec.register_target_vocabulary(tokens)
    spec.validate()
    spec.optimize(quantization="int8")  # published Argos packages ship int8 weights too
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))


def train_sentencepiece(prefix: Path, vocab_size: int = 200, text: str | None = None) -> Path:
    import sentencepiece

    corpus = prefix.with_suffix(".txt")
    corpus.write_text(text or TRAINING_TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(prefix), vocab_size=vocab_size, model_type="unigram",
        character_coverage=1.0, hard_vocab_limit=False, bos_id=-1, eos_id=-1, pad_id=-1, unk_id=0,
        minloglevel=2)
    return prefix.with_suffix(".model")


def learn_bpe_codes(workdir: Path, language: str = "en") -> tuple[Path, list[str]]:
    """BPE codes learned (subword-nmt) on the Moses-tokenized sample, and the subword vocabulary they give."""
    import io

    from sacremoses import MosesTokenizer
    from subword_nmt.apply_bpe import BPE
    from subword_nmt.learn_bpe import learn_bpe

    moses = MosesTokenizer(lang=language)
    lines = [moses.tokenize(line, return_str=True, escape=False)
             for line in TRAINING_TEXT.read_text(encoding="utf-8").splitlines() if line.strip()]
    codes = workdir / "bpe.model"
    with open(codes, "w", encoding="utf-8") as out:
        learn_bpe(io.StringIO("\n".join(lines)), out, num_symbols=300, min_frequency=1)
    with open(codes, encoding="utf-8") as handle:
        bpe = BPE(handle)
    vocab = sorted({piece for line in lines for piece in bpe.process_line(line).split()})
    return codes, vocab


def build_package(workdir: Path, from_code: str = "en", to_code: str = "ru", *, version: str = "1.0",
                  target_prefix: str | None = None, vocab_size: int = 200, extra_tokens: int = 0,
                  layers: tuple[int, int] = (2, 2), d_model: int = 32, ffn: int = 64, heads: int = 2,
                  top: str | None = None, metadata: dict | None = None, tokenizer: str = "sentencepiece") -> Path:
    """Build translate-<from>_<to>.argosmodel in `workdir` (SentencePiece or BPE); return its path."""
    import sentencepiece

    top = top or f"translate-{from_code}_{to_code}-{version.replace('.', '_')}"
    root = workdir / top
    root.mkdir(parents=True, exist_ok=True)
    if tokenizer == "bpe":
        codes, pieces = learn_bpe_codes(workdir, from_code)
        (root / "bpe.model").write_bytes(codes.read_bytes())
        tokens = ["<unk>", "<s>", "</s>", *pieces]
    else:
        sp_model = train_sentencepiece(workdir / f"sp-{from_code}{to_code}", vocab_size)
        (root / "sentencepiece.model").write_bytes(sp_model.read_bytes())
        processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        tokens = ["<unk>", "<s>", "</s>"] + [processor.id_to_piece(i) for i in range(1, processor.get_piece_size())]
    if target_prefix:
        tokens.append(target_prefix)
    tokens += [f"tok{i}" for i in range(extra_tokens)]
    build_model(root / "model", tokens, layers=layers, d_model=d_model, ffn=ffn, heads=heads)
    meta = {"package_version": version, "argos_version": "1.9.0", "from_code": from_code, "to_code": to_code,
            "from_name": from_code, "to_name": to_code, "type": "translate", "languages": [],
            "links": []}
    if target_prefix:
        meta["target_prefix"] = target_prefix
    meta.update(metadata or {})
    (root / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "README.md").write_text("Test package with random weights.\n", encoding="utf-8")
    archive = workdir / f"translate-{from_code}_{to_code}-{version}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            zf.write(path, str(path.relative_to(workdir)))
    return archive


class PackageServer:
    """A loopback HTTP server for package files (never the network). Each file has a strong ETag from its
    content; Range and If-Range are honoured as RFC 9110 says, unless a path is listed in one of the sets:
    `truncate` sends half the body, `no_ranges` ignores Range, `no_validators` sends no ETag or Last-Modified,
    `ignore_if_range` sends 206 even when If-Range does not match (a broken cache)."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.files: dict[str, bytes] = {}
        self.requests: list[dict[str, str | None]] = []
        self.truncate: set[str] = set()
        self.no_ranges: set[str] = set()
        self.no_validators: set[str] = set()
        self.ignore_if_range: set[str] = set()
        self.headers: dict[str, dict[str, str]] = {}  # extra or replaced headers per path
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                server.requests.append({"path": self.path, "range": self.headers.get("Range"),
                                        "if_range": self.headers.get("If-Range")})
                data = server.files.get(self.path)
                if data is None:
                    self.send_error(404, "Not Found")
                    return
                validators = {} if self.path in server.no_validators else {
                    "ETag": server.etag(self.path), "Last-Modified": "Mon, 02 Nov 2026 10:00:00 GMT"}
                if_range = self.headers.get("If-Range")
                start = 0
                rng = self.headers.get("Range")
                honour = (rng and self.path not in server.no_ranges
                          and (if_range is None or if_range == validators.get("ETag")
                               or self.path in server.ignore_if_range))
                if honour:
                    start = int(rng.removeprefix("bytes=").rstrip("-"))
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                headers = {"Content-Length": str(len(data) - start), **validators,
                           **server.headers.get(self.path, {})}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                body = data[start:]
                if self.path in server.truncate:
                    body = body[: len(body) // 2]
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def etag(self, path: str) -> str:
        import hashlib

        return '"' + hashlib.sha256(self.files[path]).hexdigest()[:16] + '"'

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
