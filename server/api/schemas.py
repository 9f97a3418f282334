"""Request bodies. Responses are the services' dictionaries, documented by example in the tests."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat

from hardware.face.metric import ENCODING_DIMENSION
from hardware.face.vault import ConsentChannel
from server.domain.enums import Channel, PriorityTier
from server.services.faces import MAX_ENROLLMENT_ENCODINGS


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LoginBody(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class IssueTicketBody(Body):
    service: str | None = Field(default=None, min_length=1, max_length=32)
    channel: Channel
    priority: PriorityTier = PriorityTier.REGULAR
    appointment: str | None = Field(default=None, min_length=4, max_length=200)
    """The typed check-in code, or the signed code scanned from the confirmation's QR code."""


class TransferBody(Body):
    service: str | None = Field(default=None, min_length=1, max_length=32)
    counter_id: int | None = Field(default=None, ge=1)
    note: str | None = Field(default=None, max_length=300)


class RatingBody(Body):
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=500)


class BookingBody(Body):
    service: str = Field(min_length=1, max_length=32)
    slot_start: datetime
    name: str = Field(min_length=1, max_length=100)
    phone: str = Field(min_length=11, max_length=20)


FaceEncoding = Annotated[list[FiniteFloat], Field(min_length=ENCODING_DIMENSION, max_length=ENCODING_DIMENSION)]
"""The 128 numbers the kiosk's face encoder produces; NaN and infinity are refused."""


class FaceConsentBody(Body):
    text_version: str = Field(min_length=1, max_length=64)
    """Which consent text the customer read and agreed to (e.g. "face-checkin-v1")."""
    channel: ConsentChannel


class FaceEnrollmentBody(Body):
    encodings: list[FaceEncoding] = Field(min_length=1, max_length=MAX_ENROLLMENT_ENCODINGS)
    consent: FaceConsentBody


class FaceIdentifyBody(Body):
    encoding: FaceEncoding
