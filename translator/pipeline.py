"""run(job) -> RunReport: the only module that knows the whole flow.

Read every article; then per target language look every unit up in the catalogs, send what is left to the
engine route in one batch per language pair (deduplicated, a pivot step shared by every target that needs it),
store the catalog and publish the editions.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from translator import __version__
from translator.article import Article, BlockKind, Edition, EditionBlock
from translator.engines import Engine, create_engine
from translator.engines.routes import EngineSet, NoRoute, Route, Step, engine_names, resolve_route
from translator.errors import (
    CatalogError,
    EngineError,
    LanguageDetectionError,
    ReaderError,
    TranslatorError,
    UnknownLanguage,
)
from translator.glossary import Glossary, load_glossaries
from translator.glossary.enforce import Verdict, enforce, verify
from translator.glossary.match import Matcher, merge_split_terms
from translator.job import Job
from translator.memory import Memory, State, Unit
from translator.publish import publish_edition
from translator.publish.glossary_matrix import write_matrix
from translator.qa import check_unit
from translator.readers import read_article
from translator.report import Row, RunReport
from translator.segment import capitalized_words, join_sentences, sentence_case

Progress = Callable[[str, str, int], None]  # (article, language, total units of work)
HEADINGS = (BlockKind.HEADLINE, BlockKind.SUBHEADLINE)


@dataclass
class _Translator:
    """Runs route steps with a per-run cache, so no sentence goes to the same step twice."""

    engines: EngineSet
    report: RunReport
    cache: dict[Step, dict[str, str]] = field(default_factory=dict)

    def run_step(self, step: Step, sentences: Sequence[str]) -> list[str]:
        done = self.cache.setdefault(step, {})
        todo = sorted({s for s in sentences if s not in done}, key=len)  # batch similar lengths together
        if todo:
            out = self.engines.get(step.engine).translate(todo, step.source, step.target)
            if len(out) != len(todo) or any(not t.strip() for t, s in zip(out, todo) if s.strip()):
                raise EngineError(f"{step}: the engine returned empty or misaligned output; its pair is broken")
            done.update(zip(todo, out))
            self._count(step, len(todo))
        return [done[s] for s in sentences]

    def _count(self, step: Step, sentences: int) -> None:
        self.report.engine_calls[str(step)] = self.report.engine_calls.get(str(step), 0) + sentences

    def alternatives(self, route: Route, n: int = 4):
        """An n-best translator for a one-step route whose engine has one (Argos), else None."""
        if len(route.steps) != 1:
            return None
        step = route.steps[0]
        engine = self.engines.get(step.engine)
        if not hasattr(engine, "translate_n"):
            return None

        def n_best(sentences: list[str]) -> dict[str, list[str]]:
            out = engine.translate_n(sentences, step.source, step.target, num_hypotheses=n)
            self._count(step, len(sentences))
            return dict(zip(sentences, out))

        return n_best

    def run_route(self, route: Route, sentences: Sequence[str]) -> dict[str, str]:
        current = list(sentences)
        for step in route.steps:
            current = self.run_step(step, current)
        return dict(zip(sentences, current))


def article_units(article: Article) -> list[Unit]:
    units = []
    for position, block in enumerate(article.blocks, start=1):
        if not block.kind.translatable:
            continue
        for number, sentence in enumerate(block.sentences, start=1):
            units.append(Unit(
                source=sentence,
                context=f"{article.slug}/{block.kind.value}",
                comment=f"{block.kind.value}, block {position}, sentence {number}",
                occurrence=(article.path, str(block.line or 0)),
            ))
    return units


def _headline_texts(article: Article, glossary_names: set[str]) -> dict[str, str]:
    """English Title Case headlines in sentence case for the engines; the catalogs keep them as written."""
    if article.language != "en":
        return {}
    body = [s for b in article.translatable_blocks() if b.kind not in HEADINGS for s in b.sentences]
    names = capitalized_words(body) | glossary_names
    out = {}
    for block in article.blocks:
        if block.kind in HEADINGS:
            for sentence in block.sentences:
                if (cased := sentence_case(sentence, names)) != sentence:
                    out[sentence] = cased
    return out


def _boilerplate_text(job: Job, language: str, text: str) -> str | None:
    for pattern, replacement in job.boilerplate_texts.get(language, {}).items():
        if re.search(pattern, text, re.IGNORECASE):
            return replacement
    return None


def build_edition(article: Article, language: str, translations: Mapping[str, str], job: Job,
                  provenance: dict) -> Edition:
    blocks = []
    for block in article.blocks:
        if block.kind is BlockKind.BOILERPLATE:
            approved = _boilerplate_text(job, language, block.text)
            if approved is not None:
                blocks.append(EditionBlock(block.kind, block.text, [block.text], [approved], approved))
            continue
        targets = [translations[s] for s in block.sentences]
        blocks.append(EditionBlock(block.kind, block.text, list(block.sentences), targets,
                                   join_sentences(targets, language)))
    return Edition(article, language, blocks, provenance)


def read_articles(job: Job, report: RunReport, matcher: Matcher | None = None) -> list[Article]:
    articles = []
    for path in job.input_files():
        try:
            article = read_article(path, language=job.source, boilerplate=job.boilerplate_patterns)
        except (ReaderError, LanguageDetectionError, UnknownLanguage) as exc:
            report.failures.append({"article": str(path), "error": str(exc)})
            continue
        if path.is_relative_to(job.root):
            article.path = str(path.relative_to(job.root))  # catalogs point at file:line from the project
        if matcher is not None and article.language == matcher.glossary.source_language:
            for block in article.translatable_blocks():
                block.sentences = merge_split_terms(block.sentences, matcher)
        report.warnings.extend(article.warnings)
        articles.append(article)
    slugs: dict[str, str] = {}
    for article in articles:
        if article.slug in slugs:
            report.warnings.append(f"{article.path}: same slug as {slugs[article.slug]}; its editions replace them")
        slugs[article.slug] = article.path
    return articles


def matrix_cells(matrix: dict[str, dict[str, set[str]]], languages: list[str], glossary: Glossary) -> dict:
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


def _words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def run(job: Job, *, engines: Mapping[str, Engine] | None = None, progress: Progress | None = None,
        use_engines: bool = True) -> RunReport:
    """Run a job. With use_engines False (publish), only catalogs are used: nothing is translated."""
    report = RunReport()
    engine_set = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)), engines)
    for name in engine_names(job.engine_order, job.routes):
        engine_set.get(name)  # an unknown engine name stops the job before anything is written
    glossary_files = job.glossary_files()
    glossary = load_glossaries(glossary_files) if glossary_files else None
    matcher = Matcher(glossary) if glossary else None
    report.warnings.extend(glossary.warnings if glossary else [])
    articles = read_articles(job, report, matcher)
    context = _Run(job, report, engine_set, _Translator(engine_set, report), use_engines, progress, matcher,
                   total=len(articles) * len(job.targets))
    glossary_names = {w for t in glossary.terms if t.case != "insensitive" for w in t.source.split()} \
        if glossary else set()
    for article in articles:  # the same for every target language: done once
        context.units[article.slug] = article_units(article)
        context.engine_text.update(_headline_texts(article, glossary_names))
    for language in job.targets:
        memory = Memory(job.locales, language)
        for source in sorted({a.language for a in articles}):
            context.translate_group([a for a in articles if a.language == source], source, language, memory)
    report.write(job.output / "report.json")
    if glossary is not None:
        write_matrix(matrix_cells(context.matrix, job.targets, glossary), job.targets, job.output, glossary.checksum)
    return report


@dataclass
class _Group:
    """The articles of one source language on their way into one target language."""

    source: str
    language: str
    articles: list[Article]
    found: dict[str, dict[str, tuple[str, State]]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)  # review notes per source sentence
    errors: dict[str, str] = field(default_factory=dict)       # slug -> why its catalog cannot be used
    route_name: str = "human"                                  # for reports, catalogs and provenance
    models: list[str] = field(default_factory=list)


@dataclass
class _Run:
    job: Job
    report: RunReport
    engine_set: EngineSet
    translator: _Translator
    use_engines: bool
    progress: Progress | None
    matcher: Matcher | None = None
    total: int = 0  # articles x target languages, for the progress bar
    units: dict[str, list[Unit]] = field(default_factory=dict)  # slug -> its units
    engine_text: dict[str, str] = field(default_factory=dict)  # source sentence -> what the engine is given
    # glossary term -> language -> forms found in the editions ("" when a unit missed it)
    matrix: dict[str, dict[str, set[str]]] = field(default_factory=dict)

    def _glossary_for(self, source: str) -> Matcher | None:
        if self.matcher is not None and self.matcher.glossary.source_language == source:
            return self.matcher
        return None

    def translate_group(self, articles: list[Article], source: str, language: str, memory: Memory) -> None:
        """Translate the articles of one source language into `language`, then store and publish them."""
        group = self._look_up(_Group(source, language, articles), memory)
        route: Route | NoRoute = Route(()) if source == language else resolve_route(
            source, language, order=self.job.engine_order, routes=self.job.routes, engines=self.engine_set,
            pivot=self.job.pivot, where=self.job.where)
        new: dict[str, str] = {}
        error = None
        started = time.perf_counter()
        matcher = self._glossary_for(source)
        if group.pending and self.use_engines and isinstance(route, Route):
            given = {s: self.engine_text.get(s, s) for s in dict.fromkeys(group.pending)}
            try:
                if matcher is not None:
                    out, notes = enforce(list(dict.fromkeys(given.values())), language, matcher,
                                         lambda batch: self.translator.run_route(route, batch),
                                         self.translator.alternatives(route))
                    group.notes = {s: notes[text] for s, text in given.items() if text in notes}
                else:
                    out = self.translator.run_route(route, list(dict.fromkeys(given.values())))
                new = {s: out[text] for s, text in given.items()}
            except EngineError as exc:
                error = str(exc)
        seconds_per_word = (time.perf_counter() - started) / (_words(list(new)) or 1)
        if isinstance(route, Route):
            group.route_name = str(route) if route.steps else "source"
            group.models = [self.engine_set.get(s.engine).model_name(s.source, s.target) for s in route.steps]
        for article in group.articles:
            started = time.perf_counter()
            translations = group.found[article.slug]
            for unit in self.units[article.slug]:
                if unit.source not in translations and unit.source in new:
                    translations[unit.source] = (new[unit.source], State.NEW)
            row = self._finish(article, group, route, memory, error)
            new_words = _words([s for s, (_, state) in translations.items() if state is State.NEW])
            row.seconds = round(seconds_per_word * new_words + time.perf_counter() - started, 3)
            self.report.rows.append(row)
            if self.progress:
                self.progress(article.slug, language, self.total)

    def _look_up(self, group: _Group, memory: Memory) -> _Group:
        """Fill group.found from the catalogs; what they lack goes to group.pending."""
        for article in group.articles:
            units = self.units[article.slug]
            found = group.found[article.slug] = {}
            pending = []
            try:
                for unit in units:
                    if group.source == group.language:
                        found[unit.source] = (unit.source, State.APPROVED)
                    elif (hit := memory.lookup(article.slug, unit)) is not None:
                        found[unit.source] = hit
                    else:
                        pending.append(unit.source)
            except CatalogError as exc:
                group.errors[article.slug] = str(exc)  # this article waits for its catalog to be fixed
                continue
            group.pending += pending
        return group

    def _finish(self, article: Article, group: _Group, route: Route | NoRoute, memory: Memory,
                error: str | None) -> Row:
        """Store the article's catalog, publish its edition when every unit has a translation; its report row."""
        job, units, translations = self.job, self.units[article.slug], group.found[article.slug]
        route_name, models = group.route_name, group.models
        row = Row(article=article.slug, language=group.language, route=route_name, units=len(units),
                  words=_words([u.source for u in units]))
        counts = Counter(translations.get(u.source, ("", State.EMPTY))[1] for u in units)
        row.reused_approved, row.reused_machine = counts[State.APPROVED], counts[State.MACHINE]
        row.from_shared, row.translated, row.empty = counts[State.SHARED], counts[State.NEW], counts[State.EMPTY]
        row.reused = row.reused_approved + row.reused_machine + row.from_shared
        matcher = self._glossary_for(group.source)
        checksum = matcher.glossary.checksum if matcher else "none"
        header = {"Project-Id-Version": f"translator {__version__}", "X-Source-Language": group.source,
                  "X-Translator-Route": route_name, "X-Translator-Models": "; ".join(models) or "none",
                  "X-Glossary-Checksum": checksum}
        notes = {s: list(n) for s, n in group.notes.items()}
        for unit in dict.fromkeys(units):
            text, state = translations.get(unit.source, ("", State.EMPTY))
            if state is State.NEW or state is State.MACHINE:
                for finding in check_unit(unit.source, text, group.source, group.language):
                    row.qa.append(f"{finding}: {unit.source[:60]}")
        if matcher is not None:
            self._check_glossary(row, units, translations, matcher, group.language, notes)
        if article.slug in group.errors:
            row.status, row.error = "failed", group.errors[article.slug]
            return row
        try:
            if group.source != group.language:
                memory.store(article.slug, units, translations, header, notes)
            if error:
                row.status, row.error = "failed", error
            elif job.approved_only and row.units != row.reused_approved:
                row.status, row.error = "held", f"{row.units - row.reused_approved} units not approved yet"
            elif row.empty:
                row.status = "human" if isinstance(route, NoRoute) else "held"
                row.error = f"no machine route: {route}" if isinstance(route, NoRoute) else "not translated yet"
            else:
                provenance = {"tool": "translator", "version": __version__, "route": route_name, "models": models,
                              "glossary_checksum": checksum, "source_file": article.path,
                              "time": datetime.now(UTC).isoformat(timespec="seconds")}
                texts = {source: text for source, (text, _) in translations.items()}
                edition = build_edition(article, group.language, texts, job, provenance)
                row.files = [str(p) for p in publish_edition(edition, job.formats, job.output)]
        except TranslatorError as exc:
            row.status, row.error = "failed", str(exc)
        return row

    def _check_glossary(self, row: Row, units: list[Unit], translations: Mapping[str, tuple[str, State]],
                        matcher: Matcher, language: str, notes: dict[str, list[str]]) -> None:
        """Count glossary hits and misses in the final translations; note misses for reviewers."""
        for unit in dict.fromkeys(units):
            translated = translations.get(unit.source, ("", State.EMPTY))[0]
            if not translated:  # a human translator will do it: show the terms to use
                terms = [m.term for m in matcher.find(unit.source) if m.term.target(language)]
                if terms:
                    notes.setdefault(unit.source, []).append(
                        "glossary: " + "; ".join(f"{t.source} = {t.target(language)}" for t in terms))
                continue
            verdict: Verdict = verify(unit.source, translated, matcher, language)
            row.glossary_hits += len(verdict.hits)
            row.glossary_misses += len(verdict.misses)
            for term, form in verdict.hits:
                self.matrix.setdefault(term, {}).setdefault(language, set()).add(form)
            for term, form in verdict.misses:
                self.matrix.setdefault(term, {}).setdefault(language, set()).add("")
                row.qa.append(f"glossary miss: {term} → {form}: {unit.source[:60]}")
                note = f"glossary miss: {term} → {form}"
                if note not in notes.setdefault(unit.source, []):
                    notes[unit.source].append(note)
