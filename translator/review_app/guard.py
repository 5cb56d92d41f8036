"""Who may use the review app: the holder of its token, from a page of the app itself.

A pure ASGI middleware (no framework import): every request needs the token, as `Authorization: Bearer …` or
the cookie that the tokened URL sets; a request that changes state from a page of another site (its Origin, else
its Referer, names another origin) is refused; a Host the app was not started for is refused (DNS rebinding);
every response carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, Iterable
from urllib.parse import parse_qs, urlsplit

COOKIE = "translator_review"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]

Scope = dict
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]


class Guard:
    def __init__(self, app, token: str, hosts: Iterable[str] | None) -> None:
        self.app = app
        self.token = token
        self.hosts = {h.lower() for h in hosts} if hosts is not None else None  # None: any (not on loopback)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if self.hosts is not None and _hostname(host) not in self.hosts:
            return await _refuse(send, 403, f"host {host!r} is not this review app's; open the URL it printed")
        method = scope["method"].upper()
        if method not in SAFE_METHODS and not _same_origin(headers, scope.get("scheme", "http"), host):
            return await _refuse(send, 403, "a request from another site may not change the catalogs")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        if given and method == "GET" and self._is_token(given):
            # The tokened URL: set the cookie and go to the same page without the token in the address bar.
            return await _redirect_with_cookie(send, scope.get("path", "/"), self.token)
        if not (self._is_token(_bearer(headers)) or self._is_token(_cookie(headers))):
            return await _refuse(send, 401, "the review app needs its token: open the URL it printed, or send "
                                            "Authorization: Bearer <token>")

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                own = message.get("headers", [])
                # A response with its own policy (the sandboxed edition preview) keeps it; the rest get ours.
                extra = [h for h in HEADERS if h[0] not in {k.lower() for k, _ in own}]
                message = {**message, "headers": [*own, *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)

    def _is_token(self, value: str) -> bool:
        return bool(value) and hmac.compare_digest(value.encode(), self.token.encode())


def _hostname(host: str) -> str:
    return (urlsplit(f"//{host}").hostname or "").lower()


def _same_origin(headers: dict[str, str], scheme: str, host: str) -> bool:
    """True when the request comes from a page of this app, or from no page at all (a script sends neither
    Origin nor Referer); browsers send Origin with every state-changing fetch and form post."""
    origin = headers.get("origin")
    if origin is None and "referer" in headers:
        parts = urlsplit(headers["referer"])
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin is None or origin.lower() == f"{scheme}://{host}".lower()


def _bearer(headers: dict[str, str]) -> str:
    kind, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if kind.lower() == "bearer" else ""


def _cookie(headers: dict[str, str]) -> str:
    from http.cookies import CookieError, SimpleCookie

    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:
        return ""
    return jar[COOKIE].value if COOKIE in jar else ""


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(send: Send, path: str, token: str) -> None:
    from urllib.parse import quote

    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    location = "/" + quote(path.lstrip("/"))  # never "//host": the redirect stays on this app
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode()),
                            (b"content-length", b"0"), *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
