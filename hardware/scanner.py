"""Watching the camera for QR codes: the kiosk's check-in scanner.

A customer holds a phone in front of the camera for a second or two, so the same code shows up in
dozens of frames. `QrScanner` decodes the newest frame whenever one arrives (never a backlog) on its
own thread, and `RepeatFilter` reports each code once until it has been out of sight for a while,
so one appointment is not checked in twenty times. What a payload *means* (signature, expiry) is
decided by `server.domain.signed_codes`, not here.

Hard frames are read by `QrCascade` (retries within a time budget per frame), and consecutive frames
help each other: `RecentSightings` remembers where a code was read or nearly read in the last few
frames, so the next frames retry there first. A shaking hand gives each frame new noise and blur, so
a code missed in one frame is often read in the next. Frames are never merged into a payload: each
report is one complete, error-corrected decode of one frame.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .background import BackgroundLoop
from .qr import QrDetection
from .qr_cascade import CascadeResult, QrCascade, Region

if TYPE_CHECKING:
    from .camera import CaptureThread


class RepeatFilter:
    """Lets a payload through once, then again only after it was unseen for `quiet_s` seconds.

    Pure: time is passed in, so the rule is tested without waiting.
    """

    def __init__(self, quiet_s: float = 3.0) -> None:
        if quiet_s < 0:
            raise ValueError("quiet_s cannot be negative")
        self.quiet_s = quiet_s
        self._last_seen: dict[str, float] = {}

    def admit(self, payload: str, now: float) -> bool:
        last = self._last_seen.get(payload)
        self._last_seen[payload] = now
        self._forget_older_than(now - self.quiet_s)
        return last is None or now - last > self.quiet_s

    def _forget_older_than(self, moment: float) -> None:
        for payload in [p for p, seen in self._last_seen.items() if seen < moment]:
            del self._last_seen[payload]


class RecentSightings:
    """Where codes were read or nearly read in the last `frames` frames: the next frame's retry regions.

    Pure: frames are counted, not timed, so the rule is tested without a camera.
    """

    def __init__(self, frames: int = 5) -> None:
        if frames < 1:
            raise ValueError("frames must be at least 1")
        self.frames = frames
        self._recent: list[list[Region]] = []

    def remember(self, result: CascadeResult) -> None:
        """Add one frame's sightings (reads first, then near misses) and forget the oldest frame."""
        hits = [Region.around(detection.corners) for detection in result.detections]
        self._recent.append(hits + list(result.near_misses))
        del self._recent[: -self.frames]

    def hints(self) -> list[Region]:
        """Regions from the newest frame first."""
        return [region for frame in reversed(self._recent) for region in frame]


class QrScanner(BackgroundLoop):
    """Decodes a capture thread's newest frames and calls `on_code` once per code shown.

    `on_code` runs on the scanner's thread: a Qt app must hand the result to the GUI thread by signal.

    Attributes:
        capture: where frames come from (already started or not; the scanner does not own it); None
            when frames are handed to `look_at` directly (benchmarks, tests), without starting.
        on_code: called with each newly seen code.
        cascade: reads each frame (plain pass, then retries within its time budget).
        sightings: where recent frames saw codes, handed to the cascade as hints.
        frames_decoded: how many frames were looked at (fewer than captured when decoding is slower).
    """

    def __init__(
        self,
        capture: CaptureThread | None,
        on_code: Callable[[QrDetection], None],
        repeat_filter: RepeatFilter | None = None,
        clock: Callable[[], float] = time.monotonic,
        cascade: QrCascade | None = None,
        sightings: RecentSightings | None = None,
    ) -> None:
        self.capture = capture
        self.on_code = on_code
        self.repeat_filter = repeat_filter or RepeatFilter()
        self.cascade = cascade or QrCascade()
        self.sightings = sightings or RecentSightings()
        self.frames_decoded = 0
        self._clock = clock
        super().__init__(name="the QR scanner")

    def start(self) -> None:
        if self.capture is None:
            raise ValueError("a scanner without a capture thread reads only the frames given to look_at")
        super().start()

    def wait_until_done(self, timeout: float = 10.0) -> bool:
        """For finite sources: True once the scanner has looked at the last frame and finished."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from .camera import CaptureState

        assert self.capture is not None  # start() refuses to run without one
        sequence = 0
        while not self._stop.is_set():
            frame = self.capture.wait_for_frame(after_sequence=sequence, timeout=0.2)
            if frame is None:
                if self.capture.state in (CaptureState.ENDED, CaptureState.STOPPED):
                    return
                continue
            sequence = frame.sequence
            self.look_at(frame.image)

    def look_at(self, image) -> list[QrDetection]:
        """Read one frame with the help of the previous ones, report new codes, return every code read."""
        self.frames_decoded += 1
        result = self.cascade.read(image, hints=self.sightings.hints())
        self.sightings.remember(result)
        now = self._clock()
        for detection in result.detections:
            if self.repeat_filter.admit(detection.payload, now):
                self.on_code(detection)
        return result.detections
