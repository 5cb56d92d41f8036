"""PO catalogs (polib) as translation memory: lookup, store, review states, shared memory.

One catalog per article and language: locales/<lang>/LC_MESSAGES/<slug>.po. Machine output is fuzzy; a
reviewer approves by removing the flag. Approved entries are never changed by a run; no entry is ever
deleted (units that leave the article become obsolete `#~` entries).
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from translator import __version__
from translator.article import Provenance
from translator.errors import CatalogError
from translator.findings import Note, NoteKind
from translator.fsutil import atomic_write_text
from translator.languages import gettext_locale, normalize_code, tag_from_locale
from translator.memory.po_layout import Layout

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


class State(StrEnum):
    """Where a unit's translation came from in this run."""

    APPROVED = "approved"      # reused, a reviewer approved it
    MACHINE = "machine"        # reused machine output from this catalog
    SHARED = "shared"          # exact match from another catalog of the language
    NEW = "new"                # translated by the engine in this run
    EMPTY = "empty"            # nobody has translated it yet (human-only language)


@dataclass(frozen=True)
class Translation:
    """A unit's text in the target language, where it came from, and the notes on how it was made."""

    text: str
    state: State
    notes: tuple[Note, ...] = ()


EMPTY = Translation("", State.EMPTY)
Key = tuple[str, str]  # (msgctxt, msgid): what identifies a unit in its catalog


@dataclass(frozen=True)
class Unit:
    """One sentence of an article as the catalog sees it."""

    source: str
    context: str      # msgctxt: "<slug>/<block kind>"
    comment: str      # extracted comment: block kind and position
    occurrence: tuple[str, str]  # (source file, line)

    @property
    def key(self) -> Key:
        return (self.context, self.source)


# The one writer and the one reader of glossary notes in `#.` comments: no other module parses this prose.
_NOTE_TEXT = {
    NoteKind.FORCED: "glossary: terms put in by protection (check the grammar around them)",
    NoteKind.RECOVERED: "glossary: the engine lost a protected term; its own rendering was replaced",
    NoteKind.CORRECTED: "advisory: changed by a correction; review first",
}
_MISS_PREFIX, _TERMS_PREFIX, _BACK_PREFIX = "glossary miss: ", "glossary: ", "back-translation: "
_CONFIDENCE_PREFIX = "engine confidence: "


def notes_to_comment(notes: Iterable[Note]) -> list[str]:
    """Comment lines for a unit's notes: one line per note, the terms of a human-only unit on one line."""
    lines, terms = [], []
    for note in dict.fromkeys(notes):  # the same note never twice
        if note.kind is NoteKind.MISS:
            lines.append(f"{_MISS_PREFIX}{note.term} → {note.form}")
        elif note.kind is NoteKind.TERMS:
            terms.append(f"{note.term} = {note.form}")
        elif note.kind is NoteKind.BACK:
            lines.append(_BACK_PREFIX + " ".join(note.form.split()))
        elif note.kind is NoteKind.CONFIDENCE:
            lines.append(_CONFIDENCE_PREFIX + note.form)
        else:
            lines.append(_NOTE_TEXT[note.kind])
    if terms:
        lines.append(_TERMS_PREFIX + "; ".join(terms))
    return lines


_NOTE_STARTS = (_MISS_PREFIX, _TERMS_PREFIX, _BACK_PREFIX, _CONFIDENCE_PREFIX)


def _logical_lines(comment: str) -> list[str]:
    """The comment's lines with wrapped notes joined again: polib and editors wrap long `#.` lines at 78-79
    columns, so a line that starts no note continues the note above it."""
    lines: list[str] = []
    for line in (comment or "").splitlines():
        line = line.strip()
        if lines and lines[-1].startswith(_NOTE_STARTS) and not line.startswith(_NOTE_STARTS):
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def notes_from_comment(comment: str) -> list[Note]:
    """The notes a run left in an entry's extracted comment (block position and reviewers' lines ignored)."""
    by_text = {text: kind for kind, text in _NOTE_TEXT.items()}
    notes = []
    for line in _logical_lines(comment):
        if line in by_text:
            notes.append(Note(by_text[line]))
        elif line.startswith(_MISS_PREFIX):
            term, _, form = line[len(_MISS_PREFIX):].rpartition(" → ")
            notes.append(Note(NoteKind.MISS, term, form))
        elif line.startswith(_CONFIDENCE_PREFIX):
            notes.append(Note(NoteKind.CONFIDENCE, form=line[len(_CONFIDENCE_PREFIX):]))
        elif line.startswith(_BACK_PREFIX):
            notes.append(Note(NoteKind.BACK, form=line[len(_BACK_PREFIX):]))
        elif line.startswith(_TERMS_PREFIX):
            for pair in line[len(_TERMS_PREFIX):].split("; "):
                term, _, form = pair.partition(" = ")
                notes.append(Note(NoteKind.TERMS, term, form))
    return notes


