"""A long-lived Apertium pipeline in null-flush mode: one `apertium -z -f none <mode>` per mode, kept for the life
of the engine, so the ~0.3 s its lt-proc/tagger/transfer processes spend loading dictionaries is paid once.

`apertium -z <mode>` itself does not answer batch by batch (Apertium 3.8.3): its txt deformatter swallows the
NUL that ends a batch, and the gawk filters around the pipe read ahead past it. So this does what the script does
for plain text, in three parts: apertium-destxt and apertium-retxt (small programs that load nothing) run once
per call, and only the mode's pipeline between them, as apertium-wblank-mode -z writes it, stays up (the gawk
filters only add and strip $AP_SETVAR, which the engine never sets). Every batch is followed by a sentinel whose
answer is known: a stage that dies mid-batch makes the stages after it flush what they had and a NUL, which would
pass for a whole answer; the sentinel's answer cannot come from a dead pipe.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import selectors
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import NamedTuple

SENTINEL = b".[][\n]"     # what apertium-destxt makes of "." and a line end: one word-less sentence
PROBE_S = 60.0            # longest a fresh pipeline may take to answer its first sentinel (dictionaries load)
STDERR_KEPT = 4096
# While waiting for an answer, how often to count the pipeline's stages: a stage that crashes in the middle of the
# pipe (apertium-postchunk of eng-cat segfaults on "are in Wedding's") leaves the stages before it waiting for
# input and bash holding the output open, so no end of file ever says so.
STAGE_CHECK_S = 0.5


class Died(Exception):
    """The pipeline ended (a stage crashed, or was killed) before answering; `detail` is its last stderr line."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class TimedOut(Exception):
    pass


class NotNullFlush(Exception):
    """This mode's pipeline does not answer batch by batch (a stage without null-flush support)."""


class Tools(NamedTuple):
    destxt: str
    retxt: str
    wblank_mode: str
    path: str      # the PATH the script runs its pipeline with


