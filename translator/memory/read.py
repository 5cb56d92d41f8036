"""Reading a catalog: its bytes decoded by its own charset and validated (strings closed, escapes, plural forms,
duplicates, C format directives); a broken one is refused naming the file and line."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from translator.errors import CatalogError
from translator.languages import gettext_locale, normalize_code

PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "uk": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "be": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "bs": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "hr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "ro": "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);",
    "fa": "nplurals=2; plural=(n > 1);", "prs": "nplurals=2; plural=(n > 1);",
    "fr": "nplurals=2; plural=(n > 1);", "pt": "nplurals=2; plural=(n != 1);",
    "ka": "nplurals=1; plural=0;", "az": "nplurals=2; plural=(n != 1);", "tt": "nplurals=1; plural=0;",
    "kk": "nplurals=2; plural=(n != 1);", "ky": "nplurals=2; plural=(n != 1);", "tk": "nplurals=2; plural=(n != 1);",
    "uz": "nplurals=2; plural=(n != 1);", "tg": "nplurals=2; plural=(n != 1);", "ja": "nplurals=1; plural=0;",
    "zh": "nplurals=1; plural=0;", "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
    "n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    # gettext's forms (msginit's table) where CLDR, through Babel, says otherwise; keyed by gettext locale name.
    "pt_BR": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);",
    "ca": "nplurals=2; plural=(n != 1);", "it": "nplurals=2; plural=(n != 1);", "he": "nplurals=2; plural=(n != 1);",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
}

DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

_STRING_LINE = re.compile(r'^(#~ )?(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)?\s*"')

_CLOSED = re.compile(r'(?<!\\)(\\\\)*"\s*$')


def plural_forms(language: str) -> str:
    """The Plural-Forms header of a language tag: the table (gettext's forms), by locale name and then by its
    plain language; else CLDR's rule through Babel; else two forms."""
    name = gettext_locale(language)
    base = normalize_code(language)
    if name in PLURAL_FORMS or base in PLURAL_FORMS:
        return PLURAL_FORMS.get(name) or PLURAL_FORMS[base]
    from babel import Locale, UnknownLocaleError  # lazy: CLDR data
    from babel.messages.plurals import get_plural

    try:
        return get_plural(Locale.parse(name.split("@", 1)[0])).plural_forms
    except (UnknownLocaleError, ValueError):
        return DEFAULT_PLURAL_FORMS


def po_lines(text: str) -> list[str]:
    """A catalog's lines as gettext reads them: only a newline ends one. str.splitlines() also breaks at U+2028,
    NEL, VT and FF, which a reviewer's paste puts inside a string, and gettext and msgfmt accept there."""
    return text.split("\n")


def _check_strings_closed(path: Path, text: str) -> None:
    # polib silently reads an unterminated string as empty; a reviewer's broken quote must not lose text.
    for number, line in enumerate(po_lines(text), start=1):
        if _STRING_LINE.match(line) and not _CLOSED.search(line):
            raise CatalogError(f"{path}:{number}: unterminated string; fix the quote (the file was not changed)")

# The escapes a PO string may hold (gettext's, those of C); msgfmt refuses any other ("invalid control sequence").
_ESCAPE = re.compile(r"\\(.?)")

_VALID_ESCAPES = set("ntbrfva\\\"'?01234567x")


def _check_escapes(path: Path, text: str) -> None:
    for number, line in enumerate(po_lines(text), start=1):
        if not _STRING_LINE.match(line):
            continue
        start = line.index('"')
        for match in _ESCAPE.finditer(line, start + 1):
            if match.group(1) not in _VALID_ESCAPES:
                raise CatalogError(
                    f"{path}:{number}:{match.start() + 1}: invalid escape {match.group(0)!r} in a string (msgfmt "
                    "refuses it); write \\\\ for a backslash, or \\n, \\t, \\\" (the file was not changed)")

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")

# A C format directive: %[argnum$][flags][width][.precision][length]conversion.
_C_FORMAT = re.compile(r"%(?:(\d+)\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d*))?(hh|h|ll|l|L|q|j|z|t)?(.)", re.DOTALL)

_C_CONVERSIONS = "diouxXeEfFgGaAcspn"

_C_TYPES = {"i": "d", "o": "u", "x": "u", "X": "u", "E": "e", "f": "e", "F": "e", "g": "e", "G": "e", "a": "e",
            "A": "e"}  # conversions that read the same argument type


def _line_of_text(text: str, needle: str) -> int | None:
    for number, line in enumerate(po_lines(text), start=1):
        if needle in line:
            return number
    return None


def _check_plural_forms(path: Path, text: str, catalog) -> None:
    """A Plural-Forms header, when there is one, is `nplurals=N; plural=EXPR;` with EXPR below N for every n."""
    import gettext

    header = catalog.metadata.get("Plural-Forms")
    if header is None:
        return
    place = f"{path}:{_line_of_text(text, 'Plural-Forms:') or 1}"
    example = f"write e.g. \"Plural-Forms: {DEFAULT_PLURAL_FORMS}\\n\" (the file was not changed)"
    match = _PLURAL_FORMS.match(header)
    if not match or int(match.group(1)) < 1:
        raise CatalogError(f"{place}: broken Plural-Forms header {header!r}; {example}")
    count, expression = int(match.group(1)), match.group(2)
    try:
        plural = gettext.c2py(expression)
        largest = max(plural(n) for n in range(1000))
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError, OverflowError) as exc:
        raise CatalogError(f"{place}: broken Plural-Forms expression {expression!r} ({exc}); {example}") from exc
    if largest >= count:
        raise CatalogError(f"{place}: Plural-Forms has nplurals={count} but its expression gives {largest}; "
                           f"{example}")


