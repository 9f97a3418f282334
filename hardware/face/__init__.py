"""Face recognition for kiosk check-in: detect, encode, identify against a consented, encrypted gallery.

Built on dlib (HOG detector, 5-point landmarks, ResNet encoder; models from `face_recognition_models`).
Importing this package loads neither dlib nor the models: they load on first use, once (`available()` tells
whether they can). Run face jobs through `FaceWorker`, never on a GUI thread.
"""

from hardware.face.checkin import FaceCheckInResult, recognize_customer
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
    ConsentRequired,
    FaceError,
    FaceModelsUnavailable,
    FaceNotFound,
    FaceVaultError,
    FaceWorkerStopped,
    InvalidEncoding,
    InvalidFaceImage,
    InvalidFaceSetting,
    InvalidVaultKey,
    SeveralFacesFound,
    VaultRecordUnreadable,
)
from hardware.face.gallery import FaceGallery, Identification
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
from hardware.face.vault import (
    ConsentChannel,
    ConsentRecord,
    EncryptedRecordStore,
    EnrollmentRecord,
    FaceVault,
    FileRecordStore,
    VaultKey,
    VaultLoadResult,
)
from hardware.face.worker import FaceWorker

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "ENCODING_DIMENSION",
    "ConsentChannel",
    "ConsentRecord",
    "ConsentRequired",
    "DetectedFace",
    "EncryptedRecordStore",
    "EnrollmentRecord",
    "FaceBox",
    "FaceCheckInResult",
    "FaceComparison",
    "FaceError",
    "FaceGallery",
    "FaceModels",
    "FaceModelsUnavailable",
    "FaceNotFound",
    "FaceObservation",
    "FaceSelection",
    "FaceVault",
    "FaceVaultError",
    "FaceWorker",
    "FaceWorkerStopped",
    "FileRecordStore",
    "Identification",
    "InvalidEncoding",
    "InvalidFaceImage",
    "InvalidFaceSetting",
    "InvalidVaultKey",
    "LivenessMode",
    "LivenessPolicy",
    "LivenessReason",
    "LivenessVerdict",
    "SeveralFacesFound",
    "VaultKey",
    "VaultLoadResult",
    "VaultRecordUnreadable",
    "analyze_face",
    "analyze_faces",
    "analyze_single_face",
    "available",
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
    "recognize_customer",
]
