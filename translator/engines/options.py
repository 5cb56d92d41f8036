"""An engine's options declared once, on its class: the job file's [engines.<name>] table, the command line's
flags and the engine's constructor all read the same `Option`s."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class BadValue(ValueError):
    """A value an option refuses; its message says what is wrong ("must be ..., not ..."), the caller says where."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def whole(least: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if not _is_int(value) or value < least:
            raise BadValue(f"must be a whole number of at least {least}, not {value!r}")
        return value
    return check


def positive_number(value: Any) -> float:
    # nan and inf (TOML's nan, inf and 1e309) pass `> 0` or mean "never"; a timeout of either fails only mid-run
    if not (_is_int(value) or (isinstance(value, float) and math.isfinite(value))) or value <= 0:
        raise BadValue(f"must be a finite number above 0, not {value!r}")
    return value


def non_empty_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"must be a non-empty string, not {value!r}")
    return value


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise BadValue(f"must be one of {', '.join(choices)}, not {value!r}")
        return value
    return check


@dataclass(frozen=True)
class Option:
    """One setting of an engine.

    `check` returns the value or raises BadValue (the job schema names the file, line and `example` with it);
    `default` is what the engine uses when the job does not set it; `flag` (e.g. "--beam-size") offers it on
    `run` and `translate` too, as `kind`, where a value outside `choices` is a usage error."""

    name: str
    check: Callable[[Any], Any]
    example: str             # a TOML value, as the schema's "write `name = example`" shows it
    default: Any = None
    help: str = ""
    flag: str | None = None
    kind: type = str         # int, float, str or Path: the flag's type; a Path reaches the job as its text
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in (int, float, str, Path):
            raise TypeError(f"option {self.name!r}: kind must be int, float, str or Path, not {self.kind!r}")


def choice(name: str, choices: tuple[str, ...], default: str, example: str | None = None, **rest: Any) -> Option:
    """An option taking one of `choices`; the example is `example`, else the first choice."""
    return Option(name, one_of(*choices), f'"{example or choices[0]}"', default, choices=choices, **rest)
