"""Publish one article in one language now, from its catalog, under the job's policy: the run's own planning,
settling and delivery (run/pipeline.py), narrowed to one article and one language and calling no engine.

The run's report, feeds and run state are left alone: they describe whole runs, and the next run reads the
catalog's new stamp and judges the article again anyway.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from translator.errors import TranslatorError
from translator.job import Job
from translator.memory.catalog import Memory
from translator.run.report import Row
from translator.run.state import RunState


class ArticleNotInInputs(TranslatorError):
    """The article to publish is not among the job's inputs (any more)."""


def publish_article(job: Job, slug: str, language: str) -> Row:
    """Publish `slug` in `language` as a run in publish mode would; the report row says what happened."""
    from translator.run.deliver import deliver_pair
    from translator.run.plan import plan_run
    from translator.run.records import Mode
    from translator.run.report import RunReport
    from translator.run.translate import EngineRunner, translate_pair

    job = dataclasses.replace(job, targets=[language])
    report = RunReport()
    with tempfile.TemporaryDirectory(prefix="translator-publish-") as nowhere:
        # An empty run state: nothing is skipped as unchanged, and the job's own run state is not touched.
        plan = plan_run(job, Mode.PUBLISH, None, report, RunState(Path(nowhere) / "output"))
    try:
        pair = next((p for p in plan.pairs if any(a.slug == slug for a in p.articles)), None)
        if pair is None:
            problems = "; ".join(f["error"] for f in report.failures)
            raise ArticleNotInInputs(f"{job.where}: no input article has the slug {slug!r}"
                                     + (f" ({problems})" if problems else "")
                                     + "; check the job's inputs, then run the job")
        pair = dataclasses.replace(pair, articles=tuple(a for a in pair.articles if a.slug == slug))
        memory = Memory(job.locales, language)
        runner = EngineRunner(plan.engines, report.engine_calls, None)
        work = translate_pair(plan, pair, memory, runner)
        row, _ = next(deliver_pair(plan, pair, memory, work))
    finally:
        plan.engines.close()
    return row
