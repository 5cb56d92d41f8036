"""Nothing lost, nobody in: random sequences of article edits, runs, approvals (between runs, and saved by another
process while a run waits for its engine), publishes and approved-only publishes. After every step, no approved
text is lost or changed behind the reviewer's back, every fresh edition shows each approved text in the place of its
own entry (never at another sentence), and no temp file is left.

Bounded for CI (GUARANTEE_EXAMPLES sequences of up to GUARANTEE_STEPS steps, a fixed set); setting
GUARANTEE_EXAMPLES draws fresh sequences for a longer hunt, e.g. GUARANTEE_EXAMPLES=300 pytest -s this file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

import polib
import pytest
from echo_engine import EchoEngine, ReviewerDuringRun, review
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from translator.job import load_job
from translator.memory.catalog import catalog_path
from translator.memory.read import load_catalog
from translator.readers import read_article
from translator.run.pipeline import run
from translator.run.records import Mode
from translator.run.report import Status

TESTS = Path(__file__).resolve().parent
EXAMPLES = int(os.environ.get("GUARANTEE_EXAMPLES", "20"))
STEPS = int(os.environ.get("GUARANTEE_STEPS", "10"))
LANGUAGES = ("es", "pt")
SLUGS = ("alpha", "beta")
# Sentences repeat across block kinds and articles, so one source sentence has several catalog entries.
POOL = ("It is over now.", "Nobody was hurt.", "Talks ended late.", "Prices rose again.", "The vote was close.",
        "Ministers met on Monday.")
KINDS = ("lead", "paragraph", "quote", "caption", "subheadline")
JOB = ('source = "en"\ninputs = ["input/*.json"]\ntargets = ["es", "pt"]\nformats = ["json"]\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')

article_strategy = st.tuples(
    st.sampled_from(POOL),
    st.lists(st.tuples(st.sampled_from(KINDS), st.lists(st.sampled_from(POOL), min_size=1, max_size=2)),
             min_size=1, max_size=4))
pick_strategy = st.tuples(st.integers(0, 7), st.integers(0, 20), st.booleans())
FIGURES: Counter[str] = Counter()


class Desk(RuleBasedStateMachine):
    """A project with two articles in two languages, its reviewers and its runs."""

    def __init__(self) -> None:
        super().__init__()
        # In memory where the system has it: every atomic write fsyncs, and a disk makes that the slow part.
        shm = Path("/dev/shm")
        self.root = Path(tempfile.mkdtemp(prefix="guarantees-", dir=shm if os.access(shm, os.W_OK) else None))
        (self.root / "input").mkdir()
        (self.root / "translator.toml").write_text(JOB, encoding="utf-8")
        self.approved: dict[tuple[str, str, str], str] = {}  # (catalog, msgctxt, msgid) -> what the human approved
        self.tags = 0
        FIGURES["sequences"] += 1

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # ── what people and runs do ─────────────────────────────────────────────────────────────────────────────

    @initialize(alpha=article_strategy, beta=article_strategy)
    def write_articles(self, alpha, beta) -> None:
        self._write("alpha", alpha)
        self._write("beta", beta)

    @rule(slug=st.sampled_from(SLUGS), article=article_strategy)
    def edit_article(self, slug, article) -> None:
        self._write(slug, article)
        FIGURES["steps"] += 1

    @rule(picks=st.lists(pick_strategy, max_size=3), news=st.sampled_from((None, *SLUGS)))
    def translate(self, picks, news) -> None:
        if news is not None:  # a new paragraph came in: the engine has work, the reviewer saves while it works
            path = self.root / "input" / f"{news}.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            self.tags += 1
            data["blocks"].append({"type": "paragraph", "text": f"Update {self.tags} came in."})
            path.write_text(json.dumps(data), encoding="utf-8")
        engine = ReviewerDuringRun(self._catalogs(), [self._pick(p) for p in picks])
        report = run(load_job(self.root / "translator.toml"), engines={"echo": engine})
        self._record(engine.reviewed)
        FIGURES["steps"] += 1
        FIGURES["saves during a run"] += len(engine.reviewed)
        assert all(row.status is Status.OK for row in report.rows), [(r.article, r.error) for r in report.rows]
        self._check_editions(report, approved_only=False)

    @rule(picks=st.lists(pick_strategy, min_size=1, max_size=3))
    def approve(self, picks) -> None:
        done = review(self._catalogs(), [self._pick(p) for p in picks])
        self._record(done)
        FIGURES["steps"] += 1
        FIGURES["saves between runs"] += len(done)

    @rule(approved_only=st.booleans())
    def publish(self, approved_only) -> None:
        mode = Mode.PUBLISH_APPROVED if approved_only else Mode.PUBLISH
        report = run(load_job(self.root / "translator.toml"), mode, engines={"echo": EchoEngine()})
        FIGURES["steps"] += 1
        self._check_editions(report, approved_only=approved_only)

    # ── what must always hold ───────────────────────────────────────────────────────────────────────────────

    @invariant()
    def approved_text_is_kept(self) -> None:
        for (path, context, msgid), text in self.approved.items():
            entry = _entries(Path(path)).get((context, msgid))  # obsolete or live: never deleted
            assert entry is not None, f"{path}: approved entry {context} {msgid!r} is gone"
            assert (entry.msgstr, "fuzzy" in entry.flags) == (text, False), f"{path}: {context} {msgid!r}"

    @invariant()
    def no_temp_file_is_left(self) -> None:
        assert sorted(self.root.rglob("*.tmp")) == []

    def _check_editions(self, report, approved_only: bool) -> None:
        """Each fresh edition: the current article, sentence by sentence, with its own entry's approved text where
        it has one, else machine text or an approved text of the same sentence (translation memory), never the
        text of another sentence."""
        for row in report.rows:
            if row.status is not Status.OK:
                assert not (self.root / "output" / row.language / f"{row.article}.json").exists()
                continue
            if row.skipped:  # unchanged when the run began: its edition stands; a save since is heard next run
                assert (self.root / "output" / row.language / f"{row.article}.json").exists()
                continue
            edition = json.loads((self.root / "output" / row.language / f"{row.article}.json").read_text("utf-8"))
            path = catalog_path(self.root / "locales", row.language, row.article)
            entries = _entries(path)
            reviewed_texts = self._reviewed_texts(row.language)
            sources = []
            for block in edition["blocks"]:
                context = f"{row.article}/{block['kind']}"
                for sentence in block["sentences"]:
                    source, target = sentence["source"], sentence["target"]
                    sources.append((block["kind"], source))
                    own = entries.get((context, source))
                    if own is not None and own.msgstr and "fuzzy" not in own.flags:
                        assert target == own.msgstr, f"{row.language}/{row.article} {context} {source!r}"
                        assert self.approved.get((str(path), context, source), target) == target
                    else:
                        # Machine text: the echo engine's, of the sentence (a headline goes to it in sentence case).
                        machine = not approved_only and target.lower() == f"{row.language}: {source}".lower()
                        assert machine or target in reviewed_texts.get(source, set()), (context, source, target)
            article = read_article(self.root / "input" / f"{row.article}.json", language="en")
            assert sources == [(b.kind.value, s) for b in article.blocks for s in b.sentences], row.article
            FIGURES["editions checked"] += 1

    # ── helpers ──────────────────────────────────────────────────────────────────────────────────────────────

    def _write(self, slug: str, article) -> None:
        title, blocks = article
        data = {"title": title, "blocks": [{"type": kind, "text": " ".join(s)} for kind, s in blocks]}
        (self.root / "input" / f"{slug}.json").write_text(json.dumps(data), encoding="utf-8")

    def _catalogs(self) -> list[Path]:
        return [catalog_path(self.root / "locales", lang, slug) for lang in LANGUAGES for slug in SLUGS]

    def _pick(self, pick) -> tuple[int, int, str | None]:
        catalog, index, edit = pick
        self.tags += 1
        return (catalog, index, f"approved {self.tags}" if edit else None)

    def _record(self, done) -> None:
        for path, context, msgid, text in done:
            self.approved[(path, context, msgid)] = text

    def _reviewed_texts(self, language: str) -> dict[str, set[str]]:
        """Source sentence -> every approved text of it in the language's catalogs."""
        texts: dict[str, set[str]] = {}
        for slug in SLUGS:
            for entry in _entries(catalog_path(self.root / "locales", language, slug)).values():
                if entry.msgstr and "fuzzy" not in entry.flags:
                    texts.setdefault(entry.msgid, set()).add(entry.msgstr)
        return texts