def catalog_path(locales: Path, language: str, slug: str) -> Path:
    """locales/<gettext locale>/LC_MESSAGES/<slug>.po: pt-BR in pt_BR/, sr-Latn in sr@latin/, ru in ru/."""
    return Path(locales) / gettext_locale(language) / "LC_MESSAGES" / f"{slug}.po"


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


def is_reviewed(entry) -> bool:
    """A reviewer approved the text (its entry may since have become obsolete)."""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def is_approved(entry) -> bool:
    return is_reviewed(entry) and not entry.obsolete


class Memory:
    """The catalogs of one language: this run's lookups and stores go through here."""

    def __init__(self, locales: Path, language: str) -> None:
        self.locales = Path(locales)
        self.language = language
        self._catalogs: dict[str, object] = {}
        self._read_as: dict[str, list[int] | None] = {}  # slug -> (mtime_ns, size) when this run read it
        self._indexes: dict[str, dict[Key, object]] = {}
        self._by_msgid: dict[str, dict[str, list]] = {}   # slug -> msgid -> its entries (any context)
        self._layouts: dict[str, Layout] = {}             # slug -> the file's text as read, entry by entry
        self._shared: dict[str, tuple[str, bool]] | None = None
        self.problems: list[str] = []  # catalogs that could not be read for shared memory

    def catalog(self, slug: str):
        if slug not in self._catalogs:
            path = catalog_path(self.locales, self.language, slug)
            self._read_as[slug] = catalog_stamp(path)
            catalog, text = read_catalog(path)
            self._catalogs[slug], self._layouts[slug] = catalog, Layout(text, catalog)
            self._indexes.pop(slug, None)
            self._by_msgid.pop(slug, None)
        return self._catalogs[slug]

    def forget(self, slug: str) -> None:
        """Let an article's catalog go once it is delivered, so memory follows the article at hand; its stamp
        stays (`seen`), and anything that needs the catalog again reads the file again."""
        for held in (self._catalogs, self._layouts, self._indexes, self._by_msgid):
            held.pop(slug, None)

    def seen(self, slug: str) -> list[int] | None:
        """The catalog's stamp (mtime_ns, size, inode) as this run last read or wrote it; None if never."""
        path = catalog_path(self.locales, self.language, slug)
        return self._read_as[slug] if slug in self._read_as else catalog_stamp(path)

    def _index(self, slug: str) -> dict[Key, object]:
        if slug not in self._indexes:
            self._indexes[slug] = {(e.msgctxt or "", e.msgid): e for e in self.catalog(slug)}
        return self._indexes[slug]

    def _same_msgid(self, slug: str, msgid: str) -> list:
        if slug not in self._by_msgid:
            index: dict[str, list] = {}
            for entry in self.catalog(slug):
                index.setdefault(entry.msgid, []).append(entry)
            self._by_msgid[slug] = index
        return self._by_msgid[slug].get(msgid, [])

    def _shared_index(self) -> dict[str, tuple[str, bool]]:
        """msgid -> (msgstr, approved) over every catalog of the language; approved wins."""
        if self._shared is None:
            index: dict[str, tuple[str, bool]] = {}
            folder = catalog_path(self.locales, self.language, "_").parent
            for path in sorted(folder.glob("*.po")):
                try:
                    catalog = self.catalog(path.stem)  # parsed once per run, shared with lookups and stores
                except CatalogError as exc:
                    self.problems.append(str(exc))  # its own article reports it; the others go on
                    continue
                for entry in catalog:
                    approved = is_reviewed(entry)
                    if not entry.msgstr or (entry.obsolete and not approved):
                        continue  # obsolete machine output is no memory; an obsolete approved unit still is
                    if entry.msgid not in index or (approved and not index[entry.msgid][1]):
                        index[entry.msgid] = (entry.msgstr, approved)
            self._shared = index
        return self._shared

    def lookup(self, slug: str, unit: Unit) -> Translation | None:
        """A translation of `unit` that needs no engine, and where it came from."""
        same_context = self._index(slug).get(unit.key)
        candidates = [same_context] if same_context else []
        candidates += [e for e in self._same_msgid(slug, unit.source) if e is not same_context]
        for entry in sorted(candidates, key=lambda e: not is_reviewed(e)):
            if entry.msgstr:
                sticky = tuple(n for n in notes_from_comment(entry.comment) if n.kind.sticky)
                return Translation(entry.msgstr, State.MACHINE if "fuzzy" in entry.flags else State.APPROVED, sticky)
        shared = self._shared_index().get(unit.source)
        if shared:
            return Translation(shared[0], State.SHARED)
        return None

    def provenance(self, slug: str) -> Provenance | None:
        """What the catalog says produced its text, as stored by the run that translated it; None if unknown."""
        metadata = self.catalog(slug).metadata
        if "X-Translator-Route" not in metadata:
            return None
        models = tuple(m for m in metadata.get("X-Translator-Models", "").split("; ") if m and m != "none")
        return Provenance(route=metadata["X-Translator-Route"], models=models,
                          glossary_checksum=metadata.get("X-Glossary-Checksum", "none"),
                          revision=metadata.get("X-Source-Revision", ""))

    def store(self, slug: str, units: Iterable[Unit], translations: Mapping[Key, Translation],
              notes: Mapping[Key, Iterable[Note]], *, source_language: str, provenance: Provenance | None,
              revision: str | None = None) -> dict[Key, Translation]:
        """Merge this run's units into the catalog on disk; return the catalog's translations of `units`.

        Under a lock, the catalog is read again if someone saved it since this run read it (a reviewer in Poedit,
        another run), and this run's changes are applied to that copy: existing entries kept, new ones added,
        vanished ones made obsolete; a translation is only ever written into an empty entry, so a human's text
        always wins. The returned translations are what the catalog holds after the merge. `provenance` is what
        produced this run's new text (None: nothing new, the stored provenance stays). `revision`: the source
        revision the catalog now translates in full (None: it has not caught up, the stored one stays).
        """
        path = _through_link(catalog_path(self.locales, self.language, slug))
        with catalog_lock(path):
            if catalog_stamp(path) != self._read_as.get(slug, catalog_stamp(path)):
                self._catalogs.pop(slug, None)  # saved during the run: merge into what is on disk now
                self._indexes.pop(slug, None)
            catalog = self.catalog(slug)
            changed = self._apply(slug, units, translations, notes)
            header = {"Project-Id-Version": slug, "X-Generator": f"translator {__version__}",
                      "X-Source-Language": source_language}
            if provenance is not None:
                header |= {"X-Translator-Route": provenance.route,
                           "X-Translator-Models": "; ".join(provenance.models) or "none",
                           "X-Glossary-Checksum": provenance.glossary_checksum}
            if revision is not None:
                header["X-Source-Revision"] = revision
            before = dict(catalog.metadata)
            catalog.metadata = {**_base_header(self.language), **before, **header}
            catalog.metadata["Language"] = gettext_locale(self.language)
            # Written as UTF-8 whatever charset it was read in (an ISO-8859-15 catalog is converted, as msgconv does).
            if "charset=utf-8" not in catalog.metadata.get("Content-Type", "").lower():
                catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"
            catalog.header = catalog.header or (
                f"{slug} in {self.language}. Machine translations are fuzzy: a reviewer approves an entry by "
                "removing its fuzzy flag;\napproved entries are never changed by a run."
            )
            if changed or catalog.metadata != before or not path.exists():  # a dirty flag: one serialisation
                catalog.metadata["PO-Revision-Date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
                text = self._layouts[slug].render(catalog, changed)
                atomic_write_text(path, text)
                self._layouts[slug].remember(catalog, text)
                self._read_as[slug] = catalog_stamp(path)
                self._shared = None  # rebuilt from the catalogs in memory on the next miss
        index = self._index(slug)
        return {unit.key: _translation(index[unit.key], translations.get(unit.key)) for unit in units}

    def _apply(self, slug: str, units: Iterable[Unit], translations: Mapping[Key, Translation],
               notes: Mapping[Key, Iterable[Note]]) -> set[int]:
        """Apply this run's units; returns the ids of the entries that changed (or were added)."""
        import polib

        catalog, index = self.catalog(slug), self._index(slug)
        changed: set[int] = set()
        live: set[Key] = set()
        for unit in units:
            if unit.key in live:
                continue
            live.add(unit.key)
            entry = index.get(unit.key)
            if entry is None:
                entry = index[unit.key] = polib.POEntry(msgid=unit.source, msgctxt=unit.context)
                catalog.append(entry)
                if slug in self._by_msgid:
                    self._by_msgid[slug].setdefault(unit.source, []).append(entry)
                changed.add(id(entry))
            was = _entry_state(entry)
            entry.obsolete = False
            given = translations.get(unit.key)
            # Notes on how a kept text was made stay with it; this run's notes replace the rest.
            kept = [n for n in notes_from_comment(entry.comment) if n.kind.sticky] if entry.msgstr else []
            if not entry.msgstr and given is not None and given.text:
                entry.msgstr = given.text
                if given.state is not State.APPROVED and "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
            # Extracted comments belong to the tool (reviewers' own comments are never touched).
            entry.comment = "\n".join([unit.comment, *notes_to_comment([*kept, *notes.get(unit.key, ())])])
            entry.occurrences = [unit.occurrence]
            if _entry_state(entry) != was:
                changed.add(id(entry))
        for entry in catalog:
            if not entry.obsolete and (entry.msgctxt or "", entry.msgid) not in live:
                entry.obsolete = True
                changed.add(id(entry))
        return changed


def _entry_state(entry) -> tuple:
    return (entry.obsolete, entry.msgstr, tuple(entry.flags), entry.comment, tuple(entry.occurrences))


def _translation(entry, given: Translation | None) -> Translation:
    """After a merge: a reviewer's approved text wins; else what the run chose (an approved text of the same
    sentence elsewhere beats this entry's machine text); else what the entry holds."""
    if is_reviewed(entry):
        return Translation(entry.msgstr, State.APPROVED)
    if given is not None and given.text:
        return given
    return Translation(entry.msgstr, State.MACHINE) if entry.msgstr else EMPTY


def _through_link(path: Path) -> Path:
    """Where a catalog is written: a symlinked catalog (one file shared by several desks) is written through to
    its target, never replaced by a plain file that would stop following the shared one."""
    if not path.is_symlink():
        return path
    target = Path(os.path.realpath(path))
    if not target.is_file():
        raise CatalogError(f"{path}: is a link to {target}, which is no file; fix or remove the link")
    return target


@contextmanager
def catalog_lock(path: Path, timeout: float = 60.0) -> Iterator[None]:
    """A lock every run takes around a catalog's read-merge-write, so two runs never interleave."""
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogError(f"{path.parent}: cannot create the catalog folder ({exc.strerror})") from exc
    try:
        with FileLock(str(path.parent / f".{path.name}.lock"), timeout=timeout):
            yield
    except Timeout as exc:
        raise CatalogError(f"{path}: locked by another run for over {timeout:.0f}s; try again when it ends") from exc


def _base_header(language: str) -> dict[str, str]:
    return {
        "Project-Id-Version": "translator",
        "POT-Creation-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "machine <translator@localhost>",
        "Language-Team": f"{language} desk",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
    }


def catalog_paths(locales: Path, language: str | None = None) -> list[tuple[str, str, Path]]:
    """(language tag, slug, path) of every catalog under `locales`, sorted; pt_BR/ is listed as pt-BR."""
    found = []
    for path in sorted(Path(locales).glob("*/LC_MESSAGES/*.po")):
        lang = tag_from_locale(path.parent.parent.name)
        if language is None or lang == language:
            found.append((lang, path.stem, path))
    return found


def catalog_stamp(path: Path) -> list[int] | None:
    """What tells a saved catalog from the one read before: mtime, size, inode (an editor's save renames)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size, stat.st_ino]
