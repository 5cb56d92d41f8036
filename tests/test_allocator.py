"""The command's process keeps at most two malloc arenas however many threads allocate (glibc only)."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys

import pytest

from translator.run import allocator

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                                reason="mallopt and malloc_stats are glibc's")

# Six threads allocate at once (a barrier keeps them all alive), then glibc lists its arenas on stderr.
PROGRAM = """
import ctypes, sys, threading
from translator.run import allocator
print(allocator.tune() if sys.argv[1] == "tune" else [])
barrier = threading.Barrier(6)
def work():
    held = [bytearray(4096) for _ in range(200)]
    barrier.wait()
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads: t.start()
for t in threads: t.join()
sys.stdout.flush()
ctypes.CDLL(None).malloc_stats()
"""


def arenas(mode: str, env: dict[str, str]) -> tuple[str, int]:
    done = subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True, check=True,
                          env=env, timeout=60)
    return done.stdout.strip(), len(re.findall(r"^Arena \d+:", done.stderr, re.MULTILINE))


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in {name for name, _ in allocator.SETTINGS.values()}}


def test_tuned_process_keeps_two_arenas_where_an_untuned_one_takes_one_a_thread():
    _, untuned = arenas("plain", clean_env())
    names, tuned = arenas("tune", clean_env())
    assert untuned > 2  # the threads got arenas of their own: the test can tell
    assert tuned <= 2
    assert "MALLOC_ARENA_MAX" in names


def test_a_setting_in_the_environment_is_left_to_glibc():
    names, count = arenas("tune", {**clean_env(), "MALLOC_ARENA_MAX": "3"})
    assert "MALLOC_ARENA_MAX" not in names
    assert count <= 3


def test_the_system_setting_leaves_glibc_alone():
    names, count = arenas("tune", {**clean_env(), "TRANSLATOR_MALLOC": "system"})
    assert names == "[]"
    assert count > 2
