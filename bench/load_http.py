"""Load on the real server over HTTP: kiosks issuing and six counters calling, as a busy branch does.

One `branchq-server --demo` process on loopback (embedded SQLite in a temp folder) serves keep-alive
clients run here, in a separate process (asyncio + httpx). For each queue length (tickets already
waiting) the server starts from a copy of a database prefilled to that length, then:

- issue:   N kiosk clients issue tickets (round-robin over the demo's six services), alone;
- call:    the six tellers each cycle call-next -> start -> finish at their own counter, alone;
- mixed:   8 kiosk clients issuing while the six counters cycle.

Every run checks that no ticket number was handed out twice (per service and day) and no ticket was
called twice, both from the answers and from the database afterwards.

    python -m bench.load_http                         # 0, 200 and 1000 waiting; 1, 8, 32 kiosk clients
    python -m bench.load_http --waiting 200 --clients 8 32 --scenarios issue call
    python -m bench.load_http --profile prof.txt --waiting 600 --clients 8 --scenarios issue
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

PASSWORD = "bench-password"
SERVICES = ("cash", "account", "wealth", "loans", "corporate", "fx")
COUNTERS = range(1, 7)
ISSUES_PER_RUN = {1: 150, 8: 400, 32: 600}
CYCLES_PER_COUNTER = 40
MIXED_SECONDS = 8.0
ROOT = Path(__file__).resolve().parent.parent

PROFILE_WRAPPER = """
import sys, yappi
yappi.set_clock_type("cpu")
yappi.start()
from server.cli import main
try:
    main(sys.argv[2:])
finally:
    yappi.stop()
    stats = yappi.get_func_stats()
    with open(sys.argv[1], "w") as out:
        stats.sort("ttot").print_all(out=out, columns={0: ("name", 110), 1: ("ncall", 10), 2: ("tsub", 9), 3: ("ttot", 9), 4: ("tavg", 9)})
"""


@dataclass
class Run:
    name: str
    waiting: int
    clients: int
    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    numbers: list[tuple[str, str]] = field(default_factory=list)
    called: list[int] = field(default_factory=list)
    empty_calls: int = 0
    errors: Counter = field(default_factory=Counter)
    server_pid: int | None = None
    server_cpu_s: float = 0.0
    """CPU seconds the server process spent during the timed part (all its threads)."""

    def timed(self) -> _Timer:
        return _Timer(self)

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds * 1000)

    def summary(self) -> dict[str, object]:
        out: dict[str, object] = {"scenario": self.name, "waiting": self.waiting, "clients": self.clients}
        for kind, values in self.latencies.items():
            values = sorted(values)
            out[kind] = {
                "count": len(values),
                "per_s": round(len(values) / self.seconds, 1),
                "p50_ms": round(statistics.median(values), 1),
                "p99_ms": round(values[min(len(values) - 1, int(len(values) * 0.99))], 1),
            }
        if "finish" in self.latencies:
            out["call_cycles_per_s"] = round(len(self.latencies["finish"]) / self.seconds, 1)
        requests = sum(len(values) for values in self.latencies.values())
        if requests:
            out["server_cpu_ms_per_request"] = round(1000 * self.server_cpu_s / requests, 2)
        out["load_average"] = round(os.getloadavg()[0], 2)
        out["duplicate_numbers"] = sum(n - 1 for n in Counter(self.numbers).values() if n > 1)
        out["double_calls"] = sum(n - 1 for n in Counter(self.called).values() if n > 1)
        out["empty_calls"] = self.empty_calls
        out["errors"] = dict(self.errors)
        return out


class _Timer:
    """Times the measured part of a run: wall clock, and the server's CPU (from /proc, all threads)."""

    def __init__(self, run: Run) -> None:
        self.run = run

    def __enter__(self) -> None:
        self.start, self.cpu = time.perf_counter(), process_cpu_seconds(self.run.server_pid)

    def __exit__(self, *_: object) -> None:
        self.run.seconds = time.perf_counter() - self.start
        self.run.server_cpu_s = process_cpu_seconds(self.run.server_pid) - self.cpu


