"""Frame sources (a camera, a video file, a folder of images) and a thread that keeps the latest frame.

A kiosk wants the *newest* frame, not a backlog: decoding a QR code from a frame two seconds old makes
the screen feel broken. `CaptureThread` therefore keeps only the latest frame, and when a camera is
unplugged or stalls it closes it and reopens it with exponential backoff, forever, until stopped.
Video files and image folders behave like cameras, so tests and demos run without one.
"""

from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import numpy as np

from .background import BackgroundLoop
from .errors import CameraConfigError, CameraUnavailable

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff"})


def available() -> bool:
    """Whether frames can be captured here (OpenCV installed)."""
    from importlib.util import find_spec

    return find_spec("cv2") is not None


class FrameSourceEnded(Exception):
    """A finite source (file, folder) has delivered its last frame. Not an error."""


class FrameSource(ABC):
    """Something that yields BGR frames. `read` is its one I/O method; `open`/`close` bracket it."""

    description: str = "frame source"

    @abstractmethod
    def open(self) -> None:
        """Prepare to read; `CameraUnavailable` when the device or file cannot be opened."""

    @abstractmethod
    def read(self) -> np.ndarray:
        """The next frame; `FrameSourceEnded` at the end, `CameraUnavailable` on failure."""

    def close(self) -> None:
        return None


class _CaptureSource(FrameSource):
    """Shared by cameras and video files: both are a `cv2.VideoCapture`."""

    def __init__(self, target: int | str) -> None:
        self._target = target
        self._capture = None

    def open(self) -> None:
        import cv2

        self.close()
        capture = cv2.VideoCapture(self._target)
        if not capture.isOpened():
            capture.release()
            raise CameraUnavailable(f"cannot open {self.description}")
        self._capture = capture

    def read(self) -> np.ndarray:
        if self._capture is None:
            raise CameraUnavailable(f"{self.description} is not open")
        ok, frame = self._capture.read()
        if ok:
            return frame
        return self._at_end()

    def _at_end(self) -> np.ndarray:
        raise CameraUnavailable(f"{self.description} stopped delivering frames")

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class DeviceSource(_CaptureSource):
    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.description = f"camera {index}"


class VideoFileSource(_CaptureSource):
    def __init__(self, path: Path, loop: bool = False) -> None:
        super().__init__(str(path))
        self._loop = loop
        self.description = f"video file {path}"

    def _at_end(self) -> np.ndarray:
        if not self._loop:
            raise FrameSourceEnded(self.description)
        self.open()
        ok, frame = self._capture.read()
        if not ok:
            raise CameraUnavailable(f"{self.description} has no readable frame")
        return frame


class ImageFolderSource(FrameSource):
    """The images of a folder in name order, one per read; unreadable files are skipped and listed."""

    def __init__(self, folder: Path, loop: bool = False) -> None:
        self.folder = folder
        self.loop = loop
        self.description = f"image folder {folder}"
        self.skipped: list[Path] = []
        self._files: list[Path] = []
        self._next = 0

    def open(self) -> None:
        if not self.folder.is_dir():
            raise CameraUnavailable(f"{self.folder} is not a folder")
        self._files = sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self._files:
            raise CameraUnavailable(f"{self.folder} holds no images ({', '.join(sorted(IMAGE_SUFFIXES))})")
        self._next = 0

    def read(self) -> np.ndarray:
        import cv2

        while True:
            if self._next >= len(self._files):
                if not self.loop or len(self.skipped) >= len(self._files):
                    raise FrameSourceEnded(self.description)
                self._next = 0
            path = self._files[self._next]
            self._next += 1
            frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
            if frame is not None:
                return frame
            if path not in self.skipped:
                self.skipped.append(path)


def open_source(spec: str | int, loop: bool = False) -> FrameSource:
    """A source from what an installer types: `0` (camera index), a video file, or a folder of images."""
    if isinstance(spec, int) or str(spec).isdigit():
        return DeviceSource(int(spec))
    path = Path(spec)
    if path.is_dir():
        return ImageFolderSource(path, loop=loop)
    if path.is_file():
        return VideoFileSource(path, loop=loop)
    raise CameraConfigError(f"{spec!r} is neither a camera index, an existing video file nor a folder")


