"""The counter app's speed: a press of call next (F1) until the called ticket is on the teller's screen.

Starts one `branchq-server --demo` on loopback (SQLite in a temporary folder), signs teller3 in at counter 3
of the demo branch through the real window (`counter_app.app.build_counter`, offscreen, 1920x1080, with the
floor view following the event stream), issues one cash ticket as the kiosk before each round, then presses
F1 and waits until the customer card shows that ticket's number and the window has been repainted; the
ticket is then started and finished (not timed) so the next round starts idle.

    python -m bench.counter [--rounds 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.body_limit import free_port, start_server, wait_healthy
from client import BranchQClient
from counter_app.app import build_counter
from counter_app.config import CounterConfig, CustomerScreenMode
from counter_app.flows import DeskState
from counter_app.ui.style import stylesheet
from qtkit import Colours, Language, compile_catalogues

PASSWORD = "bench-password-1"
ROOT = Path(__file__).resolve().parents[1]


def wait_until(condition, timeout_s: float = 15.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the counter app did not get there in time")
        QApplication.processEvents()
        time.sleep(0.001)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    rank = (len(ordered) - 1) * fraction
    lower = int(rank)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (rank - lower)


def run(rounds: int) -> dict[str, float]:
    compile_catalogues()
    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(stylesheet(Colours.load()))
    folder = Path(tempfile.mkdtemp(prefix="branchq-bench-counter-"))
    port = free_port()
    server = start_server(ROOT, folder, port)
    base = f"http://127.0.0.1:{port}"
    kiosk = BranchQClient(base)
    try:
        wait_healthy(base, server)
        kiosk.login("kiosk-1", PASSWORD)
        counter = build_counter(CounterConfig(base, "demo", 3, Language.ZH_CN, CustomerScreenMode.NONE))
        window, desk = counter.window, counter.desk
        window.show()
        desk.sign_in("teller3", PASSWORD, "demo", 3)
        wait_until(lambda: desk.state is DeskState.IDLE and not desk.busy)
        times = []
        for _ in range(rounds):
            number = kiosk.issue_ticket("demo", "cash").number
            wait_until(lambda: not desk.busy)
            pressed = time.perf_counter()
            QTest.keyClick(window, Qt.Key.Key_F1)
            wait_until(lambda number=number: window.card.number.text() == number)
            window.repaint()
            times.append((time.perf_counter() - pressed) * 1000)
            desk.start()
            wait_until(lambda: desk.state is DeskState.SERVING and not desk.busy)
            desk.finish()
            wait_until(lambda: desk.state is DeskState.IDLE and not desk.busy)
        desk.close_counter()
        wait_until(lambda: desk.state is DeskState.SIGNED_OUT and not desk.busy)
        window.close()
        counter.stop()
    finally:
        kiosk.close()
        server.terminate()
        server.wait(10)
    return {
        "rounds": rounds, "p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1), "load_1min": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    print(json.dumps(run(parser.parse_args().rounds), indent=2))


if __name__ == "__main__":
    main()
