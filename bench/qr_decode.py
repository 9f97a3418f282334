"""QR decode rate and time per frame by difficulty: zxing-cpp (what the kiosk uses) vs OpenCV.

    python -m bench.qr_decode [--frames 200] [--json bench/out/qr_decode.json]

Frames come from `hardware.synthetic_frames` (640x480, five graded levels). Each frame carries a
different realistic payload (a status URL with a signed code). A decode counts only if the payload
is exactly right; a wrong payload is counted separately (it would be worse than no read). OpenCV
runs single-threaded by default so both decoders get one core, as on a busy kiosk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import cv2
import numpy as np

from hardware.qr import decode_qr
from hardware.synthetic_frames import LEVELS, FrameDifficulty, synthetic_frame
from server.domain.signed_codes import CodeKind, sign_code

Decoder = Callable[[np.ndarray], list[str]]


@dataclass(frozen=True)
class LevelResult:
    decoder: str
    level: str
    frames: int
    read_rate: float
    wrong_payloads: int
    mean_ms: float
    p95_ms: float


def decoders() -> dict[str, Decoder]:
    opencv = cv2.QRCodeDetector()
    aruco = cv2.QRCodeDetectorAruco()

    def with_opencv(detector) -> Decoder:
        def decode(frame: np.ndarray) -> list[str]:
            text, _, _ = detector.detectAndDecode(frame)
            return [text] if text else []

        return decode

    return {
        "zxing-cpp": lambda frame: [d.payload for d in decode_qr(frame)],
        "opencv QRCodeDetector": with_opencv(opencv),
        "opencv QRCodeDetectorAruco": with_opencv(aruco),
    }


def payload_for(seed: int) -> str:
    key = b"benchmark-key-not-secret-000000"
    expires = datetime(2026, 11, 29, tzinfo=UTC) + timedelta(minutes=seed)
    return f"https://q.bank.example/t/{sign_code(CodeKind.TICKET, f't-{seed:06x}', expires, key)}"


def measure(named_decoders: dict[str, Decoder], level: FrameDifficulty, frames: int) -> list[LevelResult]:
    """Every decoder on the same frames, taking turns frame by frame so machine load hits all alike."""
    hits = dict.fromkeys(named_decoders, 0)
    wrong = dict.fromkeys(named_decoders, 0)
    times: dict[str, list[float]] = {name: [] for name in named_decoders}
    for seed in range(frames):
        payload = payload_for(seed)
        frame = synthetic_frame(payload, level, seed)
        for name, decode in named_decoders.items():
            start = time.perf_counter()
            found = decode(frame)
            times[name].append((time.perf_counter() - start) * 1000)
            hits[name] += payload in found
            wrong[name] += any(text != payload for text in found)
    return [
        LevelResult(
            name,
            level.name,
            frames,
            hits[name] / frames,
            wrong[name],
            statistics.fmean(times[name]),
            float(np.percentile(times[name], 95)),
        )
        for name in named_decoders
    ]


def markdown(results: list[LevelResult]) -> str:
    rows = [
        "| level | decoder | read rate | wrong payloads | mean ms/frame | p95 ms/frame |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for result in sorted(results, key=lambda r: (r.level, r.decoder)):
        rows.append(
            f"| {result.level} | {result.decoder} | {result.read_rate:.1%} | {result.wrong_payloads} "
            f"| {result.mean_ms:.1f} | {result.p95_ms:.1f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200, help="frames per level")
    parser.add_argument("--opencv-threads", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the results here")
    arguments = parser.parse_args(argv)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    cv2.setNumThreads(arguments.opencv_threads)
    named = decoders()
    results = [result for level in LEVELS for result in measure(named, level, arguments.frames)]
    print(
        f"load average (1, 5, 15 min) before the run: {load} on {os.cpu_count()} cores\n"
        f"{arguments.frames} frames per level, 640x480, OpenCV {cv2.__version__}, "
        f"{arguments.opencv_threads} OpenCV thread(s)\n"
    )
    print(markdown(results))
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(json.dumps([asdict(r) for r in results], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
