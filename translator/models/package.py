"""The Argos Translate package format: a folder (or a zip of one) with metadata.json, model/ and a tokenizer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from translator.errors import ModelError

REQUIRED_FIELDS = ("package_version", "from_code", "to_code")
TOKENIZERS = ("sentencepiece.model", "bpe.model")


@dataclass(frozen=True)
class Package:
    """An installed (unzipped) Argos package."""

    path: Path
    from_code: str
    to_code: str
    version: str
    tokenizer: str             # "sentencepiece" or "bpe"
    target_prefix: str | None
    origin: str                # "translator" (our models folder) or "argospm"
    from_name: str = ""
    to_name: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def tokenizer_path(self) -> Path:
        return self.path / ("sentencepiece.model" if self.tokenizer == "sentencepiece" else "bpe.model")

    def size_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())


def read_package(path: Path, origin: str = "translator") -> Package:
    """Read and check an unzipped package folder; ModelError says what is wrong with it."""
    path = Path(path)
    meta_path = path / "metadata.json"
    try:
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{path}: not an Argos package (no metadata.json)") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{meta_path}: unreadable package metadata ({exc})") from exc
    if not isinstance(metadata, dict):
        raise ModelError(f"{meta_path}: package metadata must be a JSON object")
    missing = [f for f in REQUIRED_FIELDS if not str(metadata.get(f, "")).strip()]
    if missing:
        raise ModelError(f"{meta_path}: package metadata lacks {', '.join(missing)}; the package is incomplete")
    if not (path / "model" / "model.bin").is_file():
        raise ModelError(f"{path}: package has no CTranslate2 model (model/model.bin)")
    tokenizer = next((name for name in TOKENIZERS if (path / name).is_file()), None)
    if tokenizer is None:
        raise ModelError(f"{path}: package has no tokenizer (sentencepiece.model or bpe.model)")
    return Package(
        path=path,
        from_code=str(metadata["from_code"]),
        to_code=str(metadata["to_code"]),
        version=str(metadata["package_version"]),
        tokenizer="sentencepiece" if tokenizer == "sentencepiece.model" else "bpe",
        target_prefix=metadata.get("target_prefix") or None,
        origin=origin,
        from_name=str(metadata.get("from_name", "")),
        to_name=str(metadata.get("to_name", "")),
    )


def check_model_loads(package: Package) -> None:
    """Load the CTranslate2 model once: a package that cannot load is refused at install time."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelError(f"{package.path}: the CTranslate2 model does not load ({exc})") from exc
