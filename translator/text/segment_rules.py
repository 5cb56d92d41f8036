"""What the sentence splitter (sentencex) gets wrong, measured on pySBD's own test cases (README, "Sentence
splitter: the comparison"), put right around it:

- in-line numbered and lettered lists ("1. The first item. 2. The second item.", "a. … b. …"): sentencex makes a
  lone "1." a unit, or runs the items together;
- a full stop glued to the next word ("…2.Carne, 3.Arroz."): sentencex splits after "3.";
- Arabic script (ar, fa, ur): "؟" and the Arabic full stop "۔" end a sentence; Arabic and Persian prose runs
  clauses together with a colon, and Arabic with its comma "،", where pySBD (and the desk) cut a unit.
"""

from __future__ import annotations

import re

# An item marker of an in-line list: "1. ", "12. ", "a. ", with a bullet before it ("• 9. ", "⁃10. ").
_MARKER = re.compile(r"(?:(?<=\s)|^)((?:[•⁃▪◦]\s?)?(\d{1,3}|[a-z])\.\s)")
# A list's first item starts the paragraph, follows a colon or a sentence's end, or has a bullet.
_LIST_START = (":", ".", "!", "?")
# A full stop with no space after it ends no sentence: "…3.Arroz" (a number glued to the next word), "د\u202a.\u202c"
# (an Arabic abbreviation's stop wrapped in bidi marks).
_GLUED_STOP = re.compile(r"\.[\u202a-\u202e\u2066-\u2069]?$")
_NO_SPACES = {"zh", "ja", "th", "lo", "km", "my", "bo"}  # scripts with no space between sentences

ARABIC_SCRIPT = {"ar", "fa", "ur", "ps", "ckb", "sd", "ug"}
_ARABIC_END = re.compile(r"(?<=[؟۔])\s+")
# A colon ends a clause-unit unless it stands between digits (05:01) or opens a quote ("قال: «…»").
_ARABIC_COLON = re.compile(r"(?<=\D:)\s+(?![«\"“\d])")
# pySBD's Arabic rule: a comma ends a unit, except in a list (the next word ends with a comma too).
_ARABIC_COMMA = re.compile(r"(?<=،)\s+(?!\S+،)")


def _value(marker: str) -> int:
    token = marker.strip(" •⁃▪◦.\t")
    return int(token) if token.isdigit() else ord(token) - ord("a") + 1


def list_items(text: str) -> list[tuple[str, str]]:
    """The paragraph cut before each marker of an in-line list: (marker as written, the item's text); the text
    before the list has no marker. A list is two or more markers counting up by one (1., 2. or a., b.), its first
    at the start, after a colon or sentence end, or bulleted; a paragraph with none is one piece."""
    markers = list(_MARKER.finditer(text))
    run: list[re.Match[str]] = []
    for match in markers:
        before = text[:match.start()].rstrip()
        starts = not before or before.endswith(_LIST_START) or match.group(1)[0] in "•⁃▪◦"
        if run and _value(match.group(1)) == _value(run[-1].group(1)) + 1:
            run.append(match)
        elif len(run) < 2:
            run = [match] if starts else []
        else:
            break
    if len(run) < 2:
        return [("", text)]
    pieces = [("", text[:run[0].start()].strip())] if text[:run[0].start()].strip() else []
    for match, following in zip(run, [*run[1:], None]):
        end = following.start() if following is not None else len(text)
        pieces.append((match.group(1), text[match.end():end].strip()))
    return pieces


def join_glued(units: list[str], text: str, language: str) -> list[str]:
    """Units the splitter cut where the text has no space ("3." | "Arroz."), put back together."""
    if language in _NO_SPACES or len(units) < 2:
        return units
    out: list[str] = []
    position = 0
    for unit in units:
        start = text.find(unit, position)
        # glued to a word ("3.Arroz."), not to closing markup ("minister.* The talks": the span's end)
        glued = out and start > 0 and start == position and unit[:1] not in "*_`)]" and _GLUED_STOP.search(out[-1])
        if glued:
            out[-1] += unit
        else:
            out.append(unit)
        position = start + len(unit) if start >= 0 else position
    return out


def arabic_script_units(sentence: str, language: str) -> list[str]:
    """A sentence of Arabic-script text cut where its punctuation ends a unit (see the module's note)."""
    if language not in ARABIC_SCRIPT:
        return [sentence]
    pieces = _ARABIC_END.split(sentence)
    if language in ("ar", "fa"):
        pieces = [part for piece in pieces for part in _ARABIC_COLON.split(piece)]
    if language == "ar":
        pieces = [part for piece in pieces for part in _ARABIC_COMMA.split(piece)]
    return [piece.strip() for piece in pieces if piece.strip()]
