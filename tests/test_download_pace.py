"""A download ends: a server that trickles bytes or goes silent is cut off by the deadline or the minimum rate,
with a named error, instead of holding the command (the test's pace is ~1 s; the real one an hour and 4 KiB/s)."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from translator.errors import DownloadError
from translator.models.download import Pace, download


class TrickleServer:
    """A loopback server that announces a large file, then sends one byte every `interval` seconds (or none)."""

    def __init__(self, interval: float | None) -> None:
        self.interval = interval
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow.argosmodel"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.listener.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\nContent-Type: application/zip\r\n\r\n")
            try:
                while not self.stop.is_set():
                    if self.interval is None:
                        time.sleep(0.05)
                        continue
                    conn.sendall(b"x")
                    time.sleep(self.interval)
            except OSError:
                pass  # the client hung up, as it should

    def close(self) -> None:
        self.stop.set()
        time.sleep(0.15)  # the accept loop sees the stop before the socket goes
        self.listener.close()


@pytest.fixture
def trickle(request):
    server = TrickleServer(request.param)
    yield server
    server.close()


@pytest.mark.parametrize("trickle, pace, message", [
    (0.02, Pace(deadline=1.0, min_rate=1, window=60), r"download not finished after 1 s \(\d+ bytes so far\)"),
    (0.02, Pace(deadline=60, min_rate=1000, window=0.5), r"download too slow \(\d+ bytes/s over [\d.]+ s, "
                                                         r"under the 1000 bytes/s a download needs\)"),
    (None, Pace(deadline=1.0, min_rate=1, window=60), r"download interrupted at 0 bytes \(timed out\)"),
], indirect=["trickle"], ids=["deadline", "minimum-rate", "silent"])
def test_a_slow_server_is_cut_off_with_a_named_error(trickle, tmp_path, pace, message):
    start = time.monotonic()
    with pytest.raises(DownloadError, match=f"{trickle.url}: {message}"):
        download(trickle.url, tmp_path / "p.argosmodel", timeout=30, pace=pace)
    assert time.monotonic() - start < 5
    assert not (tmp_path / "p.argosmodel").exists()


def test_a_fast_download_is_not_cut_off(tmp_path, argos_packages):
    from argos_builder import PackageServer

    server = PackageServer()
    data = argos_packages["en-ru"].read_bytes()
    server.files["/en_ru.argosmodel"] = data
    path = download(f"{server.url}/en_ru.argosmodel", tmp_path / "p.argosmodel",
                    pace=Pace(deadline=5, min_rate=1000, window=0.01))
    assert path.read_bytes() == data


@pytest.mark.parametrize("trickle", [0.02], indirect=True)
def test_a_trickling_package_index_is_cut_off(trickle):
    from translator.models.index import fetch_index

    start = time.monotonic()
    with pytest.raises(DownloadError, match=f"{trickle.url}: download not finished after 1 s"):
        fetch_index(trickle.url, pace=Pace(deadline=1.0, min_rate=1, window=60))
    assert time.monotonic() - start < 5
