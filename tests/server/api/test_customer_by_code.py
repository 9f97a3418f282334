"""Everything a customer does from the status page works with the signed code the page was opened with:
status, its own event stream, cancel, rating with reasons. The reasons are one list on the server."""

from __future__ import annotations

import pytest
from starlette.websockets import WebSocketDisconnect

from server.domain.rating_reasons import OFFERED, ReasonCategory
from tests.server.conftest import BASE


def _done_ticket(floor, clock):  # type: ignore[no-untyped-def]
    floor.open(1, "teller1")
    issued = floor.issue("cash")
    called = floor.call(1, "teller1").json()
    floor.act(called["id"], "start", "teller1")
    clock.advance(minutes=3)
    floor.act(called["id"], "finish", "teller1")
    return issued


def test_cancel_with_the_signed_code(floor, client):  # type: ignore[no-untyped-def]
    issued = floor.issue("cash")
    answer = client.post(f"{BASE}/tickets/{issued['qr_code']}/cancel")
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
    assert "id" not in answer.json()  # the public's view
    assert client.get(f"{BASE}/tickets/{issued['token']}").json()["status"] == "cancelled"


def test_rating_with_the_signed_code_and_reasons_the_first_rating_stands(floor, client, clock):  # type: ignore[no-untyped-def]
    issued = _done_ticket(floor, clock)
    rated = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating", json={"score": 2, "reasons": ["wait_long"]})
    assert rated.status_code == 201 and rated.json()["reasons"] == ["wait_long"]
    again = client.post(f"{BASE}/tickets/{issued['token']}/rating", json={"score": 5})
    assert again.status_code == 409 and again.json()["code"] == "feedback.already_rated"
    more = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating/details", json={"comment": "太慢"})
    assert more.status_code == 409 and more.json()["code"] == "feedback.details_given"


def test_one_tap_then_the_reasons_once(floor, client, clock):  # type: ignore[no-untyped-def]
    issued = _done_ticket(floor, clock)
    early = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating/details", json={"reasons": ["wait_long"]})
    assert early.status_code == 404 and early.json()["code"] == "feedback.not_rated"
    assert client.post(f"{BASE}/tickets/{issued['qr_code']}/rating", json={"score": 1}).status_code == 201
    empty = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating/details", json={})
    assert empty.status_code == 422 and empty.json()["code"] == "feedback.details_empty"
    details = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating/details",
                          json={"reasons": ["staff_unfriendly", "wait_long"], "comment": " 态度差 "})
    assert details.status_code == 200
    assert details.json() == {"number": issued["number"], "score": 1, "comment": "态度差",
                              "reasons": ["staff_unfriendly", "wait_long"]}
    twice = client.post(f"{BASE}/tickets/{issued['qr_code']}/rating/details", json={"reasons": ["wait_short"]})
    assert twice.status_code == 409


@pytest.mark.parametrize(
    ("reasons", "code"),
    [(["no_such_reason"], "feedback.reason_unknown"),
     ([r.code for r in OFFERED[:6]], "feedback.too_many_reasons")],
)
def test_reasons_must_come_from_the_list(floor, client, clock, reasons, code):  # type: ignore[no-untyped-def]
    issued = _done_ticket(floor, clock)
    answer = client.post(f"{BASE}/tickets/{issued['token']}/rating", json={"score": 3, "reasons": reasons})
    assert answer.status_code == 422 and answer.json()["code"] == code


def test_the_reasons_list_covers_every_category_in_both_languages(client):  # type: ignore[no-untyped-def]
    listed = client.get(f"{BASE}/feedback/reasons").json()
    assert listed["categories"] == ["waiting", "staff", "process", "product", "environment"]
    by_category = {category: [r for r in listed["reasons"] if r["category"] == category] for category in ReasonCategory}
    for category, reasons in by_category.items():
        assert {r["tone"] for r in reasons} == {"praise", "complaint"} or category is ReasonCategory.PRODUCT
        assert reasons, category
    assert all(r["label_zh"] and r["label_en"] for r in listed["reasons"])
    assert len({r["code"] for r in listed["reasons"]}) == len(listed["reasons"])


def test_the_ticket_stream_pushes_the_public_status_when_it_changes(floor, client):  # type: ignore[no-untyped-def]
    issued = floor.issue("cash")
    other = floor.issue("cash")
    floor.open(1, "teller1")
    with client.websocket_connect(f"{BASE}/tickets/{other['qr_code']}/events") as stream:
        first = stream.receive_json()
        assert first["type"] == "status" and first["ticket"]["number"] == other["number"]
        assert first["ticket"]["status"] == "waiting"
        assert floor.call(1, "teller1").json()["number"] == issued["number"]  # someone else is called
        moved = stream.receive_json()["ticket"]
        assert moved["status"] == "waiting" and moved["position"] == 0  # one place forward
        text = str(first) + str(moved)
        assert "ticket_id" not in text and issued["number"] not in text and "teller1" not in text


def test_the_ticket_stream_says_your_turn(floor, client):  # type: ignore[no-untyped-def]
    issued = floor.issue("cash")
    floor.open(1, "teller1")
    with client.websocket_connect(f"{BASE}/tickets/{issued['qr_code']}/events") as stream:
        assert stream.receive_json()["ticket"]["status"] == "waiting"
        floor.call(1, "teller1")
        while (status := stream.receive_json()["ticket"])["status"] == "waiting":
            pass  # new estimates may come first
        assert status["status"] == "called" and status["counter"]["number"] == 1


@pytest.mark.parametrize(("code", "close"), [("BQ1.T.garbage", 4422), ("tno-such-ticket", 4404)])
def test_the_ticket_stream_refuses_a_bad_code(client, code, close):  # type: ignore[no-untyped-def]
    with pytest.raises(WebSocketDisconnect) as refused:
        with client.websocket_connect(f"{BASE}/tickets/{code}/events"):
            pass
    assert refused.value.code == close


def test_an_expired_code_is_refused_everywhere(floor, client, clock):  # type: ignore[no-untyped-def]
    issued = floor.issue("cash")
    clock.advance(days=3)
    for answer in (client.get(f"{BASE}/tickets/{issued['qr_code']}"),
                   client.post(f"{BASE}/tickets/{issued['qr_code']}/cancel")):
        assert answer.status_code == 422 and answer.json()["params"]["reason"] == "expired"
