"""Turning an input file's bytes into text: UTF-8, UTF-8 with BOM, then cp1251 with a warning."""

from __future__ import annotations

from pathlib import Path

from translator.errors import BinaryInput, EmptyInput, EncodingError, InputNotFound

_SNIFF = 8192


def read_text(path: Path) -> tuple[str, list[str]]:
    """Return (text, warnings) for a text file, or raise a named ReaderError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFound(f"{path}: no such file; check the path or the job's `inputs`") from exc
    except IsADirectoryError as exc:
        raise InputNotFound(f"{path}: is a folder, not an article file") from exc
    except OSError as exc:
        raise InputNotFound(f"{path}: cannot be read ({exc.strerror})") from exc
    if not data.strip():
        raise EmptyInput(f"{path}: the file is empty; put the article text in it or remove it from input/")
    if b"\x00" in data[:_SNIFF]:
        raise BinaryInput(
            f"{path}: looks binary (NUL bytes), not an article; save it as text, Markdown, HTML or JSON"
        )
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{path}: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor cp1251; "
            "re-save the file as UTF-8"
        ) from exc
    line = data[: utf8_error.start].count(b"\n") + 1
    return text, [f"{path}:{line}: not UTF-8; read as cp1251 (Windows Cyrillic): check the text, re-save as UTF-8"]
