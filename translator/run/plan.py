"""Plan a run: read the articles, their units and headlines for the engines, and one PairWork per language pair
(route and provenance resolved once); unchanged articles are left to replay."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from translator import __version__
from translator.advisories.log import advisory_state
from translator.article import Article, Provenance
from translator.desk import blocks as desk_blocks
from translator.desk.blocks import Desk
from translator.engines import Engine, create_engine
from translator.engines.routes import EngineSet, NoRoute, Route, engine_names, resolve_route
from translator.errors import (
    LanguageDetectionError,
    ReaderError,
    UnknownLanguage,
)
from translator.glossary import load_glossaries
from translator.glossary.match import Matcher, merge_split_terms
from translator.job import Job
from translator.languages import fallback_tags
from translator.memory.catalog import Unit
from translator.readers import read_article
from translator.run.heed import with_correction_blocks
from translator.run.records import HEADINGS, Mode, PairWork, Plan
from translator.run.replay import pair_key, unchanged_articles
from translator.run.report import RunReport
from translator.run.state import Record, RunState, file_digest, job_key
from translator.text.segment import capitalized_words, sentence_case


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
    desk: dict[str, Desk] = {}
    articles = read_articles(job, report, matcher, state, inputs, skipped, found_at, desk)
    for n, article in enumerate(articles):
        articles[n], desk[article.slug] = with_correction_blocks(article, desk[article.slug],
                                                                 advisories.get(article.slug), job.correction_place)
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
                {key: pair_key(pair) for key, pair in pair_plans.items()}, found_at, desk)


def read_articles(job: Job, report: RunReport, matcher: Matcher | None, state: RunState | None = None,
                  inputs: Mapping[str, str] | None = None, skipped: Mapping[str, Record] | None = None,
                  found_at: dict[str, str] | None = None, desk: dict[str, Desk] | None = None) -> list[Article]:
    """Every input article, in path order, but those `skipped`, as the run translates it (its desk's text of each
    block in `desk`); one that cannot be read (or repeats a slug) is a failure, not a stop. The articles as read
    are never changed: what the run changes is a copy."""
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
        if path.is_relative_to(job.root):  # catalogs point at file:line from the project
            article = dataclasses.replace(article, path=str(path.relative_to(job.root)))
        if article.slug in articles or article.slug in taken:
            other = articles[article.slug].path if article.slug in articles else taken[article.slug]
            report.failures.append({"article": article.path, "error": (
                f"{article.path}: same slug {article.slug!r} as {other}; rename one of the "
                "files (or give a distinct `slug` in the JSON) so their catalogs and editions stay apart")})
            continue
        if matcher is not None and article.language == matcher.glossary.source_language:
            article = dataclasses.replace(article, blocks=[
                dataclasses.replace(block, sentences=merge_split_terms(block.sentences, matcher))
                if block.kind.translatable else block for block in article.blocks])
        article, desk_text, warnings = desk_blocks.prepare(article, job.targets, job.credit_templates, matcher)
        if desk is not None:
            desk[article.slug] = desk_text
        report.warnings.extend(warnings)
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
            units.append(Unit(source=sentence, article=article.slug, kind=block.kind, block=position,
                              sentence=number, occurrence=(article.path, str(block.line or 0))))
    return units


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
