"""DeepL glossary CSV: source,target on each line, no header, one language pair."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from translator.cli import app
from translator.errors import ExitStatus, GlossaryError
from translator.glossary.formats import read_csv, read_deepl_csv, read_tsv, write_deepl_csv
from translator.glossary.model import KEEP, Glossary, Term

runner = CliRunner()
DEEPL = 'NATO,OTAN\n"NATO-Russia Council","Conselho OTAN-Rússia"\nRFE/RL,RFE/RL\n\nKremlin,Kremlin,en,pt\n'


@pytest.fixture
def deepl_file(tmp_path):
    path = tmp_path / "deepl.csv"
    path.write_text(DEEPL, encoding="utf-8")
    return path


def test_read_deepl_csv(deepl_file):
    glossary = read_deepl_csv(deepl_file, "en", "pt-BR")
    assert (glossary.source_language, glossary.languages) == ("en", ["pt-BR"])  # the regional column kept
    assert [(t.source, t.targets["pt-BR"]) for t in glossary.terms] == [
        ("NATO", "OTAN"), ("NATO-Russia Council", "Conselho OTAN-Rússia"), ("RFE/RL", KEEP), ("Kremlin", KEEP)]
    assert glossary.terms[1].origin == f"{deepl_file}:2"


def test_the_header_reader_points_to_from_and_to(deepl_file):
    """The refusal the issue quotes now says how to import the file."""
    with pytest.raises(GlossaryError, match=re.escape(
            f"{deepl_file}:1: unknown language code 'NATO' in the header; a DeepL glossary (source,target on "
            "each line, no header) is imported with --from and --to")):
        read_csv(deepl_file)


@pytest.mark.parametrize("content, message", [
    ("NATO\n", ":1: 1 cells; a DeepL glossary line is source,target"),
    ("NATO,OTAN,en\n", ":1: 3 cells"),
    ("NATO,OTAN,en,es\n", ": no en→pt entries; a DeepL glossary has a source,target pair on each line (the file "
                          "has en→es)"),
    ("NATO,OTAN\n", ":1: a source,target line names no languages; import the file with --from and --to"),
    ("NATO,\n", ":1: an empty target entry"),
    ("NATO,OTAN\nKremlin,Kremlin\nNATO,Aliança\n", ":3: 'NATO' is already on line 1"),
    ("\n", ": no en→pt entries"),
    ('NATO,"OTAN\n', ":1: malformed CSV"),
])
def test_malformed_deepl_csv_names_the_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=re.escape(message)) as info:
        read_deepl_csv(path, *(("en", "pt") if "names no languages" not in message else ()))
    assert str(info.value).startswith(str(path))


def test_unknown_language_option_is_named(deepl_file):
    with pytest.raises(GlossaryError, match="unknown language code 'xx' given with --to"):
        read_deepl_csv(deepl_file, "en", "xx")


def test_write_deepl_csv(tmp_path):
    glossary = Glossary("en", [
        Term("NATO", {"pt": "OTAN", "ru": "НАТО"}, synonyms={"en": ["North Atlantic Treaty Organization"],
                                                             "pt": ["Aliança Atlântica"]}),
        Term("RFE/RL", {"pt": KEEP, "ru": KEEP}),
        Term("Kremlin", {"pt": "", "ru": "Кремль"}),
        Term('the "reset"', {"pt": 'o "reinício"'}),
    ], ["pt", "ru"])
    count = write_deepl_csv(glossary, tmp_path / "pt.csv", "pt-BR")
    assert count == 4
    assert (tmp_path / "pt.csv").read_text(encoding="utf-8") == (
        'NATO,OTAN\nNorth Atlantic Treaty Organization,OTAN\nRFE/RL,RFE/RL\n"the ""reset""","o ""reinício"""\n')
    back = read_deepl_csv(tmp_path / "pt.csv", "en", "pt")
    assert back.find('the "reset"').targets == {"pt": 'o "reinício"'} and back.find("RFE/RL").targets == {"pt": KEEP}


@pytest.mark.parametrize("terms, target, message", [
    ([Term("NATO", {"pt": "OTAN"})], "fa", "has no fa column; choose one of pt"),
    ([Term("NATO", {"pt": ""})], "pt", "no en→pt entries to export"),
    ([Term("NATO", {"pt": "OTAN\tAliança"}, origin="g.tsv:2")], "pt", "g.tsv:2: 'NATO' → 'OTAN\\tAliança' has a tab"),
])
def test_write_deepl_csv_refuses_what_deepl_refuses(tmp_path, terms, target, message):
    with pytest.raises(GlossaryError, match=re.escape(message)):
        write_deepl_csv(Glossary("en", terms, ["pt"]), tmp_path / "out.csv", target)
    assert not (tmp_path / "out.csv").exists()


