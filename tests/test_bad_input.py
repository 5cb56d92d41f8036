from __future__ import annotations

import pytest

from translator.errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputNotFound,
    InputTooLarge,
    LanguageDetectionError,
    ReaderError,
    UnknownLanguage,
)
from translator.readers import read_article
from translator.readers.decode import read_text

STORY = "Headline Of A Story\n\nThe minister said the talks would go on for another week in the capital.\n"


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFound, match="no such file"):
        read_article(tmp_path / "nope.txt")


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyInput, match=f"{path}: the file is empty"):
        read_article(path)


def test_binary_file(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(BinaryInput, match="looks binary"):
        read_article(path)


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + STORY.encode())
    article = read_article(path, language="en")
    assert article.blocks[0].text == "Headline Of A Story" and not article.warnings


def test_cp1251_is_read_with_a_warning(tmp_path):
    path = tmp_path / "ru.txt"
    text = "Заголовок статьи\n\nМинистр иностранных дел России Сергей Лавров заявил, что переговоры продолжатся.\n"
    path.write_bytes(text.encode("cp1251"))
    article = read_article(path)
    assert article.language == "ru"
    assert article.blocks[1].text.startswith("Министр иностранных дел")
    assert len(article.warnings) == 1 and "cp1251" in article.warnings[0] and f"{path}:1" in article.warnings[0]


def test_undecodable_file(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Headline\n\n" + bytes(range(128, 256)) * 4)
    with pytest.raises(EncodingError, match=f"{path}: not UTF-8 nor any charset we can tell .*re-save it as UTF-8"):
        read_article(path)


LATIN_1 = ("Talks in São Paulo\n\nThe ministers met in São Paulo on Monday to discuss trade, "
           "security and the coming elections.\n")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_latin_1_reads_as_latin_1_and_says_so(tmp_path, encoding):
    path = tmp_path / "sp.txt"
    path.write_bytes(LATIN_1.encode(encoding))
    article = read_article(path, language="en")
    assert article.blocks[0].text == "Talks in São Paulo"
    assert "São Paulo on Monday" in article.blocks[1].text
    assert article.warnings == [f"{path}:1: not UTF-8; read as cp1252 (Windows Western European, a superset of "
                                "Latin-1): check the text, re-save as UTF-8"]


@pytest.mark.parametrize("text, encoding, language, charset", [
    ("Señor Peña pagó £5 por ½ kilo en São Paulo.\n\nLa reunión en São Paulo terminó con un acuerdo.\n",
     "latin-1", None, "cp1252"),
    ("Señor Peña pagó £5 por ½ kilo en São Paulo.\n\nLa reunión terminó.\n", "latin-1", "es", "cp1252"),
    ("Talks in São Paulo\n\nThe ministers met in São Paulo on Monday.\n", "cp1252", "en", "cp1252"),
    ("Wybory w Łodzi\n\nMinister powiedział, że rozmowy będą kontynuowane.\n", "cp1250", None, "cp1250"),
    ("Volby v Českých Budějovicích\n\nMinistr řekl, že jednání budou pokračovat příští týden.\n", "cp1250", "cs",
     "cp1250"),
    ("Выборы в Москве\n\nМинистр заявил, что переговоры продолжатся.\n", "cp1251", None, "cp1251"),
    ("Выборы в Москве\n\nМинистр иностранных дел заявил, что переговоры продолжатся.\n", "koi8_r", None, "koi8_r"),
    ("Rinkimai Vilniuje\n\nUžsienio reikalų ministras pareiškė, kad derybos tęsis kitą savaitę.\n", "cp1257", None,
     "cp1257"),
    ("انتخابات\n\nقال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل.\n", "cp1256", None, "cp1256"),
    ("Εκλογές στην Αθήνα\n\nΟ υπουργός είπε ότι οι συνομιλίες θα συνεχιστούν.\n", "cp1253", None, "cp1253"),
    ("Türkiye'de seçimler\n\nBakan, görüşmelerin gelecek hafta süreceğini söyledi.\n", "cp1254", None, "cp1254"),
])
def test_legacy_charset_of_the_text_language(tmp_path, text, encoding, language, charset):
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode(encoding))
    read, warnings = read_text(path, language)
    assert read == text
    assert len(warnings) == 1 and f"read as {charset} " in warnings[0] and str(path) in warnings[0]


