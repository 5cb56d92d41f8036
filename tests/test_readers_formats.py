from __future__ import annotations

import json
import re

import pytest

from translator.article import BlockKind
from translator.errors import BadSlug, ReaderError
from translator.readers import read_article

K = BlockKind

MARKDOWN = """# Talks Make *Little* Progress

![Rasmussen meets Kerry in Brussels](photo.jpg "Rasmussen (right) meets Kerry in Brussels.")

BRUSSELS -- NATO says the talks were **useful**. Lavrov said nothing.

## Talking To Taliban

> "I am not going to guess. However, I commend all efforts," Rasmussen said.

The alliance met again on Monday.

With reporting by Reuters and AFP
"""


def test_markdown_reader(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.IMAGE, K.CAPTION, K.LEAD, K.SUBHEADLINE, K.QUOTE,
                                                 K.PARAGRAPH, K.CREDIT]
    assert article.blocks[0].text == "Talks Make *Little* Progress"  # emphasis kept
    assert article.blocks[1].attrs == {"url": "photo.jpg", "alt": "Rasmussen meets Kerry in Brussels",
                                       "title": "Rasmussen (right) meets Kerry in Brussels."}
    assert article.blocks[1].sentences == []  # an image goes to no engine
    assert article.blocks[2].text == "Rasmussen (right) meets Kerry in Brussels."  # title wins over alt
    assert article.blocks[3].sentences == ["BRUSSELS -- NATO says the talks were **useful**.", "Lavrov said nothing."]
    assert article.blocks[5].sentences == ['"I am not going to guess. However, I commend all efforts," Rasmussen said.']
    assert article.blocks[4].line == 7


CMS_MARKDOWN = """# Talks Make Little Progress

By Rikard Jozwiak and Jane Doe

![Rasmussen in Brussels](https://example.org/p.jpg)

BRUSSELS -- NATO says the talks were useful.

The alliance met again on Monday.

*With reporting by Reuters and AFP*
"""


def test_markdown_emphasised_credit_byline_and_image(tmp_path):
    path = tmp_path / "cms.md"
    path.write_text(CMS_MARKDOWN, encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.BYLINE, K.IMAGE, K.CAPTION, K.LEAD, K.PARAGRAPH,
                                                 K.CREDIT]
    assert article.blocks[2].attrs == {"url": "https://example.org/p.jpg", "alt": "Rasmussen in Brussels",
                                       "title": ""}
    assert article.metadata["credit"] == "*With reporting by Reuters and AFP*"
    assert article.blocks[1].sentences == [] and "By Rikard" not in " ".join(article.units())


@pytest.mark.parametrize("line, kind", [
    ("By John Smith", K.BYLINE),
    ("By John Smith, Anna Lee and Tom O'Neil", K.BYLINE),
    ("By then the talks had ended and the ministers went home.", K.LEAD),  # a sentence, not a name
    ("by the river", K.SUBHEADLINE),  # capitals are the signal
])
def test_byline_is_a_name_not_a_sentence(tmp_path, line, kind):
    path = tmp_path / "b.txt"
    path.write_text(f"Some Headline\n\n{line}\n\nThe story goes on for a while here.\n", encoding="utf-8")
    assert read_article(path, language="en").blocks[1].kind is kind


def test_markdown_image_alt_when_no_title(tmp_path):
    path = tmp_path / "alt.md"
    path.write_text("# Headline Of The Story\n\n![The minister in Kyiv](a.jpg)\n\nText of the story here.\n",
                    encoding="utf-8")
    assert read_article(path, language="en").blocks[1].text == "The minister in Kyiv"


HTML = """<!DOCTYPE html><html><head><title>Site | Talks</title><style>p{color:red}</style>
<script>var x = "<p>not text</p>";</script></head><body>
<nav><p>Home</p><p>World</p></nav>
<header><p>Breaking: something else</p></header>
<article>
<h1>Talks Make Little Progress</h1>
<figure><img src="a.jpg"><figcaption>Rasmussen (right) meets Kerry &amp; aides.</figcaption></figure>
<p>BRUSSELS -- NATO says the <em>talks</em> were useful.</p>
<h2>Talking To Taliban</h2>
<blockquote><p>"We commend all efforts," he said.</p><p>"We will go on."</p></blockquote>
<p>Lavrov's visit ended.</p>
</article>
<footer><p>Copyright 2026</p></footer>
</body></html>"""


