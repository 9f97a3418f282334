"""Request bodies are limited per route before anything reads, parses or authenticates them."""

from __future__ import annotations

import select
import socket
import threading

import uvicorn

from server.api.app import create_app
from server.api.limits import BODY_LIMITS, DEFAULT_BODY_LIMIT, BodyLimit
from tests.server.conftest import BASE

IDENTIFY = f"{BASE}/branches/demo/faces/identify"
ENROLL = f"{BASE}/appointments/ABC234/face"
JSON = {"content-type": "application/json"}


def assert_too_large(response, limit=DEFAULT_BODY_LIMIT):  # type: ignore[no-untyped-def]
    assert response.status_code == 413, response.text
    body = response.json()
    assert (body["code"], body["params"]) == ("request.body_too_large", {"limit_bytes": limit})
    assert response.headers["connection"] == "close"


def test_an_oversized_body_is_refused_before_the_route_runs(floor, client):
    oversized = client.post(
        f"{BASE}/counters/1/open", content=b"x" * (DEFAULT_BODY_LIMIT + 1), headers={**floor.as_("teller1"), **JSON}
    )
    assert_too_large(oversized)
    assert floor.counter(1, "open", "teller1").status_code == 200  # the refused request opened nothing


def test_an_anonymous_oversized_body_is_refused_without_being_parsed(client):
    assert_too_large(client.post(IDENTIFY, content=b"[" + b"0.1," * 5_000_000 + b"0]", headers=JSON))


def test_a_chunked_body_is_refused_once_it_passes_the_limit(client):
    def endless_chunks():  # the test client sends a generator as a streamed body, without a length
        for _ in range(10_000):
            yield b"0.1," * 1024

    assert_too_large(client.post(IDENTIFY, content=endless_chunks(), headers=JSON))


def test_a_body_within_the_limit_arrives_whole_even_in_chunks(client):
    booking = '{"service": "cash", "slot_start": "2026-11-30T11:00:00+08:00", "name": "王芳", "phone": "13812345678"}'
    booking_bytes = booking.encode()
    chunks = (booking_bytes[index : index + 7] for index in range(0, len(booking_bytes), 7))
    response = client.post(f"{BASE}/branches/demo/appointments", content=chunks, headers=JSON)
    assert response.status_code == 201, response.text


def test_face_enrollment_takes_more_than_the_default_and_identification_does_not(client):
    body = b'{"encodings": [' + b"0.1," * 5000 + b"0.1]}"
    assert DEFAULT_BODY_LIMIT < len(body) < BODY_LIMITS["/api/v1/appointments/{code}/face"]
    assert client.post(ENROLL, content=body, headers=JSON).status_code == 401  # read, then asked to log in
    assert_too_large(client.post(IDENTIFY, content=body, headers=JSON))
    assert_too_large(
        client.post(ENROLL, content=b"x" * 40_000, headers=JSON), BODY_LIMITS["/api/v1/appointments/{code}/face"]
    )


def test_every_route_in_the_limits_table_exists(client):
    paths = set(client.app.openapi()["paths"])
    assert set(BODY_LIMITS) <= paths


async def test_the_middleware_stops_reading_at_the_limit_and_never_calls_the_app():
    called, reads, sent = [], [], []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        called.append(scope["path"])

    async def endless_receive():  # type: ignore[no-untyped-def]
        reads.append(1)
        return {"type": "http.request", "body": b"x" * 1000, "more_body": True}

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/v1/tickets/1/transfer", "headers": [], "query_string": b""}
    await BodyLimit(app, default=10_000)(scope, endless_receive, send)
    assert called == []
    assert len(reads) == 11  # 11,000 bytes: the first read past 10,000
    assert sent[0]["status"] == 413


async def test_the_middleware_hands_a_body_within_the_limit_on_unchanged():
    parts = [b"ab", b"cd", b""]
    messages = [{"type": "http.request", "body": part, "more_body": index < 2} for index, part in enumerate(parts)]
    seen = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        while True:
            message = await receive()
            seen.append(message)
            if not message.get("more_body"):
                return

    async def receive():  # type: ignore[no-untyped-def]
        return messages.pop(0)

    async def send(message):  # type: ignore[no-untyped-def]
        raise AssertionError("nothing to send")

    scope = {"type": "http", "method": "POST", "path": "/x", "headers": [(b"content-length", b"4")], "query_string": b""}
    await BodyLimit(app, default=4)(scope, receive, send)
    assert b"".join(message["body"] for message in seen) == b"abcd"


# -- a real server on loopback -------------------------------------------------------------------


def test_a_real_server_stops_reading_an_endless_chunked_body_and_closes(container):
    app = create_app(container, background_jobs=False)
    pulled: list[int] = []

    async def counting(scope, receive, send):  # type: ignore[no-untyped-def]
        async def counted_receive():  # type: ignore[no-untyped-def]
            message = await receive()
            pulled.append(len(message.get("body", b"")))
            return message

        await app(scope, counted_receive, send)

    listener = socket.create_server(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(counting, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]})
    thread.start()
    try:
        with socket.create_connection(listener.getsockname()) as connection:
            answer, sent = _stream_until_closed(connection)
    finally:
        server.should_exit = True
        thread.join()
        listener.close()
    # The server may reset the connection while our chunks are still arriving, losing its answer on the
    # way; what matters is that it ended the request and read no more than one buffer past the limit.
    assert answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sum(pulled) <= DEFAULT_BODY_LIMIT + 256 * 1024, (sum(pulled), sent)


def _stream_until_closed(connection: socket.socket) -> tuple[bytes, int]:
    """Send an endless chunked body until the server closes the connection; (its answer, bytes sent)."""
    pending = (
        f"POST {IDENTIFY} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"4000\r\n" + b"0.1," * 4096 + b"\r\n"
    connection.setblocking(False)
    answer, sent = b"", 0
    try:
        while sent < 64 * 1024 * 1024:  # far beyond the limit and any socket buffers
            readable, writable, _ = select.select([connection], [connection], [], 30)
            assert readable or writable, "the server neither answered nor read"
            if readable:
                data = connection.recv(65536)
                if not data:
                    return answer, sent
                answer += data
            elif writable:
                pending = pending or chunk
                written = connection.send(pending)
                pending, sent = pending[written:], sent + written
    except (BrokenPipeError, ConnectionResetError):
        return answer, sent
    raise AssertionError(f"the server took {sent} bytes without ending the request")
