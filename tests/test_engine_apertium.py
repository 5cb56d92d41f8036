"""The real Apertium engine (Debian packages); CI installs it, so a skip there is a failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import require_engine

from translator.engines.apertium import ApertiumEngine, parse_mode
from translator.errors import EngineError, UnsupportedPair
from translator.readers import read_article


@pytest.fixture(scope="module")
def apertium() -> ApertiumEngine:
    engine = ApertiumEngine()
    require_engine("apertium", engine.unavailable_reason())
    return engine


@pytest.mark.parametrize("stem, pair", [
    ("eng-spa", ("en", "es")), ("eng-hbs_SR", ("en", "sr")), ("rus-ukr", ("ru", "uk")),
    ("eng-cat_valencia", None), ("Cyrl-Latn", None),
])
def test_mode_names_map_to_job_codes(stem, pair):
    assert parse_mode(stem) == pair


@pytest.mark.parametrize("target, expected", [
    ("es", ["Bruselas", "Lavrov"]),
    ("ca", ["Brussel·les", "Lavrov"]),
])
def test_translates_the_sample_in_one_batch(apertium, sample, target, expected):
    sentences = read_article(sample).units()
    out = apertium.translate(sentences, "en", target)
    assert len(out) == len(sentences)
    assert all(t.strip() and t != s for t, s in zip(out, sentences))
    joined = " ".join(out)
    assert all(word in joined for word in expected)
    assert "*" not in joined  # unknown-word marks stripped
    assert out[sentences.index(next(s for s in sentences if s.startswith("BRUSSELS")))].startswith(
        {"es": "BRUSELAS", "ca": "BRUSSEL"}[target])


def test_one_process_per_batch(apertium, monkeypatch):
    # A batch is one job for one apertium pipeline (kept between calls where null-flush works), never one per
    # sentence: at most one apertium pipeline is started for three sentences.
    import subprocess

    apertium.close()
    started = []
    real_popen = subprocess.Popen

    def counting_popen(args, *rest, **kwargs):
        if args[0] in ("bash", apertium.command):  # the pipeline, kept or one-shot
            started.append(args)
        return real_popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting_popen)
    out = apertium.translate(["The house is red.", "The dog sleeps.", "Good morning."], "en", "es")
    assert len(started) == 1 and out[0] == "La casa es roja."


def test_unknown_pair_is_named(apertium):
    with pytest.raises(UnsupportedPair, match="no en-de pair"):
        apertium.translate(["Hello."], "en", "de")


def test_silent_pair_is_an_error(tmp_path):
    # A mode that prints nothing, like Debian's rus-ukr whose tagger asserts.
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / "eng-deu.mode").write_text("cat > /dev/null\n", encoding="utf-8")
    engine = ApertiumEngine(modes_dir=tmp_path / "modes")
    require_engine("apertium", engine.unavailable_reason())
    with pytest.raises(EngineError, match=r"eng-deu \(en-de\) returned empty output"):
        engine.translate(["Hello there.", "Bye."], "en", "de")


def test_misaligned_output_is_an_error(tmp_path):
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / "eng-deu.mode").write_text("tr -s '\\n' ' '\n", encoding="utf-8")
    engine = ApertiumEngine(modes_dir=tmp_path / "modes")
    require_engine("apertium", engine.unavailable_reason())
    with pytest.raises(EngineError, match="returned 1 sentences for 2"):
        engine.translate(["Hello there.", "Bye."], "en", "de")


def test_debian_rus_ukr_is_caught_when_installed(apertium):
    if ("ru", "uk") not in apertium.pairs():
        pytest.skip("apertium-rus-ukr not installed")
    # Its tagger dies on some inputs ("Привет мир."); the whole batch then comes back empty.
    with pytest.raises(EngineError, match="returned empty output"):
        apertium.translate(["Привет мир.", "Он ушёл."], "ru", "uk")


def test_modes_dir_missing_means_unavailable(tmp_path):
    command = tmp_path / "apertium"  # a command that exists, whether or not Apertium is installed here
    command.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    command.chmod(0o755)
    engine = ApertiumEngine(modes_dir=Path(tmp_path / "none"), command=str(command))
    assert engine.pairs() == set()
    assert engine.unavailable_reason() == f"no Apertium language pairs installed in {tmp_path / 'none'} " \
        "(apt-get install apertium-eng-spa)"


def test_missing_command_means_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("TRANSLATOR_APERTIUM", str(tmp_path / "no-such-apertium"))
    engine = ApertiumEngine()
    assert engine.pairs() == set()
    assert engine.unavailable_reason() == f"the {tmp_path / 'no-such-apertium'} command is not installed " \
        "(apt-get install apertium apertium-eng-spa)"
