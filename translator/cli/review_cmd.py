"""`translator review` and `translator memory`: catalog status, what to review next, TMX/XLIFF export and
import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import (
    check_output_format,
    command_group,
    echo_json,
    handle_errors,
    language_tag,
    load_job_or_default,
    say,
)

review_app = command_group("Review the catalogs.\n\nExample: translator review status")
memory_app = command_group("Translation memory.\n\nExample: translator memory export --format tmx --lang ru")
JobOpt = Annotated[Path | None, typer.Option("--job", help="Job file (default: ./translator.toml).")]


@review_app.command("status")
@handle_errors
def status_command(
    lang: Annotated[str | None, typer.Option("--lang", help="Only this language.")] = None,
    job_file: JobOpt = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Per language and article: units, machine, approved, empty, obsolete, last change (and stale: a catalog
    still on an older source revision than the story's latest advisory); then units per risk band and per check.

    Example: translator review status --lang ru --format json
    """
    from dataclasses import asdict

    from translator.review.queue import review_status, review_units, risk_counts

    check_output_format(output_format)
    job = load_job_or_default(job_file)
    lang = language_tag(lang)
    rows = review_status(job, lang)
    if output_format == "json":
        risk = {language: {"bands": {band: counts["bands"][band] for band in ("high", "medium", "low")},
                           "checks": dict(sorted(counts["checks"].items()))}
                for language, counts in risk_counts(review_units(job, lang)).items()}
        echo_json({"catalogs": [asdict(r) for r in rows], "risk": risk})
        return
    stale = any(r.stale for r in rows)  # the column appears once a catalog lags behind a correction
    typer.echo(f"{'lang':5} {'article':30} {'units':>5} {'machine':>7} {'approved':>8} {'empty':>5} "
               f"{'obsolete':>8}  {'last change':22}{'  stale' if stale else ''}".rstrip())
    for r in rows:
        line = (f"{r.language:5} {r.article:30} {r.units:5} {r.machine:7} {r.approved:8} {r.empty:5} "
                f"{r.obsolete:8}  {r.last_change:22}" + (f"  {'stale ' + r.stale if r.stale else ''}" if stale else ""))
        typer.echo(line.rstrip())
    for language, counts in risk_counts(review_units(job, lang)).items():
        bands = ", ".join(f"{band} {counts['bands'][band]}" for band in ("high", "medium", "low"))
        checks = ", ".join(f"{check} {n}" for check, n in sorted(counts["checks"].items())) or "none"
        typer.echo(f"\n{language}: risk {bands}; findings by check: {checks}")


@review_app.command("next")
@handle_errors
def next_command(
    lang: Annotated[str | None, typer.Option("--lang", help="Only this language.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many units.")] = 20,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    job_file: JobOpt = None,
) -> None:
    """The units most in need of a look, riskiest first: findings, engine confidence and prominence.

    Example: translator review next --lang ru --format json
    """
    from translator.errors import UsageError
    from translator.review.queue import review_next

    if output_format not in ("text", "json"):
        raise UsageError(f"--format must be text or json, not {output_format!r}")
    units = review_next(load_job_or_default(job_file), language_tag(lang), limit)
    if output_format == "json":
        echo_json([u.to_json() for u in units])
        return
    for u in units:
        findings = "".join(f"\n  ! {f.check} ({f.severity}): {f.detail}" for f in u.findings)
        say(f"[{u.band} {u.risk:.2f}] {u.language} {u.catalog}:{u.line} ({u.kind}, {u.state})\n"
            f"  {u.source}\n  → {u.target or '—'}{findings}\n")


@review_app.command("page")
@handle_errors
def page_command(
    lang: Annotated[str | None, typer.Option("--lang", help="Only this language.")] = None,
    job_file: JobOpt = None,
) -> None:
    """Write the review pages: source and target side by side, state, risk, findings, terms; works offline.

    Example: translator review page --lang sr
    """
    from translator.review.queue import write_review

    paths = write_review(load_job_or_default(job_file), language_tag(lang))
    typer.echo(f"{len(paths) - 1} review pages; open {paths[-1]}" if paths else "no catalogs to review")


