"""A gateway stand-in for the notification tests: a real HTTP server on loopback that checks each request's
signature as the bank's gateway would, answers 500 to the first `fail_first` requests, and lets a test wait
for what it received (a condition, never a sleep)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    body: dict[str, Any]
    idempotency_key: str
    signature_valid: bool
    answered: int


class WebhookReceiver:
    def __init__(self, secret: str, fail_first: int = 0) -> None:
        self.secret = secret
        self.fail_first = fail_first
        self.received: list[Received] = []
        self._changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                timestamp = self.headers.get("X-BranchQ-Timestamp", "")
                wanted = hmac.new(receiver.secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()
                valid = hmac.compare_digest(self.headers.get("X-BranchQ-Signature", ""), f"sha256={wanted}")
                with receiver._changed:
                    status = 500 if len(receiver.received) < receiver.fail_first else (200 if valid else 401)
                    receiver.received.append(
                        Received(json.loads(raw), self.headers.get("Idempotency-Key", ""), valid, status)
                    )
                    receiver._changed.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms"

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout_s: float = 10.0) -> list[Received]:
        """The first `count` requests, once they have come (AssertionError after `timeout_s`)."""
        with self._changed:
            arrived = self._changed.wait_for(lambda: len(self.received) >= count, timeout_s)
            assert arrived, f"the gateway received {len(self.received)} of {count} requests"
            return list(self.received)

    def delivered(self) -> list[Received]:
        with self._changed:
            return [request for request in self.received if request.answered == 200]