def _check_plural_entries(path: Path, catalog) -> None:
    """msgfmt's rule: a plural entry has as many msgstr[N] as the header's nplurals (2 when it names none)."""
    match = _PLURAL_FORMS.match(catalog.metadata.get("Plural-Forms") or DEFAULT_PLURAL_FORMS)
    count = int(match.group(1)) if match else 2
    for entry in catalog:
        if entry.obsolete or not entry.msgid_plural:
            continue
        if sorted(entry.msgstr_plural) != list(range(count)):
            raise CatalogError(
                f"{path}:{entry.linenum}: plural entry {entry.msgid[:60]!r} has {len(entry.msgstr_plural)} forms "
                f"(msgstr[{']['.join(str(k) for k in sorted(entry.msgstr_plural))}]) but the header's Plural-Forms "
                f"says nplurals={count}; write msgstr[0] to msgstr[{count - 1}] (the file was not changed)")


def _check_duplicates(path: Path, catalog) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalog:  # obsolete entries too: msgfmt rejects an obsolete twin of a live entry
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            context = f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            raise CatalogError(
                f"{path}:{entry.linenum}: duplicate msgid {entry.msgid[:60]!r}{context}, first at line {seen[key]}; "
                "keep one of the two entries (the file was not changed)")
        seen[key] = entry.linenum


def _c_directives(text: str) -> dict[int, str] | None:
    """Argument number -> conversion (length included) of a C format string; None when a directive is invalid."""
    found: dict[int, str] = {}
    position = 0
    for match in _C_FORMAT.finditer(text):
        number, length, conversion = match.groups()
        if match.group(0) == "%%":
            continue
        if conversion not in _C_CONVERSIONS:
            return None
        position = int(number) if number else position + 1
        found[position] = (length or "") + _C_TYPES.get(conversion, conversion)
    return found


