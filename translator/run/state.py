"""What each article was last run with: a re-run skips an article nothing about has changed.

.<output>.runstate.json beside the output folder (not in it: output/ and locales/ hold only what a run publishes,
the same bytes from any two runs of one job) holds, per input file, the hash of its bytes, its slug and detected
language, and per target language a fingerprint of everything its edition depends on: the job's settings, the
mode, the route, models, glossary checksum and tool version, the catalog file (a reviewer's approval changes it),
the desk's advisories about the story. An article whose bytes and every fingerprint are unchanged (and whose
edition files are all there) costs a hash: its report rows and glossary forms are replayed from here. The detected
language is reused for an article whose bytes are unchanged, even when something else about it changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from translator.errors import OutputError
from translator.fsutil import atomic_write_text
from translator.run.report import Status

FORMAT = 1
# Where work runs, and the warnings said about the job, do not change what it makes.
_JOB_IRRELEVANT = {"root", "where", "cluster", "cluster_tls", "warnings"}
# Rows that a later run could only repeat; an article with an empty unit may be filled from shared memory.
_SETTLED = {Status.OK, Status.HELD, Status.WITHDRAWN, Status.STALE}


def _status(row: Mapping) -> Status | None:
    """A stored row's status (None where a hand edit left one this version does not know)."""
    try:
        return Status(row.get("status"))
    except ValueError:
        return None


def file_digest(path: Path) -> str:
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def job_key(job, mode: str) -> str:
    """Every job setting that shapes an edition, and the mode."""
    settings = {k: v for k, v in dataclasses.asdict(job).items() if k not in _JOB_IRRELEVANT}
    return _digest({"job": settings, "mode": str(mode)})


def fingerprint(job_digest: str, article_digest: str, pair: Mapping, catalog: list[int] | None,
                advisory: object) -> str:
    """Of one article in one language: what its edition depends on."""
    return _digest({"job": job_digest, "article": article_digest, "pair": pair, "catalog": catalog,
                    "advisory": repr(advisory) if advisory is not None else None})


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


@dataclass
class Record:
    """One input file as last run."""

    digest: str
    slug: str
    language: str
    confidence: float | None
    targets: dict[str, dict] = field(default_factory=dict)  # lang -> {"key", "row", "terms", "files"}

    def as_dict(self) -> dict:
        """The record as plain data for the state file, written at once: nothing is deep-copied."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def settled(self, languages: Iterable[str]) -> bool:
        return all(lang in self.targets and _status(self.targets[lang]["row"]) in _SETTLED
                   and not self.targets[lang]["row"].get("empty") for lang in languages)


class RunState:
    """The records of the run state file: read once at the start of a run, written once at its end."""

    def __init__(self, output: Path) -> None:
        self.path = state_path(output)
        self.records: dict[str, Record] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT:
                self.records = {path: Record(**record) for path, record in data["articles"].items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.records = {}  # missing or unreadable: every article runs, and the file is written anew

    def known_language(self, path: str, digest: str) -> tuple[str, float | None] | None:
        """The language detected in the same bytes before, if any (detection is the costliest part of reading)."""
        record = self.records.get(path)
        if record is None or record.digest != digest or not record.language:
            return None
        return record.language, record.confidence

    def held(self) -> set[tuple[str, str]]:
        """(slug, language) of every edition the last run held."""
        return {(record.slug, language) for record in self.records.values()
                for language, target in record.targets.items() if _status(target["row"]) is Status.HELD}

    def save(self, keep: Iterable[str]) -> str | None:
        """Write the records of the input files in `keep` (a file no longer read is forgotten); returns a warning
        when it cannot be written (the next run then does everything again, which is safe)."""
        keep = set(keep)
        data = {"format": FORMAT, "articles": {path: record.as_dict()
                                               for path, record in sorted(self.records.items()) if path in keep}}
        try:
            atomic_write_text(self.path, json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        except OutputError as exc:
            return f"{exc}; the next run will not skip unchanged articles"
        return None


def state_path(output: Path) -> Path:
    output = Path(output)
    return output.parent / f".{output.name}.runstate.json"
