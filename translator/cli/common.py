"""What every command shares: error mapping, job loading, and the summary table."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from translator.errors import ExitStatus, TranslatorError


def command_group(help: str) -> typer.Typer:
    """A group of subcommands (review, models, ...), with help in the same plain style as the root's."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)


def say(text: str, *, err: bool = False) -> None:
    """Print text that may hold article words: terminal escape sequences (titles, clipboard, colours) and control
    characters in it are dropped, so printing an article never acts on the terminal."""
    from translator.text.escape import terminal

    typer.echo(terminal(text), err=err)


def err(message: str) -> None:
    say(message, err=True)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn TranslatorError into 'Error: ...' on stderr and its exit code; Ctrl-C exits 130, not 1 (which says
    "nothing published")."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except TranslatorError as exc:
            err(f"Error: {exc}")
            raise typer.Exit(int(exc.exit_status)) from None
        except KeyboardInterrupt:
            err("Interrupted; files already published are complete, nothing is half-written.")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None

    return wrapper


def split_codes(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def language_tag(value: str | None, option: str = "--lang") -> str | None:
    """A target language given on the command line, as the job writes it (pt_br -> pt-BR); None stays None."""
    from translator.languages import check_tag

    return None if value is None else check_tag(value, option)


DEFAULT_JOB = Path("translator.toml")


def load_job_or_default(job_path: Path | None):
    from translator.job import load_job

    return load_job(job_path or DEFAULT_JOB)


def optional_job_path(job_path: Path | None) -> Path | None:
    """The job named on the command line, else ./translator.toml when there is one, else None."""
    return job_path or (DEFAULT_JOB if DEFAULT_JOB.exists() else None)


def is_terminal() -> bool:
    return sys.stderr.isatty()


OUTPUT_FORMATS = ("text", "json")


def check_output_format(value: str) -> str:
    """--format of a command that reports: text for people, json for scripts."""
    from translator.errors import UsageError

    if value not in OUTPUT_FORMATS:
        raise UsageError(f"--format must be text or json, not {value!r}")
    return value


def echo_json(data: object) -> None:
    """Print data as JSON: the same values a script reads, with no character a terminal would act on."""
    import json

    from translator.text.escape import json_for_terminal

    typer.echo(json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2)))
