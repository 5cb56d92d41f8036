"""The next pair's engine work runs while this pair's articles are judged and written (pipeline.work_on_pairs)."""

from __future__ import annotations

import re
import shutil
import threading
import time

from conftest import write_job
from echo_engine import EchoEngine

from translator.job import load_job
from translator.run import deliver as deliver_module
from translator.run import pipeline

JOB = ('source = "en"\ntargets = [{targets}]\nformats = ["json"]\n[checks]\nback_translation = "off"\n'
       '[publish]\npolicy = "machine"\n[engines]\norder = ["echo"]\n')


class WatchedEngine(EchoEngine):
    """Records each call's target and thread, and whether another call was running at the same time."""

    def __init__(self) -> None:
        super().__init__()
        self.started: dict[str, threading.Event] = {}
        self.threads: dict[str, str] = {}
        self.running = 0
        self.overlapped = False
        self._lock = threading.Lock()

    def translate(self, sentences, source, target):
        with self._lock:
            self.running += 1
            self.overlapped |= self.running > 1
        self.threads.setdefault(target, threading.current_thread().name)
        self.started.setdefault(target, threading.Event()).set()
        try:
            return super().translate(sentences, source, target)
        finally:
            with self._lock:
                self.running -= 1


def run_watched(project, monkeypatch, targets: str, ahead: int = 1) -> tuple[WatchedEngine, dict[str, bool]]:
    """Run the sample with each pair's first delivery waiting (up to 10 s) for the engine calls of the next
    `ahead` pairs."""
    write_job(project, JOB.format(targets=targets))
    engine = WatchedEngine()
    order = [t.strip().strip('"') for t in targets.split(",")]
    seen_next: dict[str, bool] = {}
    real_deliver = deliver_module.deliver

    def deliver(plan, pair, outcome, memory):
        position = order.index(pair.target)
        following = order[position + 1:position + 1 + ahead]
        if following and pair.target not in seen_next:
            seen_next[pair.target] = all(engine.started.setdefault(later, threading.Event()).wait(10)
                                         for later in following)
        return real_deliver(plan, pair, outcome, memory)

    monkeypatch.setattr(deliver_module, "deliver", deliver)
    report = pipeline.run(load_job(project / "translator.toml"), engines={"echo": engine})
    assert all(row.status.value == "ok" for row in report.rows)
    return engine, seen_next


def test_the_next_pairs_engine_work_starts_before_this_pair_is_written(project, monkeypatch):
    engine, seen_next = run_watched(project, monkeypatch, '"pt", "es", "ru"')
    assert seen_next == {"pt": True, "es": True}
    assert engine.threads["pt"] == threading.current_thread().name  # the first pair: nothing to overlap
    assert engine.threads["es"] != threading.current_thread().name
    assert engine.threads["ru"] != threading.current_thread().name


def test_a_small_job_starts_the_pair_after_next_too(project, monkeypatch):
    """Each pair one chunk: while the first pair is written, the next two pairs' engine work has started."""
    engine, seen_next = run_watched(project, monkeypatch, '"pt", "es", "ru"', ahead=2)
    assert seen_next == {"pt": True, "es": True}  # with one pair in flight, ru would wait for pt's delivery
    assert engine.threads["ru"] != threading.current_thread().name
    for language, text in (("pt", "pt: "), ("ru", "ru: ")):
        edition = (project / "output" / language / "nato-russia-talks.json").read_text(encoding="utf-8")
        assert text in edition


def test_a_large_job_calls_the_engines_one_chunk_at_a_time(project, monkeypatch):
    """Pairs of several chunks: one chunk's engine work in flight, the engines never called at once."""
    from translator.run import translate

    several_articles(project, 4)
    monkeypatch.setattr(translate, "CHUNK_UNITS", 10)  # an article a chunk
    write_job(project, JOB.format(targets='"pt", "es", "ru"'))
    engine = WatchedEngine()
    report = pipeline.run(load_job(project / "translator.toml"), engines={"echo": engine})
    assert {row.status.value for row in report.rows} == {"ok"} and len(report.rows) == 12
    assert not engine.overlapped and len(engine.threads) == 3


def test_a_single_pair_runs_as_before(project, monkeypatch):
    engine, seen_next = run_watched(project, monkeypatch, '"pt"')
    assert seen_next == {} and engine.threads == {"pt": threading.current_thread().name}


def test_word_lists_are_let_go_after_each_pair(project, monkeypatch):
    """wordfreq keeps every list it loads: without the release a 27-language run held 27 of them (915 MB)."""
    import wordfreq

    from translator.text import wordlists

    held: list[int] = []
    real_release = wordlists.release

    def release():
        held.append(wordfreq.get_frequency_dict.cache_info().currsize)
        real_release()

    monkeypatch.setattr(wordlists, "release", release)
    write_job(project, JOB.format(targets='"pt", "es", "ru", "uk"'))
    pipeline.run(load_job(project / "translator.toml"), engines={"echo": EchoEngine()})
    assert len(held) == 4 and max(held) <= 3  # English, the pair's language, the next pair's (loading ahead)
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0


def several_articles(project, count: int) -> None:
    """`count` articles: the sample's text, each sentence but the headline's tagged with the copy's number, so the
    articles share one sentence and differ in the rest."""
    text = (project / "input" / "nato-russia-talks.txt").read_text(encoding="utf-8")
    head, _, body = text.partition("\n")
    for number in range(1, count):
        tagged = body.replace(".\n", f" ({number}).\n")
        (project / "input" / f"story-{number}.txt").write_text(f"{head}\n{tagged}", encoding="utf-8")


def test_a_pairs_next_chunk_is_translated_while_this_one_is_written(project, monkeypatch):
    """One article a chunk: the engine call for the next article starts before this one is delivered; the editions
    are those of a run that sends the pair's articles in one batch."""
    from translator.run import translate

    several_articles(project, 3)
    write_job(project, JOB.format(targets='"pt"'))
    whole = pipeline.run(load_job(project / "translator.toml"), engines={"echo": EchoEngine()})
    one_batch = {p.name: p.read_bytes() for p in (project / "output" / "pt").glob("*.json")}
    for folder in ("output", "locales"):
        shutil.rmtree(project / folder)

    monkeypatch.setattr(translate, "CHUNK_UNITS", 1)
    engine = EchoEngine()
    calls = engine.calls
    seen_next: list[bool] = []
    real_deliver = deliver_module.deliver

    def deliver(plan, pair, outcome, memory):
        if len(seen_next) < 2:  # the first two articles: the next one's engine call is made meanwhile
            deadline = time.monotonic() + 10
            while len(calls) < len(seen_next) + 2 and time.monotonic() < deadline:
                time.sleep(0.01)
            seen_next.append(len(calls) >= len(seen_next) + 2)
        return real_deliver(plan, pair, outcome, memory)

    monkeypatch.setattr(deliver_module, "deliver", deliver)
    chunked = pipeline.run(load_job(project / "translator.toml"), engines={"echo": engine})
    assert seen_next == [True, True]
    assert len(calls) == 3  # one engine call an article
    assert [(r.article, r.status) for r in chunked.rows] == [(r.article, r.status) for r in whole.rows]
    assert {"nato-russia-talks.json", "story-1.json", "story-2.json"} <= set(one_batch)
    for name, data in one_batch.items():
        assert _without_times(data) == _without_times((project / "output" / "pt" / name).read_bytes())


def _without_times(edition: bytes) -> bytes:
    return re.sub(rb'"\d{4}-\d\d-\d\dT[^"]*"', b'"TIME"', edition)
