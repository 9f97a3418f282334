"""A face must move across frames: a still picture is refused with a reason, a moving face accepted.

Pure tests drive the judgement with landmark coordinates; the `face` tests build frame sequences from a
still photo (identical frames, camera noise, in-plane moves, a squeeze that mimics a head turn)."""

from __future__ import annotations

import numpy as np
import pytest

from hardware.face import (
    InvalidFaceSetting,
    LivenessMode,
    LivenessPolicy,
    LivenessReason,
    check_liveness,
    judge_landmark_motion,
)
from tests.hardware.face.helpers import similarity_warp, squeeze_warp

# Five landmarks of a frontal face 60 pixels between the eye centres: eye corners, then the nose base.
FACE = np.array([[330, 120], [305, 121], [250, 121], [275, 120], [290, 165]], dtype=np.float64)


def moved(
    points: np.ndarray, shift: tuple[float, float] = (0, 0), degrees: float = 0, scale: float = 1
) -> np.ndarray:
    angle = np.radians(degrees)
    rotation = scale * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    centre = points.mean(axis=0)
    return (points - centre) @ rotation.T + centre + np.asarray(shift)


def test_identical_landmarks_mean_no_motion() -> None:
    verdict = judge_landmark_motion([FACE] * 5)
    assert not verdict.is_live and verdict.reason is LivenessReason.NO_MOTION and verdict.motion == 0


def test_jitter_below_the_threshold_is_not_motion() -> None:
    rng = np.random.default_rng(3)
    frames = [FACE + rng.normal(0, 1.0, FACE.shape) for _ in range(6)]
    assert judge_landmark_motion(frames).reason is LivenessReason.NO_MOTION


def test_a_head_moving_a_few_pixels_is_live() -> None:
    frames = [moved(FACE, (step * 3, step), degrees=step) for step in range(5)]
    verdict = judge_landmark_motion(frames)
    assert verdict.is_live and verdict.reason is LivenessReason.FACE_MOVED and verdict.motion > 0.08


def test_too_few_frames_give_no_verdict_yet() -> None:
    verdict = judge_landmark_motion([FACE, moved(FACE, (20, 0))])
    assert not verdict.is_live and verdict.reason is LivenessReason.TOO_FEW_FRAMES


def test_a_frame_without_a_face_fails_the_check() -> None:
    frames = [FACE, moved(FACE, (10, 0)), None, moved(FACE, (20, 0))]
    assert judge_landmark_motion(frames).reason is LivenessReason.FACE_MISSING


def test_a_face_that_jumps_between_frames_is_taken_for_a_swap() -> None:
    frames = [FACE, FACE, moved(FACE, (150, 0)), moved(FACE, (150, 0))]
    assert judge_landmark_motion(frames).reason is LivenessReason.FACE_JUMPED


def test_pose_change_mode_refuses_a_rigid_in_plane_move() -> None:
    frames = [moved(FACE, (step * 4, step * 2), degrees=step * 3, scale=1 + step * 0.03) for step in range(5)]
    policy = LivenessPolicy(mode=LivenessMode.POSE_CHANGE)
    verdict = judge_landmark_motion(frames, policy)
    assert verdict.reason is LivenessReason.RIGID_MOTION_ONLY and verdict.pose_change < 1e-9
    assert judge_landmark_motion(frames).is_live


def test_pose_change_mode_accepts_the_nose_moving_relative_to_the_eyes() -> None:
    frames = [FACE + np.array([[0, 0]] * 4 + [[step * 6, 0]]) for step in range(5)]
    assert judge_landmark_motion(frames, LivenessPolicy(mode=LivenessMode.POSE_CHANGE)).is_live


@pytest.mark.parametrize(
    "settings", [dict(min_frames=1), dict(min_motion=0), dict(min_motion=2.0), dict(min_pose_change=0)]
)
def test_nonsensical_policies_are_refused(settings: dict[str, float]) -> None:
    with pytest.raises(InvalidFaceSetting):
        LivenessPolicy(**settings)  # type: ignore[arg-type]


@pytest.mark.face
class TestOnCameraFrames:
    def test_a_still_photo_repeated_is_refused(self, camera_frame: np.ndarray) -> None:
        verdict = check_liveness([camera_frame.copy() for _ in range(4)])
        assert not verdict.is_live and verdict.reason is LivenessReason.NO_MOTION

    def test_a_still_photo_under_camera_noise_is_refused(self, camera_frame: np.ndarray) -> None:
        rng = np.random.default_rng(11)
        noisy = [
            np.clip(camera_frame + rng.normal(0, 4, camera_frame.shape), 0, 255).astype(np.uint8)
            for _ in range(4)
        ]
        verdict = check_liveness(noisy)
        assert verdict.reason is LivenessReason.NO_MOTION and verdict.motion < 0.05

    def test_the_face_shifting_and_turning_across_frames_is_accepted(self, camera_frame: np.ndarray) -> None:
        frames = [similarity_warp(camera_frame, step * 8, step * 3, step * 2) for step in range(4)]
        verdict = check_liveness(frames)
        assert verdict.is_live and verdict.reason is LivenessReason.FACE_MOVED

    def test_pose_change_mode_refuses_the_photo_slid_in_its_plane(self, camera_frame: np.ndarray) -> None:
        frames = [similarity_warp(camera_frame, step * 8, step * 3, step * 2) for step in range(4)]
        verdict = check_liveness(frames, LivenessPolicy(mode=LivenessMode.POSE_CHANGE))
        assert verdict.reason is LivenessReason.RIGID_MOTION_ONLY

    def test_pose_change_mode_accepts_head_turn_foreshortening(self, camera_frame: np.ndarray) -> None:
        frames = [squeeze_warp(camera_frame, 1.0 - step * 0.07) for step in range(4)]
        verdict = check_liveness(frames, LivenessPolicy(mode=LivenessMode.POSE_CHANGE))
        assert verdict.is_live and verdict.pose_change > 0.03

    def test_frames_without_a_face_fail(self, camera_frame: np.ndarray) -> None:
        blank = np.full_like(camera_frame, 90)
        frames = [
            camera_frame,
            similarity_warp(camera_frame, 10, 0, 0),
            blank,
            similarity_warp(camera_frame, 20, 0, 0),
        ]
        assert check_liveness(frames).reason is LivenessReason.FACE_MISSING
