"""Bounded nesting: an article whose HTML elements or JSON arrays nest deeper than any real page is refused by
name before it is parsed. Deep trees cost the HTML parser quadratic time (100,000 nested <div>: 40 s) and the
recursive readers their stack (500 nested <em> ended the whole batch with a RecursionError)."""

from __future__ import annotations

import re

from translator.errors import NestingTooDeep

# Real news pages nest 20-40 elements deep; browsers stop nesting at 512. Well below Python's recursion limit.
MAX_DEPTH = 200

# Elements with no content, and those whose end tag may be left out (an unclosed <p> or <li> nests nothing in
# the parser): neither counts as a level.
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "basefont", "bgsound", "frame", "keygen", "image", "isindex", "menuitem"))
_OPTIONAL_END = frozenset(("p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
                           "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body"))
_FOREIGN = frozenset(("svg", "math"))
# Comments, doctypes and CDATA first (their insides are no tags); raw text elements skip to their end tag.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>"
    r"|<(script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)


def _refuse(where: str, text: str, offset: int, what: str) -> NestingTooDeep:
    line = text.count("\n", 0, offset) + 1
    return NestingTooDeep(f"{where}:{line}: {what} nest more than {MAX_DEPTH} deep (no real article does); "
                          "the file is broken or crafted: fix or remove it")


def check_markup(text: str, where: str) -> None:
    """Raise NestingTooDeep when HTML elements in `text` nest more than MAX_DEPTH deep (one linear pass)."""
    if text.count("<") <= MAX_DEPTH:
        return  # too few tags to nest that deep
    depth = foreign = 0
    for match in _TOKEN.finditer(text):
        name = (match.group(3) or "").lower()
        if not name or name in _VOID or name in _OPTIONAL_END:
            continue
        if match.group(2):
            depth = max(depth - 1, 0)
            foreign = max(foreign - (name in _FOREIGN), 0)
            continue
        # "<div/>" opens a div in HTML (the slash is ignored); only SVG and MathML elements close with it.
        if (foreign or name in _FOREIGN) and match.group(4).rstrip().endswith("/"):
            continue
        foreign += name in _FOREIGN
        depth += 1
        if depth > MAX_DEPTH:
            raise _refuse(where, text, match.start(), "HTML elements")


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def check_json(text: str, where: str) -> None:
    """Raise NestingTooDeep when JSON arrays and objects in `text` nest more than MAX_DEPTH deep."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _refuse(where, text, match.start(), "JSON arrays and objects")
        elif token in "]}":
            depth -= 1
