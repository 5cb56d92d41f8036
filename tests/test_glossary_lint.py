from __future__ import annotations

import pytest

from translator.glossary.lint import lint_files


@pytest.mark.parametrize("content, finding", [
    ("en\tru\nNATO\tНАТО\nNATO\tНАТО\n", "duplicate term 'NATO'"),
    ("en\tru\tuk\nNATO\t\t\n", "has no translation in any language (empty row)"),
    ("en\tru\nNATO \tНАТО\n", "leading or trailing space in 'NATO '"),
    ("en\tpt\nLavrov\tLavrov\n", "repeats the source; write '='"),
    ("en\tru\nNATO\tНАТО\nNATO-Russia Council\tСовет Россия–ОТАН\n",
     "does not contain 'НАТО', the form of 'NATO' inside it"),
    ("en\tpt-BR\nNATO\tOTAN | Aliança Atlântica | !Aliança Atlântica\n",
     "[pt-BR] 'Aliança Atlântica' is both accepted and forbidden; keep one"),
])
def test_lint_case(tmp_path, content, finding):
    path = tmp_path / "g.tsv"
    path.write_text(content, encoding="utf-8")
    findings = lint_files([path])
    assert any(finding in f for f in findings), findings


def test_conflicting_rows_across_files(tmp_path):
    (tmp_path / "a.tsv").write_text("en\tru\nKerry\tКерри\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("en\tru\nKerry\tКэрри\n", encoding="utf-8")
    findings = lint_files([tmp_path / "a.tsv", tmp_path / "b.tsv"])
    assert len(findings) == 1 and "conflicts with 'Керри'" in findings[0]


def test_unknown_language_is_an_error(tmp_path):
    from translator.errors import GlossaryError

    (tmp_path / "g.tsv").write_text("en\tqq\nNATO\tX\n", encoding="utf-8")
    with pytest.raises(GlossaryError, match="unknown language code 'qq'"):
        lint_files([tmp_path / "g.tsv"])


def test_shipped_glossary_is_clean():
    from conftest import ROOT

    assert lint_files(sorted((ROOT / "glossaries").glob("*.tsv"))) == []


def test_regional_columns_and_forbidden_forms_are_clean(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("en\tpt-BR\tzh-TW\nNATO\tOTAN | !Aliança Atlântica\t北約\n", encoding="utf-8")
    assert lint_files([path]) == []


def test_show_names_synonyms_and_forbidden_forms(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from translator.cli import app

    (tmp_path / "glossaries").mkdir()
    (tmp_path / "glossaries" / "g.tsv").write_text(
        "en\tpt-BR\tes\tnote\nNATO\tOTAN | Organização do Tratado | !Aliança Atlântica\tOTAN\talliance\n",
        encoding="utf-8")
    (tmp_path / "translator.toml").write_text('targets = ["pt-BR", "es"]\nglossaries = ["glossaries/g.tsv"]\n',
                                              encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    show = CliRunner().invoke(app, ["glossary", "show", "NATO"])
    assert show.exit_code == 0, show.output
    assert "pt-BR: OTAN   (Organização do Tratado; not Aliança Atlântica)" in show.stdout
    assert "es: OTAN\n" in show.stdout and "note: alliance" in show.stdout
