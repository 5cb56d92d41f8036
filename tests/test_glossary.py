from __future__ import annotations

import os
import re

import pytest

from translator.errors import GlossaryError
from translator.glossary import load_glossaries
from translator.glossary.formats import read_csv, read_deepl_csv, read_tsv, write_csv, write_tsv
from translator.glossary.match import Matcher, merge_split_terms
from translator.glossary.model import Glossary, Term
from translator.glossary.tbx import read_tbx, write_tbx

TSV = """# test glossary
en\tru\tpt\tnote\tcase
NATO\tНАТО\tOTAN\talliance\t
NATO-Russia Council\tСовет Россия–НАТО\tConselho OTAN-Rússia\t\t
Lavrov\tЛавров\t=\t\t
Kerry\tКерри\t=\t\t
U.S. Secretary of State\tгоссекретарь США\tsecretário de Estado dos EUA\t\t
missile defense\tПРО\tdefesa antimíssil\t\t
dpa\t=\t=\t\texact
RFE/RL\t=\t\t\t
"""


@pytest.fixture
def glossary(tmp_path) -> Glossary:
    path = tmp_path / "g.tsv"
    path.write_text(TSV, encoding="utf-8")
    return load_glossaries([path])


def found(glossary, text):
    return [(m.term.source, m.text) for m in Matcher(glossary).find(text)]


def test_tsv_model(glossary):
    assert glossary.source_language == "en" and glossary.languages == ["ru", "pt"]
    assert glossary.find("Lavrov").target("pt") == "Lavrov"  # "=" keeps the source form
    assert glossary.find("RFE/RL").target("pt") is None      # empty: no entry
    assert glossary.find("NATO").case == "exact" and glossary.find("Lavrov").case == "sensitive"
    assert glossary.find("missile defense").case == "insensitive" and glossary.find("dpa").case == "exact"
    assert glossary.checksum.startswith("sha256:")


def test_longest_match_wins(glossary):
    assert found(glossary, "The NATO-Russia Council met; NATO said so.") == [
        ("NATO-Russia Council", "NATO-Russia Council"), ("NATO", "NATO")]


@pytest.mark.parametrize("text, expected", [
    ("ANATOLIA and NATOS are not it.", []),
    ("nato is lower case here.", []),                      # acronyms are exact
    ("kerry and lavrov in lower case.", []),               # names are case-sensitive
    ("Missile defense came up.", [("missile defense", "Missile defense")]),  # common nouns: any case
    ("NATO's plan and Lavrov's reply.", [("NATO", "NATO"), ("Lavrov", "Lavrov")]),
    ("A NATO-led mission.", [("NATO", "NATO")]),
    ("LAVROV MEETS KERRY AT NATO", [("Lavrov", "LAVROV"), ("Kerry", "KERRY"), ("NATO", "NATO")]),
    ("DPA reported it.", []),                              # case column says exact
    ("The U.S. Secretary of State spoke.", [("U.S. Secretary of State", "U.S. Secretary of State")]),
])
def test_matching_rules(glossary, text, expected):
    assert found(glossary, text) == expected


def test_term_is_never_split_across_sentences(glossary):
    matcher = Matcher(glossary)
    assert merge_split_terms(["He met the U.S.", "Secretary of State on Monday.", "Then he left."], matcher) == [
        "He met the U.S. Secretary of State on Monday.", "Then he left."]
    assert merge_split_terms(["NATO met.", "Lavrov left."], matcher) == ["NATO met.", "Lavrov left."]


@pytest.mark.parametrize("content, message", [
    ("en\tru\nNATO\tНАТО\textra\tcells\n", ":2: 4 cells but the header has 2 columns"),
    ("en\txx\nNATO\tНАТО\n", ":1: unknown language code 'xx'"),
    ("en\tru\tcase\nNATO\tНАТО\tloud\n", ":2: case must be one of"),
    ("en\tru\n\tНАТО\n", ":2: the source term (en) is empty"),
    ("en\nNATO\n", ":1: the header needs a source and at least one target"),
    ("# only a comment\n", "empty glossary"),
])
def test_malformed_tsv_names_the_line(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=re.escape(message)) as info:
        read_tsv(path)
    assert str(info.value).startswith(str(path))


