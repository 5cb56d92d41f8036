"""Reader rules per source language, as data: one TOML table a language, shipped here or added by a desk.

A table `<lang>.toml` lists regular expressions under the keys of KEYS (see en.toml). The tables shipped in this
folder are read first, then those in the folders named by $TRANSLATOR_READER_RULES (separated like $PATH); a desk
table for a language already shipped adds its patterns to the shipped ones. A language with no table gets the
patterns of every table: site chrome in any language is still chrome.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

from translator.errors import ReaderRulesError
from translator.languages import KNOWN_CODES, normalize_code

ENV = "TRANSLATOR_READER_RULES"
# Capitals are the signal of a dateline or a byline; everything else matches ignoring case.
CASE_SENSITIVE = {"dateline", "byline"}


@dataclass(frozen=True)
class ReaderRules:
    """The compiled patterns the readers apply to one article's blocks."""

    chrome: tuple[re.Pattern[str], ...] = ()
    footer: tuple[re.Pattern[str], ...] = ()
    credit: tuple[re.Pattern[str], ...] = ()
    byline: tuple[re.Pattern[str], ...] = ()
    photo_cue: tuple[re.Pattern[str], ...] = ()
    dateline: tuple[re.Pattern[str], ...] = ()

    def __add__(self, other: ReaderRules) -> ReaderRules:
        return ReaderRules(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


KEYS = tuple(f.name for f in fields(ReaderRules))


def _line_of(raw: str, key: str) -> int:
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", raw, re.MULTILINE)
    return raw.count("\n", 0, match.start()) + 1 if match else 1


def load_table(path: Path) -> ReaderRules:
    """Compile one table, or raise ReaderRulesError naming the file, line and what to fix."""
    raw = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ReaderRulesError(f"{path}: {exc}; fix the TOML syntax of this reader rules table") from exc
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key, value in data.items():
        where = f"{path}:{_line_of(raw, key)}"
        if key not in KEYS:
            raise ReaderRulesError(f"{where}: unknown key {key!r}; a reader rules table has {', '.join(KEYS)}")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ReaderRulesError(f"{where}: {key} must be a list of regular expressions in quotes")
        patterns = []
        for index, source in enumerate(value):
            try:
                pattern = re.compile(source, 0 if key in CASE_SENSITIVE else re.IGNORECASE)
            except re.error as exc:
                raise ReaderRulesError(
                    f"{where}: {key}[{index}] {source!r} is not a valid regular expression ({exc}); fix it"
                ) from exc
            if key == "dateline" and pattern.groups < 1:
                raise ReaderRulesError(f"{where}: dateline[{index}] {source!r} needs a group (...) around the place")
            patterns.append(pattern)
        compiled[key] = tuple(patterns)
    return ReaderRules(**compiled)


def _folders() -> list[Path]:
    folders = [Path(str(resources.files(__package__)))]
    for entry in os.environ.get(ENV, "").split(os.pathsep):
        if not entry:
            continue
        folder = Path(entry).expanduser()
        if not folder.is_dir():
            raise ReaderRulesError(f"${ENV} names {folder}, which is not a folder; create it or fix the variable")
        folders.append(folder)
    return folders


def table_files() -> dict[str, list[Path]]:
    """Language code -> its table files, shipped first, then the desks' in the order of $TRANSLATOR_READER_RULES."""
    files: dict[str, list[Path]] = {}
    for folder in _folders():
        for path in sorted(folder.glob("*.toml")):
            code = normalize_code(path.stem)
            if code not in KNOWN_CODES:
                raise ReaderRulesError(
                    f"{path}: a reader rules table is named by its language code (ru.toml, pt.toml); rename it"
                )
            files.setdefault(code, []).append(path)
    return files


def rules_for(language: str | None, chrome: Iterable[str] = ()) -> ReaderRules:
    """The rules of `language` (every table's for None or a language without one), plus a job's chrome patterns."""
    files = table_files()
    chosen = files.get(normalize_code(language)) if language else None
    paths = chosen or [path for group in files.values() for path in group]
    rules = ReaderRules()
    for path in paths:
        rules = rules + load_table(path)
    return rules + ReaderRules(chrome=tuple(re.compile(p, re.IGNORECASE) for p in chrome))
