"""`translator engines`: which engines run here, their pairs, and the route each job target gets."""

from __future__ import annotations

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
        source: Annotated[str, typer.Option("--from", help="Source language for the routes.")] = "en",
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
        from_code = source if job.source == "auto" else job.source
        engines = EngineSet(lambda name: create_engine(name, job.engine_options.get(name)))
        typer.echo(f"\nRoutes of {job_path} (from {from_code}):")
        for target in job.targets:
            route = resolve_route(from_code, target, order=job.engine_order, routes=job.routes, engines=engines,
                                  pivot=job.pivot, where=str(job_path))
            if isinstance(route, Route):
                typer.echo(f"  {target:4} {route}")
            else:
                typer.echo(f"  {target:4} human translation (no machine route: {route})")
