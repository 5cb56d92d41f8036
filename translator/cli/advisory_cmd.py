"""`translator advisory`: corrections, refiles, repeats, kills and holds, applied to every language of a story."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import command_group, handle_errors, load_job_or_default

advisory_app = command_group("Advisories about published stories, in every language at once.\n\n"
                             "Example: translator advisory correct nato-russia-talks --note \"...\"")
Slug = Annotated[str, typer.Argument(help="The article's slug (its file name without extension).")]
JobOpt = Annotated[Path | None, typer.Option("--job", help="Job file (default: ./translator.toml).")]
NoRun = Annotated[bool, typer.Option("--no-run", help="Only record the advisory; the next run applies it.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")]


def _issue(action_name: str, slug: str, job_file: Path | None, note: str = "", then_run: bool = False,
           quiet: bool = False) -> None:
    from translator.advisories.log import Action
    from translator.run.advise import issue

    job = load_job_or_default(job_file)
    advisory = issue(job, Action(action_name), slug, note)
    typer.echo(f"{advisory.action.value} {slug} ({', '.join(advisory.languages)}) recorded at {advisory.time}")
    if then_run:
        from translator.cli.articles import run_with_progress

        run_with_progress(job, quiet)


@advisory_app.command("correct")
@handle_errors
def correct_command(
    slug: Slug,
    note: Annotated[str, typer.Option("--note", help="What changed and where, for the readers.")],
    job_file: JobOpt = None, no_run: NoRun = False, quiet: Quiet = False,
) -> None:
    """CORRECTED: republish every language with a correction note (edit the source article first).

    The changed sentences and the note are translated by the run and come first in `review next`.

    Example: translator advisory correct nato-russia-talks --note "An earlier version misstated the date."
    """
    _issue("correct", slug, job_file, note, then_run=not no_run, quiet=quiet)


@advisory_app.command("refile")
@handle_errors
def refile_command(slug: Slug, job_file: JobOpt = None, no_run: NoRun = False, quiet: Quiet = False) -> None:
    """REFILE: republish every language after a non-substantive change, without a note.

    Example: translator advisory refile nato-russia-talks
    """
    _issue("refile", slug, job_file, then_run=not no_run, quiet=quiet)


@advisory_app.command("repeat")
@handle_errors
def repeat_command(slug: Slug, job_file: JobOpt = None, no_run: NoRun = False, quiet: Quiet = False) -> None:
    """REPEAT: republish every language as it is.

    Example: translator advisory repeat nato-russia-talks
    """
    _issue("repeat", slug, job_file, then_run=not no_run, quiet=quiet)


@advisory_app.command("kill")
@handle_errors
def kill_command(
    slug: Slug,
    reason: Annotated[str, typer.Option("--reason", help="Why the story is withdrawn, for the desk.")],
    job_file: JobOpt = None,
) -> None:
    """STORY WITHDRAWN: take every language edition down now; no run republishes it until released.

    Example: translator advisory kill nato-russia-talks --reason "Legal: do not use."
    """
    _issue("kill", slug, job_file, reason)


@advisory_app.command("hold")
@handle_errors
def hold_command(
    slug: Slug,
    reason: Annotated[str, typer.Option("--reason", help="Why the story is held.")] = "",
    job_file: JobOpt = None,
) -> None:
    """HOLD: publish nothing new of the story in any language until released.

    Example: translator advisory hold nato-russia-talks --reason "Awaiting confirmation."
    """
    _issue("hold", slug, job_file, reason)


@advisory_app.command("release")
@handle_errors
def release_command(slug: Slug, job_file: JobOpt = None, no_run: NoRun = False, quiet: Quiet = False) -> None:
    """Lift a hold or a kill; the run that follows publishes the story again.

    Example: translator advisory release nato-russia-talks
    """
    _issue("release", slug, job_file, then_run=not no_run, quiet=quiet)


@advisory_app.command("list")
@handle_errors
def list_command(
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    job_file: JobOpt = None,
) -> None:
    """What is held, killed, corrected, refiled or repeated, per article and language, with times.

    Example: translator advisory list --format json
    """
    from translator.advisories.desk import listing
    from translator.errors import UsageError

    if output_format not in ("text", "json"):
        raise UsageError(f"--format must be text or json, not {output_format!r}")
    rows = listing(load_job_or_default(job_file))
    if output_format == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{'article':30} {'lang':5} {'status':10} {'since':25} {'revision':12} stale")
    for r in rows:
        typer.echo(f"{r['article']:30} {r['language']:5} {r['status']:10} {r['since']:25} {r['revision']:12} "
                   f"{'stale' if r['stale'] else ''}".rstrip())


def register(app: typer.Typer) -> None:
    app.add_typer(advisory_app, name="advisory")
