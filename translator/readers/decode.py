"""Turning an input file's bytes into text: UTF-8 (BOM or not), UTF-16/32 with a BOM, then the likeliest
newsroom charset (charset-normalizer) with a warning naming it."""

from __future__ import annotations

import codecs
from pathlib import Path

from translator.errors import BinaryInput, EmptyInput, EncodingError, InputNotFound, InputTooLarge
from translator.text.quick_language import best_guess

# Longer than any news article by far; a bigger file is a mistake (a dump, a log) that would hold the batch.
MAX_ARTICLE_CHARS = 2_000_000
_MAX_BYTES_PER_CHAR = 4

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)

# The legacy charsets desks actually save in, most common first: the order breaks ties, since a short Latin-1
# text ("São Paulo") is as plausible in cp1250 ("Săo") to a statistical guess.
LEGACY_CHARSETS = {
    "cp1252": "Windows Western European, a superset of Latin-1",
    "cp1251": "Windows Cyrillic",
    "koi8_r": "KOI8-R Cyrillic",
    "cp1250": "Windows Central European",
    "cp1256": "Windows Arabic",
    "cp1253": "Windows Greek",
    "cp1254": "Windows Turkish",
    "cp1255": "Windows Hebrew",
    "cp1257": "Windows Baltic",
}
# The languages each charset was made for: a reading whose words are in one of its own languages beats one that
# only decodes cleanly (Spanish Latin-1 read as cp1250 is clean but no language: "Seńor Peńa ... Săo Paulo").
CHARSET_LANGUAGES = {
    "cp1252": {"en", "es", "pt", "fr", "de", "it", "nl", "ca", "gl", "eu", "da", "sv", "no", "nb", "nn", "fi", "is",
               "ga", "cy", "af", "id", "ms", "sw", "tl", "la", "oc", "lb", "fo", "sq", "et"},
    "cp1251": {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"},
    "koi8_r": {"ru", "uk", "be", "bg"},
    "cp1250": {"pl", "cs", "sk", "hu", "ro", "hr", "sl", "bs", "sr", "sq"},
    "cp1256": {"ar", "fa", "ur", "ps"},
    "cp1253": {"el"},
    "cp1254": {"tr", "az"},
    "cp1255": {"he", "iw", "yi"},
    "cp1257": {"lt", "lv", "et"},
}
_CHAOS_MARGIN = 0.1  # a reading this much noisier than the cleanest is no candidate, whatever its language
_NUL = b"\x00"
_SAMPLE = 65536  # bytes the guess looks at: enough for a verdict, bounded on a large file


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_CHARS * _MAX_BYTES_PER_CHAR:
            raise _too_large(path, f"{size:,} bytes")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFound(f"{path}: no such file; check the path or the job's `inputs`") from exc
    except IsADirectoryError as exc:
        raise InputNotFound(f"{path}: is a folder, not an article file") from exc
    except OSError as exc:
        raise InputNotFound(f"{path}: cannot be read ({exc.strerror})") from exc


def _too_large(path: Path, size: str) -> InputTooLarge:
    return InputTooLarge(
        f"{path}: {size} is more than one article can be (at most {MAX_ARTICLE_CHARS:,} characters, about 2 MB "
        "of text); split it into articles or remove it from input/"
    )


def _binary(path: Path, where: str) -> BinaryInput:
    return BinaryInput(
        f"{path}: looks binary (a NUL at {where}), not an article; save it as UTF-8 text, Markdown, "
        "HTML or JSON (UTF-16 text needs its byte-order mark)"
    )


def _guess_legacy(path: Path, data: bytes, language: str | None = None) -> tuple[str, str]:
    """(text, charset) in the likeliest legacy charset, or EncodingError. `language`, when the job declares it,
    says which charsets fit; otherwise each reading's own language does."""
    from charset_normalizer import from_bytes  # lazy: only files that are not UTF-8 need it

    results = [r for r in from_bytes(data[:_SAMPLE], cp_isolation=list(LEGACY_CHARSETS)) if r.encoding]
    order = list(LEGACY_CHARSETS)
    base = (language or "").replace("_", "-").split("-")[0].lower() or None
    if results:
        least = min(r.chaos for r in results)

        def fits(r) -> bool:
            return (base or best_guess(str(r))) in CHARSET_LANGUAGES.get(r.encoding, ())

        # Among the clean readings prefer one in a language its charset was made for, then the cleanest, then
        # the one with most letters (cp1250 Polish read as cp1252 turns "ł" into "³"), then the commoner charset.
        best = min((r for r in results if r.chaos <= least + _CHAOS_MARGIN),
                   key=lambda r: (not fits(r), r.chaos, -sum(c.isalpha() for c in str(r)), order.index(r.encoding)))
        try:
            return data.decode(best.encoding), best.encoding
        except UnicodeDecodeError:
            pass  # the sample decoded but the rest does not: no charset fits the whole file
    raise EncodingError(f"{path}: not UTF-8 nor any charset we can tell ({', '.join(order)}); re-save it as UTF-8")


# Control characters an article keeps: line and paragraph breaks, tabs. The rest (ESC sequences that set a
# terminal's title or clipboard, C1 controls, a stray BEL) are no text: dropped, with a warning saying where.
_KEPT_CONTROLS = "\n\r\t\f\v"


def _without_controls(path: Path, text: str, warnings: list[str]) -> str:
    from translator.text.escape import strip_controls

    cleaned = strip_controls(text, keep=_KEPT_CONTROLS, bidi=False)
    if cleaned != text:
        first = next(i for i, (a, b) in enumerate(zip(text, cleaned + "\0")) if a != b)
        line = text.count("\n", 0, first) + 1
        warnings.append(f"{path}:{line}: {len(text) - len(cleaned)} control characters (terminal escape sequences "
                        "or C1 controls) removed; they are no text")
    return cleaned


def read_text(path: Path, language: str | None = None) -> tuple[str, list[str]]:
    """Return (text, warnings) for a text file, or raise a named ReaderError. `language` (the article's, when
    known) picks among legacy charsets that read a non-UTF-8 file equally cleanly."""
    path = Path(path)
    data = _read_bytes(path)
    if not data.strip():
        raise EmptyInput(f"{path}: the file is empty; put the article text in it or remove it from input/")
    warnings: list[str] = []
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{path}: starts with a {encoding} byte-order mark but byte {exc.start} is not "
                                f"{encoding} ({exc.reason}); re-save the file as UTF-8") from exc
    elif _NUL in data:
        raise _binary(path, f"byte {data.index(_NUL)}")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text, charset = _guess_legacy(path, data, language)
            line = data[: exc.start].count(b"\n") + 1
            warnings.append(f"{path}:{line}: not UTF-8; read as {charset} ({LEGACY_CHARSETS[charset]}): check the "
                            "text, re-save as UTF-8")
    text = text.lstrip("\ufeff")
    if chr(0) in text:
        raise _binary(path, f"character {text.index(chr(0))}")
    text = _without_controls(path, text, warnings)
    if not text.strip():
        raise EmptyInput(f"{path}: the file is empty; put the article text in it or remove it from input/")
    if len(text) > MAX_ARTICLE_CHARS:
        raise _too_large(path, f"{len(text):,} characters")
    return text, warnings
