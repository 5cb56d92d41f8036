"""Markdown kept as the desk wrote it: every case goes through a full run (reader, splitter, engine markers,
catalog, Markdown writer) with the echo engine, and the edition is compared with the source as markdown-it reads
both: blocks, link and image targets, code. A sample of the CommonMark spec examples goes the same way."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import write_job
from echo_engine import EchoEngine
from markdown_it import MarkdownIt

from translator.job import load_job
from translator.run.pipeline import run
from translator.text import inline
from translator.text.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

JOB = 'source = "en"\ntargets = ["pt"]\nformats = ["md", "html", "txt", "json"]\n[publish]\npolicy = "machine"\n' \
      '[engines]\norder = ["echo"]\n'
HEAD = "# A headline for the case\n\n"

# name -> the article body (under HEAD)
CASES = {
    "emphasis-over-two-sentences": "*Editor's note: The story was updated on Monday. An earlier version named "
                                   "the wrong minister.* The talks go on.\n",
    "nested-strong-link": "**Read also: [Talks stall](https://example.org/talks)**\n",
    "no-space-after-closing": "The *Guardian*'s editor and l'*Europe* agreed on \"*this*\", *twice*.\n",
    "reference-link": "See [the report][r] and [NATO].\n\n[r]: https://example.org/report \"Report\"\n"
                      "[nato]: https://nato.int\n",
    "bullet-list": "- One point.\n- Another point.\n- A third point.\n",
    "ordered-list-start": "3. Third step.\n4. Fourth step.\n",
    "nested-list": "1. Outer item.\n   - Inner *item*.\n   - Inner two.\n2. Outer two.\n",
    "loose-list": "- First paragraph.\n\n  Its second paragraph.\n\n- Second item.\n",
    "multi-paragraph-quote": "> The first paragraph of the quote.\n>\n> The second paragraph.\n",
    "quote-holding-list": "> - Quoted item.\n> - Another one.\n",
    "quotes-in-a-list-item": "1. > One quote.\n\n   > Another quote.\n",
    "quote-in-an-item-in-a-quote": "> - An item.\n>\n>   > Its quote.\n>   >\n>   > Its second paragraph.\n",
    "empty-item-and-quote": "- First.\n-\n- Third.\n\n>\n\nAfter.\n",
    "bang-before-link": "Wow\\![the link](https://example.org) and great *news*!\n",  # a link, not an image
    "thematic-break": "Before the break.\n\n---\n\nAfter the break.\n",
    "hard-break": "The first line,\\\nthe second line.  \nThe third line.\n",
    "code-span-and-block": "Run `make test` first.\n\n```python\nprint(\"*not emphasis*\")\n```\n\n"
                           "    indented code\n",
    "html-block": "<div>Prose inside a div.</div>\n\nAfter it.\n",
    "inline-image": "The map ![A map of the region](https://example.org/map.png \"Map\") shows the line.\n",
    "image-alone": "![Rasmussen in Brussels](https://example.org/p.jpg)\n",
    "linked-image": "[![The logo](https://example.org/logo.png)](https://example.org)\n",
    "empty-link-text": "[](https://example.org/empty)\n\nText with [](https://example.org/inside) a link.\n",
    "deep-quote": "".join("> " * depth + "\n" for depth in range(1, 21)) + "> " * 20 + "Deep words here.\n",
    "code-like-site-chrome": "The menu said:\n\n```\nShare\n```\n\n---\n\nAfter the break.\n",
    "headings-levels": "### A third-level heading\n\nText.\n\n#### A fourth\n",
}


def signature(text: str) -> dict[str, list]:
    from markdown_fidelity import signature as measured

    return measured(text)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, dict, list[str]]:
    project = tmp_path_factory.mktemp("markdown")
    (project / "input").mkdir()
    for name, body in CASES.items():
        (project / "input" / f"{name}.md").write_text(HEAD + body, encoding="utf-8")
    echo = EchoEngine()
    run(load_job(write_job(project, JOB)), engines={"echo": echo})
    report = json.loads((project / "output" / "report.json").read_text(encoding="utf-8"))
    return project / "output" / "pt", report, echo.sent


def edition(folder: Path, name: str, fmt: str = "md") -> str:
    text = (folder / f"{name}.{fmt}").read_text(encoding="utf-8")
    return text.split("\n---\n\n", 1)[1] if fmt == "md" else text


@pytest.mark.parametrize("name", sorted(set(CASES) - {"html-block"}))  # kept as code, with a warning: below
def test_structure_targets_and_code_kept(published, name):
    folder, report, _ = published
    assert signature(edition(folder, name)) == signature(HEAD + CASES[name])
    row = next(r for r in report["rows"] if r["article"] == name)
    assert row["status"] == "ok"  # policy machine publishes every case, the empty link included


@pytest.mark.parametrize(("name", "wanted"), [
    ("emphasis-over-two-sentences", "pt: *Editor's note: The story was updated on Monday. An earlier version "
                                    "named the wrong minister.* pt: The talks go on."),
    ("nested-strong-link", "pt: **Read also: [Talks stall](https://example.org/talks)**"),
    ("no-space-after-closing", "*Guardian*'s editor and l'*Europe* agreed on \"*this*\", *twice*."),
    ("reference-link", "[the report](https://example.org/report \"Report\") and [NATO](https://nato.int)."),
    ("ordered-list-start", "3. pt: Third step.\n4. pt: Fourth step."),
    ("nested-list", "1. pt: Outer item.\n   - pt: Inner *item*.\n   - pt: Inner two.\n2. pt: Outer two."),
    ("multi-paragraph-quote", "> pt: The first paragraph of the quote.\n>\n> pt: The second paragraph."),
    ("hard-break", "pt: The first line,\\\nthe second line.\\\nThe third line."),
    ("inline-image", "![A map of the region](https://example.org/map.png \"Map\") shows the line."),
    ("linked-image", "[![The logo](https://example.org/logo.png)](https://example.org)"),
    ("image-alone", "![pt: Rasmussen in Brussels](https://example.org/p.jpg)"),  # the alt, translated
    ("empty-link-text", "Text with [](https://example.org/inside) a link."),
])
def test_markdown_as_written(published, name, wanted):
    assert wanted in edition(published[0], name)


@pytest.mark.parametrize("name", ["emphasis-over-two-sentences", "no-space-after-closing", "nested-strong-link"])
def test_no_sentence_cut_inside_a_span(published, name):
    """Each sentence the engine got has its spans whole: its markers pair up, none left open."""
    sources = [s for s in split_sentences(CASES[name]) if inline.markdown_tokens(s)]
    assert sources
    for sentence in sources:
        marked = inline.to_engine(sentence)
        assert marked is not None and inline.from_engine(marked.text, marked) == (sentence, True)


@pytest.mark.parametrize(("text", "pieces"), [
    ("*One sentence. Two sentence.* Three.", ["*One sentence. Two sentence.*", "Three."]),
    ("Run `a. b` now. Then stop.", ["Run `a. b` now.", "Then stop."]),
    ("Wow! ![An image. With two](x.png) here.", None),
    ("A [U.S. plan. Its end](https://e.org) came.", ["A [U.S. plan. Its end](https://e.org) came."]),
])
def test_split_keeps_spans_whole(text, pieces):
    found = split_sentences(text)
    assert " ".join(found) == text
    if pieces is not None:
        assert found == pieces
    assert sum(inline.count(piece) for piece in found) == inline.count(text)


def test_alt_text_goes_to_the_engine_and_urls_do_not(published):
    _, _, sent = published
    assert any("A map of the region" in s for s in sent) and any("The logo" in s for s in sent)
    assert not any("example.org" in s for s in sent)


def test_code_never_sent_to_the_engine(published):
    _, _, sent = published
    assert not any("print(" in s or "indented code" in s or "make" in s for s in sent)
    md = edition(published[0], "code-span-and-block")
    assert "```python\nprint(\"*not emphasis*\")\n```" in md and "\n    indented code" in md


def test_html_block_kept_with_a_warning(published):
    folder, report, sent = published
    assert "<div>Prose inside a div.</div>" in edition(folder, "html-block")
    assert "&lt;div&gt;Prose inside a div.&lt;/div&gt;" in edition(folder, "html-block", "html")
    assert any("html-block.md:3: markdown: an HTML block" in w for w in report["warnings"])


def test_html_edition_nests_lists_and_quotes(published):
    page = edition(published[0], "nested-list", "html")
    assert page.index("<ol>") < page.index("<ul>") < page.index("</ul>") < page.index("</ol>")
    assert '<ol start="3">' in edition(published[0], "ordered-list-start", "html")
    assert edition(published[0], "deep-quote", "html").count("<blockquote>") == 20
    data = json.loads(edition(published[0], "bullet-list", "json"))
    assert [c["kind"] for c in data["blocks"][-1]["containers"]] == ["list", "item"]


def test_what_cannot_be_kept_is_named(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(
        HEAD + "- An item.\n\n<!-- a note -->\n\nText with `a   b` spaced code.\n\n -    one\n\n     two\n",
        encoding="utf-8")
    report = run(load_job(write_job(tmp_path, JOB)), engines={"echo": EchoEngine()})
    said = [w for w in report.warnings if "story.md" in w]
    assert any(":5: markdown: an HTML block is kept as written" in w for w in said)
    assert any(":7: markdown: a code span's runs of spaces" in w for w in said)
    assert any(":11: markdown: an indented code block right after a list" in w for w in said)
    assert len(said) == 3


def test_nesting_too_deep_to_read_is_named(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(HEAD + "Before.\n\n" + "> " * 120 + "Deep words.\n",
                                                 encoding="utf-8")
    report = run(load_job(write_job(tmp_path, JOB)), engines={"echo": EchoEngine()})
    assert any("story.md:5: markdown: nested deeper than markdown-it reads" in w for w in report.warnings)
    assert "Before." in (tmp_path / "output" / "pt" / "story.md").read_text(encoding="utf-8")


def test_commonmark_sample_kept_or_named(tmp_path):
    """Every 7th example of the chosen spec sections: each one is kept, or a warning names it."""
    from markdown_fidelity import judge, load_examples, run_examples

    examples = load_examples()[::7]
    editions, said, _ = run_examples(examples, tmp_path)
    results = judge(examples, editions, said)
    assert [r["example"] for r in results if not r["kept"] and not r["warned"]] == []
    assert sum(r["kept"] for r in results) >= 0.9 * len(results)


def test_deep_quotes_are_read():
    """The shared parser reads 25 nested quotes; markdown-it's preset stops at 20 levels, dropping the text."""
    from translator.text import commonmark

    def quotes(parser: MarkdownIt) -> int:
        return sum(t.type == "blockquote_open" for t in parser.parse("> " * 25 + "deep\n"))

    assert quotes(commonmark.parser()) == 25
    assert quotes(MarkdownIt("commonmark")) < 25


