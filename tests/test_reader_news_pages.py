"""The HTML reader on real English news pages (tests/data/newspages/, from trafilatura's evaluation set): the story
kept, the site's chrome left out, the headline without the site's name, bylines with links as bylines."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from translator.article import Block, BlockKind
from translator.readers import read_article
from translator.readers.html_headline import without_site_name
from translator.readers.rules import finish_blocks, rules_for
from translator.text import inline

K = BlockKind
PAGES = Path(__file__).parent / "data" / "newspages"
MANIFEST = json.loads((PAGES / "pages.json").read_text(encoding="utf-8"))["pages"]

# What the reader does not manage, and why (the benchmark counts them too):
KNOWN_MISSES = {
    ("scmp.com.playbook.html", "must"): "the story is only in the page's JSON (rendered by script)",
    ("salon.com.emissions.html", "This post originally"): "a partner note in a widget trafilatura drops too",
    ("scmp.com.playbook.html", "Alice Wu fell down the rabbit hole"): "the author's bio sits in the story column",
    ("theguardian.com.academics.html", "Striking members of the UCU"): "a photo caption: kept as a caption",
    ("vancouversun.com.microsoft.html", "Reuters files"): "a photo caption: kept as a caption",
}


@cache
def _read(name: str):
    article = read_article(PAGES / name, language="en")
    kept = [b for b in article.blocks if b.kind is not K.BOILERPLATE]
    return article, "\n".join(inline.plain(b.text) for b in kept)


def _cases(field: str):
    for page in MANIFEST:
        for snippet in page[field]:
            reason = KNOWN_MISSES.get((page["file"], snippet)) or KNOWN_MISSES.get((page["file"], field))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            yield pytest.param(page["file"], snippet, marks=marks, id=f"{page['file']}:{snippet[:24]}")


@pytest.mark.parametrize("name, snippet", list(_cases("must")))
def test_the_story_is_kept(name, snippet):
    assert snippet in _read(name)[1]


@pytest.mark.parametrize("name, snippet", list(_cases("must_not")))
def test_site_chrome_is_left_out(name, snippet):
    assert snippet not in _read(name)[1]


@pytest.mark.parametrize("page", MANIFEST, ids=[p["file"] for p in MANIFEST])
def test_headline_is_the_pages_own_without_the_site_name(page):
    article, _ = _read(page["file"])
    headlines = [b for b in article.blocks if b.kind is K.HEADLINE]
    assert len(headlines) == 1
    assert inline.plain(headlines[0].text) == page["headline"]
    assert article.blocks.index(headlines[0]) <= 2  # at the top, whatever trafilatura did with the h1


@pytest.mark.parametrize("page", MANIFEST, ids=[p["file"] for p in MANIFEST])
def test_every_page_has_a_lead_and_no_block_twice(page):
    article, _ = _read(page["file"])
    texts = [b.text for b in article.blocks if b.kind.translatable]
    assert [b.kind for b in article.blocks].count(K.LEAD) == 1
    assert len(texts) == len(set(texts))


def test_byline_with_a_link_is_a_byline_not_the_lead():
    article, _ = _read("reuters.com.parasite.html")
    bylines = [b for b in article.blocks if b.kind is K.BYLINE]
    assert [b.text for b in bylines] == ["By [Jill Serjeant](https://www.reuters.com/journalists/jill-serjeant)"]
    assert not bylines[0].sentences  # never machine-translated
    lead = next(b for b in article.blocks if b.kind is K.LEAD)
    assert lead.text.startswith("LOS ANGELES (Reuters) - ") and article.metadata["dateline"] == "LOS ANGELES"


def test_inline_links_survive_in_the_story():
    article, _ = _read("standard.co.uk.caribbean.html")
    linked = [b for b in article.blocks if b.kind.translatable and "](" in b.text]
    assert linked and all(inline.count(b.text) for b in linked)
    assert any("[Covid-19](/topic/covid-19)" in b.text for b in linked)


@pytest.mark.parametrize("name", ["bbc.com.52241221.html", "dw.com.colonial.html"])
def test_a_page_without_article_element_gives_the_story_not_the_navigation(name):
    article, body = _read(name)
    story = [b for b in article.blocks if b.kind.translatable]
    assert len(story) < 60  # the old reader took every paragraph of the page: 139 and 306 blocks
    assert sum(len(b.text) for b in story if b.kind in (K.LEAD, K.PARAGRAPH)) > 0.8 * len(body)


@pytest.mark.parametrize("text", [
    "4 Min Read", "Related Coverage", "Share this story", "Tagged: [Politics](/tag/politics)",
    "*Read more*: [Looted colonial art](/en/looted)", "Slideshow ( 15 images )", "*(Credit: Clayton Aldern / Grist)*",
    "Updated: 10:09am, 20 Jan, 2020", "We use cookies to improve your experience. [Learn more](/cookies)",
])
def test_chrome_lines_are_boilerplate(text):
    blocks = [Block(K.HEADLINE, "Talks resume"), Block(K.PARAGRAPH, text),
              Block(K.PARAGRAPH, "GENEVA -- The talks resumed on Monday.")]
    finish_blocks(blocks, rules_for("en"))
    assert [b.kind for b in blocks] == [K.HEADLINE, K.BOILERPLATE, K.LEAD]


@pytest.mark.parametrize("text", ["By [Jane Doe](/staff/jane-doe)", "*By Jane Doe and [John Roe](/staff/roe)*"])
def test_bylines_are_read_without_their_markup(text):
    blocks = [Block(K.HEADLINE, "Talks resume"), Block(K.PARAGRAPH, text),
              Block(K.PARAGRAPH, "GENEVA -- The talks resumed on Monday.")]
    finish_blocks(blocks, rules_for("en"))
    assert [b.kind for b in blocks] == [K.HEADLINE, K.BYLINE, K.LEAD]


@pytest.mark.parametrize("title, sites, clean", [
    ("'Parasite' scores upset at SAG awards | Reuters", {"reuters"}, "'Parasite' scores upset at SAG awards"),
    ("Black voters are crucial - CBS News", {"cbsnews"}, "Black voters are crucial"),
    ("UK academics 'second-class' | Education | The Guardian", {"guardian"}, "UK academics 'second-class'"),
    ("Berlin confronts its past | DW | 19.01.2020", {"dwcom", "dw"}, "Berlin confronts its past"),
    ("POLITICO - Meadows to retire", {"politico"}, "Meadows to retire"),
    ("Russia - NATO talks stall", {"reuters"}, "Russia - NATO talks stall"),  # a dash of the headline stays
])
def test_site_name_comes_off_a_title(title, sites, clean):
    assert without_site_name(title, sites) == clean


def test_page_title_without_h1_loses_the_site_name(tmp_path):
    story = "".join(f"<p>GENEVA -- The talks resumed on Monday after a break number {n} of many.</p>" for n in range(5))
    path = tmp_path / "story.html"
    path.write_text('<html><head><title>Talks Resume In Geneva | Example News</title>'
                    '<meta property="og:site_name" content="Example News"></head>'
                    f"<body><nav><a href='/'>Home</a></nav><div>{story}</div></body></html>", encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.text for b in article.blocks if b.kind is K.HEADLINE] == ["Talks Resume In Geneva"]


def test_drop_cap_goes_back_into_its_word():
    article, _ = _read("standard.co.uk.caribbean.html")
    assert any(b.text.startswith("Turkey, [Poland](/topic/poland) and the") for b in article.blocks)
    assert not any(b.text.startswith(("[urkey]", "urkey")) for b in article.blocks)


def test_screen_reader_labels_are_no_text():
    article, _ = _read("bbc.com.52241221.html")
    captions = [b.text for b in article.blocks if b.kind is K.CAPTION]
    assert "About 40 bodies were buried on Thursday" in captions
    assert not any("caption" in text.lower() for text in captions)
