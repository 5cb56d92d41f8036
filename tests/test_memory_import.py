"""`translator memory import`: TMX and XLIFF written by other tools (the TMX 1.4b spec's example,
translate-toolkit's test files), their exact matches in the editions, conflicts, hostile files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from conftest import approve, write_job
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus, MemoryFileError
from translator.memory import exchange
from translator.memory.exchange import read_units
from translator.memory.imported import import_memory, memory_path

DATA = Path(__file__).parent / "data" / "memory"
SPEC = DATA / "tmx14b-spec-example.tmx"
SPEC_SOURCE = "data (with a non-standard character: \uf8ff)."
SPEC_TARGET = "données (avec un caractère non standard: \uf8ff)."
runner = CliRunner()
JOB = ('source = "en"\ntargets = ["fr"]\nformats = ["md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')


@pytest.fixture
def desk(tmp_path, monkeypatch) -> Path:
    """A French desk with the echo engine; its story holds the sentences of the spec's and toolkit's files."""
    from echo_engine import EchoEngine

    from translator import engines

    monkeypatch.setitem(engines.REGISTRY, "echo", "test_memory_import:FrenchEchoEngine")
    monkeypatch.setattr(EchoEngine, "pairs", lambda self: {("en", "fr")})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.txt").write_text(
        f"Memory Comes In\n\n{SPEC_SOURCE}\n\nHello\n\nThe engine writes this one.\n", encoding="utf-8")
    write_job(tmp_path, JOB)
    return tmp_path


def french_echo():
    from echo_engine import EchoEngine

    return EchoEngine({("en", "fr")})


FrenchEchoEngine = french_echo


def edition(desk: Path) -> str:
    return (desk / "output" / "fr" / "story.md").read_text(encoding="utf-8")


def imported(desk: Path, lang: str = "fr") -> polib.POFile:
    return polib.pofile(str(memory_path(desk / "locales", lang)))


def test_the_tmx_spec_example_and_a_toolkit_xliff_reach_the_edition(desk):
    result = runner.invoke(app, ["memory", "import", str(SPEC), "--lang", "fr", "--state", "approved"])
    assert result.exit_code == ExitStatus.OK, result.output
    # both units: the second (srclang="*all*") has EN and two French variants, FR-CA and FR-FR
    assert "TMX 1.4" in result.stdout and "2 added" in result.stdout and "2 approved" in result.stdout
    result = runner.invoke(app, ["memory", "import", str(DATA / "tt-minimal-xliff2.xlf"), "--lang", "fr",
                                 "--state", "approved"])
    assert result.exit_code == ExitStatus.OK and "XLIFF 2.0" in result.stdout, result.output
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    text = edition(desk)
    assert SPEC_TARGET in text and "Bonjour" in text
    assert "fr: The engine writes this one." in text  # the rest still goes to the engine
    po = polib.pofile(str(desk / "locales" / "fr" / "LC_MESSAGES" / "story.po"))
    assert po.find(SPEC_SOURCE, by="msgid").msgstr == SPEC_TARGET


def test_origin_state_and_line_are_recorded_per_entry(desk):
    import_memory(desk / "locales", "fr", DATA / "tt-states.xlf", "approved")
    entries = {e.msgid: e for e in imported(desk)}
    assert len(entries) == 8
    one, two = entries["One"], entries["Two"]
    assert (one.msgctxt, one.msgstr, one.flags, one.occurrences) == ("tt-states.xlf", "Un", [],
                                                                     [("tt-states.xlf", "5")])
    assert two.flags == ["fuzzy"]  # the file says "needs-work": not approved whatever --state says
    assert "en-US → fr" in one.comment


def test_the_default_state_is_fuzzy_and_a_second_import_changes_nothing(desk):
    first = import_memory(desk / "locales", "de", DATA / "tt-multilingual.tmx")
    assert (first.added, first.approved) == (2, 0)
    assert {e.msgid: (e.msgstr, e.flags) for e in imported(desk, "de")} == {
        "test1_en": ("test1_de", ["fuzzy"]), "test2_en": ("test2_de", ["fuzzy"])}
    again = import_memory(desk / "locales", "de", DATA / "tt-multilingual.tmx")
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)


def test_a_later_import_at_the_default_state_keeps_what_was_approved(desk):
    import_memory(desk / "locales", "de", DATA / "tt-multilingual.tmx", "approved")
    again = import_memory(desk / "locales", "de", DATA / "tt-multilingual.tmx")  # --state fuzzy, the default
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert all(e.flags == [] for e in imported(desk, "de"))
    fuzzy_first = desk / "locales"
    import_memory(fuzzy_first, "fr", DATA / "tt-minimal-xliff2.xlf")
    upgraded = import_memory(fuzzy_first, "fr", DATA / "tt-minimal-xliff2.xlf", "approved")
    assert upgraded.updated >= 1 and all(e.flags == [] for e in imported(desk, "fr"))


def test_a_conflict_with_an_approved_entry_is_reported_and_the_catalog_wins(desk):
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    catalog = desk / "locales" / "fr" / "LC_MESSAGES" / "story.po"
    po = polib.pofile(str(catalog))
    hello = po.find("Hello", by="msgid")
    approve(desk, "fr", "story", "Hello", context=hello.msgctxt, text="Salut")
    before = catalog.read_bytes()
    result = runner.invoke(app, ["memory", "import", str(DATA / "tt-minimal-xliff2.xlf"), "--lang", "fr",
                                 "--state", "approved"])
    assert result.exit_code == ExitStatus.OK
    assert "conflict:" in result.stdout and "'Salut'" in result.stdout and "'Bonjour'" in result.stdout
    assert catalog.read_bytes() == before
    (desk / "input" / "other.txt").write_text("Other\n\nHello\n", encoding="utf-8")
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    assert "Salut" in (desk / "output" / "fr" / "other.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("body, expected", [
    ("<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>a</seg></tuv>\n\n</body></tmx>",
     ":3: not well-formed XML"),
    ('<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<tmx version="1.4">'
     "<header srclang='en'/><body><tu><tuv xml:lang='en'><seg>&xxe;</seg></tuv>"
     "<tuv xml:lang='fr'><seg>x</seg></tuv></tu></body></tmx>", "declares entities"),
    ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
     "<tmx version='1.4'><body>&lol2;</body></tmx>", "declares entities"),
    ("<html><body>not a memory</body></html>", "neither TMX 1.4 nor XLIFF"),
    ("<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>a</seg></tuv>"
     "<tuv xml:lang='ru'><seg>б</seg></tuv></tu></body></tmx>", r"holds no unit in fr \(its languages: en, ru\)"),
])
def test_hostile_or_wrong_files_are_named_errors(tmp_path, body, expected):
    bad = tmp_path / "bad.tmx"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(MemoryFileError, match=expected) as caught:
        import_memory(tmp_path / "locales", "fr", bad)
    assert str(bad) in str(caught.value)
    assert not memory_path(tmp_path / "locales", "fr").exists()


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_BYTES", 100)
    big = tmp_path / "big.tmx"
    shutil.copy(SPEC, big)
    with pytest.raises(MemoryFileError, match="big.tmx: 0 MB is more than"):
        read_units(big, "fr")


def test_the_cli_maps_a_broken_file_and_a_bad_state(desk):
    (desk / "broken.xlf").write_text("<xliff", encoding="utf-8")
    result = runner.invoke(app, ["memory", "import", "broken.xlf", "--lang", "fr"])
    assert result.exit_code == ExitStatus.ERROR and "broken.xlf:1: not well-formed XML" in result.output
    result = runner.invoke(app, ["memory", "import", str(SPEC), "--lang", "fr", "--state", "final"])
    assert result.exit_code == ExitStatus.USAGE and "--state must be approved or fuzzy" in result.output


@pytest.mark.parametrize("output_format", ["tmx", "xliff"])
def test_a_desks_export_imported_by_another_desk_reaches_its_editions(tmp_path, monkeypatch, output_format):
    """Round trip: desk A approves, exports TMX or XLIFF; desk B imports it and its next run reuses the text,
    Markdown escapes and all (`5 \\< 6` travels as `5 < 6` and comes back escaped)."""
    from echo_engine import EchoEngine

    from translator.job import load_job
    from translator.run.pipeline import run

    approved = {"Maths Desk": "Отдел математики", "If 5 \\< 6, the budget holds.": "Если 5 \\< 6, бюджет в силе.",
                "The *budget* is tight.": "*Бюджет* напряжён."}
    story = "# Maths Desk\n\nIf 5 \\< 6, the budget holds.\n\nThe *budget* is tight.\n\n"
    for desk in ("a", "b"):
        (tmp_path / desk / "input").mkdir(parents=True)
        write_job(tmp_path / desk, JOB.replace('"fr"', '"ru"'))
    (tmp_path / "a" / "input" / "maths.md").write_text(story, encoding="utf-8")
    run(load_job(tmp_path / "a" / "translator.toml"), engines={"echo": EchoEngine()})
    po = polib.pofile(str(tmp_path / "a" / "locales" / "ru" / "LC_MESSAGES" / "maths.po"))
    for entry in po:
        entry.msgstr, entry.flags = approved[entry.msgid], []
    po.save()
    monkeypatch.chdir(tmp_path / "a")
    assert runner.invoke(app, ["memory", "export", "--format", output_format, "--lang", "ru",
                               "--output", str(tmp_path / "desk-a.mem")]).exit_code == ExitStatus.OK
    assert import_memory(tmp_path / "b" / "locales", "ru", tmp_path / "desk-a.mem", "approved").approved == 3
    (tmp_path / "b" / "input" / "maths.md").write_text(story + "The rest is new.\n", encoding="utf-8")
    engine = EchoEngine()
    run(load_job(tmp_path / "b" / "translator.toml"), engines={"echo": engine})
    text = (tmp_path / "b" / "output" / "ru" / "maths.md").read_text(encoding="utf-8")
    assert "Отдел математики" in text and "Если 5 \\< 6, бюджет в силе." in text and "ru: The rest is new." in text
    # a sentence with inline markup keeps it: a plain-text memory entry never replaces it
    assert "The [budget] is tight." in engine.sent  # the engine gets its span as [brackets]


def test_an_approved_import_beats_machine_text_of_another_catalog_and_a_fuzzy_one_does_not(desk):
    """Another article's engine output for "Hello" is in the language's catalogs; the import is a human's."""
    (desk / "input" / "earlier.txt").write_text("Earlier\n\nHello\n", encoding="utf-8")
    (desk / "input" / "story.txt").rename(desk / "story.later")
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    (desk / "story.later").rename(desk / "input" / "story.txt")
    import_memory(desk / "locales", "fr", DATA / "tt-minimal-xliff2.xlf", "fuzzy")
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    assert "fr: Hello" in edition(desk) and "Bonjour" not in edition(desk)  # machine text, shared, still wins
    (desk / "output" / "fr" / "story.md").unlink()
    (desk / "locales" / "fr" / "LC_MESSAGES" / "story.po").unlink()
    import_memory(desk / "locales", "fr", DATA / "tt-minimal-xliff2.xlf", "approved")
    assert runner.invoke(app, ["run", "-q"]).exit_code == ExitStatus.OK
    assert "Bonjour" in edition(desk)


