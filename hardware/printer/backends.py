"""Printers behind one small interface, chosen by a URL.

    tcp://192.168.1.50:9100            network printer (raw port 9100); reports status
    serial:///dev/ttyS0?baudrate=19200 serial printer (needs pyserial); reports status
    usb://04b8:0e15                    USB printer by vendor:product id (needs pyusb)
    file:///dev/usb/lp0                a device file (Linux usblp), or any file
    dummy://                           keeps the bytes in memory; `?paper=out` etc. simulates status

Every URL takes `mode=raster|text` (raster by default: it prints Chinese on any printer) and
`width=576` (printable dots; 384 for 58 mm paper). Each backend implements one I/O method,
`transfer`; everything else (status, readiness, printing a ticket) is built on it once, here.
"""

from __future__ import annotations

import os
import socket
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..errors import HardwareUnavailable, PrinterConfigError, PrinterOffline
from .commands import PrintMode, encode_ticket
from .layout import TicketLayout
from .render import PAPER_80MM_PX, RenderOptions, preview_png
from .status import (
    QUERIES_READ,
    PaperLevel,
    PrinterStatus,
    StatusQuery,
    encode_status,
    parse_status,
    raise_unless_ready,
)


@dataclass(frozen=True, slots=True)
class PrinterSettings:
    mode: PrintMode = PrintMode.RASTER
    width_px: int = PAPER_80MM_PX
    timeout_s: float = 5.0


class Printer(ABC):
    """A receipt printer.

    Attributes:
        url: where it is, as configured.
        settings: print mode, paper width and I/O timeout.
        reports_status: whether `status()` can ask the device (two-way connections only).
    """

    reports_status: bool = False

    def __init__(self, url: str, settings: PrinterSettings) -> None:
        self.url = url
        self.settings = settings

    @abstractmethod
    def transfer(self, data: bytes, reply_size: int = 0) -> bytes:
        """Send `data`; then read exactly `reply_size` bytes (0: read nothing). The only I/O method."""

    def status(self) -> PrinterStatus | None:
        """The device's real-time status, or None when this connection cannot tell."""
        if not self.reports_status:
            return None
        replies = {query: self.transfer(query.command, reply_size=1)[0] for query in QUERIES_READ}
        return parse_status(replies)

    def check_ready(self) -> PrinterStatus | None:
        """Raise the typed error that stops printing (PaperOut, CoverOpen ...); else the status."""
        status = self.status()
        if status is not None:
            raise_unless_ready(status)
        return status

    def preview_png(self, layout: TicketLayout) -> bytes:
        """The ticket as a PNG at this printer's paper width, for the kiosk to show while it prints."""
        return preview_png(layout, RenderOptions(width_px=self.settings.width_px))

    def print_ticket(self, layout: TicketLayout) -> PrinterStatus | None:
        """Print and cut one ticket after checking the printer can; returns the status seen before."""
        status = self.check_ready()
        self.transfer(encode_ticket(layout, self.settings.mode, self.settings.width_px))
        return status


class DummyPrinter(Printer):
    """Keeps every job in memory (python-escpos's Dummy); can pretend to be in any status.

    Attributes:
        simulated: the status it reports, or None to report nothing like a one-way connection.
    """

    def __init__(self, url: str, settings: PrinterSettings, simulated: PrinterStatus | None = None) -> None:
        Dummy = escpos_printers().Dummy  # noqa: N806 - a class

        super().__init__(url, settings)
        self.simulated = simulated
        self.reports_status = simulated is not None
        self._device = Dummy()

    def transfer(self, data: bytes, reply_size: int = 0) -> bytes:
        if reply_size == 0:
            self._device._raw(data)
            return b""
        if self.simulated is None:
            raise PrinterOffline("the dummy printer has no simulated status to answer with")
        return bytes([encode_status(self.simulated)[_query_of(data)]])

    @property
    def output(self) -> bytes:
        return self._device.output

    def clear(self) -> None:
        self._device.clear()


def _query_of(data: bytes) -> StatusQuery:
    if len(data) != 3 or data[:2] != b"\x10\x04" or data[2] not in {q.value for q in StatusQuery}:
        raise PrinterConfigError(f"the dummy printer only answers DLE EOT status queries, got {data!r}")
    return StatusQuery(data[2])


