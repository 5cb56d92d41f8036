"""The job file's schema: every key checked, a wrong value refused naming the file, the line and what to
write instead; an engine's options are checked as the engine class declares them (translator/engines)."""

from __future__ import annotations

import glob
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from translator.engines import default_order, engine_options, job_tables
from translator.engines.options import BadValue
from translator.engines.options import non_empty_text as _text
from translator.engines.options import one_of as _one_of
from translator.engines.options import whole as _whole
from translator.errors import JobError
from translator.languages import check_code, check_tag

PUBLISH_POLICIES = ("qa", "approved-only", "machine")

# [publish] route_floor: between the shipped routes' measures on the reference set (translator/checks/
# route_quality.toml: Apertium en->es below, its headlines garbled; Bergamot en->pt above, signed as they are).
DEFAULT_ROUTE_FLOOR = 70.0

DEFAULT_ENGINE_ORDER = default_order()

EDITION_FORMATS = ("md", "html", "txt", "json")

DEFAULT_GLOSSARIES = ("glossaries/*.tsv",)

CORRECTION_PLACES = ("top", "bottom")

CLUSTER_KEYS = ("address", "tls_ca_file", "tls_client_cert", "tls_client_key")

_ROUTE_STEP = re.compile(r"^[A-Za-z][\w-]*(:[A-Za-z_]{2,8}-[A-Za-z_]{2,8})?$")


class _Problem(BadValue):
    """One key that breaks the schema: what is wrong, and the error class to raise."""

    def __init__(self, what: str, cls: type[Exception] = JobError) -> None:
        super().__init__(what)
        self.cls = cls


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _chrf(value: Any) -> float:
    if not (_is_int(value) or isinstance(value, float)) or not 0 <= value <= 100:
        raise _Problem(f"must be a chrF score from 0 to 100 (0: no floor), not {value!r}")
    return float(value)