def test_a_missing_file_is_named(desk):
    result = runner.invoke(app, ["memory", "import", "nowhere.tmx", "--lang", "fr"])
    assert result.exit_code == ExitStatus.ERROR and "nowhere.tmx: cannot read the file" in result.output


LATIN1_TMX = ("<tmx version='1.4'><header srclang='en'/><body>\n<tu><tuv xml:lang='en'><seg>Hello</seg></tuv>"
              "<tuv xml:lang='fr'><seg>Déjà</seg></tuv></tu></body></tmx>")


def test_bytes_not_in_the_files_encoding_are_named_with_their_line(tmp_path):
    bad = tmp_path / "latin1.tmx"
    bad.write_bytes(LATIN1_TMX.encode("latin-1"))  # no declaration: XML reads it as UTF-8
    with pytest.raises(MemoryFileError, match=r"latin1\.tmx:2: bytes that are not in the file's encoding") as caught:
        import_memory(tmp_path / "locales", "fr", bad)
    assert "save the file as UTF-8" in str(caught.value) and "check the path" not in str(caught.value)
    declared = tmp_path / "declared.tmx"
    declared.write_bytes(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + LATIN1_TMX.encode("latin-1"))
    assert [unit.target for unit in read_units(declared, "fr")[1]] == ["Déjà"]


