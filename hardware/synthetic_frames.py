"""Camera-like frames of a QR code at graded difficulty, for quick QR tests.

Each difficulty combines what goes wrong at a kiosk: a small code (phone held far away), blur
(out of focus or moving), sensor noise, low contrast (glare, dim screen), perspective tilt and
rotation, and JPEG compression from cheap USB cameras. The same seed gives the same frame.

These frames are quick and flat (every cause turned up at once). The QR benchmark reads the graded
set of `hardware.camera_frames` instead, which follows a phone shot through glare, moire, defocus,
motion, low light and a 3D tilt, one main hardship per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .qr import make_qr_image


@dataclass(frozen=True, slots=True)
class FrameDifficulty:
    name: str
    module_px: float
    """Size of one QR module in the frame, in pixels."""
    blur_sigma: float
    noise_std: float
    contrast: float
    """1.0 is black on white; 0.3 leaves 30% of the range between dark and light modules."""
    tilt: float
    """Perspective: how far each corner may move, as a fraction of the code's side."""
    rotation_deg: float
    jpeg_quality: int


LEVELS: tuple[FrameDifficulty, ...] = (
    FrameDifficulty("1-easy", 6.0, 0.0, 2.0, 1.0, 0.00, 5, 95),
    FrameDifficulty("2-moderate", 4.0, 0.8, 6.0, 0.8, 0.06, 20, 85),
    FrameDifficulty("3-hard", 3.2, 1.0, 8.0, 0.6, 0.10, 45, 70),
    FrameDifficulty("4-very-hard", 3.0, 1.1, 10.0, 0.5, 0.12, 90, 60),
    FrameDifficulty("5-extreme", 2.8, 1.2, 12.0, 0.45, 0.15, 180, 50),
)

FRAME_SIZE = (640, 480)


def synthetic_frame(payload: str, difficulty: FrameDifficulty, seed: int) -> np.ndarray:
    """A 640x480 BGR frame showing `payload` as a QR code under `difficulty`."""
    import cv2

    rng = np.random.default_rng(seed)
    code = _scaled_code(payload, difficulty.module_px)
    frame = _background(rng)
    frame = _place(frame, code, difficulty, rng)
    frame = _reduce_contrast(frame, difficulty.contrast)
    if difficulty.blur_sigma > 0:
        frame = cv2.GaussianBlur(frame, (0, 0), difficulty.blur_sigma)
    frame = np.clip(frame + rng.normal(0, difficulty.noise_std, frame.shape), 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, difficulty.jpeg_quality])
    grey = cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def _scaled_code(payload: str, module_px: float) -> np.ndarray:
    import cv2

    modules = np.asarray(make_qr_image(payload, module_px=1, border_modules=4).convert("L"), dtype=np.uint8)
    side = int(round(modules.shape[0] * module_px))
    return cv2.resize(modules, (side, side), interpolation=cv2.INTER_AREA).astype(np.float64)


def _background(rng: np.random.Generator) -> np.ndarray:
    """A smooth grey scene with some texture, like a hall behind a phone."""
    width, height = FRAME_SIZE
    x = np.linspace(0, 1, width)[None, :]
    y = np.linspace(0, 1, height)[:, None]
    base = 110 + 60 * x * rng.uniform(-1, 1) + 50 * y * rng.uniform(-1, 1)
    texture = rng.normal(0, 12, (height // 8 + 1, width // 8 + 1)).repeat(8, 0).repeat(8, 1)
    return base + texture[:height, :width]


def _place(frame: np.ndarray, code: np.ndarray, difficulty: FrameDifficulty, rng: np.random.Generator):
    """Warp the code with a random perspective and rotation to a random place that keeps it in view."""
    import cv2

    side = code.shape[0]
    source = np.float32([[0, 0], [side, 0], [side, side], [0, side]])
    jitter = rng.uniform(-difficulty.tilt, difficulty.tilt, (4, 2)) * side
    angle = np.deg2rad(rng.uniform(-difficulty.rotation_deg, difficulty.rotation_deg))
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    target = (source - side / 2 + jitter) @ rotation.T
    width, height = FRAME_SIZE
    span = target.max(axis=0) - target.min(axis=0)
    low = -target.min(axis=0)
    offset = low + rng.uniform(0, 1, 2) * np.maximum(0, np.array([width, height]) - span)
    matrix = cv2.getPerspectiveTransform(source, np.float32(target + offset))
    warped = cv2.warpPerspective(code, matrix, FRAME_SIZE, borderValue=-1)
    mask = cv2.warpPerspective(np.ones_like(code), matrix, FRAME_SIZE, borderValue=0) > 0.5
    return np.where(mask, warped, frame)


def _reduce_contrast(frame: np.ndarray, contrast: float) -> np.ndarray:
    return 128 + (frame - 128) * contrast
