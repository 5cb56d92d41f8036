"""The review app's routes: the pages (index, a language's queue, an article side by side, the edition preview)
and the JSON API they use (units, a unit's save, publish one article now).

Requests name languages, articles and units only as keys: every file the app touches is looked up among the job's
catalogs and editions by what exists on disk, never built from a request's path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translator.errors import CatalogError, TranslatorError
from translator.job import Job
from translator.memory.read import load_catalog
from translator.review_app import catalog as units
from translator.review_app.guard import Guard
from translator.review_app.server import LOOPBACK

MAX_BODY = 1 << 20  # a unit's save is a sentence or two; nothing legitimate is larger
_STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}


@dataclass(frozen=True)
class Settings:
    job: Job
    token: str
    reviewer: str
    hosts: tuple[str, ...] | None = LOOPBACK  # None: any Host (not on loopback)


def create_app(settings: Settings):
    """The ASGI app: Starlette routes behind the token, origin and host guard."""
    from starlette.applications import Starlette
    from starlette.routing import Route

    site = _Site(settings)
    routes = [
        Route("/", site.index),
        Route("/lang/{language}", site.queue),
        Route("/lang/{language}/{article}", site.article),
        Route("/preview/{language}/{article}", site.preview),
        Route("/static/{name}", site.static),
        Route("/api/units", site.api_units),
        Route("/api/units/{unit_id}", site.api_save, methods=["POST"]),
        Route("/api/publish/{language}/{article}", site.api_publish, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={TranslatorError: site.failed})
    return Guard(app, settings.token, settings.hosts)


# What the page script says, passed to it with the page so it is translated with the templates.
SCRIPT_MESSAGES = {
    "saving": "Saving…", "saved": "Saved", "approved": "Approved", "returned": "Returned to machine",
    "not_saved": "Not saved:", "findings": "finding(s)", "no_findings": "no findings",
    "conflict": "Conflict: the unit changed since you opened it; both versions are shown.",
    "conflict_head": "Not saved: the unit changed since you opened it.", "yours": "Yours:",
    "unchanged": "(text unchanged)", "now": "Now in the catalog", "again": "Save again to keep yours over it.",
    "publishing": "Publishing…", "not_published": "Not published:", "approved_by": "approved by",
    "not_approved": "not approved here", "none": "none", "risk": "risk",
}
UI_LANGUAGE = "en"


def _translations():
    """The UI's gettext catalog: none yet, so English; a translated UI installs its catalog here."""
    import gettext

    return gettext.NullTranslations()