def _strings(value: Any) -> list[str]:
    """A string or a non-empty list of non-empty strings, as a list."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) and v.strip() for v in items):
        raise _Problem(f"must be a string or a non-empty list of strings, not {value!r}")
    return list(items)


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise _Problem(f"holds {pattern!r}, which is not a valid regex ({exc})") from exc
    return pattern


def _formats(value: Any) -> list[str]:
    formats = _strings(value)
    unknown = [f for f in formats if f not in EDITION_FORMATS]
    if unknown:
        raise _Problem(f"names unknown edition format {unknown[0]!r} (known: {', '.join(EDITION_FORMATS)})")
    return formats


def _route(value: Any) -> list[str]:
    steps = _strings(value)
    bad = [s for s in steps if not _ROUTE_STEP.match(s.strip())]
    if bad:
        raise _Problem(f"holds {bad[0]!r}, which is neither an engine name nor engine:source-target")
    return [s.strip() for s in steps]

class JobSchema:
    """Checks a parsed job as a whole and gathers every problem, each naming the file (and line), the key and
    what to write instead; one JobError (or UnknownLanguage) carries them all."""

    def __init__(self, root: Path, where: str, text: str | None) -> None:
        self.root, self.where, self.text = root, where, text
        self.problems: list[tuple[type[Exception], str]] = []

    def validate(self, data: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if not isinstance(data, dict):
            data = {}
        top = self._top_keys()
        for key in sorted(set(data) - set(top)):
            self._fail((key,), f"unknown key {key!r} (known keys: {', '.join(sorted(top))})",
                       'only known keys, e.g. `targets = ["ru", "uk"]` (or delete the line)', named=False)
        if "targets" not in data:
            self._fail(("targets",), "is missing: a job needs its target languages", '`targets = ["ru", "uk"]`')
        for key, (method, example) in top.items():
            if key in data:
                self._check((key,), lambda m=method, k=key: m(self, data[k], kwargs), example)
        if self.problems:
            cls = self.problems[0][0]
            raise cls("\n".join(message for _, message in self.problems))
        return kwargs

    # -- reporting --

    def _check(self, key: tuple[str, ...], run: Callable[[], Any], example: str) -> Any:
        try:
            return run()
        except BadValue as problem:  # an engine's option check raises it plain; the schema's own, _Problem
            self._fail(key, str(problem), example, getattr(problem, "cls", JobError))
            return None

    def _fail(self, key: tuple[str, ...], what: str, example: str, cls: type[Exception] = JobError,
              named: bool = True) -> None:
        line = _line_of(self.text, key) if self.text else None
        place = f"{self.where}:{line}" if line else self.where
        subject = f"`{'.'.join(key)}` " if named else ""
        self.problems.append((cls, f"{place}: {subject}{what}; write {example}"))

    def _code(self, value: Any) -> str:
        """A source or pivot language: its plain code (en-US -> en)."""
        from translator.errors import UnknownLanguage

        if not isinstance(value, str):
            raise _Problem(f"must be a language code string, not {value!r}")
        try:
            return check_code(value, self.where)
        except UnknownLanguage:
            raise _Problem(f"holds unknown language code {value!r} (not an ISO 639-1 code such as 'ru', 'uk', 'fa')",
                           UnknownLanguage) from None

    def _file(self, value: Any) -> Path:
        path = Path(_text(value)).expanduser()
        path = path if path.is_absolute() else self.root / path
        if not path.is_file():
            raise _Problem(f"names {value!r}, which is not a file under {self.root}")
        return path

    def _tag(self, value: Any) -> str:
        """A target language: its canonical BCP 47 tag, region and script kept (pt_br -> pt-BR)."""
        from translator.errors import UnknownLanguage

        if not isinstance(value, str):
            raise _Problem(f"must be a language code string, not {value!r}")
        try:
            return check_tag(value, self.where)
        except UnknownLanguage as exc:
            reason = str(exc).removeprefix(f"{self.where}: ")
            raise _Problem(f"holds unknown language code {value!r} ({reason})", UnknownLanguage) from None

    def _known(self, section: str, table: dict[str, Any], known: tuple[str, ...], example: str) -> None:
        """Every key of a [section] table that is none of `known` is a problem naming it and the known ones."""
        for key in sorted(set(table) - set(known)):
            self._fail((section, key), f"unknown key {key!r} under [{section}] (known: {', '.join(known)})",
                       example, named=False)

    def _choice(self, section: str, table: dict[str, Any], key: str, choices: tuple[str, ...], kwarg: str,
                kwargs: dict[str, Any]) -> None:
        """A key of `table` that must be one of `choices`: kept as kwargs[kwarg]; the example names them all."""
        if key not in table:
            return
        others = ", ".join(f'"{choice}"' for choice in choices[1:])
        example = f'`{key} = "{choices[0]}"` (or {others}) under [{section}]'
        value = self._check((section, key), lambda: _one_of(*choices)(table[key]), example)
        if value:
            kwargs[kwarg] = value

    def _table(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Problem(f"must be a table, not {value!r}")
        return value

    # -- top-level keys: each stores what it validated in kwargs --

    def _source(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["source"] = "auto" if value == "auto" else self._code(value)

    def _pivot(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["pivot"] = self._code(value)

    def _targets(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["targets"] = [self._tag(code) for code in _strings(value)]

    def _inputs(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["inputs"] = _strings(value)

    def _glossaries(self, value: Any, kwargs: dict[str, Any]) -> None:
        if value == []:  # no glossary at all, not even the default folder (`translate --no-default-glossary`)
            kwargs["glossaries"] = []
            return
        globs = _strings(value)
        for pattern in globs:
            if pattern in DEFAULT_GLOSSARIES:
                continue  # the default folder may be empty: a desk without a glossary yet
            full = Path(pattern).expanduser()
            full = full if full.is_absolute() else self.root / full
            if not any(Path(m).is_file() for m in glob.glob(str(full), recursive=True)):
                raise _Problem(f"holds {pattern!r}, which matches no file under {self.root}")
        kwargs["glossaries"] = globs

    def _formats(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["formats"] = _formats(value)

    def _output(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["output"] = Path(_text(value))

    def _locales(self, value: Any, kwargs: dict[str, Any]) -> None:
        kwargs["locales"] = Path(_text(value))

    def _engines(self, value: Any, kwargs: dict[str, Any]) -> None:
        options = kwargs.setdefault("engine_options", {})
        for name, item in self._table(value).items():
            if name == "order":
                order = self._check(("engines", "order"), lambda i=item: _strings(i),
                                    '`order = ["argos", "bergamot", "apertium"]` under [engines]')
                if order is not None:
                    kwargs["engine_order"] = order
            elif isinstance(item, dict):
                options.setdefault(name, {}).update(self._options(("engines", name), item))
            else:
                self._fail(("engines", name), f"must be an option table or `order`, not {item!r}",
                           f'[engines.{name}] with its options, or `order = ["{name}"]` under [engines]')

    def _top_keys(self) -> dict[str, tuple[Callable[..., None], str]]:
        """The schema's own keys and, after [engines], each engine's own top-level table (the older [argos])."""
        keys: dict[str, tuple[Callable[..., None], str]] = {}
        for key, entry in self._TOP.items():
            keys[key] = entry
            if key == "engines":
                for table, engine in job_tables().items():
                    first = (engine_options(engine) or (None,))[0]
                    example = f"[{table}] with options such as `{first.name} = {first.example}`" if first \
                        else f"[{table}] with the options of {engine}"
                    keys[table] = (lambda schema, value, kwargs, t=table, e=engine:
                                   schema._engine_table(t, e, value, kwargs), example)
        return keys

    def _engine_table(self, table: str, engine: str, value: Any, kwargs: dict[str, Any]) -> None:
        checked = self._options((table,), self._table(value), engine)
        # A top-level engine table: its options come after (and win over) [engines.<engine>].
        kwargs.setdefault("engine_options", {}).setdefault(engine, {}).update(checked)

    def _options(self, key: tuple[str, ...], table: dict[str, Any], engine: str | None = None) -> dict[str, Any]:
        declared = engine_options(engine or key[-1])
        if declared is None:
            return dict(table)  # an engine that declares no options checks its own
        known = {option.name: option for option in declared}
        header = "[" + ".".join(key) + "]"
        checked = {}
        for name, value in table.items():
            if name not in known:
                self._fail((*key, name), f"unknown option {name!r} under {header} (known: {', '.join(known)})",
                           f"only those under {header}", named=False)
                continue
            option = known[name]
            result = self._check((*key, name), lambda c=option.check, v=value: c(v),
                                 f"`{name} = {option.example}` under {header}")
            if result is not None:
                checked[name] = result
        return checked

    def _routes(self, value: Any, kwargs: dict[str, Any]) -> None:
        routes = {}
        for lang, route in self._table(value).items():
            code = self._check(("routes", lang), lambda lg=lang: self._tag(lg), '`ru = "argos"` under [routes]')
            steps = self._check(("routes", lang), lambda r=route: _route(r),
                                f'`{lang} = "apertium"` or `{lang} = ["argos:en-ru", "apertium:ru-{lang}"]` '
                                "under [routes]")
            if code and steps:
                routes[code] = steps
        kwargs["routes"] = routes

    def _boilerplate(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        self._known("boilerplate", table, ("patterns", "text"),
                    '`patterns = ["^Breaking News$"]` under [boilerplate], or [boilerplate.text.ru]')
        if "patterns" in table:
            patterns = self._check(("boilerplate", "patterns"),
                                   lambda: [_regex(p) for p in _strings(table["patterns"])],
                                   '`patterns = ["^Breaking News$"]` under [boilerplate] (a valid Python regex)')
            kwargs["boilerplate_patterns"] = patterns or []
        if "text" in table:
            kwargs["boilerplate_texts"] = self._boilerplate_texts(table["text"])

    def _boilerplate_texts(self, value: Any) -> dict[str, dict[str, str]]:
        example = '[boilerplate.text.ru] with lines `"^RFE/RL journalists report" = "approved text"`'
        texts: dict[str, dict[str, str]] = {}
        if not isinstance(value, dict):
            self._fail(("boilerplate", "text"), f"must be a table of languages, not {value!r}", example)
            return texts
        for lang, table in value.items():
            key = ("boilerplate", "text", lang)
            code = self._check(key, lambda lg=lang: self._tag(lg), example)
            if not isinstance(table, dict):
                self._fail(key, f"must be a table of pattern = approved text, not {table!r}",
                           f'[boilerplate.text.{lang}] with lines `"^RFE/RL journalists report" = "approved text"`')
                continue
            for pattern, text in table.items():
                self._check((*key, pattern), lambda p=pattern: _regex(p), f"a valid Python regex as the key under "
                            f"[boilerplate.text.{lang}], e.g. \"^RFE/RL journalists report\"")
                if not isinstance(text, str):
                    self._fail((*key, pattern), f"must be the approved text as a string, not {text!r}",
                               f'`"{pattern}" = "approved text"` under [boilerplate.text.{lang}]')
            if code:
                texts[code] = {p: t for p, t in table.items() if isinstance(t, str)}
        return texts

    def _publish(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        self._known("publish", table, ("policy", "html_template", "route_floor"), '`policy = "qa"` under [publish]')
        if "html_template" in table:
            template = self._check(("publish", "html_template"), lambda: self._file(table["html_template"]),
                                   '`html_template = "templates/edition.html.j2"` under [publish] (a Jinja2 file, '
                                   'relative to the job file)')
            if template:
                kwargs["html_template"] = template
        self._choice("publish", table, "policy", PUBLISH_POLICIES, "publish_policy", kwargs)
        if "route_floor" in table:
            floor = self._check(("publish", "route_floor"), lambda: _chrf(table["route_floor"]),
                                "`route_floor = 70` under [publish] (the chrF a route must have measured for its "
                                "headlines, leads and captions to be published unreviewed; 0: no floor)")
            if floor is not None:
                kwargs["route_floor"] = floor

    def _checks(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        self._known("checks", table, ("headline_budget", "back_translation"), '`headline_budget = 90` under [checks]')
        self._choice("checks", table, "back_translation", ("prominent", "all", "off"), "back_translation", kwargs)
        if "headline_budget" in table:
            budget = table["headline_budget"]
            example = '`headline_budget = 90` or `headline_budget = { pt = 80, ru = 90 }` under [checks]'
            if _is_int(budget):
                budget = {"*": budget}
            if not isinstance(budget, dict):
                self._fail(("checks", "headline_budget"), f"must be a number or a table, not {budget!r}", example)
                return
            budgets = {}
            for lang, chars in budget.items():
                code = lang if lang == "*" else self._check(("checks", "headline_budget", lang),
                                                            lambda lg=lang: self._tag(lg), example)
                chars = self._check(("checks", "headline_budget", lang), lambda c=chars: _whole(10)(c), example)
                if code and chars:
                    budgets[code] = chars
            kwargs["headline_budgets"] = budgets

    def _advisories(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        self._known("advisories", table, ("correction", "kill_notice"), '`correction = "top"` under [advisories]')
        self._choice("advisories", table, "correction", CORRECTION_PLACES, "correction_place", kwargs)
        if "kill_notice" in table:
            if isinstance(table["kill_notice"], bool):
                kwargs["kill_notice"] = table["kill_notice"]
            else:
                self._fail(("advisories", "kill_notice"), f"must be true or false, not {table['kill_notice']!r}",
                           "`kill_notice = true` under [advisories]")

    def _cluster(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        example = '`address = "tcp://scheduler:8786"` (or "local:2") under [cluster]'
        self._known("cluster", table, CLUSTER_KEYS, example)
        for key, item in table.items():
            if key in CLUSTER_KEYS and (not isinstance(item, str) or not item.strip()):
                self._fail(("cluster", key), f"must be a non-empty string, not {item!r}", example)
        kwargs["cluster"] = table.get("address") if isinstance(table.get("address"), str) else None
        kwargs["cluster_tls"] = {k: v for k, v in table.items() if k in CLUSTER_KEYS[1:] and isinstance(v, str)}

    def _credits(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        example = '`es = "Con información de {agencies}"` under [credits]'
        templates = {}
        for lang, template in table.items():
            code = self._check(("credits", lang), lambda lg=lang: self._tag(lg), example)  # pt-BR stays pt-BR
            if not isinstance(template, str) or template.count("{agencies}") != 1:
                self._fail(("credits", lang), f"must be a text holding {{agencies}} once, not {template!r}", example)
            elif code:
                templates[code] = template
        kwargs["credit_templates"] = templates

    def _memory(self, value: Any, kwargs: dict[str, Any]) -> None:
        table = self._table(value)
        example = "`fuzzy_threshold = 75` and `prefill = true` (or a least similarity such as 97) under [memory]"
        self._known("memory", table, ("fuzzy_threshold", "prefill"), example)
        threshold = table.get("fuzzy_threshold", 75)
        if not _is_int(threshold) or not 50 <= threshold <= 100:
            self._fail(("memory", "fuzzy_threshold"), f"must be a whole percentage from 50 to 100, not {threshold!r}",
                       example)
        else:
            kwargs["memory_threshold"] = threshold
        prefill = table.get("prefill", False)
        if isinstance(prefill, bool):
            kwargs["memory_prefill"] = 95 if prefill else None
        elif _is_int(prefill) and 75 <= prefill <= 100:
            kwargs["memory_prefill"] = prefill
        else:
            self._fail(("memory", "prefill"), f"must be true, false or a whole percentage from 75 to 100, not "
                       f"{prefill!r}", example)

    # key -> (method, example); the order is the order problems are reported in.
    _TOP: dict[str, tuple[Callable[..., None], str]] = {
        "source": (_source, '`source = "en"` (or "auto")'),
        "inputs": (_inputs, '`inputs = ["input/*"]`'),
        "targets": (_targets, '`targets = ["ru", "uk"]`'),
        "glossaries": (_glossaries, '`glossaries = ["glossaries/*.tsv"]` naming files that exist, or delete the line'),
        "formats": (_formats, '`formats = ["md", "html", "json"]`'),
        "output": (_output, '`output = "output"`'),
        "locales": (_locales, '`locales = "locales"`'),
        "pivot": (_pivot, '`pivot = "en"`'),
        "engines": (_engines, '[engines] with `order = ["argos", "bergamot", "apertium"]`'),
        "routes": (_routes, '[routes] with lines such as `sr = "apertium"`'),
        "boilerplate": (_boilerplate, '[boilerplate] with `patterns = ["^Breaking News$"]`'),
        "publish": (_publish, '[publish] with `policy = "qa"`'),
        "cluster": (_cluster, '[cluster] with `address = "tcp://scheduler:8786"`'),
        "checks": (_checks, '[checks] with `headline_budget = 90`'),
        "credits": (_credits, '[credits] with lines such as `es = "Con información de {agencies}"`'),
        "advisories": (_advisories, '[advisories] with `correction = "top"` or `kill_notice = true`'),
        "memory": (_memory, "[memory] with `fuzzy_threshold = 75` or `prefill = true`"),
    }

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")

_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def _line_of(text: str, key: tuple[str, ...]) -> int | None:
    """Best effort: the line where `key` is set (or its table opens) in the TOML text."""
    section: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            section = tuple(part.strip().strip("\"'") for part in header.group(1).split("."))
            if section == key:
                return number
            continue
        match = _KEY.match(line)
        if match:
            name = next(g for g in match.groups() if g is not None)
            if section == key[:-1] and name == key[-1]:
                return number
    return None
