"""Fuzzy matches from the memory: a one-word edit shows its earlier approved translation with its similarity (in
`review next`, the review pages and the catalog), the length buckets find what a full scan finds, pre-fill."""

from __future__ import annotations

import json
import random

import polib
import pytest
from conftest import approve, write_job
from echo_engine import EchoEngine
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus, JobError
from translator.job import load_job
from translator.memory.fuzzy import FuzzyIndex, Suggestion
from translator.memory.imported import import_memory
from translator.run.pipeline import run

OLD = "The ministers met in Brussels on Monday to discuss the budget."
NEW = "The ministers met in Vienna on Monday to discuss the budget."     # one word changed
TINY = "The ministers met in Brussels on Monday to discuss the budgets."  # one letter added: ≥ 95 %
FAR = "Nobody expected the weather to change so quickly."
JOB = ('source = "en"\ntargets = ["ru"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')


def write_story(project, paragraphs: list[str]) -> None:
    (project / "input").mkdir(exist_ok=True)
    (project / "input" / "story.txt").write_text("Budget Talks\n\n" + "\n\n".join(paragraphs) + "\n",
                                                 encoding="utf-8")


def catalog(project) -> polib.POFile:
    return polib.pofile(str(project / "locales" / "ru" / "LC_MESSAGES" / "story.po"))


@pytest.fixture
def edited(tmp_path, monkeypatch):
    """A story translated, its sentence approved by a reviewer, then one word of it changed and run again."""
    write_job(tmp_path, JOB)
    write_story(tmp_path, [OLD, FAR])
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    entry = catalog(tmp_path).find(OLD, by="msgid")
    approve(tmp_path, "ru", "story", OLD, entry.msgctxt, text="Министры встретились в Брюсселе в понедельник.")
    write_story(tmp_path, [NEW, FAR])
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_one_word_edit_shows_the_approved_translation_with_its_similarity(edited):
    result = CliRunner().invoke(app, ["review", "next", "--lang", "ru", "--format", "json", "--limit", "50"])
    assert result.exit_code == ExitStatus.OK, result.output
    units = {u["source"]: u for u in json.loads(result.stdout)}
    expected = int(fuzz.ratio(NEW, OLD))
    assert 75 <= expected < 100
    assert units[NEW]["suggestions"] == [{"target": "Министры встретились в Брюсселе в понедельник.",
                                          "similarity": expected, "origin": "story"}]
    assert units[FAR]["suggestions"] == []  # nothing like it in the memory


def test_the_catalog_and_the_review_page_carry_the_match(edited):
    entry = catalog(edited).find(NEW, by="msgid")
    assert "fuzzy" in entry.flags and entry.msgstr == f"ru: {NEW}"  # the engine still translated it
    assert (f"memory match {int(fuzz.ratio(NEW, OLD))}% (story): Министры встретились в Брюсселе в понедельник."
            in entry.comment.splitlines())
    assert CliRunner().invoke(app, ["review", "page", "--lang", "ru"]).exit_code == ExitStatus.OK
    page = HTMLParser((edited / "output" / "review" / "ru" / "story.html").read_text(encoding="utf-8"))
    matches = [(li.css_first(".similarity").text(), li.css_first(".match").text())
               for li in page.css("td.suggestions li")]
    assert matches == [(f"{int(fuzz.ratio(NEW, OLD))}%", "Министры встретились в Брюсселе в понедельник.")]


def test_a_match_from_an_imported_memory_names_its_file(tmp_path, monkeypatch):
    tmx = tmp_path / "desk-2025.tmx"
    tmx.write_text(f"""<tmx version="1.4"><header srclang="en" segtype="sentence" adminlang="en" datatype="plaintext"
        o-tmf="x" creationtool="x" creationtoolversion="1"/><body><tu><tuv xml:lang="en"><seg>{OLD}</seg></tuv>
        <tuv xml:lang="ru"><seg>Из памяти.</seg></tuv></tu></body></tmx>""", encoding="utf-8")
    write_job(tmp_path, JOB)
    import_memory(tmp_path / "locales", "ru", tmx)
    write_story(tmp_path, [NEW])
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["review", "next", "--lang", "ru", "--format", "json"])
    [unit] = [u for u in json.loads(result.stdout) if u["source"] == NEW]
    assert [(s["target"], s["origin"]) for s in unit["suggestions"]] == [("Из памяти.", "desk-2025.tmx")]


def test_prefill_takes_a_95_percent_match_instead_of_the_engine_marked_fuzzy(tmp_path):
    write_job(tmp_path, JOB + "[memory]\nprefill = true\n")
    write_story(tmp_path, [OLD])
    run(load_job(tmp_path / "translator.toml"), engines={"echo": EchoEngine()})
    approve(tmp_path, "ru", "story", OLD, catalog(tmp_path).find(OLD, by="msgid").msgctxt, text="Одобрено.")
    write_story(tmp_path, [TINY, NEW])
    engine = EchoEngine()
    run(load_job(tmp_path / "translator.toml"), engines={"echo": engine})
    assert fuzz.ratio(TINY, OLD) >= 95 > fuzz.ratio(NEW, OLD)
    assert TINY not in engine.sent and NEW in engine.sent
    tiny = catalog(tmp_path).find(TINY, by="msgid")
    assert tiny.msgstr == "Одобрено." and "fuzzy" in tiny.flags
    assert f"memory match {int(fuzz.ratio(TINY, OLD))}% (story): Одобрено." in tiny.comment


@pytest.mark.parametrize("table, message", [
    ("[memory]\nfuzzy_threshold = 40\n", "fuzzy_threshold` must be a whole percentage from 50 to 100"),
    ("[memory]\nprefill = 60\n", "prefill` must be true, false or a whole percentage from 75 to 100"),
    ("[memory]\nfuzzy = 1\n", "unknown key 'fuzzy' under [memory]"),
])
def test_memory_options_are_checked(tmp_path, table, message):
    write_job(tmp_path, JOB + table)
    with pytest.raises(JobError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_job(tmp_path / "translator.toml")


WORDS = ["the", "minister", "met", "budget", "talks", "in", "Vienna", "on", "Monday", "said", "a", "new", "deal"]
sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(sentence, min_size=1, max_size=40, unique=True), sentence, st.integers(50, 100))
def test_length_buckets_find_what_a_full_scan_finds(memory, query, threshold):
    index = FuzzyIndex((source, f"t:{source}", "m") for source in memory)
    found = index.suggest(query, threshold, limit=len(memory))
    full = process.extract(query, memory, scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    assert sorted((s.target, s.similarity) for s in found) == sorted((f"t:{m}", int(score)) for m, score, _ in full)


def test_suggestions_are_best_first_and_limited():
    rng = random.Random(7)
    memory = [" ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(200)]
    index = FuzzyIndex((m, f"t:{m}", "m") for m in memory)
    found = index.suggest(memory[0] + " x", 60, limit=3)
    assert len(found) == 3 and found[0].target == f"t:{memory[0]}"
    assert [s.similarity for s in found] == sorted((s.similarity for s in found), reverse=True)
    assert Suggestion.from_note(found[0].note()) == found[0]