class CaptureState(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    RECONNECTING = "reconnecting"
    ENDED = "ended"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class Frame:
    image: np.ndarray
    sequence: int
    """1 for the first frame read, counting every frame read (frames nobody looked at included)."""
    captured_at: float


@dataclass(slots=True)
class CaptureStats:
    frames_read: int = 0
    reconnects: int = 0
    last_error: str | None = None
    first_frame_at: float | None = None
    last_frame_at: float | None = None

    @property
    def fps(self) -> float:
        if self.frames_read < 2 or self.first_frame_at is None or self.last_frame_at is None:
            return 0.0
        elapsed = self.last_frame_at - self.first_frame_at
        return (self.frames_read - 1) / elapsed if elapsed > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Backoff:
    """Wait before reopening a failed source: `initial_s`, doubling up to `max_s`."""

    initial_s: float = 0.5
    max_s: float = 10.0

    def delay(self, failures_in_a_row: int) -> float:
        return min(self.max_s, self.initial_s * 2 ** max(0, failures_in_a_row - 1))


@dataclass
class _Shared:
    latest: Frame | None = None
    state: CaptureState = CaptureState.STARTING
    stats: CaptureStats = field(default_factory=CaptureStats)


class CaptureThread(BackgroundLoop):
    """Reads a source on its own thread and keeps only the newest frame.

    Attributes:
        source: what it reads from.
        backoff: how long to wait before reopening after a failure.
        max_fps: read no faster than this (None: as fast as the source gives frames).
    """

    def __init__(
        self,
        source: FrameSource,
        backoff: Backoff = Backoff(),
        max_fps: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.backoff = backoff
        self.max_fps = max_fps
        self._clock = clock
        self._shared = _Shared()
        self._changed = threading.Condition()
        super().__init__(name=f"the capture thread of {source.description}")

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish, wait for it, and release the source."""
        super().stop(timeout)

    def _wake(self) -> None:
        with self._changed:
            self._changed.notify_all()

    @property
    def state(self) -> CaptureState:
        with self._changed:
            return self._shared.state

    def stats(self) -> CaptureStats:
        with self._changed:
            stats = self._shared.stats
            return CaptureStats(
                stats.frames_read,
                stats.reconnects,
                stats.last_error,
                stats.first_frame_at,
                stats.last_frame_at,
            )

    def latest(self) -> Frame | None:
        with self._changed:
            return self._shared.latest

    def wait_for_frame(self, after_sequence: int = 0, timeout: float = 5.0) -> Frame | None:
        """The newest frame once it is newer than `after_sequence`; None on timeout or when reading ended."""

        def ready() -> bool:
            latest = self._shared.latest
            newer = latest is not None and latest.sequence > after_sequence
            return newer or self._shared.state in (CaptureState.ENDED, CaptureState.STOPPED)

        with self._changed:
            self._changed.wait_for(ready, timeout=timeout)
            latest = self._shared.latest
            return latest if latest is not None and latest.sequence > after_sequence else None

    def wait_for_state(self, *states: CaptureState, timeout: float = 5.0) -> CaptureState:
        """Block until the thread is in one of `states` (or `timeout` passes); the state it is in then."""
        with self._changed:
            self._changed.wait_for(lambda: self._shared.state in states, timeout=timeout)
            return self._shared.state

    def _run(self) -> None:
        failures = 0
        opened = False
        try:
            while not self._stop.is_set():
                try:
                    if not opened:
                        self.source.open()
                        opened = True
                    image = self.source.read()
                except FrameSourceEnded:
                    self._set_state(CaptureState.ENDED)
                    return
                except Exception as error:  # noqa: BLE001 - any driver failure means: reopen later
                    opened = False
                    failures += 1
                    self._recover(error, failures)
                    continue
                failures = 0
                self._publish(image)
                self._pace()
            self._set_state(CaptureState.STOPPED)
        finally:
            self.source.close()

    def _recover(self, error: Exception, failures: int) -> None:
        self.source.close()
        with self._changed:
            self._shared.state = CaptureState.RECONNECTING
            self._shared.stats.last_error = str(error)
            self._shared.stats.reconnects += 1
            self._changed.notify_all()
        self._stop.wait(self.backoff.delay(failures))

    def _publish(self, image: np.ndarray) -> None:
        now = self._clock()
        with self._changed:
            stats = self._shared.stats
            stats.frames_read += 1
            stats.first_frame_at = stats.first_frame_at if stats.first_frame_at is not None else now
            stats.last_frame_at = now
            self._shared.latest = Frame(image=image, sequence=stats.frames_read, captured_at=now)
            self._shared.state = CaptureState.RUNNING
            self._changed.notify_all()

    def _pace(self) -> None:
        if self.max_fps:
            self._stop.wait(1.0 / self.max_fps)

    def _set_state(self, state: CaptureState) -> None:
        with self._changed:
            self._shared.state = state
            self._changed.notify_all()
