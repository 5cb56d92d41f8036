"""Commands that read and translate articles: run, translate, inspect, publish."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer

from translator.cli.common import (
    check_output_format,
    echo_json,
    err,
    handle_errors,
    is_terminal,
    optional_job_path,
    say,
    split_codes,
)
from translator.engines.options import BadValue
from translator.errors import ExitStatus, UsageError

JobArg = Annotated[Path, typer.Argument(help="Job file (TOML).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or table; errors still go to stderr.")]
Policy = Annotated[str | None, typer.Option("--policy", help="Publish under this policy: qa (machine text with a "
                                            "blocking finding is held), approved-only, machine. Default: the job's, "
                                            "else qa.")]
ReportFormat = Annotated[str, typer.Option("--format", help="The report on stdout: text (the summary table) or json "
                                            "(what output/report.json holds).")]
Cluster = Annotated[str | None, typer.Option("--cluster", help="Run engine work on Dask: local, local:N (workers "
                                             "on this machine) or a scheduler address, tcp://host:8786.")]


def with_engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command the flags the engines declare (translator/engines: Option.flag, e.g. Argos's --beam-size);
    they reach it as one dict, `engine_flags`: engine -> {option: value} of the flags given."""
    from translator.engines import flagged_options

    flagged = {f"engine_option_{i}": item for i, item in enumerate(flagged_options())}  # any engine's names
    signature = inspect.signature(command)
    hints = get_type_hints(command, include_extras=True)  # typer reads resolved annotations, not strings
    extra = [inspect.Parameter(param, inspect.Parameter.KEYWORD_ONLY, default=None,
                               annotation=Annotated[option.kind | None, typer.Option(
                                   option.flag, help=f"{engine.capitalize()}: {option.help}")])
             for param, (engine, option) in flagged.items()]
    params = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != "engine_flags"]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        given: dict[str, dict[str, Any]] = {}
        for param, (engine, option) in flagged.items():
            if (value := kwargs.pop(param)) is not None:
                given.setdefault(engine, {})[option.name] = value
        return command(*args, engine_flags=given, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params + extra)  # what typer reads
    del wrapper.__wrapped__  # so inspect.signature sees the new parameters, not the command's own
    return wrapper


def cli_overrides(policy: str | None, engine_flags: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The command line's settings shaped like the job's TOML, validated with it (the job is never edited after).
    An engine's options go in its own top-level table where it has one (Argos: [argos], whose options win over
    [engines.argos], as the command line's must), else in [engines.<name>]; a value outside an option's choices is
    a usage error."""
    from translator.engines import engine_class
    from translator.job_schema import PUBLISH_POLICIES

    overrides: dict[str, Any] = {}
    if policy is not None:
        if policy not in PUBLISH_POLICIES:
            raise UsageError(f"--policy must be one of {', '.join(PUBLISH_POLICIES)}, not {policy!r}")
        overrides["publish"] = {"policy": policy}
    for engine, given in engine_flags.items():
        declared = {option.name: option for option in engine_class(engine).options}
        for name, value in given.items():
            choices = declared[name].choices
            if choices and value not in choices:
                listed = f"{', '.join(choices[:-1])} or {choices[-1]}" if len(choices) > 1 else choices[0]
                raise UsageError(f"{declared[name].flag} must be {listed}, not {value!r}")
            try:  # the flag's own error, not one that blames the job file for a value the command line gave
                declared[name].check(str(value) if isinstance(value, Path) else value)
            except BadValue as exc:
                raise UsageError(f"{declared[name].flag} {exc}") from exc
        values = {k: (str(v) if isinstance(v, Path) else v) for k, v in given.items()}
        table = engine_class(engine).job_table
        if table:
            overrides.setdefault(table, {}).update(values)
        else:
            overrides.setdefault("engines", {}).setdefault(engine, {}).update(values)
    return overrides


def run_with_progress(job, quiet: bool, mode=None, cluster: str | None = None, report_format: str = "text") -> None:
    """Run `job` with a progress bar on a terminal, then print its report (text or JSON) and exit by its outcome."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from translator.execute import open_executor
    from translator.run.pipeline import run
    from translator.run.records import Mode
    from translator.run.report import Status

    mode = mode or Mode.TRANSLATE
    cluster = cluster or job.cluster if mode is Mode.TRANSLATE else None  # publishing calls no engine
    executor = open_executor(cluster, job.engine_options, tls=job.cluster_tls)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=Console(stderr=True), disable=quiet or not is_terminal(), transient=True) as bar:
            task = bar.add_task("translating", total=None)
            if executor is not None:
                chunks = bar.add_task("engine chunks", total=None)
                executor.on_chunk = lambda done, total: bar.update(chunks, completed=done, total=total)

            def advance(article: str, language: str, total: int) -> None:
                bar.update(task, advance=1, total=total, description=f"{article} → {language}")

            report = run(job, mode, progress=advance, executor=executor)
    finally:
        if executor is not None:
            executor.close()
    for failure in report.failures:
        err(f"Error: {failure['error']}")
    for warning in report.warnings:
        err(f"Warning: {warning}")
    for row in report.rows:
        if row.status is Status.FAILED:
            err(f"Error: {row.article} [{row.language}]: {row.error}")
    if report_format == "json":
        echo_json(report.to_dict())
    elif not quiet:
        _summary(report, job)
    if report.exit_status is not ExitStatus.OK:
        raise typer.Exit(int(report.exit_status))


