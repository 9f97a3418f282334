"""One real `branchq-server --demo` for the whole test session, on a free port of 127.0.0.1.

Apps (the kiosk, the counter app) and the `client` package are tested against the server itself, not a
fake of it: this module starts the server program as customers run it (`python -m server.cli --demo`, so
the worktree's own packages are served), with a temporary SQLite database, a fixed demo password, a fixed
secret key (tokens stay valid across a restart) and a fixed face vault key, and waits until
`GET /api/v1/health` answers.

A conftest registers the fixture like this (tests/conftest.py does)::

    from tests.support.live_server import live_server_fixture
    live_server = pytest.fixture(scope="session", name="live_server")(live_server_fixture)

The server is shared by every test of the session, so tests leave it as they found it: close the counters
they open, and take tickets of their own rather than counting the whole queue. Tests about the server
going away use `with live_server.down(): ...`, which stops it and starts it again, on the same port and
database, on the way out (also when the test fails).

Exceptions::

    LiveServerError
    └── LiveServerFailed   the server exited or did not answer in time (the log's tail is in the message)
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
import requests

__all__ = [
    "DEMO_PASSWORD",
    "DemoAccounts",
    "LiveServer",
    "LiveServerError",
    "LiveServerFailed",
    "live_server_fixture",
]

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password-1"
"""The same password as `tests.helpers.DEMO_PASSWORD`: one demo password for every test."""
SECRET_KEY = "live-server-secret-key-that-is-long-enough-0123456789"
FACE_VAULT_KEY = base64.b64encode(bytes(range(32))).decode()
STARTUP_TIMEOUT_S = 120.0
"""Generous: a loaded test machine (two cores shared by many runs) has taken 40 s to start it."""
STOP_TIMEOUT_S = 15.0


class LiveServerError(RuntimeError):
    """Base of every error raised while providing the live test server."""


class LiveServerFailed(LiveServerError):
    """The server process exited or did not answer in time."""


@dataclass(frozen=True)
class DemoAccounts:
    """The demo's account names (`server/demo.py`); every one has the password `password`."""

    password: str = DEMO_PASSWORD
    kiosk: str = "kiosk-1"
    display: str = "display-1"
    tellers: tuple[str, ...] = tuple(f"teller{n}" for n in range(1, 7))
    manager: str = "manager"
    lobby: str = "lobby"
    admin: str = "admin"
    second_kiosk: str = "demo2-kiosk-1"
    """The kiosk of the second branch (`demo2`)."""
    second_tellers: tuple[str, ...] = ("demo2-teller1", "demo2-teller2")


@dataclass
class LiveServer:
    """A `branchq-server --demo` process the tests start, stop and restart.

    Attributes:
        workdir: the temporary folder holding the database, the face vault and `server.log`.
        port: the loopback port, kept across restarts.
        base_url: `http://127.0.0.1:<port>` (the API is under `api_url`).
        branch: the demo branch's code (`demo`); `second_branch` is `demo2`.
        accounts: the demo's account names and password.
        starts: how many times the process was started (1 after the first start).
    """

    workdir: Path
    port: int = 0
    branch: str = "demo"
    second_branch: str = "demo2"
    accounts: DemoAccounts = field(default_factory=DemoAccounts)
    starts: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log: IO[bytes] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    @property
    def database_path(self) -> Path:
        return self.workdir / "branchq.db"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def environment(self) -> dict[str, str]:
        """The process environment: the caller's, minus any `BRANCHQ_*` of theirs, plus ours."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("BRANCHQ_")}
        env.update(
            BRANCHQ_DATABASE_URL=f"sqlite:///{self.database_path}",
            BRANCHQ_DEMO_PASSWORD=self.accounts.password,
            BRANCHQ_SECRET_KEY=SECRET_KEY,
            BRANCHQ_FACE_VAULT_DIR=str(self.workdir / "face-vault"),
            BRANCHQ_FACE_VAULT_KEY=FACE_VAULT_KEY,
            BRANCHQ_PUBLIC_BASE_URL=self.base_url,
            PYTHONUNBUFFERED="1",
        )
        return env

    def start(self, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        """Start the server (seeding the demo on first start) and return once it answers."""
        if self.running:
            return
        self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - our own program, fixed arguments
            [sys.executable, "-m", "server.cli", "--demo", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=ROOT, env=self.environment(), stdout=self._log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads of ours run at this point
        )
        self.starts += 1
        self.wait_until_up(timeout_s)

    def wait_until_up(self, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout_s
        with requests.Session() as http:
            while True:
                if not self.running:
                    raise LiveServerFailed(f"the server exited while starting:\n{self.log_tail()}")
                with contextlib.suppress(requests.RequestException):
                    if http.get(f"{self.api_url}/health", timeout=1.0).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    self.stop()
                    raise LiveServerFailed(f"the server did not answer within {timeout_s:.0f} s:\n{self.log_tail()}")
                time.sleep(0.05)  # poll interval of the readiness check, not a wait for an outcome

    def stop(self, *, graceful: bool = True) -> None:
        """Stop the process: SIGTERM (uvicorn closes connections and exits) or, with `graceful=False`, SIGKILL
        (a crash: open connections simply drop)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM if graceful else signal.SIGKILL)
            try:
                process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT_S)
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self, *, graceful: bool = True) -> None:
        """Stop and start again on the same port, with the same database (and so the same event log)."""
        self.stop(graceful=graceful)
        self.start()

    @contextlib.contextmanager
    def down(self, *, graceful: bool = True) -> Iterator[None]:
        """The server is stopped inside the block and running again after it, whatever the block did."""
        self.stop(graceful=graceful)
        try:
            yield
        finally:
            self.start()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _die_with_parent() -> None:
    """In the server process before it runs: SIGTERM it when the test process dies, even by SIGKILL or a
    timeout, so no demo server outlives its test session (Linux; elsewhere the session's own stop must do)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nobody listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def live_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Session fixture: the running demo server; stopped at the end of the session."""
    server = LiveServer(tmp_path_factory.mktemp("live-server"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