@pytest.mark.parametrize(("source", "translation", "wanted"), [
    ("The *Guardian*'s editor.", "O editor do [Guardian] .", "O editor do *Guardian*."),
    ("l'*Europe* unie", "l' [Europe] unie", "l'*Europe* unie"),
    ("He said (*twice*) no.", "Disse ( [duas vezes] ) não.", "Disse (*duas vezes*) não."),
    ("A (*b*) c", "Um, [b] c", "Um, *b* c"),  # glued in the source, but not after a comma
    ("Run `make` now.", "Corra XC1X agora .", "Corra `make` agora ."),
    ("Wow\\![the link](https://e.org) now", "Uau! [o link] agora", "Uau\\![o link](https://e.org) agora"),
])
def test_spans_glued_as_the_source_glued_them(source, translation, wanted):
    marked = inline.to_engine(source)
    assert inline.from_engine(translation, marked) == (wanted, True)


@pytest.mark.parametrize("name", ["nested-list", "deep-quote", "code-span-and-block", "html-block", "hard-break",
                                  "empty-item-and-quote"])
def test_html_editions_are_valid(published, name):
    import shutil
    import subprocess

    if shutil.which("tidy") is None:
        pytest.skip("tidy not found (apt-get install tidy)")
    result = subprocess.run(["tidy", "-quiet", "-errors", "--show-warnings", "yes", str(published[0] / f"{name}.html")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
