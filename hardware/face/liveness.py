"""A simple liveness check across several camera frames: a face that does not move is refused.

The 5-point landmark model gives the corners of both eyes and the base of the nose, not the eyelids, so no
blink can be measured; the check works on head motion instead. Landmark displacement is measured in units of
the distance between the eye centres, so it does not depend on how close the customer stands.

Two modes:
- `LivenessMode.MOTION` (default): the face must move (shift, turn, tilt) by at least `min_motion`.
  Stops a printed photo or a phone picture held still in front of the camera, and a frozen video frame.
  Does NOT stop a photo that is waved about, nor a video replay of the customer.
- `LivenessMode.POSE_CHANGE`: additionally, the landmark geometry must change beyond a rigid in-plane
  movement (a head turn or nod moves the nose relative to the eyes; a flat photo slid or rotated in its plane
  does not). Stops a photo slid or spun in its plane, but NOT one that is tilted or bent, nor a video replay.
  Its threshold has not been calibrated on real kiosk video yet.

Neither mode replaces certified presentation-attack detection (ISO/IEC 30107-3); face check-in must stay a
convenience for low-risk steps such as confirming an appointment, never a payment or account authentication.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from hardware.face.encoding import FaceBox, detect_faces, face_landmarks
from hardware.face.errors import InvalidFaceSetting


class LivenessMode(StrEnum):
    """How much motion counts as a live face (see the module docstring for what each stops)."""

    MOTION = "motion"
    POSE_CHANGE = "pose_change"


class LivenessReason(StrEnum):
    """Why the verdict is what it is; the kiosk maps these to translated prompts."""

    FACE_MOVED = "face_moved"
    TOO_FEW_FRAMES = "too_few_frames"
    FACE_MISSING = "face_missing"
    NO_MOTION = "no_motion"
    RIGID_MOTION_ONLY = "rigid_motion_only"
    FACE_JUMPED = "face_jumped"


@dataclass(frozen=True)
class LivenessPolicy:
    """Thresholds, in units of the distance between the eye centres.

    Attributes:
        mode: see `LivenessMode`.
        min_frames: frames needed before a verdict.
        min_motion: largest landmark displacement from the first frame that proves motion (0.08 is about 5
            pixels for a face 150 pixels wide: above camera noise, well below a natural head movement).
        min_pose_change: non-rigid landmark change needed in POSE_CHANGE mode.
        max_step: displacement between consecutive frames above which the face is taken to have been
            swapped (another person or picture stepped in).
    """

    mode: LivenessMode = LivenessMode.MOTION
    min_frames: int = 4
    min_motion: float = 0.08
    min_pose_change: float = 0.03
    max_step: float = 1.0

    def __post_init__(self) -> None:
        if self.min_frames < 2:
            raise InvalidFaceSetting(f"liveness needs at least 2 frames, min_frames is {self.min_frames}")
        if not (0 < self.min_motion < self.max_step and self.min_pose_change > 0):
            raise InvalidFaceSetting(
                "liveness thresholds must satisfy 0 < min_motion < max_step and min_pose_change > 0"
            )


DEFAULT_LIVENESS_POLICY = LivenessPolicy()


@dataclass(frozen=True)
class LivenessVerdict:
    """The outcome of a liveness check.

    Attributes:
        is_live: True only for `LivenessReason.FACE_MOVED`.
        reason: why.
        motion: largest landmark displacement from the first frame (eye-distance units).
        pose_change: largest non-rigid landmark change from the first frame (eye-distance units).
        frame_count: frames examined.
    """

    is_live: bool
    reason: LivenessReason
    motion: float = 0.0
    pose_change: float = 0.0
    frame_count: int = 0


def judge_landmark_motion(
    landmarks_per_frame: Sequence[np.ndarray | None], policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY
) -> LivenessVerdict:
    """Decide liveness from each frame's (5, 2) landmarks (None for a frame where no face was found)."""
    frame_count = len(landmarks_per_frame)
    if frame_count < policy.min_frames:
        return LivenessVerdict(False, LivenessReason.TOO_FEW_FRAMES, frame_count=frame_count)
    if any(points is None for points in landmarks_per_frame):
        return LivenessVerdict(False, LivenessReason.FACE_MISSING, frame_count=frame_count)
    frames = [np.asarray(points, dtype=np.float64) for points in landmarks_per_frame]
    scale = eye_distance(frames[0])
    motion = max(_mean_displacement(frames[0], points) / scale for points in frames[1:])
    pose_change = max(_non_rigid_residual(frames[0], points) / scale for points in frames[1:])
    largest_step = max(_mean_displacement(a, b) / scale for a, b in itertools.pairwise(frames))
    reason = _reason(policy, motion, pose_change, largest_step)
    return LivenessVerdict(
        is_live=reason is LivenessReason.FACE_MOVED,
        reason=reason,
        motion=motion,
        pose_change=pose_change,
        frame_count=frame_count,
    )