@pytest.mark.parametrize("name", ["desk\nlines.tmx", "desk\u2028x.tmx", "desk\rx.tmx"])
def test_a_file_name_with_a_line_break_is_refused_and_leaves_the_memory_readable(desk, name):
    good = import_memory(desk / "locales", "fr", SPEC)
    before = memory_path(desk / "locales", "fr").read_bytes()
    odd = desk / name
    shutil.copy(SPEC, odd)
    result = runner.invoke(app, ["memory", "import", str(odd), "--lang", "fr"])
    assert result.exit_code == ExitStatus.ERROR and "rename the file" in result.output
    assert memory_path(desk / "locales", "fr").read_bytes() == before
    assert len(imported(desk)) == good.added  # still a catalog polib and the next run read


def test_units_of_one_sentence_keep_the_first_and_name_the_others(desk):
    units = "".join(f"<tu><tuv xml:lang='en'><seg>Hello</seg></tuv><tuv xml:lang='fr'><seg>{text}</seg></tuv></tu>\n"
                    for text in ("Bonjour", "Bonjour", "Salut"))
    (desk / "dup.tmx").write_text(f"<tmx version='1.4'><header srclang='en'/><body>\n{units}</body></tmx>",
                                  encoding="utf-8")
    for _ in range(2):  # the second import finds nothing to change
        result = runner.invoke(app, ["memory", "import", "dup.tmx", "--lang", "fr"])
        assert result.exit_code == ExitStatus.OK, result.output
        assert "duplicate: dup.tmx:4 translates the sentence of line 2 again" in result.output
        assert "dup.tmx:3" not in result.output  # the same text twice is no duplicate worth naming
    assert "0 added, 0 updated, 1 unchanged" in result.stdout
    assert [(entry.msgid, entry.msgstr) for entry in imported(desk)] == [("Hello", "Bonjour")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_folder_is_refused_before_it_is_read(tmp_path):
    pipe = tmp_path / "desk.tmx"
    os.mkfifo(pipe)  # read, it would wait for a writer for ever
    with pytest.raises(MemoryFileError, match=r"desk\.tmx: not a regular file \(a device, pipe or socket\)"):
        import_memory(tmp_path / "locales", "fr", pipe)
    folder = tmp_path / "folder.tmx"
    folder.mkdir()
    with pytest.raises(MemoryFileError, match=r"folder\.tmx: a folder; give the path of a TMX or XLIFF file"):
        import_memory(tmp_path / "locales", "fr", folder)
    assert not (tmp_path / "locales").exists()


def test_a_unit_whose_source_no_srclang_names_is_refused_not_dropped(tmp_path):
    path = tmp_path / "three.tmx"
    unit = ("<tu><tuv xml:lang='en'><seg>Hello</seg></tuv><tuv xml:lang='de'><seg>Hallo</seg></tuv>"
            "<tuv xml:lang='fr'><seg>Bonjour</seg></tuv></tu>")
    path.write_text(f"<tmx version='1.4'><header/><body>\n{unit}</body></tmx>", encoding="utf-8")
    with pytest.raises(MemoryFileError, match=r"three\.tmx:2: the unit has de, en besides fr and no srclang"):
        import_memory(tmp_path / "locales", "fr", path)
    path.write_text(f"<tmx version='1.4'><header srclang='en'/><body>\n{unit}</body></tmx>", encoding="utf-8")
    assert [(u.source, u.target) for u in read_units(path, "fr")[1]] == [("Hello", "Bonjour")]


def test_xliff_without_its_namespace_is_told_which_to_write(tmp_path):
    path = tmp_path / "bare.xlf"
    path.write_text("<xliff version='1.2'><file source-language='en' target-language='fr'><body><trans-unit id='1'>"
                    "<source>a</source><target>b</target></trans-unit></body></file></xliff>", encoding="utf-8")
    with pytest.raises(MemoryFileError, match='bare.xlf:1: <xliff> without the XLIFF namespace; write '
                       'xmlns="urn:oasis:names:tc:xliff:document:1.2"'):
        import_memory(tmp_path / "locales", "fr", path)


@pytest.mark.parametrize("tag, language, imported_units", [
    ("fr-CA", "fr", 1), ("EN-us", "en", 1), ("sr-Latn", "sr", 0), ("zh-TW", "zh", 0), ("zh-Hant-TW", "zh", 0),
    ("sr-Latn-RS", "sr-Latn", 0), ("sr_Latn", "sr-Latn", 1)])
def test_a_regional_form_counts_for_its_language_only_in_the_same_script(tmp_path, tag, language, imported_units):
    path = tmp_path / "desk.tmx"
    path.write_text("<tmx version='1.4'><header srclang='de'/><body><tu><tuv xml:lang='de'><seg>Hallo</seg></tuv>"
                    f"<tuv xml:lang='{tag}'><seg>Zdravo</seg></tuv></tu></body></tmx>", encoding="utf-8")
    if imported_units:
        assert len(read_units(path, language)[1]) == imported_units
    else:  # Latin text in Serbian's Cyrillic memory, or Traditional in Simplified, would reach the wrong editions
        with pytest.raises(MemoryFileError, match=f"holds no unit in {language}"):
            read_units(path, language)
