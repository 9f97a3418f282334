"""The face check-in job, run in the kiosk's face process (see `kiosk.devices.face.FaceCapture`).

dlib holds the GIL while it detects and encodes (a screen heartbeat stalled 150 ms behind it on a thread),
so the work runs in a separate process. This module is what that process imports: it must stay free of Qt
(and so lives outside `kiosk.devices`, whose package imports PySide6) so the process starts light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class FaceRefusal(StrEnum):
    """Why face check-in gave no encoding; the screen words each one and offers the QR code instead."""

    NO_FACE = "no_face"
    """Nobody was in view (in every frame) before the time ran out."""
    NOT_LIVE = "not_live"
    """The face did not move: a still photo, a phone picture, or a customer frozen in place."""
    SEVERAL_FACES = "several_faces"
    """More than one face in view: the kiosk will not guess which one is checking in."""
    TIMEOUT = "timeout"
    """The analysis did not finish in time."""
    UNAVAILABLE = "unavailable"
    """Face check-in cannot run on this kiosk (dlib or its models missing, or the face process failed)."""


@dataclass(frozen=True, slots=True)
class FaceJobResult:
    """What the face process answers for one burst of frames.

    Attributes:
        encoding: the 128 numbers of a live face, or None.
        refusal: why there is no encoding, or None.
        detail: the liveness reason or error, for the log.
    """

    encoding: tuple[float, ...] | None
    refusal: FaceRefusal | None
    detail: str = ""


def warm_up() -> None:
    """Load the face models once, when the process starts (the first customer must not wait for it)."""
    from hardware.face import load_models

    load_models()


def check_in(frames_bgr: Sequence[np.ndarray]) -> FaceJobResult:
    """Liveness over a burst of camera frames (BGR, as the camera gives them), then the encoding."""
    from hardware.face import FaceError, LivenessReason, capture_live_face

    frames = [np.ascontiguousarray(frame[:, :, ::-1]) for frame in frames_bgr]
    try:
        capture = capture_live_face(frames)
    except FaceError as error:
        return FaceJobResult(None, FaceRefusal.UNAVAILABLE, str(error))
    reason = capture.liveness.reason
    if capture.most_faces > 1:
        return FaceJobResult(None, FaceRefusal.SEVERAL_FACES, reason.value)
    if reason in (LivenessReason.FACE_MISSING, LivenessReason.TOO_FEW_FRAMES) or capture.most_faces == 0:
        return FaceJobResult(None, FaceRefusal.NO_FACE, reason.value)
    if capture.encoding is None:
        return FaceJobResult(None, FaceRefusal.NOT_LIVE, reason.value)
    return FaceJobResult(tuple(float(value) for value in capture.encoding), None, reason.value)
