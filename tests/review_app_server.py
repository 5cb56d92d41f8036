"""The review app as its users get it: `translator review serve --port 0` started in a project the echo engine
translated, its URL read from stdout, and plain HTTP to it (urllib: what a script would use)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT, SAMPLE
from echo_engine import EchoEngine

SLUG = "nato-russia-talks"
JOB = ('source = "en"\ntargets = ["ru", "uk"]\nformats = ["md", "html"]\n[engines]\norder = ["echo"]\n'
       '[engines.echo]\ndelay = {delay}\nsignal = "{signal}"\n')
TESTS = Path(__file__).resolve().parent


class SignallingEcho(EchoEngine):
    """The echo engine that leaves a file `<signal>-<target>` when it starts on a batch: the run has read that
    language's catalogs and is waiting on the engine (job: [engines.echo] signal = "path")."""

    def __init__(self, delay: float = 0.0, signal: str = "") -> None:
        super().__init__(delay=delay)
        self.signal = signal

    def translate(self, sentences, source: str, target: str) -> list[str]:
        if self.signal:
            Path(f"{self.signal}-{target}").touch()
        return super().translate(sentences, source, target)


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(TESTS)]),
            "TRANSLATOR_ENGINES": "echo=review_app_server:SignallingEcho", "TRANSLATOR_REVIEWER": ""}


def make_project(folder: Path) -> Path:
    """The sample article in ru and uk by the echo engine (every unit held by the qa policy)."""
    (folder / "input").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "input" / SAMPLE.name)
    write_job(folder)
    result = run_job(folder)
    assert result.returncode == 3, result.stderr  # held for review
    return folder


def write_job(folder: Path, delay: float = 0.0, signal: str = "") -> None:
    (folder / "translator.toml").write_text(JOB.format(delay=delay, signal=signal), encoding="utf-8")


def run_job(folder: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "translator", "run", "-q", *args], cwd=folder, env=environment(),
                          capture_output=True, text=True, timeout=timeout)


def catalog(folder: Path, language: str = "ru", slug: str = SLUG) -> Path:
    return folder / "locales" / language / "LC_MESSAGES" / f"{slug}.po"


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    base: str
    token: str
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"{self.base}/?token={self.token}"

    def request(self, method: str, path: str, data: object = None, *, token: bool = True,
                headers: dict[str, str] | None = None) -> Reply:
        body = json.dumps(data).encode() if data is not None else None
        sent = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        request = urllib.request.Request(self.base + path, data=body, method=method, headers=sent)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=60) as response:
                return Reply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def units(self, language: str = "ru", article: str | None = SLUG) -> list[dict]:
        reply = self.get(f"/api/units?lang={language}" + (f"&article={article}" if article else ""))
        assert reply.status == 200, reply.text
        return reply.json()

    def save(self, unit_id: str, **change) -> Reply:
        return self.request("POST", f"/api/units/{unit_id}", change)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the test looks at the redirect itself


def start_server(folder: Path, *args: str, reviewer: str = "Ana Lima") -> Server:
    process = subprocess.Popen([sys.executable, "-m", "translator", "review", "serve", "--port", "0",
                                "--reviewer", reviewer, *args], cwd=folder, env=environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    line = process.stdout.readline()  # the server prints its URL once it listens
    if not line.startswith("Review app: ") or time.monotonic() > deadline:
        process.kill()
        raise AssertionError(f"no URL from the review app: {line!r} {process.stderr.read()}")
    url = line.split(": ", 1)[1].strip()
    base, _, token = url.partition("/?token=")
    return Server(base, token, process)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=20)
