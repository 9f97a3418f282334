"""Fakes and helpers shared by the tests (one home for them)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

DEMO_PASSWORD = "demo-password-1"
ENGLISH = {"Accept-Language": "en"}
"""Test clients ask for English answers unless a test is about the language; zh-CN is the server's default."""
# 10:00 in Shanghai on a Monday: the branch is open
START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand; services read it through `Container.clock`."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        self.now += timedelta(seconds=seconds, **delta)
        return self.now


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def login(client: Any, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    """Log in through the API and return the Authorization header."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return bearer(response.json()["access_token"])


def token_headers(container: Any, username: str) -> dict[str, str]:
    """A real access token for a demo account, minted without the (deliberately slow) password hash."""
    from sqlalchemy import select

    from server.db.models import Device, Staff
    from server.services.auth import issue_token, load_principal

    with container.db.read() as session:
        staff_id = session.scalar(select(Staff.id).where(Staff.username == username))
        if staff_id is not None:
            principal = load_principal(session, "staff", staff_id)
        else:
            device_id = session.scalar(select(Device.id).where(Device.username == username))
            principal = load_principal(session, "device", device_id)
    token, _ = issue_token(principal, container.settings.secret_key, container.clock(), 60 * 24 * 60)
    return bearer(token)
