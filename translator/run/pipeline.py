"""run(job, mode) -> RunReport: the only module that knows the whole flow. It reads in call order:

    run ─► plan_run (plan.py): articles, glossary, units, one PairWork per language pair (route and provenance
           resolved once); unchanged articles left to replay (replay.py)
        ─► work_on_pairs, per pair: look_up_pair (translate.py: the catalogs), then per chunk of its articles:
               translate_chunk (one engine batch; the next chunk's runs while this one is delivered)
               ─► deliver_pair (deliver.py), per article: settle (settle.py, pure: translations, notes, findings)
                  ─► deliver (catalog, status, edition)
        ─► replay_skipped (replay.py) ─► report.json, the glossary matrix and the feeds
Advisories (corrections, kills, holds: translator/advisories/log.py) are read in plan_run and heeded (heed.py) again
under the log's lock in each delivery and at the end: a kill or hold recorded during the run wins over what the run
would publish. The records the stages hand each other are in records.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from translator.advisories.desk import feed_marks
from translator.advisories.log import live_state, log_lock
from translator.article import Article
from translator.checks import spelling
from translator.engines import Engine
from translator.errors import (
    PartiallyPublished,
    TranslatorError,
)
from translator.execute import Executor
from translator.fsutil import flush_unsynced, sweep_stale_temps
from translator.glossary import Glossary
from translator.job import Job
from translator.languages import normalize_code
from translator.memory.catalog import Memory
from translator.memory.fuzzy import FuzzyIndex
from translator.publish.feed import write_feeds
from translator.publish.glossary_matrix import write_matrix
from translator.review.judged import load_assessments, save_assessments
from translator.review.queue import write_review
from translator.run.deliver import deliver_pair
from translator.run.gone_inputs import withdraw_gone
from translator.run.heed import heed_late_advisories
from translator.run.plan import plan_run
from translator.run.records import Mode, PairBatch, PairWork, Plan
from translator.run.replay import remember, replay_skipped
from translator.run.report import RunReport, Status
from translator.run.state import RunState
from translator.run.translate import (
    EngineRunner,
    PairLookup,
    article_chunks,
    chunk_units,
    look_up_pair,
    translate_chunk,
)
from translator.text import wordlists

Progress = Callable[[str, str, int], None]  # (article, language, total units of work)


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
    load_assessments(job.output / "review", job.targets)  # units judged by earlier runs: not judged again
    term_forms: dict[str, dict[str, set[str]]] = {}  # glossary term -> language -> forms ("" = missed)
    indexes: dict[str, FuzzyIndex] = {}  # language -> the memory's fuzzy index, for the review pages' suggestions
    try:
        work_on_pairs(plan, runner, report, state, term_forms, progress, indexes)
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
        fresh = {(row.article, row.language) for row in report.rows if row.status is Status.HELD and not row.skipped}
        write_review(job, only=held, fresh=fresh, indexes=indexes)  # the held drafts, for the reviewers
    if plan.articles:
        save_assessments(job.output / "review", job.targets)
    return report


@dataclass(frozen=True)
class _Step:
    """One chunk of a pair's articles: what the loop hands to the engine, then delivers."""

    pair: PairWork
    index: int                      # the pair's place in plan.pairs
    articles: tuple[Article, ...]
    first: bool                     # the pair's first chunk: its catalogs are looked up with it
    last: bool


