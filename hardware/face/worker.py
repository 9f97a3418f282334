"""Face work off the caller's thread.

dlib's objects are not documented as thread-safe and a face job takes 0.1 to 1 s, so every job runs on one
background thread, in order. Callers get a `concurrent.futures.Future`; an optional `on_done(future)` runs
when the job ends, *on the worker thread* (or at once on the caller's thread if already finished), so a GUI
must hand the result to its own thread (the kiosk does that with a Qt signal). Nothing here imports Qt.
Frames are copied when submitted, because a camera may reuse its buffer for the next frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from hardware.face.checkin import LiveFaceCapture, capture_live_face
from hardware.face.encoding import DetectedFace, FaceSelection, analyze_single_face
from hardware.face.errors import FaceWorkerStopped
from hardware.face.liveness import DEFAULT_LIVENESS_POLICY, LivenessPolicy
from hardware.face.models import FaceModels, load_models

Result = TypeVar("Result")
DoneCallback = Callable[[Future[Any]], None]


class FaceWorker:
    """One background thread that runs face jobs in submission order; use as a context manager."""

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="branchq-face")

    def submit(
        self, job: Callable[..., Result], *args: Any, on_done: DoneCallback | None = None, **kwargs: Any
    ) -> Future[Result]:
        """Queue `job(*args, **kwargs)`; its result or exception arrives through the returned future."""
        try:
            future = self._executor.submit(job, *args, **kwargs)
        except RuntimeError as error:
            raise FaceWorkerStopped("the face worker was shut down") from error
        if on_done is not None:
            future.add_done_callback(on_done)
        return future

    def warm_up(self, on_done: DoneCallback | None = None) -> Future[FaceModels]:
        """Load the models in the background so the first customer does not wait for them."""
        return self.submit(load_models, on_done=on_done)

    def analyze(
        self,
        image: np.ndarray,
        *,
        selection: FaceSelection = FaceSelection.ONLY,
        on_done: DoneCallback | None = None,
    ) -> Future[DetectedFace]:
        """Detect and encode the face in `image` (enrollment capture)."""
        return self.submit(
            analyze_single_face, np.array(image, copy=True), selection=selection, on_done=on_done
        )

    def capture_live_face(
        self,
        frames: Sequence[np.ndarray],
        *,
        policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY,
        on_done: DoneCallback | None = None,
    ) -> Future[LiveFaceCapture]:
        """Liveness then the encoding over a burst of frames (kiosk check-in; the server identifies)."""
        copies = [np.array(frame, copy=True) for frame in frames]
        return self.submit(capture_live_face, copies, policy, on_done=on_done)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop taking jobs; with `wait`, finish the queued ones first."""
        self._executor.shutdown(wait=wait, cancel_futures=not wait)

    def __enter__(self) -> FaceWorker:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
