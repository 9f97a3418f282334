"""QR decoding and drawing, over graded synthetic camera frames and signed check-in codes."""

import dataclasses
import io
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PIL import Image

from hardware import qr
from hardware.qr import decode_qr, make_qr_image, qr_png
from hardware.synthetic_frames import LEVELS, FrameDifficulty, synthetic_frame
from server.domain.signed_codes import (
    CodeKind,
    CodeRejected,
    RejectReason,
    code_from_scan,
    sign_code,
    verify_code,
)

KEY = b"branch-secret-key-0123456789"
NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
PAYLOAD = "https://bank.example/t/BQ1.T.t-8f3a2c.tbq9k0.AbCdEfGhIjKlMnOp"
EASY = LEVELS[0]
SEEDS = range(10)


def _read_rate(payload: str, difficulty: FrameDifficulty) -> float:
    hits = sum(
        any(d.payload == payload for d in decode_qr(synthetic_frame(payload, difficulty, s))) for s in SEEDS
    )
    return hits / len(SEEDS)


def test_qr_is_usable_here():
    assert qr.available()


def test_a_drawn_code_decodes_with_its_corners_where_it_was_placed():
    code = np.asarray(
        make_qr_image("BQ1.T.t1.abc.AAAAAAAAAAAAAAAA", module_px=4, border_modules=4).convert("L")
    )
    frame = np.full((400, 500), 255, dtype=np.uint8)
    frame[100 : 100 + code.shape[0], 150 : 150 + code.shape[1]] = code
    (detection,) = decode_qr(frame)
    assert detection.payload == "BQ1.T.t1.abc.AAAAAAAAAAAAAAAA"
    top_left, top_right, bottom_right, bottom_left = detection.corners
    inner = code.shape[0] - 2 * 16  # the code without its 4-module quiet zone
    assert top_left == pytest.approx((166, 116), abs=2)
    assert bottom_right == pytest.approx((166 + inner - 1, 116 + inner - 1), abs=2)
    assert detection.center == pytest.approx((166 + inner / 2, 116 + inner / 2), abs=2)


def test_qr_png_is_a_png_of_the_payload():
    image = Image.open(io.BytesIO(qr_png("hello")))
    assert image.format == "PNG"
    assert [d.payload for d in decode_qr(image)] == ["hello"]


def test_a_frame_without_a_code_gives_nothing_and_an_empty_payload_is_refused():
    assert decode_qr(np.full((100, 100, 3), 128, dtype=np.uint8)) == []
    with pytest.raises(ValueError):
        make_qr_image("")


def test_the_same_seed_gives_the_same_frame():
    assert np.array_equal(synthetic_frame(PAYLOAD, LEVELS[2], 3), synthetic_frame(PAYLOAD, LEVELS[2], 3))


@pytest.mark.parametrize(
    "degradation",
    [
        dict(module_px=3.2),
        dict(blur_sigma=1.2),
        dict(noise_std=12.0),
        dict(contrast=0.45),
        dict(tilt=0.15),
        dict(rotation_deg=180),
        dict(jpeg_quality=40),
    ],
    ids=["small", "blur", "noise", "contrast", "perspective", "rotation", "jpeg"],
)
def test_each_kind_of_degradation_alone_at_kiosk_strength_still_reads(degradation):
    assert _read_rate(PAYLOAD, dataclasses.replace(EASY, **degradation)) >= 0.9


@pytest.mark.parametrize("difficulty", LEVELS[:3], ids=[level.name for level in LEVELS[:3]])
def test_frames_up_to_the_hard_level_read_nine_times_in_ten(difficulty):
    assert _read_rate(PAYLOAD, difficulty) >= 0.9


def test_the_difficulty_levels_really_get_harder():
    assert _read_rate(PAYLOAD, LEVELS[-1]) < _read_rate(PAYLOAD, LEVELS[0])


def test_a_signed_ticket_code_is_read_from_a_camera_frame_and_verified():
    code = sign_code(CodeKind.APPOINTMENT, "ap-20261129-17", NOW + timedelta(hours=2), KEY)
    frame = synthetic_frame(f"https://bank.example/a/{code}", LEVELS[1], seed=5)
    (detection,) = decode_qr(frame)
    checked = verify_code(code_from_scan(detection.payload), KEY, NOW, expected_kind=CodeKind.APPOINTMENT)
    assert checked.subject == "ap-20261129-17"


@pytest.mark.parametrize(
    ("make_payload", "reason"),
    [
        (
            lambda: sign_code(
                CodeKind.APPOINTMENT, "ap1", NOW + timedelta(hours=1), b"forger-key-0123456789"
            ),
            RejectReason.BAD_SIGNATURE,
        ),
        (
            lambda: sign_code(CodeKind.APPOINTMENT, "ap1", NOW + timedelta(hours=1), KEY).replace(
                "ap1", "ap2"
            ),
            RejectReason.BAD_SIGNATURE,
        ),
        (
            lambda: sign_code(CodeKind.APPOINTMENT, "ap1", NOW - timedelta(minutes=1), KEY),
            RejectReason.EXPIRED,
        ),
        (lambda: sign_code(CodeKind.TICKET, "t1", NOW + timedelta(hours=1), KEY), RejectReason.WRONG_KIND),
    ],
    ids=["forged", "altered", "expired", "wrong-kind"],
)
def test_a_bad_code_shown_to_the_camera_is_refused_with_its_reason(make_payload, reason):
    (detection,) = decode_qr(synthetic_frame(make_payload(), EASY, seed=1))
    with pytest.raises(CodeRejected) as caught:
        verify_code(code_from_scan(detection.payload), KEY, NOW, expected_kind=CodeKind.APPOINTMENT)
    assert caught.value.reason is reason


@pytest.mark.parametrize("mode", ["1", "L", "RGB", "RGBA"])
def test_pillow_images_of_every_common_mode_decode(mode):
    image = make_qr_image("BQ1.T.t1.abc.AAAAAAAAAAAAAAAA").convert(mode)
    assert [d.payload for d in decode_qr(image)] == ["BQ1.T.t1.abc.AAAAAAAAAAAAAAAA"]
