"""Job: the TOML job file, its defaults, and path resolution (paths in a job are relative to its folder)."""

from __future__ import annotations

import glob
import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.errors import JobError, NoInputs
from translator.job_paths import check_output_not_read, outside_warnings
from translator.job_schema import (
    DEFAULT_ENGINE_ORDER,
    DEFAULT_GLOSSARIES,
    DEFAULT_ROUTE_FLOOR,
    JobSchema,
)
from translator.languages import check_code, check_tag, fallback_tags


@dataclass(frozen=True)
class Job:
    """Everything a run needs to know; paths are absolute once the job is resolved. Validated once and not changed
    after: command-line settings reach it through the same validation (`load_job(path, overrides)`)."""

    root: Path
    targets: list[str]
    inputs: list[str] = field(default_factory=lambda: ["input/*"])
    source: str = "auto"
    glossaries: list[str] = field(default_factory=lambda: list(DEFAULT_GLOSSARIES))
    formats: list[str] = field(default_factory=lambda: ["md", "html", "json"])
    output: Path = Path("output")
    locales: Path = Path("locales")
    engine_order: list[str] = field(default_factory=lambda: list(DEFAULT_ENGINE_ORDER))
    routes: dict[str, list[str]] = field(default_factory=dict)
    pivot: str = "en"
    boilerplate_patterns: list[str] = field(default_factory=list)
    # Approved per-language texts for boilerplate blocks: {lang: {pattern: text}}.
    boilerplate_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    engine_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    # [publish] policy: "qa" (default: machine text with a blocking finding is held), "approved-only", "machine".
    publish_policy: str = "qa"
    # [publish] route_floor: the measured chrF (checks/route_quality.toml) below which a route's prominent units
    # are held until approved; an unmeasured route counts as below it; 0: no floor.
    route_floor: float = DEFAULT_ROUTE_FLOOR
    # [publish] html_template: the desk's Jinja2 template for HTML editions (absolute once resolved); None: built-in.
    html_template: Path | None = None
    # [checks]: headline budget in characters per language ("*" for every language); which machine units are
    # back-translated where a reverse route exists: "prominent" (headings, lead, caption, quotes), "all", "off".
    headline_budgets: dict[str, int] = field(default_factory=dict)
    back_translation: str = "prominent"
    correction_place: str = "bottom"   # where a correction note goes in an edition: "top" (under the headline)
    kill_notice: bool = False          # a killed story's editions are replaced by the approved notice, not removed
    cluster: str | None = None   # where engine work runs: "local[:N]" or a Dask scheduler address; None: here
    cluster_tls: dict[str, str] = field(default_factory=dict)  # tls_ca_file, tls_client_cert, tls_client_key
    credit_templates: dict[str, str] = field(default_factory=dict)  # [credits] lang -> "... {agencies}"
    # [memory]: the least similarity (%) of a memory match noted on a new unit and shown to its reviewer; the
    # least similarity of a match a run takes instead of the engine, marked fuzzy (None: never).
    memory_threshold: int = 75
    memory_prefill: int | None = None
    where: str = "<options>"
    warnings: list[str] = field(default_factory=list)  # said before the run (the CLI prints them)

    def headline_budget(self, language: str) -> int | None:
        """The budget of `language`, or of the plain language it falls back to in any script (pt-BR: pt; sr-Latn:
        sr), or of "*"."""
        found = [self.headline_budgets[tag] for tag in fallback_tags(language, any_script=True)
                 if tag in self.headline_budgets]
        return found[0] if found else self.headline_budgets.get("*")

    def __post_init__(self) -> None:
        # Resolving is part of building the record: the only writes, before anyone holds it.
        object.__setattr__(self, "output", self._resolve(self.output))
        object.__setattr__(self, "locales", self._resolve(self.locales))
        object.__setattr__(self, "targets", self._unique_targets([check_tag(t, self.where) for t in self.targets]))
        if self.source != "auto":
            object.__setattr__(self, "source", check_code(self.source, self.where))
        if not self.targets:
            raise JobError(f"{self.where}: no target languages; set `targets = [\"ru\", \"uk\"]` or use --to")
        # Formats, the correction's place and boilerplate patterns were checked by the schema (job_from_dict).
        check_output_not_read(self.root, self.inputs, self.output, self.where)

    def warn_outside(self) -> None:
        """Warn about each path leading outside the job file's folder (a one-off `translate` has no such folder:
        the files and folders it is given are meant)."""
        self.warnings.extend(outside_warnings(self.root, [
            *(("inputs", p) for p in self.inputs), ("output", self.output), ("locales", self.locales),
            *(("glossaries", p) for p in self.glossaries if p not in DEFAULT_GLOSSARIES),
            *((("html_template", self.html_template),) if self.html_template else ())], self.where))

    def _unique_targets(self, targets: list[str]) -> list[str]:
        """Each language once, in the order first given; a repeated one is said (1,000 "es" took a minute)."""
        counts = Counter(targets)
        unique = list(counts)
        if repeated := {t: n for t, n in counts.items() if n > 1}:
            listed = ", ".join(f"{t!r} {n} times" for t, n in repeated.items())
            self.warnings.append(f"{self.where}: targets lists {listed}; each language is translated once")
        return unique

    def _resolve(self, path: Path | str) -> Path:
        path = Path(path).expanduser()
        return path if path.is_absolute() else self.root / path

    def input_files(self) -> list[Path]:
        """Sorted, de-duplicated files matched by the input globs; hidden files are skipped."""
        found: set[Path] = set()
        for pattern in self.inputs:
            matches = glob.glob(str(self._resolve(pattern)), recursive=True)
            found.update(Path(m) for m in matches if Path(m).is_file() and not Path(m).name.startswith("."))
        if not found:
            raise NoInputs(
                f"{self.where}: inputs {self.inputs} match no file under {self.root}; "
                "put articles in input/ or fix `inputs`"
            )
        return sorted(found)

    def glossary_files(self) -> list[Path]:
        # In the order given (a later file's forms win), each pattern's matches sorted, each file once.
        files: dict[Path, None] = {}
        for pattern in self.glossaries:
            files.update(dict.fromkeys(Path(m) for m in sorted(glob.glob(str(self._resolve(pattern))))
                                       if Path(m).is_file()))
        return list(files)


def job_from_dict(data: dict[str, Any], root: Path, where: str, text: str | None = None) -> Job:
    """Build a Job from parsed TOML (or options shaped the same way), validated as a whole by the schema first.

    `text` is the TOML source, used only to name the line of a problem.
    """
    kwargs = JobSchema(root, where, text).validate(data)
    return Job(root=root, where=where, **kwargs)


def with_overrides(data: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """The job's parsed TOML with `overrides` (shaped the same way) laid over it, table by table."""
    merged = dict(data)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = with_overrides(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_job(path: Path | str, overrides: Mapping[str, Any] | None = None) -> Job:
    """Read a TOML job file; paths in it are relative to the file's folder. `overrides` (the command line's
    settings, shaped like the TOML) are laid over it before the one validation."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise JobError(f"{path}: no job file here; create translator.toml or use `translator translate`") from exc
    except OSError as exc:
        raise JobError(f"{path}: cannot read the job file ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise JobError(f"{path}: the job file is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts "(at line L, column C)" in its message; lead with file:line:column like a compiler.
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        place = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise JobError(f"{place}: malformed TOML: {reason}; fix the job file") from exc
    data = with_overrides(data, overrides or {})
    job = job_from_dict(data, path.resolve().parent, str(path), text)
    job.warn_outside()
    return job
