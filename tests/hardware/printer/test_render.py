"""The drawn ticket: what raster mode prints and the kiosk previews, with a scannable QR code."""

import io
from datetime import datetime

import numpy as np
import pytest
from PIL import Image

from hardware.errors import HardwareUnavailable
from hardware.printer import RenderOptions, TicketLayout, preview_png, render_ticket, sample_ticket
from hardware.printer.layout import Block, BlockStyle
from hardware.printer.render import _font, _render_block, wrap_to_width
from hardware.qr import decode_qr

URL = "https://bank.example/t/BQ1.T.t-8f3a2c.tbq9k0.AbCdEfGhIjKlMnOp"
TICKET = sample_ticket(URL, datetime(2026, 11, 29, 9, 31))


def test_the_ticket_is_a_one_bit_image_as_wide_as_the_paper():
    image = render_ticket(TICKET)
    assert image.mode == "1" and image.width == 576
    assert 700 < image.height < 2000


def test_the_preview_png_is_exactly_the_printed_image():
    preview = Image.open(io.BytesIO(preview_png(TICKET)))
    assert preview.format == "PNG"
    assert np.array_equal(np.asarray(preview.convert("L")), np.asarray(render_ticket(TICKET).convert("L")))


def test_the_qr_code_in_the_preview_scans_to_the_status_url():
    detections = decode_qr(Image.open(io.BytesIO(preview_png(TICKET))))
    assert [d.payload for d in detections] == [URL]


def test_a_58mm_ticket_still_fits_and_scans():
    image = render_ticket(TICKET, RenderOptions(width_px=384))
    assert image.width == 384
    assert [d.payload for d in decode_qr(image)] == [URL]


def test_the_ticket_number_is_the_largest_thing_on_the_ticket():
    number_only = render_ticket(_with(ticket_number="A023"))
    ink_rows = np.flatnonzero((np.asarray(number_only.convert("L")) < 128).any(axis=1))
    runs = np.split(ink_rows, np.flatnonzero(np.diff(ink_rows) > 1) + 1)
    tallest = max(runs, key=len)
    assert len(tallest) > 90  # the 150 px number; every other text line is under 40 px


def test_chinese_characters_are_drawn_not_replaced_by_empty_boxes():
    glyphs = [_ink(ch) for ch in "号窗口"]
    tofu = _ink("\uffff")
    assert all(glyph > 0 for glyph in glyphs)
    assert len({*glyphs, tofu}) == 4


def test_long_lines_wrap_between_words_for_english_and_anywhere_for_chinese():
    font = _font(26)
    english = wrap_to_width("Please wait in the waiting area on the second floor", font, 300)
    assert len(english) > 1 and all(font.getlength(line) <= 300 for line in english)
    assert " ".join(english) == "Please wait in the waiting area on the second floor"
    chinese = wrap_to_width("请在二楼等候区等候叫号谢谢您的耐心", font, 150)
    assert "".join(chinese) == "请在二楼等候区等候叫号谢谢您的耐心" and len(chinese) > 2


def test_an_empty_ticket_number_or_a_non_ascii_url_is_refused():
    with pytest.raises(ValueError, match="ticket_number"):
        _with(ticket_number=" ")
    with pytest.raises(ValueError, match="ASCII"):
        _with(status_url="https://银行/t/1")


def test_a_missing_font_says_what_to_install(monkeypatch):
    monkeypatch.setenv("BRANCHQ_CJK_FONT", "/nonexistent/font.ttc")
    _font.cache_clear()
    try:
        with pytest.raises(HardwareUnavailable) as caught:
            render_ticket(TICKET)
        assert "BRANCHQ_CJK_FONT" in caught.value.advice
    finally:
        _font.cache_clear()


def _ink(text: str) -> int:
    image = Image.new("L", (60, 60), 255)
    from PIL import ImageDraw

    ImageDraw.Draw(image).text((5, 5), text, font=_font(40), fill=0)
    return int((np.asarray(image) < 128).sum())


def _with(**changes) -> TicketLayout:
    fields = dict(
        branch_name="支行",
        ticket_number="A1",
        service_name="现金",
        service_name_en="",
        queue_lines=(),
        issued_line="",
        waiting_area_line="",
        status_url="https://b/t/x",
    )
    fields.update(changes)
    return TicketLayout(**fields)


@pytest.mark.parametrize("width", [576, 384])
def test_a_long_ticket_number_shrinks_to_stay_on_one_line(width):
    options = RenderOptions(width_px=width)
    short = _render_block(Block(BlockStyle.NUMBER, "A1"), options)
    long = _render_block(Block(BlockStyle.NUMBER, "V10024"), options)
    assert long.height <= short.height  # one (smaller) line, not two lines of full-size digits
    ink_columns = np.flatnonzero((np.asarray(long) < 128).any(axis=0))
    assert ink_columns.min() > 0 and ink_columns.max() < width - 1