class NetworkPrinter(Printer):
    """A printer on the raw TCP port (9100).

    One connection per transfer: printers reboot and idle sockets go stale.
    """

    reports_status = True

    def __init__(self, url: str, settings: PrinterSettings, host: str, port: int) -> None:
        super().__init__(url, settings)
        self.host, self.port = host, port

    def transfer(self, data: bytes, reply_size: int = 0) -> bytes:
        where = f"{self.host}:{self.port}"
        try:
            with socket.create_connection((self.host, self.port), timeout=self.settings.timeout_s) as sock:
                sock.sendall(data)
                return _receive_exactly(sock, reply_size, where)
        except (TimeoutError, ConnectionError, OSError) as error:
            raise PrinterOffline(f"cannot talk to the printer at {where}: {error}") from error


def _receive_exactly(sock: socket.socket, size: int, where: str) -> bytes:
    reply = b""
    while len(reply) < size:
        chunk = sock.recv(size - len(reply))
        if not chunk:
            raise PrinterOffline(f"the printer at {where} closed the connection without answering")
        reply += chunk
    return reply


class FilePrinter(Printer):
    """A device file such as /dev/usb/lp0 (one-way), or an existing plain file that collects jobs."""

    def __init__(self, url: str, settings: PrinterSettings, path: str) -> None:
        super().__init__(url, settings)
        self.path = path

    def check_ready(self) -> PrinterStatus | None:
        """A one-way device tells nothing, but an unplugged USB printer's device file disappears."""
        if not os.path.exists(self.path):
            raise PrinterOffline(
                f"{self.path} does not exist",
                advice="check the USB cable and that the printer is switched on",
            )
        return None

    def transfer(self, data: bytes, reply_size: int = 0) -> bytes:
        if reply_size:
            raise PrinterConfigError("a file printer cannot answer status queries")
        try:
            with open(self.path, "ab") as device:
                device.write(data)
        except FileNotFoundError as error:
            raise PrinterOffline(
                f"{self.path} does not exist: {error}",
                advice="check the USB cable and that the printer is switched on",
            ) from error
        except PermissionError as error:
            raise PrinterConfigError(
                f"no permission to write {self.path}",
                advice="add the kiosk user to the 'lp' group, then log in again",
            ) from error
        except OSError as error:
            raise PrinterOffline(f"writing to {self.path} failed: {error}") from error
        return b""


class EscposDriverPrinter(Printer):
    """USB and serial printers through python-escpos's drivers (pyusb / pyserial).

    `read_reply(driver, size)` reads a status answer: escpos's own `_read` waits for 16 bytes, which
    on a serial line means waiting out the whole timeout for a one-byte answer.
    """

    def __init__(
        self,
        url: str,
        settings: PrinterSettings,
        driver_factory: Callable[[], Any],
        read_reply: Callable[[Any, int], bytes] | None,
    ) -> None:
        super().__init__(url, settings)
        self._driver_factory = driver_factory
        self._read_reply = read_reply
        self.reports_status = read_reply is not None

    def transfer(self, data: bytes, reply_size: int = 0) -> bytes:
        from escpos.exceptions import Error as EscposError

        driver = self._driver_factory()
        try:
            driver.open()
            driver._raw(data)
            reply = self._read_reply(driver, reply_size) if reply_size and self._read_reply else b""
        except (EscposError, OSError) as error:
            raise PrinterOffline(f"cannot talk to the printer at {self.url}: {error}") from error
        finally:
            driver.close()
        if len(reply) < reply_size:
            raise PrinterOffline(f"the printer at {self.url} did not answer the status query")
        return bytes(reply)


def escpos_printers() -> Any:
    """python-escpos's printer module, imported with a lasting cache for its printer database.

    On import, python-escpos parses its printer database (a 1 MB JSON file, read with pure-Python YAML: 1-2 s,
    the largest part of a kiosk's start) unless `ESCPOS_CAPABILITIES_PICKLE_DIR` names a folder holding its
    parsed copy; without it, it makes a new temporary folder on every start and parses again. We name one
    folder in the user's cache (`~/.cache/branchq/escpos`), unless the environment already names one.
    """
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "branchq" / "escpos"
        try:
            cache.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # unwritable home: python-escpos falls back to its temporary folder
        else:
            os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
    import escpos.printer

    return escpos.printer