def test_html_reader(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    article = read_article(path, language="en")
    assert [(b.kind, b.text) for b in article.blocks] == [
        (K.HEADLINE, "Talks Make Little Progress"),
        (K.CAPTION, "Rasmussen (right) meets Kerry & aides."),
        (K.LEAD, "BRUSSELS -- NATO says the *talks* were useful."),  # <em> kept as inline markup
        (K.SUBHEADLINE, "Talking To Taliban"),
        (K.QUOTE, '"We commend all efforts," he said. "We will go on."'),
        (K.PARAGRAPH, "Lavrov's visit ended."),
    ]


def test_cms_json_reader(tmp_path):
    path = tmp_path / "export.json"
    data = {"title": "Talks Make Little Progress", "slug": "nato-talks", "language": "en", "blocks": [
        {"type": "image", "caption": "Rasmussen (right) meets Kerry."},
        {"type": "paragraph", "text": "BRUSSELS -- NATO says the talks were useful."},
        {"type": "subheading", "text": "Talking To Taliban"},
        {"type": "quote", "text": "\"We commend all efforts,\" he said."},
        {"type": "credit", "text": "With reporting by Reuters"},
    ]}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    article = read_article(path)
    assert article.slug == "nato-talks" and article.language == "en" and article.language_confidence is None
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.CAPTION, K.LEAD, K.SUBHEADLINE, K.QUOTE, K.CREDIT]
    assert article.blocks[2].line == 12  # the line of its "text"


def test_cms_json_image_and_byline(tmp_path):
    path = tmp_path / "export.json"
    data = {"title": "Talks Make Little Progress", "blocks": [
        {"type": "byline", "text": "Rikard Jozwiak"},
        {"type": "image", "url": "https://example.org/p.jpg", "alt": "Rasmussen", "caption": "Rasmussen (right)."},
        {"type": "paragraph", "text": "BRUSSELS -- NATO says the talks were useful."},
    ]}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    article = read_article(path, language="en")
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.BYLINE, K.IMAGE, K.CAPTION, K.LEAD]
    assert article.blocks[2].attrs == {"url": "https://example.org/p.jpg", "alt": "Rasmussen", "title": ""}


@pytest.mark.parametrize("content, message", [
    ('{"title": "x", "blocks": [{"type": "video", "text": "a"}]}', "blocks[0] has unknown type 'video'"),
    ('{"title": "x"}', "a CMS export needs"),
    ('{"title": "x", "blocks": [\n  {"type": "paragraph", "text": 3}]}', "blocks[0] needs"),
    ('{"title": "x",\n "blocks": [}', ":2:"),
])
def test_cms_json_errors(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReaderError, match=message.replace("[", r"\[").replace("]", r"\]")) as info:
        read_article(path, language="en")
    assert str(path) in str(info.value)


def _sample_as(fmt: str, blocks) -> str:
    """The sample article as a CMS would hand it over in another format."""
    from html import escape

    if fmt == "md":
        parts = {K.HEADLINE: "# {}", K.SUBHEADLINE: "## {}", K.CAPTION: "![{}](photo.jpg)", K.QUOTE: "> {}"}
        return "\n\n".join(parts.get(b.kind, "{}").format(b.text) for b in blocks)
    if fmt == "html":
        tags = {K.HEADLINE: "<h1>{}</h1>", K.SUBHEADLINE: "<h2>{}</h2>", K.QUOTE: "<blockquote><p>{}</p></blockquote>",
                K.CAPTION: "<figure><img src='p.jpg'><figcaption>{}</figcaption></figure>"}
        body = "\n".join(tags.get(b.kind, "<p>{}</p>").format(escape(b.text)) for b in blocks)
        return f"<html><body><nav><p>Breaking News</p></nav><article>{body}</article><footer><p>RFE/RL</p></footer>" \
               "</body></html>"
    types = {K.CAPTION: "image", K.SUBHEADLINE: "subheading", K.QUOTE: "quote", K.CREDIT: "credit"}
    return json.dumps({"title": blocks[0].text, "blocks": [
        {"type": types.get(b.kind, "paragraph"), ("caption" if b.kind is K.CAPTION else "text"): b.text}
        for b in blocks[1:]]})


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_every_reader_reads_the_sample_alike(tmp_path, sample, fmt):
    plain = [b for b in read_article(sample).blocks if b.kind is not K.BOILERPLATE]
    path = tmp_path / f"nato-russia-talks.{fmt}"
    path.write_text(_sample_as(fmt, plain), encoding="utf-8")
    article = read_article(path)
    assert article.language == "en"
    read = [(b.kind, b.sentences) for b in article.blocks if b.kind is not K.IMAGE]  # Markdown keeps the image
    assert read == [(b.kind, b.sentences) for b in plain]


