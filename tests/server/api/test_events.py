"""Branch events over the websocket: ordered, gapless, resumable, written with the change."""

from sqlalchemy import select

from server.db.models import Event
from tests.server.conftest import BASE


def ws_url(floor, since=None, username="display-1"):  # type: ignore[no-untyped-def]
    """The stream's address with a fresh single-use connection ticket, as web pages and apps open it."""
    answer = floor.client.post(f"{BASE}/branches/demo/events/ticket", headers=floor.as_(username))
    assert answer.status_code == 200, answer.text
    query = f"ticket={answer.json()['ticket']}" + (f"&since={since}" if since is not None else "")
    return f"{BASE}/branches/demo/events?{query}"


def receive(ws, count):  # type: ignore[no-untyped-def]
    return [ws.receive_json() for _ in range(count)]


def test_live_events_arrive_in_order_with_consecutive_numbers(floor, client):
    floor.open(1, "teller1")
    with client.websocket_connect(ws_url(floor)) as ws:
        ticket = floor.issue("cash")
        floor.call(1, "teller1")
        floor.act(ticket["id"], "start", "teller1")
        floor.act(ticket["id"], "finish", "teller1")
        messages = receive(ws, 5)
    types = [m["type"] for m in messages]
    assert types == ["ticket.issued", "estimates.changed", "ticket.called", "ticket.started", "ticket.finished"]
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(seqs[0], seqs[0] + 5))
    called = messages[2]["data"]
    assert called["number"] == "A001" and called["counter"]["number"] == 1 and called["call_reason"]
    assert "token" not in str(messages)


def test_a_client_that_reconnects_with_since_gets_exactly_what_it_missed(floor, client):
    with client.websocket_connect(ws_url(floor, since=0)) as ws:
        floor.issue("cash")
        first = receive(ws, 1)[0]
    last_seen = first["seq"]
    for _ in range(3):
        floor.issue("fx")
    with client.websocket_connect(ws_url(floor, since=last_seen)) as ws:
        caught_up = receive(ws, 3)
        floor.issue("loans")
        live = receive(ws, 1)
    seqs = [m["seq"] for m in caught_up + live]
    assert seqs == list(range(last_seen + 1, last_seen + 5))
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
