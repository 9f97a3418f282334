"""A graded set of camera frames of a phone showing a QR code, as a kiosk camera sees it.

`synthetic_frames` degrades a flat code with everything at once; this set follows the light path of a
real shot instead, so each kind of hardness looks the way it does at a kiosk: a phone (dark bezel,
bright screen) held in a hall, tilted in 3D and seen through a perspective lens; glare from a ceiling
light on the glass; the screen's own pixel grid beating against the sensor's (moiré); lens blur
(defocus) or hand movement (motion blur); little light, so the sensor's gain amplifies shot noise;
clipping; and JPEG from a cheap USB camera.

Every frame has one main hardship, graded by level from easy (0) to unreadable (5), and a second
one at half strength, because hard frames rarely have a single cause. `camera_set()` is the fixed
set of 120 frames the QR benchmark reads; `camera_burst()` gives the consecutive frames of the same
shot (hand jitter, fresh noise, changing blur) that a scanner sees in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from .qr import make_qr_image

FRAME_SIZE = (640, 480)
LEVEL_COUNT = 6
FRAMES_PER_LEVEL = 20
FLAT_MODULE_PX = 12
"""Module size of the flat phone picture before the camera sees it (room for a screen pixel grid)."""


class Hardship(StrEnum):
    FAR = "far"
    """The phone is far away: few pixels per module."""
    TILT = "tilt"
    """The phone is tilted away from the camera: strong perspective, one side much smaller."""
    MOTION = "motion"
    """The hand moves during the exposure: blur along one direction."""
    DEFOCUS = "defocus"
    """The phone is closer than the lens focuses: a disc-shaped blur."""
    LOW_LIGHT = "low-light"
    """A dim hall: the sensor's gain turns shot noise into grain."""
    GLARE = "glare"
    """A ceiling light reflected on the screen: a saturated spot over the code."""
    MOIRE = "moire"
    """The screen's pixel grid beats against the sensor's: bands across the code."""
    JPEG = "jpeg"
    """A cheap camera compresses hard: blocks and ringing."""


HARDSHIPS = tuple(Hardship)


@dataclass(frozen=True, slots=True)
class Shot:
    """Everything that decides how one frame looks (the same shot always gives the same pixels).

    Attributes:
        payload: the text in the code.
        level: 0 (easy) to 5 (unreadable): the strength of the main hardship.
        hardship: the main hardship; `second` is applied at half strength.
        seed: where the phone is, which way it turns, the noise.
        spliced_with: when set, the lower half of the code's modules come from this payload's code (a
            damaged code no decoder may read as either payload; both must give codes of one size).
    """

    payload: str
    level: int
    hardship: Hardship
    second: Hardship
    seed: int
    spliced_with: str = ""

    @property
    def strength(self) -> float:
        return (self.level / (LEVEL_COUNT - 1)) ** 0.8


@dataclass(frozen=True, slots=True)
class _Optics:
    """The physical parameters of a shot, after its hardships are applied to a normal shot."""

    module_px: float = 4.6
    tilt_deg: float = 12.0
    roll_deg: float = 20.0
    motion_px: float = 0.0
    defocus_px: float = 0.0
    light: float = 1.0
    glare: float = 0.0
    moire: float = 0.0
    jpeg_quality: int = 85


def _apply(optics: _Optics, hardship: Hardship, strength: float) -> _Optics:
    """Move one parameter from a normal shot (strength 0) towards an unreadable one (strength 1)."""
    mix = {
        Hardship.FAR: ("module_px", 4.6, 1.75),
        Hardship.TILT: ("tilt_deg", 12.0, 72.0),
        Hardship.MOTION: ("motion_px", 0.0, 9.0),
        Hardship.DEFOCUS: ("defocus_px", 0.0, 4.2),
        Hardship.LOW_LIGHT: ("light", 1.0, 0.035),
        Hardship.GLARE: ("glare", 0.0, 1.0),
        Hardship.MOIRE: ("moire", 0.0, 1.0),
        Hardship.JPEG: ("jpeg_quality", 85, 2),
    }[hardship]
    name, normal, worst = mix
    value = normal + (worst - normal) * strength
    if name in ("light", "jpeg_quality"):  # both act geometrically (a stop halves the light)
        value = normal * (worst / normal) ** strength
    if name == "jpeg_quality":
        value = int(round(min(value, optics.jpeg_quality)))
    elif name in ("module_px", "light"):
        value = min(value, getattr(optics, name))
    else:
        value = max(value, getattr(optics, name))
    return replace(optics, **{name: value})


