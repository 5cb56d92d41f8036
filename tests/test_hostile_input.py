"""The hostile-input set: crafted articles fail by name, in seconds, and the rest of the batch publishes."""

from __future__ import annotations

import shutil
import time

import pytest
from conftest import SAMPLE, write_job

from translator.errors import ExitStatus, NestingTooDeep
from translator.job import load_job
from translator.readers import read_article
from translator.readers.nesting import MAX_DEPTH
from translator.run.pipeline import run

STORY = "The ministers met in Brussels on Monday to discuss trade, security and the coming elections."



def _export(text: str, extra: str) -> str:
    return f'{{"title": "Deep export", "blocks": [{{"type": "p", "text": "{text}"}}], "x": {extra}}}'


# name -> content; each either reads in a few seconds or is refused by name (NestingTooDeep)
DEEP = {
    "em-500.html": f"<html><body><h1>Deep emphasis</h1><p>{'<em>' * 500}{STORY}{'</em>' * 500}</p></body></html>",
    "arrays-1000.json": _export(STORY, "[" * 1000 + "]" * 1000),
    "objects-1000.json": _export(STORY, '{"a": ' * 1000 + "1" + "}" * 1000),
    "inline-html-500.json": _export("<b>" * 500 + STORY + "</b>" * 500, "1"),
    "self-closing-divs.html": f"<html><body><h1>Slashes</h1>{'<div/>' * 100_000}<p>{STORY}</p></body></html>",
    "after-closed-svg.html": f"<html><body><h1>Slashes</h1><svg/>{'<div/>' * 100_000}<p>{STORY}</p></body></html>",
    "divs-100k.html": f"<html><body><h1>Deep divs</h1>{'<div>' * 100_000}<p>{STORY}</p>{'</div>' * 100_000}"
                      "</body></html>",
}
# Large but flat, or deep within the bound: read, not refused, in a few seconds.
WIDE = {
    "bold-100k.html": f"<html><body><h1>Flat bold</h1><p>{'<b>x</b> ' * 100_000}</p></body></html>",
    f"divs-{MAX_DEPTH - 10}.html": f"<html><body><h1>Deep but real</h1>{'<div>' * (MAX_DEPTH - 10)}<p>{STORY}</p>"
                                   f"{'</div>' * (MAX_DEPTH - 10)}</body></html>",
    "unclosed-p.html": "<html><body><h1>Old markup</h1>" + f"<p>{STORY} <li>item " * 3000 + "</body></html>",
    "comments.html": "<html><body><h1>Commented markup</h1>" + "<!-- <div> -->" * 5000 + f"<p>{STORY}</p>",
    "svg.html": "<html><body><h1>Inline drawing</h1><svg>" + '<path d="M0 0"/>' * 5000 + f"</svg><p>{STORY}</p>",
    "script.html": "<html><body><h1>Script markup</h1><script>" + "<div>" * 5000 + f"</script><p>{STORY}</p>",
}
SECONDS = 10  # "a few seconds", with room for a loaded test machine


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_refused_by_name_in_seconds(tmp_path, name):
    path = tmp_path / name
    path.write_text(DEEP[name], encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(NestingTooDeep, match=f"{path}:1: .* nest more than {MAX_DEPTH} deep .*fix or remove it"):
        read_article(path, language="en")
    assert time.monotonic() - start < SECONDS


@pytest.mark.parametrize("name", WIDE)
def test_wide_or_real_depth_is_read_in_seconds(tmp_path, name):
    path = tmp_path / name
    path.write_text(WIDE[name], encoding="utf-8")
    start = time.monotonic()
    article = read_article(path, language="en")
    assert time.monotonic() - start < SECONDS
    assert article.blocks and article.blocks[0].kind.value == "headline"


def test_a_recursion_error_in_a_reader_fails_that_article_only(tmp_path, monkeypatch):
    from translator.readers import html

    def deep(text, table):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("translator.readers.READERS", {".html": deep})
    path = tmp_path / "a.html"
    path.write_text(f"<h1>x</h1><p>{STORY}</p>", encoding="utf-8")
    with pytest.raises(NestingTooDeep, match=f"{path}: nests its markup too deep"):
        read_article(path, language="en")
    assert html.parse  # the real reader is untouched


def test_the_batch_goes_on_past_hostile_articles(tmp_path, echo):
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    for name, content in DEEP.items():
        (tmp_path / "input" / name).write_text(content, encoding="utf-8")
    job = load_job(write_job(tmp_path, 'source = "en"\ntargets = ["ru"]\nformats = ["md", "json"]\n'
                                       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'))
    start = time.monotonic()
    report = run(job, engines={"echo": echo})
    assert time.monotonic() - start < 60
    assert report.exit_status is ExitStatus.PARTIAL
    failed = " ".join(str(f["error"]) for f in report.failures)
    assert all(name in failed for name in DEEP), failed
    assert (tmp_path / "output" / "ru" / f"{SAMPLE.stem}.md").exists()


def test_a_block_with_more_inline_elements_than_any_paragraph_keeps_its_words_only():
    from selectolax.lexbor import LexborHTMLParser

    from translator.readers.inline_html import MAX_INLINE_ELEMENTS, markdown_of

    many = LexborHTMLParser(f"<p>{'<b>x</b> ' * (MAX_INLINE_ELEMENTS + 1)}</p>").css_first("p")
    few = LexborHTMLParser(f"<p>{'<b>x</b> ' * 3}</p>").css_first("p")
    assert "*" not in markdown_of(many) and markdown_of(many).split() == ["x"] * (MAX_INLINE_ELEMENTS + 1)
    assert markdown_of(few).split() == ["**x**"] * 3
