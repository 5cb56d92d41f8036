"""A job's hostile settings: repeated targets collapse with a warning, an output its own inputs would read is
refused by name, and paths outside the job folder are warned about by name (not refused: desks share folders)."""

from __future__ import annotations

import pytest
from conftest import write_job

from translator.errors import JobError
from translator.job import load_job


def test_repeated_targets_collapse_with_a_warning(project):
    job = load_job(write_job(project, "targets = [" + ", ".join(['"es"'] * 1000 + ['"ru"', '"ES"', '"ru"']) + "]\n"))
    assert job.targets == ["es", "ru"]
    assert job.warnings == [f"{project / 'translator.toml'}: targets lists 'es' 1001 times, 'ru' 2 times; each "
                            "language is translated once"]


def test_distinct_targets_give_no_warning(project):
    job = load_job(write_job(project, 'targets = ["es", "ru", "pt-BR", "pt"]\n'))
    assert job.targets == ["es", "ru", "pt-BR", "pt"] and job.warnings == []


@pytest.mark.parametrize("inputs, output", [
    ('["input/*"]', "input"),
    ('["input/*"]', "input/"),
    ('["input/**/*"]', "input/out"),
    ('["**/*.md"]', "output"),
    ('["*.md"]', "."),
    ('["input/*", "other/*"]', "./other"),
])
def test_an_output_its_inputs_read_is_refused(project, inputs, output):
    path = write_job(project, f'targets = ["es"]\ninputs = {inputs}\noutput = "{output}"\n')
    with pytest.raises(JobError, match=rf"{path}: output = .* is inside what inputs .* reads: the next run would "
                                       "read its own editions and feeds"):
        load_job(path)


@pytest.mark.parametrize("inputs, output", [
    ('["input/*"]', "output"),
    ('["input/*"]', "input-out"),
    ('["*.md"]', "output"),
    ('["input/*.txt"]', "output/input"),
])
def test_an_output_apart_from_the_inputs_is_accepted(project, inputs, output):
    job = load_job(write_job(project, f'targets = ["es"]\ninputs = {inputs}\noutput = "{output}"\n'))
    assert job.output == project / output and job.warnings == []


@pytest.mark.parametrize("key, line", [
    ("inputs", 'inputs = ["input/*", "/etc/host*"]'),
    ("output", 'output = "../elsewhere/output"'),
    ("locales", 'locales = "/tmp/shared-locales"'),
    ("html_template", '[publish]\nhtml_template = "/etc/passwd"'),
])
def test_paths_outside_the_job_folder_are_warned_about_by_name(project, key, line):
    path = write_job(project, f'targets = ["es"]\n{line}\n')
    job = load_job(path)
    assert len(job.warnings) == 1, job.warnings
    assert job.warnings[0].startswith(f"{path}: {key} = ") and "leads outside the job folder" in job.warnings[0]


def test_glossaries_outside_the_job_folder_are_warned_about(project, tmp_path_factory):
    shared = tmp_path_factory.mktemp("shared") / "terms.tsv"
    shared.write_text("en\tru\nNATO\tНАТО\n", encoding="utf-8")
    job = load_job(write_job(project, f'targets = ["ru"]\nglossaries = ["{shared}"]\n'))
    assert [w.split(" = ")[0] for w in job.warnings] == [f"{project / 'translator.toml'}: glossaries"]
    assert str(shared) in job.warnings[0]


def test_a_job_inside_its_folder_gives_no_warning(project):
    assert load_job(write_job(project, 'targets = ["es"]\n')).warnings == []


def test_job_warnings_reach_the_run_report(project, echo):
    from translator.run.pipeline import run

    job = load_job(write_job(project, 'source = "en"\ntargets = ["ru", "ru"]\nformats = ["md"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n'))
    report = run(job, engines={"echo": echo})
    assert any("targets lists 'ru' 2 times" in w for w in report.warnings)


def test_a_one_off_translate_reads_files_anywhere_without_a_warning(tmp_path, tmp_path_factory):
    from translator.job import job_from_dict

    story = tmp_path_factory.mktemp("elsewhere") / "story.md"
    story.write_text("# Talks\n\nThe ministers met.\n", encoding="utf-8")
    job = job_from_dict({"inputs": [str(story)], "targets": ["ru"], "output": str(story.parent)}, tmp_path,
                        "translate")
    assert job.warnings == [] and job.output == story.parent  # a file named on its own is no glob of the output
