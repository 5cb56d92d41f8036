"""A web page's headline as the desk wrote it: the page's h1, else its og:title, else its <title>, without the
site's name ("… | Reuters", "… - CBS News") that titles carry."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from translator.text.segment import normalize_space

# How titles set the site name (and section, date) apart: "Headline | Section | Site", "Headline - Site".
_SEPARATOR = re.compile(r"(\s+[|–—·:-]{1,2}\s+)")
_DATE = re.compile(r"^[\d./-]+$")
_SITE_META = ("og:site_name", "application-name", "twitter:site")
MAX_SITE_WORDS = 4  # a trailing piece longer than this is part of the headline, not a site or section name


def _meta(tree, name: str) -> str:
    node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
    return normalize_space((node.attributes.get("content") or "") if node is not None else "")


def site_names(tree) -> set[str]:
    """The names a page gives its site (og:site_name, application-name, @twitter handle, the domain's name), as
    keys without spaces or case: "CBS News" and "cbsnews.com" are both "cbsnews"."""
    names = {_meta(tree, name).lstrip("@") for name in _SITE_META}
    canonical = tree.css_first('link[rel="canonical"]')
    for url in (_meta(tree, "og:url"), (canonical.attributes.get("href") or "") if canonical is not None else ""):
        host = urlsplit(url).hostname or ""
        parts = [p for p in host.split(".") if p not in ("www", "edition", "amp", "m")]
        if parts:
            names.add(parts[0])
    return {site for site in map(_site_key, names) if site}


def _site_key(text: str) -> str:
    text = re.sub(r"\.(com|co\.uk|org|net)$", "", text.strip().casefold())
    return re.sub(r"^the|\W+", "", text)


def without_site_name(title: str, sites: set[str]) -> str:
    """A title without the site, section and date pieces at its end (or a site name at its start)."""
    parts = _SEPARATOR.split(title)  # pieces at even places, the separators as written between them
    site_seen = False  # a short piece before the site's name is its section ("… | Education | The Guardian")
    while len(parts) > 1:
        last = parts[-1]
        site_later = any(_site_key(p) in sites for p in parts[2::2])
        if _site_key(last) in sites or _DATE.match(last):
            site_seen = site_seen or _site_key(last) in sites
            del parts[-2:]
        elif (site_seen or site_later) and len(last.split()) <= MAX_SITE_WORDS:
            del parts[-2:]
        elif _site_key(parts[0]) in sites:
            del parts[:2]
        else:
            break
    return "".join(parts)


def headline(tree) -> str | None:
    """The headline of a parsed page (selectolax tree), or None when it has none. An h1 that is only the site's
    name (a logo) is no headline; the first h1 inside <article> goes before others."""
    sites = site_names(tree)
    for node in [*tree.css("article h1"), *tree.css("h1")]:
        text = normalize_space(node.text(separator=" "))
        if text and _site_key(text) not in sites:
            return text
    for name in ("og:title", "twitter:title"):
        if text := _meta(tree, name):
            return without_site_name(text, sites)
    title = tree.css_first("title")
    if title is not None and (text := normalize_space(title.text())):
        return without_site_name(text, sites)
    return None
