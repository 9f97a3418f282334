"""Benchmark: how long one face identification takes against galleries of 10k, 100k and 1M encodings.

The gallery is the server's (`server.biometrics.FaceGallery`); the encodings come from the kiosk's encoder
(`hardware.face`), as in production, where the kiosk sends them over HTTP.

The crowd is synthetic (random encodings scattered around the mean of real ones, so strangers lie ~0.75 from
a real face, as with the real encoder); real encodings of two people from the test photos are hidden at
random rows, and other photos of them are the queries, so each run also checks the right person is found.
Also reported: the naive per-row norm for comparison, and the camera-side costs (model load, detection and
encoding of one 640-pixel frame) that precede an identification at the kiosk.

    python -m bench.face_identify                       # 10k, 100k, 1M
    python -m bench.face_identify --sizes 10000 --queries 50
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import numpy as np

from hardware.face import analyze_single_face, detect_faces, load_image_file, load_models
from server.biometrics import FaceGallery

FACES = Path(__file__).resolve().parents[1] / "tests" / "data" / "faces"
ENROLLED = {"C-OBAMA": "obama.jpg", "C-BIDEN": "biden.jpg"}
QUERIES = {"obama2.jpg": "C-OBAMA", "obama1.jpg": "C-OBAMA", "biden2.jpg": "C-BIDEN"}
SYNTHETIC_SPREAD = 0.055
CHUNK_ROWS = 100_000


@dataclass(frozen=True)
class GalleryResult:
    size: int
    build_seconds: float
    matrix_megabytes: float
    identify_ms_median: float
    identify_ms_p95: float
    naive_ms_median: float
    real_queries_correct: int
    real_queries_total: int
    smallest_margin: float


def encode_file(name: str) -> np.ndarray:
    return analyze_single_face(load_image_file(FACES / name)).encoding


def build_gallery(size: int, real: dict[str, np.ndarray], seed: int) -> FaceGallery:
    """`size` rows: synthetic strangers with the real encodings at random positions."""
    rng = np.random.default_rng(seed)
    centre = np.mean(list(real.values()), axis=0)
    hidden_at = {
        int(row): customer
        for row, customer in zip(rng.choice(size, len(real), replace=False), real, strict=True)
    }
    gallery = FaceGallery()
    for start in range(0, size, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, size)
        chunk = (centre + rng.normal(0, SYNTHETIC_SPREAD, (stop - start, centre.shape[0]))).astype(np.float32)
        owners = [f"S{row:07d}" for row in range(start, stop)]
        for row, customer_id in hidden_at.items():
            if start <= row < stop:
                chunk[row - start], owners[row - start] = real[customer_id], customer_id
        gallery.add_many(owners, chunk)
    return gallery


def timed_ms(call: Callable[[], object], repeats: int) -> list[float]:
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        durations.append((time.perf_counter() - started) * 1000)
    return durations


def naive_identify(matrix: np.ndarray, query: np.ndarray) -> int:
    """The obvious version: subtract, then a norm per row."""
    return int(np.argmin(np.linalg.norm(matrix - query, axis=1)))


def measure_gallery(
    size: int, real: dict[str, np.ndarray], queries: dict[str, np.ndarray], repeats: int, seed: int
) -> GalleryResult:
    started = time.perf_counter()
    gallery = build_gallery(size, real, seed)
    build_seconds = time.perf_counter() - started
    query_list = list(queries.values())
    rounds = iter(range(10**9))
    durations = timed_ms(lambda: gallery.identify(query_list[next(rounds) % len(query_list)]), repeats)
    matrix = gallery._matrix[: len(gallery)]  # the benchmark compares against the naive scan on the same data
    naive = timed_ms(lambda: naive_identify(matrix, query_list[0]), max(3, repeats // 10))
    found = {name: gallery.identify(encoding) for name, encoding in queries.items()}
    correct = sum(1 for name, hit in found.items() if hit is not None and hit.customer_id == QUERIES[name])
    margins = [hit.margin for hit in found.values() if hit is not None]
    return GalleryResult(
        size=size,
        build_seconds=round(build_seconds, 2),
        matrix_megabytes=round(matrix.nbytes / 2**20, 1),
        identify_ms_median=round(statistics.median(durations), 2),
        identify_ms_p95=round(float(np.percentile(durations, 95)), 2),
        naive_ms_median=round(statistics.median(naive), 2),
        real_queries_correct=correct,
        real_queries_total=len(queries),
        smallest_margin=round(min(margins), 3) if margins else float("nan"),
    )


def measure_import_ms(repeats: int = 5) -> dict[str, float]:
    """Cost of `import hardware.face` in a fresh interpreter, after numpy (which any caller already has)."""
    probe = (
        "import time, numpy; started = time.perf_counter(); import hardware.face; "
        "print((time.perf_counter() - started) * 1000)"
    )
    root = Path(__file__).resolve().parents[1]
    samples = [
        float(
            subprocess.run(
                [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeats)
    ]
    return {"import_hardware_face_ms_median": round(statistics.median(samples), 1)}


def measure_camera_side() -> dict[str, float | str]:
    """Model load once, then detection + landmarks + encoding of one 640-pixel frame."""
    started = time.perf_counter()
    load_models()
    load_ms = (time.perf_counter() - started) * 1000
    image = load_image_file(FACES / "obama.jpg")
    step = max(1, round(max(image.shape[:2]) / 640))
    frame = np.ascontiguousarray(image[::step, ::step])
    detect = {
        upsample: timed_ms(partial(detect_faces, frame, upsample_times=upsample), 10) for upsample in (0, 1)
    }
    encode = timed_ms(lambda: analyze_single_face(frame), 10)
    return {
        "model_load_ms": round(load_ms, 1),
        "frame_height_width": f"{frame.shape[0]}x{frame.shape[1]}",
        "detect_ms_upsample_0": round(statistics.median(detect[0]), 1),
        "detect_ms_upsample_1": round(statistics.median(detect[1]), 1),
        "detect_and_encode_ms": round(statistics.median(encode), 1),
    }


def markdown_table(results: list[GalleryResult]) -> str:
    lines = [
        "| gallery | build s | MiB | identify median ms | p95 ms | naive ms | right person | min margin |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        lines.append(
            f"| {result.size:,} | {result.build_seconds} | {result.matrix_megabytes} "
            f"| {result.identify_ms_median} | {result.identify_ms_p95} | {result.naive_ms_median} "
            f"| {result.real_queries_correct}/{result.real_queries_total} | {result.smallest_margin} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=200, help="timed identifications per gallery")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    arguments = parser.parse_args(argv)
    camera = measure_import_ms() | measure_camera_side()
    real = {customer_id: encode_file(name) for customer_id, name in ENROLLED.items()}
    queries = {name: encode_file(name) for name in QUERIES}
    results = [
        measure_gallery(size, real, queries, arguments.queries, arguments.seed) for size in arguments.sizes
    ]
    print(f"camera side: {camera}")
    print(markdown_table(results))
    if arguments.json:
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"camera": camera, "galleries": [asdict(result) for result in results]}
        arguments.json.write_text(json.dumps(payload, indent=2))


if __name__ == "__main__":
    main()
