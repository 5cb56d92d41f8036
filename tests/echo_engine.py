"""A deterministic engine for pipeline tests: it tags each sentence with the target language."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from translator.engines.base import EngineBase


class EchoEngine(EngineBase):
    """Translates X into '<target>: X'; counts what it was sent."""

    name = "echo"

    def __init__(self, pairs: set[tuple[str, str]] | None = None, delay: float = 0.0) -> None:
        self._pairs = pairs if pairs is not None else {("en", t) for t in ("ru", "uk", "fa", "pt", "es", "de")}
        self.calls: list[tuple[str, str, list[str]]] = []
        self.delay = delay  # seconds per sentence (job: [engines.echo] delay = 0.02), so a run takes a while

    def unavailable_reason(self) -> str | None:
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def model_name(self, source: str, target: str) -> str:
        return f"echo {source}-{target}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        time.sleep(self.delay * len(sentences))
        return [f"{target}: {s}" for s in sentences]

    @property
    def sent(self) -> list[str]:
        return [s for _, _, batch in self.calls for s in batch]


class BrokenEngine(EchoEngine):
    """Returns nothing for every sentence, like an Apertium pair that installs but prints nothing."""

    name = "broken"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return ["" for _ in sentences]


class ScriptedEngine(EchoEngine):
    """Answers from a script (source -> translation), like a real engine that made the planted mistakes."""

    name = "scripted"

    def __init__(self, script: dict[str, str], pairs: set[tuple[str, str]] | None = None) -> None:
        super().__init__(pairs if pairs is not None else {("en", "pt"), ("pt", "en")})
        self.script = script

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        self.calls.append((source, target, list(sentences)))
        return [self.script.get(s, f"{target}: {s}") for s in sentences]


# ── a reviewer in another process ────────────────────────────────────────────────────────────────────────────

Pick = tuple[int, int, str | None]  # (catalog index, entry index, tag of an edited text or None: approve as is)


def review(catalogs: Sequence[Path], picks: Sequence[Pick]) -> list[tuple[str, str, str, str]]:
    """What a reviewer does in Poedit: per pick, open a catalog, maybe rewrite one translated entry's text as
    "<tag>: <msgid>", approve it (remove the fuzzy flag) and save. Returns (catalog, msgctxt, msgid, msgstr) of
    each approval, in order."""
    import polib

    done = []
    for catalog, index, tag in picks:
        existing = [p for p in catalogs if Path(p).exists()]
        if not existing:
            continue
        path = existing[catalog % len(existing)]
        po = polib.pofile(str(path))
        translated = [e for e in po if e.msgstr and not e.obsolete]
        if not translated:
            continue
        entry = translated[index % len(translated)]
        if tag is not None:
            entry.msgstr = f"{tag}: {entry.msgid}"
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()
        done.append((str(path), entry.msgctxt or "", entry.msgid, entry.msgstr))
    return done


class ReviewerDuringRun(EchoEngine):
    """On its first call, while the run waits for it, another OS process opens the catalogs, approves and edits
    entries and saves (`review`); `reviewed` says what it did."""

    name = "echo"

    def __init__(self, catalogs: Sequence[Path], picks: Sequence[Pick]) -> None:
        super().__init__()
        self.catalogs, self.picks = [str(p) for p in catalogs], list(picks)
        self.reviewed: list[tuple[str, str, str, str]] = []

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        if self.picks:
            order = json.dumps({"catalogs": self.catalogs, "picks": self.picks})
            done = subprocess.run([sys.executable, __file__, "review"], input=order, capture_output=True,
                                  text=True, check=True, timeout=60)
            self.reviewed = [tuple(item) for item in json.loads(done.stdout)]
            self.picks = []
        return super().translate(sentences, source, target)


if __name__ == "__main__" and sys.argv[1:] == ["review"]:
    order = json.loads(sys.stdin.read())
    print(json.dumps(review([Path(p) for p in order["catalogs"]], [tuple(p) for p in order["picks"]])))
