"""Inline markup belongs to its own sentence: two sentences that read the same apart from their links, code spans or
emphasis never trade them, in one article, across articles, in any batch and across re-runs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import polib
import pytest
from conftest import require_engine, write_job
from echo_engine import EchoEngine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.job import load_job
from translator.run.pipeline import run
from translator.text import inline


def marks(text: str) -> list[tuple[str, str]]:
    """The inline markup of a Markdown sentence in order: (kind, url or code), whatever the words are."""
    found: list[tuple[str, str]] = []
    for token in inline.markdown_tokens(text) or []:
        if token.type == "link_open":
            found.append(("link", str(token.attrs.get("href", ""))))
        elif token.type in ("em_open", "strong_open"):
            found.append((token.type[:-5], ""))
        elif token.type == "code_inline":
            found.append(("code", token.content))
    return found


def edition_sentences(project: Path, lang: str, slug: str) -> list[tuple[str, str]]:
    data = json.loads((project / "output" / lang / f"{slug}.json").read_text(encoding="utf-8"))
    return [(s["source"], s["target"]) for block in data["blocks"] for s in block["sentences"]]


# ── the desk's case, with the real Bergamot engine ──────────────────────────────────────────────────────────

SAFE = ("# Report Published\n\nRead [the full report](https://gov.example/report.pdf).\n\n"
        "Run `ls -la` before you start.\n\nThe minister was *furious* about it.\n")
HOSTILE = ("# Report Published\n\nRead [the full report](https://evil.example/phish).\n\n"
           "Run `rm -rf /` before you start.\n\nThe minister was **furious** about it.\n")


def _two_articles(project: Path, engine: str, target: str) -> None:
    (project / "input").mkdir()
    (project / "input" / "a.md").write_text(SAFE, encoding="utf-8")
    (project / "input" / "b.md").write_text(HOSTILE, encoding="utf-8")
    write_job(project, f'source = "en"\ntargets = ["{target}"]\nformats = ["md", "json"]\n'
                       f'[engines]\norder = ["{engine}"]\n[publish]\npolicy = "machine"\n'
                       '[checks]\nback_translation = "off"\n')


def _assert_each_keeps_its_own(project: Path, target: str) -> None:
    a = (project / "output" / target / "a.md").read_text(encoding="utf-8")
    b = (project / "output" / target / "b.md").read_text(encoding="utf-8")
    assert "https://gov.example/report.pdf" in a and "evil.example" not in a
    assert "https://evil.example/phish" in b and "gov.example" not in b
    assert "`ls -la`" in a and "rm -rf" not in a
    assert "`rm -rf /`" in b and "ls -la" not in b
    for slug in ("a", "b"):
        for source, translated in edition_sentences(project, target, slug):
            assert marks(translated) == marks(source), (slug, source, translated)
    stored = polib.pofile(str(project / "locales" / target / "LC_MESSAGES" / "a.po"))
    assert not any("evil.example" in e.msgstr or "rm -rf" in e.msgstr for e in stored)


def test_same_sentence_with_other_links_and_code_keeps_its_own_with_bergamot(tmp_path):
    from translator.engines import create_engine

    require_engine("bergamot", create_engine("bergamot").unavailable_reason())
    _two_articles(tmp_path, "bergamot", "pt")
    run(load_job(tmp_path / "translator.toml"))
    _assert_each_keeps_its_own(tmp_path, "pt")


def test_same_sentence_with_other_links_and_code_keeps_its_own(tmp_path):
    _two_articles(tmp_path, "echo", "es")
    echo = EchoEngine()
    run(load_job(tmp_path / "translator.toml"), engines={"echo": echo})
    _assert_each_keeps_its_own(tmp_path, "es")
    # one engine text for both, sent once: the markup is restored per sentence, not per engine text
    assert sum(1 for s in echo.sent if "full report" in s) == 1


# ── any batch, any re-run: a property ───────────────────────────────────────────────────────────────────────

WORDS = ("Read the report", "Officials met in Brussels", "The minister said so", "Talks resumed")
LINKS = ("https://a.example/one", "https://b.example/two", "https://c.example/3?x=1")
CODES = ("ls -la", "rm -rf /", "x = 1")


@st.composite
def sentences(draw) -> str:
    words = draw(st.sampled_from(WORDS))
    head, _, tail = words.partition(" ")
    kind = draw(st.sampled_from(("link", "code", "em", "strong", "link+code", "none")))
    if kind == "link":
        return f"{head} [{tail}]({draw(st.sampled_from(LINKS))})."
    if kind == "code":
        return f"{words} with `{draw(st.sampled_from(CODES))}`."
    if kind == "link+code":
        return f"[{head}]({draw(st.sampled_from(LINKS))}) {tail} with `{draw(st.sampled_from(CODES))}`."
    if kind in ("em", "strong"):
        mark = "*" if kind == "em" else "**"
        return f"{head} {mark}{tail}{mark}."
    return f"{words}."


articles = st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=2, max_size=4)


def _publish(project: Path, bodies: dict[str, list[str]]) -> None:
    inputs = project / "input"
    for old in inputs.glob("*.md"):
        old.unlink()
    for slug, lines in bodies.items():
        (inputs / f"{slug}.md").write_text(f"# Story {slug}\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    run(load_job(project / "translator.toml"), engines={"echo": EchoEngine()})
    for slug in bodies:
        for source, translated in edition_sentences(project, "es", slug):
            assert marks(translated) == marks(source), (slug, source, translated)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles, st.randoms(use_true_random=False))
def test_every_span_of_an_edition_comes_from_its_own_source_sentence(bodies, random):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "input").mkdir()
        write_job(project, 'source = "en"\ntargets = ["es"]\nformats = ["json"]\n[engines]\norder = ["echo"]\n'
                           '[publish]\npolicy = "machine"\n')
        named = {f"s{n}": lines for n, lines in enumerate(bodies)}
        _publish(project, named)  # every article in one batch
        # again from the catalogs, in another composition: some articles alone, one edited
        chosen = random.sample(sorted(named), k=random.randint(1, len(named)))
        changed = {slug: list(reversed(named[slug])) for slug in chosen}
        _publish(project, changed)


@pytest.mark.parametrize("text", ["Read [the report](https://a.example/x).", "Run `ls` now.", "A *b* c."])
def test_spans_are_keyed_by_the_source_sentence(text):
    given, marked = inline.engine_texts({text: text})
    assert set(marked) == {text} and marks(text)
