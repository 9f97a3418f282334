"""Face check-in at the kiosk: a live face, then who it is.

Identification runs only after the liveness check passes, so a still photo never reaches the gallery.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from hardware.face.encoding import FaceSelection, analyze_single_face
from hardware.face.gallery import FaceGallery, Identification
from hardware.face.liveness import DEFAULT_LIVENESS_POLICY, LivenessPolicy, LivenessVerdict, check_liveness


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
    """Check liveness across `frames`, then identify the largest face of the last frame."""
    verdict = check_liveness(frames, policy)
    if not verdict.is_live:
        return FaceCheckInResult(liveness=verdict, identification=None)
    face = analyze_single_face(frames[-1], selection=FaceSelection.LARGEST)
    return FaceCheckInResult(liveness=verdict, identification=gallery.identify(face.encoding))
