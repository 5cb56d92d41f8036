"""run(job, mode) -> RunReport: the only module that knows the whole flow. It reads in call order:

    run ─► plan_run: articles, glossary, units, one PairWork per language pair (route and provenance resolved once)
        ─► work_on_pair, per pair: look_up (catalogs) ─► translate_pending (one engine batch for the pair)
               ─► per article: settle (pure: translations, notes, findings) ─► deliver (catalog, status, edition)
        ─► report.json, the glossary matrix and the feeds
Advisories (corrections, kills, holds: translator/advisories/log.py) are read in plan_run, and again under the log's
lock in each delivery and at the end: a kill or hold recorded during the run wins over what the run would publish.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from translator import __version__
from translator.advisories.desk import feed_marks, withdraw
from translator.advisories.log import AdvisoryState, advisory_state, live_state, log_lock
from translator.advisories.texts import CORRECTION, approved_texts, correction_line, missing_text
from translator.article import Article, Block, BlockKind, Edition, EditionBlock, Provenance
from translator.desk import blocks as desk_blocks
from translator.engines import Engine, create_engine
from translator.engines.base import confidence_of
from translator.engines.routes import EngineSet, NoRoute, Route, Step, engine_names, resolve_route
from translator.errors import (
    EngineError,
    LanguageDetectionError,
    PartiallyPublished,
    ReaderError,
    TranslatorError,
    UnknownLanguage,
)
from translator.execute import Executor, Failed, InProcessExecutor
from translator.findings import Finding, Note, NoteKind, Severity
from translator.fsutil import flush_unsynced, sweep_stale_temps
from translator.glossary import Glossary, load_glossaries
from translator.glossary.enforce import enforce, strategy_for, verify
from translator.glossary.match import Matcher, merge_split_terms
from translator.job import Job
from translator.languages import fallback_tags
from translator.memory.catalog import EMPTY, Key, Memory, State, Translation, Unit, catalog_path, catalog_stamp
from translator.publish import publish_edition, withdraw_edition
from translator.publish.feed import write_feeds
from translator.publish.glossary_matrix import write_matrix
from translator.readers import read_article
from translator.review.assess import Assessment, assess_unit
from translator.review.queue import write_review
from translator.review.risk import unit_risk
from translator.run.gone_inputs import withdraw_gone
from translator.run.report import Row, RunReport, Status
from translator.run.state import Record, RunState, file_digest, fingerprint, job_key
from translator.text import inline, wordlists
from translator.text.segment import capitalized_words, join_sentences, sentence_case, split_sentences

Progress = Callable[[str, str, int], None]  # (article, language, total units of work)
HEADINGS = (BlockKind.HEADLINE, BlockKind.SUBHEADLINE)
# Where a wrong word costs most: back-translated by default ([checks] back_translation = "prominent").
PROMINENT = {BlockKind.HEADLINE, BlockKind.SUBHEADLINE, BlockKind.LEAD, BlockKind.CAPTION, BlockKind.QUOTE}


class Mode(StrEnum):
    """What a run may do."""

    TRANSLATE = "translate"                 # look up, translate what is missing, publish
    PUBLISH = "publish"                     # from the catalogs only: no engine is built or called
    PUBLISH_APPROVED = "publish-approved"   # from the catalogs, only editions whose every unit is approved


def run(job: Job, mode: Mode = Mode.TRANSLATE, *, engines: Mapping[str, Engine] | None = None,
        progress: Progress | None = None, executor: Executor | None = None) -> RunReport:
    """Run a job: every article into every target language, under `mode`; engine work on `executor`
    (a Dask cluster, see translator.execute), in this process when None."""
    report = RunReport()
    for folder in (job.output, job.locales):
        sweep_stale_temps(folder)  # what a killed run left behind
    state = RunState(job.output)
    held_before = state.held()
    plan = plan_run(job, mode, engines, report, state)
    runner = EngineRunner(plan.engines, report.engine_calls, executor)
    term_forms: dict[str, dict[str, set[str]]] = {}  # glossary term -> language -> forms ("" = missed)
    try:
        work_on_pairs(plan, runner, report, state, term_forms, progress)
    finally:
        plan.engines.close()  # the engine work is done: replaying and publishing need no engine
    processed_held = any(row.status is Status.HELD for row in report.rows)
    for row, forms in replay_skipped(plan):
        report.rows.append(row)
        _add_forms(term_forms, row.language, forms)
        if progress:
            progress(row.article, row.language, plan.total)
    report.executor = runner.executor.describe()  # after the work: it counts the chunks
    gone, kept = withdraw_gone(job.output, state, plan.inputs, [*(a.slug for a in plan.articles),
                                                                  *(r.slug for r in plan.skipped)],
                               [failure["article"] for failure in report.failures])
    report.rows.extend(gone)  # a renamed or removed input: its editions are withdrawn
    finish_run(plan, report, state, term_forms, kept)
    held = {(row.article, row.language) for row in report.rows if row.status is Status.HELD}
    if held and (processed_held or held != held_before):  # else the pages of the last run still stand
        write_review(job, only=held)  # the held drafts, for the reviewers
    return report


def work_on_pairs(plan: Plan, runner: EngineRunner, report: RunReport, state: RunState,
                  term_forms: dict[str, dict[str, set[str]]], progress: Progress | None) -> None:
    """Every language pair in turn; a failure that stops the run after files went out says so (PARTIAL).

    While one pair's articles are judged and written (Python, one core), the next pair's engine work already runs
    in a second thread (an engine process or native library on the other core). Engines are still called one
    pair at a time; a pair whose target the current pair also writes waits its turn (they share a Memory)."""
    memories: dict[str, Memory] = {}

    def memory_of(pair: PairWork) -> Memory:
        return memories.setdefault(pair.target, Memory(plan.job.locales, pair.target))

    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="next-pair") as ahead:
            coming: Future[PairBatch] | None = None
            for index, pair in enumerate(plan.pairs):
                memory = memory_of(pair)
                work = coming.result() if coming is not None else translate_pair(plan, pair, memory, runner)
                later = plan.pairs[index + 1:]
                language_ends = not later or later[0].target != pair.target
                coming = ahead.submit(translate_pair, plan, later[0], memory_of(later[0]), runner) \
                    if later and language_ends else None
                for row, outcome in deliver_pair(plan, pair, memory, work):
                    report.rows.append(row)
                    remember(plan, pair, row, outcome, state, memory.seen(row.article))
                    memory.forget(row.article)
                    _add_forms(term_forms, pair.target, outcome.term_forms)
                    if progress:
                        progress(row.article, row.language, plan.total)
                if language_ends:
                    _let_go(memories, pair.target, later)
    except TranslatorError as exc:
        published = sum(len(row.files) for row in report.rows)
        if published:
            raise PartiallyPublished(f"{exc} (after {published} files were published)") from exc
        raise


def _let_go(memories: dict[str, Memory], language: str, later: Sequence[PairWork]) -> None:
    """Memory follows the pair at hand, not the number of languages: the language's catalogs (unless a later pair
    writes it too) and the word lists the checks loaded."""
    if all(pair.target != language for pair in later):
        memories.pop(language, None)
    wordlists.release()


def _add_forms(term_forms: dict[str, dict[str, set[str]]], language: str, forms: Iterable[tuple[str, str]]) -> None:
    for term, form in forms:
        term_forms.setdefault(term, {}).setdefault(language, set()).add(form)


def finish_run(plan: Plan, report: RunReport, state: RunState, term_forms: dict[str, dict[str, set[str]]],
               kept: Iterable[str] = ()) -> None:
    """The run's own files: glossary matrix, feeds, run state (of this run's inputs and the `kept` records of
    files it did not read), report.json."""
    job = plan.job
    if plan.matcher is not None:
        glossary = plan.matcher.glossary
        write_matrix(matrix_cells(term_forms, job.targets, glossary), job.targets, job.output, glossary.checksum)
    with log_lock(job.output):  # the feeds and the report as the desk's advisories stand at the end
        advisories = live_state(job.output)
        heed_late_advisories(plan, report, advisories)
        write_feeds(job.output, job.targets, feed_marks(advisories))
        flush_unsynced()  # the editions are on disk before the run state says they are
        if warning := state.save([*plan.inputs, *kept]):
            report.warnings.append(warning)
        report.write(job.output / "report.json")


def heed_late_advisories(plan: Plan, report: RunReport, advisories: Mapping[str, AdvisoryState]) -> None:
    """A kill or hold recorded while the run went on: the rows of a killed story published before it say
    withdrawn (the kill took those editions down), and the report warns of each."""
    for slug, state in advisories.items():
        before = plan.advisories.get(slug)
        if not (state.killed or state.held) or len(state.history) == len(before.history if before else ()):
            continue  # nothing new since the run began, or nothing that stops a story
        rows = [row for row in report.rows if row.article == slug]
        if not rows:
            continue
        what = "killed" if state.killed else "held"
        report.warnings.append(f"{slug}: {what} by advisory at {state.time} while the run went on"
                               + (": its editions are withdrawn" if state.killed else ": nothing new was published "
                                  "after it; what was out stays out"))
        for row in rows if state.killed else ():
            if row.status is Status.OK:  # the kill took it down already, unless given for other languages
                row.withdrawn = [*row.withdrawn, *row.files, *map(str, withdraw(plan.job, slug, row.language))]
                row.files = []
            row.status, row.error = Status.WITHDRAWN, f"withdrawn by advisory ({state.time}): {state.reason}"


# ── plan ─────────────────────────────────────────────────────────────────────────────────────────────────────

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


def plan_run(job: Job, mode: Mode, engines: Mapping[str, Engine] | None, report: RunReport,
             state: RunState | None = None) -> Plan:
    """Read everything the run needs and decide, once per language pair, how its text is produced; an article
    nothing about has changed since its last run (`state`) is not read at all."""
    engine_set = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)), engines)
    if mode is Mode.TRANSLATE:
        for name in engine_names(job.engine_order, job.routes):
            engine_set.get(name)  # an unknown engine name stops the job before anything is written
    report.warnings.extend(job.warnings)
    glossary_files = job.glossary_files()
    glossary = load_glossaries(glossary_files) if glossary_files else None
    report.warnings.extend(glossary.warnings if glossary else [])
    matcher = Matcher(glossary) if glossary else None
    state = state or RunState(job.output)
    inputs = {str(path): file_digest(path) for path in job.input_files()}
    advisories = advisory_state(job.output)
    pair_plans: dict[tuple[str, str], PairWork] = {}

    def pair_for(source: str, target: str) -> PairWork:
        if (source, target) not in pair_plans:
            pair_plans[source, target] = plan_pair(job, mode, engine_set, matcher, source, target, [])
        return pair_plans[source, target]

    settings = job_key(job, mode)
    skipped = unchanged_articles(job, state, inputs, advisories, settings, pair_for)
    found_at: dict[str, str] = {}
    articles = read_articles(job, report, matcher, state, inputs, skipped, found_at)
    for article in articles:
        add_correction_blocks(article, advisories.get(article.slug), job.correction_place)
    names = {w for t in glossary.terms if t.case != "insensitive" for w in t.source.split()} if glossary else set()
    engine_text: dict[str, str] = {}
    for article in articles:
        engine_text.update(headline_texts(article, names))
    sources = sorted({a.language for a in articles})
    pairs = tuple(
        dataclasses.replace(pair_for(source, target), articles=tuple(a for a in articles if a.language == source))
        for target in job.targets for source in sources)
    return Plan(job, mode, engine_set, matcher, tuple(articles), {a.slug: article_units(a) for a in articles},
                engine_text, pairs, advisories, inputs, tuple(skipped.values()), settings,
                {key: pair_key(pair) for key, pair in pair_plans.items()}, found_at)


def read_articles(job: Job, report: RunReport, matcher: Matcher | None, state: RunState | None = None,
                  inputs: Mapping[str, str] | None = None, skipped: Mapping[str, Record] | None = None,
                  found_at: dict[str, str] | None = None) -> list[Article]:
    """Every input article, in path order, but those `skipped`; one that cannot be read (or repeats a slug) is a
    failure, not a stop."""
    articles: dict[str, Article] = {}
    taken = {record.slug: path for path, record in (skipped or {}).items()}
    for path in job.input_files():
        if str(path) in (skipped or {}):
            continue
        detected = state.known_language(str(path), inputs[str(path)]) if state and inputs else None
        try:
            article = read_article(path, language=job.source, boilerplate=job.boilerplate_patterns,
                                   detected=detected)
        except (ReaderError, LanguageDetectionError, UnknownLanguage) as exc:
            report.failures.append({"article": str(path), "error": str(exc)})
            continue
        if path.is_relative_to(job.root):
            article.path = str(path.relative_to(job.root))  # catalogs point at file:line from the project
        if article.slug in articles or article.slug in taken:
            other = articles[article.slug].path if article.slug in articles else taken[article.slug]
            report.failures.append({"article": article.path, "error": (
                f"{article.path}: same slug {article.slug!r} as {other}; rename one of the "
                "files (or give a distinct `slug` in the JSON) so their catalogs and editions stay apart")})
            continue
        if matcher is not None and article.language == matcher.glossary.source_language:
            for block in article.translatable_blocks():
                block.sentences = merge_split_terms(block.sentences, matcher)
        report.warnings.extend(desk_blocks.prepare(article, job.targets, job.credit_templates, matcher))
        report.warnings.extend(article.warnings)
        if found_at is not None:
            found_at[article.slug] = str(path)  # its key in the run state
        articles[article.slug] = article
    return list(articles.values())


def article_units(article: Article) -> list[Unit]:
    units = []
    for position, block in enumerate(article.blocks, start=1):
        if not block.kind.translatable:
            continue
        for number, sentence in enumerate(block.sentences, start=1):
            units.append(Unit(
                source=sentence,
                context=unit_context(article, block),
                comment=f"{block.kind.value}, block {position}, sentence {number}",
                occurrence=(article.path, str(block.line or 0)),
            ))
    return units


def unit_context(article: Article, block: Block) -> str:
    return f"{article.slug}/{block.kind.value}"


def headline_texts(article: Article, glossary_names: set[str]) -> dict[str, str]:
    """English Title Case headlines in sentence case for the engines; the catalogs keep them as written."""
    if article.language != "en":
        return {}
    body = [s for b in article.translatable_blocks() if b.kind not in HEADINGS for s in b.sentences]
    body += [b.dateline for b in article.blocks if b.dateline]  # a place, though no longer in a sentence
    names = capitalized_words(body) | glossary_names
    out = {}
    for block in article.blocks:
        if block.kind in HEADINGS:
            for sentence in block.sentences:
                if (cased := sentence_case(sentence, names)) != sentence:
                    out[sentence] = cased
    return out


def plan_pair(job: Job, mode: Mode, engines: EngineSet, matcher: Matcher | None, source: str, target: str,
              articles: list[Article]) -> PairWork:
    """The pair's route (only when translating) and the provenance its new text will carry."""
    pair_matcher = matcher if matcher is not None and matcher.glossary.source_language == source else None
    checksum = pair_matcher.glossary.checksum if pair_matcher else "none"
    route: Route | NoRoute | None = None
    if source in fallback_tags(target):  # a pt article for a pt-BR edition is copied through, as for pt
        route = Route(())
    elif mode is Mode.TRANSLATE:
        route = resolve_route(source, target, order=job.engine_order, routes=job.routes, engines=engines,
                              pivot=job.pivot, where=job.where)
    if isinstance(route, Route):
        name = str(route) if route.steps else "source"
        models = tuple(engines.get(s.engine).model_name(s.source, s.target) for s in route.steps)
    else:
        name, models = ("human" if route is not None else "unknown"), ()
    provenance = Provenance(route=name, models=models, glossary_checksum=checksum, version=__version__)
    reverse = None
    if isinstance(route, Route) and route.steps and job.back_translation != "off":
        found = resolve_route(target, source, order=job.engine_order, routes={}, engines=engines, pivot=job.pivot)
        reverse = found if isinstance(found, Route) else None
    return PairWork(source, target, tuple(articles), route, provenance, pair_matcher, reverse)


