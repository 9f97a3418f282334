"""The cascade: reads hard frames one zxing-cpp call misses, within its budget, and never a wrong payload."""

import dataclasses

import cv2
import numpy as np
import pytest

from hardware.camera_frames import Hardship, Shot, camera_burst, camera_frame, camera_set
from hardware.qr import decode_qr, make_qr_image
from hardware.qr_cascade import RETRIES, QrCascade, Region


def payload(index: int) -> str:
    return f"https://bank.example/t/BQ1.T.t-{index:06x}.tbq9k0.AbCdEfGhIjKlMnOp"


SHOTS = camera_set(payload)
GENEROUS = 1000.0  # ms: what the retries can read, whatever the machine's load (timing is in bench/)


@pytest.mark.parametrize(
    "index", [42, 45, 67, 80, 86, 100], ids=["motion", "glare", "defocus", "far", "moire", "low-light"]
)
def test_the_cascade_reads_frames_one_call_misses(index):
    shot = SHOTS[index]
    frame = camera_frame(shot)
    assert decode_qr(frame) == []
    result = QrCascade(budget_ms=GENEROUS).read(frame)
    assert [d.payload for d in result.detections] == [shot.payload]
    assert result.read_by not in ("", "plain") and result.attempts > 1


def test_an_easy_frame_is_read_by_the_first_pass_alone():
    result = QrCascade().read(camera_frame(SHOTS[0]))
    assert (result.read_by, result.attempts) == ("plain", 1)
    assert [d.payload for d in result.detections] == [SHOTS[0].payload]


def test_no_retry_starts_once_the_budget_is_spent():
    ticks = iter(range(0, 10_000, 20))  # every clock reading is 20 ms after the last
    cascade = QrCascade(budget_ms=15, clock=lambda: next(ticks) / 1000)
    result = cascade.read(camera_frame(SHOTS[53]))
    assert (result.detections, result.attempts, result.read_by) == ([], 1, "")


@pytest.mark.parametrize("retry", [r for r in RETRIES if r.on_region][:2], ids=lambda r: r.name)
def test_a_retry_reports_corners_in_the_frame_not_in_its_region(retry):
    code = np.asarray(make_qr_image(payload(3), module_px=3, border_modules=4).convert("L"), dtype=float)
    frame = np.full((480, 640), 200.0)
    frame[300 : 300 + code.shape[0], 380 : 380 + code.shape[1]] = 150 + code / 255 * 50  # faint
    frame = cv2.GaussianBlur(frame, (0, 0), 1.0) + np.random.default_rng(1).normal(0, 10, frame.shape)
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    assert decode_qr(frame) == []
    (detection,) = QrCascade(budget_ms=GENEROUS, retries=[retry]).read(frame).detections
    side = code.shape[0]
    assert detection.center == pytest.approx((380 + side / 2, 300 + side / 2), abs=4)


def test_a_spliced_code_gives_nothing_however_long_the_cascade_tries():
    cascade = QrCascade(budget_ms=GENEROUS)
    for index in (5, 30, 63):
        shot = dataclasses.replace(SHOTS[index], spliced_with=SHOTS[index].payload[::-1])
        for frame in camera_burst(shot, frames=2):
            assert cascade.read(frame, hints=[Region(0, 0, 640, 480)]).detections == []


def test_a_different_code_where_the_last_one_was_seen_is_read_as_itself():
    first = Shot(payload(1), level=2, hardship=Hardship.LOW_LIGHT, second=Hardship.TILT, seed=11)
    cascade = QrCascade(budget_ms=GENEROUS)
    seen = cascade.read(camera_frame(first))
    hints = [Region.around(d.corners) for d in seen.detections]
    swapped = dataclasses.replace(first, payload=payload(2))
    assert [d.payload for d in cascade.read(camera_frame(swapped), hints).detections] == [payload(2)]


def test_regions_grow_around_points_stay_inside_the_frame_and_measure_their_overlap():
    region = Region.around([(100, 100), (200, 100), (200, 200), (100, 200)], margin=0.1, pad=0)
    assert region == Region(90, 90, 211, 211)
    assert Region(-50, -50, 100, 100).clipped(640, 480) == Region(0, 0, 100, 100)
    assert Region(630, 0, 700, 100).clipped(640, 480) is None  # 10 px wide: no code fits
    assert Region(0, 0, 100, 100).overlap(Region(50, 0, 150, 100)) == pytest.approx(0.5)
    assert Region(0, 0, 100, 100).overlap(Region(10, 10, 20, 20)) == 1.0
    assert Region(0, 0, 10, 10).overlap(Region(20, 20, 30, 30)) == 0.0
