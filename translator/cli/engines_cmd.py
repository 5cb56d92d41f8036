"""`translator engines`: which engines run here, their pairs, and the route each job target gets."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import handle_errors, optional_job_path


def register(app: typer.Typer) -> None:
    @app.command("engines")
    @handle_errors
    def engines_command(
        job_file: Annotated[Path | None, typer.Option("--job", help="Show the route of each target of this job "
                                                      "(default: ./translator.toml if present).")] = None,
        source: Annotated[str | None, typer.Option("--from", help="Source language for the routes (default: the "
                                                   "job's `source`; with \"auto\", each language detected in "
                                                   "its inputs).")] = None,
    ) -> None:
        """List the engines, whether each can run here (and why not), and their language pairs.

        Example: translator engines --job translator.toml
        """
        from translator.engines import REGISTRY, create_engine
        from translator.engines.routes import EngineSet, Route, resolve_route
        from translator.job import load_job

        engines = EngineSet(create_engine)
        for name in REGISTRY:
            reason = engines.reason(name)
            pairs = ", ".join(f"{s}-{t}" for s, t in sorted(engines.pairs(name)))
            typer.echo(f"{name:10} {'available' if reason is None else 'unavailable: ' + reason}")
            if pairs:
                typer.echo(f"{'':10} pairs: {pairs}")
        job_path = optional_job_path(job_file)
        if job_path is None:
            return
        job = load_job(job_path)
        engines = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)))
        for from_code, why in route_sources(job, source):
            typer.echo(f"\nRoutes of {job_path} (from {from_code}{why}):")
            for target in job.targets:
                if target == from_code:
                    typer.echo(f"  {target:4} source (the articles are in {target})")
                    continue
                route = resolve_route(from_code, target, order=job.engine_order, routes=job.routes,
                                      engines=engines, pivot=job.pivot, where=str(job_path))
                if isinstance(route, Route):
                    typer.echo(f"  {target:4} {route}")
                else:
                    typer.echo(f"  {target:4} human translation (no machine route: {route})")


def route_sources(job, source: str | None) -> list[tuple[str, str]]:
    """(source language, why) for each set of routes to show: --from, the job's `source`, or with "auto" each
    language detected in the job's inputs (English when none can be read)."""
    if source:
        return [(source, "")]
    if job.source != "auto":
        return [(job.source, "")]
    counts = detected_languages(job)
    if not counts:
        return [("en", ", no input could be read to detect its language")]
    return [(code, f", detected in {n} input{'s' if n != 1 else ''}") for code, n in counts.most_common()]


def detected_languages(job) -> Counter[str]:
    """How many of the job's input articles are in each language, as a run would detect it; an input that
    cannot be read is left out (`translator run` names it)."""
    from translator.errors import TranslatorError
    from translator.readers import read_article

    counts: Counter[str] = Counter()
    for path in job.input_files():
        try:
            article = read_article(path, language="auto", boilerplate=job.boilerplate_patterns)
        except TranslatorError:
            continue
        if article.language:
            counts[article.language] += 1
    return counts
