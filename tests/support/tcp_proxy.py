"""A TCP proxy on loopback that can lose the server's next answer, as a flaky network does.

Put it between a client and the live server (`TcpProxy(live_server.port)`, then talk to `proxy.base_url`)
and arm it just before the request whose answer should go missing:

- `drop_next_answer()`: the answer's bytes are thrown away and the connection closed (a reset: the client
  sees the connection broken after its request went out);
- `withhold_next_answer()`: the answer's bytes are thrown away and the connection kept open and silent
  until the client gives up (a timeout).

The request itself always reaches the server, so the server acts; only its answer is lost. Everything
else passes through untouched.
"""

from __future__ import annotations

import contextlib
import enum
import socket
import threading

__all__ = ["TcpProxy"]


class _Loss(enum.Enum):
    DROP = "drop"
    WITHHOLD = "withhold"


class TcpProxy:
    """Attributes:
        port: where the proxy listens (127.0.0.1).
        answers_lost: how many answers it has lost so far.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.answers_lost = 0
        self._armed: _Loss | None = None
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, name="tcp-proxy", daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def drop_next_answer(self) -> None:
        with self._lock:
            self._armed = _Loss.DROP

    def withhold_next_answer(self) -> None:
        with self._lock:
            self._armed = _Loss.WITHHOLD

    def close(self) -> None:
        with self._lock:
            self._closed = True
            sockets, self._sockets = set(self._sockets), set()
        self._listener.close()
        for sock in sockets:
            _close(sock)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed
            try:
                upstream = socket.create_connection(self.upstream)
            except OSError:
                _close(client)
                continue
            with self._lock:
                if self._closed:
                    _close(client)
                    _close(upstream)
                    return
                self._sockets |= {client, upstream}
            threading.Thread(target=self._requests, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._answers, args=(upstream, client), daemon=True).start()

    def _requests(self, client: socket.socket, upstream: socket.socket) -> None:
        """Client to server, untouched; when the client leaves, the connection ends."""
        _pump(client, upstream)
        self._end(client, upstream)

    def _answers(self, upstream: socket.socket, client: socket.socket) -> None:
        """Server to client, except the answer the proxy is armed to lose."""
        while chunk := _receive(upstream):
            with self._lock:
                loss, self._armed = self._armed, None
                if loss is not None:
                    self.answers_lost += 1
            if loss is _Loss.DROP:
                break
            if loss is _Loss.WITHHOLD:
                while _receive(upstream):  # keep reading (and losing) until the client has gone
                    pass
                break
            with contextlib.suppress(OSError):
                client.sendall(chunk)
        self._end(client, upstream)

    def _end(self, *sockets: socket.socket) -> None:
        with self._lock:
            self._sockets -= set(sockets)
        for sock in sockets:
            _close(sock)


def _receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _pump(source: socket.socket, target: socket.socket) -> None:
    while chunk := _receive(source):
        try:
            target.sendall(chunk)
        except OSError:
            return


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
