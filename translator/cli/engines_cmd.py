"""`translator engines`: which engines run here, their pairs, and the route each job target gets (from each
language detected in the job's inputs when its `source` is "auto")."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import check_output_format, echo_json, handle_errors, optional_job_path


def register(app: typer.Typer) -> None:
    @app.command("engines")
    @handle_errors
    def engines_command(
        job_file: Annotated[Path | None, typer.Option("--job", help="Show the route of each target of this job "
                                                      "(default: ./translator.toml if present).")] = None,
        source: Annotated[str | None, typer.Option("--from", help="Source language for the routes (default: the "
                                                   "job's `source`; with \"auto\", each language detected in "
                                                   "its inputs).")] = None,
        output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    ) -> None:
        """List the engines, whether each can run here (and why not), and their language pairs.

        Example: translator engines --job translator.toml --format json
        """
        check_output_format(output_format)
        job_path = optional_job_path(job_file)
        data = engines_report(job_path, source)
        if output_format == "json":
            echo_json(data)
            return
        for engine in data["engines"]:
            state = "available" if engine["available"] else f"unavailable: {engine['reason']}"
            typer.echo(f"{engine['name']:10} {state}")
            if engine["pairs"]:
                typer.echo(f"{'':10} pairs: {', '.join(engine['pairs'])}")
        if data["routes"] is None:
            return
        for group in data["sources"]:
            typer.echo(f"\nRoutes of {data['job']} (from {group['source']}{group['why']}):")
            for item in group["routes"]:
                if item["route"] is not None:
                    typer.echo(f"  {item['target']:4} {item['route']}")
                else:
                    typer.echo(f"  {item['target']:4} human translation (no machine route: {item['reason']})")


def engines_report(job_path: Path | None, source: str | None) -> dict:
    """What `engines` shows, as data: {"engines": [{name, available, reason, pairs}], "job", "source", "routes":
    [{target, route, reason}] or None without a job, "sources": [{source, why, routes}] one per source language
    (with "auto", each detected in the inputs; "source" and "routes" are the first's)}."""
    from translator.engines import REGISTRY, create_engine
    from translator.engines.routes import EngineSet, Route, resolve_route
    from translator.job import load_job
    from translator.languages import fallback_tags

    engines = EngineSet(create_engine)
    listed = [{"name": name, "available": engines.reason(name) is None, "reason": engines.reason(name),
               "pairs": [f"{s}-{t}" for s, t in sorted(engines.pairs(name))]} for name in REGISTRY]
    data: dict = {"engines": listed, "job": None, "source": source, "routes": None, "sources": []}
    if job_path is None:
        return data
    job = load_job(job_path)
    engines = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)))
    groups = []
    for from_code, why in route_sources(job, source):
        routes = []
        for target in job.targets:
            if from_code in fallback_tags(target):  # as the run decides: pt text serves pt and pt-BR
                routes.append({"target": target, "route": "source", "reason": None})
                continue
            route = resolve_route(from_code, target, order=job.engine_order, routes=job.routes, engines=engines,
                                  pivot=job.pivot, where=str(job_path))
            found = isinstance(route, Route)
            routes.append({"target": target, "route": str(route) if found else None,
                           "reason": None if found else str(route)})
        groups.append({"source": from_code, "why": why, "routes": routes})
    return data | {"job": str(job_path), "source": groups[0]["source"], "routes": groups[0]["routes"],
                   "sources": groups}


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
