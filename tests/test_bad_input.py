from __future__ import annotations

import pytest

from translator.errors import (
    BinaryInput,
    EmptyInput,
    EncodingError,
    InputNotFound,
    LanguageDetectionError,
    ReaderError,
    UnknownLanguage,
)
from translator.readers import read_article

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
    path.write_bytes(b"Headline\n\nBad byte \x98 here and \xff\xfe more text in the story.\n")
    with pytest.raises(EncodingError, match="re-save the file as UTF-8"):
        read_article(path)


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
