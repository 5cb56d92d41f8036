"""Which blocks of a web page are the story: trafilatura's main-content extraction decides, the HTML reader keeps
its own blocks (kinds, inline markup, source lines) and drops those trafilatura left out (menus, related links,
share buttons, read times, cookie banners)."""

from __future__ import annotations

import re
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+")
# Below this many paragraphs trafilatura has found no structure (it hands back the page's whole text as one line
# on a short page): the reader then keeps what its own rules keep.
MIN_LINES = 3
# A block this long that sits inside one of trafilatura's lines is story text (trafilatura joins a paragraph's
# pieces differently at times); a shorter one must be a whole line, so "Share" inside "Share prices fell" is not.
MIN_INSIDE = 40
COVERED = 0.6


def key(text: str) -> str:
    """Text compared without case, spaces, punctuation or markup: trafilatura and the reader join pieces apart."""
    return _NOT_WORD.sub("", text).casefold()


class MainContent:
    """The story's paragraphs as trafilatura extracted them, as keys; `keeps(text)` says if a block is one."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = [k for k in map(key, lines) if k]
        self.whole = set(self.lines)
        self.joined = "\n".join(self.lines)

    def keeps(self, text: str) -> bool:
        found = key(text)
        if not found:
            return False
        if found in self.whole or (len(found) >= MIN_INSIDE and found in self.joined):
            return True
        # A block trafilatura cut in lines (a quote or embedded post with <br>s): its lines make up most of it.
        covered = sum(len(line) for line in self.lines if len(line) >= MIN_INSIDE and line in found)
        return covered >= COVERED * len(found)


@lru_cache(maxsize=2)  # read_article reads a page twice when it detects the language: extract it once
def main_content(html: str) -> MainContent | None:
    """The main content of a page, or None where trafilatura finds too little to tell story from chrome."""
    import trafilatura  # lazy: lxml and its extraction rules load in ~0.3 s

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               deduplicate=False)
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return MainContent(lines) if len(lines) >= MIN_LINES else None
