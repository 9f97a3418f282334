"""Branch events over the websocket: ordered, gapless, resumable, written with the change."""

import pytest
from sqlalchemy import select
from starlette.websockets import WebSocketDisconnect

from server.db.models import Event, Staff
from tests.helpers import DEMO_PASSWORD, token_headers
from tests.server.conftest import BASE


def ws_url(floor, since=None, username="display-1"):  # type: ignore[no-untyped-def]
    """The stream's address with a fresh single-use connection ticket, as web pages and apps open it."""
    answer = floor.client.post(f"{BASE}/branches/demo/events/ticket", headers=floor.as_(username))
    assert answer.status_code == 200, answer.text
    query = f"ticket={answer.json()['ticket']}" + (f"&since={since}" if since is not None else "")
    return f"{BASE}/branches/demo/events?{query}"


def receive(ws, count):  # type: ignore[no-untyped-def]
    return [ws.receive_json() for _ in range(count)]


def receive_skipping_summaries(ws, count, limit=50):  # type: ignore[no-untyped-def]
    """The next `count` messages other than `service.summary` (the menu's lines, pushed after each refresh),
    and every message read on the way, summaries included."""
    kept, seen = [], []
    while len(kept) < count and len(seen) < limit:
        seen.append(ws.receive_json())
        if seen[-1]["type"] != "service.summary":
            kept.append(seen[-1])
    return kept, seen


def receive_until_closed(ws, limit=50):  # type: ignore[no-untyped-def]
    """Read what is still queued (summaries of the last refresh) until the server closes the stream."""
    for _ in range(limit):
        ws.receive_json()


def test_live_events_arrive_in_order_with_consecutive_numbers(floor, client):
    floor.open(1, "teller1")
    with client.websocket_connect(ws_url(floor)) as ws:
        ticket = floor.issue("cash")
        floor.container.estimates.settle()  # estimates are logged in their own transaction, after the issue
        floor.call(1, "teller1")
        floor.act(ticket["id"], "start", "teller1")
        floor.act(ticket["id"], "finish", "teller1")
        messages, seen = receive_skipping_summaries(ws, 5)
    types = [m["type"] for m in messages]
    assert types == ["ticket.issued", "estimates.changed", "ticket.called", "ticket.started", "ticket.finished"]
    seqs = [m["seq"] for m in seen]
    assert seqs == list(range(seqs[0], seqs[0] + len(seen)))
    called = messages[2]["data"]  # a display's view: no call facts (staff get them, see test_access)
    assert called["number"] == "A001" and called["counter"]["number"] == 1 and "call_reason" not in called
    assert "token" not in str(messages)


def test_a_client_that_reconnects_with_since_gets_exactly_what_it_missed(floor, client, container):
    with client.websocket_connect(ws_url(floor, since=0)) as ws:
        floor.issue("cash")
        first = receive(ws, 1)[0]
    last_seen = first["seq"]
    for _ in range(3):
        floor.issue("fx")
    container.estimates.settle()
    with container.db.read() as session:
        missed = session.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1)) - last_seen
    with client.websocket_connect(ws_url(floor, since=last_seen)) as ws:
        caught_up = receive(ws, missed)
        floor.issue("loans")
        live = receive(ws, 1)
    seqs = [m["seq"] for m in caught_up + live]
    assert seqs == list(range(last_seen + 1, last_seen + missed + 2))
    assert [m["data"]["number"] for m in caught_up if m["type"] == "ticket.issued"] == ["F001", "F002", "F003"]
    assert live[0]["data"]["number"] == "D001"


def test_resuming_from_zero_replays_the_whole_log_in_order(floor, client, container):
    for service in ("cash", "fx", "cash"):
        floor.issue(service)
    with container.db.read() as session:
        logged = session.scalars(select(Event.seq).order_by(Event.seq)).all()
    with client.websocket_connect(ws_url(floor, since=0)) as ws:
        replay = receive(ws, len(logged))
    assert [m["seq"] for m in replay] == logged == list(range(1, len(logged) + 1))


def test_a_refused_change_writes_no_event(floor, client, container):
    floor.open(1, "teller1")
    container.estimates.settle()  # the menu's summaries after the opening are logged in their own transaction
    with container.db.read() as session:
        before = session.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1))
    assert floor.call(2, "teller2").status_code == 409  # counter 2 is closed
    assert floor.act(1, "finish", "teller1").status_code == 404
    with container.db.read() as session:
        after = session.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1))
    assert after == before


def test_the_event_stream_needs_a_token_of_this_branch(floor, client):
    from starlette.websockets import WebSocketDisconnect

    try:
        with client.websocket_connect(f"{BASE}/branches/demo/events") as ws:
            ws.receive_json()
    except WebSocketDisconnect as closed:
        assert closed.code == 4401
    else:
        raise AssertionError("connection without a token was accepted")


# -- opening the stream, and keeping it only while the credentials hold ------------------------------