# ── work per language pair ───────────────────────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class PairBatch:
    """A pair's catalogs looked up and its pending sentences translated: what its articles are settled from."""

    found: Mapping[str, Mapping[Key, Translation]]
    errors: Mapping[str, str]
    batch: Batch


def translate_pair(plan: Plan, pair: PairWork, memory: Memory, runner: EngineRunner) -> PairBatch:
    """Look the pair's units up and translate what is pending in one batch."""
    found, pending, errors = look_up(pair, plan.units, memory)
    return PairBatch(found, errors, translate_pending(plan, pair, pending, runner, back_translated(plan, pair)))


def deliver_pair(plan: Plan, pair: PairWork, memory: Memory, work: PairBatch) -> Iterator[tuple[Row, Outcome]]:
    """Settle and deliver each article of the pair."""
    batch = work.batch
    new_words = _words([s for s in batch.texts]) or 1
    for article in pair.articles:
        started = time.perf_counter()
        outcome = settle(article, plan.units[article.slug], work.found.get(article.slug, {}), batch, pair,
                         work.errors.get(article.slug), plan.job.headline_budget(pair.target))
        row = deliver(plan, pair, outcome, memory)
        row.seconds = round(batch.seconds * _words(outcome.new_sources()) / new_words
                            + time.perf_counter() - started, 3)
        yield row, outcome