def camera_set(payload_for, levels: int = LEVEL_COUNT, per_level: int = FRAMES_PER_LEVEL) -> list[Shot]:
    """The graded set: `per_level` shots per level, every hardship as main one equally often overall.

    `payload_for(index)` gives each shot its own payload.
    """
    shots = []
    for level in range(levels):
        for slot in range(per_level):
            index = level * per_level + slot
            hardship = HARDSHIPS[(slot + level * 4) % len(HARDSHIPS)]
            second = HARDSHIPS[(slot * 3 + level + 1) % len(HARDSHIPS)]
            if second is hardship:
                second = HARDSHIPS[(HARDSHIPS.index(hardship) + 1) % len(HARDSHIPS)]
            shots.append(Shot(payload_for(index), level, hardship, second, seed=1000 + index))
    return shots


def camera_frame(shot: Shot) -> np.ndarray:
    """The shot's first frame: 640x480 BGR, as the camera delivers it."""
    return camera_burst(shot, frames=1)[0]


def camera_burst(shot: Shot, frames: int = 5) -> list[np.ndarray]:
    """`frames` consecutive frames of the shot (about 15 frames/s): the phone shakes a little, the
    noise is new in each, motion blur changes length and direction. The first is `camera_frame`."""
    rng = np.random.default_rng(shot.seed)
    optics = _apply(_apply(_Optics(), shot.second, shot.strength / 2), shot.hardship, shot.strength)
    scene = _Scene.draw(_code_modules(shot), optics, rng)
    return [scene.expose(optics, np.random.default_rng([shot.seed, index]), index) for index in range(frames)]


@dataclass
class _Scene:
    """The hall, the phone picture and where the phone is; exposed once per frame."""

    hall: np.ndarray
    phone: np.ndarray
    """The phone's radiance seen flat, without glare."""
    screen_mask: np.ndarray
    corners: np.ndarray
    glare_center: np.ndarray
    """Where the reflected light falls on the screen, as fractions of the phone's width and height."""

    @classmethod
    def draw(cls, modules: np.ndarray, optics: _Optics, rng: np.random.Generator) -> _Scene:
        phone, screen_mask, code_side = _phone_picture(modules, optics.moire, rng)
        corners = _phone_corners(phone.shape, code_side, optics, rng)
        return cls(_hall(rng), phone, screen_mask, corners, rng.uniform(0.3, 0.7, 2))

    def expose(self, optics: _Optics, rng: np.random.Generator, index: int) -> np.ndarray:
        import cv2

        shake = rng.normal(0, 1.5, (1, 2)) if index else np.zeros((1, 2))
        corners = np.float32(self.corners + shake)
        radiance = self.phone
        if optics.glare > 0:  # a slight turn of the phone moves the reflection a lot
            center = self.glare_center + (rng.normal(0, 0.05, 2) if index else 0)
            glare = _glare(self.phone.shape, center, 0.06 + 0.3 * optics.glare, optics.glare)
            radiance = self.phone + glare * self.screen_mask
        height, width = self.phone.shape
        source = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
        matrix = cv2.getPerspectiveTransform(source, corners)
        warped = cv2.warpPerspective(radiance, matrix, FRAME_SIZE, flags=cv2.INTER_LINEAR, borderValue=-1)
        inside = cv2.warpPerspective(np.ones_like(self.phone), matrix, FRAME_SIZE, borderValue=0)
        frame = np.where(inside > 0.5, warped, self.hall)
        frame = _lens(frame, optics, rng, index)
        return _sensor(frame, optics, rng)