def test_cli_import_and_export_deepl(deepl_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    imported = runner.invoke(app, ["glossary", "import", str(deepl_file), "--from", "en", "--to", "pt",
                                   "--output", "pt.tsv"])
    assert imported.exit_code == ExitStatus.OK and "4 terms written to pt.tsv" in imported.stdout
    assert read_tsv(tmp_path / "pt.tsv").find("NATO").targets == {"pt": "OTAN"}
    exported = runner.invoke(app, ["glossary", "export", "--format", "deepl", "--output", "out.csv", "pt.tsv"])
    assert exported.exit_code == ExitStatus.OK and "4 entries written to out.csv" in exported.stdout
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines() == [
        "NATO,OTAN", "NATO-Russia Council,Conselho OTAN-Rússia", "RFE/RL,RFE/RL", "Kremlin,Kremlin"]


@pytest.mark.parametrize("args, message", [
    (["glossary", "import", "g.tbx", "--from", "en", "--to", "pt", "--output", "x.tsv"], "which is a .csv"),
    (["glossary", "export", "--output", "x.tbx", "--to", "pt", "two.tsv"], "--to goes with --format deepl"),
])
def test_cli_deepl_usage_errors(deepl_file, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.tsv").write_text("en\tpt\tru\nNATO\tOTAN\tНАТО\n", encoding="utf-8")
    result = runner.invoke(app, args)
    assert result.exit_code == ExitStatus.USAGE and message in result.stderr


def test_cli_import_without_languages_says_how(deepl_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["glossary", "import", str(deepl_file), "--output", "x.tsv"])
    assert result.exit_code == ExitStatus.ERROR and "--from and --to" in result.stderr
    assert not (tmp_path / "x.tsv").exists()


# DeepL's form that names its languages (what the DeepL app exports), two pairs in one file, pt-BR as written
MULTI = ('NATO,OTAN,EN,PT-BR\n"NATO-Russia Council","Conselho OTAN-Rússia",en,pt-BR\nNATO,ОТАН,en,ru\n'
         'Kremlin,Кремль,en,ru,0.93\nOTAN,NATO,pt-BR,en\n')


@pytest.fixture
def multi_file(tmp_path):
    path = tmp_path / "deepl-multilingual.csv"
    path.write_text(MULTI, encoding="utf-8")
    return path


def test_four_column_multi_pair_file_is_read_without_options(multi_file):
    """The file the issue says was refused ("unknown language code 'NATO' in the header")."""
    glossary = read_csv(multi_file)
    assert (glossary.source_language, glossary.languages) == ("en", ["pt-BR", "ru"])
    assert {t.source: t.targets for t in glossary.terms} == {
        "NATO": {"pt-BR": "OTAN", "ru": "ОТАН"}, "NATO-Russia Council": {"pt-BR": "Conselho OTAN-Rússia"},
        "Kremlin": {"ru": "Кремль"}}
    assert glossary.warnings == [f"{multi_file}: 1 lines of pt-BR→en left out (the import is en→any; choose with "
                                 "--from and --to)"]
    only = read_deepl_csv(multi_file, None, "pt")  # --to keeps one pair; the line's pt-BR stays the column
    assert only.languages == ["pt-BR"] and [t.source for t in only.terms] == ["NATO", "NATO-Russia Council"]
    reverse = read_deepl_csv(multi_file, "pt-BR", None)
    assert (reverse.source_language, reverse.languages, reverse.terms[0].targets) == ("pt", ["en"], {"en": "NATO"})


def test_a_term_that_is_a_language_code_does_not_make_a_header(tmp_path):
    (tmp_path / "it.csv").write_text("it,isso,en,pt-BR\nNATO,OTAN,en,pt-BR\n", encoding="utf-8")
    assert [t.targets for t in read_csv(tmp_path / "it.csv").terms] == [{"pt-BR": "isso"}, {"pt-BR": "OTAN"}]
    (tmp_path / "table.csv").write_text("en,pt,ru,es\nNATO,OTAN,НАТО,OTAN\n", encoding="utf-8")
    assert read_csv(tmp_path / "table.csv").languages == ["pt", "ru", "es"]  # the editors' table


def test_deepl_export_is_plain_and_round_trips(multi_file, tmp_path):
    """Multi-pair export in DeepL's 4-column form, pt-BR as written; none of the tool's '=' or 'A | B'."""
    glossary = read_csv(multi_file)
    glossary.terms[0].synonyms = {"pt-BR": ["Aliança Atlântica"], "en": ["North Atlantic Treaty Organization"]}
    glossary.terms.append(Term("RFE/RL", {"pt-BR": KEEP, "ru": KEEP}))
    count = write_deepl_csv(glossary, tmp_path / "out.csv")
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert "|" not in text and ",=" not in text and count == len(text.splitlines()) == 8
    assert text.splitlines()[:2] == ["NATO,OTAN,en,pt-BR", "North Atlantic Treaty Organization,OTAN,en,pt-BR"]
    assert "RFE/RL,RFE/RL,en,ru" in text.splitlines()
    back = read_csv(tmp_path / "out.csv")
    assert back.languages == ["pt-BR", "ru"] and back.find("RFE/RL").targets == {"pt-BR": KEEP, "ru": KEEP}
    write_deepl_csv(glossary, tmp_path / "pt.csv", "pt")  # one pair: two columns; pt is served by pt-BR
    assert (tmp_path / "pt.csv").read_text(encoding="utf-8").splitlines()[0] == "NATO,OTAN"


def test_cli_import_of_a_two_column_file_needs_both_languages(deepl_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["glossary", "import", str(deepl_file), "--to", "pt", "--output", "x.tsv"])
    assert result.exit_code == ExitStatus.ERROR and "names no languages; import the file with --from and --to" \
        in result.stderr


def test_cli_export_deepl_without_to_writes_every_pair(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "two.tsv").write_text("en\tpt-BR\tru\nNATO\tOTAN | Aliança\tНАТО\nRFE/RL\t=\t\n", encoding="utf-8")
    result = runner.invoke(app, ["glossary", "export", "--format", "deepl", "--output", "x.csv", "two.tsv"])
    assert result.exit_code == ExitStatus.OK and "3 entries written to x.csv" in result.stdout
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").splitlines() == [
        "NATO,OTAN,en,pt-BR", "RFE/RL,RFE/RL,en,pt-BR", "NATO,НАТО,en,ru"]
