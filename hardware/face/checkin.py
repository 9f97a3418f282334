"""Face check-in at the kiosk: a live face, then who it is.

Identification runs only after the liveness check passes, so a still photo never reaches the gallery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hardware.face.encoding import analyze_face
from hardware.face.gallery import FaceGallery, Identification
from hardware.face.liveness import (
    DEFAULT_LIVENESS_POLICY,
    LivenessPolicy,
    LivenessVerdict,
    judge_observations,
    observe_largest_face,
)


@dataclass(frozen=True)
class FaceCheckInResult:
    """What the kiosk learns from a burst of camera frames.

    Attributes:
        liveness: the liveness verdict; when not live, `identification` is None.
        identification: the enrolled customer found, or None (not live, or nobody within the threshold).
    """

    liveness: LivenessVerdict
    identification: Identification | None

    @property
    def recognized(self) -> bool:
        return self.liveness.is_live and self.identification is not None


def recognize_customer(
    frames: Sequence[np.ndarray], gallery: FaceGallery, policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY
) -> FaceCheckInResult:
    """Check liveness across `frames`, then identify the largest face of the last frame.

    The last frame's detection is reused for its encoding, saving one detector pass per check-in.
    """
    observations = [observe_largest_face(frame) for frame in frames]
    verdict = judge_observations(observations, policy)
    last = observations[-1] if observations else None
    if not verdict.is_live or last is None:
        return FaceCheckInResult(liveness=verdict, identification=None)
    face = analyze_face(frames[-1], last.box)
    return FaceCheckInResult(liveness=verdict, identification=gallery.identify(face.encoding))
