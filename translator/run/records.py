"""What the run's stages hand each other: the mode, the plan and its pairs, a pair's batch, an article's
outcome; a unit's block kind and catalog context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from translator.advisories.log import AdvisoryState
from translator.article import Article, Block, BlockKind, Provenance
from translator.checks.route_quality import PROMINENT_KINDS
from translator.engines.routes import EngineSet, NoRoute, Route
from translator.findings import Note
from translator.glossary.match import Matcher
from translator.job import Job
from translator.languages import fallback_tags
from translator.memory.catalog import Key, State, Translation, Unit
from translator.review.assess import Assessment
from translator.run.state import Record

HEADINGS = (BlockKind.HEADLINE, BlockKind.SUBHEADLINE)
# Where a wrong word costs most: back-translated by default ([checks] back_translation = "prominent"), held on a
# route below the route floor; one list, the route floor's.
PROMINENT = {BlockKind(kind) for kind in PROMINENT_KINDS}


class Mode(StrEnum):
    """What a run may do."""

    TRANSLATE = "translate"                 # look up, translate what is missing, publish
    PUBLISH = "publish"                     # from the catalogs only: no engine is built or called
    PUBLISH_APPROVED = "publish-approved"   # from the catalogs, only editions whose every unit is approved


@dataclass(frozen=True)
class PairWork:
    """The articles of one source language on their way into one target language."""

    source: str
    target: str
    articles: tuple[Article, ...]
    route: Route | NoRoute | None   # None: publishing from the catalogs, no route is resolved
    provenance: Provenance          # what this run's engine text for the pair is stamped with
    matcher: Matcher | None         # the glossary, when its source language is this pair's
    reverse: Route | None = None    # target -> source, for back-translating machine text

    @property
    def copies_source(self) -> bool:
        """The source already is the target language (pt for pt, or for pt-BR): its text is the edition's."""
        return self.source in fallback_tags(self.target)


@dataclass(frozen=True)
class Plan:
    job: Job
    mode: Mode
    engines: EngineSet
    matcher: Matcher | None
    articles: tuple[Article, ...]
    units: Mapping[str, list[Unit]]   # slug -> its units, in article order
    engine_text: Mapping[str, str]    # source sentence -> what the engine is given, where it differs
    pairs: tuple[PairWork, ...]
    advisories: Mapping[str, AdvisoryState] = field(default_factory=dict)   # slug -> what the desk said
    inputs: Mapping[str, str] = field(default_factory=dict)    # input file -> hash of its bytes
    skipped: tuple[Record, ...] = ()   # articles nothing about has changed since their last run (runstate)
    job_key: str = ""
    pair_keys: Mapping[tuple[str, str], dict] = field(default_factory=dict)   # (source, target) -> fingerprint
    found_at: Mapping[str, str] = field(default_factory=dict)  # slug -> its input file

    @property
    def total(self) -> int:
        return (len(self.articles) + len(self.skipped)) * len(self.job.targets)


def unit_context(article: Article, block: Block) -> str:
    return f"{article.slug}/{block.kind.value}"


@dataclass(frozen=True)
class PairBatch:
    """A pair's catalogs looked up and its pending sentences translated: what its articles are settled from."""

    found: Mapping[str, Mapping[Key, Translation]]
    errors: Mapping[str, str]
    batch: Batch


def unit_kind(unit: Unit) -> BlockKind:
    return BlockKind(unit.context.rpartition("/")[2])


@dataclass(frozen=True)
class Batch:
    """What the engines made of one pair's pending sentences."""

    texts: Mapping[str, str] = field(default_factory=dict)   # source sentence -> translation
    notes: Mapping[str, Note] = field(default_factory=dict)  # source sentence -> how glossary protection changed it
    back: Mapping[str, str] = field(default_factory=dict)    # source sentence -> its translation translated back
    failed: Mapping[str, str] = field(default_factory=dict)  # source sentence -> why the engine could not translate it
    confidence: Mapping[str, float] = field(default_factory=dict)  # source sentence -> the engines' score of it
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class Outcome:
    """One article in one language once its text is known: nothing here has touched a file."""

    article: Article
    units: tuple[Unit, ...]                       # one per catalog entry (a repeated sentence once)
    translations: Mapping[Key, Translation]
    notes: Mapping[Key, tuple[Note, ...]]
    assessments: Mapping[Key, Assessment]         # findings and risk of every unit with a text
    term_forms: tuple[tuple[str, str], ...]       # (glossary term, form found; "" when missed)
    error: str | None = None                      # an engine or catalog failure
    catalog_failed: bool = False                  # its catalog cannot be read: nothing may be written
    no_route: str | None = None                   # why no engine serves the pair, when none does

    def count(self, state: State) -> int:
        return sum(1 for t in self.translations.values() if t.state is state)

    def new_sources(self) -> list[str]:
        return [key[1] for key, t in self.translations.items() if t.state is State.NEW]

    def blocked(self) -> list[Key]:
        """Units whose machine text a check would hold (a human-approved text never is)."""
        return [key for key, a in self.assessments.items() if a.blocking]
