"""Create requests with an `Idempotency-Key`: a retry acts once and answers what the first attempt got; the
same key for another request, a malformed key, and a retry while the first is still being answered are
refused with their codes; a refused request is not kept; keys are forgotten after 24 hours."""

from __future__ import annotations

import concurrent.futures

import pytest
import requests
from sqlalchemy import func, select

from server.db.models import Appointment, Device, Event, IdempotencyKey, Rating, Ticket
from server.domain.enums import Channel
from server.services.auth import load_principal
from server.services.tickets import IssueRequest
from tests.helpers import token_headers
from tests.server.conftest import BASE

ISSUE = f"{BASE}/branches/demo/tickets"
KEY = "k" * 16
SLOT = "2026-11-30T10:30:00+08:00"  # the test clock is 10:00 in Shanghai


def _count(container, model, *where) -> int:  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def _issued_events(container) -> int:  # type: ignore[no-untyped-def]
    return _count(container, Event, Event.type == "ticket.issued")


def _issue(client, floor, key=KEY, service="cash", as_="kiosk-1", language="en"):  # type: ignore[no-untyped-def]
    headers = {**floor.as_(as_), "Idempotency-Key": key, "Accept-Language": language}
    return client.post(ISSUE, json={"service": service, "channel": "kiosk"}, headers=headers)


def test_a_retry_with_the_same_key_answers_the_same_ticket_and_issues_nothing(client, floor, container):
    first = _issue(client, floor)
    retry = _issue(client, floor)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _count(container, Ticket) == 1
    assert _issued_events(container) == 1


def test_without_a_key_every_request_acts(client, floor, container):
    numbers = [floor.issue("cash")["number"] for _ in range(2)]

    assert numbers == ["A001", "A002"]


def test_different_keys_make_different_tickets(client, floor, container):
    first = _issue(client, floor, key="a" * 16).json()
    second = _issue(client, floor, key="b" * 16).json()

    assert (first["number"], second["number"]) == ("A001", "A002")


def test_the_same_key_from_another_account_is_another_request(client, floor, container):
    body = {"service": "cash", "channel": "counter"}
    answers = [
        client.post(ISSUE, json=body, headers={**floor.as_(account), "Idempotency-Key": KEY}).json()["number"]
        for account in ("lobby", "manager")
    ]

    assert answers == ["A001", "A002"]


@pytest.mark.parametrize(
    ("language", "wording"),
    [("en", "this Idempotency-Key was already used for a different request"),
     ("zh-CN", "此 Idempotency-Key 已用于另一个不同的请求。")],
)
def test_the_same_key_for_a_different_request_is_refused(client, floor, container, language, wording):
    _issue(client, floor, service="cash")
    other = _issue(client, floor, service="fx", language=language)

    assert other.status_code == 409
    assert (other.json()["code"], other.json()["field"], other.json()["detail"]) == (
        "idempotency.key_reused", "Idempotency-Key", wording
    )
    assert _count(container, Ticket) == 1


@pytest.mark.parametrize("key", ["short", "x" * 65, "spaces are not allowed", "ключ-ключ-ключ-ключ".encode(), "a/b" * 8])
def test_a_malformed_key_is_refused_before_anything_happens(client, floor, container, key):
    refused = client.post(ISSUE, json={"service": "cash", "channel": "kiosk"},
                          headers={**floor.as_("kiosk-1"), "Idempotency-Key": key, "Accept-Language": "zh-CN"})

    assert refused.status_code == 422
    body = refused.json()
    assert (body["code"], body["field"]) == ("idempotency.key_invalid", "Idempotency-Key")
    assert body["detail"] == "请求头 Idempotency-Key 须为 16 至 64 个字母、数字、“-”或“_”。"
    assert _count(container, Ticket) == 0


def test_a_refused_request_is_not_kept_and_may_be_sent_again(client, floor, container):
    issued = floor.issue("cash")
    rate = {"json": {"score": 4}, "headers": {"Idempotency-Key": KEY}}
    too_early = client.post(f"{BASE}/tickets/{issued['token']}/rating", **rate)
    floor.open(1, "teller1")
    floor.call(1, "teller1")
    floor.act(issued["id"], "start", "teller1")
    floor.act(issued["id"], "finish", "teller1")

    rated = client.post(f"{BASE}/tickets/{issued['token']}/rating", **rate)
    again = client.post(f"{BASE}/tickets/{issued['token']}/rating", **rate)

    assert (too_early.status_code, too_early.json()["code"]) == (409, "feedback.not_finished")
    assert rated.status_code == again.status_code == 201
    assert again.json() == rated.json() and again.headers["Idempotent-Replayed"] == "true"
    assert _count(container, Rating) == 1


