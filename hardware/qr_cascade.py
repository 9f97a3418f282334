"""Reading hard frames: one cheap zxing-cpp pass, then retries on the code's region within a time budget.

A plain zxing-cpp call reads a sharp, well-lit code at any angle, but gives up on a code that is
small, blurred, dim, grainy, moiré-banded or half washed out by glare. Each of those has a cheap
remedy (measured in `bench/qr_decode.py` on the graded camera set of `hardware.camera_frames`):

- grain (low light, JPEG, moiré): a median filter, or halving the frame, averages it away;
- uneven light (glare, dim corners, low contrast): an adaptive threshold compares each pixel with
  its neighbourhood instead of one level for the whole frame;
- few pixels per module (a phone held far away): upscaling the code's region gives zxing's sampling
  grid room;
- blur (defocus, movement): upscaling, then an adaptive threshold, restores the module edges.

Retries run on a *region* rather than the whole frame, which makes them cheap: where the previous
frame read a code (the scanner passes it in), where zxing found finder patterns but failed to decode
(its "near misses"), and otherwise the busiest patch of the frame, since a QR code is the densest
texture a kiosk camera sees. Retries come in the order that read most codes per millisecond, and one
only starts if its expected cost still fits the frame's budget (15 ms by default).

The budget counts the scanner thread's own CPU time (`time.thread_time`, nanosecond-precise on
Linux): on an idle kiosk that is the wall time, and when other processes crowd the CPU the retries
still run (the frame takes longer) instead of being cut to the first pass. Pass `clock=
time.perf_counter` for a wall-clock budget.

Nothing is guessed: a payload comes back only from a symbol zxing decoded completely, its Reed-Solomon
error correction satisfied. A retry changes the pixels zxing sees, never what counts as a read.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from typing import TYPE_CHECKING

from .qr import QrDetection, _as_grey, _require

if TYPE_CHECKING:
    import numpy as np

DEFAULT_BUDGET_MS = 15.0


@dataclass(frozen=True, slots=True)
class Region:
    """An axis-aligned part of a frame, in pixels (right and bottom exclusive)."""

    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def around(cls, points: Sequence[tuple[float, float]], margin: float = 0.35, pad: int = 12) -> Region:
        """The box around `points` grown by `margin` of its size plus `pad` pixels on each side."""
        xs, ys = [x for x, _ in points], [y for _, y in points]
        grow = max(max(xs) - min(xs), max(ys) - min(ys)) * margin + pad
        return cls(int(min(xs) - grow), int(min(ys) - grow), int(max(xs) + grow) + 1, int(max(ys) + grow) + 1)

    def clipped(self, width: int, height: int) -> Region | None:
        """The part inside a `width` x `height` frame; None when too little is left to hold a code."""
        region = Region(max(0, self.left), max(0, self.top), min(width, self.right), min(height, self.bottom))
        return region if region.width >= 24 and region.height >= 24 else None

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)

    def overlap(self, other: Region) -> float:
        """Intersection over the smaller region's area (1.0 when one holds the other)."""
        inner = Region(
            max(self.left, other.left),
            max(self.top, other.top),
            min(self.right, other.right),
            min(self.bottom, other.bottom),
        )
        if inner.width <= 0 or inner.height <= 0:
            return 0.0
        return inner.area / max(1, min(self.area, other.area))


@dataclass(frozen=True, slots=True)
class Retry:
    """One way of preparing pixels for another zxing-cpp attempt.

    Attributes:
        name: shown in the benchmark's table of which retry read what.
        helps: the kinds of hard frame it was measured to rescue.
        prepare: grey pixels in, grey pixels out (may change their size by `scale`).
        scale: how `prepare` resizes, to map corners back to the frame.
        global_threshold: zxing's global histogram binarizer instead of its local one (for pixels
            that are already black and white, or grain the local one mistakes for edges).
        on_region: runs on each region; False runs once on the whole frame.
    """

    name: str
    helps: str
    prepare: Callable[[np.ndarray], np.ndarray]
    scale: float = 1.0
    global_threshold: bool = False
    on_region: bool = True


def _adaptive(grey: np.ndarray, block: int = 15) -> np.ndarray:
    import cv2

    smooth = cv2.GaussianBlur(grey, (0, 0), 1.0)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 2)


