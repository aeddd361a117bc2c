"""The installer's browser: plain GETs that follow no redirect and keep the cookies the app sets, as
a browser keeps them for the app's own host (Secure is ignored: the test server is plain HTTP)."""

from __future__ import annotations

import http.client
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

STATE_COOKIE = "slack-app-oauth-state"


@dataclass(frozen=True)
class Page:
    status: int
    location: str | None
    body: str


class Browser:
    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, url: str) -> Page:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    self._keep(value)
            return Page(response.status, response.getheader("location"), response.read().decode())
        finally:
            connection.close()

    def _keep(self, header: str) -> None:
        for name, morsel in SimpleCookie(header).items():
            if morsel.value == "deleted" or morsel["max-age"] == "0":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
