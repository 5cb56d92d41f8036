"""Glossary protection, restore, recovery and inflection-aware checks; on the test engine and the real ones."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import ROOT, require_engine, write_job
from echo_engine import EchoEngine

from translator.article import BlockKind
from translator.findings import Note, NoteKind
from translator.glossary import load_glossaries
from translator.glossary.check import find_term
from translator.glossary.enforce import enforce, verify
from translator.glossary.match import Matcher
from translator.glossary.protect import protect, restore
from translator.job import load_job
from translator.memory.catalog import State
from translator.run.pipeline import run


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_glossaries([ROOT / "glossaries" / "newsroom.tsv"]))


def test_protect_and_restore(matcher):
    sentence = "Lavrov met Kerry's aides at NATO in Brussels."
    protected = protect(sentence, matcher.find(sentence), "pt")
    assert protected.text == "XT1X met XT2X aides at XT3X in XT4X."
    text, lost = restore("XT1X encontrou os assessores de XT2Xha na xt3x em XT 4 X.", protected)
    assert text == "Lavrov encontrou os assessores de Kerry ha na OTAN em Bruxelas." and lost == []
    assert restore("XT1X encontrou XT3X.", protected)[1] == [1, 3]


def test_do_not_translate_terms_come_out_exactly(matcher):
    sentence = "With reporting by Reuters, ITAR-TASS, dpa, Interfax, and AFP"
    protected = protect(sentence, matcher.find(sentence), "es")
    assert restore(protected.text.replace("With reporting by", "Con información de"), protected)[0] == \
        "Con información de Reuters, ITAR-TASS, dpa, Interfax, and AFP"


class DroppingEngine(EchoEngine):
    """Loses every placeholder but the first, and renders NATO as 'NATO (alliance)' when unprotected."""

    def translate(self, sentences, source, target):
        self.calls.append((source, target, list(sentences)))
        out = []
        for s in sentences:
            s = re.sub(r"XT([2-9])X", "", s)
            out.append(s.replace("NATO", "Alliance"))
        return out


def test_lost_placeholder_is_recovered_by_substitution(matcher):
    engine = DroppingEngine()

    def translate(batch):
        return dict(zip(batch, engine.translate(batch, "en", "pt")))

    sentence = "Lavrov told NATO that Syria matters."
    out, notes = enforce([sentence], "pt", matcher, translate)
    assert out[sentence] == "Lavrov told OTAN that Síria matters."
    assert notes[sentence] == Note(NoteKind.RECOVERED)
    assert len(engine.calls) == 3  # as it is, protected, then the lost terms alone


def test_sentences_the_engine_got_right_are_not_protected(matcher):
    calls = []

    def translate(batch):
        calls.append(list(batch))
        return {s: s.replace("Brussels", "Bruxelas").replace("NATO", "OTAN") for s in batch}

    out, notes = enforce(["NATO met in Brussels.", "Lavrov left."], "pt", matcher, translate)
    assert out == {"NATO met in Brussels.": "OTAN met in Bruxelas.", "Lavrov left.": "Lavrov left."}
    assert calls == [["NATO met in Brussels.", "Lavrov left."]] and notes == {}


def test_protection_puts_missing_terms_in(matcher):
    def translate(batch):  # keeps placeholders, but renders names its own way
        return {s: s.replace("Syria", "Siria").replace("Brussels", "Brüssel") for s in batch}

    sentence = "Lavrov flew from Brussels to Syria."
    out, notes = enforce([sentence], "pt", matcher, translate)
    assert out[sentence] == "Lavrov flew from Bruxelas to Síria."
    assert notes[sentence] == Note(NoteKind.FORCED)


def test_unrecoverable_miss_is_flagged(matcher):
    def translate(batch):  # drops placeholders; "Syria" alone comes back as something it never says in context
        return {s: "a country" if s == "Syria" else re.sub(r"XT\d+X", "", s).replace("Syria", "somewhere")
                for s in batch}

    sentence = "Lavrov said Syria matters."
    out, notes = enforce([sentence], "es", matcher, translate)
    assert "Siria" not in out[sentence]
    assert notes[sentence] == Note(NoteKind.RECOVERED)  # recovery was tried, and the term is still missing:
    assert verify(sentence, out[sentence], matcher, "es").misses == [("Syria", "Siria")]


@pytest.mark.parametrize("translation, form, found", [
    ("Он встретился с Расмуссеном в Брюсселе.", "Расмуссен", "Расмуссеном"),
    ("Заявление Расмуссена было кратким.", "Расмуссен", "Расмуссена"),
    ("Министры НАТО встретились.", "НАТО", "НАТО"),
    ("Лавров прибыл в Москву.", "Москва", "Москву"),
    ("Заседание Совета Россия–НАТО прошло в среду.", "Совет Россия–НАТО", "Совета Россия–НАТО"),
    ("Он говорил о Сирии.", "Сирия", "Сирии"),
    ("Он говорил о Ливии.", "Сирия", None),
    ("Встреча с Кэрри.", "Керри", None),
])
def test_russian_inflections_are_accepted(translation, form, found):
    assert find_term(translation, form, "ru") == found


def test_inflecting_language_keeps_the_engines_case_ending(matcher):
    calls = []

    def translate(batch):
        calls.append(list(batch))
        return {s: "Лавров встретился с Расмуссеном." if "XT" not in s else "XT1X встретился с XT2X." for s in batch}

    sentence = "Lavrov met Rasmussen."
    out, notes = enforce([sentence], "ru", matcher, translate)
    assert out[sentence] == "Лавров встретился с Расмуссеном." and notes == {}
    assert calls == [[sentence]]  # correct on the first, unprotected pass: nothing forced into the nominative
    assert verify(sentence, out[sentence], matcher, "ru").misses == []


class ForgetfulEngine(EchoEngine):
    """Answers with a code for each sentence: no glossary form and no placeholder can survive it."""

    def translate(self, sentences, source, target):
        return [f"{target}-{len(s)}" for s in super().translate(sentences, source, target)]


def test_pipeline_counts_hits_and_misses_and_notes_catalog(project):
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    job = load_job(write_job(project, 'targets = ["ru"]\nformats = ["json"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'))
    report = run(job, engines={"echo": ForgetfulEngine()})
    row = report.rows[0]
    # 37: the dateline's place and the credit's agencies come from the city table and the credit templates
    assert row.glossary_misses == 37 and row.glossary_hits == 0 and len(row.qa) >= 37
    po = (project / "locales" / "ru" / "LC_MESSAGES" / "nato-russia-talks.po").read_text(encoding="utf-8")
    assert "#. glossary miss: NATO → НАТО" in po
    matrix = json.loads((project / "output" / "glossary-matrix.json").read_text(encoding="utf-8"))
    assert matrix["terms"]["NATO"]["ru"]["missed"] is True
    assert (project / "output" / "glossary-matrix.md").read_text(encoding="utf-8").count("| NATO |") == 1


def test_human_only_catalog_lists_the_terms(project):
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    job = load_job(write_job(project, 'targets = ["fa"]\n[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'))
    run(job, engines={"echo": EchoEngine(set())})
    po = (project / "locales" / "fa" / "LC_MESSAGES" / "nato-russia-talks.po").read_text(encoding="utf-8")
    assert "#. glossary: NATO = ناتو; Brussels = بروکسل; Sergei Lavrov = سرگئی لاوروف" in po


@pytest.mark.parametrize("engine_name, language", [("apertium", "es"), ("bergamot", "pt"), ("apertium", "ca")])
def test_real_engines_keep_every_glossary_term_on_the_sample(project, engine_name, language):
    from translator.engines import create_engine

    require_engine(engine_name, create_engine(engine_name).unavailable_reason())
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    job = load_job(write_job(project, f'targets = ["{language}"]\nformats = ["json"]\n[publish]\n'
                                      f'policy = "machine"\n[engines]\norder = ["{engine_name}"]\n'))
    report = run(job)
    row = report.rows[0]
    assert row.status == "ok" and row.route == f"{engine_name}:en-{language}"
    assert row.glossary_misses == 0 and row.glossary_hits >= 35, row.qa
    edition = json.loads((project / "output" / language / "nato-russia-talks.json").read_text(encoding="utf-8"))
    text = " ".join(b["target"] for b in edition["blocks"])
    glossary = load_glossaries([ROOT / "glossaries" / "newsroom.tsv"])
    for term in ("NATO", "Brussels", "Syria", "Sergei Lavrov", "NATO-Russia Council"):
        assert glossary.find(term).target(language) in text


def test_tiny_argos_package_protection_and_flags(models_env, argos_packages, project):
    from translator.models.store import ModelStore

    ModelStore().install_file(argos_packages["en-ru"])
    shutil.copytree(ROOT / "glossaries", project / "glossaries")
    job = load_job(write_job(project, 'targets = ["ru"]\nformats = ["json"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["argos"]\n'))
    report = run(job)
    row = report.rows[0]
    # Random weights cannot keep the names: every miss must be counted and flagged, none silently published.
    flagged = [finding for finding in row.qa if finding.startswith("glossary miss")]
    assert row.status == "ok" and row.glossary_misses == len(flagged) > 0
    po = (project / "locales" / "ru" / "LC_MESSAGES" / "nato-russia-talks.po").read_text(encoding="utf-8")
    assert po.count("#. glossary") >= row.glossary_misses // 3


@pytest.mark.parametrize("language, translation, form, found", [
    ("ru", "Он встретил отца.", "отец", "отца"),           # a fleeting vowel: the stem rule alone misses it
    ("uk", "Зустріч у Брюсселі.", "Брюссель", "Брюсселі"),
])
def test_pymorphy_lemmas_accept_what_stems_miss(language, translation, form, found):
    pytest.importorskip("pymorphy3", reason="pymorphy3 is a dev dependency")
    assert find_term(translation, form, language) == found


def test_n_best_hypothesis_with_every_placeholder_wins(matcher):
    def translate(batch):
        return {s: s.replace("Syria", "Suriye") for s in batch}

    def alternatives(batch):  # the best hypothesis lost the placeholder, the third kept it
        return {s: ["Lavrov disse.", "Lavrov disse isso.", s.replace("said", "disse")] for s in batch}

    sentence = "Lavrov said Syria matters."
    out, notes = enforce([sentence], "pt", matcher, translate, alternatives)
    assert out[sentence] == "Lavrov disse Síria matters."
    assert notes[sentence] == Note(NoteKind.FORCED)


def test_argos_gives_n_best_hypotheses(models_env, argos_packages):
    from translator.engines.argos import ArgosEngine
    from translator.models.store import ModelStore

    ModelStore().install_file(argos_packages["en-ru"])
    hypotheses = ArgosEngine().translate_n(["NATO met.", "Lavrov left Brussels."], "en", "ru", num_hypotheses=3)
    assert [len(h) for h in hypotheses] == [3, 3] and all(len(set(h)) == 3 for h in hypotheses)


def test_acronyms_must_keep_their_case(matcher):
    assert verify("NATO met.", "La otan se reunió.", matcher, "es").misses == [("NATO", "OTAN")]
    assert verify("NATO met.", "La OTAN se reunió.", matcher, "es").hits == [("NATO", "OTAN")]
    assert verify("Syria spoke.", "SIRIA habló.", matcher, "es").hits == [("Syria", "SIRIA")]  # names: any case


FORBIDDEN_TSV = "en\tpt-BR\tes\nNATO\tOTAN | Organização do Tratado do Atlântico Norte | !Aliança Atlântica\tOTAN\n"


@pytest.fixture
def banned(tmp_path) -> Matcher:
    (tmp_path / "banned.tsv").write_text(FORBIDDEN_TSV, encoding="utf-8")
    return Matcher(load_glossaries([tmp_path / "banned.tsv"]))


@pytest.mark.parametrize("language, translation, forbidden, missed", [
    ("pt-BR", "A Aliança Atlântica reuniu-se.", [("NATO", "Aliança Atlântica")], True),
    ("pt-BR", "A OTAN, ou Aliança Atlântica, reuniu-se.", [("NATO", "Aliança Atlântica")], False),
    ("pt-BR", "A OTAN reuniu-se.", [], False),
    ("pt", "A Aliança Atlântica reuniu-se.", [("NATO", "Aliança Atlântica")], True),  # pt falls back to pt-BR
    ("es", "La Alianza Atlántica se reunió.", [], True),                               # nothing banned in es
])
def test_verify_flags_forbidden_forms(banned, language, translation, forbidden, missed):
    verdict = verify("NATO met.", translation, banned, language)
    assert verdict.forbidden == forbidden
    assert bool(verdict.misses) == missed


def test_a_forbidden_form_inside_an_accepted_one_is_not_flagged(tmp_path):
    (tmp_path / "g.tsv").write_text("en\tes\nCNO cycle\tciclo CNO | ciclo del carbono-nitrógeno | !ciclo del carbono\n",
                                    encoding="utf-8")
    matcher = Matcher(load_glossaries([tmp_path / "g.tsv"]))
    assert verify("The CNO cycle.", "El ciclo del carbono-nitrógeno.", matcher, "es").forbidden == []
    assert verify("The CNO cycle.", "El ciclo del carbono.", matcher, "es").forbidden == [
        ("CNO cycle", "ciclo del carbono")]


def test_an_admitted_synonym_is_a_hit_not_a_miss(tmp_path):
    (tmp_path / "g.tsv").write_text("en\tes\nCNO cycle\tciclo CNO | ciclo del carbono-nitrógeno | !ciclo del carbono\n",
                                    encoding="utf-8")
    matcher = Matcher(load_glossaries([tmp_path / "g.tsv"]))
    verdict = verify("The CNO cycle.", "El ciclo del carbono-nitrógeno.", matcher, "es")
    assert verdict.misses == [] and verdict.hits == [("CNO cycle", "ciclo del carbono-nitrógeno")]
    assert verify("The CNO cycle.", "El ciclo del carbono.", matcher, "es").misses == [("CNO cycle", "ciclo CNO")]
    # nor a reason to translate again: the engine's admitted form stays
    text, notes = enforce(["The CNO cycle."], "es", matcher, lambda batch: {s: "El ciclo del carbono-nitrógeno."
                                                                            for s in batch})
    assert text == {"The CNO cycle.": "El ciclo del carbono-nitrógeno."} and notes == {}


def test_deprecated_terms_of_a_tbx_are_flagged_as_blocking_findings():
    """The LTAC TBX-Basic DCT example marks "ciclo del carbono" deprecated for the CNO cycle: machine output that
    uses it gets a blocking glossary finding (machine output with a blocking finding is held under the qa policy)."""
    from translator.glossary.tbx import read_tbx
    from translator.review.assess import assess_unit

    glossary = read_tbx(ROOT / "tests" / "data" / "tbx" / "TBX-Basic_Example_Astronomy_DCT.tbx")
    matcher = Matcher(glossary)
    preferred = glossary.find("CNO cycle").target("es")
    assert verify("The CNO cycle powers massive stars.", f"El {preferred} alimenta a las estrellas masivas.",
                  matcher, "es").forbidden == []
    assessment = assess_unit("The CNO cycle powers massive stars.", "El ciclo del carbono alimenta a las estrellas.",
                             state=State.MACHINE, kind=BlockKind.PARAGRAPH, source_language="en", target_language="es",
                             matcher=matcher)
    flagged = [f for f in assessment.findings if f.detail.startswith("forbidden:")]
    assert [(f.check, f.severity, f.detail) for f in flagged] == [
        ("glossary", "blocking", "forbidden: CNO cycle → ciclo del carbono (deprecated in the glossary)")]
