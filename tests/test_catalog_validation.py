"""Catalogs a human broke in ways msgfmt rejects are named errors, never accepted."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from translator.errors import CatalogError
from translator.memory.read import PLURAL_FORMS, load_catalog


def po(plural_forms: str, body: str) -> str:
    return (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Language: ru\\n"\n"Plural-Forms: {plural_forms}\\n"\n\n{body}'
    )


RU = PLURAL_FORMS["ru"]

# name -> (catalog text, what the error must say)
BROKEN = {
    "duplicate-msgid": (
        po(RU, 'msgctxt "story/paragraph"\nmsgid "Talks go on."\nmsgstr "Переговоры идут."\n\n'
               'msgctxt "story/paragraph"\nmsgid "Talks go on."\nmsgstr "Переговоры продолжаются."\n'),
        r":12: duplicate msgid 'Talks go on.' \(msgctxt 'story/paragraph'\), first at line 8; keep one"),
    "plural-forms-syntax": (
        po("nplurals=3; plural=(n%10==1 ? 0 : 1;", 'msgid "Talks go on."\nmsgstr "Переговоры идут."\n'),
        r":6: broken Plural-Forms expression '\(n%10==1 \? 0 : 1' .*write e.g. \"Plural-Forms: nplurals=2"),
    "plural-forms-shape": (
        po("nplurals=three; plural=n;", 'msgid "Talks go on."\nmsgstr "Переговоры идут."\n'),
        r":6: broken Plural-Forms header 'nplurals=three; plural=n;'"),
    "plural-forms-range": (
        po("nplurals=2; plural=n;", 'msgid "Talks go on."\nmsgstr "Переговоры идут."\n'),
        r":6: Plural-Forms has nplurals=2 but its expression gives 999"),
    "c-format-type": (
        po(RU, '#, c-format\nmsgid "%d killed in %s"\nmsgstr "%s: убито %s"\n'),
        r":8: msgstr '%s: убито %s' does not use the format directives of msgid '%d killed in %s'"),
    "c-format-missing": (
        po(RU, '#, c-format\nmsgid "%d killed in %s"\nmsgstr "убито %d"\n'),
        r":8: msgstr 'убито %d' does not use the format directives"),
    "c-format-extra": (
        po(RU, '#, c-format\nmsgid "%d killed"\nmsgstr "убито %d в %s"\n'),
        r":8: msgstr 'убито %d в %s' does not use the format directives"),
    "c-format-invalid-msgstr": (
        po(RU, '#, c-format\nmsgid "up 5 points"\nmsgstr "рост на 5%y"\n'),
        r":8: msgstr 'рост на 5%y' is no valid C format string, unlike its msgid; write %% for a percent sign"),
    "invalid-escape": (
        po(RU, 'msgid "Talks go on."\nmsgstr "Переговоры\\q идут."\n'),
        r":9:19: invalid escape '\\\\q' in a string \(msgfmt refuses it\); write"),
    "plural-entry-against-nplurals": (
        po(RU, 'msgid "%d person"\nmsgid_plural "%d people"\nmsgstr[0] "один"\nmsgstr[1] "два"\n'),
        r":8: plural entry '%d person' has 2 forms \(msgstr\[0\]\[1\]\) but the header's Plural-Forms says "
        r"nplurals=3; write msgstr\[0\] to msgstr\[2\]"),
    "plural-entry-too-many": (
        po("nplurals=2; plural=(n != 1);",
           'msgid "%d person"\nmsgid_plural "%d people"\nmsgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\n'),
        r":8: plural entry '%d person' has 3 forms .* says nplurals=2"),
    "byte-order-mark": (
        "\ufeff" + po(RU, 'msgid "Talks"\nmsgstr "Переговоры"\n'),
        r":1: starts with a UTF-8 byte-order mark, which msgfmt refuses; save the file as UTF-8 without a BOM"),
    "obsolete-twin": (
        po(RU, 'msgid "Talks"\nmsgstr "Переговоры"\n\n#~ msgid "Talks"\n#~ msgstr "Беседы"\n'),
        r":11: duplicate msgid 'Talks', first at line 8; keep one"),
}

VALID = {
    "reordered": po(RU, '#, c-format\nmsgid "%d killed in %s"\nmsgstr "В %2$s убито %1$d"\n'),
    "percent-sign": po(RU, '#, c-format\nmsgid "up 5%% in %s"\nmsgstr "рост на 5%% в %s"\n'),
    "fuzzy-mismatch": po(RU, '#, fuzzy, c-format\nmsgid "%d killed"\nmsgstr "убито"\n'),
    "same-msgid-other-context": po(
        RU, 'msgctxt "a/headline"\nmsgid "Talks"\nmsgstr "Переговоры"\n\n'
            'msgctxt "b/headline"\nmsgid "Talks"\nmsgstr "Переговоры"\n'),
    "msgid-no-format-string": po(RU, '#, c-format\nmsgid "up 5%y"\nmsgstr "рост 5%"\n'),
    "plural-count-left-out": po(  # form 0 serves n == 1 alone, so it may leave the number out
        "nplurals=2; plural=(n != 1);",
        '#, c-format\nmsgid "%d person"\nmsgid_plural "%d people"\nmsgstr[0] "один человек"\nmsgstr[1] "%d человек"\n'),
    "no-c-format-flag": po(RU, 'msgid "%d killed"\nmsgstr "убито"\n'),
    "valid-escapes": po(RU, 'msgid "Talks"\nmsgstr "\\"Пере\\\\говоры\\" \\t"\n'),
}
# What a reviewer's paste puts inside a string: gettext, msgfmt and polib take them as characters, not line ends.
LINE_SEPARATORS = ["\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1c"]
for _separator in LINE_SEPARATORS:
    VALID[f"separator-{ord(_separator):04x}"] = po(RU, f'msgid "Talks"\nmsgstr "Пере{_separator}говоры"\n')


def write(tmp_path, text: str):
    path = tmp_path / "story.po"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_catalog_is_named_with_file_and_line(tmp_path, name):
    text, message = BROKEN[name]
    path = write(tmp_path, text)
    with pytest.raises(CatalogError, match=f"^{path}{message}"):
        load_catalog(path)


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_catalog_is_accepted(tmp_path, name):
    catalog = load_catalog(write(tmp_path, VALID[name]))
    assert len(catalog) >= 1


@pytest.mark.parametrize("language", sorted(PLURAL_FORMS))
def test_our_own_plural_forms_pass(tmp_path, language):
    catalog = load_catalog(write(tmp_path, po(PLURAL_FORMS[language], 'msgid "Talks"\nmsgstr "x"\n')))
    assert catalog.metadata["Plural-Forms"] == PLURAL_FORMS[language]


def msgfmt_check(path) -> subprocess.CompletedProcess:
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt is not installed (apt-get install gettext): cannot compare with GNU gettext")
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_msgfmt_rejects_what_we_reject(tmp_path, name):
    result = msgfmt_check(write(tmp_path, BROKEN[name][0]))
    assert result.returncode != 0, result.stderr


@pytest.mark.parametrize("name", sorted(VALID))
def test_msgfmt_accepts_what_we_accept(tmp_path, name):
    result = msgfmt_check(write(tmp_path, VALID[name]))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("separator", LINE_SEPARATORS)
def test_line_separator_inside_a_string_is_a_character(tmp_path, separator):
    catalog = load_catalog(write(tmp_path, po(RU, f'msgid "Talks"\nmsgstr "Пере{separator}говоры"\n')))
    assert catalog.find("Talks").msgstr == f"Пере{separator}говоры"


@pytest.mark.parametrize("charset, text", [("ISO-8859-15", "Señor Peña paga 5 € en São Paulo"),
                                           ("ISO-8859-1", "Señor Peña en São Paulo"),
                                           ("KOI8-R", "Переговоры идут")])
def test_catalog_in_its_declared_charset(tmp_path, charset, text):
    path = tmp_path / "story.po"
    path.write_bytes(po(RU, f'msgid "Talks"\nmsgstr "{text}"\n').replace("charset=UTF-8", f"charset={charset}")
                     .encode(charset))
    assert load_catalog(path).find("Talks").msgstr == text


@pytest.mark.parametrize("charset", ["klingon-8", "base64", "rot13", "zlib"])
def test_unknown_charset_is_named(tmp_path, charset):
    path = write(tmp_path, po(RU, 'msgid "Talks"\nmsgstr "x"\n').replace("charset=UTF-8", f"charset={charset}"))
    with pytest.raises(CatalogError, match=f"^{path}:3: the header's charset '{charset}' is no charset we know"):
        load_catalog(path)


def test_bytes_not_in_the_declared_charset_are_named(tmp_path):
    path = tmp_path / "story.po"
    path.write_bytes(po(RU, 'msgid "Talks"\nmsgstr "x"\n').encode() + b'\nmsgid "B"\nmsgstr "\xff\xfe"\n')
    with pytest.raises(CatalogError, match=f"^{path}:12: not UTF-8 text, as the header says"):
        load_catalog(path)
