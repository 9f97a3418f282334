"""The public face of `hardware`: every exported name exists, and importing it stays cheap."""

import subprocess
import sys
from pathlib import Path

import hardware
import hardware.printer

HEAVY = ("cv2", "PIL", "numpy", "zxingcpp", "escpos", "qrcode")


def test_every_name_in_all_is_importable_from_hardware():
    for name in hardware.__all__:
        assert getattr(hardware, name) is not None, name


def test_all_is_sorted_and_lists_every_lazy_name():
    assert hardware.__all__ == sorted(hardware.__all__)
    assert set(hardware._LAZY) <= set(hardware.__all__)


def test_lazy_names_are_the_objects_of_their_home_modules():
    from hardware.camera import CaptureThread
    from hardware.printer import open_printer

    assert hardware.open_printer is open_printer and hardware.CaptureThread is CaptureThread


def test_an_unknown_name_is_an_attribute_error():
    try:
        hardware.no_such_device  # noqa: B018
    except AttributeError as error:
        assert "no_such_device" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_importing_hardware_loads_no_heavy_library():
    code = f"import sys, hardware; print([m for m in {HEAVY!r} if m in sys.modules])"
    root = Path(hardware.__file__).resolve().parents[1]
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    assert output.strip() == "[]"


def test_availability_reports_every_part_and_all_run_on_this_machine():
    assert hardware.availability() == {"printer": True, "camera": True, "qr": True, "voice": True}


def test_the_printer_package_exports_what_it_lists():
    for name in hardware.printer.__all__:
        assert hasattr(hardware.printer, name), name
