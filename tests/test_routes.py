from __future__ import annotations

import polib
import pytest
from conftest import require_engine, write_job
from echo_engine import EchoEngine

from translator.engines import create_engine
from translator.engines.routes import EngineSet, NoRoute, Route, Step, resolve_route
from translator.errors import JobError, UnknownEngine
from translator.job import load_job
from translator.run.pipeline import run


def engine_set(**engines):
    return EngineSet(create_engine, engines)


def test_first_engine_in_order_wins():
    engines = engine_set(a=EchoEngine({("en", "ru")}), b=EchoEngine({("en", "ru"), ("en", "uk")}))
    assert resolve_route("en", "ru", order=["a", "b"], routes={}, engines=engines) == Route((Step("a", "en", "ru"),))
    assert resolve_route("en", "uk", order=["a", "b"], routes={}, engines=engines) == Route((Step("b", "en", "uk"),))


def test_pivot_through_english_across_engines():
    engines = engine_set(a=EchoEngine({("pt", "en")}), b=EchoEngine({("en", "es")}))
    route = resolve_route("pt", "es", order=["a", "b"], routes={}, engines=engines)
    assert str(route) == "a:pt-en > b:en-es"


def test_explicit_chain_and_validation():
    engines = engine_set(a=EchoEngine({("en", "ru")}), b=EchoEngine({("ru", "be")}))
    route = resolve_route("en", "be", order=[], routes={"be": ["a:en-ru", "b:ru-be"]}, engines=engines)
    assert str(route) == "a:en-ru > b:ru-be"
    with pytest.raises(JobError, match="does not start where"):
        resolve_route("en", "be", order=[], routes={"be": ["a:en-ru", "b:uk-be"]}, engines=engines)
    with pytest.raises(JobError, match="engine:from-to"):
        resolve_route("en", "be", order=[], routes={"be": ["a:enru", "b:ru-be"]}, engines=engines)
    missing = resolve_route("en", "be", order=[], routes={"be": ["a:en-ru", "a:ru-be"]}, engines=engines)
    assert isinstance(missing, NoRoute) and "a: no ru-be pair" in str(missing)


def test_no_route_gives_reasons():
    engines = engine_set(a=EchoEngine({("en", "ru")}))
    route = resolve_route("en", "ky", order=["a"], routes={}, engines=engines)
    assert isinstance(route, NoRoute) and "a: no en-ky pair" in str(route)


def test_unknown_engine_is_named():
    with pytest.raises(UnknownEngine, match="unknown engine 'deepl'"):
        resolve_route("en", "ru", order=[], routes={"ru": ["deepl"]}, engines=engine_set())
    with pytest.raises(UnknownEngine):
        create_engine("deepl")


def test_unknown_engine_stops_the_job_before_writing(project):
    job = load_job(write_job(project, 'targets = ["ru"]\n[engines]\norder = ["nope"]\n'))
    with pytest.raises(UnknownEngine):
        run(job)
    assert not (project / "output").exists() and not (project / "locales").exists()


def test_pivot_step_is_shared_by_every_target(project):
    source = EchoEngine({("en", "pt")} | {("pt", "en")})
    second = EchoEngine({("en", "ru"), ("en", "uk")})
    job = load_job(write_job(project, 'source = "pt"\ntargets = ["ru", "uk"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["s", "t"]\n'))
    report = run(job, engines={"s": source, "t": second})
    assert [(s, t) for s, t, _ in source.calls] == [("pt", "en")]  # once, not once per target
    assert [(s, t) for s, t, _ in second.calls] == [("en", "ru"), ("en", "uk")]
    assert {r.route for r in report.rows} == {"s:pt-en > t:en-ru", "s:pt-en > t:en-uk"}
    md = (project / "output" / "ru" / "nato-russia-talks.md").read_text(encoding="utf-8")
    assert md.split("\n---\n\n", 1)[1].startswith("# ru: en: NATO-Russia Talks")  # one step fed the next


def test_human_only_language_catalog_then_publication(project):
    job = load_job(write_job(project, 'targets = ["ky"]\nformats = ["txt"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["e"]\n'))
    report = run(job, engines={"e": EchoEngine({("en", "ru")})})
    row = report.rows[0]
    assert (row.status, row.route, row.empty, row.units) == ("human", "human", 17, 17)
    assert "e: no en-ky pair" in row.error
    assert not (project / "output" / "ky").exists()
    catalog_path = project / "locales" / "ky" / "LC_MESSAGES" / "nato-russia-talks.po"
    catalog = polib.pofile(str(catalog_path))
    assert len(catalog) == 17 and all(e.msgstr == "" and "fuzzy" not in e.flags for e in catalog)

    for entry in catalog:  # a human translator fills it in
        entry.msgstr = "KY " + entry.msgid
    catalog.save()
    report = run(job, engines={"e": EchoEngine({("en", "ru")})})
    assert (report.rows[0].status, report.rows[0].reused_approved) == ("ok", 17)
    text = (project / "output" / "ky" / "nato-russia-talks.txt").read_text(encoding="utf-8")
    assert text.startswith("KY NATO-Russia Talks")


def test_real_chain_bergamot_then_apertium(tmp_path):
    from translator.engines.apertium import ApertiumEngine
    from translator.engines.bergamot import BergamotEngine

    require_engine("bergamot", BergamotEngine().unavailable_reason())
    require_engine("apertium", ApertiumEngine().unavailable_reason())
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "pt.txt").write_text(
        "Ministros Reunidos Em Bruxelas\n\nBRUXELAS -- Os ministros se reuniram em Bruxelas na segunda-feira.\n",
        encoding="utf-8")
    # a chain nobody measured: no route floor, so the run publishes what the chain wrote
    job = load_job(write_job(tmp_path, 'source = "pt"\ntargets = ["es"]\nformats = ["txt"]\n'
                                       '[routes]\nes = ["bergamot:pt-en", "apertium:en-es"]\n'
                                       '[publish]\nroute_floor = 0\n'))
    report = run(job)
    assert report.rows[0].status == "ok" and report.rows[0].route == "bergamot:pt-en > apertium:en-es"
    text = (tmp_path / "output" / "es" / "pt.txt").read_text(encoding="utf-8")
    assert "Bruselas" in text and "ministros" in text.lower()