def back_translated(plan: Plan, pair: PairWork) -> set[str]:
    """The source sentences whose machine text is translated back, where the pair has a reverse route."""
    if pair.reverse is None:
        return set()
    every = plan.job.back_translation == "all"
    return {u.source for a in pair.articles for u in plan.units[a.slug] if every or unit_kind(u) in PROMINENT}


def unit_kind(unit: Unit) -> BlockKind:
    return BlockKind(unit.context.rpartition("/")[2])


def look_up(pair: PairWork, units: Mapping[str, list[Unit]], memory: Memory
            ) -> tuple[dict[str, dict[Key, Translation]], list[str], dict[str, str]]:
    """What the catalogs hold per article; the source sentences still to translate; articles whose catalog failed."""
    found: dict[str, dict[Key, Translation]] = {}
    pending: dict[str, None] = {}
    errors: dict[str, str] = {}
    for article in pair.articles:
        hits, misses = {}, []
        try:
            for unit in units[article.slug]:
                if pair.copies_source:
                    hits[unit.key] = Translation(unit.source, State.APPROVED)
                elif (hit := memory.lookup(article.slug, unit)) is not None:
                    hits[unit.key] = hit
                else:
                    misses.append(unit.source)
        except TranslatorError as exc:
            errors[article.slug] = str(exc)  # this article waits for its catalog to be fixed
            continue
        found[article.slug] = hits
        pending.update(dict.fromkeys(misses))
    return found, list(pending), errors


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


