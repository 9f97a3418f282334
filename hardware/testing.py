"""Fakes that behave like the devices, for tests, demos and benchmarks (no mocks of our own code).

`FakeSerialPrinter` does the same on a pseudo-terminal, so the serial backend (pyserial) is exercised
for real.
`UnpluggableCamera` is a frame source whose cable gets pulled, for the capture thread's reconnects.
`FakeSynthesizer` speaks a tone whose length follows the text, for announcer tests without espeak-ng.

`FakeNetworkPrinter` is a real TCP server on 127.0.0.1 that speaks like a receipt printer on port
9100: it stores what it is sent and answers `DLE EOT n` real-time status queries from a status you
set, so paper-out, cover-open and silent printers can be tested over a real socket.
"""

from __future__ import annotations

import os
import pty
import select
import socket
import threading
from dataclasses import dataclass, field

import numpy as np

from .camera import FrameSource
from .errors import CameraUnavailable
from .printer.status import PrinterStatus, StatusQuery, encode_status
from .voice import Audio

_DLE_EOT = b"\x10\x04"


@dataclass
class _Connection:
    data: bytearray = field(default_factory=bytearray)
    queries: int = 0


class FakeNetworkPrinter:
    """A printer emulator on a real socket.

    Attributes:
        status: what it answers to status queries; change it at any time.
        answers_status: False makes it a printer that never answers (an old or misconfigured one).
        jobs: the bytes of every connection that sent more than status queries, in order.
    """

    def __init__(self, status: PrinterStatus | None = None, answers_status: bool = True) -> None:
        self.status = status or PrinterStatus()
        self.answers_status = answers_status
        self.jobs: list[bytes] = []
        self.status_queries = 0
        self._changed = threading.Condition()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._stopping = False

    @property
    def url(self) -> str:
        return f"tcp://127.0.0.1:{self._server.getsockname()[1]}"

    def __enter__(self) -> FakeNetworkPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping = True
        with socket.create_connection(self._server.getsockname(), timeout=1):
            pass  # wakes the blocked accept(); closing a listening socket does not on Linux
        self._thread.join(timeout=5)
        self._server.close()

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The first `count` jobs once they have fully arrived (the client closes after each job)."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.jobs) >= count, timeout=timeout):
                raise TimeoutError(f"expected {count} print job(s), got {len(self.jobs)}")
            return list(self.jobs[:count])

    def _serve(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            with client:
                self._handle(client)

    def _handle(self, client: socket.socket) -> None:
        connection = _Connection()
        client.settimeout(5)
        try:
            while chunk := client.recv(65536):
                connection.data += chunk
                self._answer_queries(client, connection)
        except OSError:
            pass
        with self._changed:
            if len(connection.data) > 3 * connection.queries:
                self.jobs.append(bytes(connection.data))
            self.status_queries += connection.queries
            self._changed.notify_all()

    def _answer_queries(self, client: socket.socket, connection: _Connection) -> None:
        """Answer each complete `DLE EOT n` not yet answered, as a printer does even mid-job."""
        data = connection.data
        found = _count_queries(data)
        for query in found[connection.queries :]:
            if self.answers_status:
                client.sendall(bytes([encode_status(self.status)[query]]))
        connection.queries = len(found)


def _count_queries(data: bytearray) -> list[StatusQuery]:
    queries, position = [], data.find(_DLE_EOT)
    while position != -1 and position + 2 < len(data):
        if data[position + 2] in (1, 2, 3, 4):
            queries.append(StatusQuery(data[position + 2]))
        position = data.find(_DLE_EOT, position + 2)
    return queries


class FakeSerialPrinter:
    """A printer emulator at the far end of a pseudo-terminal (`serial:///dev/pts/N`).

    Attributes:
        status: what it answers to status queries.
        received: every byte it was sent, status queries included (a serial line has no job boundaries).
    """

    def __init__(self, status: PrinterStatus | None = None) -> None:
        self.status = status or PrinterStatus()
        self.received = bytearray()
        self._answered = 0
        self._changed = threading.Condition()
        self._master, self._slave = pty.openpty()
        self._wake_read, self._wake_write = os.pipe()
        self._thread = threading.Thread(target=self._serve, name="fake-serial-printer", daemon=True)

    @property
    def url(self) -> str:
        return f"serial://{os.ttyname(self._slave)}?baudrate=19200&timeout=2"

    def __enter__(self) -> FakeSerialPrinter:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        os.write(self._wake_write, b"x")
        self._thread.join(timeout=5)
        for descriptor in (self._master, self._slave, self._wake_read, self._wake_write):
            os.close(descriptor)

    def wait_for_bytes(self, count: int, timeout: float = 5.0) -> bytes:
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.received) >= count, timeout=timeout):
                raise TimeoutError(f"expected {count} bytes, got {len(self.received)}")
            return bytes(self.received)

    def _serve(self) -> None:
        while True:
            readable, _, _ = select.select([self._master, self._wake_read], [], [])
            if self._wake_read in readable:
                return
            chunk = os.read(self._master, 65536)
            with self._changed:
                self.received += chunk
                found = _count_queries(self.received)
                for query in found[self._answered :]:
                    os.write(self._master, bytes([encode_status(self.status)[query]]))
                self._answered = len(found)
                self._changed.notify_all()


class UnpluggableCamera(FrameSource):
    """A camera that is unplugged after `frames_before_unplug` frames, refuses `failed_reopens`
    reopen attempts (still unplugged), then works again, like a USB camera whose cable was pulled.

    Frames are solid images whose every pixel equals the frame's number (mod 256), so a test can tell
    which frame it got.
    """

    description = "unpluggable test camera"

    def __init__(
        self, frames_before_unplug: int, failed_reopens: int, size: tuple[int, int] = (64, 48)
    ) -> None:
        self.frames_before_unplug = frames_before_unplug
        self.failed_reopens = failed_reopens
        self.size = size
        self.frames_served = 0
        self.opens = 0
        self._unplugged = False
        self._is_open = False

    def open(self) -> None:
        self.opens += 1
        if self._unplugged and self.failed_reopens > 0:
            self.failed_reopens -= 1
            raise CameraUnavailable("test camera is still unplugged")
        self._unplugged = False
        self._is_open = True

    def read(self) -> np.ndarray:
        if not self._is_open:
            raise CameraUnavailable("test camera is not open")
        if self.frames_served == self.frames_before_unplug and self.opens == 1:
            self._unplugged, self._is_open = True, False
            raise CameraUnavailable("test camera was unplugged")
        self.frames_served += 1
        width, height = self.size
        return np.full((height, width, 3), self.frames_served % 256, dtype=np.uint8)

    def close(self) -> None:
        self._is_open = False


class FakeSynthesizer:
    """A speech engine that hums: a tone 60 ms per character, so durations follow the text.

    Attributes:
        calls: every (text, language) it was asked to speak, to check what was cached.
    """

    SECONDS_PER_CHARACTER = 0.06

    def __init__(self, sample_rate: int = 22050, identity: str = "fake-1") -> None:
        self.sample_rate = sample_rate
        self.identity = identity
        self.calls: list[tuple[str, str]] = []

    def synthesize(self, text: str, language) -> Audio:
        self.calls.append((text, str(language)))
        count = int(len(text) * self.SECONDS_PER_CHARACTER * self.sample_rate)
        t = np.arange(count) / self.sample_rate
        return Audio((np.sin(2 * np.pi * 220 * t) * 8000).astype(np.int16), self.sample_rate)
