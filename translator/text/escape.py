"""Escaping by output kind, in one place: Markdown text, URLs an edition may link to, text for a terminal.

Article text, glossary forms and reviewers' msgstrs are untrusted: whatever file or screen they reach, they must
arrive as the words they are, never as markup, a script link or a terminal command.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

# --- URLs -------------------------------------------------------------------------------------------------------

SAFE_SCHEMES = ("", "http", "https", "mailto")
# Characters a url may hold but that would end an attribute, a Markdown link or a JSON consumer's naive template:
# percent-encoded, so the link still goes where it pointed.
_URL_QUOTED = {'"': "%22", "'": "%27", "<": "%3C", ">": "%3E", "`": "%60", "\\": "%5C", " ": "%20"}


def safe_url(url: str) -> str | None:
    """The url when an edition may link to it: http(s), mailto or relative, with quotes and brackets
    percent-encoded; None for javascript:, data: and the like, and for any url holding a control character."""
    url = str(url).strip()
    # Browsers drop tabs and newlines inside a url ("java\tscript:"), so a url holding any is refused.
    if not url or any(_is_control(ch) or (ch.isspace() and ch != " ") for ch in url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in SAFE_SCHEMES:
        return None
    return "".join(_URL_QUOTED.get(ch, ch) for ch in url)


# --- Markdown ---------------------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~#|!])")
# What would open a block at the start of a line: a heading, list, quote, thematic break or setext underline.
_BLOCK_START = re.compile(r"^([-+=]|\d{1,9}(?=[.)]))")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that renders to the same words on one line: no HTML, link, emphasis, heading or
    list can come out of it."""
    text = " ".join(strip_controls(text).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\", text)


# --- Terminal ---------------------------------------------------------------------------------------------------

# ESC sequences (CSI ... final, OSC ... BEL/ST, and two-character ones) first, so their parameters go with them.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"                    # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window title, clipboard (52), hyperlinks (8)
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"     # DCS, SOS, PM, APC strings
    r"|\x9b[0-?]*[ -/]*[@-~]"                     # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC
    r"|\x1b[ -~]?"                                 # any other ESC and the character it introduces
)
# Bidi embeddings, overrides and isolates: they reorder what follows on the line ("Trojan Source").
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_KEPT_CONTROLS = "\n\t"


def _is_control(ch: str, bidi: bool = True) -> bool:
    code = ord(ch)
    return code < 32 or 127 <= code < 160 or (bidi and ch in _BIDI)


@lru_cache(maxsize=16)
def _controls(keep: str, bidi: bool) -> re.Pattern[str]:
    """One character class of what _is_control finds, less `keep`: every article is read through it, so the scan is
    the regex engine's, not a Python call per character."""
    found = [chr(code) for code in (*range(32), *range(127, 160))] + (list(_BIDI) if bidi else [])
    return re.compile("[" + "".join(re.escape(ch) for ch in found if ch not in keep) + "]")


def strip_controls(text: str, keep: str = _KEPT_CONTROLS, *, bidi: bool = True) -> str:
    """`text` without terminal escape sequences, C0/C1 control characters and (unless bidi=False, for files whose
    right-to-left text may need them) bidi overrides; newline and tab kept by default."""
    return _controls(keep, bidi).sub("", _ESCAPE_SEQUENCE.sub("", str(text)))


def terminal(text: str) -> str:
    """Text safe to print to a terminal: the words, none of the sequences that set titles, clipboards or colours."""
    return strip_controls(text)


def json_for_terminal(dumped: str) -> str:
    """A json.dumps(ensure_ascii=False) document with C1 controls and bidi overrides written as \\u escapes
    (json.dumps escapes C0 itself), so the same data reaches a script and no terminal acts on it."""
    return "".join(f"\\u{ord(ch):04x}" if _is_control(ch) and ch not in "\n" else ch for ch in dumped)