def check_liveness(
    frames: Sequence[np.ndarray], policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY
) -> LivenessVerdict:
    """Run the liveness check on RGB camera frames, following the largest face in each (needs dlib)."""
    return judge_observations([observe_largest_face(frame) for frame in frames], policy)


@dataclass(frozen=True)
class FaceObservation:
    """Where the largest face of one frame is: its box and its five landmarks."""

    box: FaceBox
    landmarks: np.ndarray


def observe_largest_face(frame: np.ndarray) -> FaceObservation | None:
    """Detect the largest face of a frame and its landmarks, or None when the frame shows no face."""
    boxes = detect_faces(frame)
    return FaceObservation(boxes[0], face_landmarks(frame, boxes[0])) if boxes else None


def judge_observations(
    observations: Sequence[FaceObservation | None], policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY
) -> LivenessVerdict:
    """`judge_landmark_motion` over frame observations."""
    return judge_landmark_motion([None if seen is None else seen.landmarks for seen in observations], policy)


def _reason(policy: LivenessPolicy, motion: float, pose_change: float, largest_step: float) -> LivenessReason:
    if largest_step > policy.max_step:
        return LivenessReason.FACE_JUMPED
    if motion < policy.min_motion:
        return LivenessReason.NO_MOTION
    if policy.mode is LivenessMode.POSE_CHANGE and pose_change < policy.min_pose_change:
        return LivenessReason.RIGID_MOTION_ONLY
    return LivenessReason.FACE_MOVED


def eye_distance(landmarks: np.ndarray) -> float:
    """Distance between the two eye centres (points 0-1 and 2-3 are the corners of each eye)."""
    points = np.asarray(landmarks, dtype=np.float64)
    distance = float(np.linalg.norm(points[0:2].mean(axis=0) - points[2:4].mean(axis=0)))
    return max(distance, 1e-6)


def _mean_displacement(first: np.ndarray, second: np.ndarray) -> float:
    return float(np.linalg.norm(second - first, axis=1).mean())


def _non_rigid_residual(reference: np.ndarray, points: np.ndarray) -> float:
    """Mean distance left after the best similarity transform (shift, rotation, scale) maps points onto
    reference: zero for a flat picture moved in its plane, positive when the face's shape changed."""
    centred_reference = reference - reference.mean(axis=0)
    centred_points = points - points.mean(axis=0)
    as_complex_reference = centred_reference[:, 0] + 1j * centred_reference[:, 1]
    as_complex_points = centred_points[:, 0] + 1j * centred_points[:, 1]
    denominator = np.vdot(as_complex_points, as_complex_points)
    if abs(denominator) < 1e-12:
        return 0.0
    similarity = np.vdot(as_complex_points, as_complex_reference) / denominator
    residual = as_complex_reference - similarity * as_complex_points
    return float(np.abs(residual).mean()) if math.isfinite(abs(similarity)) else 0.0
