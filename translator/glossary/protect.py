"""Protecting glossary terms through an engine: placeholders in, target forms back.

The placeholder is "XT<n>X": measured on the engines here (README), Bergamot en->pt dropped the brackets of
"⟦T1⟧" but kept "XT1X" intact, and Apertium passes unknown tokens through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translator.glossary.match import Match

_FOUND = re.compile(r"X\s?T\s?(\d+)\s?X(?=(\w?))", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?(?!\w)")


def placeholder(number: int) -> str:
    return f"XT{number}X"


@dataclass
class Protected:
    text: str
    slots: list[tuple[str, str]]  # (placeholder, target form)


def protect(sentence: str, matches: list[Match], language: str) -> Protected:
    """Replace each matched term that has a form in `language` by a placeholder."""
    out, slots, last = [], [], 0
    for match in matches:
        form = match.term.target(language)
        if form is None:
            continue
        if form == match.term.source:
            form = match.text  # "=": keep the source exactly as written
        token = placeholder(len(slots) + 1)
        out.append(sentence[last:match.start])
        out.append(token)
        slots.append((token, form))
        last = match.end
        # "Kerry's": the possessive goes under the placeholder too (Apertium turned "XT2X's" into "XT2Xha").
        possessive = _POSSESSIVE.match(sentence, last)
        if possessive:
            last = possessive.end()
    out.append(sentence[last:])
    return Protected("".join(out), slots)


def restore(translation: str, protected: Protected) -> tuple[str, list[int]]:
    """Put the target forms back; return the text and the slots (0-based) whose placeholder the engine lost."""
    forms = {int(token[2:-1]): form for token, form in protected.slots}
    seen: set[int] = set()

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number not in forms:
            return match.group(0)
        seen.add(number)
        # An engine that glued a word onto the placeholder ("XT2Xha") gets its space back.
        return forms[number] + (" " if match.group(2) else "")

    text = _FOUND.sub(put_back, translation)
    return text, [number - 1 for number in forms if number not in seen]
