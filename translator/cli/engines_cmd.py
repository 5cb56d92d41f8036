"""`translator engines`: which engines run here, their pairs, and the route each job target gets."""

from __future__ import annotations

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
        source: Annotated[str, typer.Option("--from", help="Source language for the routes.")] = "en",
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
        typer.echo(f"\nRoutes of {data['job']} (from {data['source']}):")
        for item in data["routes"]:
            if item["route"] is not None:
                typer.echo(f"  {item['target']:4} {item['route']}")
            else:
                typer.echo(f"  {item['target']:4} human translation (no machine route: {item['reason']})")


def engines_report(job_path: Path | None, source: str) -> dict:
    """What `engines` shows, as data: {"engines": [{name, available, reason, pairs}], "job", "source", "routes":
    [{target, route, reason}] or None without a job}."""
    from translator.engines import REGISTRY, create_engine
    from translator.engines.routes import EngineSet, Route, resolve_route
    from translator.job import load_job

    engines = EngineSet(create_engine)
    listed = [{"name": name, "available": engines.reason(name) is None, "reason": engines.reason(name),
               "pairs": [f"{s}-{t}" for s, t in sorted(engines.pairs(name))]} for name in REGISTRY]
    data: dict = {"engines": listed, "job": None, "source": source, "routes": None}
    if job_path is None:
        return data
    job = load_job(job_path)
    from_code = source if job.source == "auto" else job.source
    engines = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)))
    routes = []
    for target in job.targets:
        route = resolve_route(from_code, target, order=job.engine_order, routes=job.routes, engines=engines,
                              pivot=job.pivot, where=str(job_path))
        found = isinstance(route, Route)
        routes.append({"target": target, "route": str(route) if found else None,
                       "reason": None if found else str(route)})
    return data | {"job": str(job_path), "source": from_code, "routes": routes}
