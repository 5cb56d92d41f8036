"""PO catalogs (polib) as translation memory: lookup, store, review states, shared memory.

One catalog per article and language: locales/<lang>/LC_MESSAGES/<slug>.po. Machine output is fuzzy; a
reviewer approves by removing the flag. Approved entries are never changed by a run; no entry is ever
deleted (units that leave the article become obsolete `#~` entries).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from translator import __version__
from translator.article import BlockKind, Provenance
from translator.errors import CatalogError
from translator.findings import Note
from translator.fsutil import atomic_write_text
from translator.languages import gettext_locale, tag_from_locale
from translator.memory.notes import notes_from_comment, notes_to_comment
from translator.memory.po_layout import Layout
from translator.memory.read import plural_forms, read_catalog

if TYPE_CHECKING:  # the index is built where suggestions are asked for
    from translator.memory.fuzzy import FuzzyIndex


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
    """One sentence of an article: its article, block kind and place, and its source (inline markup included).
    How the catalog names it (`key`: msgctxt "<slug>/<block kind>" and msgid) is this module's business."""

    source: str
    article: str                 # the article's slug
    kind: BlockKind              # the block it sits in
    block: int = 0               # the block's position in the article, from 1 (0: read back from a catalog)
    sentence: int = 0            # the sentence's position in its block, from 1
    occurrence: tuple[str, str] = ("", "0")  # (source file, line)

    @property
    def key(self) -> Key:
        return unit_key(self.article, self.kind, self.source)

    @property
    def comment(self) -> str:
        """The entry's extracted comment (notes follow it): block kind and position."""
        return f"{self.kind.value}, block {self.block}, sentence {self.sentence}"


def unit_key(article: str, kind: BlockKind, source: str) -> Key:
    """The catalog key of a sentence of `article` in a block of `kind`: the only place a context is built."""
    return (f"{article}/{kind.value}", source)


def entry_unit(entry) -> Unit:
    """The unit a live catalog entry holds, its article and block kind read from its context (a paragraph where a
    hand edit left no kind this version knows): the only place a context is parsed."""
    article, _, kind = (entry.msgctxt or "").rpartition("/")
    occurrence = tuple(entry.occurrences[0]) if entry.occurrences else ("", "0")
    return Unit(source=entry.msgid, article=article,
                kind=BlockKind(kind) if kind in BlockKind._value2member_map_ else BlockKind.PARAGRAPH,
                occurrence=occurrence)


def entry_translation(entry) -> Translation:
    """What a catalog entry holds of its unit's translation: approved, machine or empty text and its notes."""
    state = State.APPROVED if is_approved(entry) else State.MACHINE if entry.msgstr else State.EMPTY
    return Translation(entry.msgstr, state, tuple(notes_from_comment(entry.comment)))


def catalog_path(locales: Path, language: str, slug: str) -> Path:
    """locales/<gettext locale>/LC_MESSAGES/<slug>.po: pt-BR in pt_BR/, sr-Latn in sr@latin/, ru in ru/."""
    return Path(locales) / gettext_locale(language) / "LC_MESSAGES" / f"{slug}.po"


def is_reviewed(entry) -> bool:
    """A reviewer approved the text (its entry may since have become obsolete)."""
    return bool(entry.msgstr) and "fuzzy" not in entry.flags


def is_approved(entry) -> bool:
    return is_reviewed(entry) and not entry.obsolete


