"""Face jobs run on one background thread, in order, and report through futures and callbacks."""

from __future__ import annotations

import threading
from concurrent.futures import Future

import numpy as np
import pytest

from hardware.face import FaceNotFound, FaceWorker, FaceWorkerStopped, face_distance, models_loaded
from tests.hardware.face.conftest import EncodedFaces
from tests.hardware.face.helpers import similarity_warp

WAIT_SECONDS = 30


def test_jobs_run_off_the_caller_thread_in_submission_order() -> None:
    order: list[int] = []
    with FaceWorker() as worker:
        futures = [worker.submit(lambda n=n: (order.append(n), threading.get_ident())[1]) for n in range(5)]
        thread_ids = {future.result(timeout=WAIT_SECONDS) for future in futures}
    assert order == [0, 1, 2, 3, 4]
    assert thread_ids != {threading.get_ident()} and len(thread_ids) == 1


def test_the_callback_receives_the_finished_future() -> None:
    finished = threading.Event()
    received: list[Future[int]] = []

    def on_done(future: Future[int]) -> None:
        received.append(future)
        finished.set()

    with FaceWorker() as worker:
        worker.submit(sum, [1, 2, 3], on_done=on_done)
        assert finished.wait(WAIT_SECONDS)
    assert received[0].result() == 6


@pytest.mark.face
def test_a_failing_job_hands_its_exception_to_the_future() -> None:
    with FaceWorker() as worker:
        future = worker.analyze(np.full((120, 160, 3), 200, dtype=np.uint8))
        with pytest.raises(FaceNotFound):
            future.result(timeout=WAIT_SECONDS)


def test_a_stopped_worker_refuses_new_jobs() -> None:
    worker = FaceWorker()
    worker.shutdown()
    with pytest.raises(FaceWorkerStopped, match="create a new FaceWorker"):
        worker.submit(print)


@pytest.mark.face
def test_warm_up_loads_the_models_in_the_background() -> None:
    with FaceWorker() as worker:
        worker.warm_up().result(timeout=WAIT_SECONDS)
    assert models_loaded()


@pytest.mark.face
def test_a_live_capture_uses_a_copy_of_the_frames(
    camera_frame: np.ndarray, encoded_faces: EncodedFaces
) -> None:
    frames = [similarity_warp(camera_frame, step * 8, step * 3, step * 2) for step in range(4)]
    with FaceWorker() as worker:
        future = worker.capture_live_face(frames)
        for frame in frames:
            frame.fill(0)  # the camera reuses its buffers at once
        capture = future.result(timeout=WAIT_SECONDS)
    assert capture.liveness.is_live and capture.encoding is not None
    assert face_distance(capture.encoding, encoded_faces.encoding("obama.jpg")) < 0.6
