"""Commands that read and translate articles: run, translate, inspect, publish."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import err, handle_errors, is_terminal, optional_job_path, split_codes
from translator.errors import ExitStatus, UsageError

JobArg = Annotated[Path, typer.Argument(help="Job file (TOML).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or table; errors still go to stderr.")]
Beam = Annotated[int | None, typer.Option("--beam-size", help="Argos: beam size.")]
Compute = Annotated[str | None, typer.Option("--compute-type", help="Argos: int8, int8_float16, float32, auto.")]
Device = Annotated[str | None, typer.Option("--device", help="Argos: cpu, cuda or auto.")]
Inter = Annotated[int | None, typer.Option("--inter-threads", help="Argos: translators run in parallel.")]
Intra = Annotated[int | None, typer.Option("--intra-threads", help="Argos: threads per translator.")]
ModelsDir = Annotated[Path | None, typer.Option("--models-dir", help="Argos: our models folder.")]


def _argos_options(job, **options) -> None:
    """Command-line Argos settings override the job's [engines.argos] table."""
    if options.get("device") not in (None, "cpu", "cuda", "auto"):
        raise UsageError(f"--device must be cpu, cuda or auto, not {options['device']!r}")
    given = {k: (str(v) if isinstance(v, Path) else v) for k, v in options.items() if v is not None}
    job.engine_options.setdefault("argos", {}).update(given)


def _execute(job, quiet: bool, use_engines: bool = True) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from translator.pipeline import run

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), disable=quiet or not is_terminal(), transient=True) as bar:
        task = bar.add_task("translating", total=None)

        def advance(article: str, language: str, total: int) -> None:
            bar.update(task, advance=1, total=total, description=f"{article} → {language}")

        report = run(job, progress=advance, use_engines=use_engines)
    for failure in report.failures:
        err(f"Error: {failure['error']}")
    for warning in report.warnings:
        err(f"Warning: {warning}")
    for row in report.rows:
        if row.status == "failed":
            err(f"Error: {row.article} [{row.language}]: {row.error}")
    if not quiet:
        _summary(report, job)
    published = any(row.files for row in report.rows)
    if report.partial:
        raise typer.Exit(int(ExitStatus.PARTIAL if published else ExitStatus.ERROR))


