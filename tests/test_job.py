from __future__ import annotations

import pytest
from conftest import write_job

from translator.errors import JobError, NoInputs, UnknownLanguage
from translator.job import load_job


def test_sample_job_at_root_loads():
    from conftest import ROOT

    job = load_job(ROOT / "translator.toml")
    assert {"pt", "es", "ru"} <= set(job.targets)
    assert [p.name for p in job.input_files()] == ["nato-russia-talks.txt"]


def test_defaults_and_paths(project):
    job = load_job(write_job(project, 'targets = ["ru", "uk"]\n'))
    assert job.source == "auto" and job.formats == ["md", "html", "json"]
    assert job.output == project / "output" and job.locales == project / "locales"
    assert job.engine_order == ["argos", "bergamot", "apertium"]


def test_routes_and_boilerplate(project):
    job = load_job(write_job(project, """targets = ["be", "sr"]
[routes]
be = ["argos:en-ru", "apertium:ru-be"]
sr = "apertium"
[boilerplate]
patterns = ["^Subscribe"]
[boilerplate.text.be]
"^RFE/RL journalists" = "Журналісты РС/РС"
"""))
    assert job.routes == {"be": ["argos:en-ru", "apertium:ru-be"], "sr": ["apertium"]}
    assert job.boilerplate_patterns == ["^Subscribe"]
    assert job.boilerplate_texts["be"]["^RFE/RL journalists"].startswith("Журна")


def test_malformed_toml_names_line_and_column(project):
    path = write_job(project, 'targets = ["ru"]\nformats = ["md",\nsource = \n')
    with pytest.raises(JobError) as info:
        load_job(path)
    assert str(info.value).startswith(f"{path}:3:")
    assert "malformed TOML" in str(info.value)


def test_unknown_target_language(project):
    with pytest.raises(UnknownLanguage, match="unknown language code 'klingon'"):
        load_job(write_job(project, 'targets = ["ru", "klingon"]\n'))


def test_unknown_key_is_named(project):
    with pytest.raises(JobError, match="unknown key 'target'"):
        load_job(write_job(project, 'target = ["ru"]\n'))


def test_inputs_matching_nothing(project):
    job = load_job(write_job(project, 'targets = ["ru"]\ninputs = ["nothing/*.txt"]\n'))
    with pytest.raises(NoInputs, match="match no file"):
        job.input_files()


def test_missing_job_file(tmp_path):
    with pytest.raises(JobError, match="no job file here"):
        load_job(tmp_path / "translator.toml")


def test_bad_format_and_bad_pattern(project):
    with pytest.raises(JobError, match="unknown edition format 'pdf'"):
        load_job(write_job(project, 'targets = ["ru"]\nformats = ["pdf"]\n'))
    with pytest.raises(JobError, match="not a valid regex"):
        load_job(write_job(project, 'targets = ["ru"]\n[boilerplate]\npatterns = ["(unclosed"]\n'))


# Job files that once gave a traceback or were accepted silently: (body, error class, text the message must hold).
BAD_JOBS = {
    "engines-string": ('targets = ["ru"]\nengines = "apertium"\n', JobError,
                       ':2: `engines` must be a table, not \'apertium\'; write [engines] with `order = ['),
    "routes-string": ('targets = ["ru"]\nroutes = "apertium"\n', JobError,
                      ":2: `routes` must be a table, not 'apertium'; write [routes] with lines such as `sr = "),
    "boilerplate-list": ('targets = ["ru"]\nboilerplate = ["x"]\n', JobError,
                         ":2: `boilerplate` must be a table, not ['x']; write [boilerplate] with `patterns = "),
    "empty-file": ("", JobError, ": `targets` is missing: a job needs its target languages; write `targets = "),
    "no-targets": ('inputs = ["input/*"]\n', JobError, ": `targets` is missing"),
    "beam-text": ('targets = ["ru"]\n[engines.argos]\nbeam_size = "big"\n', JobError,
                  ":3: `engines.argos.beam_size` must be a whole number of at least 1, not 'big'; "
                  "write `beam_size = 4` under [engines.argos]"),
    "text-not-table": ('targets = ["ru"]\n[boilerplate.text]\nes = "x"\n', JobError,
                       ":3: `boilerplate.text.es` must be a table of pattern = approved text, not 'x'; "
                       "write [boilerplate.text.es] with lines"),
    "text-bad-regex": ('targets = ["ru"]\n[boilerplate.text.es]\n"(unclosed" = "x"\n', JobError,
                       ":3: `boilerplate.text.es.(unclosed` holds '(unclosed', which is not a valid regex"),
    "glossary-glob-empty": ('targets = ["ru"]\nglossaries = ["nothing/*.tsv"]\n', JobError,
                            ":2: `glossaries` holds 'nothing/*.tsv', which matches no file under"),
    "pivot-unknown": ('targets = ["ru"]\npivot = "zz"\n', UnknownLanguage,
                      ":2: `pivot` holds unknown language code 'zz'"),
    "beam-negative": ('targets = ["ru"]\n[argos]\nbeam_size = -3\n', JobError,
                      ":3: `argos.beam_size` must be a whole number of at least 1, not -3; write `beam_size = 4` "
                      "under [argos]"),
    "argos-unknown-option": ('targets = ["ru"]\n[engines.argos]\nbeam = 2\n', JobError,
                             ":3: unknown option 'beam' under [engines.argos]"),
    "device": ('targets = ["ru"]\n[engines.argos]\ndevice = "tpu"\n', JobError,
               ":3: `engines.argos.device` must be one of cpu, cuda, auto, not 'tpu'"),
    "route-step": ('targets = ["ru"]\n[routes]\nru = "argos en-ru"\n', JobError,
                   ":3: `routes.ru` holds 'argos en-ru', which is neither an engine name nor engine:source-target"),
    "order-empty": ('targets = ["ru"]\n[engines]\norder = []\n', JobError,
                    ":3: `engines.order` must be a string or a non-empty list of strings, not []"),
    "bergamot-threads": ('targets = ["ru"]\n[engines.bergamot]\nthreads = 0\n', JobError,
                         ":3: `engines.bergamot.threads` must be a whole number of at least 1, not 0"),
    "boilerplate-key": ('targets = ["ru"]\n[boilerplate]\npattern = ["x"]\n', JobError,
                        ":3: unknown key 'pattern' under [boilerplate]"),
}


