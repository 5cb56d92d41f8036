"""The Argos Translate package format: a folder (or a zip of one) with metadata.json, model/ and a tokenizer."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from translator.errors import ModelError, PackageMetadataError
from translator.languages import KNOWN_CODES

REQUIRED_FIELDS = ("package_version", "from_code", "to_code")
TOKENIZERS = ("sentencepiece.model", "bpe.model")
MAX_METADATA_BYTES = 1024 * 1024
VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,31}")  # printed on terminals: no control characters


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


def _code(metadata: dict, key: str, meta_path: Path) -> str:
    """A language code exactly as in our table: codes become folder names, so nothing else may pass."""
    value = metadata[key]
    if not isinstance(value, str) or value not in KNOWN_CODES:
        raise PackageMetadataError(
            f"{meta_path}: {key} {value!r} is not a language code we know (ISO 639-1 such as 'en', 'ru'); "
            "the package is refused"
        )
    return value


def _text(metadata: dict, key: str, meta_path: Path) -> str:
    value = metadata.get(key, "")
    if not isinstance(value, str):
        raise PackageMetadataError(f"{meta_path}: {key} must be a string, not {type(value).__name__}")
    return value


def _read_metadata(path: Path) -> tuple[Path, dict]:
    meta_path = path / "metadata.json"
    try:
        if meta_path.stat().st_size > MAX_METADATA_BYTES:
            raise PackageMetadataError(f"{meta_path}: package metadata larger than {MAX_METADATA_BYTES} bytes")
        metadata = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{path}: not an Argos package (no metadata.json)") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise PackageMetadataError(f"{meta_path}: unreadable package metadata ({exc}); it must be UTF-8 "
                                   "JSON") from exc
    if not isinstance(metadata, dict):
        raise PackageMetadataError(f"{meta_path}: package metadata must be a JSON object")
    missing = [f for f in REQUIRED_FIELDS if metadata.get(f) in (None, "")]
    if missing:
        raise PackageMetadataError(
            f"{meta_path}: package metadata lacks {', '.join(missing)}; the package is incomplete"
        )
    return meta_path, metadata


def read_package(path: Path, origin: str = "translator") -> Package:
    """Read and check an unzipped package folder; ModelError says what is wrong with it."""
    path = Path(path)
    meta_path, metadata = _read_metadata(path)
    from_code = _code(metadata, "from_code", meta_path)
    to_code = _code(metadata, "to_code", meta_path)
    version = metadata["package_version"]
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not VERSION.fullmatch(version):
        raise PackageMetadataError(f"{meta_path}: package_version {version!r} is not a version like '1.9'")
    target_prefix = metadata.get("target_prefix") or None
    if target_prefix is not None and not isinstance(target_prefix, str):
        raise PackageMetadataError(f"{meta_path}: target_prefix must be a string")
    if not (path / "model" / "model.bin").is_file():
        raise ModelError(f"{path}: package has no CTranslate2 model (model/model.bin)")
    tokenizer = next((name for name in TOKENIZERS if (path / name).is_file()), None)
    if tokenizer is None:
        raise ModelError(f"{path}: package has no tokenizer (sentencepiece.model or bpe.model)")
    return Package(
        path=path,
        from_code=from_code,
        to_code=to_code,
        version=version,
        tokenizer="sentencepiece" if tokenizer == "sentencepiece.model" else "bpe",
        target_prefix=target_prefix,
        origin=origin,
        from_name=_text(metadata, "from_name", meta_path),
        to_name=_text(metadata, "to_name", meta_path),
    )


def check_model_loads(package: Package) -> None:
    """Load the CTranslate2 model once: a package that cannot load is refused at install time."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(package.model_dir), device="cpu", compute_type="int8", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as exc:
        raise ModelError(f"{package.path}: the CTranslate2 model does not load ({exc})") from exc