def test_central_european_text_is_not_read_as_western(tmp_path):
    path = tmp_path / "pl.txt"
    text = "Wybory w Łodzi\n\nMinister powiedział, że rozmowy będą kontynuowane w przyszłym tygodniu.\n"
    path.write_bytes(text.encode("cp1250"))
    article = read_article(path, language="pl")
    assert article.blocks[1].text.startswith("Minister powiedział, że rozmowy będą")
    assert "cp1250" in article.warnings[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf_16_and_32_with_a_byte_order_mark(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    bom = {"utf-16-le": "\ufeff", "utf-16-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + LATIN_1).encode(encoding))
    article = read_article(path, language="en")
    assert article.blocks[0].text == "Talks in São Paulo" and not article.warnings


def test_utf_16_without_a_mark_is_binary_with_a_hint(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(LATIN_1.encode("utf-16-le"))
    with pytest.raises(BinaryInput, match="UTF-16 text needs its byte-order mark"):
        read_article(path)


@pytest.mark.parametrize("offset", [0, 9000, 100_000])
def test_a_nul_anywhere_is_binary(tmp_path, offset):
    path = tmp_path / "late.txt"
    body = (STORY * 2000).encode()
    path.write_bytes(body[:offset] + b"\x00" + body[offset:])
    with pytest.raises(BinaryInput, match=f"a NUL at byte {offset}"):
        read_article(path, language="en")


def test_a_nul_inside_utf_16_text_is_binary(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes(("\ufeff" + STORY + "\x00 tail").encode("utf-16-le"))
    with pytest.raises(BinaryInput, match="a NUL at character"):
        read_article(path, language="en")


def test_article_over_the_size_limit_is_a_named_error(tmp_path, monkeypatch):
    from translator.readers import decode

    monkeypatch.setattr(decode, "MAX_ARTICLE_CHARS", 1000)
    path = tmp_path / "dump.txt"
    path.write_text(STORY * 20, encoding="utf-8")
    with pytest.raises(InputTooLarge, match=f"{path}: {len(STORY * 20):,} characters is more than one article"):
        read_article(path, language="en")


def test_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from translator.readers import decode

    monkeypatch.setattr(decode, "MAX_ARTICLE_CHARS", 100)
    path = tmp_path / "dump.txt"
    path.write_bytes(b"x" * 401)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("the file was read"))
    with pytest.raises(InputTooLarge, match="401 bytes is more than one article can be .*about 2 MB of text"):
        read_article(path, language="en")


@pytest.mark.parametrize("line", [
    " ".join(["the minister said talks would go on"] * 2900),   # 104,399 characters, no full stop
    "x" * 100_000,                                              # one endless word
    "talks, " * 15_000,                                         # clauses
], ids=["words", "one-word", "clauses"])
def test_a_100_000_character_line_reads_into_bounded_units(tmp_path, line):
    from translator.text.segment import MAX_UNIT_CHARS

    path = tmp_path / "long.txt"
    path.write_text("Headline Of The Story\n\n" + line + "\n", encoding="utf-8")
    article = read_article(path, language="en")
    sentences = [s for block in article.blocks for s in block.sentences]
    assert max(len(s) for s in sentences) <= MAX_UNIT_CHARS
    assert sum(len(s) for s in sentences) >= len(line.strip()) - len(sentences)  # nothing lost but the cut spaces


def test_only_boilerplate(tmp_path):
    path = tmp_path / "chrome.txt"
    path.write_text("Accessibility links\n\nBreaking News\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="no article text"):
        read_article(path, language="en")


def test_unknown_language_code(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    with pytest.raises(UnknownLanguage, match="unknown language code 'xx'"):
        read_article(path, language="xx")


def test_too_little_text_to_detect(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Hi\n\nOk.\n", encoding="utf-8")
    with pytest.raises(LanguageDetectionError, match="source = "):
        read_article(path)


def test_mixed_language_is_an_error(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_text(
        "Talks Go On\n\nThe ministers met in Brussels on Monday to discuss missile defense and security.\n\n"
        "Министры встретились в Брюсселе в понедельник, чтобы обсудить противоракетную оборону.\n\n"
        "Les ministres se sont réunis lundi à Bruxelles pour discuter de la défense antimissile.\n",
        encoding="utf-8")
    with pytest.raises(LanguageDetectionError, match="mixed or uncertain language"):
        read_article(path)


def test_detection_is_deterministic(sample):
    results = {read_article(sample).language_confidence for _ in range(3)}
    assert len(results) == 1


@pytest.mark.parametrize(("sentence", "limit", "pieces"), [
    ("one two three four", 9, ["one two", "three", "four"]),
    ("alpha beta, gamma delta epsilon", 20, ["alpha beta,", "gamma delta epsilon"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("short enough", 12, ["short enough"]),
])
def test_bound_length_cuts_at_the_last_break_before_the_limit(sentence, limit, pieces):
    from translator.text.segment import bound_length

    assert bound_length(sentence, limit) == pieces


# --- exit codes ---------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_project(project, monkeypatch):
    from conftest import write_job

    monkeypatch.chdir(project)
    write_job(project, 'targets = ["ru"]\nformats = ["md"]\n')
    return project


def test_interrupted_run_exits_130(cli_project, monkeypatch):
    from typer.testing import CliRunner

    from translator.cli import app
    from translator.errors import ExitStatus
    from translator.run import pipeline

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "run", interrupted)
    result = CliRunner().invoke(app, ["run", "-q"])
    assert result.exit_code == ExitStatus.INTERRUPTED == 130
    assert "Interrupted; files already published are complete" in result.stderr


def test_failure_after_publishing_exits_partial(cli_project, monkeypatch):
    from typer.testing import CliRunner

    from translator.cli import app
    from translator.errors import ExitStatus, PartiallyPublished
    from translator.run import pipeline

    def fails_late(*args, **kwargs):
        raise PartiallyPublished("published 2 files, then: output/report.json: write failed")

    monkeypatch.setattr(pipeline, "run", fails_late)
    result = CliRunner().invoke(app, ["run", "-q"])
    assert result.exit_code == ExitStatus.PARTIAL
    assert result.stderr == "Error: published 2 files, then: output/report.json: write failed\n"


TITLE_ATTACK = "\x1b]0;owned\x07\x1b]52;c;cm0gLXJmIH4=\x07\x9b2J"


@pytest.mark.parametrize("name, content", [
    ("raw.txt", f"Talks in Brussels {TITLE_ATTACK}\n\n{LATIN_1}"),
    ("raw.md", f"# Talks in Brussels {TITLE_ATTACK}\n\n{LATIN_1}"),
    ("entity.html", "<html><body><h1>Talks in Brussels &#27;]0;owned&#7; &#x9b;2J</h1><p>The ministers met in "
                    "Brussels on Monday to discuss trade, security and the coming elections.</p></body></html>"),
    ("escaped.json", '{"title": "Talks in Brussels \\u001b]0;owned\\u0007 \\u009b2J", "blocks": [{"type": "p", '
                     '"text": "The ministers met in Brussels on Monday to discuss trade and security."}]}'),
])
def test_terminal_sequences_never_reach_the_article(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    article = read_article(path, language="en")
    texts = [b.text for b in article.blocks] + [s for b in article.blocks for s in b.sentences]
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for text in texts for ch in text), texts
    assert article.blocks[0].text.startswith("Talks in Brussels")
    if name.startswith("raw"):
        assert any(f"{path}:1: " in w and "control characters" in w and "removed" in w for w in article.warnings)
