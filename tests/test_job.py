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