_OPTIONS = {"mode", "width", "timeout", "baudrate", "paper", "cover", "error", "online"}


def open_printer(url: str) -> Printer:
    """The printer a URL describes; `PrinterConfigError` says what is wrong with a bad URL."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    unknown = set(options) - _OPTIONS
    if unknown:
        raise PrinterConfigError(f"unknown printer option(s) {sorted(unknown)} in {url!r}")
    settings = _settings(options, url)
    opener = _OPENERS.get(parts.scheme)
    if opener is None:
        raise PrinterConfigError(f"unsupported printer URL {url!r}; use one of {sorted(_OPENERS)}://")
    return opener(url, parts, options, settings)


def _settings(options: dict[str, str], url: str) -> PrinterSettings:
    try:
        mode = PrintMode(options.get("mode", PrintMode.RASTER))
        width = int(options.get("width", PAPER_80MM_PX))
        timeout = float(options.get("timeout", 5.0))
    except ValueError as error:
        raise PrinterConfigError(f"bad option in {url!r}: {error} (mode is raster or text)") from None
    if width % 8 or not 200 <= width <= 1024:
        raise PrinterConfigError(f"width={width} in {url!r}: use 576 (80 mm) or 384 (58 mm)")
    return PrinterSettings(mode=mode, width_px=width, timeout_s=timeout)


def _open_tcp(url, parts, options, settings) -> Printer:
    try:
        port = parts.port or 9100
    except ValueError:
        raise PrinterConfigError(f"bad port in {url!r}") from None
    if not parts.hostname:
        raise PrinterConfigError(f"no host in {url!r}; write tcp://192.168.1.50:9100")
    return NetworkPrinter(url, settings, parts.hostname, port)


def _open_file(url, parts, options, settings) -> Printer:
    if not parts.path:
        raise PrinterConfigError(f"no path in {url!r}; write file:///dev/usb/lp0")
    return FilePrinter(url, settings, parts.path)


def _open_dummy(url, parts, options, settings) -> Printer:
    if not {"paper", "cover", "error", "online"} & set(options):
        return DummyPrinter(url, settings)
    try:
        simulated = PrinterStatus(
            online=options.get("online", "1") == "1",
            cover_open=options.get("cover") == "open",
            paper=PaperLevel(options.get("paper", "ok")),
            error=options.get("error", "0") == "1",
        )
    except ValueError:
        raise PrinterConfigError(f"paper= must be ok, near_end or out in {url!r}") from None
    return DummyPrinter(url, settings, simulated)


def _open_usb(url, parts, options, settings) -> Printer:
    Usb = escpos_printers().Usb  # noqa: N806 - a class

    try:
        vendor, product = (int(part, 16) for part in parts.netloc.split(":"))
    except ValueError:
        raise PrinterConfigError(f"write usb://VID:PID in hex, e.g. usb://04b8:0e15, not {url!r}") from None
    _require_driver(Usb, "pyusb")
    return EscposDriverPrinter(url, settings, lambda: Usb(vendor, product), read_reply=None)


def _open_serial(url, parts, options, settings) -> Printer:
    Serial = escpos_printers().Serial  # noqa: N806 - a class

    if not parts.path:
        raise PrinterConfigError(f"no device in {url!r}; write serial:///dev/ttyS0?baudrate=19200")
    try:
        baudrate = int(options.get("baudrate", 9600))
    except ValueError:
        raise PrinterConfigError(f"baudrate must be a number in {url!r}") from None
    _require_driver(Serial, "pyserial")
    factory = lambda: Serial(parts.path, baudrate=baudrate, timeout=settings.timeout_s)
    return EscposDriverPrinter(
        url, settings, factory, read_reply=lambda driver, size: driver.device.read(size)
    )


def _require_driver(driver_class, package: str) -> None:
    if not driver_class.is_usable():
        raise HardwareUnavailable(
            f"{package} is not installed, so this printer cannot be used", advice=f"pip install {package}"
        )


_OPENERS = {
    "tcp": _open_tcp,
    "file": _open_file,
    "dummy": _open_dummy,
    "usb": _open_usb,
    "serial": _open_serial,
}
