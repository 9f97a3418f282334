"""ESC/POS byte sequences and the two ways a ticket becomes a print job.

- Raster mode (default): the ticket drawn by `render.py` and sent as one `GS v 0` raster image per
  band. Works on any ESC/POS printer, with or without a Chinese font.
- Text mode: the printer's own fonts. Chinese is sent as GB18030 inside the Kanji mode brackets
  `FS &` ... `FS .`, which python-escpos does not emit; without them Chinese printers print garbage.
  The QR code is still a small raster image, so it scans the same in both modes.

Every function returns bytes so tests can assert jobs byte for byte; `raster_to_image` reads raster
bands back into a picture for the fake printer and for tests.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

import numpy as np
from PIL import Image

from ..qr import make_qr_image
from .layout import Block, BlockStyle, TicketLayout
from .render import PAPER_80MM_PX, RenderOptions, render_ticket

ESC, GS, FS, DLE, EOT = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04"

INITIALIZE = ESC + b"@"
KANJI_MODE_ON = FS + b"&"
KANJI_MODE_OFF = FS + b"."
CUT = GS + b"V" + bytes([65, 3])
"""Feed 3 lines past the cutter, then cut (function B, full cut)."""
RASTER_BAND_ROWS = 256
"""Rows per `GS v 0` command; small enough for the receive buffer of cheap printers."""
TEXT_COLUMNS_80MM = 48
"""Font A is 12 dots wide: 48 half-width columns on 80 mm paper; a Chinese character takes two."""


class PrintMode(StrEnum):
    RASTER = "raster"
    TEXT = "text"


def align(centered: bool) -> bytes:
    return ESC + b"a" + bytes([1 if centered else 0])


def character_size(width: int, height: int) -> bytes:
    """`GS !`: magnify characters 1-8 times horizontally and vertically."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("character magnification is 1 to 8")
    return GS + b"!" + bytes([(width - 1) << 4 | (height - 1)])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([max(0, min(lines, 255))])


def raster_image(image: Image.Image) -> bytes:
    """`GS v 0` commands for a picture: black pixels print, one command per band of rows."""
    bits = np.asarray(image.convert("L")) < 128
    width_bytes = (bits.shape[1] + 7) // 8
    padded = np.zeros((bits.shape[0], width_bytes * 8), dtype=bool)
    padded[:, : bits.shape[1]] = bits
    job = bytearray()
    for top in range(0, padded.shape[0], RASTER_BAND_ROWS):
        band = padded[top : top + RASTER_BAND_ROWS]
        job += GS + b"v0\x00" + _u16(width_bytes) + _u16(band.shape[0])
        job += np.packbits(band, axis=1).tobytes()
    return bytes(job)


def raster_to_image(job: bytes) -> Image.Image:
    """The picture drawn by every `GS v 0` command in `job`, stacked; other bytes are skipped."""
    bands: list[np.ndarray] = []
    position = job.find(GS + b"v0")
    while position != -1:
        width_bytes = job[position + 4] | job[position + 5] << 8
        rows = job[position + 6] | job[position + 7] << 8
        start = position + 8
        data = np.frombuffer(job[start : start + width_bytes * rows], dtype=np.uint8)
        bands.append(np.unpackbits(data.reshape(rows, width_bytes), axis=1))
        position = job.find(GS + b"v0", start + width_bytes * rows)
    if not bands:
        raise ValueError("the job contains no GS v 0 raster image")
    width = max(band.shape[1] for band in bands)
    stacked = np.vstack([np.pad(band, ((0, 0), (0, width - band.shape[1]))) for band in bands])
    return Image.fromarray(np.where(stacked == 1, 0, 255).astype(np.uint8), mode="L")


def _u16(value: int) -> bytes:
    return bytes([value & 0xFF, value >> 8 & 0xFF])


def encode_ticket(layout: TicketLayout, mode: PrintMode, width_px: int = PAPER_80MM_PX) -> bytes:
    """The complete print job for one ticket, from initialisation to cut."""
    if mode is PrintMode.RASTER:
        body = raster_image(render_ticket(layout, RenderOptions(width_px=width_px)))
    else:
        columns = TEXT_COLUMNS_80MM * width_px // PAPER_80MM_PX
        body = b"".join(_text_block(block, columns) for block in layout.blocks())
    return INITIALIZE + body + feed(2) + CUT


_TEXT_STYLES: dict[BlockStyle, tuple[int, bool]] = {
    BlockStyle.TITLE: (1, True),
    BlockStyle.NUMBER: (6, True),
    BlockStyle.HEADING: (2, True),
    BlockStyle.TEXT: (1, False),
    BlockStyle.SMALL: (1, False),
}


def _text_block(block: Block, columns: int) -> bytes:
    if block.style is BlockStyle.RULE:
        return align(False) + b"-" * columns + b"\n"
    if block.style is BlockStyle.QR:
        return align(True) + raster_image(make_qr_image(block.text, module_px=6)) + b"\n"
    magnification, is_bold = _TEXT_STYLES[block.style]
    if block.style is BlockStyle.NUMBER:
        magnification = max(1, min(magnification, columns // max(1, len(block.text))))
    lines = wrap_columns(block.text, columns // magnification)
    text = b"".join(encode_text_line(line) for line in lines)
    return (
        align(block.centered)
        + character_size(magnification, magnification)
        + bold(is_bold)
        + text
        + bold(False)
        + character_size(1, 1)
    )


def encode_text_line(line: str) -> bytes:
    """One line for the printer's font: ASCII as is, anything else as GB18030 in Kanji mode."""
    if line.isascii():
        return line.encode("ascii") + b"\n"
    return KANJI_MODE_ON + line.encode("gb18030") + KANJI_MODE_OFF + b"\n"


def wrap_columns(text: str, columns: int) -> list[str]:
    """Break `text` into lines of at most `columns` printer columns (a Chinese character takes two)."""
    lines, current, used = [], "", 0
    for char in text:
        width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + width > columns:
            lines.append(current.rstrip())
            current, used = char.lstrip(), width if char.strip() else 0
            continue
        current, used = current + char, used + width
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]
