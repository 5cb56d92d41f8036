"""Apertium rule-based engine: the language pairs installed as Debian packages (apertium-eng-spa, ...).

One apertium process translates a whole batch (spawning one per sentence measured ~100x slower); sentences
travel separated by blank lines, which Apertium keeps, and the count is checked on the way back. That process
stays up between calls, one per mode, in null-flush mode (apertium_process); an apertium without -z, or a mode
whose pipeline does not answer batch by batch, gets a fresh `apertium <mode>` per call as before.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

from translator.engines import apertium_process as nullflush
from translator.engines.base import EngineBase, EngineTraits, ScoredText
from translator.engines.options import Option, non_empty_text, positive_number
from translator.errors import EngineError, EngineUnavailable, UnsupportedPair

DEFAULT_MODES_DIR = Path("/usr/share/apertium/modes")

# Apertium's ISO 639-3 codes (and variant suffixes) -> the codes jobs use.
CODES = {
    "eng": "en", "spa": "es", "cat": "ca", "glg": "gl", "por": "pt", "fra": "fr", "ita": "it", "deu": "de",
    "rus": "ru", "ukr": "uk", "bel": "be", "mkd": "mk", "bul": "bg", "ron": "ro", "pol": "pl", "ces": "cs",
    "slk": "sk", "slv": "sl", "hbs_SR": "sr", "hbs_BS": "bs", "hbs_HR": "hr", "kaz": "kk", "tat": "tt",
    "kir": "ky", "uzb": "uz", "tur": "tr", "aze": "az", "eus": "eu", "oci": "oc", "arg": "an", "ast": "ast",
    "nob": "nb", "nno": "nn", "swe": "sv", "dan": "da", "isl": "is", "sqi": "sq", "hye": "hy", "fin": "fi",
}
_SEPARATOR = "\n\n"
# Apertium marks '*' unknown words, '#' generation and '@' transfer gaps: counted for the confidence, then removed.
_MARKS = re.compile(r"(?<![\w#@*])[*#@](?=\w)|(?<=\w)#(?!\w)")
_MARKED_WORD = re.compile(r"(?<![\w#@*])[*#@](\w+)")


def parse_mode(stem: str) -> tuple[str, str] | None:
    """'eng-spa' -> ('en', 'es'); 'eng-hbs_SR' -> ('en', 'sr'); unmapped variants -> None."""
    if stem.count("-") != 1:
        return None
    source, target = stem.split("-")
    if source in CODES and target in CODES:
        return CODES[source], CODES[target]
    return None


class ApertiumEngine(EngineBase):
    name = "apertium"
    # Its hbs_SR generator writes Serbian in Latin letters ("vlast", "ponedjeljak"): its sr serves sr-Latn.
    traits = EngineTraits(post_edit_repairs=True, glossary_strategy="replace", scripts={"sr": "Latn"})
    options = (Option("modes_dir", non_empty_text, '"/usr/share/apertium/modes"', DEFAULT_MODES_DIR),
               Option("timeout", positive_number, "600", 600.0))

    def __init__(self, *, command: str | None = None, **given: str | Path | float) -> None:
        settings = self.settings(given)
        self.modes_dir = Path(settings["modes_dir"])
        self.timeout = settings["timeout"]
        # $TRANSLATOR_APERTIUM names another apertium binary (one built in /opt, or none at all for a test run).
        self.command = command or os.environ.get("TRANSLATOR_APERTIUM", "apertium")
        self._pipelines: dict[str, nullflush.NullFlushPipeline] = {}
        self._one_shot: set[str] = set()   # modes whose pipeline cannot run null-flush
        self._guard = threading.Lock()
        # Also at garbage collection and interpreter exit; without a reference to self, or it would never run.
        self._finalizer = weakref.finalize(self, _close_all, self._pipelines)

    def close(self) -> None:
        """Stop the apertium processes this engine keeps; a later translate() starts them again."""
        with self._guard:
            _close_all(self._pipelines)

    def __enter__(self) -> ApertiumEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict:  # a Dask worker gets the settings, and starts its own processes
        return {"modes_dir": self.modes_dir, "timeout": self.timeout, "command": self.command}

    def __setstate__(self, state: dict) -> None:
        self.__init__(**state)

    def modes(self) -> dict[tuple[str, str], str]:
        """Installed pairs -> mode name; a plain mode wins over a variant of the same pair."""
        found: dict[tuple[str, str], str] = {}
        for mode in sorted(self.modes_dir.glob("*.mode")):
            pair = parse_mode(mode.stem)
            if pair and pair not in found:
                found[pair] = mode.stem
        return found

    def unavailable_reason(self) -> str | None:
        if shutil.which(self.command) is None:
            return f"the {self.command} command is not installed (apt-get install apertium apertium-eng-spa)"
        if not self.modes():
            return f"no Apertium language pairs installed in {self.modes_dir} (apt-get install apertium-eng-spa)"
        return None

    def pairs(self) -> set[tuple[str, str]]:
        return set(self.modes()) if shutil.which(self.command) else set()

    def model_name(self, source: str, target: str) -> str:
        return f"apertium {self.modes().get((source, target), f'{source}-{target}')}"

    def translate(self, sentences: Sequence[str], source: str, target: str) -> list[str]:
        mode = self.modes().get((source, target))
        if mode is None:
            raise UnsupportedPair(
                f"apertium has no {source}-{target} pair installed in {self.modes_dir}; "
                f"installed: {', '.join(f'{s}-{t}' for s, t in sorted(self.pairs())) or 'none'}"
            )
        if not sentences:
            return []
        if shutil.which(self.command) is None:
            raise EngineUnavailable(f"the {self.command} command is not installed (apt-get install apertium)")
        text = _SEPARATOR.join(" ".join(s.split()) for s in sentences) + "\n"
        try:
            stdout, failure = self._persistent(mode, text)
        except nullflush.NotNullFlush:
            stdout, failure = self._once(mode, text)
        except (nullflush.TimedOut, subprocess.TimeoutExpired) as exc:
            raise EngineError(
                f"apertium {mode} took over {self.timeout:.0f}s; translate fewer articles at once"
            ) from exc
        output = stdout.strip("\n")
        if failure is not None or not output.strip():
            detail = failure or "no output"
            raise EngineError(
                f"apertium {mode} ({source}-{target}) returned empty output ({detail}); the installed pair is "
                "broken: route this language to another engine"
            )
        parts = output.split(_SEPARATOR)
        if len(parts) != len(sentences):
            raise EngineError(
                f"apertium {mode} ({source}-{target}) returned {len(parts)} sentences for {len(sentences)}; "
                "its output cannot be aligned"
            )
        return [_scored(" ".join(part.split())) for part in parts]

    def _command(self, mode: str, *options: str) -> list[str]:
        if self.modes_dir == DEFAULT_MODES_DIR:
            return [self.command, *options, mode]
        return [self.command, "-d", str(self.modes_dir.parent), *options, mode]

    def _once(self, mode: str, text: str) -> tuple[str, str | None]:
        """A fresh `apertium <mode>`: its output, and why it failed (its last stderr line) or None."""
        done = subprocess.run(self._command(mode), input=text, capture_output=True, text=True, timeout=self.timeout)
        if done.returncode != 0:
            return done.stdout, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output"
        return done.stdout, None

    def _persistent(self, mode: str, text: str) -> tuple[str, str | None]:
        """The same through this mode's long-lived pipeline, between one destxt and one retxt run: the bytes
        the apertium script would have produced. Raises NotNullFlush where that cannot be done."""
        tools = nullflush.null_flush_tools(self.command)
        if mode in self._one_shot or tools is None:
            raise nullflush.NotNullFlush(mode)
        env = nullflush.environment(tools)
        with self._guard:
            pipeline = self._pipelines.get(mode)
            if pipeline is None:
                mode_file = self.modes_dir / f"{mode}.mode"
                pipeline = self._pipelines[mode] = nullflush.NullFlushPipeline(
                    lambda deadline: nullflush.pipeline_command(tools, mode_file, deadline), env)
        deadline = time.monotonic() + self.timeout
        try:
            deformatted = nullflush.run_tool(tools.destxt, text.encode("utf-8"), deadline, env)
            if b"\0" in deformatted:  # destxt drops NULs; were one left, it would end the batch early
                return self._once(mode, text)
            answer = pipeline.ask(deformatted, deadline)
            output = nullflush.run_tool(tools.retxt, answer, deadline, env)
        except nullflush.NotNullFlush:
            self._one_shot.add(mode)
            raise
        except nullflush.Died as exc:
            return "", exc.detail or "no output"
        # What text=True would have done: strict UTF-8 and universal newlines.
        return output.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), None


def _close_all(pipelines: dict[str, nullflush.NullFlushPipeline]) -> None:
    """Every pipeline told its input has ended first, then each waited for: they wind down together."""
    for pipeline in pipelines.values():
        pipeline.end_input()
    while pipelines:
        pipelines.popitem()[1].close()


def _scored(text: str) -> ScoredText:
    """The text without Apertium's marks; its confidence is the share of words that were not marked (a marked
    capitalised word is most often a name the dictionaries lack, which is no doubt about the translation)."""
    words = len(text.split()) or 1
    doubtful = sum(1 for word in _MARKED_WORD.findall(text) if not word[:1].isupper())
    return ScoredText(_MARKS.sub("", text), 1 - doubtful / words)
