"""The document model every stage shares: Article, Block, BlockKind, and the translated Edition."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class BlockKind(StrEnum):
    """What a block is in a news article."""

    HEADLINE = "headline"
    SUBHEADLINE = "subheadline"
    CAPTION = "caption"
    LEAD = "lead"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    CREDIT = "credit"
    BYLINE = "byline"
    IMAGE = "image"
    BOILERPLATE = "boilerplate"
    CORRECTION = "correction"    # an editor's correction note, added by the pipeline while an advisory stands
    WITHDRAWAL = "withdrawal"    # the approved kill notice that replaces a withdrawn edition
    CODE = "code"                # a code block: published as written, never sent to an engine
    RULE = "rule"                # a thematic break (Markdown `---`)
    HTML = "html"                # an HTML block of a Markdown article: kept as written (shown as code), a warning
    EMPTY = "empty"              # an empty Markdown list item or quote: nothing but its bullet, number or `>`

    @property
    def structure_only(self) -> bool:
        """Markdown structure with no words of its own (code, a thematic break, an HTML block, an empty item):
        every edition shows its source, and no desk rule reads it."""
        return self in (BlockKind.CODE, BlockKind.RULE, BlockKind.HTML, BlockKind.EMPTY)

    @property
    def translatable(self) -> bool:
        return self not in (BlockKind.BOILERPLATE, BlockKind.BYLINE, BlockKind.IMAGE, BlockKind.WITHDRAWAL) \
            and not self.structure_only

    @property
    def kept_as_written(self) -> bool:
        """Published in every edition as in the source: a name is not translated, an image and Markdown structure
        have no text to translate."""
        return self in (BlockKind.BYLINE, BlockKind.IMAGE) or self.structure_only


@dataclass(frozen=True)
class Container:
    """A Markdown container a block stands in: a block quote, a list or a list item (outermost first in
    Block.containers). `ident` tells two quotes or lists in a row apart."""

    kind: str            # "quote", "list" or "item"
    ident: int
    marker: str = ""     # a list's bullet ("-", "*", "+") or an ordered list's delimiter ("." or ")")
    number: int = 0      # an ordered list item's number (0 in a bullet list)
    tight: bool = True   # a list whose items have no blank lines between them

    @property
    def ordered(self) -> bool:
        """An ordered list or one of its items: its marker is a number's delimiter."""
        return self.marker in (".", ")")

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "id": self.ident, **({"marker": self.marker} if self.marker else {}),
                **({"number": self.number} if self.number else {}),
                **({"tight": self.tight} if self.kind == "list" else {})}


def shared_containers(before: tuple[Container, ...], after: tuple[Container, ...]) -> int:
    """How many of their outermost containers two blocks in a row share: the quotes and lists the second stays in."""
    shared = 0
    while shared < min(len(before), len(after)) and before[shared].ident == after[shared].ident:
        shared += 1
    return shared


@dataclass
class Block:
    """One block of an article with its sentences and where it stood in the source file."""

    kind: BlockKind
    text: str
    sentences: list[str] = field(default_factory=list)
    line: int = 0  # 1-based line of the source file where the block starts (0 when unknown)
    attrs: dict[str, str] = field(default_factory=dict)  # what is not text: an image's url, alt and title
    containers: tuple[Container, ...] = ()  # the Markdown quotes and lists the block stands in, outermost first
    dateline: str = ""  # a lead's dateline as written ("BRUSSELS -- "), found by the reader rules
    # The desk's per-language text of a block is no part of it: desk/blocks.py DeskText, beside the article.


@dataclass
class Article:
    """A source article: what readers produce and every later stage consumes."""

    slug: str
    path: str
    blocks: list[Block]
    language: str | None = None
    language_confidence: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def translatable_blocks(self) -> list[Block]:
        return [block for block in self.blocks if block.kind.translatable]

    def units(self) -> list[str]:
        """Every sentence that goes to translation, in order (duplicates kept)."""
        return [s for block in self.translatable_blocks() for s in block.sentences]

    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.translatable_blocks())

    def revision(self) -> str:
        """A short hash of the source text as written (correction notes and boilerplate left out), so an edition
        and a catalog can say which version of the story they translate."""
        digest = hashlib.sha256()
        for block in self.blocks:
            if block.kind not in (BlockKind.BOILERPLATE, BlockKind.CORRECTION, BlockKind.WITHDRAWAL):
                digest.update(f"{block.kind.value}\0{block.text}\0".encode())
        return digest.hexdigest()[:12]


@dataclass
class EditionBlock:
    """A block of an edition: the source block and its sentences in the target language."""

    kind: BlockKind
    source: str
    source_sentences: list[str]
    target_sentences: list[str]
    target: str
    attrs: dict[str, str] = field(default_factory=dict)
    containers: tuple[Container, ...] = ()

    @property
    def text(self) -> str:
        """What an edition shows: the translation, or the source for a block kept as written."""
        return self.source if self.kind.kept_as_written else self.target


@dataclass(frozen=True)
class Provenance:
    """What produced an edition's text: built where the text came from, stored with its catalog."""

    route: str                      # "apertium:en-es", "argos:ru-en > argos:en-uk", "human", "source"
    models: tuple[str, ...] = ()
    glossary_checksum: str = "none"
    source_file: str = ""
    time: str = ""                  # when the edition was published (ISO 8601, UTC)
    tool: str = "translator"
    version: str = ""
    policy: str = ""                # the publication policy the edition met: qa, approved-only, machine
    revision: str = ""              # Article.revision() of the source the edition translates

    def as_dict(self) -> dict[str, Any]:
        return {"tool": self.tool, "version": self.version, "route": self.route, "models": list(self.models),
                "glossary_checksum": self.glossary_checksum, "source_file": self.source_file, "time": self.time,
                "policy": self.policy, "revision": self.revision}

    def short(self) -> str:
        """One line for the plain editions."""
        models = f" ({'; '.join(self.models)})" if self.models else ""
        policy = f", policy {self.policy}" if self.policy else ""
        return f"{self.tool} {self.version}: {self.route}{models}, glossary {self.glossary_checksum}{policy}, " \
               f"{self.time}"


@dataclass
class Edition:
    """An article in one target language, ready for the edition writers."""

    article: Article
    language: str
    blocks: list[EditionBlock]
    provenance: Provenance
    reviewed: bool = True                # False while any unit is unreviewed machine text: editions say so
    alternates: tuple[str, ...] = ()     # the languages the article is published in, for hreflang links
    html_template: Path | None = None    # the desk's template for the HTML edition (None: the built-in one)

    @property
    def headline(self) -> str:
        for block in self.blocks:
            if block.kind is BlockKind.HEADLINE:
                return block.target
        return self.article.slug
