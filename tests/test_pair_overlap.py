"""The next pair's engine work runs while this pair's articles are judged and written (pipeline.work_on_pairs)."""

from __future__ import annotations

import threading

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


def run_watched(project, monkeypatch, targets: str) -> tuple[WatchedEngine, dict[str, bool]]:
    """Run the sample with each pair's first delivery waiting (up to 10 s) for the next pair's engine call."""
    write_job(project, JOB.format(targets=targets))
    engine = WatchedEngine()
    order = [t.strip().strip('"') for t in targets.split(",")]
    seen_next: dict[str, bool] = {}
    real_deliver = deliver_module.deliver

    def deliver(plan, pair, outcome, memory):
        following = order[order.index(pair.target) + 1] if pair.target != order[-1] else None
        if following is not None and pair.target not in seen_next:
            seen_next[pair.target] = engine.started.setdefault(following, threading.Event()).wait(10)
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
    assert not engine.overlapped  # engines are still called one pair at a time
    for language, text in (("pt", "pt: "), ("ru", "ru: ")):
        edition = (project / "output" / language / "nato-russia-talks.json").read_text(encoding="utf-8")
        assert text in edition


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
