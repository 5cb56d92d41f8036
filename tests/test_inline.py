"""Inline markup (emphasis, strong, links, code spans) through the readers, the engines and every edition format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import require_engine, write_job
from echo_engine import EchoEngine, ScriptedEngine

from translator.article import Article, BlockKind, Edition, EditionBlock, Provenance
from translator.job import load_job
from translator.publish import html, json_edition, markdown, text
from translator.readers import read_article
from translator.run.pipeline import run
from translator.text import inline

K = BlockKind
ARTICLE = Path(__file__).parent / "data" / "emphasis-article.md"
MARKERS = re.compile(r"X\s?[SEC]\s?\d+\s?X|\[|\]\(")


# ── engine text and back ─────────────────────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("source, engine, brackets", [
    ("The talks were *obstructed* by Moscow.", "The talks were [obstructed] by Moscow.", True),
    ("Talks were *useful* and *long*.", "Talks were [useful] and [long].", True),  # alike: order cannot matter
    ("Talks were *useful*, **long**.", "Talks were XS1X useful XE1X, XS2X long XE2X.", False),
    ("See [the text](https://a.org/t) and [more](https://a.org/m).",
     "See XS1X the text XE1X and XS2X more XE2X.", False),  # two links: which url goes where matters
    ("A *very **big** deal*.", "A XS1X very XS2X big XE2X deal XE1X.", False),  # nested
    (r"Item \[3\] was *cut*.", "Item [3] was XS1X cut XE1X.", False),  # the text holds brackets itself
    ("Run `ls -l` *now*.", "Run XC1X [now].", True),
])
def test_engine_text_carries_each_span(source, engine, brackets):
    marked = inline.to_engine(source)
    assert marked is not None and (marked.text, marked.brackets) == (engine, brackets)


@pytest.mark.parametrize("source", ["No markup here.", "5 * 3 is not emphasis, nor is snake_case_name."])
def test_a_sentence_without_markup_goes_as_it_is(source):
    assert inline.to_engine(source) is None


@pytest.mark.parametrize("source, answer, expected", [
    ("The talks were *obstructed* by Moscow.", "As negociações foram [obstruídas] por Moscou.",
     "As negociações foram *obstruídas* por Moscou."),
    ("Talks were *useful*, **long**.", "Foram XS1X úteis XE1X, XS2X longas XE2X.", "Foram *úteis*, **longas**."),
    ("Talks were *useful*, **long**.", "Foram XS2X longas XE2X, XS1X úteis XE1X.", "Foram **longas**, *úteis*."),
    # Apertium marks an unknown word with "*", a marker too: "X*S1X"
    ("Talks were *useful*, **long**.", "Foram X*S1X úteis X*E1X, XS2X longas XE2X.", "Foram *úteis*, **longas**."),
    ("See [the text](https://a.org/t) now.", "Ver [o texto] agora.", "Ver [o texto](https://a.org/t) agora."),
    ("Run `ls -l` *now*.", "Execute XC1X [agora].", "Execute `ls -l` *agora*."),
    ("Talks were *useful* (*really*).", "Foram [úteis] ([mesmo]).", "Foram *úteis* (*mesmo*)."),
])
def test_markup_comes_back_around_the_translated_words(source, answer, expected):
    assert inline.from_engine(answer, inline.to_engine(source)) == (expected, True)


@pytest.mark.parametrize("source, answer", [
    ("The talks were *obstructed* by Moscow.", "As negociações foram obstruídas por Moscou."),  # both lost
    ("The talks were *obstructed* by Moscow.", "As negociações foram [] obstruídas por Moscou."),  # words left
    ("Talks were *useful*, **long**.", "Foram úteis XE1X, XS2X longas XE2X."),  # an opening lost
    ("Talks were *useful*, **long**.", "Foram XE1X úteis XS1X, XS2X longas XE2X."),  # out of order
])
def test_a_lost_marker_gives_the_plain_text_and_says_so(source, answer):
    restored, intact = inline.from_engine(answer, inline.to_engine(source))
    assert not intact and not MARKERS.search(restored) and "*" not in restored


def test_the_spans_of_a_text_as_data():
    plain, spans = inline.spans("Talks were **very useful**, [Lavrov](https://a.org) said `x`.")
    assert plain == "Talks were very useful, Lavrov said x."
    assert [(plain[s.start:s.end], s.kind, s.url) for s in spans] == [
        ("very useful", "strong", ""), ("Lavrov", "link", "https://a.org"), ("x", "code", "")]


@pytest.mark.parametrize("source, target, finding", [
    ("Talks were *useful*.", "Foram úteis.", True),
    ("Talks were *useful*.", "Foram *úteis*.", False),
    ("Talks were useful.", "Foram úteis.", False),
    ("Talks were *useful*.", "", False),  # nothing translated yet: another check's business
])
def test_lost_markup_is_a_finding(source, target, finding):
    found = inline.markup_finding(source, target)
    assert (found is not None) is finding
    assert found is None or (found.check, found.severity) == ("markup", "warning")


# ── readers ──────────────────────────────────────────────────────────────────────────────────────────────────

def test_html_reader_keeps_inline_markup_as_markdown(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><article><h1>Talks <em>Stall</em></h1><p>BRUSSELS -- The talks were "
                    "<strong>long</strong>, <a href='https://a.org/x'>Lavrov</a> said, filing <code>a*b</code>. "
                    "Lavrov<b>'s</b> aides and 5 * 3 stayed.</p></article></body></html>", encoding="utf-8")
    blocks = read_article(path, language="en").blocks
    assert blocks[0].text == "Talks *Stall*"
    assert blocks[1].text == (r"BRUSSELS -- The talks were **long**, [Lavrov](https://a.org/x) said, filing `a*b`. "
                              r"Lavrov's aides and 5 \* 3 stayed.")  # markup inside a word is no emphasis
    assert inline.plain(blocks[1].text).endswith("Lavrov's aides and 5 * 3 stayed.")


def test_json_reader_reads_inline_html_of_a_text_field(tmp_path):
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"title": "Talks Stall", "blocks": [
        {"type": "paragraph", "text": "The talks were <em>obstructed</em> by <a href=\"https://a.org\">Moscow</a>."},
        {"type": "paragraph", "text": "Nothing <here> is markup, 5 * 3."}]}), encoding="utf-8")
    blocks = read_article(path, language="en").blocks
    assert blocks[1].text == "The talks were *obstructed* by [Moscow](https://a.org)."
    assert blocks[2].text == "Nothing <here> is markup, 5 * 3."


# ── edition writers ──────────────────────────────────────────────────────────────────────────────────────────

def _edition(target: str) -> Edition:
    article = Article("s", "s.md", [], language="en")
    block = EditionBlock(K.PARAGRAPH, "source", ["source"], [target], target)
    return Edition(article, "pt", [block], Provenance(route="echo:en-pt"))


TARGET = "Foram *muito* **úteis**, [Lavrov](https://a.org/?a=1&b=2) disse, `a<b`, <i>x</i>."


def test_html_edition_renders_the_spans_as_elements():
    page = html.render(_edition(TARGET))
    assert ('<p>Foram <em>muito</em> <strong>úteis</strong>, <a href="https://a.org/?a=1&amp;b=2">Lavrov</a> '
            "disse, <code>a&lt;b</code>, &lt;i&gt;x&lt;/i&gt;.</p>") in page  # raw HTML in a text is only text


@pytest.mark.parametrize("link", ["[mau](javascript:alert(1))", "[mau](JaVaScRiPt:alert(1))",
                                  "[mau](<javascript:alert(1)>)", "[mau](data:text/html;base64,PHNjcmlwdD4=)"])
def test_an_unsafe_link_is_never_live(link):
    page = html.render(_edition(f"Ver {link} agora."))
    md = markdown.render(_edition(f"Ver {link} agora."))
    assert "<a " not in page and "mau" in page
    assert "](javascript" not in md.replace("\\]", "") and "](data" not in md.replace("\\]", "")


def test_markdown_edition_keeps_the_spans():
    assert "Foram *muito* **úteis**, [Lavrov](https://a.org/?a=1&b=2) disse, `a<b`, \\<i\\>x\\</i\\>." in \
        markdown.render(_edition(TARGET))


def test_text_edition_drops_the_markup():
    assert text.render(_edition(TARGET)).startswith("Foram muito úteis, Lavrov disse, a<b, <i>x</i>.\n")


def test_json_edition_gives_the_text_and_its_spans():
    block = json_edition.to_dict(_edition("Foram *muito* úteis."))["blocks"][0]
    assert block["target"] == "Foram muito úteis." and block["markdown"] == "Foram *muito* úteis."
    assert block["spans"] == [{"start": 6, "end": 11, "kind": "em"}]


# ── through the pipeline ─────────────────────────────────────────────────────────────────────────────────────

JOB = ('source = "en"\ntargets = ["pt"]\nformats = ["md", "html", "txt", "json"]\n[engines]\norder = ["scripted"]\n'
       '[publish]\npolicy = "machine"\n[checks]\nback_translation = "off"\n')
STORY = "# Talks Stall\n\nThe talks were *obstructed* by Moscow.\n\nLavrov was **angry**, *aides* said.\n"


@pytest.fixture
def desk(tmp_path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.md").write_text(STORY, encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def test_emphasis_goes_to_the_engine_as_markers_and_comes_back_in_every_format(desk):
    engine = ScriptedEngine({
        "The talks were [obstructed] by Moscow.": "As negociações foram [obstruídas] por Moscou.",
        "Lavrov was XS1X angry XE1X, XS2X aides XE2X said.": "Lavrov estava XS1X irritado XE1X, disseram XS2X "
                                                             "assessores XE2X."})
    report = run(load_job(desk / "translator.toml"), engines={"scripted": engine})
    assert report.rows[0].status == "ok" and not any("markup" in q for q in report.rows[0].qa)
    assert "The talks were [obstructed] by Moscow." in engine.sent and not any("*" in s for s in engine.sent)
    out = desk / "output" / "pt"
    assert "As negociações foram *obstruídas* por Moscou." in (out / "story.md").read_text(encoding="utf-8")
    assert "Lavrov estava <strong>irritado</strong>, disseram <em>assessores</em>." in \
        (out / "story.html").read_text(encoding="utf-8")
    assert "As negociações foram obstruídas por Moscou." in (out / "story.txt").read_text(encoding="utf-8")


def test_a_sentence_whose_markers_are_lost_is_translated_again_without_markup(desk):
    engine = ScriptedEngine({"The talks were [obstructed] by Moscow.": "As negociações foram obstruídas, Moscou.",
                             "The talks were obstructed by Moscow.": "As negociações foram obstruídas por Moscou."})
    report = run(load_job(desk / "translator.toml"), engines={"scripted": engine})
    assert "The talks were obstructed by Moscow." in engine.sent  # the plain sentence, the second time
    md = (desk / "output" / "pt" / "story.md").read_text(encoding="utf-8")
    assert "\nAs negociações foram obstruídas por Moscou.\n" in md
    assert [q for q in report.rows[0].qa if q.startswith("markup")] == [
        "markup 1 of 1 inline spans (emphasis, links, code) lost in translation; the plain translation is kept: "
        "put the markup back by hand: The talks were *obstructed* by Moscow."]


# ── the real engines ─────────────────────────────────────────────────────────────────────────────────────────

def _kept(engine_name: str, target: str, tmp_path: Path) -> tuple[int, int, str]:
    """(spans kept, spans in the source) over the test article's translated units, and the Markdown edition."""
    from translator.engines import create_engine

    require_engine(engine_name, create_engine(engine_name).unavailable_reason())
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    write_job(tmp_path, f'source = "en"\ntargets = ["{target}"]\nformats = ["md", "json"]\n'
                        f'[engines]\norder = ["{engine_name}"]\n[publish]\npolicy = "machine"\n'
                        '[checks]\nback_translation = "off"\n')
    run(load_job(tmp_path / "translator.toml"))
    data = json.loads((tmp_path / "output" / target / "emphasis-article.json").read_text(encoding="utf-8"))
    units = [b for b in data["blocks"] if b["kind"] not in ("byline", "credit")]
    wanted = sum(inline.count(s["source"]) for b in units for s in b["sentences"])
    kept = sum(min(inline.count(s["target"]), inline.count(s["source"])) for b in units for s in b["sentences"])
    return kept, wanted, (tmp_path / "output" / target / "emphasis-article.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine, target, at_least", [("apertium", "es", 9), ("apertium", "ca", 9),
                                                      ("bergamot", "pt", 7)])
