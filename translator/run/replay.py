"""Skip and replay: an article whose bytes, settings, route, catalogs and advisories are unchanged since its last
run is not read again; its rows are replayed from the run state, and each delivery is remembered there."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from translator.advisories.log import AdvisoryState
from translator.job import Job
from translator.memory.catalog import catalog_path, catalog_stamp
from translator.run.records import Outcome, PairWork, Plan
from translator.run.report import Row, Status
from translator.run.state import Record, RunState, fingerprint


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