def _summary(report, job) -> None:
    from rich.console import Console
    from rich.table import Table

    from translator.text.escape import terminal

    table = Table(title="Run summary")
    numbers = ("units", "reused", "translated", "words", "seconds", "terms ok/missed")
    for column in ("language", "article", "route", *numbers, "status"):
        table.add_column(column, justify="right" if column in numbers else "left")
    unchanged: dict[tuple, list] = {}  # skipped rows: one line per language, route and status
    for row in report.rows:
        if row.skipped:
            unchanged.setdefault((row.language, row.route, str(row.status)), []).append(row)
            continue
        table.add_row(*(terminal(str(value)) for value in (
            row.language, row.article, row.route, row.units, row.reused, row.translated, row.words,
            f"{row.seconds:.2f}", _terms(row.glossary_hits, row.glossary_misses), row.status)))
    for (language, route, status), rows in unchanged.items():
        table.add_row(*(terminal(str(value)) for value in (
            language, f"{len(rows)} unchanged" if len(rows) > 1 else f"{rows[0].article} (unchanged)", route,
            sum(r.units for r in rows), sum(r.reused for r in rows), 0, sum(r.words for r in rows), "0.00",
            _terms(sum(r.glossary_hits for r in rows), sum(r.glossary_misses for r in rows)), status)))
    console = Console(width=max(Console().width, 130))
    console.print(table)
    for line in explanations(report.rows):
        console.print(terminal(line), highlight=False, markup=False)
    console.print(f"Engine work ran on: {report.ran_on}", highlight=False)
    console.print(_glossary_line(job), highlight=False, soft_wrap=True)
    console.print(f"Editions: {job.output}/<language>/   Catalogs: {job.locales}/   Report: {job.output}/report.json"
                  f"   Terms: {job.output}/glossary-matrix.md", highlight=False)


def _terms(hits: int, misses: int) -> str:
    return f"{hits}/{misses}" if hits or misses else "—"


def translate_folders(output: Path | None, locales: Path | None) -> tuple[Path, Path]:
    """Where a one-off translation writes: a named --output holds everything it made, catalogs in
    <output>/locales (no language is called "locales"), so `--output out` leaves nothing in ./locales; with no
    --output, the job defaults (output/, locales/)."""
    if output is None:
        return Path("output"), locales or Path("locales")
    return output, locales or output / "locales"


def explanations(rows) -> list[str]:
    """Why rows were not published, each reason once per language: "ru story: held: why" for one article; when
    several articles share it (no machine route for fa, in every article of the job), the reason and then the
    articles."""
    from translator.run.report import Status

    groups: dict[tuple[str, str, str], list[str]] = {}
    for row in rows:
        if row.status in (Status.HUMAN, Status.HELD, Status.STALE, Status.WITHDRAWN):
            groups.setdefault((row.language, str(row.status), str(row.error)), []).append(row.article)
    lines = []
    for (language, status, reason), articles in groups.items():
        if len(articles) == 1:
            lines.append(f"{language} {articles[0]}: {status}: {reason}")
        else:
            lines += [f"{language}: {status}: {reason}", f"  {len(articles)} articles: {', '.join(articles)}"]
    return lines


