"""`branchq-hw`: hardware checks for installers and support staff.

    branchq-hw check                                    which parts can run on this machine
    branchq-hw print-test --printer tcp://10.0.0.5:9100 [--base-url URL] [--preview out.png]
    branchq-hw decode-qr IMAGE...                       one line per image: path<TAB>payload or none
    branchq-hw face-compare A.jpg B.jpg                 distance<TAB>match | no match
    branchq-hw camera-test --camera 0|video.mp4|folder [--seconds 5]

Exit status: 0 fine, 1 nothing found (no QR, unreadable image), 2 a device or setup problem, whose
message ends with what to do.
"""

from __future__ import annotations

import argparse
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from .errors import HardwareError

OK, NOTHING_FOUND, DEVICE_PROBLEM = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return arguments.run(arguments)
    except HardwareError as error:
        print(f"error: {error.message}\nwhat to do: {error.advice}", file=sys.stderr)
        return DEVICE_PROBLEM


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="branchq-hw", description="BranchQ hardware checks")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="which hardware parts can run on this machine")
    check.set_defaults(run=_check)
    printer = commands.add_parser("print-test", help="print a sample ticket")
    printer.add_argument("--printer", required=True, help="printer URL, e.g. tcp://192.168.1.50:9100")
    printer.add_argument(
        "--base-url", default="https://branchq.example", help="server address for the QR code"
    )
    printer.add_argument("--preview", type=Path, help="also save the ticket as a PNG here")
    printer.set_defaults(run=_print_test)
    decode = commands.add_parser("decode-qr", help="read QR codes from image files")
    decode.add_argument("images", nargs="+", type=Path)
    decode.set_defaults(run=_decode_qr)
    face = commands.add_parser("face-compare", help="compare the faces in two photos")
    face.add_argument("image_a", type=Path)
    face.add_argument("image_b", type=Path)
    face.set_defaults(run=_face_compare)
    camera = commands.add_parser("camera-test", help="open a camera, video or image folder and report")
    camera.add_argument("--camera", required=True, help="camera index (0), video file or folder of images")
    camera.add_argument("--seconds", type=float, default=5.0, help="how long to watch a camera")
    camera.set_defaults(run=_camera_test)
    return parser


def _check(arguments: argparse.Namespace) -> int:
    from . import availability

    parts = availability()
    for part, usable in parts.items():
        print(f"{part}\t{'ok' if usable else 'missing'}")
    return OK if all(parts.values()) else DEVICE_PROBLEM


def _print_test(arguments: argparse.Namespace) -> int:
    from .printer import open_printer, sample_ticket

    now = datetime.now(UTC)
    # As long as a real signed ticket code, so the QR code prints at its real size; the server, which signs
    # real codes, answers this one as unknown.
    code = f"TEST-{secrets.token_urlsafe(30)}"
    status_url = f"{arguments.base_url.rstrip('/')}/t/{code}"
    layout = sample_ticket(status_url, now.astimezone())
    printer = open_printer(arguments.printer)
    status = printer.print_ticket(layout)
    if arguments.preview:
        arguments.preview.write_bytes(printer.preview_png(layout))
    print(f"printed a sample ticket on {arguments.printer} ({printer.settings.mode.value} mode)")
    print(f"qr\t{status_url}")
    if status is None:
        print("status\tnot reported by this connection")
    else:
        print(
            f"status\tpaper {status.paper.value}" + ("  (change the roll soon)" if status.paper_low else "")
        )
    return OK


def _decode_qr(arguments: argparse.Namespace) -> int:
    import cv2

    from .qr_cascade import QrCascade

    cascade, result = QrCascade(), OK
    for path in arguments.images:
        frame = cv2.imread(str(path), cv2.IMREAD_COLOR)
        if frame is None:
            print(f"warning: cannot read {path} as an image", file=sys.stderr)
            payloads: list[str] = []
        else:
            payloads = [detection.payload for detection in cascade.read(frame).detections]
        if not payloads:
            result = NOTHING_FOUND
        print(f"{path}\t" + ("\t".join(payloads) if payloads else "none"))
    return result


def _face_compare(arguments: argparse.Namespace) -> int:
    for path in (arguments.image_a, arguments.image_b):
        if not path.is_file():
            print(f"error: {path} does not exist\nwhat to do: give two photo files", file=sys.stderr)
            return DEVICE_PROBLEM
    try:
        from .face import FaceError, FaceNotFound, compare_image_files
    except ImportError as error:
        print(
            f"error: face recognition is not available here: {error}\n"
            "what to do: pip install 'branchq[face]'",
            file=sys.stderr,
        )
        return DEVICE_PROBLEM
    try:
        comparison = compare_image_files(arguments.image_a, arguments.image_b)
    except FaceError as error:
        print(f"error: {error.message}\nwhat to do: {error.advice}", file=sys.stderr)
        return NOTHING_FOUND if isinstance(error, FaceNotFound) else DEVICE_PROBLEM
    print(f"{comparison.distance:.4f}\t{'match' if comparison.is_match else 'no match'}")
    return OK


def _camera_test(arguments: argparse.Namespace) -> int:
    from .camera import CaptureState, CaptureThread, open_source

    with CaptureThread(open_source(arguments.camera)) as capture:
        seen, shape = _watch(capture, arguments.seconds)
        stats, state = capture.stats(), capture.state
    if stats.frames_read == 0 or shape is None:
        print(
            f"error: no frame from {arguments.camera}: {stats.last_error or 'nothing arrived in time'}\n"
            "what to do: check the cable, or try another camera index",
            file=sys.stderr,
        )
        return DEVICE_PROBLEM
    print(f"source\t{capture.source.description}")
    print(f"resolution\t{shape[1]}x{shape[0]}")
    print(f"frames\t{stats.frames_read}" + ("\t(end of file)" if state is CaptureState.ENDED else ""))
    print(f"fps\t{stats.fps:.1f}")
    print(f"reconnects\t{stats.reconnects}")
    for payload in seen:
        print(f"qr\t{payload}")
    return OK if seen else NOTHING_FOUND


def _watch(capture, seconds: float) -> tuple[list[str], tuple[int, ...] | None]:
    """Decode the newest frames for `seconds` (or until a file ends) as the kiosk's scanner does: QR
    payloads seen, frame shape."""
    from .scanner import QrScanner

    seen: dict[str, None] = {}
    scanner = QrScanner(None, lambda detection: None)
    shape, sequence = None, 0
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        frame = capture.wait_for_frame(after_sequence=sequence, timeout=remaining)
        if frame is None:
            break
        sequence, shape = frame.sequence, frame.image.shape
        seen.update(dict.fromkeys(detection.payload for detection in scanner.look_at(frame.image)))
    return list(seen), shape


if __name__ == "__main__":
    sys.exit(main())