def _entries(path: Path) -> dict[tuple[str, str], polib.POEntry]:
    if not path.exists():
        return {}
    return {(e.msgctxt or "", e.msgid): e for e in polib.pofile(str(path))}


def test_no_approved_text_is_lost_or_misplaced():
    FIGURES.clear()
    run_state_machine_as_test(Desk, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None,
        derandomize="GUARANTEE_EXAMPLES" not in os.environ,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]))
    print(f"\nguarantees: {dict(FIGURES)}")
    assert FIGURES["saves during a run"] > 0 and FIGURES["saves between runs"] > 0  # both kinds were exercised
    assert FIGURES["editions checked"] > 0


# ── runs at the same time ────────────────────────────────────────────────────────────────────────────────────

STORY = {"title": "Talks ended late.", "blocks": [{"type": "lead", "text": "It is over now. Nobody was hurt."},
                                                   {"type": "paragraph", "text": "Prices rose again."}]}


@pytest.fixture
def story(tmp_path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "story.json").write_text(json.dumps(STORY), encoding="utf-8")
    (tmp_path / "translator.toml").write_text(JOB.replace('["es", "pt"]', '["es"]'), encoding="utf-8")
    return tmp_path


def _add_paragraph(project: Path, text: str) -> None:
    path = project / "input" / "story.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["blocks"].append({"type": "paragraph", "text": text})
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_run_waits_while_another_holds_the_catalog_lock(story):
    from filelock import FileLock

    job = load_job(story / "translator.toml")
    run(job, engines={"echo": EchoEngine()})
    path = catalog_path(story / "locales", "es", "story")
    approved = review([path], [(0, 1, "approved by hand")])
    _add_paragraph(story, "A new paragraph came in.")
    before = path.read_bytes()
    reports = []
    with FileLock(str(path.parent / f".{path.name}.lock")):  # what another run holds while it merges and writes
        waiting = threading.Thread(target=lambda: reports.append(run(job, engines={"echo": EchoEngine()})))
        waiting.start()
        waiting.join(timeout=1.5)
        assert waiting.is_alive() and path.read_bytes() == before  # it waits; the catalog is untouched
    waiting.join(timeout=60)
    entries = _entries(path)
    assert entries[("story/paragraph", "A new paragraph came in.")].msgstr == "es: A new paragraph came in."
    assert [(entries[(c, m)].msgstr, entries[(c, m)].flags) for _, c, m, _ in approved] == [
        (text, []) for *_, text in approved]
    assert reports[0].rows[0].status is Status.OK


