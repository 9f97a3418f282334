"""Printers chosen by URL; a real TCP socket to a fake printer that answers DLE EOT like a real one."""

from datetime import datetime

import pytest

from hardware.errors import (
    CoverOpen,
    HardwareUnavailable,
    PaperOut,
    PrinterConfigError,
    PrinterFault,
    PrinterOffline,
)
from hardware.printer import (
    DummyPrinter,
    FilePrinter,
    NetworkPrinter,
    PaperLevel,
    PrinterStatus,
    PrintMode,
    encode_ticket,
    open_printer,
    sample_ticket,
)
from hardware.testing import FakeNetworkPrinter, FakeSerialPrinter

TICKET = sample_ticket("https://bank.example/t/abc", datetime(2026, 11, 29, 9, 31))


@pytest.mark.parametrize(
    ("url", "kind", "mode", "width"),
    [
        ("tcp://192.168.1.50:9100", NetworkPrinter, PrintMode.RASTER, 576),
        ("tcp://printer.local?mode=text&width=384", NetworkPrinter, PrintMode.TEXT, 384),
        ("file:///dev/usb/lp0", FilePrinter, PrintMode.RASTER, 576),
        ("dummy://", DummyPrinter, PrintMode.RASTER, 576),
    ],
)
def test_the_url_chooses_backend_mode_and_paper_width(url, kind, mode, width):
    printer = open_printer(url)
    assert isinstance(printer, kind)
    assert (printer.settings.mode, printer.settings.width_px) == (mode, width)


def test_a_network_url_without_a_port_uses_9100():
    assert open_printer("tcp://10.0.0.7").port == 9100


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("lpt://1", "tcp://"),
        ("tcp://h:9100?mode=fancy", "raster or text"),
        ("tcp://h:9100?width=500", "576"),
        ("tcp://h:9100?colour=red", "unknown printer option"),
        ("tcp://:9100", "no host"),
        ("usb://epson", "VID:PID"),
        ("serial://?baudrate=9600", "no device"),
        ("dummy://?paper=low", "near_end"),
    ],
)
def test_bad_urls_are_refused_with_a_hint(url, hint):
    with pytest.raises(PrinterConfigError, match=hint) as caught:
        open_printer(url)
    assert caught.value.advice


@pytest.mark.parametrize(
    ("url", "module", "package"),
    [
        ("usb://04b8:0e15", "escpos.printer.usb", "pyusb"),
        ("serial:///dev/ttyS0", "escpos.printer.serial", "pyserial"),
    ],
)
def test_usb_and_serial_say_which_driver_package_is_missing(monkeypatch, url, module, package):
    import importlib

    monkeypatch.setattr(importlib.import_module(module), "is_usable", lambda: False)
    with pytest.raises(HardwareUnavailable, match=package) as caught:
        open_printer(url)
    assert f"pip install {package}" in caught.value.advice


def test_a_usb_printer_is_one_way_and_a_serial_printer_reports_status():
    assert open_printer("usb://04b8:0e15").reports_status is False
    assert open_printer("serial:///dev/ttyS0?baudrate=19200").reports_status is True


def test_a_ticket_over_a_serial_line_is_preceded_by_the_three_status_queries():
    with FakeSerialPrinter() as device:
        printer = open_printer(f"{device.url}&mode=text")
        printer.print_ticket(TICKET)
        job = encode_ticket(TICKET, PrintMode.TEXT)
        received = device.wait_for_bytes(9 + len(job))
    assert received == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04" + job


def test_paper_out_on_a_serial_printer_stops_the_ticket():
    with FakeSerialPrinter(PrinterStatus(paper=PaperLevel.OUT)) as device:
        with pytest.raises(PaperOut):
            open_printer(device.url).print_ticket(TICKET)
        assert device.wait_for_bytes(9) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"


def test_a_missing_serial_device_is_offline():
    with pytest.raises(PrinterOffline):
        open_printer("serial:///dev/no-such-tty?timeout=0.5").status()