def translate_pending(plan: Plan, pair: PairWork, pending: Sequence[str], runner: EngineRunner,
                      back_for: set[str] = frozenset()) -> Batch:
    """One batch for the pair: deduplicated, headlines as the engines want them, glossary enforced; then the
    prominent ones translated back through the reverse route (a failure there only loses the comparison)."""
    route = pair.route
    if not pending or plan.mode is not Mode.TRANSLATE or not isinstance(route, Route) or not route.steps:
        return Batch()
    started = time.perf_counter()
    given, marked = inline.engine_texts({s: plan.engine_text.get(s, s) for s in pending})
    try:
        out, failed, notes = engine_pass(runner, route, pair, list(dict.fromkeys(given.values())))
        texts, lost = inline.restore_texts({s: out[t] for s, t in given.items() if t not in failed}, marked)
        if lost:  # the engine dropped a span marker: the sentence again without markup, its plain translation kept
            again, failed_again, notes_again = engine_pass(runner, route, pair, list(dict.fromkeys(lost.values())))
            for source, text in lost.items():
                if text not in failed_again and again.get(text):
                    given[source], texts[source] = text, again[text]
                    notes.update({text: notes_again[text]} if text in notes_again else {})
    except EngineError as exc:
        return Batch(error=str(exc), seconds=time.perf_counter() - started)
    texts = post_edit_batch(pair, texts, {s: marked[s].plain if s in marked else t for s, t in given.items()},
                            route.steps[-1].engine)  # compared with the engine text without its span markers
    back: dict[str, str] = {}
    if back_for and pair.reverse is not None:
        wanted = [s for s in texts if s in back_for]
        try:
            plain = {s: inline.plain(texts[s]) for s in wanted}  # the markup has no words to compare
            back_texts = runner.run_route(pair.reverse, list(dict.fromkeys(plain.values())))
            back = {s: back_texts[plain[s]] for s in wanted if back_texts[plain[s]]}
        except EngineError:
            back = {}
    scores = {s: score for s, text in given.items() if s in texts
              and (score := runner.confidence(route, text, texts[s])) is not None}
    return Batch(texts=texts, notes={s: notes[text] for s, text in given.items() if text in notes}, back=back,
                 failed={s: failed[text] for s, text in given.items() if text in failed}, confidence=scores,
                 seconds=time.perf_counter() - started)


def engine_pass(runner: EngineRunner, route: Route, pair: PairWork, texts: list[str]
                ) -> tuple[dict[str, str], dict[str, str], dict[str, Note]]:
    """The route's text for each engine text, glossary enforced; those it could not translate; glossary notes."""
    out = runner.run_route(route, texts)
    failed = runner.failures(route, texts)  # sentences the engines could not translate stay empty
    notes: dict[str, Note] = {}
    if pair.matcher is not None:
        out, notes = enforce([t for t in texts if t not in failed], pair.target, pair.matcher,
                             lambda batch: runner.run_route(route, batch), runner.alternatives(route),
                             strategy_for(route.steps[-1].engine))
    return out, failed, notes