@pytest.mark.parametrize("name", sorted(BAD_JOBS))
def test_bad_job_is_a_named_error_with_file_line_key_and_fix(project, name):
    body, error, expected = BAD_JOBS[name]
    path = write_job(project, body)
    with pytest.raises(error) as info:
        load_job(path)
    assert str(info.value).startswith(str(path)), str(info.value)
    assert expected in str(info.value)


def test_every_problem_is_reported_at_once(project):
    path = write_job(project, 'targets = ["ru"]\nformats = ["pdf"]\npivot = "zz"\n[engines.argos]\nbeam_size = 0\n')
    with pytest.raises(JobError) as info:
        load_job(path)
    lines = str(info.value).splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:2", f"{path}:3", f"{path}:5"]


def test_glossary_glob_with_files_is_accepted(project):
    (project / "glossaries").mkdir()
    (project / "glossaries" / "desk.tsv").write_text("en\tru\nNATO\tНАТО\n", encoding="utf-8")
    job = load_job(write_job(project, 'targets = ["ru"]\nglossaries = ["glossaries/*.tsv"]\n'))
    assert [p.name for p in job.glossary_files()] == ["desk.tsv"]


@pytest.mark.parametrize("body", ['targets = ["ru"]\n', 'targets = ["ru"]\nglossaries = ["glossaries/*.tsv"]\n'])
def test_default_glossary_glob_may_match_nothing(project, body):
    assert load_job(write_job(project, body)).glossary_files() == []


def test_argos_options_from_both_tables(project):
    job = load_job(write_job(project, 'targets = ["ru"]\n[engines.argos]\nbeam_size = 3\ndevice = "auto"\n'
                                      '[argos]\nbeam_size = 5\n'))
    assert job.engine_options["argos"] == {"beam_size": 5, "device": "auto"}


def test_options_of_an_engine_registered_elsewhere_pass_through(project):
    job = load_job(write_job(project, 'targets = ["ru"]\n[engines]\norder = ["echo"]\n[engines.echo]\nspeed = 3\n'))
    assert job.engine_order == ["echo"] and job.engine_options["echo"] == {"speed": 3}


def test_a_loaded_job_cannot_be_changed(project):
    import dataclasses

    job = load_job(write_job(project, 'targets = ["ru"]\n'))
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.publish_policy = "machine"
    assert job.publish_policy == "qa"


def test_overrides_win_and_go_through_the_same_validation(project):
    path = write_job(project, 'targets = ["ru"]\n[publish]\npolicy = "qa"\n[engines.argos]\nbeam_size = 3\n'
                              'device = "cpu"\n')
    job = load_job(path, {"publish": {"policy": "machine"}, "argos": {"beam_size": 5}})
    assert job.publish_policy == "machine"
    assert job.engine_options["argos"] == {"beam_size": 5, "device": "cpu"}  # the rest of the table stays
    with pytest.raises(JobError, match="beam_size"):
        load_job(path, {"argos": {"beam_size": 0}})
    with pytest.raises(JobError, match="policy"):
        load_job(path, {"publish": {"policy": "whatever"}})


def test_an_empty_glossary_list_means_no_glossary_even_with_the_default_folder(project):
    (project / "glossaries").mkdir()
    (project / "glossaries" / "desk.tsv").write_text("en\tru\nNATO\tНАТО\n", encoding="utf-8")
    assert load_job(write_job(project, 'targets = ["ru"]\n')).glossary_files() == [project / "glossaries" / "desk.tsv"]
    assert load_job(write_job(project, 'targets = ["ru"]\nglossaries = []\n')).glossary_files() == []
