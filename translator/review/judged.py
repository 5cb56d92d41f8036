"""What was judged, kept beside the review pages for the next run, one file of each kind per language.

``output/review/.judged-<lang>.json``: the review pages' units by catalog. `review page`, `review next` and a
re-run's pages read every catalog; judging each unit again from its catalog was most of a one-paragraph edit's
time. A catalog whose bytes are as they were when its units were last judged, judged in the same context (the
job's judging settings, its glossaries, the tool's own files, the dictionaries found), gets those units back
unparsed and unjudged.

``output/review/.assessed-<lang>.json``: each unit's assessment (review/assess.py) and the dictionaries' answers
(checks/spelling.py), so that a re-run that redoes an article for one edited paragraph judges that paragraph only.

Anything else (a reviewer's save, another glossary, a changed check, a damaged or foreign file) is judged again:
the files can only save time, never change a finding.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from functools import cache
from pathlib import Path

from translator.article import BlockKind
from translator.checks import spelling
from translator.findings import Finding, Note, NoteKind, Severity
from translator.fsutil import atomic_write_text, not_a_file
from translator.job import Job
from translator.memory.catalog import State, catalog_stamp
from translator.review import assess
from translator.review.assess import AssessKey, Assessment
from translator.review.page import PageUnit

FORMAT = 1


@cache
def _tool_stamp() -> str:
    """The tool's own files (code, shipped tables): a changed check must judge again."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        stat = path.stat()
        digest.update(f"{path.relative_to(root)}\0{stat.st_mtime_ns}\0{stat.st_size}\n".encode())
    return digest.hexdigest()


# The libraries whose data the checks read (word lists, language profiles, dictionaries' reader, CLDR): a
# reinstall or upgrade replaces their folder, which changes its time.
_LIBRARIES = ("wordfreq", "langdetect", "pycld2", "hunspell", "babel", "ahocorasick")


@cache
def environment_stamp(language: str) -> str:
    """What a judgement in `language` reads besides the job and the catalog: the tool's own files, the libraries'
    data, the Hunspell dictionaries found for the language and the `TRANSLATOR_*` settings."""
    from importlib.util import find_spec

    libraries = []
    for name in _LIBRARIES:
        spec = find_spec(name)
        origin = Path(spec.origin).parent if spec is not None and spec.origin else None
        libraries.append([name, origin.stat().st_mtime_ns if origin is not None and origin.exists() else None])
    dictionaries = [[name, str(dic), dic.stat().st_mtime_ns if dic is not None else None]
                    for name, dic in spelling.dictionary_files(language)]
    stamp = {"format": FORMAT, "tool": _tool_stamp(), "language": language, "libraries": libraries,
             "dictionaries": dictionaries,
             "environment": sorted((k, v) for k, v in os.environ.items() if k.startswith("TRANSLATOR_"))}
    return hashlib.sha256(json.dumps(stamp, sort_keys=True).encode()).hexdigest()


def context_key(job: Job, language: str) -> str:
    """Everything besides the catalog that a unit's judgement in `language` depends on."""
    glossaries = hashlib.sha256()
    for path in job.glossary_files():
        try:
            glossaries.update(path.read_bytes())
        except OSError as exc:
            glossaries.update(f"unreadable {path}: {exc}".encode())
    context = {"environment": environment_stamp(language), "glossaries": glossaries.hexdigest(),
               "headline_budget": job.headline_budget(language), "credits": job.credit_templates,
               "route_floor": job.route_floor}
    return hashlib.sha256(json.dumps(context, sort_keys=True, default=str).encode()).hexdigest()


def _findings_data(findings: tuple[Finding, ...]) -> list:
    return [[f.check, str(f.severity), f.detail] for f in findings]


def _findings(data: list) -> tuple[Finding, ...]:
    return tuple(Finding(check, Severity(severity), detail) for check, severity, detail in data)


def _unit_data(unit: PageUnit) -> list:
    return [unit.article, unit.language, unit.catalog, unit.line, unit.kind, unit.source, unit.target, unit.state,
            unit.risk, _findings_data(unit.findings), [list(t) for t in unit.terms]]


def _page_unit(data: list) -> PageUnit:
    article, language, catalog, line, kind, source, target, state, risk, findings, terms = data
    return PageUnit(article, language, catalog, line, kind, source, target, state, risk, _findings(findings),
                    tuple((term, form) for term, form in terms))


