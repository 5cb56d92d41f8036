"""HTML edition: a complete, responsive page rendered from a Jinja2 template (the built-in one, or the desk's
`[publish] html_template`), every value escaped. The template gets plain values (see `context`), never markup."""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from translator.article import BlockKind, Container, Edition, EditionBlock, shared_containers
from translator.errors import JobError
from translator.languages import bcp47, text_direction
from translator.text import locale
from translator.text.escape import safe_url
from translator.text.inline import plain

if TYPE_CHECKING:
    from markupsafe import Markup

BUILTIN = "translator/edition.html.j2"
_CLASS = {BlockKind.BOILERPLATE: "site"}  # the CSS class of a block kind, where it is not the kind's own name
_DESCRIPTION = 200  # characters of the lead in <meta name="description">

# "Machine-translated, not yet reviewed", in the desk's languages; other languages get the English line, marked
# as English. A desk template replaces it in its own words through the `notice` block.
NOTICES = {
    "en": "This article was translated by machine and has not yet been reviewed by an editor.",
    "pt": "Este artigo foi traduzido automaticamente e ainda não foi revisto por um editor.",
    "es": "Este artículo fue traducido automáticamente y aún no ha sido revisado por un editor.",
    "ca": "Aquest article s'ha traduït automàticament i encara no l'ha revisat cap editor.",
    "ru": "Эта статья переведена автоматически и ещё не проверена редактором.",
    "uk": "Цю статтю перекладено автоматично, і редактор її ще не перевірив.",
    "fa": "این مقاله به‌صورت ماشینی ترجمه شده و هنوز ویراستاری آن را بازبینی نکرده است.",
    "sr": "Ovaj članak je mašinski preveden i urednik ga još nije pregledao.",
}


def inline(text: str) -> Markup:
    """Escaped HTML of a text with inline markup (translator/text/inline.py): emphasis, strong, code and safe links
    become elements; anything else (raw HTML in the text, an unsafe link) is shown as the text it was."""
    from markupsafe import Markup, escape

    from translator.text.inline import markdown_tokens

    tokens = markdown_tokens(text)
    if tokens is None:
        return escape(text)
    out: list[str] = []
    links: list[bool] = []
    for token in tokens:
        if token.type in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(f"<{'/' if token.type.endswith('close') else ''}{token.tag}>")
        elif token.type == "code_inline":
            out.append(f"<code>{escape(token.content)}</code>")
        elif token.type == "link_open":
            url = safe_url(str(token.attrs.get("href", "")))
            links.append(url is not None)
            if url is not None:
                out.append(f'<a href="{escape(url)}">')
        elif token.type == "link_close":
            if links and links.pop():
                out.append("</a>")
        elif token.type == "softbreak":
            out.append(" ")
        elif token.type == "hardbreak":
            out.append("<br>")
        elif token.type == "image" and (src := safe_url(str(token.attrs.get("src", "")))) is not None:
            title = str(token.attrs.get("title") or "")
            out.append(f'<img src="{escape(src)}" alt="{escape(token.content)}"'
                       f'{f" title={chr(34)}{escape(title)}{chr(34)}" if title else ""}>')
        else:
            out.append(str(escape(token.content)))
    return Markup("".join(out))


def _image(attrs: dict[str, str]) -> dict[str, str] | None:
    url = safe_url(attrs.get("url", ""))
    return None if url is None else {"src": url, "alt": attrs.get("alt", ""), "title": attrs.get("title", "")}


def items(blocks: list[EditionBlock]) -> list[dict[str, Any]]:
    """The blocks as the template lays them out: an image and the caption right after it become one figure; a
    caption with no image stays a caption; an image with an unsafe url is left out. A code or HTML block is
    `code` (its text escaped, shown as written), a thematic break `rule`; an empty list item or quote is left
    out. Each item's `open` and `close` hold the <blockquote>, <ul>/<ol> and <li> tags of the Markdown
    containers it starts and ends (Block.containers)."""
    from markupsafe import Markup, escape

    out: list[dict[str, Any]] = []
    for block in blocks:
        count = len(out)
        if block.kind is BlockKind.IMAGE:
            image = _image(block.attrs)
            if image is not None:
                out.append({"kind": "figure", "image": image, "caption": None, "text": ""})
        elif block.kind is BlockKind.CAPTION and out and out[-1]["kind"] == "figure" and out[-1]["caption"] is None:
            out[-1]["caption"] = inline(block.text)
            continue
        elif block.kind in (BlockKind.CODE, BlockKind.HTML):
            out.append({"kind": "code", "text": escape(block.source.removesuffix("\n")), "image": None,
                        "caption": None})
        elif block.kind is BlockKind.RULE:
            out.append({"kind": "rule", "text": "", "image": None, "caption": None})
        else:
            kind = block.kind.value if not (block.kind is BlockKind.QUOTE and block.containers) else "paragraph"
            out.append({"kind": _CLASS.get(block.kind, kind), "text": inline(block.text), "image": None,
                        "caption": None})
        if len(out) > count:
            out[-1]["containers"] = block.containers
    previous: tuple[Container, ...] = ()
    for item in out:
        containers = item.pop("containers", ())
        shared = shared_containers(previous, containers)
        item["open"] = Markup(_closing(previous[shared:]) + "".join(_opening(containers, at)
                                                                    for at in range(shared, len(containers))))
        item["close"] = Markup("")
        previous = containers
    if out:
        out[-1]["close"] = Markup(_closing(previous))
    return out


