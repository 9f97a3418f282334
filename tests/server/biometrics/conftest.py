"""The kiosk's real encoder feeds the gallery tests: the same session fixture as the face tests."""

from tests.hardware.face.conftest import encoded_faces

__all__ = ["encoded_faces"]