def test_tbx_round_trip_keeps_every_term(glossary, tmp_path):
    write_tbx(glossary, tmp_path / "g.tbx")
    back = read_tbx(tmp_path / "g.tbx")
    write_tsv(back, tmp_path / "again.tsv")
    again = read_tsv(tmp_path / "again.tsv")
    write_tbx(again, tmp_path / "again.tbx")
    final = read_tbx(tmp_path / "again.tbx")

    def table(g):
        return {(t.source, lang, t.targets.get(lang, ""), t.case, t.note) for t in g.terms for lang in ("ru", "pt")}

    assert table(final) == table(glossary)
    assert len(final.terms) == len(glossary.terms) == 8


def test_csv_round_trip(glossary, tmp_path):
    write_csv(glossary, tmp_path / "g.csv")
    back = read_csv(tmp_path / "g.csv")
    assert [(t.source, t.targets) for t in back.terms] == [(t.source, t.targets) for t in glossary.terms]


def test_later_file_wins_with_warning(tmp_path):
    (tmp_path / "a.tsv").write_text("en\tpt\nNATO\tOTAN\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("en\tpt\nNATO\tNATO (OTAN)\n", encoding="utf-8")
    merged = load_glossaries([tmp_path / "a.tsv", tmp_path / "b.tsv"])
    assert merged.find("NATO").target("pt") == "NATO (OTAN)"
    assert len(merged.warnings) == 1 and "overrides 'OTAN'" in merged.warnings[0]


def test_ten_thousand_terms_build_and_match(tmp_path):
    terms = [Term(source=f"Term{i} Name", targets={"ru": f"Т{i}"}) for i in range(10_000)]
    matcher = Matcher(Glossary("en", terms, ["ru"]))
    assert [m.term.source for m in matcher.find("Here Term42 Name met Term9999 Name.")] == [
        "Term42 Name", "Term9999 Name"]


SYNONYMS = "en\tpt\tru\nNATO | North Atlantic Treaty Organization\tOTAN |  Aliança Atlântica \tНАТО\n"


def test_a_cell_holds_the_preferred_form_and_its_synonyms(tmp_path):
    (tmp_path / "s.tsv").write_text(SYNONYMS, encoding="utf-8")
    glossary = read_tsv(tmp_path / "s.tsv")
    nato = glossary.find("NATO")
    assert nato.targets == {"pt": "OTAN", "ru": "НАТО"}
    assert nato.forms("pt") == ["OTAN", "Aliança Atlântica"] and nato.forms("ru") == ["НАТО"]
    assert nato.alternatives("en") == ["North Atlantic Treaty Organization"] and nato.forms("fa") == []
    write_tsv(glossary, tmp_path / "again.tsv")
    assert (tmp_path / "again.tsv").read_text(encoding="utf-8").splitlines()[1] == (
        "NATO | North Atlantic Treaty Organization\tOTAN | Aliança Atlântica\tНАТО\t\texact")


@pytest.mark.parametrize("translation, found_form", [
    ("A OTAN reuniu-se.", "OTAN"),
    ("A Aliança Atlântica reuniu-se.", "Aliança Atlântica"),   # an admitted synonym counts
    ("A aliança reuniu-se.", None),
])
def test_check_accepts_synonyms(tmp_path, translation, found_form):
    from translator.glossary.check import find_term

    (tmp_path / "s.tsv").write_text(SYNONYMS, encoding="utf-8")
    nato = read_tsv(tmp_path / "s.tsv").find("NATO")
    assert find_term(translation, nato.target("pt"), "pt", alternatives=nato.alternatives("pt")) == found_form


@pytest.mark.parametrize("header, languages, lookups", [
    # tags kept as written (letter case made canonical); a lookup falls back to the plain language, and a plain
    # language finds the one column that narrows it in its script
    ("en-US\tpt-BR\tru", ("en", ["pt-BR", "ru"]), {"pt-BR": "x", "pt": "x", "pt-PT": None, "ru": "y"}),
    ("en\tpt-BR\tpt-PT", ("en", ["pt-BR", "pt-PT"]), {"pt-BR": "x", "pt-PT": "y", "pt": None}),
    ("en_us\tzh-hant\tzh-Hans", ("en", ["zh-Hant", "zh-Hans"]),
     {"zh-TW": "x", "zt": "x", "zh": "y"}),
    ("en\tzh-TW\tpt", ("en", ["zh-TW", "pt"]), {"zh-TW": "x", "zt": "x", "zh": None, "pt-BR": "y"}),
])
def test_region_and_script_tags_in_the_header(tmp_path, header, languages, lookups):
    (tmp_path / "r.tsv").write_text(f"{header}\nbus\tx\ty\n", encoding="utf-8")
    glossary = read_tsv(tmp_path / "r.tsv")
    assert (glossary.source_language, glossary.languages) == languages
    assert list(glossary.terms[0].targets) == languages[1]
    assert {tag: glossary.terms[0].target(tag) for tag in lookups} == lookups
    write_tsv(glossary, tmp_path / "back.tsv")  # exported back as written
    assert (tmp_path / "back.tsv").read_text(encoding="utf-8").split("\t")[:3] == [
        header.split("\t")[0].replace("_us", "-US"), *languages[1]]


def test_an_empty_regional_cell_falls_back_to_the_plain_language(tmp_path):
    (tmp_path / "g.tsv").write_text("en\tpt\tpt-BR\tpt-PT\nNATO\tOTAN\t\tNATO-PT\nKremlin\t\tKremlin-BR\t\n",
                                    encoding="utf-8")
    nato, kremlin = read_tsv(tmp_path / "g.tsv").terms
    assert (nato.target("pt-BR"), nato.target("pt-PT"), nato.target("pt")) == ("OTAN", "NATO-PT", "OTAN")
    assert (kremlin.target("pt-BR"), kremlin.target("pt-PT"), kremlin.target("pt")) == ("Kremlin-BR", None, None)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name, reader", [("terms.tsv", read_tsv), ("terms.csv", read_csv),
                                          ("deepl.csv", read_deepl_csv), ("terms.tbx", read_tbx)])
