"""One CommonMark parser per thread: building one compiles its rule chains, which cost more than parsing a
sentence. A parser is reused within its thread only (the pipeline parses in two threads at once)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_LOCAL = threading.local()
# markdown-it stops reading at 20 levels of quotes and lists (its guard against runaway input); an article's
# 20-deep quote is read, and the Markdown reader warns where even this is reached.
MAX_NESTING = 100


def parser() -> MarkdownIt:
    found = getattr(_LOCAL, "parser", None)
    if found is None:
        from markdown_it import MarkdownIt  # lazy: `translator --help` does not need it

        found = _LOCAL.parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING})
    return found