def post_edit_batch(pair: PairWork, texts: dict[str, str], given: Mapping[str, str], engine: str
                    ) -> dict[str, str]:
    """Letter case and number/date formats repaired after the engines (translator/postedit)."""
    from translator.postedit import post_edit

    keep = frozenset()
    if pair.matcher is not None:
        keep = frozenset(w for t in pair.matcher.glossary.terms for f in t.forms(pair.target) for w in f.split())
    return post_edit(texts, given, pair.source, pair.target, keep, engine)


class EngineRunner:
    """Runs route steps on an executor with a per-run cache, so no sentence goes to the same step twice."""

    def __init__(self, engines: EngineSet, calls: dict[str, int], executor: Executor | None = None) -> None:
        self.engines = engines
        self.calls = calls  # "engine:src-tgt" -> sentences sent, for the report
        self.executor: Executor = executor or InProcessExecutor(engines)
        self.cache: dict[Step, dict[str, str | Failed]] = {}

    def run_route(self, route: Route, sentences: Sequence[str]) -> dict[str, str]:
        """Each sentence's translation; "" for one a step could not translate (failures() says why)."""
        current: list[str | Failed] = list(sentences)
        for step in route.steps:
            alive = [t for t in current if isinstance(t, str)]
            out = dict(zip(alive, self.run_step(step, alive)))
            current = [out[t] if isinstance(t, str) else t for t in current]
        return {s: t if isinstance(t, str) else "" for s, t in zip(sentences, current)}

    def failures(self, route: Route, sentences: Sequence[str]) -> dict[str, str]:
        """Sentence -> why a step of the route could not translate it, for sentences already run."""
        failed = {}
        for sentence in sentences:
            text: str | Failed = sentence
            for step in route.steps:
                text = self.cache.get(step, {}).get(text, Failed("not run"))
                if isinstance(text, Failed):
                    failed[sentence] = text.reason
                    break
        return failed

    def confidence(self, route: Route, sentence: str, final: str) -> float | None:
        """The engines' score of `final`, the route's translation of `sentence`: the product of each step's score,
        None when a step gives none or the text was changed after the engines (glossary protection)."""
        if confidence_of(final) is None:
            return None
        score, text = 1.0, sentence
        for step in route.steps:
            text = self.cache.get(step, {}).get(text)
            if not isinstance(text, str) or (step_score := confidence_of(text)) is None:
                return None
            score *= step_score
        return score if text == final else None

    def run_step(self, step: Step, sentences: Sequence[str]) -> list[str | Failed]:
        done = self.cache.setdefault(step, {})
        todo = sorted({s for s in sentences if s not in done}, key=len)  # batch similar lengths together
        if todo:
            done.update(zip(todo, self.executor.run_step(step, todo)))
            self._count(step, len(todo))
        return [done[s] for s in sentences]

    def alternatives(self, route: Route, n: int = 4) -> Callable[[list[str]], dict[str, list[str]]] | None:
        """An n-best translator for a one-step route whose engine declares n-best output, else None."""
        if len(route.steps) != 1 or self.engines.get(route.steps[0].engine).max_hypotheses < 2:
            return None
        step = route.steps[0]

        def n_best(sentences: list[str]) -> dict[str, list[str]]:
            out = self.executor.translate_n(step, sentences, n)
            self._count(step, len(sentences))
            return dict(zip(sentences, out))

        return n_best

    def _count(self, step: Step, sentences: int) -> None:
        self.calls[str(step)] = self.calls.get(str(step), 0) + sentences


# ── settle: pure ─────────────────────────────────────────────────────────────────────────────────────────────

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


def settle(article: Article, units: Sequence[Unit], found: Mapping[Key, Translation], batch: Batch,
           pair: PairWork, catalog_error: str | None, headline_budget: int | None = None) -> Outcome:
    """Each unit's translation, notes, findings and risk; a pure function of what was found and translated."""
    unique = _first_per_key(units)
    translations: dict[Key, Translation] = {}
    for unit in unique:
        new, back, score = batch.texts.get(unit.source), batch.back.get(unit.source), batch.confidence.get(unit.source)
        made = tuple(n for n in (batch.notes.get(unit.source), back and Note(NoteKind.BACK, form=back),
                                 score is not None and Note(NoteKind.CONFIDENCE, form=f"{score:.2f}")) if n)
        translations[unit.key] = found.get(unit.key) or (Translation(new, State.NEW, made) if new else EMPTY)
    notes: dict[Key, list[Note]] = {key: list(t.notes) for key, t in translations.items() if t.notes}
    term_forms = settle_glossary(unique, translations, pair, notes) if pair.matcher else ()
    assessments = {
        unit.key: assess_unit(unit.source, t.text, state=_judged_state(t.state), kind=unit_kind(unit).value,
                              source_language=pair.source, target_language=pair.target, matcher=pair.matcher,
                              notes=t.notes, headline_budget=headline_budget)
        for unit in unique if (t := translations[unit.key]).text and not pair.copies_source}
    add_desk_findings(article, unique, translations, assessments, pair.target)
    for unit in unique:  # what the engine could not translate, even alone: a human's job
        if unit.source in batch.failed and translations[unit.key].state is State.EMPTY:
            findings = (Finding("engine", Severity.BLOCKING, batch.failed[unit.source]),)
            assessments[unit.key] = Assessment(findings, None, unit_risk(findings, kind=unit_kind(unit).value,
                                                                         state="empty"))
    return Outcome(article, unique, translations, {k: tuple(v) for k, v in notes.items()}, assessments,
                   term_forms, error=catalog_error or batch.error, catalog_failed=catalog_error is not None,
                   no_route=str(pair.route) if isinstance(pair.route, NoRoute) else None)


