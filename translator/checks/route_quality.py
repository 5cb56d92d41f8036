"""Route quality: each machine route's measured chrF on the reference set, and the floor below which the units a
reader sees first are held until a reviewer approves them.

The table (route_quality.toml, shipped with the tool) is written by `benchmarks/quality.py --write-routes`: the
sentence-aligned chrF of what a reader gets from that route on benchmarks/reference. A route the table does not
know counts as below any floor above 0: nobody has measured what it writes.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from translator.findings import Finding, Severity

CHECK = "route-quality"
TABLE = Path(__file__).with_name("route_quality.toml")
# Where a wrong word costs most: held on a route below the floor, back-translated by default (run/records.PROMINENT).
PROMINENT_KINDS = frozenset({"headline", "subheadline", "lead", "caption", "quote"})
# Provenance routes that are no machine's: a human's text, the source copied through (pt for pt-BR).
NOT_MACHINE = frozenset({"human", "source"})


@dataclass(frozen=True)
class RouteQuality:
    route: str           # as the catalog's X-Translator-Route writes it: "apertium:en-es", "argos:ru-en > argos:en-uk"
    chrf: float          # sentence-aligned corpus chrF on the reference set, 0-100
    date: str            # when it was measured (ISO date)
    reference_set: str   # what it was measured on
    signature: str = ""  # sacrebleu's signature of the score


def read_table(path: Path = TABLE) -> Mapping[str, RouteQuality]:
    """Route -> its measured quality, from the shipped table."""
    rows = tomllib.loads(path.read_text(encoding="utf-8")).get("routes", {})
    return {route: RouteQuality(route, float(row["chrf"]), str(row["date"]), str(row["reference_set"]),
                                str(row.get("signature", ""))) for route, row in rows.items()}


@cache
def _shipped() -> Mapping[str, RouteQuality]:
    return read_table()


def render_table(rows: Iterable[RouteQuality]) -> str:
    """The table as TOML, routes sorted: what `benchmarks/quality.py --write-routes` writes."""
    lines = ["# Measured quality of each machine route: written by `python benchmarks/quality.py --write-routes`,",
             "# read by the publish gate's route floor ([publish] route_floor; translator/checks/route_quality.py).",
             ""]
    for row in sorted(rows, key=lambda r: r.route):
        lines += [f'[routes."{row.route}"]', f"chrf = {row.chrf}", f'date = "{row.date}"',
                  f'reference_set = "{row.reference_set}"', f'signature = "{row.signature}"', ""]
    return "\n".join(lines)


def route_quality(route: str) -> RouteQuality | None:
    """The route's measured quality, None when it was never measured."""
    return _shipped().get(route.strip())


def check_route_quality(route: str | None, kind: str, floor: float | None) -> list[Finding]:
    """A blocking finding on a prominent unit of machine text from a route measured below the floor (or never
    measured). `route` is the provenance the text carries (None or "unknown": not known, not judged); a floor of
    None or 0 turns the check off."""
    if not floor or kind not in PROMINENT_KINDS or not route or route in NOT_MACHINE or route == "unknown":
        return []
    measured = route_quality(route)
    if measured is not None and measured.chrf >= floor:
        return []
    what = (f"route {route} measured chrF {measured.chrf:g} on {measured.date}" if measured is not None
            else f"route {route} has no measured quality")
    return [Finding(CHECK, Severity.BLOCKING, f"{what}, below the floor {floor:g} ([publish] route_floor): "
                                              f"a {kind} from it is held until a reviewer approves it")]
