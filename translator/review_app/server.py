"""Serving the review app: a loopback socket bound first (so `--port 0` knows its port before the URL is shown),
a fresh token, uvicorn on that socket until Ctrl-C."""

from __future__ import annotations

import getpass
import ipaddress
import os
import secrets
import socket

from translator.errors import UsageError

LOOPBACK = ("127.0.0.1", "::1", "localhost")  # the Host names served when listening on loopback


def reviewer_name(given: str | None) -> str:
    """Who approves: --reviewer, else $TRANSLATOR_REVIEWER, else the login name."""
    name = (given or os.environ.get("TRANSLATOR_REVIEWER") or "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = "reviewer"
    return " ".join(name.split())  # one line: it goes into a PO header and a comment


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one), or UsageError saying why not."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except (OSError, OverflowError) as exc:
        raise UsageError(f"cannot listen on {host}:{port} ({exc}); choose another --port (0: any free one)") from exc
    return sock


def new_token() -> str:
    return secrets.token_urlsafe(24)


def url_of(sock: socket.socket, token: str) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def serve(app, sock: socket.socket) -> None:
    """Run `app` on `sock` until interrupted."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