def _upscaled(grey: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.resize(grey, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)


def _median(grey: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.medianBlur(grey, 3)


def _halved(grey: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


RETRIES: tuple[Retry, ...] = (
    Retry("adaptive threshold", "low contrast, glare, grain, moire", _adaptive, global_threshold=True),
    Retry("denoise + upscale", "far, grain", lambda grey: _upscaled(_median(grey)), scale=2.0),
    Retry("upscale + adaptive", "blur, far", lambda grey: _adaptive(_upscaled(grey), 25), 2.0, True),
    Retry("halve frame", "grain, moire", _halved, scale=0.5, global_threshold=True, on_region=False),
    Retry("upscale", "far, tilt", _upscaled, scale=2.0),
    Retry("denoise frame", "grain", _median, on_region=False),
)
"""In the order that read most codes per millisecond on the graded camera set."""


@dataclass(frozen=True, slots=True)
class CascadeResult:
    """What one frame gave.

    Attributes:
        detections: fully decoded codes (corners in frame pixels).
        near_misses: regions where zxing found a code it could not decode (hints for the next frame).
        read_by: the retry that read the codes ("plain" for the first pass; "" when none did).
        elapsed_ms: time spent on the frame.
        attempts: how many zxing-cpp calls were made.
    """

    detections: list[QrDetection]
    near_misses: list[Region] = field(default_factory=list)
    read_by: str = ""
    elapsed_ms: float = 0.0
    attempts: int = 0


class QrCascade:
    """A plain zxing-cpp pass, then `RETRIES` on the likely regions while the frame's budget lasts.

    Attributes:
        budget_ms: time allowed per frame; a retry starts only if its expected cost fits.
        retries: what to try after the plain pass, in order.
        max_regions: how many regions retries run on (hints first, then near misses, then busiest patch).
    """

    def __init__(
        self,
        budget_ms: float = DEFAULT_BUDGET_MS,
        retries: Sequence[Retry] = RETRIES,
        max_regions: int = 2,
        clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self.budget_ms = budget_ms
        self.retries = tuple(retries)
        self.max_regions = max_regions
        self._clock = clock
        self._cost_per_mpx: dict[str, float] = {}

    def read(self, image, hints: Sequence[Region] = ()) -> CascadeResult:
        """Every code readable in `image`; `hints` are regions where a code was seen recently."""
        numpy = _require("numpy", "numpy")
        start = self._clock()
        grey = _grey(_as_grey(image, numpy))
        found, near_misses = _zxing(grey, global_threshold=False)
        attempts = 1
        if found:
            return CascadeResult(found, near_misses, "plain", self._ms_since(start), attempts)
        if not _retries_possible():  # OpenCV comes with the hardware extra; without it, one pass
            return CascadeResult([], near_misses, "", self._ms_since(start), attempts)
        height, width = grey.shape
        regions = _distinct(
            [*hints, *near_misses, _busiest_patch(grey)], width, height, self.max_regions
        )
        for retry in self.retries:
            for region in regions if retry.on_region else [Region(0, 0, width, height)]:
                pixels = grey[region.top : region.bottom, region.left : region.right]
                if not self._fits(retry, pixels.size, start):
                    continue
                found = self._attempt(retry, pixels, region)
                attempts += 1
                if found:
                    return CascadeResult(found, near_misses, retry.name, self._ms_since(start), attempts)
        return CascadeResult([], near_misses, "", self._ms_since(start), attempts)

    def _fits(self, retry: Retry, pixel_count: int, start: float) -> bool:
        expected = self._cost_per_mpx.get(retry.name, 12.0 * retry.scale**2) * pixel_count / 1e6
        return self._ms_since(start) + expected <= self.budget_ms

    def _attempt(self, retry: Retry, pixels: np.ndarray, region: Region) -> list[QrDetection]:
        began = self._clock()
        prepared = retry.prepare(pixels)
        found, _ = _zxing(prepared, retry.global_threshold)
        cost = self._ms_since(began) * 1e6 / max(1, pixels.size)
        known = self._cost_per_mpx.get(retry.name)
        self._cost_per_mpx[retry.name] = cost if known is None else 0.8 * known + 0.2 * cost
        return [_moved(detection, retry.scale, region) for detection in found]

    def _ms_since(self, moment: float) -> float:
        return (self._clock() - moment) * 1000


@cache
def _retries_possible() -> bool:
    return find_spec("cv2") is not None


def _grey(frame: np.ndarray) -> np.ndarray:
    """One channel: retries filter pixels, and every channel of a BGR frame of a QR code looks alike."""
    return frame if frame.ndim == 2 else frame[:, :, 1].copy()


def _zxing(pixels: np.ndarray, global_threshold: bool) -> tuple[list[QrDetection], list[Region]]:
    """Decoded codes, and the regions of symbols zxing located but could not decode."""
    from .qr import _detection

    zxingcpp = _require("zxingcpp", "zxing-cpp")
    binarizer = zxingcpp.Binarizer.GlobalHistogram if global_threshold else zxingcpp.Binarizer.LocalAverage
    results = zxingcpp.read_barcodes(
        pixels, formats=zxingcpp.BarcodeFormat.QRCode, binarizer=binarizer, return_errors=True
    )
    found = [_detection(result) for result in results if result.valid]
    missed = [Region.around(_detection(result).corners) for result in results if not result.valid]
    return found, missed


def _moved(detection: QrDetection, scale: float, region: Region) -> QrDetection:
    corners = tuple((int(x / scale) + region.left, int(y / scale) + region.top) for x, y in detection.corners)
    return QrDetection(detection.payload, corners)  # type: ignore[arg-type]


def _busiest_patch(grey: np.ndarray) -> Region:
    """The patch with most fine edges, found on a quarter-size copy (under a millisecond)."""
    import cv2

    numpy = _require("numpy", "numpy")
    small = cv2.resize(grey, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    edges = cv2.blur(numpy.abs(cv2.Laplacian(small, cv2.CV_16S, ksize=3)).astype(numpy.float32), (7, 7))
    y, x = numpy.unravel_index(int(numpy.argmax(edges)), edges.shape)
    busy = (edges > 0.5 * edges[y, x]).astype(numpy.uint8)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(busy)
    left, top, width, height = (int(v) for v in stats[labels[y, x]][:4])
    return Region((left - 3) * 4, (top - 3) * 4, (left + width + 3) * 4, (top + height + 3) * 4)


def _distinct(regions: list[Region], width: int, height: int, limit: int) -> list[Region]:
    """The first `limit` regions inside the frame, skipping one mostly inside a region already kept."""
    kept: list[Region] = []
    for region in regions:
        inside = region.clipped(width, height)
        if inside is not None and all(inside.overlap(other) < 0.8 for other in kept):
            kept.append(inside)
        if len(kept) == limit:
            break
    return kept
