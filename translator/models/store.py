"""Where Argos packages live: our models folder and the folder argospm installs into; install and remove."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from translator.errors import ModelError, ModelNotInstalled, UnknownLanguage, UnsafePackage
from translator.languages import KNOWN_CODES
from translator.models.archive import DEFAULT_MAX_BYTES, extract_package
from translator.models.package import Package, check_model_loads, read_package


def default_models_dir() -> Path:
    """TRANSLATOR_MODELS, else $XDG_DATA_HOME/translator/models (~/.local/share/translator/models)."""
    if value := os.environ.get("TRANSLATOR_MODELS"):
        return Path(value).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "translator" / "models"


def default_argos_dir() -> Path:
    """Where argospm puts packages: ARGOS_PACKAGES_DIR, else ~/.local/share/argos-translate/packages."""
    if value := os.environ.get("ARGOS_PACKAGES_DIR"):
        return Path(value).expanduser()
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "argos-translate" / "packages"


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def _rank(package: Package) -> tuple:
    return (package.origin == "translator", _version_key(package.version))


def parse_pair(pair: str) -> tuple[str, str]:
    source, dash, target = pair.strip().partition("-")
    if not (source and dash and target):
        raise ModelError(f"{pair!r} is not a language pair; write it as from-to, e.g. en-ru")
    for code in (source, target):
        if code not in KNOWN_CODES:
            raise UnknownLanguage(f"{pair!r}: unknown language code {code!r}; use ISO 639-1 codes, e.g. en-ru")
    return source, target


@dataclass
class ModelStore:
    models_dir: Path = field(default_factory=default_models_dir)
    argos_dir: Path | None = field(default_factory=default_argos_dir)
    max_bytes: int = DEFAULT_MAX_BYTES
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.models_dir = Path(self.models_dir)

    def packages(self) -> list[Package]:
        """Every readable package; ours first. Unreadable folders are noted in `problems`, not fatal."""
        self.problems = []
        found = []
        for folder, origin in ((self.models_dir, "translator"), (self.argos_dir, "argospm")):
            if folder is None or not Path(folder).is_dir():
                continue
            for path in sorted(Path(folder).iterdir()):
                if not path.is_dir() or path.name.startswith("."):
                    continue
                try:
                    found.append(read_package(path, origin))
                except ModelError as exc:
                    self.problems.append(str(exc))
        return found

    def installed(self) -> dict[tuple[str, str], Package]:
        """The package that serves each pair, from one scan: ours before argospm's, then the newest version."""
        best: dict[tuple[str, str], Package] = {}
        for package in self.packages():
            if package.pair not in best or _rank(package) > _rank(best[package.pair]):
                best[package.pair] = package
        return best

    def find(self, source: str, target: str) -> Package:
        """The package for source->target (see installed())."""
        package = self.installed().get((source, target))
        if package is None:
            raise ModelNotInstalled(
                f"no Argos package for {source}-{target} in {self.models_dir} or {self.argos_dir}; "
                f"install one: translator models install {source}-{target} (or a .argosmodel file)"
            )
        return package

    def _install_path(self, package: Package) -> Path:
        """translate-<from>_<to> in our folder, built only from codes read_package checked against the table;
        resolved once more so that no code and no link can put it anywhere else."""
        final = self.models_dir / f"translate-{package.from_code}_{package.to_code}"
        root = self.models_dir.resolve()
        if final.parent.resolve() != root or final.name in (".", "..") or "/" in final.name:
            raise UnsafePackage(f"{package.path}: refused: it would be installed at {final}, outside {root}")
        return final

    def install_file(self, archive: Path, *, check_load: bool = True) -> Package:
        """Unpack, validate and move a package into place; a failure leaves the previous version untouched."""
        self.models_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=self.models_dir))
        try:
            unpacked = extract_package(Path(archive), staging / "x", self.max_bytes)
            package = read_package(unpacked)
            if check_load:
                check_model_loads(package)
            final = self._install_path(package)
            previous = None
            if final.exists():
                previous = staging / "previous"
                os.replace(final, previous)
            try:
                os.replace(unpacked, final)
            except OSError:
                if previous is not None:
                    os.replace(previous, final)
                raise
            return read_package(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def remove(self, pair: str) -> Path:
        source, target = parse_pair(pair)
        ours = [p for p in self.packages() if p.pair == (source, target) and p.origin == "translator"]
        if not ours:
            theirs = [p for p in self.packages() if p.pair == (source, target)]
            if theirs:
                raise ModelError(f"{pair} is installed by argospm in {theirs[0].path}; remove it with argospm")
            raise ModelNotInstalled(f"no {pair} package installed in {self.models_dir}")
        for package in ours:
            if package.path.is_symlink():  # a link someone put in our folder: drop the link, not its target
                package.path.unlink()
            else:
                shutil.rmtree(package.path)
        return ours[0].path
