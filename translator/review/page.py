"""The review page: one self-contained, offline HTML page per language and article, and an index linking them.

Pure: it takes the units already ranked (`translator.review.risk`) and writes files; it reads no catalog. The pages load
nothing (no CDN, no fonts, no images), so they work from ``file://``. Everything a catalog holds (source,
target, findings, terms, even slugs and states) is treated as hostile text: the templates autoescape it, and a
Content-Security-Policy allows only the page's own filter script (by its hash), so an injected script would not
run even if it got through.

Files: ``<out_dir>/<language>/<article>.html`` and ``<out_dir>/index.html``.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translator.findings import Finding
from translator.fsutil import atomic_write_text
from translator.review.risk import risk_band

BANDS = ("high", "medium", "low")
_UNSAFE = re.compile(r"[^\w.-]")


@dataclass(frozen=True)
class PageUnit:
    """One unit as the review queue and the review page show it."""

    article: str
    language: str
    catalog: str            # the PO file the unit lives in
    line: int               # its line in that file
    kind: str               # block kind: headline, lead, paragraph, ...
    source: str
    target: str             # "" when nobody has translated it yet
    state: str              # approved, machine, new, shared, empty
    risk: float             # translator.review.risk.unit_risk
    findings: tuple[Finding, ...] = ()
    terms: tuple[tuple[str, str], ...] = ()   # glossary (source term, target form) pairs found in the unit
    suggestions: tuple = ()   # memory.fuzzy.Suggestion: earlier translations of sentences like this one

    @property
    def band(self) -> str:
        return risk_band(self.risk)

    @property
    def checks(self) -> tuple[str, ...]:
        """The names of the checks that found something, each once, in order."""
        return tuple(dict.fromkeys(f.check for f in self.findings))

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article,
            "language": self.language,
            "catalog": self.catalog,
            "line": self.line,
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "state": self.state,
            "risk": round(self.risk, 3),
            "findings": [{"check": f.check, "severity": str(f.severity), "detail": f.detail} for f in self.findings],
            "terms": [{"term": term, "form": form} for term, form in self.terms],
            "suggestions": [s.to_json() for s in self.suggestions],
        }


@dataclass(frozen=True)
class _Page:
    language: str
    article: str
    units: tuple[PageUnit, ...]
    href: str  # relative to out_dir, with forward slashes

    def states(self) -> Counter:
        return Counter(u.state for u in self.units)

    def bands(self) -> Counter:
        return Counter(u.band for u in self.units)


def _file_name(name: str) -> str:
    """A name safe as one path component: slugs and codes come from files the tool does not control."""
    safe = _UNSAFE.sub("_", name).lstrip(".")
    return safe or "_"


def _group(units: Sequence[PageUnit]) -> list[_Page]:
    """One page per (language, article): languages sorted, articles and units in the order given."""
    groups: dict[tuple[str, str], list[PageUnit]] = {}
    for unit in units:
        groups.setdefault((unit.language, unit.article), []).append(unit)
    order = sorted(groups, key=lambda key: key[0])  # stable: articles keep their first appearance
    taken: set[str] = set()
    pages = []
    for language, article in order:
        href = f"{_file_name(language)}/{_file_name(article)}.html"
        n = 2
        while href in taken:  # two slugs that differ only in unsafe characters
            href = f"{_file_name(language)}/{_file_name(article)}-{n}.html"
            n += 1
        taken.add(href)
        pages.append(_Page(language, article, tuple(groups[language, article]), href))
    return pages


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("translator", "templates/review"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def write_review_pages(units: Sequence[PageUnit], out_dir: Path, *, rtl: Callable[[str], bool],
                       keep: Callable[[str, str], bool] | None = None,
                       prepare: Callable[[list[PageUnit]], list[PageUnit]] | None = None) -> list[Path]:
    """Write a page per (language, article) and ``index.html`` under `out_dir`; return their paths, index last.

    `units` come in article order and keep it on their page. `rtl(language)` says whether the language is
    written right to left: its target column gets ``dir="rtl"``. `keep(article, language)` true: that page's
    file, if there, stays as it is (the index still lists and counts it). `prepare` completes the units of a page
    about to be written (the memory suggestions), so pages that stay cost nothing.
    """
    from markupsafe import Markup

    out_dir = Path(out_dir)
    env = _environment()
    script = env.loader.get_source(env, "filter.js")[0]
    pages = _group(units)
    written = []
    page_template = env.get_template("page.html.j2")
    for page in pages:
        path = out_dir / page.href
        if keep is not None and keep(page.article, page.language) and path.is_file():
            written.append(path)
            continue
        html = page_template.render(
            page=dataclasses.replace(page, units=tuple(prepare(list(page.units)))) if prepare else page,
            direction="rtl" if rtl(page.language) else "ltr",
            states=sorted(page.states()),
            checks=sorted({check for unit in page.units for check in unit.checks}),
            bands=BANDS,
            index_href="../index.html",
            script=Markup(script),
            script_hash=_csp_hash(script),
        )
        atomic_write_text(path, html)
        written.append(path)
    totals_states = Counter()
    totals_bands = Counter()
    for page in pages:
        totals_states.update(page.states())
        totals_bands.update(page.bands())
    index = env.get_template("index.html.j2").render(
        pages=pages,
        states=sorted(totals_states),
        bands=BANDS,
        totals_states=totals_states,
        totals_bands=totals_bands,
        units=sum(len(page.units) for page in pages),
    )
    index_path = out_dir / "index.html"
    atomic_write_text(index_path, index)
    written.append(index_path)
    return written
