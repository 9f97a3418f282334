"""What an `Idempotency-Key` costs a kiosk issuing tickets: the same request with and without a key,
alternating one by one (so both see the same machine load), through `client.BranchQClient` against one
`branchq-server --demo` on loopback (embedded SQLite).

    python -m bench.idempotency_cost [--count 300]

With a key the server looks the key up and inserts its claim inside the issuing transaction, then stores the
sealed answer in a second, small write transaction after the commit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.load_http import PASSWORD, Server
from client import BranchQClient

SERVICES = ("cash", "account", "wealth", "loans", "corporate", "fx")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(count: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(Path(folder) / "branchq.db")
        try:
            with BranchQClient(server.url.removesuffix("/api/v1")) as kiosk:
                kiosk.login("kiosk-1", PASSWORD)
                timings: dict[str, list[float]] = {"without key": [], "with key": []}
                for n in range(count + 20):
                    body = {"service": SERVICES[n % len(SERVICES)], "channel": "kiosk"}
                    keyed = n % 2 == 1
                    start = time.perf_counter()
                    if keyed:
                        kiosk.create("/branches/demo/tickets", body)
                    else:
                        kiosk.post("/branches/demo/tickets", body)
                    elapsed = (time.perf_counter() - start) * 1000
                    if n >= 20:  # the first ones warm the server up
                        timings["with key" if keyed else "without key"].append(elapsed)
                return timings
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="requests measured (half with a key)")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    timings = measure(args.count)
    print(f"load average at start {load:.1f}, after {os.getloadavg()[0]:.1f}")
    for name, values in timings.items():
        print(f"{name:12s} n={len(values)}  p50 {statistics.median(values):6.1f} ms  "
              f"p95 {_percentile(values, 0.95):6.1f} ms  mean {statistics.fmean(values):6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
