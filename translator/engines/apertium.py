"""Apertium rule-based engine: the language pairs installed as Debian packages (apertium-eng-spa, ...).

One apertium process translates a whole batch (spawning one per sentence measured ~100x slower); sentences
travel separated by blank lines, which Apertium keeps, and the count is checked on the way back.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from translator.engines.base import EngineBase, ScoredText
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

    def __init__(self, modes_dir: str | Path = DEFAULT_MODES_DIR, timeout: float = 600.0,
                 command: str | None = None) -> None:
        self.modes_dir = Path(modes_dir)
        self.timeout = timeout
        # $TRANSLATOR_APERTIUM names another apertium binary (one built in /opt, or none at all for a test run).
        self.command = command or os.environ.get("TRANSLATOR_APERTIUM", "apertium")

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
        command = [self.command, "-d", str(self.modes_dir.parent), mode]
        if self.modes_dir == DEFAULT_MODES_DIR:
            command = [self.command, mode]
        try:
            done = subprocess.run(command, input=text, capture_output=True, text=True, timeout=self.timeout)
        except subprocess.TimeoutExpired as exc:
            raise EngineError(
                f"apertium {mode} took over {self.timeout:.0f}s; translate fewer articles at once"
            ) from exc
        output = done.stdout.strip("\n")
        if done.returncode != 0 or not output.strip():
            detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "no output"
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


def _scored(text: str) -> ScoredText:
    """The text without Apertium's marks; its confidence is the share of words that were not marked (a marked
    capitalised word is most often a name the dictionaries lack, which is no doubt about the translation)."""
    words = len(text.split()) or 1
    doubtful = sum(1 for word in _MARKED_WORD.findall(text) if not word[:1].isupper())
    return ScoredText(_MARKS.sub("", text), 1 - doubtful / words)
