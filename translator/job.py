"""Job: the TOML job file, its defaults, and path resolution (paths in a job are relative to its folder)."""

from __future__ import annotations

import glob
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from translator.errors import JobError, NoInputs
from translator.languages import check_code

DEFAULT_ENGINE_ORDER = ("argos", "bergamot", "apertium")
EDITION_FORMATS = ("md", "html", "txt", "json")
_TOP_KEYS = {"source", "inputs", "targets", "glossaries", "formats", "output", "locales", "engines", "routes",
             "boilerplate", "argos", "pivot",
             "cluster"}
CLUSTER_KEYS = ("address", "tls_ca_file", "tls_client_cert", "tls_client_key")


@dataclass
class Job:
    """Everything a run needs to know; paths are absolute once the job is resolved."""

    root: Path
    targets: list[str]
    inputs: list[str] = field(default_factory=lambda: ["input/*"])
    source: str = "auto"
    glossaries: list[str] = field(default_factory=lambda: ["glossaries/*.tsv"])
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
    cluster: str | None = None   # where engine work runs: "local[:N]" or a Dask scheduler address; None: here
    cluster_tls: dict[str, str] = field(default_factory=dict)  # tls_ca_file, tls_client_cert, tls_client_key
    where: str = "<options>"

    def __post_init__(self) -> None:
        self.output = self._resolve(self.output)
        self.locales = self._resolve(self.locales)
        self.targets = [check_code(t, self.where) for t in self.targets]
        if self.source != "auto":
            self.source = check_code(self.source, self.where)
        if not self.targets:
            raise JobError(f"{self.where}: no target languages; set `targets = [\"ru\", \"uk\"]` or use --to")
        unknown = [f for f in self.formats if f not in EDITION_FORMATS]
        if unknown:
            raise JobError(f"{self.where}: unknown edition format {unknown[0]!r}; use {', '.join(EDITION_FORMATS)}")
        for pattern in self.boilerplate_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise JobError(f"{self.where}: boilerplate pattern {pattern!r} is not a valid regex ({exc})") from exc

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
        files: set[Path] = set()
        for pattern in self.glossaries:
            files.update(Path(m) for m in glob.glob(str(self._resolve(pattern))) if Path(m).is_file())
        return sorted(files)


def _as_list(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise JobError(f"{where}: `{key}` must be a string or a list of strings")


def job_from_dict(data: dict[str, Any], root: Path, where: str) -> Job:
    """Build a Job from parsed TOML (or options shaped the same way)."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise JobError(f"{where}: unknown key {unknown[0]!r}; known keys: {', '.join(sorted(_TOP_KEYS))}")
    kwargs: dict[str, Any] = {"root": root, "where": where}
    for key in ("inputs", "targets", "glossaries", "formats"):
        if key in data:
            kwargs[key] = _as_list(data[key], key, where)
    for key in ("source", "pivot"):
        if key in data:
            kwargs[key] = str(data[key])
    for key in ("output", "locales"):
        if key in data:
            kwargs[key] = Path(str(data[key]))
    engines = data.get("engines", {})
    if "order" in engines:
        kwargs["engine_order"] = _as_list(engines["order"], "engines.order", where)
    kwargs["engine_options"] = {k: v for k, v in engines.items() if isinstance(v, dict)}
    if "argos" in data:
        kwargs["engine_options"].setdefault("argos", {}).update(data["argos"])
    kwargs["routes"] = {
        check_code(lang, where): _as_list(route, f"routes.{lang}", where)
        for lang, route in data.get("routes", {}).items()
    }
    boilerplate = data.get("boilerplate", {})
    kwargs["boilerplate_patterns"] = _as_list(boilerplate.get("patterns", []), "boilerplate.patterns", where)
    kwargs["boilerplate_texts"] = {
        check_code(lang, where): dict(texts) for lang, texts in boilerplate.get("text", {}).items()
    }
    cluster = data.get("cluster", {})
    unknown = sorted(set(cluster) - set(CLUSTER_KEYS)) if isinstance(cluster, dict) else ["(not a table)"]
    if unknown or not all(isinstance(v, str) for v in cluster.values()):
        raise JobError(f"{where}: [cluster] takes string values for {', '.join(CLUSTER_KEYS)} only")
    kwargs["cluster"] = cluster.get("address")
    kwargs["cluster_tls"] = {k: v for k, v in cluster.items() if k != "address"}
    return Job(**kwargs)


def load_job(path: Path | str) -> Job:
    """Read a TOML job file; paths in it are relative to the file's folder."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise JobError(f"{path}: no job file here; create translator.toml or use `translator translate`") from exc
    except OSError as exc:
        raise JobError(f"{path}: cannot read the job file ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise JobError(f"{path}: the job file is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib puts "(at line L, column C)" in its message; lead with file:line:column like a compiler.
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        place = f"{path}:{match.group(1)}:{match.group(2)}" if match else str(path)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise JobError(f"{place}: malformed TOML: {reason}; fix the job file") from exc
    return job_from_dict(data, path.resolve().parent, str(path))