def closed_with(client, url, **kwargs):  # type: ignore[no-untyped-def]
    """The close (code, reason) of a stream that the server refuses or ends."""
    with pytest.raises(WebSocketDisconnect) as closed, client.websocket_connect(url, **kwargs) as ws:
        ws.receive_json()
    return closed.value.code, closed.value.reason


def test_an_access_token_in_the_address_is_refused(floor, client):
    token = floor.as_("display-1")["Authorization"].split()[1]
    code, reason = closed_with(client, f"{BASE}/branches/demo/events?token={token}")
    assert code == 4401 and reason.startswith("auth.token_in_url")


def test_a_connection_ticket_opens_the_stream_once(floor, client):
    url = ws_url(floor)
    with client.websocket_connect(url) as ws:
        floor.issue("cash")
        assert ws.receive_json()["type"] == "ticket.issued"
    code, reason = closed_with(client, url)
    assert code == 4401 and reason.startswith("auth.ticket_invalid")


def test_a_connection_ticket_lapses_after_30_seconds(floor, client, clock):
    answer = client.post(f"{BASE}/branches/demo/events/ticket", headers=floor.as_("display-1")).json()
    assert answer["expires_at"] == clock.advance(30).isoformat()
    assert closed_with(client, f"{BASE}/branches/demo/events?ticket={answer['ticket']}")[0] == 4401


def test_a_ticket_is_only_for_its_branch_and_only_given_to_its_staff(floor, client, container):
    admin = token_headers(container, "admin")
    client.post(f"{BASE}/admin/branches", json={"code": "west", "name_zh": "西", "name_en": "West"}, headers=admin)
    ticket = client.post(f"{BASE}/branches/demo/events/ticket", headers=admin).json()["ticket"]
    code, reason = closed_with(client, f"{BASE}/branches/west/events?ticket={ticket}")
    assert code == 4403 and reason.startswith("events.ticket_other_branch")
    refused = client.post(f"{BASE}/branches/west/events/ticket", headers=floor.as_("display-1"))
    assert refused.status_code == 403
    assert client.post(f"{BASE}/branches/demo/events/ticket").status_code == 401


def test_the_header_and_a_same_origin_cookie_still_open_the_stream(floor, client):
    with client.websocket_connect(f"{BASE}/branches/demo/events", headers=floor.as_("display-1")) as ws:
        floor.issue("cash")
        assert ws.receive_json()["type"] == "ticket.issued"
    client.post(f"{BASE}/auth/login", json={"username": "teller1", "password": DEMO_PASSWORD, "cookie": True})
    with client.websocket_connect(f"{BASE}/branches/demo/events", headers={"Origin": "http://testserver"}) as ws:
        floor.issue("fx")
        assert ws.receive_json()["type"] == "ticket.issued"
    code, reason = closed_with(client, f"{BASE}/branches/demo/events", headers={"Origin": "https://evil.example"})
    assert code == 4403 and reason.startswith("auth.cross_origin")


def test_the_stream_closes_when_its_account_is_deactivated(floor, client, container):
    container.settings.websocket_recheck_seconds = 0.05
    with client.websocket_connect(ws_url(floor, username="teller1")) as ws:
        floor.issue("cash")
        assert ws.receive_json()["type"] == "ticket.issued"
        with container.db.write() as session:
            session.scalars(select(Staff).where(Staff.username == "teller1")).one().active = False
        with pytest.raises(WebSocketDisconnect) as closed:
            receive_until_closed(ws)
    assert closed.value.code == 4401 and closed.value.reason.startswith("auth.account_disabled")


def test_the_stream_closes_when_the_password_changes(floor, client, container):
    container.settings.websocket_recheck_seconds = 0.05
    with client.websocket_connect(ws_url(floor, username="teller1")) as ws:
        with container.db.write() as session:
            session.scalars(select(Staff).where(Staff.username == "teller1")).one().token_version += 1
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4401 and closed.value.reason.startswith("auth.token_revoked")


def test_the_stream_closes_when_its_token_expires(floor, client, container, clock):
    container.settings.websocket_recheck_seconds = 0.05
    with client.websocket_connect(ws_url(floor)) as ws:
        floor.issue("cash")
        assert ws.receive_json()["type"] == "ticket.issued"
        clock.advance(days=61)  # test tokens last 60 days
        with pytest.raises(WebSocketDisconnect) as closed:
            receive_until_closed(ws)
    assert closed.value.code == 4401 and closed.value.reason.startswith("auth.token_expired")


def test_since_beyond_the_end_of_the_log_asks_the_client_to_resync(floor, client, container):
    floor.issue("cash")
    with container.db.read() as session:
        latest = session.scalar(select(Event.seq).order_by(Event.seq.desc()).limit(1))
    with client.websocket_connect(ws_url(floor, since=latest)) as ws:  # the end itself is fine
        floor.issue("fx")
        assert ws.receive_json()["seq"] == latest + 1
    code, reason = closed_with(client, ws_url(floor, since=latest + 50))
    assert code == 4409 and reason.startswith("events.resync")
