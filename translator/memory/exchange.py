"""Reading the units of a TMX 1.4 or XLIFF 1.2 / 2.x file that another tool wrote (OmegaT, Trados, Phrase, Okapi,
translate-toolkit), for `translator memory import`.

Parsed with lxml without entities, DTDs or the network: a file that declares entities (XXE, "billion laughs"),
is not well-formed, is larger than MAX_BYTES or holds no unit in the language asked for is refused with its name
and line. Inline codes are read as their text: the native codes of TMX's <bpt>/<ept>/<ph>/<it>/<ut> and XLIFF's
placeholders are dropped, the text inside <hi>, <g>, <pc> and <mrk> kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from translator.errors import MemoryFileError
from translator.fsutil import not_a_file

MAX_BYTES = 200 * 1024 * 1024  # a memory of a few million units; anything larger is refused, not half-read
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF_1 = ("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:1.1")
XLIFF_2 = ("urn:oasis:names:tc:xliff:document:2.0", "urn:oasis:names:tc:xliff:document:2.1",
           "urn:oasis:names:tc:xliff:document:2.2")
# Inline elements whose content is the native code of the original format, not text
_NATIVE_CODES = {"bpt", "ept", "ph", "it", "ut", "sub-none"}
# XLIFF states that say the translation is not finished: such a unit is imported fuzzy whatever --state says
_UNFINISHED_1 = {"new", "needs-work", "needs-translation", "needs-adaptation", "needs-l10n", "needs-review-translation",
                 "needs-review-adaptation", "needs-review-l10n"}
_UNFINISHED_2 = {"initial"}  # a segment without a state but with a target is taken as translated, as tools write it


@dataclass(frozen=True)
class ExchangeUnit:
    """One translation read from a memory file: plain text on both sides, where it stands in the file."""

    source: str
    target: str
    source_language: str
    line: int
    finished: bool = True   # False: the file itself says the translation needs work


def read_units(path: Path, language: str) -> tuple[str, list[ExchangeUnit]]:
    """(format name, the units whose target is `language`) of a TMX or XLIFF file."""
    root = _parse(Path(path))
    name = root.tag.rpartition("}")[2]
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if name == "tmx":
        return "TMX " + root.get("version", "?"), _tmx_units(path, root, language)
    if name == "xliff" and namespace in XLIFF_1:
        return "XLIFF " + root.get("version", "1.2"), _xliff1_units(path, root, namespace, language)
    if name == "xliff" and namespace in XLIFF_2:
        return "XLIFF " + root.get("version", "2.0"), _xliff2_units(path, root, namespace, language)
    if name == "xliff" and not namespace:
        version = root.get("version", "1.2")
        expected = XLIFF_2[0] if version.startswith("2") else XLIFF_1[0]
        raise MemoryFileError(f"{path}:{root.sourceline}: <xliff> without the XLIFF namespace; write "
                              f'xmlns="{expected}" on it (for version {version}), or export the file again')
    raise MemoryFileError(f"{path}:{root.sourceline}: <{name}> (namespace {namespace or 'none'}) is neither TMX 1.4 "
                          "nor XLIFF 1.2/2.x; export the memory from your CAT tool as TMX or XLIFF")


def _parse(path: Path):
    from lxml import etree

    try:
        status = path.stat()
    except OSError as exc:
        raise MemoryFileError(f"{path}: cannot read the file ({exc.strerror}); check the path") from exc
    if (kind := not_a_file(status.st_mode)) is not None:
        raise MemoryFileError(f"{path}: {kind}; give the path of a TMX or XLIFF file")
    size = status.st_size
    if size > MAX_BYTES:
        raise MemoryFileError(f"{path}: {size // (1024 * 1024)} MB is more than the {MAX_BYTES // (1024 * 1024)} MB "
                              "a memory file may have; split it (e.g. by language pair or year) and import the parts")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise MemoryFileError(f"{path}: cannot read the file ({exc.strerror}); check the path") from exc
    try:
        # parsed from bytes, not from the path: libxml2 reports a decoding error on a path as an I/O error,
        # without its line
        root = etree.fromstring(data, parser, base_url=str(path))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if getattr(exc, "position", None) else 1)
        if "encoding" in exc.msg.lower():
            raise MemoryFileError(f"{path}:{line}: bytes that are not in the file's encoding ({exc.msg}; XML without "
                                  "an encoding declaration is UTF-8); save the file as UTF-8, or declare its "
                                  'encoding, e.g. <?xml version="1.0" encoding="ISO-8859-1"?>') from exc
        raise MemoryFileError(f"{path}:{line}: not well-formed XML ({exc.msg}); export the file again from the tool "
                              "that wrote it") from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise MemoryFileError(f"{path}:1: the DOCTYPE declares entities, which a memory file never needs (and which "
                              "can read local files or blow up in memory); remove the <!ENTITY> declarations")
    return root


def _text(element) -> str:
    """The text of a segment: inline native codes dropped, the text of formatting elements kept; spaces folded."""
    parts = [element.text or ""]
    for child in element:
        local = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if local not in _NATIVE_CODES:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _same_language(tag: str | None, language: str) -> bool:
    """A file's language tag is the one asked for: the same tag, or a regional form of a plain language asked
    for in the same script (fr-CA for fr; not sr-Latn for sr, which is Cyrillic, nor zh-TW, Traditional, for zh);
    case ignored, as TMX writes "EN-US" and "en-us" alike."""
    if not tag:
        return False
    tag, language = tag.replace("_", "-").lower(), language.lower()
    if tag == language:
        return True
    return "-" not in language and tag.split("-", 1)[0] == language and _script(tag) == _script(language)


@lru_cache(maxsize=256)
def _script(tag: str) -> str | None:
    """The script a tag is written in, given or likely (zh-TW: Hant, sr: Cyrl)."""
    from langcodes import Language, LanguageTagError

    try:
        return Language.get(tag).maximize().script
    except (LanguageTagError, ValueError):
        return None


def _wrong_language(path: Path, language: str, found: set[str]) -> MemoryFileError:
    listed = ", ".join(sorted(found)) or "none"
    return MemoryFileError(f"{path}: holds no unit in {language} (its languages: {listed}); give the target "
                           "language the file has with --lang, or import the right file")


def _tmx_units(path: Path, root, language: str) -> list[ExchangeUnit]:
    header = root.find("header")
    if root.find("body") is None:
        raise MemoryFileError(f"{path}:{root.sourceline}: TMX without <body>; export the file again")
    header_source = header.get("srclang", "") if header is not None else ""
    found: set[str] = set()
    units = []
    for tu in root.iter("tu"):
        segments = {}
        for tuv in tu.findall("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang")  # TMX 1.1 wrote a plain lang attribute
            seg = tuv.find("seg")
            if lang and seg is not None:
                found.add(lang)
                segments.setdefault(lang, _clean(_text(seg)))
        source_tag = tu.get("srclang") or header_source
        targets = [lang for lang in segments if _same_language(lang, language)]
        if not targets:
            continue
        sources = [lang for lang in segments if lang.lower() == source_tag.lower() and lang not in targets]
        if not sources:  # srclang="*all*" or not given: the other language of a two-language unit
            others = [lang for lang in segments if lang not in targets]
            sources = others[:1] if len(others) == 1 else []
        if not sources and source_tag.lower() not in ("", "*all*"):
            continue  # the unit lacks the source language the file names: nothing to translate from
        if not sources:  # dropping it would lose the unit silently; the file can say which language is the source
            others = ", ".join(sorted(lang for lang in segments if lang not in targets))
            raise MemoryFileError(f"{path}:{tu.sourceline}: the unit has {others} besides {targets[0]} and no srclang "
                                  f"names its source; write e.g. srclang=\"{others.split(', ')[0]}\" on <header> "
                                  "(or on each <tu>)")
        source, target = segments[sources[0]], segments[targets[0]]
        if source and target:
            units.append(ExchangeUnit(source, target, sources[0], tu.sourceline))
    if not units:
        raise _wrong_language(path, language, found)
    return units


def _xliff1_units(path: Path, root, namespace: str, language: str) -> list[ExchangeUnit]:
    ns = {"x": namespace}
    found: set[str] = set()
    units = []
    for file in root.iterfind("x:file", ns):
        source_language, target_language = file.get("source-language", ""), file.get("target-language", "")
        found.add(target_language or "(no target-language)")
        if target_language and not _same_language(target_language, language):
            continue
        for unit in file.iterfind(".//x:trans-unit", ns):
            source, target = unit.find("x:source", ns), unit.find("x:target", ns)
            if source is None or target is None or unit.get("translate") == "no":
                continue
            finished = (target.get("state") not in _UNFINISHED_1) and unit.get("approved") != "no"
            if (text := _clean(_text(target))) and (original := _clean(_text(source))):
                units.append(ExchangeUnit(original, text, source_language, unit.sourceline, finished))
    if not units:
        raise _wrong_language(path, language, found)
    return units


def _xliff2_units(path: Path, root, namespace: str, language: str) -> list[ExchangeUnit]:
    ns = {"x": namespace}
    source_language, target_language = root.get("srcLang", ""), root.get("trgLang", "")
    if target_language and not _same_language(target_language, language):
        raise _wrong_language(path, language, {target_language})
    units = []
    for unit in root.iterfind(".//x:unit", ns):
        if unit.get("translate") == "no":
            continue
        for segment in unit.iterfind("x:segment", ns):
            source, target = segment.find("x:source", ns), segment.find("x:target", ns)
            if source is None or target is None:
                continue
            if (text := _clean(_text(target))) and (original := _clean(_text(source))):
                units.append(ExchangeUnit(original, text, source_language, segment.sourceline,
                                          segment.get("state") not in _UNFINISHED_2))
    if not units:
        raise _wrong_language(path, language, {target_language or "(no trgLang)"})
    return units
