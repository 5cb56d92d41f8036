"""The hostile-input set through the command, end to end: the crafted articles fail by name, the rest publish,
no output carries live markup, a script url or a terminal sequence, and nothing stalls or shows a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import SAMPLE
from test_hostile_input import DEEP
from test_hostile_output import TERMINAL_ATTACKS

from translator.errors import ExitStatus
from translator.text.escape import safe_url

TESTS = Path(__file__).resolve().parent
OSC = "".join(TERMINAL_ATTACKS).replace("\r", "")
SCRIPT_URL = "javascript:alert(1)"
QUOTE_URL = 'https://example.org/p.jpg" onerror="alert(1)'

ARTICLES = {
    **{name: content.encode() for name, content in DEEP.items()},
    "sao-paulo.txt": ("Talks in São Paulo\n\nThe ministers met in São Paulo on Monday; tickets cost £5 and "
                      "a ½ price offer was made.\n").encode("latin-1"),
    "xss.md": (f"# Talks <script>alert(1)</script> {OSC}\n\n![pic]({SCRIPT_URL})\n\n"
               "The ministers met <img src=x onerror=alert(1)> in [Brussels](javascript:alert(2)) on Monday.\n\n"
               "# heading in the body <svg onload=alert(3)>\n").encode(),
    "export.json": json.dumps({
        "title": f"Talks in Brussels {OSC}",
        "blocks": [
            {"type": "image", "url": SCRIPT_URL, "alt": "one"},
            {"type": "image", "url": QUOTE_URL, "alt": "two"},
            {"type": "paragraph", "text": 'The ministers met in <a href="javascript:alert(1)">Brussels</a> and '
                                          f'<a href=\'{QUOTE_URL}\'>Paris</a> on Monday to discuss trade.'},
        ]}).encode(),
}
JOB = ('source = "en"\ntargets = ["ru"]\nformats = ["md", "html", "json", "txt"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')


def translator(project: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS.parent), str(TESTS)]),
           "TRANSLATOR_ENGINES": "echo=echo_engine:EchoEngine"}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "translator", *args], cwd=project, env=env, capture_output=True,
                            text=True, encoding="utf-8", errors="surrogateescape", timeout=120)
    return result, time.monotonic() - start


def assert_terminal_safe(result: subprocess.CompletedProcess) -> None:
    for stream in (result.stdout, result.stderr):
        assert "Traceback" not in stream, stream
        bad = [hex(ord(ch)) for ch in stream if (ord(ch) < 32 and ch not in "\n\t") or 127 <= ord(ch) < 160
               or "\u202a" <= ch <= "\u202e"]
        assert not bad, bad


def assert_inert_html(html: str) -> None:
    from selectolax.lexbor import LexborHTMLParser

    for node in LexborHTMLParser(html).css("*"):
        assert node.tag not in ("script", "svg", "iframe", "object"), node.html
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), node.html
            if name in ("href", "src"):
                assert safe_url(value or "") == value, node.html


def test_the_hostile_set_end_to_end(tmp_path):
    from markdown_it import MarkdownIt

    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    for name, data in ARTICLES.items():
        (tmp_path / "input" / name).write_bytes(data)
    (tmp_path / "translator.toml").write_text(JOB, encoding="utf-8")
    result, seconds = translator(tmp_path, "run")
    assert result.returncode == ExitStatus.PARTIAL, result.stderr
    assert seconds < 60
    assert_terminal_safe(result)
    for name in DEEP:
        assert f"{name}:1: " in result.stderr and "nest more than" in result.stderr
    # a second run after an edit writes a changes.md for the corrected article
    xss = tmp_path / "input" / "xss.md"
    xss.write_bytes(xss.read_bytes().replace(b"on Monday", b"on Tuesday <b onmouseover=alert(4)>x</b>"))
    result, seconds = translator(tmp_path, "run")
    assert result.returncode == ExitStatus.PARTIAL and seconds < 60
    assert_terminal_safe(result)

    out = tmp_path / "output" / "ru"
    assert (out / f"{SAMPLE.stem}.md").exists() and (out / "xss.changes.md").exists()
    assert "São Paulo" in (out / "sao-paulo.md").read_text(encoding="utf-8")
    for path in out.glob("*.md"):
        assert_inert_html(MarkdownIt("commonmark").render(path.read_text(encoding="utf-8")))
    for path in out.glob("*.html"):
        assert_inert_html(path.read_text(encoding="utf-8"))
    for path in out.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        assert "\x1b" not in text.replace("\\u001b", "")  # kept as data only in escaped form
        for block in json.loads(text).get("blocks", []):
            urls = [block.get("attrs", {}).get("url")] + [s.get("url") for s in block.get("spans", [])]
            assert all(url is None or safe_url(url) == url for url in urls), block
    assert not any("\x1b" in p.read_text(encoding="utf-8") for p in out.glob("*.md"))

    # a reviewer's msgstr holding terminal sequences (catalogs are not articles: nothing cleans them on reading)
    import polib

    catalog_path = tmp_path / "locales" / "ru" / "LC_MESSAGES" / f"{SAMPLE.stem}.po"
    catalog = polib.pofile(str(catalog_path))
    catalog[0].msgstr = f"Переговоры {OSC}"
    catalog.save(str(catalog_path))
    assert "\x1b]52;" in catalog_path.read_text(encoding="utf-8")
    for command in (["inspect", "input/xss.md"], ["inspect", "input/export.json", "--format", "json"],
                    ["review", "next", "--limit", "50"], ["review", "next", "--format", "json"]):
        result, seconds = translator(tmp_path, *command)
        assert result.returncode == 0, (command, result.stderr)
        assert_terminal_safe(result)
        assert seconds < 60
        if command[0] == "review":
            assert "Переговоры " in result.stdout  # the reviewer's words shown, their sequences not
