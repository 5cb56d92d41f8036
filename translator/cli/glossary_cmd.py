"""`translator glossary`: lint, show, check, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import handle_errors, load_job_or_default
from translator.errors import ExitStatus, UsageError

glossary_app = typer.Typer(help="Term glossaries.\n\nExample: translator glossary lint", no_args_is_help=True)
Files = Annotated[list[Path] | None, typer.Argument(help="Glossary files (default: the job's glossaries).")]
JobOpt = Annotated[Path | None, typer.Option("--job", help="Job file (default: ./translator.toml).")]


def _files(files: list[Path] | None, job_file: Path | None) -> list[Path]:
    if files:
        return files
    found = load_job_or_default(job_file).glossary_files()
    if not found:
        raise UsageError("no glossary files: name them, or set `glossaries` in the job")
    return found


@glossary_app.command("lint")
@handle_errors
def lint_command(files: Files = None, job_file: JobOpt = None) -> None:
    """Find duplicates, conflicts, empty rows, bad codes, stray spaces and '=' written out.

    Example: translator glossary lint glossaries/newsroom.tsv
    """
    from translator.glossary.lint import lint_files

    findings = lint_files(_files(files, job_file))
    for finding in findings:
        typer.echo(finding)
    if findings:
        typer.echo(f"{len(findings)} findings", err=True)
        raise typer.Exit(int(ExitStatus.ERROR))
    typer.echo("clean")


@glossary_app.command("show")
@handle_errors
def show_command(term: Annotated[str, typer.Argument(help="Source term.")], job_file: JobOpt = None) -> None:
    """Show a term in every language.

    Example: translator glossary show "NATO-Russia Council"
    """
    from translator.glossary import load_glossaries

    glossary = load_glossaries(_files(None, job_file))
    found = glossary.find(term)
    if found is None:
        typer.echo(f"Error: {term!r} is not in the glossary", err=True)
        raise typer.Exit(int(ExitStatus.ERROR))
    typer.echo(f"{glossary.source_language}: {found.source}   (case: {found.case}; {found.origin})")
    if found.note:
        typer.echo(f"note: {found.note}")
    for language in glossary.languages:
        form = found.target(language)
        typer.echo(f"{language}: {form if form is not None else '— (no entry)'}")


@glossary_app.command("check")
@handle_errors
def check_command(job_file: JobOpt = None) -> None:
    """Check the catalogs of a job against its glossary: per language, terms kept, missed, units flagged.

    Example: translator glossary check
    """
    from translator.review import glossary_check

    rows = glossary_check(load_job_or_default(job_file))
    typer.echo(f"{'language':9} {'kept':>6} {'missed':>7} {'flagged':>8}")
    for language, counts in rows.items():
        typer.echo(f"{language:9} {counts['kept']:6} {counts['missed']:7} {counts['flagged']:8}")
        for miss in counts["misses"]:
            typer.echo(f"          miss: {miss}")


@glossary_app.command("import")
@handle_errors
def import_command(
    source: Annotated[Path, typer.Argument(help="A .tbx or .csv glossary.")],
    output: Annotated[Path, typer.Option("--output", help="TSV file to write.")],
) -> None:
    """Convert a TBX or CSV glossary to the TSV editors maintain.

    Example: translator glossary import terms.tbx --output glossaries/imported.tsv
    """
    from translator.glossary.formats import read_glossary, write_tsv

    glossary = read_glossary(source)
    write_tsv(glossary, output)
    typer.echo(f"{len(glossary.terms)} terms written to {output}")


@glossary_app.command("export")
@handle_errors
def export_command(
    output: Annotated[Path, typer.Option("--output", help="File to write: .tbx, .csv or .tsv.")],
    files: Files = None,
    job_file: JobOpt = None,
) -> None:
    """Export the merged glossaries as TBX, CSV or TSV.

    Example: translator glossary export --output glossary.tbx
    """
    from translator.glossary import load_glossaries
    from translator.glossary.formats import WRITERS

    writer = WRITERS.get(output.suffix.lower())
    if writer is None:
        raise UsageError(f"{output}: export to .tbx, .csv or .tsv")
    glossary = load_glossaries(_files(files, job_file))
    writer(glossary, output)
    typer.echo(f"{len(glossary.terms)} terms written to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(glossary_app, name="glossary")