def test_a_named_pipe_is_refused_before_it_is_read(tmp_path, name, reader):
    pipe = tmp_path / name
    os.mkfifo(pipe)  # read, it would wait for a writer for ever
    with pytest.raises(GlossaryError, match=rf"{re.escape(name)}: not a regular file \(a device, pipe or socket\)"):
        reader(pipe)


def test_a_line_separator_pasted_in_a_tsv_cell_stays_in_its_row(tmp_path):
    path = tmp_path / "pasted.tsv"
    path.write_text("en\tfr\tnote\nengine\tmo\u2028teur\t\ncar\tvoiture\x85x\tvehicle\n", encoding="utf-8")
    glossary = read_tsv(path)
    assert [(t.source, t.targets["fr"], t.note) for t in glossary.terms] == [
        ("engine", "mo\u2028teur", ""), ("car", "voiture\x85x", "vehicle")]
    assert glossary.terms[1].origin.endswith("pasted.tsv:3")  # the line numbers are the editor's
    path.write_bytes(b"en\tfr\rengine\tmoteur\r")  # old Mac Excel's "tab delimited text": CR line ends
    assert [(t.source, t.targets["fr"]) for t in read_tsv(path).terms] == [("engine", "moteur")]


@pytest.mark.parametrize("source, target, message", [
    ("Yahoo", "!Yahoo", "the form '!Yahoo' starts with '!', which a cell reads as a forbidden form"),
    ("A | B", "A ou B", "the form 'A | B' holds '|', which a cell reads as a synonym separator"),
    ("#hashtag", "#mot-dièse", "the source term '#hashtag' starts with '#', which a TSV or CSV row reads as a "
     "comment"),
    ("tab", "x\ty", "the form 'x\\ty' holds a tab or line break"),
])
def test_a_term_the_table_syntax_would_change_is_refused_not_rewritten(tmp_path, source, target, message):
    glossary = Glossary(source_language="en", languages=["fr"])
    glossary.terms.append(Term(source=source, targets={"fr": target}, origin="terms.tbx#c1"))
    for writer, name in ((write_tsv, "out.tsv"), (write_csv, "out.csv")):
        with pytest.raises(GlossaryError, match=re.escape(f"terms.tbx#c1: {message}")):
            writer(glossary, tmp_path / name)
        assert not (tmp_path / name).exists()


def test_a_forbidden_form_starting_with_the_mark_round_trips(tmp_path):
    path = tmp_path / "marks.tsv"
    path.write_text("en\tfr\tnote\nmotor\tmoteur | !!x\t\n", encoding="utf-8")
    write_tsv(read_tsv(path), tmp_path / "again.tsv")
    assert read_tsv(tmp_path / "again.tsv").terms[0].forbidden == {"fr": ["!x"]}