def process_cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of process `pid` so far (Linux); 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the server --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """One `branchq-server --demo` process on a database file; stopped with SIGINT (clean shutdown)."""

    def __init__(self, db_file: Path, profile: Path | None = None, root: Path = ROOT) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "BRANCHQ_DATABASE_URL": f"sqlite:///{db_file}",
            "BRANCHQ_DEMO_PASSWORD": PASSWORD,
            "BRANCHQ_SECRET_KEY": "bench-" + "x" * 40,
        }
        args = ["--demo", "--port", str(self.port)]
        command = (
            [sys.executable, "-c", PROFILE_WRAPPER, str(profile), *args]
            if profile
            else [sys.executable, "-m", "server.cli", *args]
        )
        self.log = open(db_file.with_suffix(".log"), "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=self.log, stderr=self.log)
        self.url = f"http://127.0.0.1:{self.port}/api/v1"
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited; see {self.log.name}")
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=60)
        self.log.close()


# -- clients -----------------------------------------------------------------------------------------


async def login(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    answer = await client.post("/auth/login", json={"username": username, "password": PASSWORD})
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def issue_many(client: httpx.AsyncClient, headers: dict[str, str], count: int, run: Run, offset: int) -> None:
    for index in range(count):
        service = SERVICES[(offset + index) % len(SERVICES)]
        start = time.perf_counter()
        answer = await client.post("/branches/demo/tickets", json={"service": service, "channel": "kiosk"}, headers=headers)
        run.add("issue", time.perf_counter() - start)
        if answer.status_code != 201:
            run.errors[f"issue {answer.status_code}"] += 1
            continue
        run.numbers.append((service, answer.json()["number"]))


async def cycle_counter(
    client: httpx.AsyncClient, counter_id: int, cycles: int | None, until: float | None, run: Run
) -> None:
    headers = await login(client, f"teller{counter_id}")
    await client.post(f"/counters/{counter_id}/open", headers=headers)
    done = 0
    while (cycles is None or done < cycles) and (until is None or time.perf_counter() < until):
        start = time.perf_counter()
        answer = await client.post(f"/counters/{counter_id}/call-next", headers=headers)
        run.add("call", time.perf_counter() - start)
        if answer.status_code == 204:
            run.empty_calls += 1
            if cycles is not None:
                return  # nothing left that this counter serves
            await asyncio.sleep(0.05)
            continue
        if answer.status_code != 200:
            run.errors[f"call {answer.status_code}"] += 1
            continue
        ticket_id = answer.json()["id"]
        run.called.append(ticket_id)
        for action in ("start", "finish"):
            start = time.perf_counter()
            answer = await client.post(f"/tickets/{ticket_id}/{action}", headers=headers)
            run.add(action, time.perf_counter() - start)
            if answer.status_code != 200:
                run.errors[f"{action} {answer.status_code}"] += 1
        done += 1


def http_client(base_url: str, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60)


async def prefill(base_url: str, count: int) -> None:
    run = Run("prefill", 0, 8)
    async with http_client(base_url, 8) as client:
        headers = await login(client, "kiosk-1")
        share = [count // 8 + (1 if i < count % 8 else 0) for i in range(8)]
        await asyncio.gather(*(issue_many(client, headers, n, run, i) for i, n in enumerate(share)))
    if run.errors:
        raise RuntimeError(f"prefill failed: {run.errors}")


async def run_issue(base_url: str, waiting: int, clients: int, pid: int | None = None) -> Run:
    run = Run("issue", waiting, clients, server_pid=pid)
    total = ISSUES_PER_RUN.get(clients, 20 * clients)
    async with http_client(base_url, clients) as client:
        headers = await login(client, "kiosk-1")
        await issue_many(client, headers, 2 * clients, Run("warm-up", 0, 0), 0)
        share = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]
        with run.timed():
            await asyncio.gather(*(issue_many(client, headers, n, run, i) for i, n in enumerate(share)))
    return run


async def run_call(base_url: str, waiting: int, pid: int | None = None) -> Run:
    run = Run("call", waiting, len(COUNTERS), server_pid=pid)
    async with http_client(base_url, len(COUNTERS)) as client:
        with run.timed():
            await asyncio.gather(*(cycle_counter(client, c, CYCLES_PER_COUNTER, None, run) for c in COUNTERS))
    return run


async def run_mixed(base_url: str, waiting: int, clients: int, pid: int | None = None) -> Run:
    run = Run("mixed", waiting, clients, server_pid=pid)
    async with http_client(base_url, clients + len(COUNTERS)) as client:
        headers = await login(client, "kiosk-1")
        until = time.perf_counter() + MIXED_SECONDS

        async def kiosk(offset: int) -> None:
            while time.perf_counter() < until:
                await issue_many(client, headers, 1, run, offset)
                offset += 1

        with run.timed():
            await asyncio.gather(
                *(kiosk(i) for i in range(clients)),
                *(cycle_counter(client, c, None, until, run) for c in COUNTERS),
            )
    return run


# -- checks against the database ---------------------------------------------------------------------


def database_faults(db_file: Path) -> dict[str, int]:
    with sqlite3.connect(db_file) as connection:
        duplicates = connection.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) n FROM tickets"
            " GROUP BY branch_id, service_id, business_day, number HAVING n > 1)"
        ).fetchone()[0]
        double_calls = connection.execute(
            "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) n FROM events WHERE type = 'ticket.called'"
            " GROUP BY json_extract(payload, '$.ticket_id') HAVING n > 1)"
        ).fetchone()[0]
        waiting = connection.execute("SELECT COUNT(*) FROM tickets WHERE status = 'waiting'").fetchone()[0]
    return {"db_duplicate_numbers": duplicates, "db_double_calls": double_calls, "waiting_after": waiting}


