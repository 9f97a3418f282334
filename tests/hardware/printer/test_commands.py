"""ESC/POS jobs, asserted byte for byte: text mode with GB18030 in Kanji mode, raster mode with GS v 0."""

import dataclasses
from datetime import datetime

import numpy as np
import pytest
from PIL import Image

from hardware.printer import PrintMode, TicketLayout, open_printer, raster_to_image
from hardware.printer.commands import (
    KANJI_MODE_OFF,
    KANJI_MODE_ON,
    character_size,
    encode_text_line,
    raster_image,
    wrap_columns,
)
from hardware.qr import decode_qr

SMALL_TICKET = TicketLayout(
    branch_name="示范支行",
    ticket_number="A023",
    service_name="现金",
    service_name_en="Cash",
    queue_lines=("前面 5 人",),
    issued_line="09:31",
    waiting_area_line="B区",
    status_url="https://b.example/t/BQ1.T.x.1.y",
)


def test_a_text_mode_ticket_is_these_exact_bytes():
    printer = open_printer("dummy://?mode=text")
    printer.print_ticket(SMALL_TICKET)
    job = printer.output
    center, left = b"\x1ba\x01", b"\x1ba\x00"
    normal, plain = b"\x1d!\x00", b"\x1bE\x00"
    rule = left + b"-" * 48 + b"\n"
    bold_on, kanji_on, kanji_off = b"\x1bE\x01", b"\x1c&", b"\x1c."
    reset = plain + normal  # every block ends by switching bold and magnification off
    # fmt: off
    expected_head = b"".join([
        b"\x1b@",
        center + normal + bold_on + kanji_on + "示范支行".encode("gb18030") + kanji_off + b"\n" + reset,
        rule,
        center + b"\x1d!\x55" + bold_on + b"A023\n" + reset,
        center + b"\x1d!\x11" + bold_on + kanji_on + b"\xcf\xd6\xbd\xf0" + kanji_off + b"\n" + reset,
        center + normal + plain + b"Cash\n" + reset,
        rule,
        left + normal + plain + kanji_on + b"\xc7\xb0\xc3\xe6 5 \xc8\xcb" + kanji_off + b"\n" + reset,
        left + normal + plain + kanji_on + b"B\xc7\xf8" + kanji_off + b"\n" + reset,
        left + normal + plain + b"09:31\n" + reset,
        center,
    ])
    # fmt: on
    assert job.startswith(expected_head)
    assert job[len(expected_head) : len(expected_head) + 4] == b"\x1dv0\x00"
    assert job.endswith(b"\n\x1bd\x02\x1dVA\x03")


def test_chinese_is_gb18030_between_fs_ampersand_and_fs_dot_and_ascii_stays_plain():
    assert (
        encode_text_line("取号 A023")
        == KANJI_MODE_ON + "取号 A023".encode("gb18030") + KANJI_MODE_OFF + b"\n"
    )
    assert encode_text_line("A023") == b"A023\n"
    assert "号".encode("gb18030") == b"\xba\xc5"


def test_text_wraps_by_printer_columns_where_a_chinese_character_takes_two():
    assert wrap_columns("一二三四五", 4) == ["一二", "三四", "五"]
    assert wrap_columns("ab 一二", 5) == ["ab 一", "二"]


def test_character_size_packs_width_and_height_and_refuses_impossible_sizes():
    assert character_size(6, 6) == b"\x1d!\x55"
    with pytest.raises(ValueError):
        character_size(9, 1)


def test_a_raster_band_has_the_gs_v_0_header_and_one_bit_per_dot_black_first():
    image = Image.new("L", (10, 2), 255)
    image.putpixel((0, 0), 0)
    image.putpixel((9, 1), 0)
    assert raster_image(image) == b"\x1dv0\x00" + b"\x02\x00" + b"\x02\x00" + bytes([0x80, 0, 0, 0x40])


def test_tall_images_are_split_into_bands_and_read_back_identically():
    rng = np.random.default_rng(1)
    pixels = np.where(rng.random((600, 64)) < 0.5, 0, 255).astype(np.uint8)
    job = raster_image(Image.fromarray(pixels, mode="L"))
    assert job.count(b"\x1dv0\x00") == 3
    assert np.array_equal(np.asarray(raster_to_image(job)), pixels)


@pytest.mark.parametrize("mode", list(PrintMode))
def test_the_qr_code_in_the_printed_job_scans_to_the_status_url(mode):
    printer = open_printer(f"dummy://?mode={mode.value}")
    printer.print_ticket(SMALL_TICKET)
    printed = raster_to_image(printer.output)
    assert [d.payload for d in decode_qr(printed)] == [SMALL_TICKET.status_url]


def test_a_raster_job_is_init_then_the_whole_ticket_image_then_feed_and_cut():
    printer = open_printer("dummy://?width=384")
    printer.print_ticket(SMALL_TICKET)
    job = printer.output
    assert job.startswith(b"\x1b@\x1dv0\x00\x30\x00")
    assert job.endswith(b"\x1bd\x02\x1dVA\x03")
    assert raster_to_image(job).width == 384


def test_raster_to_image_refuses_a_job_without_an_image():
    with pytest.raises(ValueError, match="no GS v 0"):
        raster_to_image(b"\x1b@hello")


def test_sample_ticket_prints_in_both_modes_without_error():
    from hardware.printer import sample_ticket

    for mode in PrintMode:
        printer = open_printer(f"dummy://?mode={mode.value}")
        printer.print_ticket(sample_ticket("https://b.example/t/abc", datetime(2026, 11, 29, 9, 31)))
        assert len(printer.output) > 1000


def test_a_long_ticket_number_in_text_mode_is_magnified_less_to_stay_on_one_line():
    layout = dataclasses.replace(SMALL_TICKET, ticket_number="V10024")
    narrow = open_printer("dummy://?mode=text&width=384")
    narrow.print_ticket(layout)
    assert b"\x1d!\x44\x1bE\x01V10024\n" in narrow.output  # 5x on 32 columns
    wide = open_printer("dummy://?mode=text")
    wide.print_ticket(layout)
    assert b"\x1d!\x55\x1bE\x01V10024\n" in wide.output  # 6x on 48 columns
