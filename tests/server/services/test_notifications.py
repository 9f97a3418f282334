"""Customer messages through the bank's gateway, against a real HTTP receiver on loopback: "three places
ahead", "your turn" and tomorrow's appointment reminder arrive signed, once each, after the commit; a failing
gateway is retried with backoff under the same idempotency id; phone numbers are deleted after the visit."""

from __future__ import annotations

import time

from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from server.api.app import create_app
from server.container import build_container
from server.db.models import Appointment, Notification, Ticket
from server.services.notifications import forget_phones
from tests.helpers import ENGLISH, token_headers
from tests.support.webhook_receiver import WebhookReceiver

BASE = "/api/v1"
SECRET = "gateway-shared-secret-0123456789"
PHONE = "13800138000"


@pytest.fixture
def gateway() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET, fail_first=2) as receiver:
        yield receiver


@pytest.fixture
def branch(settings, clock, gateway):  # type: ignore[no-untyped-def]
    """The demo branch with the gateway configured, its delivery worker running, remote queue on."""
    settings = settings.model_copy(update={"notify_webhook_url": gateway.url, "notify_webhook_secret": SECRET})
    container = build_container(settings, clock=clock, migrate=False)
    container.deliveries.start()
    with TestClient(create_app(container, background_jobs=False), headers=ENGLISH) as client:
        def post(path: str, username: str | None = None, body: object = None, status: int = 200) -> dict:
            headers = token_headers(container, username) if username else {}
            answer = client.post(BASE + path, json=body, headers=headers)
            assert answer.status_code == status, answer.text
            return answer.json() if answer.content else {}

        client.put(f"{BASE}/branches/demo/remote-queue/settings", json={"enabled": True},
                   headers=token_headers(container, "manager")).raise_for_status()
        yield container, post
    container.close()


def advance_past_backoff(clock, container, gateway, count: int) -> None:  # type: ignore[no-untyped-def]
    """Once the worker has recorded the last try, move the clock past the retry delay, wake the worker, and
    wait for request number `count`."""
    assert container.deliveries.wait_for_attempts(count - 1, 10.0)
    clock.advance(minutes=1)
    container.deliveries.nudge()
    gateway.wait_for(count)


def test_the_three_messages_arrive_signed_once_each_after_retries(branch, clock, gateway):
    container, post = branch
    post("/counters/1/open", "teller1")
    walk_ins = [post("/branches/demo/tickets", "kiosk-1", {"service": "cash", "channel": "kiosk"}, 201)
                for _ in range(4)]
    remote = post("/branches/demo/remote-queue/tickets", None, {"service": "cash", "phone": PHONE}, 201)
    post("/branches/demo/remote-queue/check-in", "kiosk-1", {"ticket": remote["qr_code"]})
    assert gateway.received == []  # four ahead: nothing to say yet

    first = post("/counters/1/call-next", "teller1")  # now three ahead
    assert first["number"] == walk_ins[0]["number"]
    gateway.wait_for(1)  # delivered after the commit, and refused: 500
    advance_past_backoff(clock, container, gateway, 2)  # refused again
    advance_past_backoff(clock, container, gateway, 3)  # taken
    near = gateway.received
    assert [request.answered for request in near] == [500, 500, 200]
    assert {request.idempotency_key for request in near} == {near[0].body["id"]}  # one message, three tries
    assert near[0].body["kind"] == "near" and near[0].body["phone"] == PHONE
    assert "前面还有 3 人" in near[0].body["text"] and remote["number"] in near[0].body["text"]

    post(f"/tickets/{first['id']}/no-show", "teller1")
    for _ in walk_ins[1:]:
        post(f"/tickets/{post('/counters/1/call-next', 'teller1')['id']}/no-show", "teller1")
    called = post("/counters/1/call-next", "teller1")
    assert called["number"] == remote["number"]
    turn = gateway.wait_for(4)[3]
    assert turn.body["kind"] == "called" and "1 号窗口" in turn.body["text"] and turn.answered == 200

    tomorrow = (clock.now + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    booking = post("/branches/demo/appointments", None,
                   {"service": "loans", "slot_start": tomorrow.isoformat(), "name": "王芳", "phone": "13900139000"}, 201)
    assert container.notifications.remind_appointments(container.changes) == 1
    reminder = gateway.wait_for(5)[4]
    assert reminder.body["kind"] == "reminder" and reminder.body["phone"] == "13900139000"
    assert booking["code"] in reminder.body["text"]
    assert container.notifications.remind_appointments(container.changes) == 0  # once

    assert all(request.signature_valid for request in gateway.received)
    assert [request.body["kind"] for request in gateway.delivered()] == ["near", "called", "reminder"]
    expected = [("near", 3), ("called", 1), ("reminder", 1)]
    deadline = time.monotonic() + 10  # the worker records the attempt just after the gateway has answered
    while True:
        with container.db.read() as session:
            rows = session.scalars(select(Notification).order_by(Notification.id)).all()
            attempts = [(row.kind, row.attempts) for row in rows]
        if attempts == expected or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    assert attempts == expected
    assert all(row.delivered_at is not None and row.body_sealed is None for row in rows)  # no number kept


def test_a_gateway_that_never_answers_is_given_up_after_the_last_retry(branch, clock, gateway):
    container, post = branch
    gateway.fail_first = 1000
    post("/counters/1/open", "teller1")
    post("/branches/demo/remote-queue/tickets", None, {"service": "cash", "phone": PHONE}, 201)
    gateway.wait_for(1)
    for attempt in range(2, 9):
        assert container.deliveries.wait_for_attempts(attempt - 1, 10.0)
        clock.advance(minutes=31)
        container.deliveries.nudge()
        gateway.wait_for(attempt)
    assert container.deliveries.wait_for_attempts(8, 10.0)
    with container.db.read() as session:
        row = session.scalars(select(Notification)).one()
        assert row.attempts == 8 and row.failed_at is not None and row.body_sealed is None
        assert row.last_error == "HTTP 500"


def test_phone_numbers_are_deleted_after_the_visit_and_the_retention(branch, clock):
    container, post = branch
    post("/counters/1/open", "teller1")
    remote = post("/branches/demo/remote-queue/tickets", None, {"service": "cash", "phone": PHONE}, 201)
    post("/branches/demo/remote-queue/check-in", "kiosk-1", {"ticket": remote["number"]})
    called = post("/counters/1/call-next", "teller1")
    post(f"/tickets/{called['id']}/start", "teller1")
    post(f"/tickets/{called['id']}/finish", "teller1")
    retention = timedelta(hours=24)
    assert forget_phones(container.db, clock, retention) == 0
    clock.advance(hours=25)
    assert forget_phones(container.db, clock, retention) == 1
    with container.db.read() as session:
        ticket = session.scalars(select(Ticket).where(Ticket.number == remote["number"])).one()
        assert ticket.phone_sealed is None and ticket.phone_masked == "138****8000"
        assert session.scalars(select(Appointment.phone_sealed)).all() in ([], [None])
