"""Fuzz harness: every reader, job file, glossary and catalog input ends in success or a named TranslatorError,
never a traceback. Bounded so the whole file runs in well under a minute (FUZZ_EXAMPLES raises the bound)."""

from __future__ import annotations

import os
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from translator.errors import TranslatorError

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
# CI runs a fixed, repeatable set; a longer hunt (FUZZ_EXAMPLES=2000) draws fresh inputs.
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Text near the shapes the parsers expect, so the fuzzer gets past the first check.
WORDS = ["NATO", "talks", "Moscow", "São Paulo", "Переговоры", "مذاکرات", "said", "the", "16x9 Image", "--", "—",
         "# ", "## ", "> ", "![alt](x.png)", "<p>", "</p>", "<h1>", "<script>", "&amp;", "{", "}", "[", "]", '"',
         ":", ",", "\t", "\n", "\n\n", "\r\n", "\ufeff", "\x00", "%d", "%s", "%%", "=", "#", "msgid", "msgstr",
         "msgctxt", "#,", "fuzzy", "c-format", "#~", '""', "\\", "\\n", "nplurals=", "plural=", ";", "en", "ru",
         "(", ")", "?", "n", "1"]
near_text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=20)), max_size=60).map("".join)
any_bytes = st.one_of(
    st.binary(max_size=2000),
    near_text.map(lambda t: t.encode("utf-8")),
    st.tuples(near_text, st.sampled_from(["utf-16", "cp1251", "latin-1", "utf-8-sig"])).map(
        lambda te: te[0].encode(te[1], errors="replace")),
)


def ends_well(call) -> None:
    """Run `call`: success or a TranslatorError subclass passes; anything else fails the test with its traceback."""
    try:
        call()
    except TranslatorError as exc:
        assert str(exc), f"{type(exc).__name__} without a message"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


# --- readers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json", ""])
@FUZZ
@given(data=any_bytes, language=st.sampled_from([None, "en", "ru"]))
def test_reader_never_tracebacks(folder, suffix, data, language):
    from translator.readers import read_article

    path = folder / f"article{suffix}"
    path.write_bytes(data)
    ends_well(lambda: read_article(path, language=language))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | near_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(near_text, inner, max_size=4), max_leaves=12)
cms_blocks = st.lists(st.fixed_dictionaries(
    {}, optional={"type": st.sampled_from(["heading", "paragraph", "quote", "caption", "x"]) | json_values,
                  "text": near_text | json_values}), max_size=5)
cms_export = st.fixed_dictionaries(
    {}, optional={"title": near_text | json_values, "blocks": cms_blocks | json_values,
                  "slug": near_text | json_values, "language": st.sampled_from(["en", "xx", ""]) | json_values})


@FUZZ
@given(document=cms_export | json_values)
def test_cms_json_never_tracebacks(folder, document):
    import json

    from translator.readers import read_article

    path = folder / "export.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    ends_well(lambda: read_article(path, language="en"))


# --- job files ----------------------------------------------------------------------------------------------------

toml_scalar = st.one_of(st.booleans(), st.integers(-5, 2000), near_text, st.sampled_from(
    ["auto", "en", "ru", "zz", "input/*", "glossaries/*.tsv", "md", "pdf", "argos", "apertium", "argos:en-ru", "(",
     "cpu", "tpu", "int8"]))
toml_value = st.recursive(toml_scalar, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["order", "argos", "bergamot", "apertium", "beam_size", "device", "patterns", "text", "ru", "es",
                     "^x", "(", "threads", "timeout"]) | near_text, inner, max_size=4), max_leaves=10)
TOP_KEYS = ["source", "inputs", "targets", "glossaries", "formats", "output", "locales", "engines", "routes",
            "boilerplate", "argos", "pivot"]
job_dicts = st.dictionaries(st.sampled_from(TOP_KEYS) | near_text, toml_value, max_size=8)


@FUZZ
@given(data=job_dicts)
def test_job_dict_never_tracebacks(folder, data):
    from translator.job import job_from_dict

    ends_well(lambda: job_from_dict(data, folder, "translator.toml"))


TOML_PIECES = ["targets = ", "[engines]", "[engines.argos]", "[argos]", "[routes]", "[boilerplate]",
               "[boilerplate.text]", "[boilerplate.text.ru]", "order = ", "beam_size = ", "patterns = ", '"ru"',
               '["ru", "uk"]', "[]", "-3", '"big"', "\n", "=", '"(unclosed" = "x"', "pivot = ", "source = ",
               "glossaries = ", '["none/*.tsv"]', "formats = ", '["pdf"]', "{", "}", "'", '"""']


@FUZZ
@given(text=st.lists(st.sampled_from(TOML_PIECES) | near_text, max_size=30).map("".join) | st.binary(max_size=300))
def test_job_file_never_tracebacks(folder, text):
    from translator.job import load_job

    path = folder / "translator.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", errors="replace"))
    ends_well(lambda: load_job(path))


# --- glossaries ---------------------------------------------------------------------------------------------------

glossary_text = st.lists(st.sampled_from(["en\tru\tnote", "en,ru,case", "en\tru\tuk\tcase", "NATO\tНАТО", "=",
                                          "\t", ",", "\n", "#", "exact", "ru\tru", "xx\tyy", '"', "<tbx>", "</tbx>",
                                          "<termEntry>", '<langSet xml:lang="en">', "<term>", "</term>"])
                         | near_text, max_size=40).map("".join)


@pytest.mark.parametrize("suffix", [".tsv", ".csv", ".tbx"])
@FUZZ
@given(text=glossary_text | st.binary(max_size=500))
def test_glossary_never_tracebacks(folder, suffix, text):
    from translator.glossary import load_glossaries

    path = folder / f"desk{suffix}"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", errors="replace"))
    ends_well(lambda: load_glossaries([path]))


# --- catalogs -----------------------------------------------------------------------------------------------------

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);\\n"\n\n')
po_entry = st.tuples(
    st.sampled_from(["", "#, fuzzy\n", "#, c-format\n", "#~ ", "#. paragraph 3\n", "#: story.txt:4\n"]),
    st.sampled_from(["", 'msgctxt "story/paragraph"\n']),
    st.sampled_from(["%d killed", "Talks", "up 5%", "%s said", "%1$d"]) | st.text(string.printable, max_size=15),
    st.sampled_from(["убито %d", "", "%s", "Переговоры", "%y"]) | st.text(max_size=15),
).map(lambda e: f'{e[0]}{e[1]}msgid "{e[2]}"\nmsgstr "{e[3]}"\n\n')


@FUZZ
@given(entries=st.lists(po_entry, max_size=6),
       plural=st.sampled_from(["", "nplurals=2; plural=(n != 1);", "nplurals=2; plural=n;", "nplurals=x;",
                               "nplurals=1; plural=(n==1 ? 0;", "nplurals=2; plural=n/0;"]),
       noise=near_text)
def test_catalog_never_tracebacks(folder, entries, plural, noise):
    from translator.memory.read import load_catalog

    header = HEADER.replace("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);", plural)
    path = folder / "story.po"
    path.write_text(header + "".join(entries) + noise, encoding="utf-8", errors="replace")
    ends_well(lambda: load_catalog(path))


@FUZZ
@given(data=st.binary(max_size=1000))
def test_catalog_bytes_never_traceback(folder, data):
    from translator.memory.read import load_catalog

    path = folder / "story.po"
    path.write_bytes(data)
    ends_well(lambda: load_catalog(path))
