"""Memory a run frees goes back to the system, so a long batch stays near the size of its largest article.

glibc's malloc gives each thread that allocates its own arena (up to 8 a core) and keeps freed memory in each of
them; with engine threads, the next pair's thread and the models' own threads, a 27-language run grew to 453 MB
where a 1-language run takes 201 MB (benchmarks/memory.py). Two arenas, a fixed trim threshold and a fixed mmap
threshold (large blocks are mapped and given back when freed) bring the 27 x 10 run to 280 MB.

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
    _M_TRIM_THRESHOLD: ("MALLOC_TRIM_THRESHOLD_", 128 * 1024),
    _M_MMAP_THRESHOLD: ("MALLOC_MMAP_THRESHOLD_", 128 * 1024),
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