@review_app.command("serve")
@handle_errors
def serve_command(
    job_file: JobOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; another than loopback lets other "
                                      "machines reach the app (the token still guards it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port; 0 picks a free one.")] = 8765,
    reviewer: Annotated[str | None, typer.Option("--reviewer", help="Name recorded with each approval "
                                                 "(default: $TRANSLATOR_REVIEWER, else the login name).")] = None,
) -> None:
    """Start the review app: each language's queue riskiest first, articles side by side, edit, approve,
    publish; prints its URL with the access token. Ctrl-C stops it.

    Example: translator review serve --port 0 --reviewer "Ana Lima"
    """
    from translator.cli.common import err
    from translator.review_app.app import Settings, create_app
    from translator.review_app.server import LOOPBACK, bind, is_loopback, new_token, reviewer_name, serve, url_of

    job = load_job_or_default(job_file)
    token = new_token()
    sock = bind(host, port)
    # On loopback only a loopback Host is served (a rebinding DNS name is refused); elsewhere any name of the host.
    hosts = LOOPBACK if is_loopback(host) else None
    app = create_app(Settings(job=job, token=token, reviewer=reviewer_name(reviewer), hosts=hosts))
    if not is_loopback(host):
        err(f"Warning: listening on {host}: other machines can reach the review app; share its URL only with "
            "reviewers")
    typer.echo(f"Review app: {url_of(sock, token)}", nl=True)
    import sys

    sys.stdout.flush()
    serve(app, sock)


EXPORT_FORMATS = {"tmx": "tmx", "xliff": "xlf"}


@memory_app.command("export")
@handle_errors
def export_command(
    lang: Annotated[str, typer.Option("--lang", help="Target language.")],
    output_format: Annotated[str, typer.Option("--format", help="tmx (approved units) or xliff (every unit, "
                                               "with its state and notes).")] = "tmx",
    output: Annotated[Path | None, typer.Option("--output", help="File (default: output/memory-<lang>.tmx or "
                                                ".xlf).")] = None,
    job_file: JobOpt = None,
) -> None:
    """Export a language's catalogs: approved units as TMX 1.4, or every unit as XLIFF 1.2.

    Example: translator memory export --format xliff --lang ru
    """
    from translator.errors import UsageError

    if output_format not in EXPORT_FORMATS:
        raise UsageError(f"--format must be tmx or xliff, not {output_format!r}")
    job, lang = load_job_or_default(job_file), language_tag(lang)
    path = output or job.output / f"memory-{lang}.{EXPORT_FORMATS[output_format]}"
    from translator.advisories.texts import source_languages

    source = None if job.source == "auto" else job.source
    if output_format == "tmx":
        from translator.memory.tmx import export_tmx

        count = export_tmx(job.locales, lang, path, source, source_languages())
        typer.echo(f"{count} approved units written to {path}")
    else:
        from translator.memory.xliff import export_xliff

        typer.echo(f"{export_xliff(job.locales, lang, path, source, source_languages())} units written to {path}")


@memory_app.command("import")
@handle_errors
def import_command(
    file: Annotated[Path, typer.Argument(help="A TMX 1.4 or XLIFF 1.2/2.x file another tool wrote.")],
    lang: Annotated[str, typer.Option("--lang", help="Target language of the units to import.")],
    state: Annotated[str, typer.Option("--state", help="approved (reused like approved catalog entries) or fuzzy "
                                       "(reused as machine text is, shown to reviewers).")] = "fuzzy",
    job_file: JobOpt = None,
) -> None:
    """Import a translation memory into locales/<lang>/_memory.po: its exact matches are reused by the next run,
    its close ones offered as suggestions. Approved catalog entries are never changed: a different text for
    their sentence is reported as a conflict.

    Example: translator memory import desk-2025.tmx --lang es --state approved
    """
    from translator.memory.imported import import_memory

    job, lang = load_job_or_default(job_file), language_tag(lang)
    report = import_memory(job.locales, lang, file, state)
    typer.echo(f"{report.file_format} {file}: {report.added} added, {report.updated} updated, {report.unchanged} "
               f"unchanged ({report.approved} approved) in {report.path}")
    for conflict in report.conflicts:
        say(f"conflict: {conflict.catalog}:{conflict.line} keeps its approved {conflict.approved!r}; "
            f"{file.name} has {conflict.imported!r} for {conflict.source!r}")
    if report.conflicts:
        say(f"{len(report.conflicts)} conflicts with approved catalog entries (kept as approved)")
    for line, first in report.duplicates:
        say(f"duplicate: {file.name}:{line} translates the sentence of line {first} again; the first unit is kept")


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
    app.add_typer(memory_app, name="memory")
