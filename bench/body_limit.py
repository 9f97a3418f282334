"""How much memory one anonymous oversized request body costs the server.

Starts `branchq-server --demo` (one real process on loopback, SQLite in a temp folder), reads its peak
resident memory (VmHWM), sends one anonymous 60 MB body to the face identification route, and reads the
peak again; once with a declared Content-Length, once chunked (a fresh server each, so the peaks do not
mix). `--source` runs the server from another checkout, to compare before and after a change.

    python -m bench.body_limit [--megabytes 60] [--source /path/to/checkout]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROUTE = "/api/v1/branches/demo/faces/identify"
CHUNK = 1024 * 1024
STARTUP_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(source: Path, folder: Path, port: int) -> subprocess.Popen[bytes]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("BRANCHQ_")}
    environment.update(
        BRANCHQ_DATABASE_URL=f"sqlite:///{folder / 'bench.db'}", BRANCHQ_DEMO_PASSWORD="bench-password-1"
    )
    return subprocess.Popen(
        [sys.executable, "-m", "server.cli", "--demo", "--port", str(port)],
        cwd=source, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not become healthy in time")


def peak_mb(pid: int) -> float:
    """The process's peak resident set size so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc (Linux only)")


def body(megabytes: int) -> Iterator[bytes]:
    """A face encoding of absurd length: {"encoding": [0.1, 0.1, ...]}, one MB at a time."""
    yield b'{"encoding": ['
    for _ in range(megabytes):
        yield b"0.1," * (CHUNK // 4)
    yield b"0.1]}"


def measure(source: Path, megabytes: int, chunked: bool) -> tuple[float, float, int, float]:
    """(peak MB before, peak MB after, status, seconds) for one oversized request to a fresh server."""
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        process = start_server(source, Path(folder), port)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(base, process)
            before = peak_mb(process.pid)
            content = body(megabytes) if chunked else b"".join(body(megabytes))
            started = time.perf_counter()
            try:
                status = httpx.post(
                    f"{base}{ROUTE}", content=content, headers={"content-type": "application/json"}, timeout=300
                ).status_code
            except httpx.TransportError:
                status = 0  # the server closed the connection while the client was still sending
            elapsed = time.perf_counter() - started
            return before, peak_mb(process.pid), status, elapsed
        finally:
            process.terminate()
            process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    print(f"server from {args.source}, {args.megabytes} MB anonymous body to {ROUTE}")
    print("| body | status | peak RSS before (MB) | peak RSS after (MB) | growth (MB) | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for chunked in (False, True):
        before, after, status, elapsed = measure(args.source, args.megabytes, chunked)
        kind = "chunked" if chunked else "Content-Length"
        print(f"| {kind} | {status} | {before:.0f} | {after:.0f} | {after - before:.0f} | {elapsed:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
