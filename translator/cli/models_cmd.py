"""`translator models`: list, install and remove Argos packages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from translator.cli.common import command_group, err, handle_errors, is_terminal

models_app = command_group("Argos Translate packages: list, install, remove.\n\nExample: translator models list")
ModelsDir = Annotated[Path | None, typer.Option("--models-dir", help="Our models folder (default: "
                                                "$TRANSLATOR_MODELS or ~/.local/share/translator/models).")]


def _store(models_dir: Path | None):
    from translator.models.store import ModelStore

    return ModelStore(models_dir=models_dir) if models_dir else ModelStore()


@models_app.command("list")
@handle_errors
def list_command(models_dir: ModelsDir = None) -> None:
    """Installed packages: pair, version, size, folder and origin (ours or argospm's).

    Example: translator models list
    """
    store = _store(models_dir)
    packages = store.packages()
    for problem in store.problems:
        err(f"Warning: {problem}")
    if not packages:
        typer.echo(f"No packages in {store.models_dir} or {store.argos_dir}.")
        return
    typer.echo(f"{'pair':8} {'version':8} {'size':>9}  {'origin':10} folder")
    for p in packages:
        typer.echo(f"{p.from_code}-{p.to_code:5} {p.version:8} {p.size_bytes() / 1024**2:7.1f}MB  {p.origin:10} "
                   f"{p.path}")


@models_app.command("install")
@handle_errors
def install_command(
    what: Annotated[list[str], typer.Argument(help="A .argosmodel file, a URL, or pairs like en-ru.")],
    models_dir: ModelsDir = None,
    index_url: Annotated[str | None, typer.Option("--index-url", help="Package index (default: "
                                                  "$TRANSLATOR_INDEX_URL or the Argos index).")] = None,
) -> None:
    """Install packages from files, URLs, or pairs resolved through the package index.

    Example: translator models install en-ru ru-en
    """
    from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

    from translator.models.index import install_from_url, install_pair

    store = _store(models_dir)
    for item in what:
        with Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(),
                      disable=not is_terminal(), transient=True) as bar:
            task = bar.add_task(f"downloading {item}", total=None)

            def progress(done: int, total: int | None, task=task) -> None:
                bar.update(task, completed=done, total=total)

            if Path(item).exists():
                package = store.install_file(Path(item))
            elif "://" in item:
                package = install_from_url(store, item, progress)
            else:
                package = install_pair(store, item, index_url, progress)
        typer.echo(f"Installed {package.from_code}-{package.to_code} {package.version} in {package.path}")


@models_app.command("remove")
@handle_errors
def remove_command(
    pair: Annotated[str, typer.Argument(help="Language pair, e.g. en-ru.")],
    models_dir: ModelsDir = None,
) -> None:
    """Remove an installed package.

    Example: translator models remove en-ru
    """
    typer.echo(f"Removed {_store(models_dir).remove(pair)}")


def register(app: typer.Typer) -> None:
    app.add_typer(models_app, name="models")