def _opening(containers: tuple[Container, ...], at: int) -> str:
    container = containers[at]
    if container.kind == "quote":
        return "<blockquote>"
    if container.kind == "item":
        return "<li>"
    if not container.ordered:
        return "<ul>"
    first = containers[at + 1].number if at + 1 < len(containers) else 1
    return "<ol>" if first == 1 else f'<ol start="{int(first)}">'


def _closing(containers: tuple[Container, ...]) -> str:
    tags = {"quote": "</blockquote>", "item": "</li>"}
    return "".join(tags.get(c.kind) or ("</ol>" if c.ordered else "</ul>") for c in reversed(containers))


def _published(time: str, language: str) -> dict[str, str] | None:
    """The publication time for <time>: ISO 8601 for machines, the date in the edition's locale for readers."""
    try:
        moment = datetime.fromisoformat(time)
    except ValueError:
        return None
    return {"iso": time, "text": locale.long_date(moment.date(), language)}


def _description(edition: Edition) -> str:
    for kind in (BlockKind.LEAD, BlockKind.PARAGRAPH):
        text = next((" ".join(plain(b.text).split()) for b in edition.blocks if b.kind is kind and b.text.strip()),
                    "")
        if text:
            return text if len(text) <= _DESCRIPTION else text[:_DESCRIPTION].rsplit(" ", 1)[0] + "…"
    return ""


def _notice(edition: Edition) -> dict[str, str] | None:
    if edition.reviewed:
        return None
    text = locale.table_entry(edition.language, NOTICES)  # pt-BR: pt's; sr-Latn: sr's; sr-Cyrl: sr's in Cyrillic
    language = bcp47(edition.language) if text else "en"  # an inherited notice is in the edition's language
    return {"text": text or NOTICES["en"], "lang": language, "dir": text_direction(language)}


def context(edition: Edition) -> dict[str, Any]:
    """What a template gets. Text values are plain strings (the template escapes them), but an item's text and
    caption, which are already escaped HTML with their inline markup (<em>, <strong>, <a>, <code>); urls are
    already checked."""
    from translator import __version__

    slug = quote(edition.article.slug)
    languages = list(dict.fromkeys(edition.alternates or (edition.language,)))
    laid_out = items(edition.blocks)
    headline_at = next((i for i, item in enumerate(laid_out) if item["kind"] == "headline"), None)
    if headline_at is not None:
        headline = laid_out.pop(headline_at)  # the page's <h1>, in the header; its container tags stay in place
        if tags := headline["open"] + headline["close"]:
            if headline_at < len(laid_out):
                laid_out[headline_at]["open"] = tags + laid_out[headline_at]["open"]
            elif laid_out:
                laid_out[-1]["close"] += tags
    image = next((item["image"] for item in laid_out if item["kind"] == "figure"), None)
    return {
        "edition": edition,
        "lang": bcp47(edition.language),
        "dir": text_direction(edition.language),
        "headline": plain(edition.headline),  # <title> and <h1> hold no markup
        "description": _description(edition),
        "items": laid_out,
        "notice": _notice(edition),
        "reviewed": edition.reviewed,
        "published": _published(edition.provenance.time, edition.language) if edition.provenance.time else None,
        "alternates": [{"lang": bcp47(lang), "href": f"../{quote(lang)}/{slug}.html",
                        "og_locale": locale.og_locale(lang)} for lang in languages],
        "og_locale": locale.og_locale(edition.language),
        "og_image": image if image and urlsplit(image["src"]).scheme in ("http", "https") else None,
        "generator": f"translator {__version__}",
        "provenance": edition.provenance,
        "provenance_line": edition.provenance.short(),
    }


@functools.lru_cache(maxsize=8)
def _environment(desk_folder: str | None):
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, StrictUndefined

    builtin = PrefixLoader({"translator": PackageLoader("translator", "templates/edition")})
    loader = ChoiceLoader([builtin, FileSystemLoader(desk_folder)]) if desk_folder else builtin
    return Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                       lstrip_blocks=True, keep_trailing_newline=True)


def render(edition: Edition) -> str:
    template_path = edition.html_template
    if template_path is None:
        return _environment(None).get_template(BUILTIN).render(context(edition))
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    path = Path(template_path)
    try:
        template = _environment(str(path.parent)).get_template(path.name)
        return template.render(context(edition))
    except TemplateSyntaxError as exc:
        where = f"{exc.filename or path}:{exc.lineno}"
        raise JobError(f"{where}: the HTML edition template is not valid Jinja2 ({exc.message}); fix it or "
                       "remove `html_template` from [publish]") from exc
    except TemplateNotFound as exc:
        raise JobError(f"{path}: the HTML edition template needs {exc.name!r}, which is not there; extend "
                       f"{BUILTIN!r} or a file next to it") from exc
    except TemplateError as exc:
        raise JobError(f"{path}: the HTML edition template failed ({exc}); it can use the values listed in "
                       "translator/publish/html.py context()") from exc
