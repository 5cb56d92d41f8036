"""`translator glossary`: lint, show, check, import, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import command_group, handle_errors, load_job_or_default, say
from translator.errors import ExitStatus, UsageError

glossary_app = command_group("Term glossaries.\n\nExample: translator glossary lint")
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
        say(finding)
    if findings:
        say(f"{len(findings)} findings", err=True)
        raise typer.Exit(int(ExitStatus.ERROR))
    say("clean")


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
        say(f"Error: {term!r} is not in the glossary", err=True)
        raise typer.Exit(int(ExitStatus.ERROR))
    from translator.glossary.formats import described_note

    say(f"{glossary.source_language}: {found.source}   (case: {found.case}; {found.origin})")
    if note := described_note(found):
        say(f"note: {note}")
    for language in glossary.languages:
        form = found.target(language)
        others = [*found.alternatives(language), *(f"not {f}" for f in found.forbidden_forms(language))]
        say(f"{language}: {form if form is not None else '— (no entry)'}"
            + (f"   ({'; '.join(others)})" if others else ""))


@glossary_app.command("check")
@handle_errors
def check_command(job_file: JobOpt = None) -> None:
    """Check the catalogs of a job against its glossary: per language, terms kept, missed, units flagged, and
    every deprecated (forbidden) form a translation uses.

    Example: translator glossary check
    """
    from translator.review.queue import glossary_check

    rows = glossary_check(load_job_or_default(job_file))
    say(f"{'language':9} {'kept':>6} {'missed':>7} {'flagged':>8}")
    for language, counts in rows.items():
        say(f"{language:9} {counts['kept']:6} {counts['missed']:7} {counts['flagged']:8}")
        for miss in counts["misses"]:
            say(f"          miss: {miss}")
        for banned in counts.get("forbidden", []):
            say(f"          forbidden: {banned} (deprecated in the glossary)")


@glossary_app.command("import")
@handle_errors
def import_command(
    source: Annotated[Path, typer.Argument(help="A .tbx, .csv, or DeepL glossary .csv (2 columns with --from and "
                                                "--to; DeepL's 4-column form names its languages).")],
    output: Annotated[Path, typer.Option("--output", help="TSV file to write.")],
    from_lang: Annotated[str | None, typer.Option(
        "--from", help="Source language: of a DeepL CSV, or the TBX language to use as source.")] = None,
    to_lang: Annotated[str | None, typer.Option(
        "--to", help="Target language of a DeepL glossary CSV (of a 4-column one: the one pair to keep).")] = None,
) -> None:
    """Convert a TBX, CSV or DeepL glossary CSV to the TSV editors maintain.

    Example: translator glossary import terms.tbx --output glossaries/imported.tsv
    Example: translator glossary import deepl.csv --from en --to pt-BR --output glossaries/pt-BR.tsv
    Example: translator glossary import deepl-multilingual.csv --output glossaries/deepl.tsv
    """
    from translator.glossary.formats import read_deepl_csv, write_tsv
    from translator.glossary.load import read_glossary
    from translator.glossary.tbx import read_tbx

    suffix = source.suffix.lower()
    if suffix == ".csv" and (from_lang is not None or to_lang is not None):
        glossary = read_deepl_csv(source, from_lang, to_lang)
    elif to_lang is not None:
        raise UsageError("--to chooses the target of a DeepL glossary, which is a .csv")
    elif from_lang is not None:
        if suffix != ".tbx":
            raise UsageError("--from alone chooses the source language of a .tbx file")
        glossary = read_tbx(source, from_lang)
    else:
        glossary = read_glossary(source)
    write_tsv(glossary, output)
    for warning in glossary.warnings:
        say(f"Warning: {warning}", err=True)
    say(f"{len(glossary.terms)} terms written to {output}")


EXPORT_FORMATS = {".tbx": "tbx", ".csv": "csv", ".tsv": "tsv"}


@glossary_app.command("export")
@handle_errors
def export_command(
    output: Annotated[Path, typer.Option("--output", help="File to write: .tbx, .csv or .tsv.")],
    files: Files = None,
    job_file: JobOpt = None,
    output_format: Annotated[str | None, typer.Option(
        "--format", help="tbx (TBX v3: TBX-Core, or TBX-Basic in the style read when there are fields), tbx-dct, "
                         "tbx-dca, tbx2008 (TBX-Basic martif: translate-toolkit, Weblate), csv, tsv, or deepl "
                         "(DeepL's plain CSV); default: from the file name.")] = None,
    to_lang: Annotated[str | None, typer.Option(
        "--to", help="Target language of a DeepL export: one pair, source,target; without it every language, "
                     "in DeepL's 4-column form.")] = None,
) -> None:
    """Export the merged glossaries as TBX, CSV, TSV or a DeepL glossary CSV.

    Example: translator glossary export --output glossary.tbx
    Example: translator glossary export --format deepl --to pt-BR --output deepl-en-pt-BR.csv
    Example: translator glossary export --format tbx-dct --output glossary.tbx
    """
    from translator.glossary import load_glossaries
    from translator.glossary.formats import write_deepl_csv
    from translator.glossary.load import FORMATS

    name = output_format or EXPORT_FORMATS.get(output.suffix.lower())
    if name is None:
        raise UsageError(f"{output}: export to .tbx, .csv or .tsv, or name a --format")
    if name != "deepl" and name not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join([*FORMATS, 'deepl'])}, not {name!r}")
    if to_lang is not None and name != "deepl":
        raise UsageError("--to goes with --format deepl")
    glossary = load_glossaries(_files(files, job_file))
    if name == "deepl":
        count = write_deepl_csv(glossary, output, to_lang)
        say(f"{count} entries written to {output}")
        return
    FORMATS[name](glossary, output)
    say(f"{len(glossary.terms)} terms written to {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(glossary_app, name="glossary")
