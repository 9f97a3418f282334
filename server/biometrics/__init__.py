"""Server-side face biometrics: the gallery of enrolled encodings and the encrypted vault it is loaded from.

The kiosk detects, checks liveness and encodes a face (`hardware.face`) and sends the 128 numbers; the
server keeps consented enrollments encrypted at rest (`FaceVault`) and matches against them in memory
(`FaceGallery`). Nothing here knows a device driver or the database; `server.services.faces` drives it.
"""

from server.biometrics.encodings import (
    DEFAULT_MATCH_THRESHOLD,
    ENCODING_DIMENSION,
    as_encoding,
    as_encoding_matrix,
    checked_threshold,
)
from server.biometrics.errors import (
    BiometricsError,
    ConsentRequired,
    FaceVaultError,
    InvalidEncoding,
    InvalidMatchThreshold,
    InvalidVaultKey,
    VaultRecordUnreadable,
)
from server.biometrics.gallery import FaceGallery, Identification
from server.biometrics.vault import (
    ConsentChannel,
    ConsentRecord,
    EncryptedRecordStore,
    EnrollmentRecord,
    FaceVault,
    FileRecordStore,
    VaultKey,
    VaultLoadResult,
)

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "ENCODING_DIMENSION",
    "BiometricsError",
    "ConsentChannel",
    "ConsentRecord",
    "ConsentRequired",
    "EncryptedRecordStore",
    "EnrollmentRecord",
    "FaceGallery",
    "FaceVault",
    "FaceVaultError",
    "FileRecordStore",
    "Identification",
    "InvalidEncoding",
    "InvalidMatchThreshold",
    "InvalidVaultKey",
    "VaultKey",
    "VaultLoadResult",
    "VaultRecordUnreadable",
    "as_encoding",
    "as_encoding_matrix",
    "checked_threshold",
]
