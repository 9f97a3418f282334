"""The package's public face: `__all__` lists exactly what it exports, and importing it stays cheap."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import hardware.face

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_all_lists_exactly_the_public_names_of_the_package() -> None:
    public_names = {
        name
        for name, value in vars(hardware.face).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(hardware.face.__all__) == public_names


def test_every_exported_class_and_function_lives_in_the_face_package() -> None:
    for name in hardware.face.__all__:
        value = getattr(hardware.face, name)
        if isinstance(value, (type, types.FunctionType)):
            assert value.__module__.startswith("hardware.face."), name


def test_every_exported_exception_derives_from_face_error() -> None:
    exported = [getattr(hardware.face, name) for name in hardware.face.__all__]
    errors = [value for value in exported if isinstance(value, type) and issubclass(value, BaseException)]
    assert len(errors) >= 8
    assert all(issubclass(error, hardware.face.FaceError) for error in errors)


def test_the_gallery_and_the_vault_are_not_the_devices() -> None:
    """Matching enrolled customers and storing their faces are the server's (`server.biometrics`)."""
    for name in ("FaceGallery", "FaceVault", "VaultKey", "ConsentRecord", "Identification"):
        assert not hasattr(hardware.face, name), name


def test_importing_the_package_neither_imports_dlib_nor_loads_models() -> None:
    probe = (
        "import sys, hardware.face as face; "
        "print('dlib' in sys.modules, 'face_recognition_models' in sys.modules, face.models_loaded())"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.split() == ["False", "False", "False"]


def test_face_errors_are_hardware_errors_that_carry_advice_for_staff() -> None:
    from hardware.errors import HardwareError, HardwareUnavailable

    assert issubclass(hardware.face.FaceError, HardwareError)
    assert issubclass(hardware.face.FaceModelsUnavailable, HardwareUnavailable)
    error = hardware.face.FaceNotFound("no face found in the image")
    assert error.message == "no face found in the image"
    assert "look straight at the camera" in error.advice and error.advice in str(error)