def test_two_runs_at_once_both_complete_and_lose_nothing(story):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)]),
           "TRANSLATOR_ENGINES": "echo=echo_engine:EchoEngine"}
    command = [sys.executable, "-m", "translator", "run", "translator.toml", "--quiet"]
    assert subprocess.run(command, cwd=story, env=env, capture_output=True).returncode == 0
    path = catalog_path(story / "locales", "es", "story")
    approved = review([path], [(0, 0, "approved by hand"), (0, 2, None)])
    _add_paragraph(story, "A new paragraph came in.")
    runs = [subprocess.Popen(command, cwd=story, env=env, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    assert [(child.wait(timeout=120), child.stderr.read()) for child in runs] == [(0, ""), (0, "")]
    load_catalog(path)  # whole, no duplicate entries
    entries = _entries(path)
    assert sorted(entries) == sorted([("story/headline", "Talks ended late."), ("story/lead", "It is over now."),
                                      ("story/lead", "Nobody was hurt."), ("story/paragraph", "Prices rose again."),
                                      ("story/paragraph", "A new paragraph came in.")])
    for _, context, msgid, text in approved:
        assert (entries[(context, msgid)].msgstr, entries[(context, msgid)].flags) == (text, [])
    edition = json.loads((story / "output" / "es" / "story.json").read_text(encoding="utf-8"))
    shown = {(b["kind"], s["source"]): s["target"] for b in edition["blocks"] for s in b["sentences"]}
    assert all(shown[(context.split("/")[1], msgid)] == text for _, context, msgid, text in approved)


# ── the engine a child process registers ─────────────────────────────────────────────────────────────────────

def test_an_engine_registered_in_the_environment_is_built(monkeypatch):
    from translator.engines import create_engine

    monkeypatch.setenv("TRANSLATOR_ENGINES", " echo = echo_engine:EchoEngine ,")
    engine = create_engine("echo", {"delay": 0.0})
    assert isinstance(engine, EchoEngine) and engine.translate(["Hi."], "en", "es") == ["es: Hi."]


@pytest.mark.parametrize("value, message", [
    ("echo", "'echo' is not name=module:Class"),
    ("echo=echo_engine", "'echo=echo_engine' is not name=module:Class"),
    ("echo=no_such_module:Engine", "cannot load no_such_module:Engine"),
    ("echo=echo_engine:NoSuchClass", "cannot load echo_engine:NoSuchClass"),
])
def test_a_bad_engine_registration_is_a_named_error(monkeypatch, value, message):
    from translator.engines import create_engine
    from translator.errors import UnknownEngine

    monkeypatch.setenv("TRANSLATOR_ENGINES", value)
    with pytest.raises(UnknownEngine, match=re.escape(message)):
        create_engine("echo")
