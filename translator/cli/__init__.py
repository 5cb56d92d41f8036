"""The `translator` command: typer app; each command group lives in its own module."""

from __future__ import annotations

from typing import Annotated

import typer

from translator.cli import advisory_cmd, articles, engines_cmd, glossary_cmd, models_cmd, review_cmd

app = typer.Typer(
    name="translator",
    help="Offline translation and publishing for newsrooms.\n\nExample: translator run translator.toml",
    no_args_is_help=True,
    # Plain (click) help: typer's rich help shows a "<bool>" value for every flag, which takes none.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
articles.register(app)
engines_cmd.register(app)
models_cmd.register(app)
glossary_cmd.register(app)
review_cmd.register(app)
advisory_cmd.register(app)


def _version(value: bool) -> None:
    if value:
        from translator import __version__

        typer.echo(f"translator {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Offline translation and publishing for newsrooms."""


def main() -> None:
    from translator.run import allocator

    allocator.tune()
    app()
