"""Face check-in on the kiosk: a burst of camera frames, liveness across them, and the face's encoding.

The frames are sampled on the GUI thread (taking a reference to the newest frame costs nothing), then
analysed in a separate process (`kiosk.face_process`): dlib holds the GIL, so on a thread it would freeze
the screen for up to a second. The encoding is all that leaves the kiosk; the server says who it is.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.face_process import FaceJobResult, FaceRefusal, check_in, warm_up

FrameProvider = Callable[[], "np.ndarray | None"]

SAMPLING_SHARE = 60
"""Percent of the progress bar the frame sampling fills; the analysis fills the rest."""


class FaceCapture(QObject):
    """Checks that a live face is in front of the camera and computes its encoding, off the GUI thread.

    `start()` launches the face process and loads the models (`ready` follows); `capture()` takes a burst
    of `frames_per_burst` frames `frame_interval_ms` apart from `frame_provider` (e.g.
    `CameraFeed.latest_frame`), and answers with `captured` or `refused` within `timeout_ms`. While nobody
    is in view it keeps trying with new bursts until the time runs out. `cancel()` drops a capture in
    progress (the customer left the screen); `stop()` ends the face process.

    Signals:
        captured(list encoding): the 128 floats of a live face (send them to the server to identify).
        refused(str reason): a `FaceRefusal` value (no_face, not_live, several_faces, timeout, unavailable).
        progress(int percent): 0 to 100 through a capture.
        ready(): the face process has loaded its models.

    Attributes:
        busy: a capture is in progress.
        problem: why face check-in is unavailable, once known (else None).
        last_detail: the liveness reason or error behind the last answer, for the log.
    """

    captured = Signal(list)
    refused = Signal(str)
    progress = Signal(int)
    ready = Signal()
    _job_done = Signal(int, object)
    _warmed_up = Signal(object)

    def __init__(
        self,
        frame_provider: FrameProvider,
        frames_per_burst: int = 6,
        frame_interval_ms: int = 150,
        timeout_ms: int = 15_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.frame_provider = frame_provider
        self.frames_per_burst = frames_per_burst
        self.timeout_ms = timeout_ms
        self.busy = False
        self.problem: str | None = None
        self.last_detail = ""
        self._pool: ProcessPoolExecutor | None = None
        self._attempt = 0
        self._frames: list[np.ndarray] = []
        self._last_refusal: FaceRefusal | None = None
        self._sampler = QTimer(self)
        self._sampler.setInterval(frame_interval_ms)
        self._sampler.timeout.connect(self._sample)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._time_is_up)
        self._job_done.connect(self._on_job_done)
        self._warmed_up.connect(self._on_warmed_up)

    def start(self) -> None:
        """Start the face process and load its models in the background."""
        if self._pool is not None:
            return
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
        self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        try:
            future = self._pool.submit(warm_up)
        except RuntimeError as error:
            self._fail_start(error)
            return
        future.add_done_callback(lambda done: self._warmed_up.emit(done.exception()))

    def stop(self) -> None:
        """Drop any capture in progress and end the face process."""
        self.cancel()
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def capture(self) -> None:
        """Begin a capture (ignored while one is in progress)."""
        if self.busy:
            return
        self.start()
        self.busy = True
        self._attempt += 1
        self._last_refusal = None
        self._deadline.start(self.timeout_ms)
        self._begin_burst()

    def cancel(self) -> None:
        """Forget the capture in progress; its late answer, if any, is ignored."""
        self._attempt += 1
        self._sampler.stop()
        self._deadline.stop()
        self.busy = False

    def _begin_burst(self) -> None:
        self._frames = []
        self.progress.emit(0)
        self._sampler.start()

    @Slot()
    def _sample(self) -> None:
        frame = self.frame_provider()
        if frame is None:
            return
        self._frames.append(np.array(frame, copy=True))
        self.progress.emit(SAMPLING_SHARE * len(self._frames) // self.frames_per_burst)
        if len(self._frames) >= self.frames_per_burst:
            self._sampler.stop()
            self._analyse(self._frames)

    def _analyse(self, frames: list[np.ndarray]) -> None:
        attempt = self._attempt
        try:
            future = self._pool.submit(check_in, frames)
        except RuntimeError as error:  # the pool broke earlier or was shut down
            self._on_job_done(attempt, error)
            return
        future.add_done_callback(lambda done: self._job_done.emit(attempt, _outcome(done)))

    @Slot(int, object)
    def _on_job_done(self, attempt: int, outcome: object) -> None:
        if attempt != self._attempt:
            return
        if isinstance(outcome, BaseException):
            self._replace_broken_pool()
            self._finish(FaceRefusal.UNAVAILABLE, f"the face process failed: {outcome!r}")
            return
        assert isinstance(outcome, FaceJobResult)
        self.last_detail = outcome.detail
        if outcome.refusal is FaceRefusal.NO_FACE:
            self._last_refusal = outcome.refusal
            self._begin_burst()  # nobody there yet: look again until the deadline
            return
        if outcome.refusal is not None:
            self._finish(outcome.refusal, outcome.detail)
            return
        self.progress.emit(100)
        self.cancel()
        self.captured.emit(list(outcome.encoding or ()))

    @Slot()
    def _time_is_up(self) -> None:
        if not self.busy:
            return
        refusal = self._last_refusal or FaceRefusal.TIMEOUT  # an earlier "nobody there" outranks a slow retry
        self._finish(refusal, f"no answer within {self.timeout_ms} ms" if refusal is FaceRefusal.TIMEOUT else "")

    def _finish(self, refusal: FaceRefusal, detail: str) -> None:
        if detail:
            self.last_detail = detail
        if refusal is FaceRefusal.UNAVAILABLE:
            self.problem = self.last_detail
        self.cancel()
        self.refused.emit(refusal.value)

    def _replace_broken_pool(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def _fail_start(self, error: BaseException) -> None:
        self.problem = f"the face process could not start: {error!r}"

    @Slot(object)
    def _on_warmed_up(self, error: object) -> None:
        if error is None:
            self.ready.emit()
        else:
            self.problem = f"face models unavailable: {error}"


def _outcome(future: Future) -> object:
    """The job's result, or the exception it raised (a crashed process gives BrokenProcessPool)."""
    error = future.exception()
    return error if error is not None else future.result()
