"""The kiosk's printer worker against a printer on a real socket: tickets print, failures are named,
status changes are reported, and the GUI thread never waits for the printer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from hardware.printer import PaperLevel, PrinterStatus, raster_to_image
from hardware.qr import decode_qr
from hardware.testing import FakeNetworkPrinter
from kiosk.devices import PaperTicket, PrinterWorker

TICKET = PaperTicket(
    branch_name="BranchQ 示范银行",
    ticket_number="A023",
    service_name_zh="现金业务",
    service_name_en="Cash services",
    status_url="http://127.0.0.1:8000/t/BQ1.T.abc.xyz.sig",
    issued_at=datetime(2026, 12, 2, 9, 31),
    people_ahead=5,
    estimated_wait_s=720,
    wait_range_s=(480, 900),
    zone_zh="一楼 A 区",
    zone_en="Floor 1, Zone A",
    documents_zh=("身份证",),
    documents_en=("ID card",),
)


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    with FakeNetworkPrinter() as printer:
        yield printer


@pytest.fixture
def make_worker(qtbot):  # type: ignore[no-untyped-def]
    workers: list[PrinterWorker] = []

    def make(url: str, status_interval_ms: int = 60_000) -> PrinterWorker:
        worker = PrinterWorker(url, status_interval_ms=status_interval_ms)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        assert worker.stop()


def test_a_ticket_prints_with_its_qr_code(qtbot, make_worker, fake_printer: FakeNetworkPrinter) -> None:
    worker = make_worker(fake_printer.url)
    with qtbot.waitSignal(worker.status_changed, timeout=5000) as first_state:
        worker.start()
    assert first_state.args == ["ok"]
    with qtbot.waitSignal(worker.printed, timeout=10_000) as printed:
        worker.print_ticket(TICKET)
    assert printed.args == ["A023"]
    (job,) = fake_printer.wait_for_jobs(1)
    payloads = [found.payload for found in decode_qr(raster_to_image(job).convert("L"))]
    assert payloads == [TICKET.status_url]


def test_text_mode_prints_both_languages(qtbot, make_worker, fake_printer: FakeNetworkPrinter) -> None:
    worker = make_worker(fake_printer.url + "?mode=text")
    worker.start()
    with qtbot.waitSignal(worker.printed, timeout=10_000):
        worker.print_ticket(TICKET)
    (job,) = fake_printer.wait_for_jobs(1)
    for text in ("A023", "现金业务", "Cash services", "前面还有 5 人", "8-15 min", "一楼 A 区", "身份证 ID card"):
        assert text.encode("gb18030") in job, text


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (PrinterStatus(paper=PaperLevel.OUT), "paper_out"),
        (PrinterStatus(cover_open=True), "cover_open"),
        (PrinterStatus(error=True), "error"),
    ],
)
def test_a_printer_that_cannot_print_fails_with_the_reason_and_prints_nothing(
    qtbot, make_worker, fake_printer: FakeNetworkPrinter, status: PrinterStatus, reason: str
) -> None:
    fake_printer.status = status
    worker = make_worker(fake_printer.url)
    failures: list[str] = []
    states: list[str] = []
    worker.failed.connect(failures.append)
    worker.status_changed.connect(states.append)
    worker.start()
    worker.print_ticket(TICKET)
    qtbot.waitUntil(lambda: failures == [reason], timeout=10_000)
    assert states == [reason] and worker.state == reason and fake_printer.jobs == []
    assert worker.last_problem


def test_an_unreachable_printer_is_offline_and_the_gui_thread_does_not_wait(qtbot, make_worker) -> None:
    with FakeNetworkPrinter() as gone:
        url = gone.url
    worker = make_worker(url + "?timeout=1")
    failures: list[str] = []
    worker.failed.connect(failures.append)
    worker.start()
    worker.print_ticket(TICKET)
    assert failures == []  # print_ticket returned before the printer answered
    qtbot.waitUntil(lambda: failures == ["offline"], timeout=10_000)
    assert worker.state == "offline"


def test_a_silent_printer_times_out_as_offline(qtbot, make_worker) -> None:
    with FakeNetworkPrinter(answers_status=False) as silent:
        worker = make_worker(silent.url + "?timeout=0.5")
        worker.start()
        with qtbot.waitSignal(worker.failed, timeout=10_000) as failed:
            worker.print_ticket(TICKET)
        assert failed.args == ["offline"] and silent.jobs == []


def test_periodic_status_queries_report_each_change_once(
    qtbot, make_worker, fake_printer: FakeNetworkPrinter
) -> None:
    worker = make_worker(fake_printer.url, status_interval_ms=50)
    states: list[str] = []
    worker.status_changed.connect(states.append)
    worker.start()
    qtbot.waitUntil(lambda: states == ["ok"], timeout=5000)
    fake_printer.status = PrinterStatus(paper=PaperLevel.NEAR_END)
    qtbot.waitUntil(lambda: states[-1:] == ["paper_low"], timeout=5000)
    fake_printer.status = PrinterStatus(paper=PaperLevel.OUT)
    qtbot.waitUntil(lambda: states[-1:] == ["paper_out"], timeout=5000)
    fake_printer.status = PrinterStatus()
    qtbot.waitUntil(lambda: states[-1:] == ["ok"], timeout=5000)
    assert states == ["ok", "paper_low", "paper_out", "ok"]
    assert fake_printer.status_queries > 4


def test_a_paper_low_printer_still_prints(qtbot, make_worker, fake_printer: FakeNetworkPrinter) -> None:
    fake_printer.status = PrinterStatus(paper=PaperLevel.NEAR_END)
    worker = make_worker(fake_printer.url)
    worker.start()
    with qtbot.waitSignal(worker.printed, timeout=10_000):
        worker.print_ticket(TICKET)
    assert worker.state == "paper_low" and len(fake_printer.wait_for_jobs(1)) == 1


def test_a_bad_printer_url_does_not_stop_the_kiosk_but_every_print_fails(qtbot, make_worker) -> None:
    worker = make_worker("lpt://1")
    with qtbot.waitSignal(worker.status_changed, timeout=5000) as state:
        worker.start()
    assert state.args == ["error"] and "lpt://1" in worker.last_problem  # staff learn why before any print
    with qtbot.waitSignal(worker.failed, timeout=5000) as failed:
        worker.print_ticket(TICKET)
    assert failed.args == ["error"] and "lpt://1" in worker.last_problem


def test_a_dummy_printer_keeps_the_job(qtbot, make_worker) -> None:
    worker = make_worker("dummy://")
    worker.start()
    with qtbot.waitSignal(worker.printed, timeout=10_000) as printed:
        worker.print_ticket(TICKET)
    assert printed.args == ["A023"] and worker.state == "ok"