@cache
def null_flush_tools(command: str) -> Tools | None:
    """The programs to split `command`'s work into three, or None where that would not be what it runs: a
    command that is not an apertium script handing the mode to apertium-wblank-mode with -z. Asked once."""
    found = shutil.which(command)
    try:
        script = Path(found).read_bytes()[:200_000] if found else b""
        usage = subprocess.run([command, "-h"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    if b"apertium-wblank-mode" not in script or " -z " not in usage.stdout + usage.stderr:
        return None
    # The script puts $APERTIUM_PATH (default: where it is installed) before $PATH.
    path = os.pathsep.join(filter(None, [os.environ.get("APERTIUM_PATH") or os.path.dirname(found or ""),
                                         os.environ.get("PATH", "")]))
    tools = [shutil.which(name, path=path) for name in ("apertium-destxt", "apertium-retxt", "apertium-wblank-mode")]
    return Tools(*tools, path=path) if all(tools) else None  # type: ignore[misc]


def pipeline_command(tools: Tools, mode_file: Path, deadline: float) -> list[str]:
    """bash running the mode's pipeline in null-flush mode, with the script's arguments for plain text with
    unknown-word marks ($1 = -g for the generator, $2 = no tagger option)."""
    left = deadline - time.monotonic()
    try:
        done = subprocess.run([tools.wblank_mode, "-z", str(mode_file)], capture_output=True, text=True,
                              timeout=max(left, 0.001), env=environment(tools))
    except subprocess.TimeoutExpired:
        raise TimedOut() from None
    if done.returncode != 0 or not done.stdout.strip():
        raise NotNullFlush(done.stderr.strip() or f"apertium-wblank-mode could not read {mode_file}")
    return ["bash", "-c", done.stdout, "apertium", "-g", ""]


def environment(tools: Tools) -> dict[str, str]:
    return {**utf8_environment(), "PATH": tools.path}


@cache
def utf8_environment() -> dict[str, str]:
    """The environment the apertium script gives its tools: LC_CTYPE set to the first UTF-8 locale installed."""
    env = dict(os.environ)
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        names = []
    utf8 = [n for n in names if n.lower().replace("-", "").replace(".", "").endswith("utf8")]
    if utf8:
        env["LC_CTYPE"] = utf8[0]
    return env


def run_tool(tool: str, data: bytes, deadline: float, env: dict[str, str]) -> bytes:
    """One apertium-destxt or apertium-retxt run (a few ms: they load nothing), by `deadline` (monotonic)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimedOut()
    try:
        done = subprocess.run([tool], input=data, capture_output=True, timeout=left, env=env)
    except subprocess.TimeoutExpired:
        raise TimedOut() from None
    if done.returncode != 0:
        raise Died(done.stderr.decode("utf-8", "replace").strip() or f"{os.path.basename(tool)} failed")
    return done.stdout


class NullFlushPipeline:
    """One running `apertium -z -f none <mode>`; ask() is serialised by a lock, and any failure (death, deadline)
    kills the pipeline so that the next ask() starts a fresh one."""

    def __init__(self, argv: Callable[[float], list[str]], env: dict[str, str]) -> None:
        self.argv = argv   # deadline -> the command line, worked out at each start
        self.env = env
        self.lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._sentinel_answer = b""
        self._stderr = b""
        self._stages = 0  # processes in the pipeline's group once it answered its probe (bash and its stages)

    def ask(self, data: bytes, deadline: float) -> bytes:
        """The pipeline's answer to `data` (deformatted, without NUL) by `deadline` (monotonic). Raises Died,
        TimedOut or NotNullFlush."""
        if b"\0" in data:
            raise ValueError("a null-flush batch cannot contain NUL")
        with self.lock:
            if self._process is not None and not self._idle():
                self._stop(kill=True)  # it died, or a stage did, since the last call: not this batch's fault
            try:
                if self._process is None:
                    self._start(deadline)
                answer, sentinel = self._exchange(data + b"\0" + SENTINEL + b"\0", 2, deadline)
            except BaseException:
                self._stop(kill=True)
                raise
            if sentinel != self._sentinel_answer:
                self._stop(kill=True)
                raise Died(self._last_error() or ("" if not answer.strip() else "its pipeline stopped answering"))
            return answer

    def close(self) -> None:
        with self.lock:
            self._stop(kill=False)

    def end_input(self) -> None:
        """Close the pipeline's input, so that it ends while others are closed too; close() waits for it."""
        with self.lock:
            if self._process is not None and self._process.stdin is not None:
                with contextlib.suppress(OSError):
                    self._process.stdin.close()

    def _start(self, deadline: float) -> None:
        probe_deadline = min(deadline, time.monotonic() + PROBE_S)
        # Its own process group: the script's dozen pipe stages are killed together on a deadline.
        self._process = subprocess.Popen(self.argv(deadline), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, env=self.env, start_new_session=True)
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            fcntl.fcntl(stream.fileno(), fcntl.F_SETFL, fcntl.fcntl(stream.fileno(), fcntl.F_GETFL) | os.O_NONBLOCK)
        self._stderr = b""
        try:
            [answer] = self._exchange(SENTINEL + b"\0", 1, probe_deadline)
        except TimedOut:
            if probe_deadline >= deadline:
                raise  # the call's own deadline, not a pipeline that never answers
            raise NotNullFlush(f"no answer to the probe in {PROBE_S:.0f}s") from None
        except Died as exc:
            raise NotNullFlush(str(exc)) from exc
        if not answer.strip():
            raise NotNullFlush("empty answer to the probe")
        self._sentinel_answer = answer
        self._stages = group_size(self._process.pid)

    def _exchange(self, data: bytes, answers: int, deadline: float) -> list[bytes]:
        """Write `data` while reading: a large batch fills the pipe buffers both ways, so neither may wait on the
        other. Returns the first `answers` NUL-terminated chunks of output."""
        process = self._process
        assert process is not None and process.stdin and process.stdout and process.stderr
        out = bytearray()
        pending = memoryview(data)
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            selector.register(process.stderr, selectors.EVENT_READ)
            selector.register(process.stdin, selectors.EVENT_WRITE)
            while out.count(b"\0") < answers:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimedOut()
                events = selector.select(min(left, STAGE_CHECK_S))
                if not events and self._lost_a_stage():
                    raise Died(self._last_error() or "a stage of its pipeline ended in the middle of a batch")
                for key, _ in events:
                    if key.fileobj is process.stdin:
                        try:
                            pending = pending[os.write(process.stdin.fileno(), pending[:65536]):]
                        except BrokenPipeError:
                            pending = pending[:0]  # it died: the reads say so
                        if not pending:
                            selector.unregister(process.stdin)
                        continue
                    chunk = os.read(key.fileobj.fileno(), 65536)
                    if key.fileobj is process.stderr:
                        self._stderr = (self._stderr + chunk)[-STDERR_KEPT:]
                        if not chunk:
                            selector.unregister(process.stderr)
                    elif chunk:
                        out += chunk
                    else:
                        raise Died(self._last_error())
        return bytes(out).split(b"\0")[:answers]

    def _lost_a_stage(self) -> bool:
        return bool(self._stages) and self._process is not None and group_size(self._process.pid) < self._stages

    def _idle(self) -> bool:
        """A healthy pipeline between calls has exited nothing, lost no stage and has nothing to say; a dead
        stage's successors flush a NUL and close their output."""
        process = self._process
        assert process is not None and process.stdout
        if process.poll() is not None or self._lost_a_stage():
            return False
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            return not selector.select(0)

    def _last_error(self) -> str:
        lines = self._stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def _stop(self, kill: bool) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()  # type: ignore[union-attr]  # a healthy pipeline ends on end of input
        try:
            if not kill:
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    kill = True  # a stage that does not end on end of input
            if kill:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # the whole group: the script's pipe stages too
                process.wait()
        finally:
            for stream in (process.stdout, process.stderr):
                stream.close()  # type: ignore[union-attr]


def group_size(group: int) -> int:
    """How many live processes (zombies aside) are in a process group, read from /proc."""
    count = 0
    with os.scandir("/proc") as entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as stat:
                    data = stat.read()
            except OSError:
                continue  # it ended while we looked
            fields = data[data.rfind(b")") + 2:].split()  # state, ppid, pgrp, ... (the name may hold spaces)
            if len(fields) > 2 and fields[0] != b"Z" and int(fields[2]) == group:
                count += 1
    return count
