"""Pages tested in Debian's Chromium (Playwright) against the real server on loopback (`live_server`).

One browser for the session; each test gets fresh contexts. Every context refuses any request that leaves
127.0.0.1 and records it (`Visit.outside`): the pages must work in a closed branch network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tests.support.live_server import LiveServer, live_server_fixture

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
TV = {"viewport": {"width": 1920, "height": 1080}}
LOCALES = {"zh-CN": "zh-CN", "en": "en-GB"}
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@dataclass
class Visit:
    """A browser context of one size and language; `outside` lists requests that tried to leave loopback."""

    context: Any
    outside: list[str] = field(default_factory=list)

    def page(self) -> Any:
        return self.context.new_page()


@pytest.fixture
def visit(browser: Any, live_server: LiveServer) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def open_context(size: dict[str, Any] = PHONE, language: str = "zh-CN") -> Visit:
        context = browser.new_context(locale=LOCALES[language], base_url=live_server.base_url, **size)
        context.set_default_timeout(10_000)
        made = Visit(context)

        def guard(route: Any) -> None:
            if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                made.outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        opened.append(made)
        return made

    yield open_context
    for made in opened:
        made.context.close()


class Api:
    """The API of the live server as the other actors use it: kiosk, tellers, manager."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server
        self.http = requests.Session()
        self._tokens: dict[str, str] = {}

    def headers(self, username: str) -> dict[str, str]:
        if username not in self._tokens:
            answer = self.http.post(f"{self.server.api_url}/auth/login",
                                    json={"username": username, "password": self.server.accounts.password}, timeout=10)
            answer.raise_for_status()
            self._tokens[username] = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self._tokens[username]}", "Accept-Language": "en"}

    def post(self, path: str, username: str | None = None, body: Any = None, expect: int | None = 200) -> Any:
        headers = self.headers(username) if username else {"Accept-Language": "en"}
        answer = self.http.post(f"{self.server.api_url}{path}", json=body, headers=headers, timeout=10)
        if expect is not None:
            assert answer.status_code == expect, answer.text
        return answer

    def get(self, path: str) -> Any:
        answer = self.http.get(f"{self.server.api_url}{path}", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def issue(self, service: str) -> dict[str, Any]:
        return self.post(f"/branches/{self.server.branch}/tickets", "kiosk-1",
                         {"service": service, "channel": "kiosk"}, expect=201).json()


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[Api]:
    made = Api(live_server)
    yield made
    made.http.close()


@pytest.fixture
def counter(api: Api) -> Iterator[Callable[[int, str], int]]:
    """Opens a counter for a test (`counter(5, "teller5")`) and closes it afterwards."""
    held: list[tuple[int, str]] = []

    def open_counter(number: int, teller: str) -> int:
        api.post(f"/counters/{number}/open", teller)
        held.append((number, teller))
        return number

    yield open_counter
    for number, teller in held:
        api.post(f"/counters/{number}/close", teller, expect=None)


live_server = pytest.fixture(scope="package", name="live_server")(live_server_fixture)
"""The pages get a demo server of their own: tests elsewhere in the session (kiosk, client, counter app) leave
tickets waiting and counters open on the shared one, and these tests read exact numbers and counters."""
