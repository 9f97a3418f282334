"""How fast the queue server's core use cases run, by queue length, on SQLite and PostgreSQL.

Each timed operation is one real transaction through the service layer (what an API call does minus
HTTP): issue a ticket (number allocation, ticket insert, event), and one call-start-finish cycle at a
counter (the policy chooses on the branch's in-memory queue, `server.services.live_queue`). Estimates are
not made inside these transactions: each change asks the branch's `EstimateRefresher` for a refresh after
its commit, and an issue answer waits for that refresh (coalesced, on the in-memory queue), so the
timings include the re-estimation of the line that the answer needs, with the demo's `branchq` predictor.

    python -m bench.server_throughput                       # SQLite in a temp folder
    python -m bench.server_throughput --postgres            # also a throw-away PostgreSQL (needs its binaries)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from server.container import Container, build_container
from server.demo import seed_demo
from server.domain import Channel, CounterAction, Role, TicketAction
from server.services.auth import Principal
from server.services.tickets import IssueRequest
from server.settings import load_settings

QUEUE_LENGTHS = (0, 50, 200, 1000)
SAMPLES = 40
KIOSK = Principal("device", 1, "kiosk-1", Role.KIOSK, frozenset({1}))
TELLER = Principal("staff", 3, "teller1", Role.TELLER, frozenset({1}))


def fresh_container(url: str) -> Container:
    settings = load_settings(environment="development", database_url=url, secret_key="x" * 40)
    container = build_container(settings)
    seed_demo(container.db, "bench-password")
    return container


def timed(action: Callable[[], object], samples: int = SAMPLES) -> list[float]:
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def issue(container: Container) -> dict:
    return container.tickets.issue(IssueRequest("demo", "cash", Channel.KIOSK), KIOSK)


def serve_one(container: Container) -> None:
    called = container.counters.call_next(1, TELLER)
    assert called is not None
    container.tickets.act(called["id"], TicketAction.START, TELLER)
    container.tickets.act(called["id"], TicketAction.FINISH, TELLER)


def measure(url: str, lengths: tuple[int, ...] = QUEUE_LENGTHS) -> list[tuple[int, float, float, float]]:
    container = fresh_container(url)
    container.counters.change_state(1, CounterAction.OPEN, TELLER)
    rows = []
    try:
        for length in lengths:
            while len(container.queries.queue("demo")["waiting"]) < length + SAMPLES:
                issue(container)
            issue_ms = timed(lambda: issue(container))
            cycle_ms = timed(lambda: serve_one(container))
            rows.append((length, statistics.median(issue_ms), statistics.median(cycle_ms), max(issue_ms)))
    finally:
        container.close()
    return rows


def report(name: str, rows: list[tuple[int, float, float, float]]) -> None:
    print(f"\n{name}: median ms per transaction ({SAMPLES} samples each), load average {os.getloadavg()[0]:.1f}")
    print("| waiting | issue ticket | call + start + finish (3 tx) | issue worst |")
    print("|---:|---:|---:|---:|")
    for length, issue_ms, cycle_ms, worst in rows:
        print(f"| {length} | {issue_ms:.1f} | {cycle_ms:.1f} | {worst:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also measure on a throw-away PostgreSQL")
    parser.add_argument("--lengths", type=int, nargs="+", default=list(QUEUE_LENGTHS), help="line lengths to time")
    args = parser.parse_args()
    lengths = tuple(args.lengths)
    with tempfile.TemporaryDirectory() as folder:
        report("SQLite (WAL)", measure(f"sqlite:///{Path(folder) / 'bench.db'}", lengths))
    if args.postgres:
        from tests.support import PostgresCluster

        with PostgresCluster() as cluster:
            cluster.create_database("bench")
            report("PostgreSQL 15", measure(cluster.url("bench"), lengths))


if __name__ == "__main__":
    main()
