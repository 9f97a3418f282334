"""The kiosk's camera: a live preview for the screen and QR codes read from the same frames.

Three threads, none of them the GUI's: the capture thread keeps only the newest frame
(`hardware.camera.CaptureThread`), the QR scanner decodes the newest frame whenever it is free
(`hardware.scanner.QrScanner`), and the preview thread turns frames into `QImage`s. A preview frame is
handed to the screen only once the previous one was delivered, so a busy GUI skips frames instead of
queueing them (a queue would show the past and grow without bound).
"""

from __future__ import annotations

import threading
from enum import StrEnum

import numpy as np
from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage

from hardware.background import BackgroundLoop
from hardware.camera import Backoff, CaptureState, CaptureThread, DeviceSource, FrameSource, open_source
from hardware.errors import CameraError
from hardware.qr import QrDetection
from hardware.scanner import QrScanner, RepeatFilter

DEFAULT_MAX_FPS = 30.0
"""Files and folders are read no faster than a camera delivers; a real camera sets its own pace."""


class CameraState(StrEnum):
    """What the kiosk reports to the server about its camera."""

    OK = "ok"
    MISSING = "missing"
    """It cannot be opened: unplugged, or no such device, file or folder."""
    ERROR = "error"
    """It opened but does not deliver frames, or the configured source makes no sense."""


class _WatchedSource(FrameSource):
    """Passes every call to a source and remembers whether the last failure was opening or reading it."""

    def __init__(self, inner: FrameSource) -> None:
        self.inner = inner
        self.description = inner.description
        self.failed_to_open = False

    def open(self) -> None:
        try:
            self.inner.open()
        except Exception:
            self.failed_to_open = True
            raise
        self.failed_to_open = False

    def read(self) -> np.ndarray:
        return self.inner.read()

    def close(self) -> None:
        self.inner.close()


