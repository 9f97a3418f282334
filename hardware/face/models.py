"""Lazy, once-only, thread-safe loading of the dlib face models.

Loading the three models takes about half a second and ~100 MB, so nothing happens at import: the first
call to `load_models()` pays, later calls return the same objects. Only the 5-point landmark model is used;
the 68-point model ships in the same package but its licence forbids commercial use.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hardware.face.errors import FaceModelsUnavailable


@dataclass(frozen=True)
class ModelPaths:
    """Where the model files live on this machine."""

    shape_predictor_5_point: Path
    resnet_encoder: Path


@dataclass(frozen=True)
class FaceModels:
    """The loaded dlib objects. dlib objects are not documented thread-safe: use them from one thread.

    Attributes:
        detector: HOG frontal face detector; `detector(image, upsample_times)` gives rectangles.
        shape_predictor: 5-point landmark model (eye corners and nose base).
        encoder: ResNet face encoder giving 128-d descriptors.
    """

    detector: Any
    shape_predictor: Any
    encoder: Any


_lock = threading.Lock()
_loaded: FaceModels | None = None


def _import_optional(module_name: str) -> Any:
    try:
        return importlib.import_module(module_name)
    except ImportError as error:
        raise FaceModelsUnavailable(f"cannot import {module_name} ({error})") from error


def model_paths() -> ModelPaths:
    """Locate the model files through `face_recognition_models`; raise if any is missing."""
    locations = _import_optional("face_recognition_models")
    paths = ModelPaths(
        shape_predictor_5_point=Path(locations.pose_predictor_five_point_model_location()),
        resnet_encoder=Path(locations.face_recognition_model_location()),
    )
    for path in (paths.shape_predictor_5_point, paths.resnet_encoder):
        if not path.is_file():
            raise FaceModelsUnavailable(f"face model file {path} is missing")
    return paths


def load_models() -> FaceModels:
    """Return the face models, loading them on the first call only (safe to call from any thread)."""
    global _loaded
    if _loaded is not None:
        return _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load()
    return _loaded


def _load() -> FaceModels:
    dlib = _import_optional("dlib")
    paths = model_paths()
    try:
        return FaceModels(
            detector=dlib.get_frontal_face_detector(),
            shape_predictor=dlib.shape_predictor(str(paths.shape_predictor_5_point)),
            encoder=dlib.face_recognition_model_v1(str(paths.resnet_encoder)),
        )
    except RuntimeError as error:
        raise FaceModelsUnavailable(f"dlib could not load the face models ({error})") from error


def models_loaded() -> bool:
    """True once `load_models()` has succeeded in this process (lets tests prove import stays cheap)."""
    return _loaded is not None


def available() -> bool:
    """True when dlib and the model files are present, without loading the models."""
    try:
        _import_optional("dlib")
        model_paths()
    except FaceModelsUnavailable:
        return False
    return True
