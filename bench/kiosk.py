"""The kiosk's speed: cold start to Home, tap on a service to ticket on screen, the longest UI-thread block
while the camera previews and the scanner runs, and resident memory.

Starts one `branchq-server --demo` on loopback (SQLite in a temporary folder), opens counter 1 (so the demo
services are served), books the demo camera's appointments (`kiosk.demo_assets`) and runs the kiosk as
`branchq-kiosk --demo` builds it (`kiosk.app.build_kiosk`: dummy printer, image-folder camera, face process),
on Qt's offscreen platform at 1080x1920:

- cold start: a fresh process per run (`--cold-start-child`), from before the process is spawned until the
  Home screen has been painted with the branch's menu loaded from the server;
- tap to ticket: `KioskSession.choose_service` (what a service card's click calls) until the ticket screen
  shows the new number and has been painted; the server answers on loopback, printing (dummy, on the
  printer thread) is not waited for;
- UI-thread block: a 10 ms QTimer heartbeat on the UI thread while the check-in screen shows the camera
  preview; its worst lateness is the longest time the UI thread was busy; then the same during face capture;
- memory: VmRSS / VmHWM of the kiosk process (and of its face process, separately).

    python -m bench.kiosk [--taps 40] [--cold-starts 5] [--preview-seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.body_limit import free_port, start_server, wait_healthy  # noqa: E402

PASSWORD = "bench-password-1"
"""`bench.body_limit.start_server` seeds the demo with this password."""
HEARTBEAT_MS = 10


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kiosk", description=__doc__.splitlines()[0])
    parser.add_argument("--taps", type=int, default=40)
    parser.add_argument("--cold-starts", type=int, default=5)
    parser.add_argument("--preview-seconds", type=float, default=20.0)
    parser.add_argument("--cold-start-child", nargs=2, metavar=("SERVER", "CAMERA"), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.cold_start_child:
        return cold_start_child(*arguments.cold_start_child)
    with tempfile.TemporaryDirectory(prefix="bench-kiosk-") as folder:
        port = free_port()
        server = start_server(Path.cwd(), Path(folder), port)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_healthy(base, server)
            run_all(base, Path(folder), arguments)
        finally:
            server.terminate()
            server.wait(30)
    return 0


def run_all(base: str, folder: Path, arguments: argparse.Namespace) -> None:
    from client import BranchQClient
    from kiosk.demo_assets import prepare_demo_assets

    teller = BranchQClient(base, language="en")
    teller.login("teller1", PASSWORD)
    counters = {counter["number"]: counter["counter_id"] for counter in teller.live_queue("demo")["counters"]}
    teller.open_counter(counters[1])
    with BranchQClient(base) as customer:
        assets = prepare_demo_assets(customer, "demo", folder / "camera")
    print(f"load average at start: {os.getloadavg()}")
    report("cold start to Home", cold_starts(base, assets.camera_folder, arguments.cold_starts))
    in_process(base, assets.camera_folder, arguments)
    print(f"load average at end: {os.getloadavg()}")
    teller.close_counter(counters[1])
    teller.close()


# -- cold start ---------------------------------------------------------------------------------------------


def cold_starts(base: str, camera: Path, runs: int) -> list[float]:
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        started = time.time()
        command = [sys.executable, "-m", "bench.kiosk", "--cold-start-child", base, str(camera)]
        environment = {**os.environ, "BENCH_SPAWNED_AT": repr(started)}
        answer = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120, check=True)
        phases = json.loads(answer.stdout.strip().splitlines()[-1])
        print("  cold start phases (s from spawn): " + ", ".join(f"{k[:-2]} {v:.2f}" for k, v in phases.items()))
        times.append(phases["home_s"] * 1000)
        cpu.append(phases["cpu_s"] * 1000)
    report("  CPU time of the kiosk process until Home", cpu)
    return times


def cold_start_child(server: str, camera: str) -> int:
    """One kiosk start in this fresh process; prints the seconds from spawn to Home painted."""
    spawned_at = float(os.environ["BENCH_SPAWNED_AT"])
    phases = {"python_s": time.time() - spawned_at}
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig

    phases["imports_s"] = time.time() - spawned_at
    app = QApplication([sys.argv[0]])
    config = KioskConfig.demo(server_url=server, password=PASSWORD, camera_source=camera)
    kiosk = build_kiosk(config, start_devices=False)  # as `kiosk.app.run`: devices once Home shows the menu
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    kiosk.start()
    phases["window_built_s"] = time.time() - spawned_at
    wait_for(app, lambda: kiosk.session.menu.services is not None, timeout_s=60)
    phases["menu_loaded_s"] = time.time() - spawned_at
    kiosk.window.repaint()
    phases["home_s"] = time.time() - spawned_at
    phases["cpu_s"] = time.process_time()  # every thread of this process, from its start
    kiosk.stop()
    print(json.dumps(phases))
    return 0


# -- in one running kiosk ----------------------------------------------------------------------------------


def in_process(base: str, camera: Path, arguments: argparse.Namespace) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_kiosk
    from kiosk.config import KioskConfig

    app = QApplication([sys.argv[0]])
    config = KioskConfig.demo(server_url=base, password=PASSWORD, camera_source=str(camera))
    kiosk = build_kiosk(config)
    kiosk.window.resize(1080, 1920)
    kiosk.window.show()
    kiosk.session.start()
    wait_for(app, lambda: kiosk.session.menu.services is not None, timeout_s=60)
    try:
        report("tap on a service to ticket on screen", taps(app, kiosk, arguments.taps))
        preview_blocks(app, kiosk, arguments.preview_seconds)
        print_memory(kiosk)
    finally:
        kiosk.stop()


def taps(app, kiosk, count: int) -> list[float]:  # type: ignore[no-untyped-def]
    from kiosk.flows.navigation import Screen

    session, window = kiosk.session, kiosk.window
    ticket_screen = window.screens[Screen.TICKET]
    times: list[float] = []
    ui_cpu: list[float] = []
    for _ in range(count):
        session.navigator.go(Screen.SERVICES)
        app.processEvents()
        issued: list[object] = []
        session.ticket.ticket_issued.connect(issued.append)
        started, started_cpu = time.perf_counter(), time.thread_time()
        session.choose_service("cash")
        wait_for(app, lambda: bool(issued) and _shows_number(ticket_screen, issued[0]), timeout_s=30)
        window.repaint()
        times.append((time.perf_counter() - started) * 1000)
        ui_cpu.append((time.thread_time() - started_cpu) * 1000)
        session.ticket.ticket_issued.disconnect(issued.append)
        session.navigator.go(Screen.HOME)
    report("  UI-thread CPU time per tap (the event loop's own polling included)", ui_cpu)
    return times


def _shows_number(screen, ticket) -> bool:  # type: ignore[no-untyped-def]
    return screen.number is not None and screen.number.text() == ticket.number


def preview_blocks(app, kiosk, seconds: float) -> None:  # type: ignore[no-untyped-def]
    from kiosk.flows.navigation import Screen

    camera = next(device for device in kiosk.devices if hasattr(device, "frames_shown"))
    phases = [("Home (camera and scanner running, no preview drawn)", Screen.HOME),
              ("check-in screen: camera preview + QR scanner", Screen.CHECKIN)]
    if kiosk.session.face is not None:
        phases.append(("face screen: preview + face capture", Screen.FACE))
    for name, screen in phases:
        kiosk.session.navigator.go(screen)
        lateness, busy, shown, decoded = heartbeat_during(app, seconds, camera)
        print(f"{name}, {seconds:.0f} s: heartbeat lateness {spread(lateness)}; UI-thread CPU between beats "
              f"{spread(busy)}; preview {shown:.1f} frames/s, scanner {decoded:.1f} frames/s")
    kiosk.session.navigator.go(Screen.HOME)


def heartbeat_during(app, seconds: float, camera) -> tuple[list[float], list[float], float, float]:  # type: ignore[no-untyped-def]
    """Over `seconds`: each lateness of a 10 ms heartbeat (wall ms: what a customer feels, but on a loaded
    machine mostly time the OS gave other processes), the UI thread's CPU ms between consecutive beats (the
    work our code did there, whatever the load), preview frames/s and scanner frames/s."""
    from PySide6.QtCore import Qt, QTimer

    last = [time.perf_counter(), time.thread_time()]
    lateness: list[float] = []
    busy: list[float] = []

    def beat() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        lateness.append(max(0.0, (now - last[0]) * 1000 - HEARTBEAT_MS))
        busy.append((cpu - last[1]) * 1000)
        last[:] = [now, cpu]

    shown_before, decoded_before = camera.frames_shown, camera._scanner.frames_decoded
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(beat)
    started = time.perf_counter()
    timer.start()
    last[:] = [time.perf_counter(), time.thread_time()]
    wait_for(app, lambda: time.perf_counter() - started >= seconds, timeout_s=seconds + 5)
    timer.stop()
    elapsed = time.perf_counter() - started
    shown = (camera.frames_shown - shown_before) / elapsed
    decoded = (camera._scanner.frames_decoded - decoded_before) / elapsed
    return lateness, busy, shown, decoded


def print_memory(kiosk) -> None:  # type: ignore[no-untyped-def]
    own = memory_mb(os.getpid())
    print(f"kiosk process: VmRSS {own['VmRSS']:.0f} MB, peak VmHWM {own['VmHWM']:.0f} MB")
    face = next((device for device in kiosk.devices if hasattr(device, "captured")), None)
    pool = getattr(face, "_pool", None)
    for pid in list(getattr(pool, "_processes", {}) or {}):
        child = memory_mb(pid)
        print(f"face process: VmRSS {child['VmRSS']:.0f} MB, peak VmHWM {child['VmHWM']:.0f} MB")


def memory_mb(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


# -- helpers ----------------------------------------------------------------------------------------------


def wait_for(app, condition: Callable[[], bool], timeout_s: float) -> None:  # type: ignore[no-untyped-def]
    """Run the event loop until `condition()` holds (the UI thread keeps serving events meanwhile)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out after {timeout_s} s")
        app.processEvents()
        time.sleep(0.001)


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    return f"max {ordered[-1]:.1f} / p99 {ordered[int(0.99 * (len(ordered) - 1))]:.1f} ms"


def report(name: str, times_ms: list[float]) -> None:
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    print(f"{name}: n={len(ordered)} median {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, "
          f"max {ordered[-1]:.0f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
