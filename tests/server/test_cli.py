"""`branchq-server` as an operator runs it: a real process serving on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from websockets.sync.client import connect

STARTUP_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(tmp_path: Path, port: int, **env: str) -> subprocess.Popen[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BRANCHQ_")}
    environment.update(BRANCHQ_DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}", **env)
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", "--demo", "--host", "127.0.0.1", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )


def wait_healthy(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("server did not become healthy in time")


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    process = start_server(tmp_path, port, BRANCHQ_DEMO_PASSWORD="operator-chosen-1")
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_demo_server_serves_tickets_and_pushes_events_over_a_real_socket(demo_server: str):
    login = httpx.post(f"{demo_server}/api/v1/auth/login", json={"username": "teller1", "password": "operator-chosen-1"})
    assert login.status_code == 200
    token = login.json()["access_token"]
    ticket = httpx.post(
        f"{demo_server}/api/v1/branches/demo/events/ticket", headers={"Authorization": f"Bearer {token}"}
    ).json()["ticket"]
    ws_url = demo_server.replace("http", "ws") + f"/api/v1/branches/demo/events?ticket={ticket}"
    with connect(ws_url, open_timeout=10) as websocket:
        issued = httpx.post(
            f"{demo_server}/api/v1/branches/demo/tickets", json={"service": "loans", "channel": "online"}
        )
        assert issued.status_code == 201 and issued.json()["number"] == "D001"
        message = json.loads(websocket.recv(timeout=10))
    assert message["type"] == "ticket.issued" and message["data"]["number"] == "D001"
    services = httpx.get(f"{demo_server}/api/v1/branches/demo/services").json()["services"]
    assert [s["code"] for s in services] == ["cash", "account", "wealth", "loans", "corporate", "fx"]


def test_without_a_chosen_password_the_demo_prints_a_random_one(tmp_path: Path):
    port = free_port()
    process = start_server(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    line = next(line for line in output.splitlines() if "password:" in line)
    password = line.rsplit("password:", 1)[1].strip()
    assert len(password) >= 10 and password != "(from BRANCHQ_DEMO_PASSWORD)"


def test_production_start_without_a_secret_key_is_refused(tmp_path: Path):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BRANCHQ_")}
    environment["BRANCHQ_DATABASE_URL"] = f"sqlite:///{tmp_path / 'p.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "server.cli", "--port", str(free_port())],
        env=environment, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert "BRANCHQ_SECRET_KEY must be set" in result.stderr
