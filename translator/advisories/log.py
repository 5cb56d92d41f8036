"""The advisory log: what the desk said about a story after publication (correct, refile, repeat, kill, hold,
release), and the state of each story that follows from it.

output/.advisories.jsonl holds one JSON object a line, oldest first, never edited. An append rewrites the whole
file atomically (temporary file, fsync, rename) under a lock rather than writing with O_APPEND: a crash then never
leaves a torn last line that would make the log unreadable, two desks issuing advisories at once never lose a line,
and the log stays small (a line per advisory) so the rewrite costs nothing.

The same lock (`log_lock`) is the desk's last word during a run: an advisory is recorded and applied (a kill's
withdrawal) under it, and a run re-reads the log under it before each delivery and at its end, so a kill or hold
recorded at any moment is never undone by a run that started before it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from translator.errors import AdvisoryError, AdvisoryLogError, OutputError
from translator.fsutil import atomic_write_text

LOG_NAME = ".advisories.jsonl"
LOCK_TIMEOUT = 60.0
_locks: dict[Path, object] = {}  # log -> its FileLock
_locks_guard = threading.Lock()
_cache: dict[Path, tuple[tuple[int, int, int], dict]] = {}  # log -> (stat stamp, states): a run reads it often


class Action(StrEnum):
    """What an advisory does to a story in every language it went out in."""

    CORRECT = "correct"    # substantive change: republish with a correction note
    REFILE = "refile"      # non-substantive change: republish without a note
    REPEAT = "repeat"      # republish as is
    KILL = "kill"          # withdraw every edition; never republished until released
    HOLD = "hold"          # publish nothing new until released; what is out stays out
    RELEASE = "release"    # lift a hold or a kill


# The advisory class a republishing action gives the story's feed entries.
CLASSES = {Action.CORRECT: "corrected", Action.REFILE: "refiled", Action.REPEAT: "repeated"}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Advisory:
    """One line of the log."""

    action: Action
    slug: str
    time: str = ""
    revision: str = ""                 # Article.revision() of the source when the advisory was given
    note: str = ""                     # the correction note (correct) or the reason (kill, hold)
    languages: tuple[str, ...] = ()    # the job's targets at the time: every language it applies to
    changed: tuple[str, ...] = ()      # source sentences a correction changed (reviewed first)

    def as_dict(self) -> dict:
        return {"time": self.time, "action": self.action.value, "slug": self.slug, "revision": self.revision,
                "note": self.note, "languages": list(self.languages), "changed": list(self.changed)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Advisory:
        return cls(action=Action(data["action"]), slug=str(data["slug"]), time=str(data.get("time", "")),
                   revision=str(data.get("revision", "")), note=str(data.get("note", "")),
                   languages=tuple(data.get("languages", ())), changed=tuple(data.get("changed", ())))


@dataclass(frozen=True)
class Correction:
    note: str
    time: str
    revision: str


@dataclass(frozen=True)
class AdvisoryState:
    """Where a story stands after every advisory given about it."""

    slug: str
    advisory_class: str | None = None      # corrected / refiled / repeated: the latest republishing advisory
    time: str = ""                         # of the latest advisory
    revision: str = ""                     # the latest source revision an advisory recorded
    held: bool = False
    killed: bool = False
    reason: str = ""                       # why it is held or killed
    corrections: tuple[Correction, ...] = ()
    changed: frozenset[str] = frozenset()  # source sentences changed by its corrections
    languages: tuple[str, ...] = ()
    history: tuple[Advisory, ...] = field(default=())

    @property
    def feed_class(self) -> str | None:
        """What a feed says about the story: withdrawn while killed, else its latest advisory class."""
        return "withdrawn" if self.killed else self.advisory_class

    def apply(self, advisory: Advisory) -> AdvisoryState:
        state = replace(self, time=advisory.time, revision=advisory.revision or self.revision,
                        history=(*self.history, advisory),
                        languages=tuple(dict.fromkeys((*self.languages, *advisory.languages))))
        if advisory.action is Action.CORRECT:
            return replace(state, advisory_class=CLASSES[advisory.action],
                           corrections=(*self.corrections, Correction(advisory.note, advisory.time,
                                                                      advisory.revision)),
                           changed=self.changed | set(advisory.changed))
        if advisory.action in CLASSES:
            return replace(state, advisory_class=CLASSES[advisory.action])
        if advisory.action is Action.KILL:
            return replace(state, killed=True, reason=advisory.note)
        if advisory.action is Action.HOLD:
            return replace(state, held=True, reason=advisory.note)
        return replace(state, held=False, killed=False, reason="")


def log_path(output: Path) -> Path:
    return Path(output) / LOG_NAME


def read_log(output: Path) -> list[Advisory]:
    """Every advisory in the log, oldest first; no log is no advisory."""
    path = log_path(output)
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return []  # no output folder yet (or a file in its place, which the first write reports)
    except (OSError, UnicodeDecodeError) as exc:
        raise AdvisoryLogError(f"{path}: cannot read the advisory log ({exc}); restore it from a backup") from exc
    advisories = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            advisories.append(Advisory.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError) as exc:
            raise AdvisoryLogError(f"{path}:{number}: not an advisory ({exc}); fix or remove the line") from exc
    return advisories


def fold(advisories: Iterable[Advisory]) -> dict[str, AdvisoryState]:
    states: dict[str, AdvisoryState] = {}
    for advisory in advisories:
        states[advisory.slug] = states.get(advisory.slug, AdvisoryState(advisory.slug)).apply(advisory)
    return states


def advisory_state(output: Path) -> dict[str, AdvisoryState]:
    """slug -> its state, for every story an advisory was given about."""
    return fold(read_log(output))


def check(advisory: Advisory, state: AdvisoryState | None) -> None:
    """Refuse an advisory that makes no sense for the story as it stands."""
    slug = advisory.slug
    if advisory.action is Action.CORRECT and not advisory.note.strip():
        raise AdvisoryError(f"{slug}: a correction needs a note saying what changed; give --note")
    if advisory.action is Action.KILL and not advisory.note.strip():
        raise AdvisoryError(f"{slug}: a kill needs a reason for the desk; give --reason")
    if advisory.action is Action.RELEASE and not (state and (state.held or state.killed)):
        raise AdvisoryError(f"{slug} is neither held nor killed; there is nothing to release")
    if advisory.action in CLASSES and state is not None and state.killed:
        raise AdvisoryError(f"{slug} is killed; release it first (translator advisory release {slug})")


@contextmanager
def log_lock(output: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the advisory log's lock: what is recorded, and what is published in view of the log, happen in one
    order. Re-entrant within a thread (an advisory records and applies itself under one hold); other threads and
    processes wait."""
    from filelock import FileLock, Timeout

    path = log_path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path.parent}: cannot write the advisory log here ({exc.strerror}); fix the output "
                          "folder of the job") from exc
    key = path.absolute()
    with _locks_guard:  # one lock object per log: a run takes it per delivery, and a new one costs a millisecond
        lock = _locks.get(key) or _locks.setdefault(key, FileLock(str(path.parent / f"{LOG_NAME}.lock")))
    try:
        lock.acquire(timeout=timeout)  # thread-local: each thread counts its own holds
    except Timeout as exc:
        raise AdvisoryLogError(f"{path}: locked by another command for over {timeout:.0f}s; try again") from exc
    try:
        yield
    finally:
        lock.release()


def live_state(output: Path) -> dict[str, AdvisoryState]:
    """advisory_state() as the log stands now, parsed again only when the file changed (every append renames a
    new file in: its inode changes). Call it under log_lock for an answer that holds while you act on it."""
    path = log_path(output)
    try:
        stat = path.stat()
    except OSError:
        return advisory_state(output)
    stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _cache.get(path)
    if cached is None or cached[0] != stamp:
        cached = _cache[path] = (stamp, advisory_state(output))
    return cached[1]


def record(output: Path, advisory: Advisory) -> Advisory:
    """Check the advisory against the story's state and append it to the log; returns it with its time."""
    path = log_path(output)
    advisory = replace(advisory, time=advisory.time or now())
    with log_lock(output):
        existing = read_log(output)
        check(advisory, fold(existing).get(advisory.slug))
        lines = [json.dumps(a.as_dict(), ensure_ascii=False) for a in (*existing, advisory)]
        atomic_write_text(path, "\n".join(lines) + "\n")
    return advisory