def test_html_blocks_know_their_source_line(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    lines = HTML.splitlines()
    for block in read_article(path, language="en").blocks:
        assert block.line > 0
        first_word = block.text.split()[0].strip('"')
        assert first_word in lines[block.line - 1], (block.text, lines[block.line - 1])


STORY_TEXT = "Some Headline Here\n\nGENEVA -- The talks resumed on Monday after a long break.\n"


@pytest.mark.parametrize("stem, slug", [
    ("NATO Russia Talks", "nato-russia-talks"),
    ("nato_russia.talks", "nato_russia-talks"),
    ("\u202enato\u202c-talks\u200f", "nato-talks"),  # bidi controls go
    ("Переговоры НАТО", "переговоры-нато"),
    ("समाचार लेख", "समाचार-लेख"),  # vowel signs are part of the word
])
def test_slug_from_file_name(tmp_path, stem, slug):
    path = tmp_path / f"{stem}.txt"
    path.write_text(STORY_TEXT, encoding="utf-8")
    assert read_article(path, language="en").slug == slug


@pytest.mark.parametrize("stem", ["!!!", "\u200f\u202e\u202c", "---"])
def test_file_name_without_a_slug_is_refused(tmp_path, stem):
    path = tmp_path / f"{stem}.txt"
    path.write_text(STORY_TEXT, encoding="utf-8")
    with pytest.raises(BadSlug, match="gives no slug .*rename the file") as info:
        read_article(path, language="en")
    assert str(path) in str(info.value)


@pytest.mark.parametrize("title", ["nato " * 60, "переговоры " * 60])
def test_long_slug_is_cut_to_fit_a_file_name(tmp_path, title):
    path = tmp_path / "long.json"
    path.write_text(json.dumps({"slug": title, "blocks": [{"text": "GENEVA -- Talks resumed on Monday."}]}),
                    encoding="utf-8")
    slug = read_article(path, language="en").slug
    assert len(slug) <= 120 and len(f".{slug}.published.json".encode()) <= 255
    assert re.fullmatch(r"[\w-]+-[0-9a-f]{8}", slug) and not slug.startswith("-")
    (tmp_path / f".{slug}.published.json").write_text("{}", encoding="utf-8")  # the longest name an edition gets


def test_long_slugs_that_start_alike_stay_apart(tmp_path):
    slugs = set()
    for ending in ("one", "two"):
        path = tmp_path / f"{ending}.json"
        path.write_text(json.dumps({"slug": "talks " * 40 + ending, "blocks": [{"text": "GENEVA -- Talks resumed."}]}),
                        encoding="utf-8")
        slugs.add(read_article(path, language="en").slug)
    assert len(slugs) == 2


@pytest.mark.parametrize("slug, message", [
    ("../../etc/passwd", "is a path, not a name"),
    ("..", "is a path, not a name"),
    ("a/b", "is a path, not a name"),
    ("a\\\\b", "is a path, not a name"),
    ("nato\\u0000talks", "is a path, not a name"),
    ('"!!!"', "gives no slug"),
    ('"\\u200f\\u202e"', "gives no slug"),
    ("7", '"slug" must be a string'),
])
def test_hostile_export_slug_is_refused(tmp_path, slug, message):
    path = tmp_path / "export.json"
    value = slug if slug.startswith('"') or slug.isdigit() else f'"{slug}"'
    path.write_text('{"title": "Talks Resume",\n "slug": ' + value + ',\n "blocks": [{"text": "GENEVA -- Talks."}]}',
                    encoding="utf-8")
    with pytest.raises(BadSlug, match=re.escape(message)) as info:
        read_article(path, language="en")
    assert f"{path}:2:" in str(info.value)


@pytest.mark.parametrize("lead, dateline, first", [
    ("BRUSSELS -- NATO says the talks were useful.", "BRUSSELS -- ", "BRUSSELS -- NATO says the talks were useful."),
    ("KYIV (Reuters) - The talks ended.", "KYIV (Reuters) - ", "KYIV (Reuters) - The talks ended."),
    ("NATO says the talks were useful.", "", "NATO says the talks were useful."),
])
def test_the_lead_keeps_its_dateline_as_written(tmp_path, lead, dateline, first):
    path = tmp_path / "d.md"
    path.write_text(f"# Talks Make Little Progress\n\n{lead}\n\nThe alliance met again on Monday.\n", encoding="utf-8")
    block = read_article(path, language="en").blocks[1]
    assert (block.kind, block.dateline, block.sentences[0]) == (K.LEAD, dateline, first)  # the reader splits nothing


def test_emphasised_markdown_credit_and_inline_markup_blocks(tmp_path):
    from pathlib import Path

    article = read_article(Path(__file__).parent / "data" / "emphasis-article.md")
    assert article.language == "en"
    assert [b.kind for b in article.blocks] == [K.HEADLINE, K.BYLINE, K.LEAD, *[K.PARAGRAPH] * 6, K.CREDIT]
    assert article.blocks[-1].text == "*With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP*"
    assert article.blocks[5].sentences == [
        "The ministers published a [joint statement](https://www.nato.int/statement) after the meeting."]
