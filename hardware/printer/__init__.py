"""Ticket printing: layout, rendering (raster and PNG preview), ESC/POS encoding, backends by URL.

The kiosk needs only `open_printer(url).print_ticket(layout)` and `preview_png(layout)`; errors
are the `PrinterError` tree of `hardware.errors`.
"""

from ..errors import CoverOpen, PaperOut, PrinterConfigError, PrinterError, PrinterFault, PrinterOffline
from .backends import DummyPrinter, FilePrinter, NetworkPrinter, Printer, PrinterSettings, open_printer
from .commands import PrintMode, encode_ticket, raster_to_image
from .layout import Block, BlockStyle, TicketLayout, sample_ticket
from .render import RenderOptions, preview_png, render_ticket
from .status import PaperLevel, PrinterStatus, StatusQuery

__all__ = [
    "Block",
    "BlockStyle",
    "CoverOpen",
    "DummyPrinter",
    "FilePrinter",
    "NetworkPrinter",
    "PaperLevel",
    "PaperOut",
    "PrintMode",
    "Printer",
    "PrinterConfigError",
    "PrinterError",
    "PrinterFault",
    "PrinterOffline",
    "PrinterSettings",
    "PrinterStatus",
    "RenderOptions",
    "StatusQuery",
    "TicketLayout",
    "encode_ticket",
    "open_printer",
    "preview_png",
    "raster_to_image",
    "render_ticket",
    "sample_ticket",
]
