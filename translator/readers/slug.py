"""Article slugs: they name an article's editions and catalogs on disk, so they are short, plain and safe."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from translator.errors import BadSlug

MAX_CHARS = 120
# output/<lang>/.<slug>.published.json must fit the 255-byte file name limit with Cyrillic (2 bytes a letter).
MAX_BYTES = 200
_PATH = re.compile(r"[/\\\x00]|\.\.")


def _word_char(ch: str) -> bool:
    # Letters, digits and combining marks (Devanagari vowel signs are marks, not letters).
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def slugify(name: str, where: str, *, hint: str = "rename the file") -> str:
    """A slug of lower-case words joined by '-', at most MAX_CHARS / MAX_BYTES, or BadSlug naming `where`."""
    text = unicodedata.normalize("NFKC", name).lower()
    words = "".join(ch if _word_char(ch) else " " for ch in text if unicodedata.category(ch) != "Cf").split()
    slug = "-".join(words).strip("_")
    if not any(ch.isalnum() for ch in slug):
        raise BadSlug(f"{where}: {name!r} gives no slug (no letters or digits); {hint}")
    if len(slug) <= MAX_CHARS and len(slug.encode()) <= MAX_BYTES:
        return slug
    # Cut at a word and add a hash of the whole, so two long headlines that start alike stay apart.
    digest = hashlib.sha256(slug.encode()).hexdigest()[:8]
    cut = slug[: MAX_CHARS - 9]
    while len(cut.encode()) > MAX_BYTES - 9:
        cut = cut[:-1]
    if "-" in cut[len(cut) // 2:]:
        cut = cut[: cut.rindex("-")]
    return f"{cut.rstrip('-_')}-{digest}"


def export_slug(value: object, where: str) -> str:
    """The slug a CMS export gives: a plain name, never a path."""
    hint = 'give a plain name like "nato-talks"'
    if not isinstance(value, str):
        raise BadSlug(f'{where}: "slug" must be a string; {hint}')
    if _PATH.search(value):
        raise BadSlug(f'{where}: "slug" {value!r} is a path, not a name; {hint}')
    return slugify(value, where, hint=hint)
