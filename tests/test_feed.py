"""The feeds: Atom valid against RFC 4287's RELAX NG schema and read by feedparser; JSON Feed 1.1 in shape."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from conftest import write_job
from echo_engine import EchoEngine
from lxml import etree

from translator.advisories.log import Action
from translator.job import load_job
from translator.publish.feed import write_feeds
from translator.run.advise import issue
from translator.run.pipeline import run

SLUG = "nato-russia-talks"
LANGUAGES = ["ru", "uk", "pt"]
JOB = ('source = "en"\ntargets = ["ru", "uk", "pt"]\nformats = ["html", "md"]\n[publish]\npolicy = "machine"\n'
       '[engines]\norder = ["echo"]\n')
SCHEMA = Path(__file__).parent / "data" / "atom" / "atom.rng"


@pytest.fixture(scope="module")
def atom_schema():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture
def job(project):
    job = load_job(write_job(project, JOB))
    run(job, engines={"echo": EchoEngine()})
    return job


def feed_files(output: Path) -> list[Path]:
    return [output / "feed.xml", *(output / lang / "feed.xml" for lang in LANGUAGES)]


@pytest.mark.parametrize("advisory", [None, Action.REFILE, Action.KILL, Action.HOLD])
def test_every_feed_validates_against_the_atom_schema(job, atom_schema, advisory):
    if advisory is not None:
        issue(job, advisory, SLUG, "reason")
    for path in feed_files(job.output):
        document = etree.parse(str(path))
        assert atom_schema.validate(document), f"{path}: {atom_schema.error_log}"


def test_the_schema_refuses_what_rfc_4287_forbids(atom_schema):
    # an entry without an id and a date that is not RFC 3339: the validator really checks
    bad = etree.fromstring(b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id>'
                           b'<updated>yesterday</updated></feed>')
    assert not atom_schema.validate(bad)


@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_feedparser_reads_one_entry_per_edition(job, language):
    folder = job.output / language if language else job.output
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert not feed.bozo
    assert sorted(e.title_detail.language for e in feed.entries) == sorted([language] if language else LANGUAGES)
    assert all(e.title.endswith("NATO-Russia talks make little progress on missile defense") for e in feed.entries)
    assert all("tags" not in e for e in feed.entries)  # no advisory given: no class


def test_entries_link_every_language_version_relative_to_their_feed(job):
    entry = feedparser.parse((job.output / "uk" / "feed.xml").read_bytes()).entries[0]
    links = [(link.hreflang, link.href) for link in entry.links]
    assert links[0] == ("uk", f"{SLUG}.html")  # its own edition first
    assert sorted(links[1:]) == [("pt", f"../pt/{SLUG}.html"), ("ru", f"../ru/{SLUG}.html")]
    every = feedparser.parse((job.output / "feed.xml").read_bytes())
    assert {link.href for e in every.entries for link in e.links} == {f"{lang}/{SLUG}.html" for lang in LANGUAGES}


def test_a_withdrawn_entry_has_no_link_and_says_so(job):
    issue(job, Action.KILL, SLUG, "Legal.")
    entry = feedparser.parse((job.output / "ru" / "feed.xml").read_bytes()).entries[0]
    assert [t.term for t in entry.tags] == ["withdrawn"]
    assert "links" not in entry  # its editions are gone: nothing to link to
    assert entry.content[0].value.endswith("(withdrawn)")
    items = json.loads((job.output / "ru" / "feed.json").read_text(encoding="utf-8"))["items"]
    assert items[0]["tags"] == ["withdrawn"] and "url" not in items[0]


def test_the_entry_keeps_the_time_of_its_last_real_publication(job):
    first = feedparser.parse((job.output / "feed.xml").read_bytes()).entries
    before = {e.title_detail.language: e.updated for e in first}["uk"]  # uk's own time, whichever entry is newest
    snapshot = job.output / "ru" / f".{SLUG}.published.json"
    snapshot.write_text(json.dumps({**json.loads(snapshot.read_text(encoding="utf-8")),
                                    "time": "2026-01-02T03:04:05+00:00"}), encoding="utf-8")
    run(job, engines={"echo": EchoEngine()})  # nothing changed
    entries = feedparser.parse((job.output / "feed.xml").read_bytes()).entries
    updated = {e.title_detail.language: e.updated for e in entries}
    assert updated["ru"] == "2026-01-02T03:04:05+00:00" and updated["uk"] == before


@pytest.mark.parametrize("language", [None, *LANGUAGES])
def test_json_feed_has_the_required_fields(job, language):
    folder = job.output / language if language else job.output
    feed = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed.get("language") == language
    for item in feed["items"]:
        assert item["id"].startswith("urn:uuid:") and item["content_text"] and item["date_modified"]
        assert set(item["_translator"]["versions"]) == set(LANGUAGES)


def test_feeds_are_written_atomically_and_only_where_something_was_published(tmp_path):
    written = write_feeds(tmp_path, ["ru"], {})
    assert written == [tmp_path / "feed.xml", tmp_path / "feed.json"]
    assert not (tmp_path / "ru").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.json", "feed.xml"]  # no temporary file left