def test_emphasis_round_trips_through_the_real_engines(engine, target, at_least, tmp_path):
    kept, wanted, md = _kept(engine, target, tmp_path)
    assert wanted == 9 and kept >= at_least  # the README gives the counts
    body = md.split("---\n", 2)[2]
    assert not re.search(r"X\s?[SEC]\s?\d+\s?X", body)  # no marker reaches an edition
    lead = next(line for line in body.splitlines() if line.startswith("BRU"))  # BRUXELAS --, BRUSELAS --
    assert re.search(r"\*\w+\*", lead)  # the lead's "*obstructed*", in the target language
    assert "`NRC-2013-04`" in body  # a code span is never translated


def test_echo_engine_never_sees_the_markup_it_would_break(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / ARTICLE.name).write_bytes(ARTICLE.read_bytes())
    write_job(tmp_path, 'source = "en"\ntargets = ["es"]\nformats = ["md"]\n[engines]\norder = ["echo"]\n'
                        '[publish]\npolicy = "machine"\n')
    echo = EchoEngine()
    run(load_job(tmp_path / "translator.toml"), engines={"echo": echo})
    assert echo.sent and not any(re.search(r"[*`]|\]\(", s) for s in echo.sent)


def test_write_tokens_writes_back_as_read_and_drops_only_what_the_url_vetting_refuses():
    tokens = inline.markdown_tokens('Go *now*: [site](https://a.example "t") or [x](ftp://b.example/(1)) '
                                    '![pic](ftp://c.example) `c`')
    assert inline.write_tokens(tokens) == ('Go *now*: [site](https://a.example "t") or [x](ftp://b.example/\\(1\\)) '
                                           '![pic](ftp://c.example) `c`')
    vetted = inline.write_tokens(tokens, url=lambda url: url if url.startswith("https:") else None)
    assert vetted == 'Go *now*: [site](https://a.example "t") or x pic `c`'
