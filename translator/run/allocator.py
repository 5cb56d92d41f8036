"""Memory a run frees goes back to the system, so a long batch stays near the size of its largest article.

glibc's malloc gives each thread that allocates its own arena (up to 8 a core) and keeps freed memory in each of
them, and its thresholds for mapping large blocks and trimming the heap grow as large blocks are freed. With the
engine threads, the next pair's thread and the models' own threads, a 27-language run kept growing with articles.
Measured with benchmarks/memory.py's job, 27 languages x 3 articles, one run each (load 2-3):

    glibc's defaults                           383 MB   48.7 s
    2 arenas                                   365 MB   47.9 s
    2 arenas, mmap 1 MiB, trim 8 MiB (chosen)  280 MB   45.1 s
    2 arenas, mmap 256 KiB, trim 2 MiB         233 MB   96.8 s   (the heap shrinks and grows again all run long)

Only the `translator` command calls `tune`, at its start: it is a choice for the whole process. A variable glibc
reads itself (MALLOC_ARENA_MAX, ...) set in the environment wins; TRANSLATOR_MALLOC=system leaves glibc's defaults
(benchmarks/memory.py --system-malloc measures them); elsewhere than glibc nothing changes.
"""

from __future__ import annotations

import os
import sys

# mallopt parameters (malloc.h) and the environment variable glibc reads for each.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8
SETTINGS = {
    _M_ARENA_MAX: ("MALLOC_ARENA_MAX", 2),
    _M_MMAP_THRESHOLD: ("MALLOC_MMAP_THRESHOLD_", 1024 * 1024),
    _M_TRIM_THRESHOLD: ("MALLOC_TRIM_THRESHOLD_", 8 * 1024 * 1024),
}


def tune() -> list[str]:
    """Set glibc malloc's limits for this process; returns the names of those set (none where the C library is
    not glibc, or the environment sets them)."""
    if not sys.platform.startswith("linux") or os.environ.get("TRANSLATOR_MALLOC") == "system":
        return []
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError):  # musl and others without mallopt
        return []
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return [name for parameter, (name, value) in SETTINGS.items()
            if name not in os.environ and mallopt(parameter, value) == 1]