def _glossary_line(job) -> str:
    """Which glossaries the run used and how many terms each brought (a later file may override an earlier)."""
    from translator.glossary.load import read_glossary

    files = job.glossary_files()
    if not files:
        return "Glossaries: none"
    return "Glossaries: " + ", ".join(f"{_shown(path, job.root)} ({len(read_glossary(path).terms)} terms)"
                                      for path in files)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def register(app: typer.Typer) -> None:
    @app.command("run")
    @handle_errors
    @with_engine_options
    def run_command(job_file: JobArg = Path("translator.toml"), quiet: Quiet = False, policy: Policy = None,
                    cluster: Cluster = None, report_format: ReportFormat = "text", *,
                    engine_flags: dict) -> None:
        """Run a job file: translate every input into every target and publish the editions.

        Example: translator run translator.toml --format json
        """
        from translator.job import load_job

        check_output_format(report_format)
        job = load_job(job_file, cli_overrides(policy, engine_flags))
        run_with_progress(job, quiet or report_format == "json", cluster=cluster, report_format=report_format)

    @app.command("translate")
    @handle_errors
    @with_engine_options
    def translate_command(
        files: Annotated[list[Path], typer.Argument(help="Article files.")],
        to: Annotated[str, typer.Option("--to", help="Target languages, comma-separated.")],
        source: Annotated[str, typer.Option("--from", help="Source language, or auto.")] = "auto",
        engine: Annotated[str | None, typer.Option("--engine", help="Use only this engine.")] = None,
        glossary: Annotated[list[Path] | None, typer.Option("--glossary", help="Glossary file, added to the job's "
                                                            "glossaries/*.tsv (repeatable).")] = None,
        no_default_glossary: Annotated[bool, typer.Option("--no-default-glossary", help="Leave glossaries/*.tsv "
                                                          "out; only --glossary files are used.")] = False,
        output: Annotated[Path | None, typer.Option("--output", help="Editions folder, and the catalogs' "
                                                    "(<output>/locales) unless --locales says otherwise. Default: "
                                                    "output (catalogs in locales).")] = None,
        locales: Annotated[Path | None, typer.Option("--locales", help="Catalogs folder.")] = None,
        formats: Annotated[str, typer.Option("--format", help="Edition formats: md,html,txt,json.")] = "md,html,json",
        quiet: Quiet = False,
        policy: Policy = None,
        cluster: Cluster = None,
        *, engine_flags: dict,
    ) -> None:
        """Translate files without a job file (options not given take the job defaults).

        Example: translator translate input/story.txt --to ru,uk --from en
        """
        from translator.job import job_from_dict, with_overrides

        targets = split_codes(to)
        if not targets:
            raise UsageError("--to needs at least one language code, e.g. --to ru,uk")
        output, locales = translate_folders(output, locales)
        data: dict = {"inputs": [str(f.resolve()) for f in files], "targets": targets, "source": source,
                      "output": str(output), "locales": str(locales), "formats": split_codes(formats)}
        if glossary:
            from translator.job_schema import DEFAULT_GLOSSARIES

            # --glossary adds to the desk's glossaries: replacing them silently dropped their terms.
            data["glossaries"] = [*([] if no_default_glossary else DEFAULT_GLOSSARIES),
                                  *(str(g.resolve()) for g in glossary)]
        elif no_default_glossary:
            data["glossaries"] = []  # no glossary at all
        if engine:
            data["engines"] = {"order": [engine]}
        job = job_from_dict(with_overrides(data, cli_overrides(policy, engine_flags)), Path.cwd(), "translate")
        run_with_progress(job, quiet, cluster=cluster)

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
        from translator.run.records import Mode

        run_with_progress(load_job(job_file), quiet, Mode.PUBLISH_APPROVED if approved_only else Mode.PUBLISH)

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
            echo_json(shape)
            return
        confidence = f" (detected, confidence {article.language_confidence:.2f})" if article.language_confidence else ""
        say(f"{article.path}: slug {article.slug}, language {article.language}{confidence}")
        for block in article.blocks:
            say(f"\n[{block.kind.value}] line {block.line}")
            for sentence in block.sentences:
                say(f"  · {sentence}")
