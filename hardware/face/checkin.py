"""Face check-in at the kiosk: a live face, then its encoding, which the kiosk sends to the server.

The device decides only whether a live person stands there and what their face encodes to; who it is, is the
server's to answer (`POST /api/v1/branches/{code}/faces/identify`), against the gallery it keeps. A face is
encoded only after the liveness check passes, so a still photo never leaves the kiosk as an encoding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hardware.face.encoding import DetectedFace, analyze_face, detect_faces, face_landmarks
from hardware.face.liveness import (
    DEFAULT_LIVENESS_POLICY,
    FaceObservation,
    LivenessPolicy,
    LivenessVerdict,
    judge_observations,
)


@dataclass(frozen=True)
class LiveFaceCapture:
    """What the kiosk learns from a burst of camera frames.

    Attributes:
        liveness: the liveness verdict; when not live, `face` is None.
        face: the live face of the last frame (box, landmarks, encoding), or None.
        most_faces: the most faces seen in any one frame (0: nobody; above 1: someone else is in view).
    """

    liveness: LivenessVerdict
    face: DetectedFace | None
    most_faces: int = 1

    @property
    def encoding(self) -> np.ndarray | None:
        """The 128 numbers to send to the server, or None when no live face was seen."""
        return None if self.face is None else self.face.encoding


def capture_live_face(
    frames: Sequence[np.ndarray], policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY
) -> LiveFaceCapture:
    """Check liveness across `frames`, then encode the largest face of the last frame.

    The last frame's detection is reused for its encoding, saving one detector pass per check-in. The
    largest face is followed; the caller decides what a second face in view means (`most_faces`).
    """
    boxes = [detect_faces(frame) for frame in frames]
    observations = [
        FaceObservation(found[0], face_landmarks(frame, found[0])) if found else None
        for frame, found in zip(frames, boxes, strict=True)
    ]
    verdict = judge_observations(observations, policy)
    most_faces = max((len(found) for found in boxes), default=0)
    last = observations[-1] if observations else None
    if not verdict.is_live or last is None:
        return LiveFaceCapture(liveness=verdict, face=None, most_faces=most_faces)
    return LiveFaceCapture(liveness=verdict, face=analyze_face(frames[-1], last.box), most_faces=most_faces)