def _code_modules(shot: Shot) -> np.ndarray:
    """The code's modules (0 dark, 255 light, quiet zone included), spliced when the shot asks."""
    code = np.asarray(make_qr_image(shot.payload, module_px=1, border_modules=4).convert("L"), np.float32)
    if shot.spliced_with:
        other = np.asarray(make_qr_image(shot.spliced_with, module_px=1, border_modules=4).convert("L"))
        if other.shape != code.shape:
            raise ValueError("a spliced code needs two payloads that make codes of one size")
        half = code.shape[0] // 2
        code[half:] = other[half:]
    return code


def _phone_picture(code: np.ndarray, moire: float, rng: np.random.Generator):
    """The phone seen flat: dark bezel, bright screen, the code with its quiet zone in the middle."""
    import cv2

    code_side = code.shape[0] * FLAT_MODULE_PX
    code = cv2.resize(code, (code_side, code_side), interpolation=cv2.INTER_NEAREST)
    screen_w, screen_h = int(code_side * 1.25), int(code_side * 1.9)
    bezel = int(code_side * 0.06)
    phone = np.full((screen_h + 2 * bezel, screen_w + 2 * bezel), rng.uniform(15, 40), np.float32)
    screen = np.full((screen_h, screen_w), 255.0, np.float32)
    top, left = int(screen_h * 0.3), (screen_w - code_side) // 2
    screen[top : top + code_side, left : left + code_side] = code
    screen = 30 + screen * rng.uniform(0.72, 0.82)  # a screen's black is not black, its white is not 255
    if moire > 0:
        screen *= _pixel_grid(screen.shape, moire, rng)
    phone[bezel : bezel + screen_h, bezel : bezel + screen_w] = screen
    mask = np.zeros_like(phone)
    mask[bezel : bezel + screen_h, bezel : bezel + screen_w] = 1
    return phone, mask, code_side


def _pixel_grid(shape, strength: float, rng: np.random.Generator) -> np.ndarray:
    """The dark gaps between screen pixels (a few flat pixels apart), which alias on the sensor."""
    period = rng.uniform(2.2, 3.2)
    y, x = np.mgrid[0 : shape[0], 0 : shape[1]].astype(np.float32)
    angle = rng.uniform(-0.2, 0.2)
    u, v = x * np.cos(angle) + y * np.sin(angle), y * np.cos(angle) - x * np.sin(angle)
    grid = (0.5 + 0.5 * np.cos(2 * np.pi * u / period)) * (0.5 + 0.5 * np.cos(2 * np.pi * v / period))
    return (1 - 0.85 * strength) + 0.85 * strength * 2 * grid


def _phone_corners(phone_shape, code_side: int, optics: _Optics, rng: np.random.Generator) -> np.ndarray:
    """Where the phone's corners land in the frame: size from the module size, 3D tilt, roll, place."""
    height, width = phone_shape
    scale = optics.module_px / FLAT_MODULE_PX
    outline = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    flat = (outline - [width / 2, height * 0.42]) * scale
    tilt = np.deg2rad(optics.tilt_deg) * rng.choice([-1, 1])
    axis = rng.uniform(0, np.pi)
    roll = np.deg2rad(rng.uniform(-optics.roll_deg, optics.roll_deg))
    points = np.c_[flat, np.zeros(4)]
    points = points @ _rotation_z(axis).T @ _rotation_x(tilt).T @ _rotation_z(roll - axis).T
    focal = 560.0
    distance = focal  # so the module size at the code's centre is about what was asked
    projected = points[:, :2] * focal / (distance + points[:, 2:3])
    span = projected.max(axis=0) - projected.min(axis=0)
    room = np.maximum(0, np.array(FRAME_SIZE) - span - 8)
    offset = -projected.min(axis=0) + 4 + rng.uniform(0.15, 0.85, 2) * room
    return projected + offset