# -- driver ------------------------------------------------------------------------------------------


def template(folder: Path, waiting: int) -> Path:
    """A database with the demo branch and `waiting` tickets already waiting (built once per length)."""
    path = folder / f"template-{waiting}.db"
    if not path.exists():
        server = Server(path)
        try:
            asyncio.run(prefill(server.url, waiting))
        finally:
            server.stop()
    return path


def measure(
    folder: Path, waiting: int, scenario: str, clients: int, profile: Path | None, root: Path = ROOT
) -> dict[str, object]:
    extra = CYCLES_PER_COUNTER * len(COUNTERS) if scenario == "call" else 0
    source = template(folder, waiting + extra)
    db_file = folder / f"run-{scenario}-{waiting}-{clients}.db"
    shutil.copy(source, db_file)
    server = Server(db_file, profile, root)
    try:
        pid = server.process.pid
        if scenario == "issue":
            run = asyncio.run(run_issue(server.url, waiting, clients, pid))
        elif scenario == "call":
            run = asyncio.run(run_call(server.url, waiting, pid))
        else:
            run = asyncio.run(run_mixed(server.url, waiting, clients, pid))
    finally:
        server.stop()
    return {**run.summary(), **database_faults(db_file)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, nargs="+", default=[0, 200, 1000])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--scenarios", nargs="+", default=["issue", "call", "mixed"], choices=["issue", "call", "mixed"])
    parser.add_argument("--mixed-clients", type=int, default=8)
    parser.add_argument("--profile", type=Path, help="run the server under yappi and write its profile here")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--server-root", type=Path, default=ROOT, help="checkout whose server to run (compare two versions)"
    )
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="branchq-load-") as tmp:
        folder = Path(tmp)
        for waiting in args.waiting:
            for scenario in args.scenarios:
                client_counts = {"issue": args.clients, "call": [len(COUNTERS)], "mixed": [args.mixed_clients]}[scenario]
                for clients in client_counts:
                    result = measure(folder, waiting, scenario, clients, args.profile, args.server_root)
                    results.append(result)
                    print(json.dumps(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
