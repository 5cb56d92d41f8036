"""The reshaped run: status decisions, provenance that follows the text, notes as data, units keyed by catalog entry,
a reviewer saving during a run, slug collisions."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import approve, write_job
from echo_engine import EchoEngine
from hypothesis import given
from hypothesis import strategies as st

from translator.article import Article, Block, BlockKind
from translator.engines import Engine
from translator.errors import ExitStatus
from translator.findings import Note, NoteKind
from translator.job import load_job
from translator.job_schema import Policy
from translator.memory.catalog import EMPTY, State, Translation, Unit
from translator.memory.notes import notes_from_comment, notes_to_comment
from translator.run.pipeline import run
from translator.run.records import Mode, Outcome
from translator.run.report import Row, RunReport, Status
from translator.run.settle import decide_status, publication_policy

JOB = ('source = "en"\ntargets = ["es"]\nformats = ["json", "md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')


class OtherEcho(EchoEngine):
    name = "other"

    def model_name(self, source: str, target: str) -> str:
        return f"other {source}-{target}"


def _unit(n: int) -> Unit:
    return Unit(f"Sentence {n}.", "story", BlockKind.PARAGRAPH, 1, n + 1, ("story.txt", str(n)))


def _outcome(states: list[State], error: str | None = None, no_route: str | None = None) -> Outcome:
    units = tuple(_unit(n) for n in range(len(states)))
    translations = {u.key: (EMPTY if s is State.EMPTY else Translation("texto", s)) for u, s in zip(units, states)}
    return Outcome(Article("story", "story.txt", []), units, translations, {}, {}, (), error=error, no_route=no_route)


A, M, N, E = State.APPROVED, State.MACHINE, State.NEW, State.EMPTY


@pytest.mark.parametrize("states, error, no_route, mode, expected", [
    ([N, M, A], None, None, Mode.TRANSLATE, (Status.OK, None)),
    ([A, A], None, None, Mode.PUBLISH_APPROVED, (Status.OK, None)),
    ([A, M], None, None, Mode.PUBLISH_APPROVED, (Status.HELD, "1 units not approved yet")),
    ([A, M], None, None, Mode.PUBLISH, (Status.OK, None)),
    ([N, E], None, None, Mode.TRANSLATE, (Status.HELD, "not translated yet")),
    ([E, E], None, "argos: no en-sr pair", Mode.TRANSLATE, (Status.HUMAN, "no machine route: argos: no en-sr pair")),
    ([A, A], None, "argos: no en-sr pair", Mode.TRANSLATE, (Status.OK, None)),
    ([N, N], "echo:en-es: broken", None, Mode.TRANSLATE, (Status.FAILED, "echo:en-es: broken")),
    ([A, A], "locales/es/story.po:3: syntax", None, Mode.PUBLISH_APPROVED,
     (Status.FAILED, "locales/es/story.po:3: syntax")),
])
def test_decide_status(states, error, no_route, mode, expected):
    assert decide_status(_outcome(states, error, no_route), mode) == expected


@pytest.mark.parametrize("policy", list(Policy))
def test_the_policy_is_decided_in_one_place(tmp_path, policy):
    write_job(tmp_path, JOB.replace('policy = "machine"', f'policy = "{policy}"'))
    job = load_job(tmp_path / "translator.toml")
    assert job.publish_policy is policy  # the job holds the member, not its spelling
    assert publication_policy(Mode.TRANSLATE, job.publish_policy) is policy
    assert publication_policy(Mode.PUBLISH_APPROVED, job.publish_policy) is Policy.APPROVED_ONLY
    machine_text = _outcome([M, N])
    assert decide_status(machine_text, Mode.TRANSLATE, policy) == (
        (Status.HELD, "2 units not approved yet") if policy is Policy.APPROVED_ONLY else (Status.OK, None))


@pytest.mark.parametrize("rows, failures, expected", [
    ([Row("a", "es", "r", files=["x"])], [], ExitStatus.OK),
    ([Row("a", "es", "r", status=Status.HELD)], [], ExitStatus.PARTIAL),
    ([Row("a", "es", "r", status=Status.HUMAN)], [], ExitStatus.OK),
    ([Row("a", "es", "r", files=["x"]), Row("a", "pt", "r", status=Status.FAILED)], [], ExitStatus.PARTIAL),
    ([Row("a", "es", "r", files=["x"])], [{"article": "b", "error": "unreadable"}], ExitStatus.PARTIAL),
    ([Row("a", "es", "r", status=Status.FAILED)], [], ExitStatus.ERROR),
    ([], [{"article": "b", "error": "unreadable"}], ExitStatus.ERROR),
])
def test_report_exit_status(rows, failures, expected):
    assert RunReport(rows=rows, failures=failures).exit_status is expected


def test_engines_declare_n_best():
    from translator.engines.apertium import ApertiumEngine
    from translator.engines.argos import ArgosEngine
    from translator.engines.bergamot import BergamotEngine

    assert isinstance(EchoEngine(), Engine)
    assert [e.max_hypotheses for e in (ApertiumEngine, BergamotEngine, ArgosEngine)] == [1, 1, 8]
    assert EchoEngine().translate_n(["Hi."], "en", "es", num_hypotheses=4) == [["es: Hi."]]


@pytest.fixture
def story(tmp_path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.txt").write_text(
        "Ministers Meet In Brussels\n\nBRUSSELS -- Ministers met on Monday. They talked for hours.\n\n"
        "Officials said talks would continue.\n", encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def _provenance(project: Path) -> dict:
    return json.loads((project / "output" / "es" / "story.json").read_text(encoding="utf-8"))["provenance"]


def test_publish_keeps_the_provenance_of_the_text_after_a_job_change(story):
    engines = {"echo": EchoEngine(), "other": OtherEcho()}
    run(load_job(story / "translator.toml"), engines=engines)
    write_job(story, JOB + '[routes]\nes = "other"\n')  # the desk routes es elsewhere from now on
    report = run(load_job(story / "translator.toml"), Mode.PUBLISH, engines=engines)
    assert report.rows[0].status is Status.OK
    assert (_provenance(story)["route"], _provenance(story)["models"]) == ("echo:en-es", ["echo en-es"])
    assert engines["other"].calls == [] and engines["echo"].calls[1:] == []


def test_publish_with_no_engine_left_still_names_the_engine_that_wrote_the_text(story):
    run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    write_job(story, JOB.replace('order = ["echo"]', 'order = ["argos"]'))
    run(load_job(story / "translator.toml"), Mode.PUBLISH)
    assert _provenance(story)["route"] == "echo:en-es"


def test_a_rerun_that_translates_nothing_keeps_the_catalogs_provenance(story):
    engines = {"echo": EchoEngine(), "other": OtherEcho()}
    run(load_job(story / "translator.toml"), engines=engines)
    write_job(story, JOB + '[routes]\nes = "other"\n')
    run(load_job(story / "translator.toml"), engines=engines)
    assert _provenance(story)["route"] == "echo:en-es" and engines["other"].calls == []
    with (story / "input" / "story.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph came in.\n")
    run(load_job(story / "translator.toml"), engines=engines)
    assert _provenance(story)["route"] == "other:en-es"  # new text, new producer
    header = polib.pofile(str(story / "locales" / "es" / "LC_MESSAGES" / "story.po")).metadata
    assert header["X-Translator-Route"] == "other:en-es" and header["X-Translator-Models"] == "other en-es"


class Forgetful(EchoEngine):
    """Never renders a glossary term: every term is a miss, protection or not."""

    def translate(self, sentences, source, target):
        return [f"{target}-{len(s)}" for s in super().translate(sentences, source, target)]


def test_a_glossary_miss_is_noted_once_and_read_back_as_data(story):
    (story / "glossaries").mkdir()
    (story / "glossaries" / "g.tsv").write_text("en\tes\ntalks\tconversaciones\n", encoding="utf-8")
    run(load_job(story / "translator.toml"), engines={"echo": Forgetful()})
    entry = polib.pofile(str(story / "locales" / "es" / "LC_MESSAGES" / "story.po")).find(
        "Officials said talks would continue.", msgctxt="story/paragraph")
    lines = entry.comment.splitlines()
    assert len(lines) == len(set(lines))
    assert [line for line in lines if "talks" in line] == ["glossary miss: talks → conversaciones"]
    assert Note(NoteKind.MISS, "talks", "conversaciones") in notes_from_comment(entry.comment)


_term = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12).filter(
    lambda t: t == t.strip() and "→" not in t and "=" not in t and ";" not in t)


@given(st.lists(st.one_of(
    st.sampled_from([Note(NoteKind.FORCED), Note(NoteKind.RECOVERED)]),
    st.builds(Note, st.just(NoteKind.MISS), _term, _term),
    st.builds(Note, st.just(NoteKind.TERMS), _term, _term)), max_size=6))
def test_notes_survive_the_catalog_comment(notes):
    once = list(dict.fromkeys(notes))
    back = notes_from_comment("\n".join(["paragraph, block 2, sentence 1", *notes_to_comment(notes)]))
    assert sorted(back, key=repr) == sorted(once, key=repr)


def test_a_repeated_sentence_is_one_unit_counted_once(story):
    (story / "input" / "story.txt").write_text(
        "Talks In Brussels\n\nBRUSSELS -- Ministers met on Monday.\n\nThe talks ended.\n\nThe talks ended.\n",
        encoding="utf-8")
    (story / "glossaries").mkdir()
    (story / "glossaries" / "g.tsv").write_text("en\tes\ntalks\tconversaciones\n", encoding="utf-8")
    report = run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    row = report.rows[0]
    assert row.units == 3  # headline, lead, and "The talks ended." once
    assert row.glossary_hits + row.glossary_misses == 2  # "Talks" in the headline, "talks" in the paragraph


def test_one_sentence_approved_differently_in_two_places_is_published_in_each(story):
    (story / "input" / "story.txt").write_text(
        "Talks End\n\nBRUSSELS -- Talks ended on Monday. It is over now.\n\nIt is over now.\n", encoding="utf-8")
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    approve(story, "es", "story", "It is over now.", "story/lead", "Todo ha terminado.")
    approve(story, "es", "story", "It is over now.", "story/paragraph", "Ya se acabó.")
    run(job, Mode.PUBLISH, engines={"echo": EchoEngine()})
    blocks = json.loads((story / "output" / "es" / "story.json").read_text(encoding="utf-8"))["blocks"]
    assert [[s["target"] for s in b["sentences"]] for b in blocks[1:]] == [
        ["es: Talks ended on Monday.", "Todo ha terminado."], ["Ya se acabó."]]  # the dateline is no unit
    assert blocks[1]["target"] == "BRUSELAS -- es: Talks ended on Monday. Todo ha terminado."


class ReviewerDuringRun(EchoEngine):
    """While the engine works, a reviewer approves and edits every machine entry in Poedit and saves."""

    def __init__(self, catalog: Path) -> None:
        super().__init__()
        self.catalog = catalog

    def translate(self, sentences, source, target):
        po = polib.pofile(str(self.catalog))
        for entry in po:
            if entry.msgstr:
                entry.msgstr = f"revisado: {entry.msgid}"
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        po.save()
        return super().translate(sentences, source, target)


def test_a_reviewers_save_during_a_run_is_kept(story):
    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    with (story / "input" / "story.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph came in.\n")
    path = story / "locales" / "es" / "LC_MESSAGES" / "story.po"
    report = run(job, engines={"echo": ReviewerDuringRun(path)})
    po = polib.pofile(str(path))
    reviewed = [e for e in po if "fuzzy" not in e.flags]
    assert len(reviewed) == 4 and all(e.msgstr == f"revisado: {e.msgid}" for e in reviewed)
    assert po.find("A new paragraph came in.", msgctxt="story/paragraph").msgstr == "es: A new paragraph came in."
    md = (story / "output" / "es" / "story.md").read_text(encoding="utf-8")
    assert "revisado: Officials said talks would continue." in md  # the edition shows the reviewer's text
    assert report.rows[0].status is Status.OK


def test_two_inputs_with_one_slug_fail_by_name_and_the_batch_goes_on(story):
    (story / "input" / "story.md").write_text("# Another Story\n\nSomething else happened today.\n",
                                              encoding="utf-8")
    (story / "input" / "other.txt").write_text("Other News\n\nMore happened today.\n", encoding="utf-8")
    report = run(load_job(story / "translator.toml"), engines={"echo": EchoEngine()})
    assert [f["article"] for f in report.failures] == ["input/story.txt"]
    assert "same slug 'story' as input/story.md" in report.failures[0]["error"]
    assert sorted(r.article for r in report.rows if r.status is Status.OK) == ["other", "story"]
    assert report.exit_status is ExitStatus.PARTIAL


def test_a_unit_knows_its_article_kind_and_place_and_the_catalog_names_it(story):
    from translator.run.plan import article_units

    article = Article("s", "s.txt", [Block(BlockKind.PARAGRAPH, "Yes.", ["Yes."], 1),
                                     Block(BlockKind.QUOTE, "Hi. Bye.", ["Hi.", "Bye."], 3)])
    units = article_units(article)
    assert [(u.article, u.kind, u.block, u.sentence) for u in units] == [
        ("s", BlockKind.PARAGRAPH, 1, 1), ("s", BlockKind.QUOTE, 2, 1), ("s", BlockKind.QUOTE, 2, 2)]
    assert units[2].key == ("s/quote", "Bye.")  # the catalog's msgctxt and msgid
    assert units[2].comment == "quote, block 2, sentence 2"


def test_notes_survive_an_editor_that_wraps_comments(tmp_path):
    back = ('"Having said that, I still think that the best way to facilitate a political process is to keep up '
            'the military pressure," he said.')
    notes = [Note(NoteKind.BACK, form=back), Note(NoteKind.CONFIDENCE, form="0.83"),
             Note(NoteKind.TERMS, "NATO-Russia Council", "Совет Россия–НАТО"), Note(NoteKind.TERMS, "NATO", "НАТО"),
             Note(NoteKind.TERMS, "Sergei Lavrov", "Сергей Лавров"), Note(NoteKind.FORCED)]
    po = polib.POFile()
    po.append(polib.POEntry(msgid="x", comment="\n".join(["quote, block 9, sentence 1", *notes_to_comment(notes)])))
    po.save(str(tmp_path / "x.po"))  # polib wraps at 78 columns, as editors do
    saved = polib.pofile(str(tmp_path / "x.po"))
    assert len(saved[0].comment.splitlines()) > 6  # it did wrap
    assert sorted(notes_from_comment(saved[0].comment), key=repr) == sorted(notes, key=repr)