def test_a_ticket_sent_over_tcp_arrives_byte_for_byte_after_a_status_check():
    with FakeNetworkPrinter() as device:
        printer = open_printer(f"{device.url}?mode=text")
        status = printer.print_ticket(TICKET)
        (job,) = device.wait_for_jobs(1)
    assert status == PrinterStatus()
    assert job == encode_ticket(TICKET, PrintMode.TEXT)
    assert device.status_queries == 3


def test_paper_out_stops_the_ticket_before_any_byte_is_printed():
    with FakeNetworkPrinter(PrinterStatus(paper=PaperLevel.OUT)) as device:
        with pytest.raises(PaperOut) as caught:
            open_printer(device.url).print_ticket(TICKET)
        assert device.jobs == []
    assert "paper roll" in caught.value.advice


def test_paper_near_end_still_prints_and_tells_the_kiosk():
    with FakeNetworkPrinter(PrinterStatus(paper=PaperLevel.NEAR_END)) as device:
        status = open_printer(device.url).print_ticket(TICKET)
        device.wait_for_jobs(1)
    assert status.paper_low and status.ready


@pytest.mark.parametrize(
    ("state", "error"),
    [
        (PrinterStatus(cover_open=True), CoverOpen),
        (PrinterStatus(error=True), PrinterFault),
        (PrinterStatus(online=False), PrinterOffline),
    ],
)
def test_a_printer_that_cannot_print_raises_the_matching_error(state, error):
    with FakeNetworkPrinter(state) as device, pytest.raises(error):
        open_printer(device.url).check_ready()


def test_the_status_read_over_tcp_is_the_status_the_printer_is_in():
    with FakeNetworkPrinter() as device:
        printer = open_printer(device.url)
        device.status = PrinterStatus(paper=PaperLevel.OUT)
        assert printer.status() == PrinterStatus(online=False, paper=PaperLevel.OUT)
        device.status = PrinterStatus(cover_open=True)
        assert printer.status() == PrinterStatus(online=False, cover_open=True)


def test_a_printer_that_never_answers_status_is_reported_offline_after_the_timeout():
    with FakeNetworkPrinter(answers_status=False) as device:
        with pytest.raises(PrinterOffline, match="cannot talk"):
            open_printer(f"{device.url}?timeout=0.3").status()


def test_nothing_listening_is_offline_with_advice_to_check_power_and_cable():
    with FakeNetworkPrinter() as device:
        url = device.url
    with pytest.raises(PrinterOffline) as caught:
        open_printer(f"{url}?timeout=1").print_ticket(TICKET)
    assert "switched on" in caught.value.advice


def test_a_file_printer_appends_each_job_to_the_file(tmp_path):
    target = tmp_path / "lp0"
    target.write_bytes(b"")  # like /dev/usb/lp0, the file must exist: it is not created
    printer = open_printer(f"file://{target}")
    printer.print_ticket(TICKET)
    printer.print_ticket(TICKET)
    assert target.read_bytes() == encode_ticket(TICKET, PrintMode.RASTER) * 2
    assert printer.status() is None


def test_an_unplugged_usb_device_file_fails_the_health_check(tmp_path):
    device = tmp_path / "lp0"
    printer = open_printer(f"file://{device}")
    with pytest.raises(PrinterOffline, match="does not exist"):
        printer.check_ready()
    device.write_bytes(b"")
    assert printer.check_ready() is None


def test_a_missing_device_file_is_offline_and_an_unwritable_one_is_a_permission_problem(tmp_path):
    with pytest.raises(PrinterOffline):
        open_printer(f"file://{tmp_path}/absent/lp0").print_ticket(TICKET)
    locked = tmp_path / "locked"
    locked.write_bytes(b"")
    locked.chmod(0o400)
    printer = open_printer(f"file://{locked}")
    try:
        printer.print_ticket(TICKET)
    except PrinterConfigError as error:
        assert "lp" in error.advice
    else:
        pytest.skip("running as root: file permissions are not enforced")


def test_the_dummy_printer_simulates_status_from_its_url():
    printer = open_printer("dummy://?paper=out")
    with pytest.raises(PaperOut):
        printer.print_ticket(TICKET)
    assert printer.output == b""
    assert open_printer("dummy://?paper=near_end").check_ready().paper_low