def _rotation_x(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def _rotation_z(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])


def _glare(shape, center: np.ndarray, radius: float, strength: float) -> np.ndarray:
    """A reflected light: a bright blob that saturates the sensor where it is strongest."""
    import cv2

    height, width = shape
    y, x = np.mgrid[0:height:8, 0:width:8].astype(np.float32)  # smooth: drawn coarse, then enlarged
    cy, cx = center[1] * height, center[0] * width
    r = radius * width
    blob = np.exp(-(((x - cx) / r) ** 2 + ((y - cy) / (0.6 * r)) ** 2))
    return (120 + 260 * strength) * cv2.resize(blob, (width, height), interpolation=cv2.INTER_LINEAR)


def _hall(rng: np.random.Generator) -> np.ndarray:
    """The hall behind the phone: lit unevenly, with a few straight edges (counters, posters)."""
    width, height = FRAME_SIZE
    x = np.linspace(0, 1, width)[None, :]
    y = np.linspace(0, 1, height)[:, None]
    hall = 120 + 50 * x * rng.uniform(-1, 1) + 40 * y * rng.uniform(-1, 1) + np.zeros((height, width))
    for _ in range(6):
        x0, y0 = rng.integers(0, width), rng.integers(0, height)
        hall[y0 : y0 + rng.integers(20, 160), x0 : x0 + rng.integers(20, 200)] += rng.uniform(-60, 60)
    return hall.astype(np.float32)


def _lens(frame: np.ndarray, optics: _Optics, rng: np.random.Generator, index: int) -> np.ndarray:
    """Optical blur: a little always, a disc when out of focus, a streak when the hand moves."""
    import cv2

    frame = cv2.GaussianBlur(frame, (0, 0), 0.55)
    if optics.defocus_px > 0.3:
        frame = cv2.filter2D(frame, -1, _disc(optics.defocus_px))
    shake = optics.motion_px * (rng.uniform(0.5, 1.4) if index else 1.0) + rng.uniform(0, 1.0)
    if shake > 1.0:
        frame = cv2.filter2D(frame, -1, _streak(shake, rng.uniform(0, np.pi)))
    return frame


def _disc(radius: float) -> np.ndarray:
    size = int(np.ceil(radius)) * 2 + 1
    y, x = np.mgrid[0:size, 0:size] - size // 2
    kernel = np.clip(radius + 0.5 - np.hypot(x, y), 0, 1).astype(np.float32)
    return kernel / kernel.sum()


def _streak(length: float, angle: float) -> np.ndarray:
    import cv2

    size = int(np.ceil(length)) | 1
    kernel = np.zeros((size, size), np.float32)
    half = (length - 1) / 2
    centre = size // 2
    dx, dy = half * np.cos(angle), half * np.sin(angle)
    cv2.line(kernel, _point(centre - dx, centre - dy), _point(centre + dx, centre + dy), 1.0, 1, cv2.LINE_AA)
    return kernel / kernel.sum()


def _point(x: float, y: float) -> tuple[int, int]:
    return int(round(x)), int(round(y))


def _sensor(frame: np.ndarray, optics: _Optics, rng: np.random.Generator) -> np.ndarray:
    """Exposure, shot and read noise, the camera's automatic gain, clipping, JPEG; BGR out."""
    import cv2

    electrons = np.maximum(frame, 0) * optics.light
    signal = electrons + rng.normal(0, 1, frame.shape) * np.sqrt(electrons * 0.35 + 2.0)
    frame = np.clip(signal / optics.light, 0, 255).astype(np.uint8)
    ok, encoded = cv2.imencode(".jpg", frame, [cv2.IMWRITE_JPEG_QUALITY, optics.jpeg_quality])
    return cv2.cvtColor(cv2.imdecode(encoded, cv2.IMREAD_GRAYSCALE), cv2.COLOR_GRAY2BGR)