def _summary(report, job) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Run summary")
    numbers = ("units", "reused", "translated", "words", "seconds", "terms ok/missed")
    for column in ("language", "article", "route", *numbers, "status"):
        table.add_column(column, justify="right" if column in numbers else "left")
    for row in report.rows:
        terms = f"{row.glossary_hits}/{row.glossary_misses}" if row.glossary_hits or row.glossary_misses else "—"
        table.add_row(row.language, row.article, row.route, str(row.units), str(row.reused), str(row.translated),
                      str(row.words), f"{row.seconds:.2f}", terms, row.status)
    console = Console(width=max(Console().width, 130))
    console.print(table)
    for row in report.rows:
        if row.status in ("human", "held"):
            console.print(f"{row.language} {row.article}: {row.status}: {row.error}", highlight=False)
    console.print(f"Editions: {job.output}/<language>/   Catalogs: {job.locales}/   Report: {job.output}/report.json"
                  f"   Terms: {job.output}/glossary-matrix.md", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command("run")
    @handle_errors
    def run_command(
        job_file: JobArg = Path("translator.toml"),
        quiet: Quiet = False,
        beam_size: Beam = None, compute_type: Compute = None, device: Device = None,
        inter_threads: Inter = None, intra_threads: Intra = None, models_dir: ModelsDir = None,
    ) -> None:
        """Run a job file: translate every input into every target and publish the editions.

        Example: translator run translator.toml
        """
        from translator.job import load_job

        job = load_job(job_file)
        _argos_options(job, beam_size=beam_size, compute_type=compute_type, device=device,
                       inter_threads=inter_threads, intra_threads=intra_threads, models_dir=models_dir)
        _execute(job, quiet)

    @app.command("translate")
    @handle_errors
    def translate_command(
        files: Annotated[list[Path], typer.Argument(help="Article files.")],
        to: Annotated[str, typer.Option("--to", help="Target languages, comma-separated.")],
        source: Annotated[str, typer.Option("--from", help="Source language, or auto.")] = "auto",
        engine: Annotated[str | None, typer.Option("--engine", help="Use only this engine.")] = None,
        glossary: Annotated[list[Path] | None, typer.Option("--glossary", help="Glossary file (repeatable).")] = None,
        output: Annotated[Path, typer.Option("--output", help="Editions folder.")] = Path("output"),
        locales: Annotated[Path, typer.Option("--locales", help="Catalogs folder.")] = Path("locales"),
        formats: Annotated[str, typer.Option("--format", help="Edition formats: md,html,txt,json.")] = "md,html,json",
        quiet: Quiet = False,
        beam_size: Beam = None, compute_type: Compute = None, device: Device = None,
        inter_threads: Inter = None, intra_threads: Intra = None, models_dir: ModelsDir = None,
    ) -> None:
        """Translate files without a job file (options not given take the job defaults).

        Example: translator translate input/story.txt --to ru,uk --from en
        """
        from translator.job import job_from_dict

        targets = split_codes(to)
        if not targets:
            raise UsageError("--to needs at least one language code, e.g. --to ru,uk")
        data: dict = {"inputs": [str(f.resolve()) for f in files], "targets": targets, "source": source,
                      "output": str(output), "locales": str(locales), "formats": split_codes(formats)}
        if glossary:
            data["glossaries"] = [str(g.resolve()) for g in glossary]
        if engine:
            data["engines"] = {"order": [engine]}
        job = job_from_dict(data, Path.cwd(), "translate")
        _argos_options(job, beam_size=beam_size, compute_type=compute_type, device=device,
                       inter_threads=inter_threads, intra_threads=intra_threads, models_dir=models_dir)
        _execute(job, quiet)

    @app.command("publish")
    @handle_errors
    def publish_command(
        job_file: JobArg = Path("translator.toml"),
        approved_only: Annotated[bool, typer.Option("--approved-only", help="Hold back languages with "
                                                    "unapproved units.")] = False,
        quiet: Quiet = False,
    ) -> None:
        """Rebuild the editions from the catalogs, with no engine call.

        Example: translator publish --approved-only
        """
        from translator.job import load_job

        job = load_job(job_file)
        job.approved_only = approved_only
        _execute(job, quiet, use_engines=False)

    @app.command("inspect")
    @handle_errors
    def inspect_command(
        file: Annotated[Path, typer.Argument(help="Article file.")],
        output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
        source: Annotated[str, typer.Option("--from", help="Source language, or auto.")] = "auto",
        job_file: Annotated[Path | None, typer.Option("--job", help="Job whose boilerplate patterns apply "
                                                      "(default: ./translator.toml if present).")] = None,
    ) -> None:
        """Show how a file is read: blocks with kind, text and sentences, and its language.

        Example: translator inspect input/nato-russia-talks.txt --format json
        """
        from translator.job import load_job
        from translator.readers import read_article

        if output_format not in ("text", "json"):
            raise UsageError(f"--format must be text or json, not {output_format!r}")
        patterns: list[str] = []
        job_path = optional_job_path(job_file)
        if job_path is not None:
            patterns = load_job(job_path).boilerplate_patterns
        article = read_article(file, language=source, boilerplate=patterns)
        for warning in article.warnings:
            err(f"Warning: {warning}")
        if output_format == "json":
            shape = {
                "slug": article.slug,
                "language": article.language,
                "confidence": article.language_confidence,
                "blocks": [{"kind": b.kind.value, "text": b.text, "sentences": b.sentences, "line": b.line}
                           for b in article.blocks],
            }
            typer.echo(json.dumps(shape, ensure_ascii=False, indent=2))
            return
        confidence = f" (detected, confidence {article.language_confidence:.2f})" if article.language_confidence else ""
        typer.echo(f"{article.path}: slug {article.slug}, language {article.language}{confidence}")
        for block in article.blocks:
            typer.echo(f"\n[{block.kind.value}] line {block.line}")
            for sentence in block.sentences:
                typer.echo(f"  · {sentence}")