def add_desk_findings(article: Article, units: Sequence[Unit], translations: Mapping[Key, Translation],
                      assessments: dict[Key, Assessment], target: str) -> None:
    """Machine text that lost inline markup (emphasis, links) of its source carries a `markup` warning; a credit
    line machine-translated for want of a credit template, a `credit` warning."""
    for unit in units:
        found = assessments.get(unit.key)
        state = translations[unit.key].state
        if found is None or state is State.APPROVED:
            continue
        extra = [f for f in (inline.markup_finding(unit.source, translations[unit.key].text),) if f]
        if unit_kind(unit) is BlockKind.CREDIT:
            extra += desk_blocks.unit_findings(article, unit.source, target)
        if extra:
            findings = (*found.findings, *extra)
            assessments[unit.key] = Assessment(findings, found.confidence, unit_risk(
                findings, kind=unit_kind(unit).value, state=_judged_state(state), confidence=found.confidence))


def _judged_state(state: State) -> str:
    # Text from another catalog is judged as machine text: its approval was for another article.
    return "approved" if state is State.APPROVED else "machine"


def settle_glossary(units: Sequence[Unit], translations: Mapping[Key, Translation], pair: PairWork,
                    notes: dict[Key, list[Note]]) -> tuple[tuple[str, str], ...]:
    """Check every translated unit for its glossary forms: misses become notes; untranslated units get the terms a
    human translator must use. Returns (term, form found or "") for the glossary matrix."""
    matcher, language = pair.matcher, pair.target
    forms: list[tuple[str, str]] = []
    for unit in units:
        text = translations[unit.key].text
        if not text:
            terms = [m.term for m in matcher.find(unit.source) if m.term.target(language)]
            notes.setdefault(unit.key, []).extend(Note(NoteKind.TERMS, t.source, t.target(language)) for t in terms)
            continue
        verdict = verify(unit.source, text, matcher, language)
        forms += verdict.hits
        for term, form in verdict.misses:
            forms.append((term, ""))
            notes.setdefault(unit.key, []).append(Note(NoteKind.MISS, term, form))
    return tuple(forms)


def decide_status(outcome: Outcome, mode: Mode, policy: str = "qa") -> tuple[Status, str | None]:
    """Whether the article's edition is published in this language under the policy, and if not, why."""
    units = len(outcome.units)
    empty, approved = outcome.count(State.EMPTY), outcome.count(State.APPROVED)
    if mode is Mode.PUBLISH_APPROVED:
        policy = "approved-only"
    if outcome.error:
        return Status.FAILED, outcome.error
    if policy == "approved-only" and approved < units:
        return Status.HELD, f"{units - approved} units not approved yet"
    if empty and outcome.no_route is not None:
        return Status.HUMAN, f"no machine route: {outcome.no_route}"
    if empty:
        return Status.HELD, "not translated yet"
    if policy == "qa" and (blocked := outcome.blocked()):
        checks = Counter(f.check for key in blocked for f in outcome.assessments[key].findings
                         if f.severity == "blocking")
        top = ", ".join(f"{check} {n}" for check, n in checks.most_common(3))
        return Status.HELD, f"{len(blocked)} units with blocking findings ({top}): review them or approve"
    return Status.OK, None


# ── deliver ──────────────────────────────────────────────────────────────────────────────────────────────────

def deliver(plan: Plan, pair: PairWork, outcome: Outcome, memory: Memory) -> Row:
    """Store the catalog (merged with what is on disk now), decide the status, publish the edition if it passes."""
    row = report_row(outcome, pair)
    if outcome.catalog_failed:
        row.status, row.error = Status.FAILED, outcome.error
        return row
    slug = outcome.article.slug
    outcome = mark_corrected(outcome, plan.advisories.get(slug))
    try:
        translations, provenance = outcome.translations, pair.provenance
        if not pair.copies_source:
            adds_text = outcome.count(State.NEW) + outcome.count(State.SHARED) > 0
            # Publishing never stamps; a run that added no text leaves the catalog's own provenance.
            keep = plan.mode is not Mode.TRANSLATE or (not adds_text and memory.provenance(slug) is not None)
            translations = memory.store(slug, outcome.units, outcome.translations, outcome.notes,
                                        source_language=pair.source, provenance=None if keep else provenance,
                                        revision=None if outcome.count(State.EMPTY) else outcome.article.revision())
            provenance = memory.provenance(slug) or provenance  # what the catalog says produced its text
            row.route = provenance.route
        policy = "approved-only" if plan.mode is Mode.PUBLISH_APPROVED else plan.job.publish_policy
        row.status, row.error = decide_status(outcome, plan.mode, policy)
        policy_held = row.status is Status.HELD
        with log_lock(plan.job.output):  # a kill or hold recorded since the run began wins over this delivery
            state = standing(plan.advisories.get(slug), live_state(plan.job.output).get(slug))
            row.status, row.error = advisory_status(plan, pair, outcome, memory, row.status, row.error, state)
            if row.status is Status.WITHDRAWN:
                row.withdrawn = [str(p) for p in withdraw(plan.job, slug, pair.target)]
            if row.status is Status.OK:
                provenance = dataclasses.replace(provenance, source_file=outcome.article.path, version=__version__,
                                                 time=datetime.now(UTC).isoformat(timespec="seconds"),
                                                 policy=policy, revision=outcome.article.revision())
                edition = build_edition(outcome.article, pair.target, translations, plan.job, provenance)
                edition = with_correction_texts(edition, plan.job)
                row.files = [str(p) for p in publish_edition(edition, plan.job.formats, plan.job.output)]
            elif row.status is Status.HELD and (policy_held or not (state and state.held)):
                # output/<lang>/ holds only editions that met the policy, and no edition a correction left behind
                row.withdrawn = [str(p) for p in withdraw_edition(plan.job.output, pair.target, slug)]
    except TranslatorError as exc:
        row.status, row.error = Status.FAILED, str(exc)
    return row


