"""QR codes: decoding camera frames with zxing-cpp, and drawing codes for tickets with `qrcode`.

zxing-cpp is the decoder because it read more codes on hard frames and ran ~6x faster than OpenCV's
QRCodeDetector in our measurements (`bench/qr_decode.py`). Decoding returns the payload and the four
corners, so a kiosk can draw a frame around the code it has just read.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib.util import find_spec
from typing import TYPE_CHECKING

from .errors import HardwareUnavailable

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class QrDetection:
    """A decoded QR code.

    Attributes:
        payload: the text in the code.
        corners: top-left, top-right, bottom-right, bottom-left, in image pixels (code orientation).
    """

    payload: str
    corners: tuple[Point, Point, Point, Point]

    @property
    def center(self) -> tuple[float, float]:
        return (sum(x for x, _ in self.corners) / 4, sum(y for _, y in self.corners) / 4)


def available() -> bool:
    """Whether QR decoding and drawing can run here (zxing-cpp, qrcode, Pillow and numpy installed)."""
    return all(find_spec(name) is not None for name in ("zxingcpp", "qrcode", "PIL", "numpy"))


def _require(module: str, package: str):
    try:
        return __import__(module)
    except ImportError:
        raise HardwareUnavailable(
            f"{package} is not installed", advice=f"pip install 'branchq[hardware]' (needs {package})"
        ) from None


def decode_qr(image: np.ndarray | Image.Image) -> list[QrDetection]:
    """Every QR code in `image` (a BGR/grey numpy frame or a Pillow image); empty when none is found."""
    zxingcpp = _require("zxingcpp", "zxing-cpp")
    numpy = _require("numpy", "numpy")
    frame = _as_grey(image, numpy)
    results = zxingcpp.read_barcodes(
        frame, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=True, try_downscale=True
    )
    return [_detection(result) for result in results if result.valid]


def _as_grey(image, numpy) -> np.ndarray:
    """A uint8 array zxing-cpp accepts: grey, or 3-channel colour it converts to luminance itself.

    Averaging channels in numpy took 10 ms per 640x480 frame, three times the decode; zxing-cpp's own
    conversion is nearly free, and BGR versus RGB order does not matter for black-and-white codes.
    """
    array = numpy.asarray(image)
    if array.dtype == bool:
        array = array.astype(numpy.uint8) * 255
    if array.ndim == 3 and array.shape[2] == 4:
        array = array[..., :3]
    return numpy.ascontiguousarray(array, dtype=numpy.uint8)


def _detection(result) -> QrDetection:
    position = result.position
    corners = tuple(
        (int(point.x), int(point.y))
        for point in (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    )
    return QrDetection(payload=result.text, corners=corners)  # type: ignore[arg-type]


def make_qr_image(payload: str, module_px: int = 6, border_modules: int = 4) -> Image.Image:
    """A black-on-white 1-bit QR image with whole-pixel modules (sharp on thermal printers).

    Error correction M: survives smudges and a creased ticket while keeping modules large.
    """
    qrcode = _require("qrcode", "qrcode")
    if not payload:
        raise ValueError("a QR code needs a non-empty payload")
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=module_px, border=border_modules
    )
    code.add_data(payload)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("1")


def qr_png(payload: str, module_px: int = 8) -> bytes:
    """PNG bytes of a QR code, for appointment confirmations and screens."""
    buffer = io.BytesIO()
    make_qr_image(payload, module_px=module_px).save(buffer, format="PNG")
    return buffer.getvalue()
