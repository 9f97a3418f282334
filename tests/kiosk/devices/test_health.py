"""The kiosk's health reports against the live server: a printer or camera change becomes a `device.health`
event staff receive at once; a heartbeat moves the kiosk's "last seen"; a report made while the server is
away arrives once it is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from client import BranchQClient, Event, EventStream
from hardware.printer import PaperLevel, PrinterStatus
from hardware.testing import FakeNetworkPrinter
from kiosk.devices import HealthReporter, PrinterWorker
from qtkit import QtClient


@pytest.fixture
def manager(live_server) -> Iterator[BranchQClient]:  # type: ignore[no-untyped-def]
    client = BranchQClient(live_server.base_url, language="en")
    client.login(live_server.accounts.manager, live_server.accounts.password)
    yield client
    client.close()


@pytest.fixture
def staff_events(live_server, manager: BranchQClient) -> Iterator[list[Event]]:  # type: ignore[no-untyped-def]
    """The branch's events from now on, as the manager's screen receives them."""
    received: list[Event] = []
    since = manager.live_queue(live_server.branch)["as_of_seq"]
    stream = EventStream(manager, live_server.branch, received.append, since=since)
    stream.start()
    assert stream.wait_connected(10)
    yield received
    stream.stop()


@pytest.fixture
def qt_client(qtbot) -> Iterator[QtClient]:  # type: ignore[no-untyped-def]
    """The kiosk's Qt client; at the end its calls are finished and it is deleted with its children."""
    made = QtClient()
    yield made
    made.tasks.wait_for_done()
    qtbot.waitUntil(lambda: made.tasks.pending == 0, timeout=20_000)
    made.deleteLater()


@pytest.fixture
def make_reporter(qt_client: QtClient, device_client: BranchQClient):  # type: ignore[no-untyped-def]
    made: list[HealthReporter] = []

    def make(heartbeat_ms: int = 60_000) -> HealthReporter:
        reporter = HealthReporter(qt_client, device_client, heartbeat_ms=heartbeat_ms, parent=qt_client)
        made.append(reporter)
        return reporter

    yield make
    for reporter in made:
        reporter.stop()


@pytest.fixture
def reporter(make_reporter) -> HealthReporter:  # type: ignore[no-untyped-def]
    return make_reporter()


def health_events(events: list[Event], username: str) -> list[dict]:
    return [dict(event.data) for event in events if event.type == "device.health" and event.data["username"] == username]


def kiosk_row(manager: BranchQClient, branch: str, username: str) -> dict:
    devices = manager.get(f"/branches/{branch}/devices")["devices"]
    return next(dict(device) for device in devices if device["username"] == username)


def test_a_printer_running_out_of_paper_is_an_event_for_staff(
    qtbot, live_server, reporter: HealthReporter, staff_events: list[Event], manager: BranchQClient
) -> None:
    kiosk = live_server.accounts.kiosk
    with FakeNetworkPrinter() as device:
        printer = PrinterWorker(device.url, status_interval_ms=100)
        reporter.watch_printer(printer)
        reporter.start()
        printer.start()
        try:
            qtbot.waitUntil(lambda: reporter.delivered.get("printer") == "ok", timeout=20_000)
            device.status = PrinterStatus(paper=PaperLevel.OUT)
            qtbot.waitUntil(lambda: any(e["printer"] == "paper_out" for e in health_events(staff_events, kiosk)),
                            timeout=20_000)
        finally:
            assert printer.stop()
    (event,) = [e for e in health_events(staff_events, kiosk) if e["printer"] == "paper_out"]
    assert list(event["changed"]) == ["printer"] and event["needs_staff"] is True
    assert kiosk_row(manager, live_server.branch, kiosk)["printer"] == "paper_out"
    reporter.printer_changed("ok")
    qtbot.waitUntil(lambda: health_events(staff_events, kiosk)[-1]["printer"] == "ok", timeout=20_000)


def test_a_camera_change_is_reported_once(
    qtbot, live_server, reporter: HealthReporter, staff_events: list[Event]
) -> None:
    kiosk = live_server.accounts.kiosk
    reporter.start()
    for state in ("missing", "missing", "ok"):
        reporter.camera_changed(state)
    qtbot.waitUntil(lambda: reporter.delivered.get("camera") == "ok" and not reporter.unreported, timeout=20_000)
    cameras = [e["camera"] for e in health_events(staff_events, kiosk) if "camera" in e["changed"]]
    assert cameras[-1] == "ok" and cameras.count("missing") <= 1


def test_an_unusable_printer_is_reported_as_offline(qtbot, reporter: HealthReporter) -> None:
    printer = PrinterWorker("lpt://1")
    reporter.watch_printer(printer)
    reporter.start()
    try:
        with qtbot.waitSignal(reporter.reported, timeout=20_000, check_params_cb=lambda view: view["printer"] == "offline"):
            printer.start()
    finally:
        assert printer.stop()


def test_the_heartbeat_moves_last_seen(qtbot, live_server, make_reporter, manager: BranchQClient) -> None:
    reporter = make_reporter(heartbeat_ms=200)
    beats: list[str] = []
    reporter.beat.connect(lambda last_seen: beats.append(last_seen))
    reporter.start()
    qtbot.waitUntil(lambda: len(beats) >= 2, timeout=20_000)
    reporter.stop()
    assert beats[1] > beats[0]
    row = kiosk_row(manager, live_server.branch, live_server.accounts.kiosk)
    assert row["last_seen"] >= beats[1] and row["silent"] is False


def test_a_report_made_while_the_server_is_away_arrives_when_it_is_back(
    qtbot, live_server, make_reporter, qt_client: QtClient, manager: BranchQClient
) -> None:
    reporter = make_reporter(heartbeat_ms=300)
    failures: list[object] = []
    reporter.failed.connect(lambda error: failures.append(error))
    reporter.start()
    qtbot.waitUntil(lambda: not qt_client.tasks.pending, timeout=20_000)
    with live_server.down():
        reporter.camera_changed("error")
        qtbot.waitUntil(lambda: len(failures) >= 1, timeout=20_000)
        assert reporter.unreported == {"camera": "error"}
    qtbot.waitUntil(lambda: reporter.delivered.get("camera") == "error", timeout=20_000)
    assert kiosk_row(manager, live_server.branch, live_server.accounts.kiosk)["camera"] == "error"
    reporter.camera_changed("ok")
    qtbot.waitUntil(lambda: reporter.delivered.get("camera") == "ok", timeout=20_000)


def test_a_printer_back_before_its_paper_out_was_acknowledged_is_reported_back(
    qtbot, live_server, make_reporter, manager: BranchQClient
) -> None:
    reporter = make_reporter()
    reporter.start()
    reporter.printer_changed("ok")
    qtbot.waitUntil(lambda: reporter.delivered.get("printer") == "ok", timeout=20_000)
    with qtbot.waitSignal(reporter.reported, timeout=20_000):  # the paper-out report's answer
        reporter.printer_changed("paper_out")
        reporter.printer_changed("ok")  # the paper is back while that report is under way
    qtbot.waitUntil(lambda: reporter.delivered.get("printer") == "ok" and not reporter.unreported, timeout=20_000)
    qtbot.waitUntil(
        lambda: kiosk_row(manager, live_server.branch, live_server.accounts.kiosk)["printer"] == "ok", timeout=20_000
    )