def report_row(outcome: Outcome, pair: PairWork) -> Row:
    counts = Counter(t.state for t in outcome.translations.values())
    row = Row(article=outcome.article.slug, language=pair.target, route=pair.provenance.route,
              units=len(outcome.units), words=_words([u.source for u in outcome.units]),
              reused_approved=counts[State.APPROVED], reused_machine=counts[State.MACHINE],
              from_shared=counts[State.SHARED], translated=counts[State.NEW], empty=counts[State.EMPTY])
    row.reused = row.reused_approved + row.reused_machine + row.from_shared
    for unit in outcome.units:
        if (assessment := outcome.assessments.get(unit.key)) is not None:
            row.qa += [f"{f.check} {f.detail}: {unit.source[:60]}" for f in assessment.findings]
            row.unit_checks.append(unit_check(unit, outcome.translations[unit.key], assessment))
    row.unit_checks.sort(key=lambda u: -u["risk"])
    row.glossary_hits = sum(1 for _, form in outcome.term_forms if form)
    row.glossary_misses = sum(1 for _, form in outcome.term_forms if not form)
    return row


def unit_check(unit: Unit, translation: Translation, assessment: Assessment) -> dict:
    """One unit's findings, risk and confidence as report.json shows them."""
    confidence = None if assessment.confidence is None else round(assessment.confidence, 3)
    return {"source": unit.source, "kind": unit_kind(unit).value, "state": translation.state,
            "risk": round(assessment.risk, 3), "confidence": confidence,
            "findings": [{"check": f.check, "severity": f.severity, "detail": f.detail} for f in assessment.findings]}


def build_edition(article: Article, language: str, translations: Mapping[Key, Translation], job: Job,
                  provenance: Provenance) -> Edition:
    blocks = []
    for block in article.blocks:
        if block.kind is BlockKind.BOILERPLATE:
            approved = _boilerplate_text(job, language, block.text)
            if approved is not None:
                blocks.append(EditionBlock(block.kind, block.text, [block.text], [approved], approved))
            continue
        context = unit_context(article, block)
        targets = [translations[(context, s)].text for s in block.sentences]
        text = desk_blocks.edition_text(block, language, join_sentences(targets, language))
        blocks.append(EditionBlock(block.kind, block.text, list(block.sentences), targets, text,
                                   attrs=dict(block.attrs), containers=block.containers))
    reviewed = all(translations[(unit_context(article, b), s)].state is State.APPROVED
                   for b in article.translatable_blocks() for s in b.sentences)
    return Edition(article, language, blocks, provenance, reviewed=reviewed, alternates=tuple(job.targets),
                   html_template=job.html_template)


def _boilerplate_text(job: Job, language: str, text: str) -> str | None:
    texts = next((job.boilerplate_texts[tag] for tag in fallback_tags(language) if tag in job.boilerplate_texts), {})
    for pattern, replacement in texts.items():  # pt-BR uses pt's approved texts when it has none of its own
        if re.search(pattern, text, re.IGNORECASE):
            return replacement
    return None


def matrix_cells(matrix: Mapping[str, Mapping[str, set[str]]], languages: list[str], glossary: Glossary) -> dict:
    """term -> language -> {"expected", "found", "missed"} for the glossary matrix page."""
    data = {}
    for term in sorted(matrix):
        entry = glossary.find(term)
        data[term] = {}
        for language in languages:
            forms = matrix[term].get(language, set())
            data[term][language] = {"expected": entry.target(language) if entry else None,
                                    "found": sorted(f for f in forms if f), "missed": "" in forms}
    return data


def _first_per_key(units: Sequence[Unit]) -> tuple[Unit, ...]:
    """A sentence repeated in one block kind is one catalog entry: checked and counted once."""
    first: dict[Key, Unit] = {}
    for unit in units:
        first.setdefault(unit.key, unit)
    return tuple(first.values())


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


# ── run state: skipping what did not change ──────────────────────────────────────────────────────────────────

def pair_key(pair: PairWork) -> dict:
    """What a pair's new text would be made with: part of each article's fingerprint."""
    p = pair.provenance
    return {"route": p.route, "models": list(p.models), "glossary": p.glossary_checksum, "version": p.version,
            "reverse": str(pair.reverse) if pair.reverse else None}


def article_fingerprint(job: Job, settings: str, digest: str, slug: str, pair: dict, target: str,
                        advisory: AdvisoryState | None) -> str:
    return fingerprint(settings, digest, pair, catalog_stamp(catalog_path(job.locales, target, slug)), advisory)


def unchanged_articles(job: Job, state: RunState, inputs: Mapping[str, str],
                       advisories: Mapping[str, AdvisoryState], settings: str,
                       pair_for: Callable[[str, str], PairWork]) -> dict[str, Record]:
    """Input file -> its record, for each article whose bytes, job settings, route and models, catalogs and
    advisories are all as at its last run, whose every language settled (nothing empty, nothing failed) and whose
    edition files are all there: such an article is not read, translated, checked or published again."""
    skipped = {}
    for path, digest in inputs.items():
        record = state.records.get(path)
        if record is None or record.digest != digest or not record.settled(job.targets):
            continue
        advisory = advisories.get(record.slug)
        if advisory is not None and advisory.corrections:
            continue  # its correction blocks depend on approved texts in other catalogs
        if all(article_fingerprint(job, settings, digest, record.slug, pair_key(pair_for(record.language, t)), t,
                                   advisory) == record.targets[t]["key"]
               and all(Path(f).exists() for f in record.targets[t]["row"].get("files", []))
               for t in job.targets):
            skipped[path] = record
    return skipped


