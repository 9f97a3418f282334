"""Drawing a ticket with Pillow: the raster that any ESC/POS printer prints, and the kiosk's preview.

The preview PNG is made from the very same 1-bit image that raster mode sends, so what the kiosk
shows is what the customer gets.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from ..fonts import find_cjk_font
from ..qr import make_qr_image
from .layout import Block, BlockStyle, TicketLayout

PAPER_80MM_PX = 576
"""Printable width of 80 mm paper at 203 dpi; 58 mm paper is 384."""
MARGIN_PX = 12

_FONT_SIZES: dict[BlockStyle, int] = {
    BlockStyle.TITLE: 32,
    BlockStyle.NUMBER: 150,
    BlockStyle.HEADING: 34,
    BlockStyle.TEXT: 26,
    BlockStyle.SMALL: 22,
}


@dataclass(frozen=True, slots=True)
class RenderOptions:
    width_px: int = PAPER_80MM_PX
    qr_module_px: int = 6

    def __post_init__(self) -> None:
        if not 200 <= self.width_px <= 1024 or self.width_px % 8:
            raise ValueError("width_px must be a multiple of 8 between 200 and 1024 (576 for 80 mm paper)")


def render_ticket(layout: TicketLayout, options: RenderOptions = RenderOptions()) -> Image.Image:
    """The whole ticket as a 1-bit image, `options.width_px` wide, black on white."""
    pieces = [_render_block(block, options) for block in layout.blocks()]
    height = sum(piece.height for piece in pieces) + 2 * MARGIN_PX
    canvas = Image.new("L", (options.width_px, height), 255)
    top = MARGIN_PX
    for piece in pieces:
        canvas.paste(piece, (0, top))
        top += piece.height
    return canvas.point(lambda value: 255 if value >= 128 else 0).convert("1")


def preview_png(layout: TicketLayout, options: RenderOptions = RenderOptions()) -> bytes:
    buffer = io.BytesIO()
    render_ticket(layout, options).save(buffer, format="PNG")
    return buffer.getvalue()


def _render_block(block: Block, options: RenderOptions) -> Image.Image:
    if block.style is BlockStyle.RULE:
        return _rule(options.width_px)
    if block.style is BlockStyle.QR:
        return _qr(block.text, options)
    usable_width = options.width_px - 2 * MARGIN_PX
    if block.style is BlockStyle.NUMBER:
        font = _largest_fitting_font(block.text, _FONT_SIZES[block.style], usable_width)
    else:
        font = _font(_FONT_SIZES[block.style])
    lines = wrap_to_width(block.text, font, usable_width)
    return _text(lines, font, block.centered, options.width_px)


def _rule(width: int) -> Image.Image:
    image = Image.new("L", (width, 14), 255)
    ImageDraw.Draw(image).line([(MARGIN_PX, 7), (width - MARGIN_PX, 7)], fill=0, width=2)
    return image


def _qr(payload: str, options: RenderOptions) -> Image.Image:
    code = make_qr_image(payload, module_px=options.qr_module_px).convert("L")
    if code.width > options.width_px:
        raise ValueError("the QR code is wider than the paper; shorten status_url or lower qr_module_px")
    image = Image.new("L", (options.width_px, code.height), 255)
    image.paste(code, ((options.width_px - code.width) // 2, 0))
    return image


def _text(lines: list[str], font: ImageFont.FreeTypeFont, centered: bool, width: int) -> Image.Image:
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + 4
    image = Image.new("L", (width, line_height * len(lines) + 4), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        text_width = draw.textlength(line, font=font)
        left = (width - text_width) / 2 if centered else MARGIN_PX
        draw.text((left, 2 + index * line_height), line, font=font, fill=0)
    return image


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, max_width: float) -> list[str]:
    """Break `text` into lines no wider than `max_width`: between words for Latin, anywhere for CJK."""
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if current and font.getlength(candidate) > max_width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _tokens(text: str) -> list[str]:
    """Words (with their leading space) and single wide characters: the units a line may break between."""
    tokens: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        if wide or not tokens or char == " " or _is_wide(tokens[-1][-1]):
            tokens.append(char)
        else:
            tokens[-1] += char
    return tokens


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _largest_fitting_font(text: str, size: int, width: float) -> ImageFont.FreeTypeFont:
    """The ticket number must stay on one line: shrink it (A1000 on 58 mm paper) rather than wrap it."""
    while size > 24 and _font(size).getlength(text) > width:
        size -= 6
    return _font(size)


@lru_cache(maxsize=32)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(find_cjk_font()), size)
