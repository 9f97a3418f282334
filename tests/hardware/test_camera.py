"""Frame sources and the capture thread, on real images, a real video file and an unpluggable fake camera."""

import cv2
import numpy as np
import pytest

from hardware.camera import (
    Backoff,
    CaptureState,
    CaptureThread,
    DeviceSource,
    FrameSourceEnded,
    ImageFolderSource,
    VideoFileSource,
    open_source,
)
from hardware.errors import CameraConfigError, CameraError, CameraUnavailable
from hardware.qr import decode_qr, make_qr_image
from hardware.testing import UnpluggableCamera

FAST = Backoff(initial_s=0.001, max_s=0.01)


def _write_frames(folder, values):
    folder.mkdir(exist_ok=True)
    for index, value in enumerate(values):
        cv2.imwrite(str(folder / f"frame{index:03d}.png"), np.full((48, 64, 3), value, dtype=np.uint8))
    return folder


def _qr_frame(payload: str) -> np.ndarray:
    code = np.asarray(make_qr_image(payload, module_px=5).convert("L"))
    frame = np.full((240, 320), 200, dtype=np.uint8)
    frame[20 : 20 + code.shape[0], 40 : 40 + code.shape[1]] = code
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)


def test_a_folder_is_read_in_name_order_and_the_thread_keeps_the_last_frame(tmp_path):
    folder = _write_frames(tmp_path / "frames", [10, 20, 30, 40, 50])
    with CaptureThread(ImageFolderSource(folder), backoff=FAST) as capture:
        assert capture.wait_for_state(CaptureState.ENDED) is CaptureState.ENDED
        frame = capture.latest()
        stats = capture.stats()
    assert (frame.sequence, int(frame.image[0, 0, 0])) == (5, 50)
    assert stats.frames_read == 5 and stats.reconnects == 0


def test_unreadable_images_are_skipped_and_listed(tmp_path):
    folder = _write_frames(tmp_path / "frames", [10, 20])
    (folder / "frame000b.jpg").write_bytes(b"not a jpeg")
    source = ImageFolderSource(folder)
    source.open()
    values = [int(source.read()[0, 0, 0]), int(source.read()[0, 0, 0])]
    with pytest.raises(FrameSourceEnded):
        source.read()
    assert values == [10, 20] and source.skipped == [folder / "frame000b.jpg"]


def test_an_empty_or_missing_folder_cannot_be_opened(tmp_path):
    with pytest.raises(CameraUnavailable, match="no images"):
        ImageFolderSource(tmp_path).open()
    with pytest.raises(CameraUnavailable, match="not a folder"):
        ImageFolderSource(tmp_path / "absent").open()


def test_a_video_file_plays_to_its_end_and_its_qr_code_is_read(tmp_path):
    path = tmp_path / "checkin.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 240))
    for _ in range(12):
        writer.write(_qr_frame("BQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp"))
    writer.release()
    with CaptureThread(open_source(str(path)), backoff=FAST) as capture:
        assert capture.wait_for_state(CaptureState.ENDED) is CaptureState.ENDED
        frame = capture.latest()
    assert frame.sequence == 12 and frame.image.shape == (240, 320, 3)
    assert [d.payload for d in decode_qr(frame.image)] == ["BQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp"]


def test_a_looping_source_keeps_delivering_until_stopped(tmp_path):
    folder = _write_frames(tmp_path / "frames", [1, 2, 3])
    capture = CaptureThread(ImageFolderSource(folder, loop=True), backoff=FAST)
    capture.start()
    frame = capture.wait_for_frame(after_sequence=20)
    capture.stop()
    assert frame.sequence > 20 and int(frame.image[0, 0, 0]) == [1, 2, 3][(frame.sequence - 1) % 3]
    assert capture.state is CaptureState.STOPPED


def test_an_unplugged_camera_is_reopened_with_backoff_and_frames_resume():
    camera = UnpluggableCamera(frames_before_unplug=3, failed_reopens=2)
    with CaptureThread(camera, backoff=FAST) as capture:
        frame = capture.wait_for_frame(after_sequence=5)
        stats = capture.stats()
    assert frame.sequence >= 6 and int(frame.image[0, 0, 0]) == frame.sequence % 256
    assert stats.reconnects == 3  # the failed read, then two failed reopens
    assert "unplugged" in stats.last_error


def test_stop_interrupts_a_long_backoff_wait():
    camera = UnpluggableCamera(frames_before_unplug=0, failed_reopens=10**6)
    capture = CaptureThread(camera, backoff=Backoff(initial_s=600, max_s=600))
    capture.start()
    assert capture.wait_for_state(CaptureState.RECONNECTING) is CaptureState.RECONNECTING
    capture.stop(timeout=5)  # raises CameraError if the thread were still waiting out its 600 s backoff
    assert capture.state is CaptureState.STOPPED


def test_backoff_doubles_up_to_its_ceiling():
    backoff = Backoff(initial_s=0.5, max_s=3)
    assert [backoff.delay(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3, 3]


def test_wait_for_frame_returns_none_when_a_finite_source_ends_without_a_newer_frame(tmp_path):
    folder = _write_frames(tmp_path / "frames", [7])
    with CaptureThread(ImageFolderSource(folder), backoff=FAST) as capture:
        assert capture.wait_for_frame(after_sequence=1, timeout=5) is None
        assert capture.state is CaptureState.ENDED


def test_a_missing_camera_device_is_unavailable():
    with pytest.raises(CameraUnavailable, match="camera 97"):
        DeviceSource(97).open()


def test_sources_are_chosen_from_what_an_installer_types(tmp_path):
    video = tmp_path / "v.avi"
    video.write_bytes(b"")
    assert isinstance(open_source("0"), DeviceSource)
    assert isinstance(open_source(str(tmp_path)), ImageFolderSource)
    assert isinstance(open_source(str(video)), VideoFileSource)
    with pytest.raises(CameraConfigError) as caught:
        open_source("/no/such/thing")
    assert "camera index" in caught.value.advice and isinstance(caught.value, CameraError)