def work_on_pairs(plan: Plan, runner: EngineRunner, report: RunReport, state: RunState,
                  term_forms: dict[str, dict[str, set[str]]], progress: Progress | None,
                  indexes: dict[str, FuzzyIndex] | None = None) -> None:
    """Every language pair in turn, a chunk of its articles at a time; a failure that stops the run after files
    went out says so (PARTIAL).

    While one chunk's articles are judged and written (Python, one core), the engine work of the next chunk (of
    this pair, or the next pair's first) already runs in a second thread (an engine process or native library on
    the other core). Engines are called one chunk at a time, except in a small job (a few pairs of one chunk
    each), where the two pairs after this one are worked on at once (their engines' start-up overlaps). A pair's
    catalogs are looked up once, with its first chunk, before any of its articles is delivered; a pair whose target
    a pair not yet delivered also writes waits its turn for that (they share a Memory)."""
    memories: dict[str, Memory] = {}
    looked: dict[int, PairLookup] = {}

    def memory_of(pair: PairWork) -> Memory:
        if pair.target not in memories:
            memories[pair.target] = Memory(plan.job.locales, pair.target, fuzzy_threshold=plan.job.memory_threshold,
                                           prefill=plan.job.memory_prefill)
        return memories[pair.target]

    def engine_work(step: _Step, memory: Memory) -> PairBatch:
        if step.first:
            looked[step.index] = look_up_pair(plan, step.pair, memory)
        return translate_chunk(plan, step.pair, step.articles, looked[step.index], runner)

    size = chunk_units(runner.executor)
    steps = [_Step(pair, index, chunk, number == 0, number == len(chunks) - 1)
             for index, pair in enumerate(plan.pairs)
             for chunks in [article_chunks(pair.articles, plan.units, size)] for number, chunk in enumerate(chunks)]
    # A small job (a few pairs of one chunk each: an edit, a few articles) keeps two pairs' engine work in flight,
    # so that one pair's engine start-up (a model load, a pipeline's dictionaries) overlaps another's. A large one
    # keeps one: its engines are busy anyway, and two pairs at once hold two languages' models and data (27
    # languages x 1 article: 313 -> 339 MB).
    small = len(steps) <= SMALL_JOB_PAIRS and all(step.first and step.last for step in steps)
    depth = SMALL_JOB_AHEAD if small else 1
    try:
        with ThreadPoolExecutor(max_workers=depth, thread_name_prefix="next-chunk") as ahead:
            coming: dict[int, Future[PairBatch]] = {}
            for position, step in enumerate(steps):
                pair, memory = step.pair, memory_of(step.pair)
                future = coming.pop(position, None)
                work = future.result() if future is not None else engine_work(step, memory)
                following = steps[position + 1] if position + 1 < len(steps) else None
                language_ends = step.last and (following is None or following.pair.target != pair.target)
                for later in range(position + 1, min(position + 1 + depth, len(steps))):
                    if later not in coming:
                        if not _may_start(steps, position, later):
                            break  # in order: a later step waits for this one
                        coming[later] = ahead.submit(engine_work, steps[later], memory_of(steps[later].pair))
                for row, outcome in deliver_pair(plan, dataclasses.replace(pair, articles=step.articles), memory,
                                                 work):
                    report.rows.append(row)
                    remember(plan, pair, row, outcome, state, memory.seen(row.article))
                    memory.forget(row.article)
                    _add_forms(term_forms, pair.target, outcome.term_forms)
                    if progress:
                        progress(row.article, row.language, plan.total)
                if step.last:
                    looked.pop(step.index, None)
                if language_ends:
                    if indexes is not None and (index := memory.fuzzy_index()) is not None:
                        indexes[pair.target] = index  # the review pages suggest from it
                    _let_go(memories, pair.target, plan.pairs[step.index + 1:])
    except TranslatorError as exc:
        published = sum(len(row.files) for row in report.rows)
        if published:
            raise PartiallyPublished(f"{exc} (after {published} files were published)") from exc
        raise


SMALL_JOB_AHEAD = 2
SMALL_JOB_PAIRS = 6


def _may_start(steps: Sequence[_Step], delivering: int, later: int) -> bool:
    """Whether step `later`'s engine work may start while `delivering` and the steps between are not yet
    delivered: a pair's first chunk looks up its language's catalogs, so no undelivered step may write them; a
    later chunk's lookup was its first chunk's, already done."""
    step = steps[later]
    if not step.first:
        return max(i for i in range(later) if steps[i].index == step.index and steps[i].first) <= delivering
    return all(steps[i].pair.target != step.pair.target for i in range(delivering, later))


def _let_go(memories: dict[str, Memory], language: str, later: Sequence[PairWork]) -> None:
    """Memory follows the pair at hand, not the number of languages: the language's catalogs (unless a later pair
    writes it too), the word lists and the Hunspell dictionaries the checks loaded."""
    if all(pair.target != language for pair in later):
        memories.pop(language, None)
        if all(normalize_code(pair.target) != normalize_code(language) for pair in later):
            spelling.release()  # pt-BR after pt would read pt's dictionaries again
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
