"""benchmarks/small_jobs.py --quick: the script runs end to end on real engines (a smoke run; it times nothing)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import require_engine

from translator.engines.apertium import ApertiumEngine
from translator.engines.bergamot import BergamotEngine

ROOT = Path(__file__).resolve().parent.parent


def test_the_small_jobs_benchmark_runs_quick_on_apertium_and_bergamot():
    require_engine("apertium", ApertiumEngine().unavailable_reason())
    require_engine("bergamot", BergamotEngine().unavailable_reason())
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "small_jobs.py"), "--quick"],
                          capture_output=True, text=True, timeout=900, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    ratios = re.findall(r"([\d.]+)x raw", done.stdout)
    assert len(ratios) == 4 and all(float(r) > 0 for r in ratios)  # es and pt, back-translation on and off
    share = re.search(r"one paragraph edited .*: ([\d.]+)% of the full run", done.stdout)
    assert share is not None and 0 < float(share.group(1)) < 200
    assert re.search(r"load average \(1, 5, 15 min\) before: [\d.]+ [\d.]+ [\d.]+", done.stdout)
    assert re.findall(r"peak +\d+ MB", done.stdout)
