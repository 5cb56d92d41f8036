"""Translate a pair: look its units up in the catalogs, then one engine batch per chunk of articles for what is
pending (inline markup as markers, glossary enforced, post-edited, prominent units translated back); the engine
runner and its cache."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from translator.article import Article
from translator.engines.base import confidence_of
from translator.engines.routes import EngineSet, Route, Step
from translator.errors import (
    EngineError,
    TranslatorError,
)
from translator.execute import Executor, Failed, InProcessExecutor
from translator.findings import Note
from translator.glossary.enforce import enforce
from translator.memory.catalog import Key, Memory, State, Translation, Unit
from translator.run.records import PROMINENT, Batch, Mode, PairBatch, PairWork, Plan
from translator.text import inline

# A pair's articles go to the engines in chunks of about this many units, so that the engine works on the next
# chunk while this one is judged and written (pipeline.work_on_pairs); a chunk always holds whole articles.
CHUNK_UNITS = 100


@dataclass(frozen=True)
class PairLookup:
    """A pair's catalogs looked up, once for all its articles (before any of them is delivered)."""

    found: Mapping[str, Mapping[Key, Translation]]  # slug -> what its catalog holds
    errors: Mapping[str, str]                       # slug -> why its catalog could not be read
    back_for: frozenset[str]                        # source sentences whose machine text is translated back


def translate_pair(plan: Plan, pair: PairWork, memory: Memory, runner: EngineRunner) -> PairBatch:
    """Look the pair's units up and translate what is pending in one batch."""
    return translate_chunk(plan, pair, pair.articles, look_up_pair(plan, pair, memory), runner)


def look_up_pair(plan: Plan, pair: PairWork, memory: Memory) -> PairLookup:
    found, errors = look_up(pair, plan.units, memory)
    return PairLookup(found, errors, frozenset(back_translated(plan, pair)))


def translate_chunk(plan: Plan, pair: PairWork, articles: Sequence[Article], looked: PairLookup,
                    runner: EngineRunner) -> PairBatch:
    """One engine batch for what `articles` (some of the pair's) still need; a sentence an earlier chunk sent is
    taken from the runner's cache, so each chunk's batch holds every text its articles are settled from."""
    pending = dict.fromkeys(unit.source for article in articles if article.slug in looked.found
                            for unit in plan.units[article.slug] if unit.key not in looked.found[article.slug])
    return PairBatch(looked.found, looked.errors,
                     translate_pending(plan, pair, list(pending), runner, looked.back_for))


def chunk_units(executor: Executor) -> int | None:
    """CHUNK_UNITS for engines in this process; None (each pair whole) on a cluster, which spreads a batch over its
    workers: a chunk of 100 units would keep one of them busy."""
    return CHUNK_UNITS if isinstance(executor, InProcessExecutor) else None


def article_chunks(articles: Sequence[Article], units: Mapping[str, list[Unit]],
                   size: int | None) -> list[tuple[Article, ...]]:
    """The articles in order, cut into runs of at least `size` units (the last one may be smaller); all of them
    in one run when `size` is None."""
    if size is None:
        return [tuple(articles)]
    chunks: list[tuple[Article, ...]] = []
    current: list[Article] = []
    count = 0
    for article in articles:
        current.append(article)
        count += len(units[article.slug])
        if count >= size:
            chunks.append(tuple(current))
            current, count = [], 0
    return [*chunks, tuple(current)] if current or not chunks else chunks


def back_translated(plan: Plan, pair: PairWork) -> set[str]:
    """The source sentences whose machine text is translated back, where the pair has a reverse route."""
    if pair.reverse is None:
        return set()
    every = plan.job.back_translation == "all"
    return {u.source for a in pair.articles for u in plan.units[a.slug] if every or u.kind in PROMINENT}


def look_up(pair: PairWork, units: Mapping[str, list[Unit]], memory: Memory
            ) -> tuple[dict[str, dict[Key, Translation]], dict[str, str]]:
    """What the catalogs hold per article (a unit not there is still to translate); articles whose catalog failed."""
    found: dict[str, dict[Key, Translation]] = {}
    errors: dict[str, str] = {}
    for article in pair.articles:
        hits = {}
        try:
            for unit in units[article.slug]:
                if pair.copies_source:
                    hits[unit.key] = Translation(unit.source, State.APPROVED)
                elif (hit := memory.lookup(article.slug, unit)) is not None:
                    hits[unit.key] = hit
        except TranslatorError as exc:
            errors[article.slug] = str(exc)  # this article waits for its catalog to be fixed
            continue
        found[article.slug] = hits
    return found, errors


def translate_pending(plan: Plan, pair: PairWork, pending: Sequence[str], runner: EngineRunner,
                      back_for: frozenset[str] | set[str] = frozenset()) -> Batch:
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
                            runner.engines.traits(route.steps[-1].engine).post_edit_repairs)  # given: no markers
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
                             runner.engines.traits(route.steps[-1].engine).glossary_strategy)
    return out, failed, notes


def post_edit_batch(pair: PairWork, texts: dict[str, str], given: Mapping[str, str], repair: bool
                    ) -> dict[str, str]:
    """Letter case and number/date formats repaired after the engines (translator/postedit)."""
    from translator.postedit import post_edit

    keep = frozenset()
    if pair.matcher is not None:
        keep = frozenset(w for t in pair.matcher.glossary.terms for f in t.forms(pair.target) for w in f.split())
    return post_edit(texts, given, pair.source, pair.target, keep, repair)


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