def _check_c_format(path: Path, catalog) -> None:
    """msgfmt --check's rule: a translated c-format entry's msgstr reads the same arguments as its msgid (fuzzy
    entries are skipped, as msgfmt does)."""
    for entry in catalog:
        if entry.obsolete or "c-format" not in entry.flags or "fuzzy" in entry.flags:
            continue
        source = _c_directives(entry.msgid)
        if source is None:
            continue  # a msgid that is no format string makes the flag moot, as msgfmt sees it
        pairs = [(entry.msgstr, source)] if not entry.msgid_plural else [
            (text, _c_directives(entry.msgid_plural) if index else source)
            for index, text in sorted(entry.msgstr_plural.items())]
        for text, expected in pairs:
            if not text:
                continue
            got = _c_directives(text)
            if got is None:
                raise CatalogError(
                    f"{path}:{entry.linenum}: msgstr {text[:60]!r} is no valid C format string, unlike its msgid; "
                    "write %% for a percent sign (the file was not changed)")
            # A plural form may leave out the count (one form serves one number), never change or add one.
            plural_ok = bool(entry.msgid_plural) and expected is not None and all(
                expected.get(k) == v for k, v in got.items())
            if got != expected and not plural_ok:
                raise CatalogError(
                    f"{path}:{entry.linenum}: msgstr {text[:60]!r} does not use the format directives of msgid "
                    f"{entry.msgid[:60]!r}; write the same %-directives (e.g. %d, %s, or %1$d to reorder) "
                    "(the file was not changed)")


def _check_catalog(path: Path, text: str, catalog) -> None:
    """What msgfmt --check would reject in a catalog a human edited."""
    _check_plural_forms(path, text, catalog)
    _check_plural_entries(path, catalog)
    _check_duplicates(path, catalog)
    _check_c_format(path, catalog)


def load_catalog(path: Path):
    """The catalog at `path` (an empty one when missing), or CatalogError naming the file and line."""
    return read_catalog(Path(path))[0]


def read_catalog(path: Path):
    """(catalog, the file's text or None when there is no file)."""
    import polib

    if not path.exists():
        return polib.POFile(wrapwidth=0), None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror}); check its permissions") from exc
    text = _decode(path, data)
    _check_strings_closed(path, text)
    _check_escapes(path, text)
    try:
        parser = polib._POFileParser(text, encoding="utf-8", check_for_duplicates=False, klass=None)
        parser.fhandle = po_lines(text)  # polib splits a text with str.splitlines(): not as gettext does
        catalog = parser.parse()
        catalog.wrapwidth = 0
    except (OSError, ValueError) as exc:
        match = re.search(r"\(line (\d+)\)", str(exc))
        place = f"{path}:{match.group(1)}" if match else str(path)
        raise CatalogError(f"{place}: PO syntax error; fix the line (the file was not changed)") from exc
    _check_catalog(path, text, catalog)
    return catalog, text

# The charset a catalog's header declares ("Content-Type: text/plain; charset=ISO-8859-15\n"), read as msgfmt does.
_CHARSET = re.compile(rb'^"Content-Type:[^"\n]*?charset=([A-Za-z0-9_.:-]+)', re.MULTILINE)


def _decode(path: Path, data: bytes) -> str:
    """The catalog's text in the charset its header declares (UTF-8 when it names none, or the "CHARSET" of a
    fresh template); a BOM, which msgfmt refuses, is named."""
    if data.startswith(codecs.BOM_UTF8):
        raise CatalogError(f"{path}:1: starts with a UTF-8 byte-order mark, which msgfmt refuses; save the file as "
                           "UTF-8 without a BOM (the file was not changed)")
    match = _CHARSET.search(data)
    charset = match.group(1).decode("ascii") if match and match.group(1) != b"CHARSET" else "utf-8"
    try:
        return data.decode(charset)
    except LookupError as exc:  # no codec, or one that is no text encoding (base64, rot13)
        line = data.count(b"\n", 0, match.start()) + 1 if match else 1
        raise CatalogError(f"{path}:{line}: the header's charset {charset!r} is no charset we know; write "
                           "charset=UTF-8 and re-save the file as UTF-8 (the file was not changed)") from exc
    except UnicodeError as exc:
        line = data.count(b"\n", 0, getattr(exc, "start", 0)) + 1
        reason = getattr(exc, "reason", str(exc))
        raise CatalogError(f"{path}:{line}: not {charset} text, as the header says ({reason}); re-save the file "
                           f"as {charset} or fix its header's charset (the file was not changed)") from exc
