"""The Argos engine and package store, on tiny real packages built by the suite (no network)."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import write_job

from translator.engines.argos import ArgosEngine
from translator.errors import EngineError, ModelError, ModelNotInstalled
from translator.job import load_job
from translator.models.store import ModelStore
from translator.run.pipeline import run


@pytest.fixture
def store(models_env) -> ModelStore:
    return ModelStore()


def test_install_discover_remove(store, argos_packages):
    package = store.install_file(argos_packages["en-ru"])
    assert package.pair == ("en", "ru") and package.version == "1.0" and package.origin == "translator"
    assert package.path == store.models_dir / "translate-en_ru"
    assert [p.pair for p in store.packages()] == [("en", "ru")]
    assert ArgosEngine().pairs() == {("en", "ru")}
    store.remove("en-ru")
    assert store.packages() == []
    with pytest.raises(ModelNotInstalled):
        store.remove("en-ru")


def test_newer_version_replaces_older(store, argos_packages):
    store.install_file(argos_packages["en-ru"])
    store.install_file(argos_packages["en-ru-2.0"])
    assert [(p.pair, p.version) for p in store.packages()] == [(("en", "ru"), "2.0")]


def test_failed_install_keeps_previous_version(store, argos_packages, tmp_path):
    store.install_file(argos_packages["en-ru"])
    broken = tmp_path / "broken.argosmodel"
    with zipfile.ZipFile(argos_packages["en-ru-2.0"]) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("model.bin"):
                data = b"not a model"
            dst.writestr(info, data)
    with pytest.raises(ModelError, match="does not load"):
        store.install_file(broken)
    assert [(p.pair, p.version) for p in store.packages()] == [(("en", "ru"), "1.0")]
    assert not [p for p in store.models_dir.iterdir() if p.name.startswith(".install-")]


def test_argospm_layout_is_discovered(models_env, argos_packages):
    _, argos_dir = models_env
    with zipfile.ZipFile(argos_packages["ru-uk"]) as archive:
        archive.extractall(argos_dir)  # argospm unzips each package into its packages folder
    store = ModelStore()
    (package,) = store.packages()
    assert package.origin == "argospm" and package.pair == ("ru", "uk")
    with pytest.raises(ModelError, match="installed by argospm"):
        store.remove("ru-uk")
    assert ArgosEngine().translate(["Министр прибыл."], "ru", "uk")[0].strip()


def test_translate_is_aligned_and_deterministic(store, argos_packages):
    store.install_file(argos_packages["en-ru"])
    engine = ArgosEngine()
    sentences = ["The minister met Lavrov in Brussels.", "NATO talks.", "Rasmussen said NATO was concerned."]
    first = engine.translate(sentences, "en", "ru")
    assert len(first) == 3 and all(isinstance(t, str) and t.strip() for t in first)
    assert engine.translate(sentences, "en", "ru") == first
    assert engine.translate(list(reversed(sentences)), "en", "ru") == list(reversed(first))


def test_repetition_guard(store, argos_packages):
    store.install_file(argos_packages["en-ru"])
    model = ArgosEngine()._load(store.find("en", "ru"))
    tokens = model.tokenizer.encode(["NATO foreign ministers met in Brussels on April 23."])
    unguarded = model.translator.translate_batch(tokens, beam_size=2, max_decoding_length=60)[0].hypotheses[0]
    engine = ArgosEngine(no_repeat_ngram_size=3)
    engine._load(store.find("en", "ru"))
    guarded = engine.loaded[store.find("en", "ru").path].translator.translate_batch(
        tokens, beam_size=2, max_decoding_length=60, no_repeat_ngram_size=3)[0].hypotheses[0]

    def repeats(seq):
        grams = [tuple(seq[i:i + 3]) for i in range(len(seq) - 2)]
        return len(grams) - len(set(grams))

    assert repeats(unguarded) > 0 and repeats(guarded) == 0


def test_target_prefix_is_sent_and_stripped(store, argos_packages):
    store.install_file(argos_packages["en-uk"])
    engine = ArgosEngine()
    out = engine.translate(["The minister met Lavrov."], "en", "uk")
    assert "__uk__" not in out[0]
    model = engine.loaded[store.find("en", "uk").path]
    raw = model.translator.translate_batch(model.tokenizer.encode(["The minister met Lavrov."]),
                                           target_prefix=[["__uk__"]], beam_size=1, max_decoding_length=10)
    assert raw[0].hypotheses[0][0] == "__uk__"


def test_lru_holds_a_bounded_number_of_models(store, argos_packages):
    for key in ("en-ru", "ru-uk", "en-uk"):
        store.install_file(argos_packages[key])
    engine = ArgosEngine(max_loaded=2)
    for source, target in (("en", "ru"), ("ru", "uk"), ("en", "ru"), ("en", "uk")):
        engine.translate(["Talks went on."], source, target)
    assert [p.name for p in engine.loaded] == ["translate-en_ru", "translate-en_uk"]  # ru-uk was least recent


def test_pivot_through_english_shared_by_targets(models_env, argos_packages, project):
    store = ModelStore()
    for key in ("ru-en", "en-uk"):
        store.install_file(argos_packages[key])
    (project / "input" / "nato-russia-talks.txt").write_text(
        "Министры Встретились\n\nМинистры встретились в Брюсселе в понедельник и обсудили ПРО.\n", encoding="utf-8")
    job = load_job(write_job(project, 'source = "ru"\ntargets = ["uk", "en"]\nformats = ["txt"]\n'
                                      '[publish]\npolicy = "machine"\n[engines]\norder = ["argos"]\n'))
    report = run(job)
    assert {r.language: (r.status, r.route) for r in report.rows} == {
        "uk": ("ok", "argos:ru-en > argos:en-uk"), "en": ("ok", "argos:ru-en")}
    assert report.engine_calls == {"argos:ru-en": 2, "argos:en-uk": 2}  # the ru-en step ran once for both
    assert (project / "output" / "uk" / "nato-russia-talks.txt").read_text(encoding="utf-8").strip()


def test_missing_pair_and_bad_option(store):
    with pytest.raises(ModelNotInstalled, match="translator models install en-fa"):
        ArgosEngine().translate(["x"], "en", "fa")
    with pytest.raises(EngineError, match="unknown argos option 'beam'"):
        ArgosEngine(beam=3)


@pytest.mark.parametrize("case, message", [
    ("slip", "outside the package folder"),
    ("absolute", "outside the package folder"),
    ("symlink", "symbolic link"),
    ("two-tops", "exactly one top-level folder"),
    ("top-file", "at the top level"),
    ("bomb", "zip bomb"),
    ("not-zip", "not a zip archive"),
    ("no-fields", "lacks package_version, from_code"),
    ("no-tokenizer", "no tokenizer"),
])
def test_unsafe_or_broken_archives_are_refused(store, tmp_path, argos_packages, case, message):
    path = tmp_path / f"{case}.argosmodel"
    with zipfile.ZipFile(argos_packages["en-ru"]) as good:
        members = {info.filename: good.read(info) for info in good.infolist() if not info.is_dir()}
    top = next(iter(members)).split("/")[0]
    if case == "not-zip":
        path.write_bytes(b"<html>not found</html>")
    else:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                if case == "no-fields" and name.endswith("metadata.json"):
                    data = json.dumps({"to_code": "ru"}).encode()
                if case == "no-tokenizer" and name.endswith("sentencepiece.model"):
                    continue
                archive.writestr(name, data)
            if case == "slip":
                archive.writestr(f"{top}/../../evil.txt", b"x")
            elif case == "absolute":
                archive.writestr("/tmp/evil.txt", b"x")
            elif case == "symlink":
                info = zipfile.ZipInfo(f"{top}/link")
                info.external_attr = (0o120777 << 16)
                archive.writestr(info, "/etc/passwd")
            elif case == "two-tops":
                archive.writestr("other/file.txt", b"x")
            elif case == "top-file":
                archive.writestr("stray.txt", b"x")
            elif case == "bomb":
                archive.writestr(f"{top}/zeros.bin", b"\0" * (3 * 1024 * 1024))
    if case == "bomb":
        store.max_bytes = 2 * 1024 * 1024
    with pytest.raises(ModelError, match=message):
        store.install_file(path)
    assert store.packages() == []
    assert not (tmp_path / "evil.txt").exists()


def test_bpe_package_moses_and_subword_nmt(store, argos_packages):
    package = store.install_file(argos_packages["en-de-bpe"])
    assert package.tokenizer == "bpe"
    engine = ArgosEngine()
    model = engine._load(package)
    tokens = model.tokenizer.encode(["Lavrov's talks in Brussels, on April 23."])[0]
    # Moses splits off the possessive and the comma (no XML escaping); BPE then splits "'s" into subwords.
    assert tokens == ["Lavrov", "'@@", "s", "talks", "in", "Brussels", ",", "on", "April", "23", "."]
    assert model.tokenizer.decode(["In", "Bru@@", "ss@@", "els", ",", "sagte", "Lavrov", "."]) == \
        "In Brussels, sagte Lavrov."
    out = engine.translate(["NATO ministers met in Brussels.", "Lavrov said so."], "en", "de")
    assert len(out) == 2 and all(t.strip() for t in out) and not any("@@" in t for t in out)


def test_lru_is_bounded_by_memory_too(store, argos_packages):
    for key in ("en-ru", "ru-uk"):
        store.install_file(argos_packages[key])
    engine = ArgosEngine(max_loaded=10, max_loaded_mb=0.001)
    engine.translate(["Talks."], "en", "ru")
    engine.translate(["Переговоры."], "ru", "uk")
    assert [p.name for p in engine.loaded] == ["translate-ru_uk"]  # never fewer than the model in use