def test_a_booking_retried_with_its_key_is_the_same_booking_with_the_same_manage_token(client, container):
    booking = {"service": "loans", "slot_start": SLOT, "name": "王芳", "phone": "13812345678"}
    answers = [
        client.post(f"{BASE}/branches/demo/appointments", json=booking, headers={"Idempotency-Key": KEY})
        for _ in range(2)
    ]

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[1].json() == answers[0].json() and answers[0].json()["manage_token"]
    assert _count(container, Appointment) == 1


def test_the_stored_answer_reveals_no_key_and_no_manage_token(client, container):
    booking = {"service": "loans", "slot_start": SLOT, "name": "王芳", "phone": "13812345678"}
    answer = client.post(f"{BASE}/branches/demo/appointments", json=booking, headers={"Idempotency-Key": KEY}).json()

    with container.db.read() as session:
        kept = session.scalars(select(IdempotencyKey)).one()
        stored = (kept.key_hash + kept.fingerprint + kept.scope + kept.route).encode() + kept.answer

    assert kept.scope == "anonymous" and kept.route == "POST /branches/{code}/appointments"
    assert KEY.encode() not in stored and answer["manage_token"].encode() not in stored
    assert answer["code"].encode() not in stored


def test_a_check_in_retried_with_its_key_is_one_check_in(client, floor, container):
    code = client.post(f"{BASE}/branches/demo/appointments",
                       json={"service": "loans", "slot_start": SLOT, "name": "王芳", "phone": "13812345678"}).json()["code"]
    headers = {**floor.as_("kiosk-1"), "Idempotency-Key": KEY}
    answers = [client.post(ISSUE, json={"channel": "appointment", "appointment": code}, headers=headers)
               for _ in range(2)]

    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[1].json() == answers[0].json() and answers[0].json()["channel"] == "appointment"
    assert _issued_events(container) == 1


def test_keys_are_forgotten_after_24_hours(client, floor, container, clock):
    first = _issue(client, floor).json()
    clock.advance(hours=24, minutes=1)
    later = _issue(client, floor)

    assert later.status_code == 201 and "Idempotent-Replayed" not in later.headers
    assert later.json()["token"] != first["token"]
    assert container.idempotency.purge() == 0  # the expired key's slot was taken over by the new request
    clock.advance(hours=24, minutes=1)
    assert container.idempotency.purge() == 1
    assert _count(container, IdempotencyKey) == 0


def test_a_retry_while_the_first_is_being_answered_is_told_to_wait_and_later_that_the_answer_was_lost(
    client, floor, container, clock,
):
    """The first request has committed its ticket but not stored its answer yet when the retries arrive
    (the first runs through the service here, so the test can act between its commit and its answer)."""
    headers = {**token_headers(container, "kiosk-1"), "Idempotency-Key": KEY}
    body = {"service": "cash", "channel": "kiosk"}
    retries = []

    def first_request():  # type: ignore[no-untyped-def]
        answer = container.tickets.issue(IssueRequest("demo", "cash", Channel.KIOSK, None, None), principal)
        retries.append(client.post(ISSUE, json=body, headers=headers))
        clock.advance(minutes=2)
        retries.append(client.post(ISSUE, json=body, headers=headers))
        return answer

    principal = _principal(container, "kiosk-1")
    answer, replayed = container.idempotency.run(
        principal, "POST /branches/{code}/tickets", KEY, {"code": "demo", "body": {
            "service": "cash", "channel": "kiosk", "priority": None, "appointment": None}}, first_request,
    )

    assert not replayed
    assert [(r.status_code, r.json()["code"]) for r in retries] == [
        (409, "idempotency.in_progress"), (409, "idempotency.answer_lost")
    ]
    assert _issue(client, floor).json() == answer  # once answered, the retry is answered
    assert _count(container, Ticket) == 1


def _principal(container, username):  # type: ignore[no-untyped-def]
    with container.db.read() as session:
        device_id = session.scalar(select(Device.id).where(Device.username == username))
        return load_principal(session, "device", device_id)


def test_copies_of_a_request_sent_at_once_make_one_ticket(live_server):
    """Real concurrency: eight threads send the same request with the same key to the live server."""
    login = requests.post(f"{live_server.api_url}/auth/login",
                          json={"username": "kiosk-1", "password": live_server.accounts.password}, timeout=10)
    headers = {"Authorization": f"Bearer {login.json()['access_token']}", "Idempotency-Key": "concurrent-" + "c" * 8}

    def send(_: int) -> requests.Response:
        return requests.post(f"{live_server.api_url}/branches/demo/tickets",
                             json={"service": "wealth", "channel": "kiosk"}, headers=headers, timeout=20)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(8)))

    issued = {answer.json()["token"] for answer in answers if answer.status_code == 201}
    waiting = [answer for answer in answers if answer.status_code != 201]
    assert len(issued) == 1
    assert all(answer.json()["code"] == "idempotency.in_progress" for answer in waiting)
