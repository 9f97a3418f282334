"""Face recognition for kiosk check-in: detect, check liveness, encode. The kiosk sends the encoding to the
server, which identifies it against its consented, encrypted gallery (`server.biometrics`).

Built on dlib (HOG detector, 5-point landmarks, ResNet encoder; models from `face_recognition_models`).
Importing this package loads neither dlib nor the models: they load on first use, once (`available()` tells
whether they can). Run face jobs through `FaceWorker`, never on a GUI thread.
"""

from hardware.face.checkin import LiveFaceCapture, capture_live_face
from hardware.face.encoding import (
    DetectedFace,
    FaceBox,
    FaceComparison,
    FaceSelection,
    analyze_face,
    analyze_faces,
    analyze_single_face,
    compare_encodings,
    compare_image_files,
    detect_faces,
    encode_face,
    face_landmarks,
    load_image_file,
)
from hardware.face.errors import (
    FaceError,
    FaceModelsUnavailable,
    FaceNotFound,
    FaceWorkerStopped,
    InvalidEncoding,
    InvalidFaceImage,
    InvalidFaceSetting,
    SeveralFacesFound,
)
from hardware.face.liveness import (
    FaceObservation,
    LivenessMode,
    LivenessPolicy,
    LivenessReason,
    LivenessVerdict,
    check_liveness,
    judge_landmark_motion,
    judge_observations,
    observe_largest_face,
)
from hardware.face.metric import DEFAULT_MATCH_THRESHOLD, ENCODING_DIMENSION, face_distance
from hardware.face.models import FaceModels, available, load_models, models_loaded
from hardware.face.worker import FaceWorker

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "ENCODING_DIMENSION",
    "DetectedFace",
    "FaceBox",
    "FaceComparison",
    "FaceError",
    "FaceModels",
    "FaceModelsUnavailable",
    "FaceNotFound",
    "FaceObservation",
    "FaceSelection",
    "FaceWorker",
    "FaceWorkerStopped",
    "InvalidEncoding",
    "InvalidFaceImage",
    "InvalidFaceSetting",
    "LiveFaceCapture",
    "LivenessMode",
    "LivenessPolicy",
    "LivenessReason",
    "LivenessVerdict",
    "SeveralFacesFound",
    "analyze_face",
    "analyze_faces",
    "analyze_single_face",
    "available",
    "capture_live_face",
    "check_liveness",
    "compare_encodings",
    "compare_image_files",
    "detect_faces",
    "encode_face",
    "face_distance",
    "face_landmarks",
    "judge_landmark_motion",
    "judge_observations",
    "load_image_file",
    "load_models",
    "models_loaded",
    "observe_largest_face",
]