class JudgedCache:
    """The judged units of one language's catalogs, by catalog path, each under the key it was judged with."""

    def __init__(self, folder: Path, language: str, context: str) -> None:
        self.path = folder / f".judged-{_safe(language)}.json"
        self.context = context
        self.entries: dict[str, dict] = {}
        self.changed = False
        try:
            data = json.loads(_read_cache(self.path))
            if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("catalogs"), dict):
                self.entries = data["catalogs"]
        except (OSError, ValueError):
            pass  # no cache yet, or one that cannot be read: everything is judged

    def key(self, catalog: bytes) -> str:
        return hashlib.sha256(self.context.encode() + b"\0" + catalog).hexdigest()

    def get(self, path: Path, catalog: bytes) -> list[PageUnit] | None:
        entry = self.entries.get(str(path))
        if not isinstance(entry, dict) or entry.get("key") != self.key(catalog):
            return None
        try:
            return [_page_unit(data) for data in entry["units"]]
        except (KeyError, TypeError, ValueError):
            return None  # a cache someone edited: judge again

    def put(self, path: Path, catalog: bytes, units: list[PageUnit]) -> None:
        self.entries[str(path)] = {"key": self.key(catalog), "units": [_unit_data(u) for u in units]}
        self.changed = True

    def save(self, keep: set[str] | None = None) -> None:
        """Write the cache if it changed; `keep`: the catalog paths that still exist (others are dropped)."""
        if keep is not None and set(self.entries) - keep:
            self.entries = {path: entry for path, entry in self.entries.items() if path in keep}
            self.changed = True
        if self.changed:
            _write_cache(self.path, {"format": FORMAT, "catalogs": self.entries})


CACHE_LIMIT = 500 * 1024 * 1024  # a cache file larger than this is not read (the job judges afresh)


def _read_cache(path: Path) -> str:
    """A cache file's text; OSError for anything that is not a regular file of a sane size (a FIFO planted in
    the output folder would make every run wait for a writer)."""
    status = path.stat()
    if not_a_file(status.st_mode) is not None or status.st_size > CACHE_LIMIT:
        raise OSError(f"{path}: not a cache file")
    return path.read_text(encoding="utf-8")


def _write_cache(path: Path, data: dict) -> None:
    with suppress(OSError):  # a cache only saves time: a read-only output folder judges again next time
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def _safe(language: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in language) or "_"


# Assessments (review/assess.py) kept between runs, one file per language beside the review pages: a re-run that
# redoes an article because one paragraph changed judges only that paragraph's units again. The newest entries are
# kept, up to this many a language.
ASSESSMENTS_KEPT = 30_000
WORDS_KEPT = 100_000  # the dictionaries' answers kept with them (checks/spelling.py)


def _assessments_path(folder: Path, language: str) -> Path:
    return folder / f".assessed-{_safe(language)}.json"


# (folder, language) -> what this process last read from or wrote to that file: its stamp and how much it held,
# so that a run that loads, writes review pages and saves touches each file once.
_SYNCED: dict[tuple[str, str], tuple[list[int] | None, int]] = {}


def _held(language: str) -> int:
    return len(assess.remembered(language)) + len(spelling.answers(language))


def load_assessments(folder: Path, languages) -> None:
    """Give this process the assessments an earlier one kept for `languages`, where the environment they were
    made in (environment_stamp) is the same; a file that cannot be read is ignored, one already read is not read
    again."""
    for language in languages:
        path = _assessments_path(folder, language)
        stamp = catalog_stamp(path)
        if stamp is None or _SYNCED.get((str(folder), language), (None, 0))[0] == stamp:
            continue
        try:
            data = json.loads(_read_cache(path))
            if not isinstance(data, dict) or data.get("stamp") != environment_stamp(language):
                continue
            spelling.take_answers(language, {w: a for w, a in data.get("words", {}).items() if isinstance(w, str)})
            assess.remember(_assessment_entry(item) for item in data["units"])
        except (OSError, ValueError, KeyError, TypeError):
            continue  # damaged, or written by another version: judged afresh
        _SYNCED[str(folder), language] = (stamp, _held(language))


def save_assessments(folder: Path, languages) -> None:
    """Keep this process's assessments for `languages` (the newest ASSESSMENTS_KEPT of each); a language with
    nothing new since this process read or wrote its file is not written again."""
    for language in languages:
        held = _held(language)
        if not held or _SYNCED.get((str(folder), language), (None, -1))[1] == held:
            continue
        entries = assess.remembered(language)[-ASSESSMENTS_KEPT:]
        words = spelling.answers(language)
        path = _assessments_path(folder, language)
        _write_cache(path, {"stamp": environment_stamp(language),
                            "units": [_assessment_data(k, a) for k, a in entries],
                            "words": dict(list(words.items())[-WORDS_KEPT:])})
        _SYNCED[str(folder), language] = (catalog_stamp(path), held)


def _assessment_data(key: AssessKey, assessment: Assessment) -> list:
    fields = key._replace(state=key.state.value, kind=key.kind.value,
                          glossary=list(key.glossary) if key.glossary is not None else None,
                          notes=[[n.kind.value, n.term, n.form] for n in key.notes])
    return [list(fields), _findings_data(assessment.findings), assessment.confidence, assessment.risk]


def _assessment_entry(item: list) -> tuple[AssessKey, Assessment]:
    fields, findings, confidence, risk = item
    key = AssessKey(*fields)
    key = key._replace(state=State(key.state), kind=BlockKind(key.kind),
                       glossary=tuple(key.glossary) if key.glossary is not None else None,
                       notes=tuple(Note(NoteKind(k), term, form) for k, term, form in key.notes))
    hash(key)  # a key that cannot be one (a list where a string belongs) is refused here, not in a lookup
    return key, Assessment(_findings(findings), confidence, risk)
