"""Hostile text reaches every output as the words it is: escaped Markdown (changes.md too), safe urls in every
edition format (JSON included), and no terminal escape sequence in what the CLI prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from test_publish_escape import ALLOWED_TAGS, HOSTILE, block, edition_of

from translator.article import BlockKind
from translator.publish import changes, json_edition
from translator.text.escape import safe_url, strip_controls, terminal

K = BlockKind
HOSTILE_MARKDOWN = [*HOSTILE, "# heading", "<img src=x onerror=alert(1)>", "- list\n# heading", "~~x~~ [a](b) |x|"]
UNSAFE_URLS = ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>",
               "vbscript:x", "https://e.org/a\x1b]0;x\x07", "file:///etc/passwd"]
TERMINAL_ATTACKS = [
    "\x1b]0;owned title\x07",          # OSC 0: window title
    "\x1b]52;c;cm0gLXJmIH4=\x07",      # OSC 52: clipboard
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[2J\x1b[31m",                  # CSI: clear screen, colour
    "\x9b2J",                           # 8-bit CSI
    "\x9d0;title\x9c",                  # 8-bit OSC
    "\x1bPq#0;2;0;0;0\x1b\\",           # DCS (sixel)
    "\u202eevil\u202c",                 # bidi override
    "bell\x07 back\x08space\rreturn",
]


def assert_inert(tree) -> None:
    for node in tree.css("*"):
        assert node.tag in ALLOWED_TAGS | {"ul", "li"}, node.html
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), node.html
            assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), node.html


def _changes(tmp_path, old: str, new: str) -> str:
    changes.write_changes(edition_of([block(K.PARAGRAPH, old, "Same source.")]), tmp_path)
    path = changes.write_changes(edition_of([block(K.PARAGRAPH, new, "Same source."),
                                             block(K.PARAGRAPH, new, "Added source.")]), tmp_path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_changes_file_is_inert_markdown(tmp_path, hostile):
    from markdown_it import MarkdownIt
    from selectolax.lexbor import LexborHTMLParser

    text = _changes(tmp_path, f"Was {hostile}", f"Now {hostile}")
    tree = LexborHTMLParser(MarkdownIt("commonmark").render(text))
    assert_inert(tree)
    assert [n.tag for n in tree.css("h1, h2, h3, h4, h5, h6")] == ["h1"]  # only the file's own title
    assert "Now " in tree.body.text() and "Was " in tree.body.text()
    if "alert(" in hostile:
        assert "alert(" in tree.body.text()  # shown as the text it was, not dropped


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_urls_are_refused(url):
    assert safe_url(url) is None


@pytest.mark.parametrize("url, safe", [
    ("https://e.org/a b", "https://e.org/a%20b"),
    ('https://e.org/x" onerror="alert(1)', "https://e.org/x%22%20onerror=%22alert(1)"),
    ("https://e.org/it's", "https://e.org/it%27s"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("../images/a.jpg", "../images/a.jpg"),
])
def test_safe_urls_are_kept_quoted(url, safe):
    assert safe_url(url) == safe


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_json_edition_drops_unsafe_image_and_link_urls(url):
    data = json_edition.to_dict(edition_of([
        block(K.IMAGE, "", "pic", attrs={"url": url, "alt": "pic", "title": ""}),
        block(K.PARAGRAPH, f"See [the page]({url.strip()}) now.", "See the page now."),
    ]))
    assert [b["kind"] for b in data["blocks"]] == ["paragraph"]
    urls = [span.get("url") for b in data["blocks"] for span in b.get("spans", [])]
    assert all(u is None or safe_url(u) == u for u in urls)
    assert "javascript:" not in json.dumps(data["blocks"][0].get("spans", [])).lower()


def test_json_edition_quotes_an_attribute_breaking_url():
    url = 'https://e.org/p.jpg" onerror="alert(1)'
    data = json_edition.to_dict(edition_of([block(K.IMAGE, "", "pic", attrs={"url": url, "alt": "p", "title": ""})]))
    assert data["blocks"][0]["attrs"]["url"] == "https://e.org/p.jpg%22%20onerror=%22alert(1)"


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_terminal_text_has_no_control_sequences(attack):
    out = terminal(f"Headline {attack} end")
    assert out.startswith("Headline ") and out.endswith(" end")
    assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 or "\u202a" <= ch <= "\u202e" for ch in out)


def test_terminal_keeps_newlines_and_words():
    assert strip_controls("Señor Peña\n\tМосква 東京") == "Señor Peña\n\tМосква 東京"


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_inspect_prints_no_terminal_sequences(tmp_path, output_format):
    path = tmp_path / "story.txt"
    attacks = " ".join(TERMINAL_ATTACKS).replace("\r", " ")
    path.write_text(f"Talks in Brussels {attacks}\n\nThe ministers met in Brussels on Monday to discuss trade "
                    f"{attacks} and the coming elections.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "translator", "inspect", str(path), "--from", "en", "--format",
                             output_format], capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert not any(ord(ch) < 32 and ch not in "\n\t" or 127 <= ord(ch) < 160 or ch == "\u202e" for ch in stream)
    assert "Brussels" in result.stdout
    assert f"{path}:1: " in result.stderr and "control characters" in result.stderr  # said, not shown


def test_json_for_a_terminal_keeps_the_data():
    from translator.text.escape import json_for_terminal

    data = {"title": "a\u202eb\x9b2J\x1b]0;x\x07 Москва"}
    dumped = json_for_terminal(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(dumped) == data
    assert not any(0x80 <= ord(ch) < 0xA0 or ch == "\u202e" or ch == "\x1b" for ch in dumped)


@pytest.mark.parametrize("hostile", HOSTILE_MARKDOWN)
def test_glossary_matrix_is_inert_markdown(tmp_path, hostile):
    from markdown_it import MarkdownIt
    from selectolax.lexbor import LexborHTMLParser

    from translator.publish.glossary_matrix import write_matrix

    cells = {f"term {hostile}": {"ru": {"expected": f"form {hostile}", "found": [f"found {hostile}"], "missed": True}}}
    write_matrix(cells, ["ru"], tmp_path, "abc")
    text = (tmp_path / "glossary-matrix.md").read_text(encoding="utf-8")
    assert_inert(LexborHTMLParser(MarkdownIt("commonmark").render(text)))
    rows = [line for line in text.splitlines() if line.startswith("| term ") and "---" not in line]
    assert len(rows) == 2 and all(len(re.findall(r"(?<!\\)\|", row)) == 3 for row in rows)  # no column break
