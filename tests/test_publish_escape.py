"""Editions carry no live markup from an article, a glossary form or a reviewer's msgstr, and keep images and
bylines as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import write_job

from translator.article import Article, Block, BlockKind, Edition, EditionBlock, Provenance
from translator.job import load_job
from translator.publish import html, json_edition, markdown, text
from translator.run.pipeline import run

K = BlockKind
ALLOWED_TAGS = {"html", "head", "body", "h1", "h2", "p", "blockquote", "em", "strong", "a", "img"}

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JavaScript:alert(document.cookie))",
    "<a href='javascript:alert(1)'>x</a>",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "&lt;img src=x onerror=alert(1)&gt;",
    "text <b onmouseover=alert(1)>bold</b>\n<div>block</div>",
]


def edition_of(blocks: list[EditionBlock]) -> Edition:
    article = Article(slug="s", path="s.md", blocks=[], language="en")
    return Edition(article, "ru", blocks, Provenance(route="echo:en-ru"))


def block(kind: BlockKind, target: str, source: str = "source text", attrs=None) -> EditionBlock:
    return EditionBlock(kind, source, [source], [target], target, attrs=attrs or {})


def rendered_markdown(edition: Edition):
    """The md edition as a Markdown renderer shows it (raw HTML allowed, as commonmark does), parsed."""
    from markdown_it import MarkdownIt
    from selectolax.lexbor import LexborHTMLParser

    front, body = markdown.render(edition).removeprefix("---\n").split("\n---\n\n", 1)  # as a CMS reads it
    assert_inert(LexborHTMLParser(MarkdownIt("commonmark").render(front)))  # and as a plain renderer shows it
    return LexborHTMLParser(MarkdownIt("commonmark").render(body))


def assert_inert(tree) -> None:
    for node in tree.css("*"):
        assert node.tag in ALLOWED_TAGS, node.html
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), node.html
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), node.html


@pytest.mark.parametrize("kind", [K.HEADLINE, K.SUBHEADLINE, K.PARAGRAPH, K.QUOTE, K.CAPTION, K.CREDIT])
@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_edition_is_inert(kind, hostile):
    tree = rendered_markdown(edition_of([block(kind, f"Said {hostile} today"), block(K.PARAGRAPH, hostile)]))
    assert_inert(tree)
    assert "alert(" in tree.body.text()  # shown as the text it was, not dropped


@pytest.mark.parametrize("hostile", HOSTILE)
def test_byline_kept_as_written_is_inert(hostile):
    tree = rendered_markdown(edition_of([EditionBlock(K.BYLINE, f"By {hostile}", [], [], "")]))
    assert_inert(tree)
    assert tree.body.text().startswith("By ")


@pytest.mark.parametrize("target, tag", [
    ("# of voters fell", "p"),
    ("1. The first round", "p"),
    ("2) The second", "p"),
    ("- not a list", "p"),
    ("+ not a list", "p"),
    ("---", "p"),
    ("> not a quote", "p"),
    ("    four spaces are not code", "p"),
    ("```", "p"),
])
def test_paragraph_stays_a_paragraph(target, tag):
    tree = rendered_markdown(edition_of([block(K.PARAGRAPH, target)]))
    assert [node.tag for node in tree.body.iter()] == [tag]
    assert tree.body.text().strip() == " ".join(target.split())


def test_headline_starting_with_hash_is_one_heading():
    tree = rendered_markdown(edition_of([block(K.HEADLINE, "# of voters #")]))
    assert [(node.tag, node.text()) for node in tree.body.iter()] == [("h1", "# of voters #")]


def test_safe_markup_is_kept():
    tree = rendered_markdown(edition_of([block(K.PARAGRAPH, "Talks were **useful**, [NATO](https://nato.int) said.")]))
    assert tree.css_first("strong").text() == "useful"
    assert tree.css_first("a").attributes["href"] == "https://nato.int"


IMAGE = {"url": "https://example.org/a (1).jpg", "alt": 'Rasmussen "left"', "title": 'In <b>Brussels</b>'}


def test_image_kept_in_markdown_edition():
    tree = rendered_markdown(edition_of([block(K.IMAGE, "", "Rasmussen", attrs=IMAGE)]))
    img = tree.css_first("img")
    assert img.attributes == {"src": "https://example.org/a%20(1).jpg", "alt": 'Rasmussen "left"',  # as written
                              "title": "In <b>Brussels</b>"}


def test_image_kept_in_html_edition():
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser(html.render(edition_of([block(K.IMAGE, "", "Rasmussen", attrs=IMAGE)])))
    assert page.css_first("figure img").attributes == {"src": "https://example.org/a%20(1).jpg", "alt": IMAGE["alt"],
                                                       "title": IMAGE["title"]}


@pytest.mark.parametrize("url", ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>", "vbscript:x"])
@pytest.mark.parametrize("writer", [markdown.render, html.render])
def test_image_with_unsafe_url_is_left_out(writer, url):
    out = writer(edition_of([block(K.IMAGE, "", "x", attrs={"url": url, "alt": "x", "title": ""}),
                             block(K.PARAGRAPH, "Story.")]))
    assert "script" not in out.lower().replace("<!doctype html>", "") and "data:" not in out


def test_image_and_byline_through_a_run(tmp_path, echo):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(
        "# Talks Make Little Progress\n\nBy Rikard Jozwiak\n\n![Rasmussen in Brussels](https://example.org/p.jpg "
        '"Rasmussen (right) in Brussels.")\n\nBRUSSELS -- NATO says the talks were useful.\n\n'
        "*With reporting by Reuters and AFP*\n", encoding="utf-8")
    run(load_job(write_job(tmp_path, 'targets = ["ru"]\nformats = ["md", "html", "txt", "json"]\n'
                                     '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')),
        engines={"echo": echo})
    assert not any("Rikard" in s or "example.org" in s for _, _, batch in echo.calls for s in batch)
    out = tmp_path / "output" / "ru"
    md = (out / "story.md").read_text(encoding="utf-8")
    assert "By Rikard Jozwiak\n" in md
    # The caption the reader took from the image's title goes back there, translated: the image stays one block.
    assert '![Rasmussen in Brussels](https://example.org/p.jpg "ru: Rasmussen (right) in Brussels.")' in md
    assert "*ru: Rasmussen" not in md
    page = (out / "story.html").read_text(encoding="utf-8")
    assert '<p class="byline">By Rikard Jozwiak</p>' in page and 'src="https://example.org/p.jpg"' in page
    data = json.loads((out / "story.json").read_text(encoding="utf-8"))
    image = [b for b in data["blocks"] if b["kind"] == "image"][0]
    assert image["attrs"]["url"] == "https://example.org/p.jpg" and image["sentences"] == []
    byline = [b for b in data["blocks"] if b["kind"] == "byline"][0]
    assert byline["target"] == "By Rikard Jozwiak"
    assert [b["kind"] for b in data["blocks"]][-1] == "credit"
    assert "example.org" not in (out / "story.txt").read_text(encoding="utf-8")


def test_text_edition_shows_byline_and_no_image():
    out = text.render(edition_of([EditionBlock(K.BYLINE, "By A. Writer", [], [], ""),
                                  block(K.IMAGE, "", "pic", attrs={"url": "a.jpg", "alt": "pic", "title": ""})]))
    assert out.split("\n\n")[:-1] == ["By A. Writer"]  # then only the provenance line


def test_json_edition_without_attrs_keeps_its_shape():
    data = json_edition.to_dict(edition_of([block(K.PARAGRAPH, "ru: x", "x")]))
    assert set(data["blocks"][0]) == {"kind", "source", "target", "sentences"}


def test_edition_takes_attrs_from_the_article():
    from translator.job import Job
    from translator.run.deliver import build_edition

    image = Block(K.IMAGE, "pic", attrs={"url": "a.jpg", "alt": "pic", "title": ""})
    article = Article(slug="s", path="s.md", blocks=[image], language="en")
    edition = build_edition(article, "ru", {}, Job(root=Path("."), targets=["ru"]), Provenance(route="echo:en-ru"))
    assert edition.blocks[0].attrs == {"url": "a.jpg", "alt": "pic", "title": ""}


def test_entities_of_a_markdown_article_are_read_as_their_characters(tmp_path, echo):
    # CommonMark reads "&amp;" as "&" and "&eacute;" as "é": the engine, the catalog and every edition get the
    # characters, never the entity's letters (which the checks took for English words and the HTML escaped again).
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(
        "# AT&amp;T and Caf&eacute; &copy; 2026\n\nThe deal costs &euro;5 million, says AT&amp;T.\n",
        encoding="utf-8")
    run(load_job(write_job(tmp_path, 'targets = ["ru"]\nformats = ["md", "html", "txt"]\n'
                                     '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')),
        engines={"echo": echo})
    sent = [s for _, _, batch in echo.calls for s in batch]
    assert "AT&T and Café © 2026" in sent and not any("&amp;" in s or "&euro;" in s for s in sent)
    out = tmp_path / "output" / "ru"
    assert "ru: The deal costs €5 million, says AT&T." in (out / "story.txt").read_text(encoding="utf-8")
    page = (out / "story.html").read_text(encoding="utf-8")
    assert "<h1>ru: AT&amp;T and Café © 2026</h1>" in page and "&amp;amp;" not in page and "&amp;eacute;" not in page
    md = (out / "story.md").read_text(encoding="utf-8")
    rendered = rendered_markdown_body(md)
    assert "ru: AT&amp;T and Café © 2026" in rendered and "&amp;amp;" not in rendered


def rendered_markdown_body(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(md.split("\n---\n\n", 1)[1])
