"""N-gram loops, a known failure of neural engines: "matriculados matriculados", "a OTAN e a OTAN e"."""

from __future__ import annotations

import re

from translator.findings import Finding, Severity

CHECK = "repeats"
MAX_N = 4  # longest n-gram looked for; loops of longer phrases are rare and `length` sees them
# Words, numbers and the signs that stand for words ("1 %", "$ 5"): "del 1 % del valor" is no "del del".
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[%‰$€£¥₽§°&+=]")


def loops(text: str) -> list[str]:
    """N-grams (n = 1..MAX_N) said twice or more in a row, longest first, each reported once."""
    tokens = [w.lower() for w in _TOKEN.findall(text)]
    found: list[str] = []
    for n in range(MAX_N, 0, -1):
        for start in range(len(tokens) - 2 * n + 1):
            gram = tokens[start:start + n]
            if gram != tokens[start + n:start + 2 * n]:
                continue
            # One-letter words ("a a" in a list of options) are too often legitimate to report alone.
            if n == 1 and len(gram[0]) < 2:
                continue
            phrase = " ".join(gram)
            if not any(phrase in longer for longer in found):
                found.append(phrase)
    return found


def check_repeats(source: str, target: str, source_language: str, target_language: str) -> list[Finding]:
    """A word or phrase repeated in a row in the target, more often than the source repeats (its "no, no" may
    rightly come back as "não, não")."""
    found = loops(target)
    if len(found) <= len(loops(source)):
        return []
    return [Finding(CHECK, Severity.BLOCKING, f"repeated: {' | '.join(found[:3])}")]