def remember(plan: Plan, pair: PairWork, row: Row, outcome: Outcome, state: RunState,
             catalog: list[int] | None) -> None:
    """Record what an article's edition in one language was made from, for the next run's skip. `catalog` is the
    stamp of the catalog as this run last read or wrote it: a reviewer's save after that (during the run) must
    make the next run look again, so the stamp on disk now is not the one to record."""
    article = outcome.article
    path = plan.found_at.get(article.slug)
    if path is None:
        return
    record = state.records.get(path)
    if record is None or record.digest != plan.inputs[path] or record.slug != article.slug:
        record = state.records[path] = Record(plan.inputs[path], article.slug, article.language or "",
                                              article.language_confidence)
    key = fingerprint(plan.job_key, plan.inputs[path], plan.pair_keys[pair.source, pair.target], catalog,
                      plan.advisories.get(article.slug))
    record.targets[pair.target] = {"key": key, "row": row.as_dict(),
                                   "terms": [list(t) for t in outcome.term_forms]}


def replay_skipped(plan: Plan) -> Iterator[tuple[Row, list[tuple[str, str]]]]:
    """The rows and glossary forms of the skipped articles, as their last run reported them (no time spent)."""
    for target in plan.job.targets:  # in the order of the rows of a full run: language by language
        for record in plan.skipped:
            stored = record.targets[target]
            row = Row(**{**stored["row"], "status": Status(stored["row"]["status"]), "seconds": 0.0,
                         "withdrawn": [], "skipped": True})
            # What its catalog now holds: the last run's new and shared text is machine text of its own catalog.
            row.reused_machine += row.translated + row.from_shared
            row.translated = row.from_shared = 0
            row.reused = row.reused_approved + row.reused_machine
            yield row, [tuple(t) for t in stored["terms"]]


# ── advisories ───────────────────────────────────────────────────────────────────────────────────────────────

def add_correction_blocks(article: Article, state: AdvisoryState | None, place: str) -> None:
    """While a story stands corrected, each correction note is a block of the article: translated, stored and
    reviewed like any other unit, and written under each language's approved "Correction: {note}" text."""
    if state is None or not state.corrections:
        return
    notes = [Block(BlockKind.CORRECTION, c.note, split_sentences(c.note, article.language or "en"))
             for c in state.corrections]
    if place == "top":  # under the headline, where a reader sees it before the story
        at = next((i + 1 for i, b in enumerate(article.blocks) if b.kind is BlockKind.HEADLINE), 0)
    else:  # after the story, before the site's footer
        at = max((i + 1 for i, b in enumerate(article.blocks) if b.kind is not BlockKind.BOILERPLATE), default=0)
    article.blocks[at:at] = notes


def mark_corrected(outcome: Outcome, state: AdvisoryState | None) -> Outcome:
    """Units a correction changed, and the correction notes, carry a note that puts them first in the review
    queue until a reviewer approves them."""
    if state is None or not state.corrections:
        return outcome
    notes = dict(outcome.notes)
    for unit in outcome.units:
        corrected = unit.source in state.changed or unit.context.endswith(f"/{BlockKind.CORRECTION.value}")
        if corrected and outcome.translations[unit.key].state is not State.APPROVED:
            notes[unit.key] = (Note(NoteKind.CORRECTED), *notes.get(unit.key, ()))
    return dataclasses.replace(outcome, notes=notes)


def standing(planned: AdvisoryState | None, live: AdvisoryState | None) -> AdvisoryState | None:
    """The story's state for a delivery: kills, holds and releases as the log stands now (`live`); corrections as
    the run planned them (its articles carry those notes; a later one is the next run's work)."""
    if live is None:
        return planned
    return dataclasses.replace(planned or AdvisoryState(live.slug), held=live.held, killed=live.killed,
                               reason=live.reason, time=live.time)


def advisory_status(plan: Plan, pair: PairWork, outcome: Outcome, memory: Memory, status: Status,
                    error: str | None, state: AdvisoryState | None) -> tuple[Status, str | None]:
    """The status once the desk's advisories are heard: killed, held, stale, or waiting for an approved text."""
    if state is None:
        return status, error
    if state.killed:
        return Status.WITHDRAWN, f"withdrawn by advisory ({state.time}): {state.reason}"
    if state.held:
        return Status.HELD, f"held by advisory ({state.time})" + (f": {state.reason}" if state.reason else "")
    if status is not Status.OK:
        stored = memory.provenance(outcome.article.slug) if not pair.copies_source else None
        current = outcome.article.revision()
        if stored is not None and stored.revision and stored.revision != current:
            return Status.STALE, f"catalog on source revision {stored.revision}, the source is on {current}: {error}"
        return status, error
    if state.corrections and CORRECTION not in approved_texts(plan.job.locales, pair.target):
        return Status.HELD, missing_text(plan.job.locales, pair.target, CORRECTION)
    return status, error


def with_correction_texts(edition: Edition, job: Job) -> Edition:
    """Each correction block under the language's approved correction text (advisory_status checked it)."""
    if not any(block.kind is BlockKind.CORRECTION for block in edition.blocks):
        return edition
    template = approved_texts(job.locales, edition.language)[CORRECTION]
    for block in edition.blocks:
        if block.kind is BlockKind.CORRECTION:
            block.target = correction_line(template, block.target)
    return edition