def fitted(frame: np.ndarray, size: tuple[int, int] | None) -> np.ndarray:
    """`frame` scaled to fill `size` (width, height) keeping its proportions (the overflow is for the view to
    crop), with the same rounding as `QImage.scaled(size, KeepAspectRatioByExpanding)`, so a view that scales
    the frame to its own size gets it back unchanged, for free. None: the frame as it is."""
    if size is None:
        return frame
    import cv2

    height, width = frame.shape[:2]
    target = QSize(width, height).scaled(QSize(*size), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
    if (target.width(), target.height()) == (width, height) or target.isEmpty():
        return frame
    shrinking = target.width() < width
    interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
    return cv2.resize(frame, (target.width(), target.height()), interpolation=interpolation)


def to_qimage(frame: np.ndarray) -> QImage:
    """A BGR (or grey) frame as a QImage that owns its pixels (the frame's buffer may be reused)."""
    frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    if frame.ndim == 2:
        return QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(frame.data, width, height, frame.strides[0], QImage.Format.Format_BGR888).copy()


class _PreviewLoop(BackgroundLoop):
    """Converts the newest frames to QImages and reports the camera's state, off the GUI thread."""

    def __init__(self, feed: CameraFeed, capture: CaptureThread, source: _WatchedSource) -> None:
        super().__init__(name="the camera preview")
        self.feed = feed
        self.capture = capture
        self.source = source
        self.frame_taken = threading.Event()
        self.frame_taken.set()

    def _run(self) -> None:
        sequence, reported = 0, None
        while not self._stop.is_set():
            frame = self.capture.wait_for_frame(after_sequence=sequence, timeout=0.2)
            state = self._state()
            if state is not None and state is not reported:
                reported = state
                self.feed._state_seen.emit(state.value)
            if frame is None:
                continue
            sequence = frame.sequence
            if self.frame_taken.is_set():
                self.frame_taken.clear()
                self.feed._frame_converted.emit(to_qimage(fitted(frame.image, self.feed.preview_size)))

    def _state(self) -> CameraState | None:
        """The camera's state now; None while it is still opening or once it is stopped."""
        state = self.capture.state
        if state is CaptureState.RUNNING:
            return CameraState.OK
        if state is CaptureState.RECONNECTING:
            return CameraState.MISSING if self.source.failed_to_open else CameraState.ERROR
        if state is CaptureState.ENDED:
            return CameraState.MISSING
        return None


class CameraFeed(QObject):
    """A camera (or video file, or image folder) previewed on screen and watched for QR codes.

    Signals:
        frame_ready(QImage): the newest frame, BGR converted; at most one waits for the GUI at a time.
        code_read(str payload): a QR code came into view (once, until it has been out of view for
            `repeat_quiet_s` seconds).
        state_changed(str state): a `CameraState` value, each time it differs from the last one.

    Attributes:
        source_spec: what was configured (camera index, video file, image folder), or a `FrameSource`.
        state: the last state reported (None before the first).
        problem: why the source could not be used at all (a bad configuration), else None.
        frames_shown: preview frames delivered to the GUI since `start()`.
        preview_size: (width, height) the preview frames are scaled to fill, off the GUI thread; None for
            the camera's own size. Set it with `set_preview_size` from the view's resize.
    """

    frame_ready = Signal(QImage)
    code_read = Signal(str)
    state_changed = Signal(str)
    _frame_converted = Signal(QImage)
    _state_seen = Signal(str)
    _code_seen = Signal(str)

    def __init__(
        self,
        source: str | int | FrameSource,
        max_fps: float | None = DEFAULT_MAX_FPS,
        repeat_quiet_s: float = 3.0,
        backoff: Backoff = Backoff(initial_s=0.5, max_s=5.0),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source_spec = source
        self.backoff = backoff
        self.max_fps = max_fps
        self.repeat_quiet_s = repeat_quiet_s
        self.state: CameraState | None = None
        self.problem: str | None = None
        self.frames_shown = 0
        self.preview_size: tuple[int, int] | None = None
        self._capture: CaptureThread | None = None
        self._scanner: QrScanner | None = None
        self._preview: _PreviewLoop | None = None
        self._frame_converted.connect(self._deliver_frame)
        self._state_seen.connect(self._report_state)
        self._code_seen.connect(self._deliver_code)

    @property
    def running(self) -> bool:
        return self._capture is not None

    def start(self) -> None:
        """Open the source and start previewing and scanning; a bad source reports `error` instead."""
        if self._capture is not None:
            return
        try:
            source = _WatchedSource(self._open_source())
        except CameraError as error:
            self.problem = str(error)
            self._report_state(CameraState.ERROR.value)
            return
        self.frames_shown = 0
        pace = None if isinstance(source.inner, DeviceSource) else self.max_fps
        self._capture = CaptureThread(source, backoff=self.backoff, max_fps=pace)
        self._scanner = QrScanner(self._capture, self._on_detection, RepeatFilter(self.repeat_quiet_s))
        self._preview = _PreviewLoop(self, self._capture, source)
        self._capture.start()
        self._scanner.start()
        self._preview.start()

    def stop(self) -> None:
        """Stop every thread and release the camera (the last state stays as it was)."""
        capture, scanner, preview = self._capture, self._scanner, self._preview
        self._capture = self._scanner = self._preview = None
        for loop in (preview, scanner, capture):
            if loop is not None:
                loop.stop()

    def set_preview_size(self, size: QSize | None) -> None:
        """Scale preview frames to fill `size` on the preview thread (a view calls it when resized), so the
        GUI thread only draws them; None or an empty size: frames at the camera's size."""
        self.preview_size = None if size is None or size.isEmpty() else (size.width(), size.height())

    def latest_frame(self) -> np.ndarray | None:
        """The newest BGR frame (for face capture), or None before the first one; do not modify it."""
        capture = self._capture
        frame = capture.latest() if capture is not None else None
        return None if frame is None else frame.image

    def _open_source(self) -> FrameSource:
        if isinstance(self.source_spec, FrameSource):
            return self.source_spec
        return open_source(self.source_spec, loop=True)

    def _on_detection(self, detection: QrDetection) -> None:
        self._code_seen.emit(detection.payload)  # scanner thread: the signal queues it to the GUI thread

    @Slot(str)
    def _deliver_code(self, payload: str) -> None:
        self.code_read.emit(payload)

    @Slot(QImage)
    def _deliver_frame(self, image: QImage) -> None:
        preview = self._preview
        if preview is None:
            return
        self.frames_shown += 1
        preview.frame_taken.set()
        self.frame_ready.emit(image)

    @Slot(str)
    def _report_state(self, state: str) -> None:
        if self.state is None or state != self.state.value:
            self.state = CameraState(state)
            self.state_changed.emit(state)
