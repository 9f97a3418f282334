"""The check-in scanner: newest frames decoded on their own thread, helped by recent frames, each code
reported once."""

import threading

import cv2
import numpy as np
import pytest

from hardware.camera import CaptureThread, ImageFolderSource
from hardware.qr import QrDetection, make_qr_image
from hardware.qr_cascade import CascadeResult, Region
from hardware.scanner import QrScanner, RecentSightings, RepeatFilter


def test_a_code_is_admitted_once_while_it_stays_in_view():
    repeat = RepeatFilter(quiet_s=3)
    assert [repeat.admit("A", t) for t in (0.0, 0.5, 1.0, 3.5, 6.0)] == [True, False, False, False, False]


def test_a_code_is_admitted_again_after_being_out_of_sight_longer_than_the_quiet_time():
    repeat = RepeatFilter(quiet_s=3)
    assert repeat.admit("A", 0.0) and repeat.admit("B", 1.0)
    assert repeat.admit("A", 3.01) is True
    assert repeat.admit("B", 2.0) is False


def test_a_negative_quiet_time_is_refused():
    with pytest.raises(ValueError):
        RepeatFilter(quiet_s=-1)


def _frames(folder, payloads):
    folder.mkdir()
    for index, payload in enumerate(payloads):
        frame = np.full((240, 320), 210, dtype=np.uint8)
        if payload:
            code = np.asarray(make_qr_image(payload, module_px=4).convert("L"))
            frame[20 : 20 + code.shape[0], 40 : 40 + code.shape[1]] = code
        cv2.imwrite(str(folder / f"{index:03d}.png"), frame)
    return folder


def _scan(folder, quiet_s=60.0):
    seen, lock = [], threading.Lock()

    def remember(detection):
        with lock:
            seen.append(detection.payload)

    with CaptureThread(ImageFolderSource(folder)) as capture:
        scanner = QrScanner(capture, remember, RepeatFilter(quiet_s=quiet_s))
        scanner.start()
        assert scanner.wait_until_done(timeout=30)
    return seen, scanner


def test_a_phone_held_up_for_many_frames_is_checked_in_once(tmp_path):
    seen, scanner = _scan(_frames(tmp_path / "f", ["BQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp"] * 6))
    assert seen == ["BQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp"]
    assert 1 <= scanner.frames_decoded <= 6


def test_the_last_code_shown_is_always_seen_and_nothing_is_invented(tmp_path):
    payloads = ["BQ1.A.ap1.x.AAAAAAAAAAAAAAAA", "", "BQ1.A.ap2.x.BBBBBBBBBBBBBBBB"]
    seen, _ = _scan(_frames(tmp_path / "f", payloads))
    assert seen[-1] == payloads[-1] and set(seen) <= set(payloads) and len(seen) == len(set(seen))


def test_stop_ends_the_scanner_even_while_the_camera_keeps_delivering(tmp_path):
    folder = _frames(tmp_path / "f", ["", ""])
    with CaptureThread(ImageFolderSource(folder, loop=True)) as capture:
        scanner = QrScanner(capture, lambda detection: None)
        scanner.start()
        capture.wait_for_frame(after_sequence=5)
        scanner.stop(timeout=5)
    assert scanner.frames_decoded >= 1


def _result(*regions, read=None):
    detections = [QrDetection(read, ((10, 10), (60, 10), (60, 60), (10, 60)))] if read else []
    return CascadeResult(detections, list(regions))


def test_sightings_hint_at_the_newest_frames_first_and_forget_after_their_frame_count():
    sightings = RecentSightings(frames=2)
    a, b = Region(0, 0, 50, 50), Region(100, 100, 200, 200)
    sightings.remember(_result(a))
    sightings.remember(_result(b))
    assert sightings.hints() == [b, a]
    sightings.remember(_result())
    assert sightings.hints() == [b]
    sightings.remember(_result())
    assert sightings.hints() == []


def test_a_read_code_is_hinted_before_the_near_misses_of_its_frame():
    sightings = RecentSightings()
    near = Region(300, 300, 400, 400)
    sightings.remember(_result(near, read="BQ1.A.ap1.x.AAAAAAAAAAAAAAAA"))
    read_region, *rest = sightings.hints()
    assert read_region == Region.around([(10, 10), (60, 10), (60, 60), (10, 60)]) and rest == [near]


def test_sightings_need_at_least_one_frame():
    with pytest.raises(ValueError):
        RecentSightings(frames=0)


def test_frames_handed_to_the_scanner_are_read_and_each_code_reported_once():
    reported = []
    scanner = QrScanner(None, reported.append, RepeatFilter(quiet_s=60), clock=lambda: 0.0)
    code = np.asarray(make_qr_image("BQ1.A.ap1.x.AAAAAAAAAAAAAAAA", module_px=4).convert("L"))
    frame = np.full((240, 320), 210, dtype=np.uint8)
    frame[20 : 20 + code.shape[0], 40 : 40 + code.shape[1]] = code
    for _ in range(3):
        assert [d.payload for d in scanner.look_at(frame)] == ["BQ1.A.ap1.x.AAAAAAAAAAAAAAAA"]
    assert [d.payload for d in reported] == ["BQ1.A.ap1.x.AAAAAAAAAAAAAAAA"]
    assert scanner.frames_decoded == 3 and scanner.sightings.hints()
    with pytest.raises(ValueError):
        scanner.start()  # no capture thread to read from
