"""`branchq-hw`, run on real files, a real (fake) network printer and a real image folder."""

import subprocess
import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware.cli import main
from hardware.printer import PaperLevel, PrinterStatus, raster_to_image
from hardware.qr import decode_qr, make_qr_image
from hardware.testing import FakeNetworkPrinter

ROOT = Path(__file__).resolve().parents[2]
FACES = ROOT / "tests" / "data" / "faces"


def _qr_png(path: Path, payload: str) -> Path:
    code = np.asarray(make_qr_image(payload, module_px=5).convert("L"))
    frame = np.full((300, 400), 230, dtype=np.uint8)
    frame[30 : 30 + code.shape[0], 60 : 60 + code.shape[1]] = code
    cv2.imwrite(str(path), frame)
    return path


def _lines(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_print_test_sends_a_ticket_whose_qr_leads_to_the_status_page(capsys, tmp_path):
    with FakeNetworkPrinter() as device:
        code = main(
            [
                "print-test",
                "--printer",
                device.url,
                "--base-url",
                "https://q.bank.example/",
                "--preview",
                str(tmp_path / "ticket.png"),
            ]
        )
        (job,) = device.wait_for_jobs(1)
    lines = _lines(capsys)
    status_url = next(line.split("\t")[1] for line in lines if line.startswith("qr\t"))
    assert code == 0 and status_url.startswith("https://q.bank.example/t/TEST-")
    assert len(status_url.rsplit("/", 1)[1]) >= 40  # as long as a real signed code: a QR of real size
    assert [d.payload for d in decode_qr(raster_to_image(job))] == [status_url]
    assert [d.payload for d in decode_qr(cv2.imread(str(tmp_path / "ticket.png")))] == [status_url]
    assert "status\tpaper ok" in lines


def test_the_preview_has_the_paper_width_of_the_printer(tmp_path, capsys):
    preview = tmp_path / "ticket58.png"
    assert main(["print-test", "--printer", "dummy://?width=384", "--preview", str(preview)]) == 0
    assert cv2.imread(str(preview)).shape[1] == 384


def test_print_test_on_a_printer_without_paper_says_what_to_do(capsys):
    with FakeNetworkPrinter(PrinterStatus(paper=PaperLevel.OUT)) as device:
        code = main(["print-test", "--printer", device.url])
    error = capsys.readouterr().err
    assert code == 2 and "out of paper" in error and "what to do: load a new paper roll" in error


def test_print_test_with_a_bad_url_exits_2(capsys):
    assert main(["print-test", "--printer", "lpt://1"]) == 2
    assert "unsupported printer URL" in capsys.readouterr().err


def test_decode_qr_prints_path_tab_payload_or_none_per_image(capsys, tmp_path):
    good = _qr_png(tmp_path / "good.png", "BQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp")
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((100, 100), 255, dtype=np.uint8))
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not an image")
    code = main(["decode-qr", str(good), str(blank), str(broken)])
    assert _lines(capsys) == [
        f"{good}\tBQ1.A.ap1.tbq9k0.AbCdEfGhIjKlMnOp",
        f"{blank}\tnone",
        f"{broken}\tnone",
    ]
    assert code == 1
    assert main(["decode-qr", str(good)]) == 0


def test_the_installed_command_runs_as_a_program(tmp_path):
    image = _qr_png(tmp_path / "code.png", "hello")
    result = subprocess.run(
        [sys.executable, "-m", "hardware.cli", "decode-qr", str(image)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout) == (0, f"{image}\thello\n")


def test_camera_test_reports_frames_resolution_and_the_qr_it_saw(capsys, tmp_path):
    folder = tmp_path / "frames"
    folder.mkdir()
    for index in range(3):
        _qr_png(folder / f"{index}.png", "BQ1.T.t9.tbq9k0.AbCdEfGhIjKlMnOp")
    code = main(["camera-test", "--camera", str(folder), "--seconds", "10"])
    lines = _lines(capsys)
    assert code == 0
    assert "resolution\t400x300" in lines and "frames\t3\t(end of file)" in lines
    assert "qr\tBQ1.T.t9.tbq9k0.AbCdEfGhIjKlMnOp" in lines


def test_camera_test_on_a_source_that_does_not_exist_explains_itself(capsys):
    assert main(["camera-test", "--camera", "/no/such/folder"]) == 2
    assert "camera index" in capsys.readouterr().err


def test_check_lists_every_part(capsys):
    assert main(["check"]) == 0
    assert _lines(capsys) == ["printer\tok", "camera\tok", "qr\tok", "voice\tok"]


def test_face_compare_refuses_a_missing_photo(capsys, tmp_path):
    assert main(["face-compare", str(tmp_path / "a.jpg"), str(tmp_path / "b.jpg")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.face
@pytest.mark.parametrize(
    ("a", "b", "verdict"), [("obama.jpg", "obama2.jpg", "match"), ("obama.jpg", "biden.jpg", "no match")]
)
def test_face_compare_prints_the_distance_and_the_verdict(capsys, a, b, verdict):
    pytest.importorskip("hardware.face")
    if not (FACES / a).is_file() or not (FACES / b).is_file():
        pytest.skip("face test photos are not in tests/data/faces")
    assert main(["face-compare", str(FACES / a), str(FACES / b)]) == 0
    distance, printed_verdict = _lines(capsys)[0].split("\t")
    assert printed_verdict == verdict and 0.0 <= float(distance) < 2.0