class Memory:
    """The catalogs of one language: this run's lookups and stores go through here."""

    def __init__(self, locales: Path, language: str, *, fuzzy_threshold: int = 75, prefill: int | None = None
                 ) -> None:
        """`fuzzy_threshold`: the least similarity (%) of a memory match noted on a new unit; `prefill`: the
        least similarity of a match taken instead of the engine, marked fuzzy (None: the engine always)."""
        self.locales = Path(locales)
        self.language = language
        self.fuzzy_threshold = fuzzy_threshold
        self.prefill = prefill
        self._fuzzy = None  # memory.fuzzy.FuzzyIndex over approved catalog entries and the imported memory
        self._imported_index: dict[str, tuple[str, bool]] | None = None  # plain source -> (text, approved)
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

    def _imported(self) -> list:
        from translator.memory.memory_file import load_memory

        try:
            return [entry for entry in load_memory(self.locales, self.language) if entry.msgstr]
        except CatalogError as exc:
            self.problems.append(str(exc))
            return []

    def _imported_match(self, source: str) -> tuple[str, bool] | None:
        """(text, approved) of the imported memory for a sentence without inline markup, found by its plain text
        (memory files hold plain text; a catalog holds Markdown inline, `5 \\< 6`); approved wins."""
        from translator.memory.memory_file import as_markdown
        from translator.text import inline

        if self._imported_index is None:
            index: dict[str, tuple[str, bool]] = {}
            for entry in self._imported():
                if entry.msgid not in index or (is_reviewed(entry) and not index[entry.msgid][1]):
                    index[entry.msgid] = (as_markdown(entry.msgstr), is_reviewed(entry))
            self._imported_index = index
        if not self._imported_index or inline.count(source):
            return None  # a sentence with markup keeps it: only the engine's markers carry it over
        return self._imported_index.get(inline.plain(source))

    def suggestions(self, source: str, threshold: int | None = None, limit: int = 3):
        """The best earlier translations of sentences like `source` (memory.fuzzy.Suggestion), its own text left
        out: approved catalog entries of the language and the imported memory."""
        from translator.memory.fuzzy import FuzzyIndex

        if self._fuzzy is None:
            folder = catalog_path(self.locales, self.language, "_").parent
            catalogs = []
            for path in sorted(folder.glob("*.po")):
                try:
                    catalogs.append((path.stem, self.catalog(path.stem)))
                except CatalogError:
                    continue  # named by its own article, and by _shared_index
            self._fuzzy = FuzzyIndex(memory_entries(self.locales, self.language, catalogs, self._imported()))
        return self._fuzzy.suggest(source, self.fuzzy_threshold if threshold is None else threshold, limit,
                                   exclude_exact=True)

    def fuzzy_index(self) -> FuzzyIndex | None:
        """The fuzzy index `suggest` built, or None if nothing asked for one."""
        return self._fuzzy

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
        if not shared or not shared[1]:  # an approved imported text beats machine text of another catalog
            imported = self._imported_match(unit.source)
            shared = imported if imported and (imported[1] or not shared) else shared
        if shared:
            return Translation(shared[0], State.SHARED)
        if self.prefill is not None and (best := self.suggestions(unit.source, self.prefill, 1)):
            return Translation(best[0].target, State.SHARED, (best[0].note(),))  # stored fuzzy, with its match
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
                # rebuilt from the catalogs in memory on the next miss; the fuzzy index is kept: it holds approved
                # entries only, and a run approves nothing
                self._shared = None
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
                entry = index[unit.key] = polib.POEntry(msgid=unit.source, msgctxt=unit.key[0])
                catalog.append(entry)
                if slug in self._by_msgid:
                    self._by_msgid[slug].setdefault(unit.source, []).append(entry)
                changed.add(id(entry))
            was = _entry_state(entry)
            entry.obsolete = False
            given = translations.get(unit.key)
            # Notes on how a kept text was made stay with it; this run's notes replace the rest.
            kept = [n for n in notes_from_comment(entry.comment) if n.kind.sticky] if entry.msgstr else []
            matches: list[Note] = []
            if not entry.msgstr and given is not None and given.text:
                entry.msgstr = given.text
                if given.state is not State.APPROVED and "fuzzy" not in entry.flags:
                    entry.flags.append("fuzzy")
                    # a new or changed sentence: its reviewer sees what the memory holds for ones like it
                    matches = [s.note() for s in self.suggestions(unit.source)]
            # Extracted comments belong to the tool (reviewers' own comments are never touched).
            entry.comment = "\n".join([unit.comment, *notes_to_comment([*kept, *notes.get(unit.key, ()), *matches])])
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


def memory_entries(locales: Path, language: str, catalogs: Iterable | None = None, imported: Iterable | None = None
                   ) -> list[tuple[str, str, str]]:
    """(source, target, origin) of the language's memory, for fuzzy matches: approved catalog entries (obsolete ones
    too) first, then the imported memory. `catalogs`: (slug, catalog) and `imported`: entries already read, else
    read here."""
    from translator.memory.memory_file import as_markdown, load_memory

    if catalogs is None:
        catalogs = [(slug, read_catalog(path)[0]) for _, slug, path in catalog_paths(locales, language)]
    if imported is None:
        imported = load_memory(locales, language)
    entries = [(e.msgid, e.msgstr, slug) for slug, catalog in catalogs for e in catalog if is_reviewed(e)]
    entries += [(e.msgid, as_markdown(e.msgstr), e.msgctxt or "memory") for e in imported if e.msgstr]
    return entries


def catalog_stamp(path: Path) -> list[int] | None:
    """What tells a saved catalog from the one read before: mtime, size, inode (an editor's save renames)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size, stat.st_ino]
