from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from echo_engine import EchoEngine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "input" / "nato-russia-talks.txt"


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with the sample article in input/."""
    (tmp_path / "input").mkdir()
    shutil.copy(SAMPLE, tmp_path / "input" / SAMPLE.name)
    return tmp_path


@pytest.fixture
def echo() -> EchoEngine:
    return EchoEngine()


def write_job(project: Path, body: str) -> Path:
    path = project / "translator.toml"
    path.write_text(body, encoding="utf-8")
    return path


def require_engine(name: str, reason: str | None) -> None:
    """Skip when an engine cannot run here, unless CI said it installs that engine (then fail)."""
    if reason is None:
        return
    required = os.environ.get("TRANSLATOR_REQUIRE_ENGINES", "").split()
    if name in required:
        pytest.fail(f"{name} must run in CI but is unavailable: {reason}")
    pytest.skip(f"{name} unavailable: {reason}")