def _environment(translations):
    """The templates, their text marked for gettext (`_`, `ngettext`)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("translator", "templates/review_app"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations, newstyle=True)
    return env


def _json(data: Any, status: int = 200):
    from starlette.responses import Response

    return Response(json.dumps(data, ensure_ascii=False), status_code=status, media_type="application/json")


def _error(status: int, message: str, **more: Any):
    return _json({"error": message, **more}, status)


class _Site:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.job = settings.job
        self.translations = _translations()
        self.templates = _environment(self.translations)

    # ── what exists ──────────────────────────────────────────────────────────────────────────────────────────

    def _catalog(self, language: str, article: str) -> Path | None:
        return next((path for lang, slug, path in units.catalogs(self.job, language) if slug == article), None)

    def _languages(self) -> list[str]:
        return sorted({lang for lang, _, _ in units.catalogs(self.job)})

    def _report_rows(self) -> dict[tuple[str, str], dict]:
        """(language, article) -> the last run's row for it (status, error), from output/report.json."""
        try:
            data = json.loads((self.job.output / "report.json").read_text(encoding="utf-8"))
            return {(row["language"], row["article"]): row for row in data.get("rows", [])
                    if isinstance(row, dict) and "language" in row and "article" in row}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}  # no run yet, or a report being rewritten: the pages show no run status

    def _edition(self, language: str, article: str) -> Path | None:
        """The published HTML edition, if any: looked up inside the output folder, never outside it."""
        output = self.job.output.resolve()
        path = (output / language / f"{article}.html").resolve()
        return path if path.is_relative_to(output) and path.is_file() else None

    def _render(self, name: str, status: int = 200, **context: Any):
        from starlette.responses import HTMLResponse

        messages = {key: self.translations.gettext(text) for key, text in SCRIPT_MESSAGES.items()}
        html = self.templates.get_template(name).render(reviewer=self.settings.reviewer, messages=messages,
                                                        ui_language=UI_LANGUAGE, **context)
        return HTMLResponse(html, status_code=status)

    async def failed(self, request, exc: TranslatorError):
        """A catalog a human broke (or another named error): its message, which names the file and the fix."""
        if request.url.path.startswith("/api/"):
            return _error(422, str(exc))
        return self._render("missing.html.j2", 422, what=str(exc))

    # ── pages ────────────────────────────────────────────────────────────────────────────────────────────────

    async def index(self, request):
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(self._index_page)

    def _index_page(self):
        from translator.advisories.texts import CATALOG as ADVISORIES

        rows = self._report_rows()
        languages = []
        for language in self._languages():
            articles = []
            for _, slug, _ in units.catalogs(self.job, language):
                row = rows.get((language, slug), {})
                articles.append({"slug": slug, "status": row.get("status", ""), "why": row.get("error") or "",
                                 "advisories": slug == ADVISORIES})
            queue = units.list_units(self.job, language)
            languages.append({"code": language, "articles": articles, "queue": len(queue),
                              "high": sum(1 for u in queue if u.unit.band == "high")})
        return self._render("index.html.j2", languages=languages,
                            locales=_relative(str(self.job.locales), self.job.root))

    async def queue(self, request):
        from starlette.concurrency import run_in_threadpool

        language = request.path_params["language"]
        if language not in self._languages():
            return self._render("missing.html.j2", 404, what=f"no catalogs in {language!r}")
        found = await run_in_threadpool(units.list_units, self.job, language)
        return self._render("queue.html.j2", language=language, units=found, direction=_direction(language))

    async def article(self, request):
        from starlette.concurrency import run_in_threadpool

        language, slug = request.path_params["language"], request.path_params["article"]
        path = self._catalog(language, slug)
        if path is None:
            return self._render("missing.html.j2", 404, what=f"no catalog of {slug!r} in {language!r}")
        found = await run_in_threadpool(units.list_units, self.job, language, slug)
        row = self._report_rows().get((language, slug), {})
        return self._render("article.html.j2", language=language, slug=slug, units=found,
                            catalog=_relative(str(path), self.job.root), engine=_engine(path),
                            run_status=row.get("status", ""), why=row.get("error") or "",
                            published=self._edition(language, slug) is not None, direction=_direction(language))

    async def preview(self, request):
        from starlette.responses import Response

        language, slug = request.path_params["language"], request.path_params["article"]
        if self._catalog(language, slug) is None:
            return self._render("missing.html.j2", 404, what=f"no catalog of {slug!r} in {language!r}")
        edition = self._edition(language, slug)
        if edition is None:
            row = self._report_rows().get((language, slug), {})
            return self._render("missing.html.j2", 404, what=f"{slug} is not published in {language}"
                                + (f": {row['error']}" if row.get("error") else ""), language=language, slug=slug)
        # The edition as readers get it, in a sandbox: its own styles, no script, no request anywhere.
        csp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; sandbox"
        return Response(edition.read_bytes(), media_type="text/html; charset=utf-8",
                        headers={"content-security-policy": csp})

    async def static(self, request):
        from starlette.responses import Response

        name = request.path_params["name"]
        if name not in _STATIC:
            return _error(404, f"no file {name!r}")
        text = self.templates.loader.get_source(self.templates, name)[0]
        return Response(text, media_type=_STATIC[name])

    # ── API ──────────────────────────────────────────────────────────────────────────────────────────────────

    async def api_units(self, request):
        from starlette.concurrency import run_in_threadpool

        language = request.query_params.get("lang")
        article = request.query_params.get("article")
        if not language:
            return _error(400, "give the language: /api/units?lang=ru[&article=SLUG]")
        if language not in self._languages():
            return _error(404, f"no catalogs in {language!r} under {self.job.locales}")
        if article is not None and self._catalog(language, article) is None:
            return _error(404, f"no catalog of {article!r} in {language!r}")
        try:
            found = await run_in_threadpool(units.list_units, self.job, language, article)
        except CatalogError as exc:
            return _error(422, str(exc))
        return _json([u.to_json() for u in found])

    async def api_save(self, request):
        from starlette.concurrency import run_in_threadpool

        body = await request.body()
        if len(body) > MAX_BODY:
            return _error(413, f"a save is at most {MAX_BODY} bytes")
        try:
            change = _change(json.loads(body or b"null"))
        except ValueError as exc:
            return _error(400, f"bad save: {exc}; send JSON {{\"target\": \"…\", \"approve\": true|false, "
                               "\"revision\": \"…\", \"comment\": \"…\"}")
        try:
            saved = await run_in_threadpool(units.save_unit, self.job, request.path_params["unit_id"], change,
                                            self.settings.reviewer)
        except units.UnitNotFound as exc:
            return _error(404, str(exc))
        except units.StaleRevision as exc:
            yours = {"target": change.target, "approve": change.approve, "comment": change.comment,
                     "revision": change.revision}
            return _error(409, str(exc), current=exc.current, yours=yours)
        except CatalogError as exc:
            return _error(422, str(exc))
        return _json(saved.to_json())

    async def api_publish(self, request):
        from starlette.concurrency import run_in_threadpool

        from translator.review_app.publish_one import publish_article

        language, slug = request.path_params["language"], request.path_params["article"]
        if self._catalog(language, slug) is None:
            return _error(404, f"no catalog of {slug!r} in {language!r}")
        try:
            row = await run_in_threadpool(publish_article, self.job, slug, language)
        except TranslatorError as exc:
            return _error(422, str(exc))
        return _json({"article": row.article, "language": row.language, "status": str(row.status),
                      "why": row.error or "", "files": [_relative(f, self.job.root) for f in row.files]})


def _change(data: Any) -> units.Change:
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    unknown = set(data) - {"target", "approve", "revision", "comment"}
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
    if not isinstance(data.get("revision"), str):
        raise ValueError("\"revision\" (a string, the unit's revision as read) is required")
    for name, kind in (("target", str), ("approve", bool), ("comment", str)):
        if data.get(name) is not None and not isinstance(data[name], kind):
            raise ValueError(f"{name!r} must be a {kind.__name__}")
    return units.Change(revision=data["revision"], target=data.get("target"), approve=data.get("approve"),
                        comment=data.get("comment"))


def _engine(path: Path) -> str:
    """What the catalog says made its machine text: route and models."""
    try:
        metadata = load_catalog(path).metadata
    except CatalogError:
        return ""
    route, models = metadata.get("X-Translator-Route", ""), metadata.get("X-Translator-Models", "")
    return f"{route} ({models})" if route and models and models != "none" else route


def _direction(language: str) -> str:
    from translator.languages import text_direction

    return text_direction(language)


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)
