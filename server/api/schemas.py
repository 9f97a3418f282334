"""Request bodies. Responses are the services' dictionaries, documented by example in the tests."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from server.domain.enums import Channel, PriorityTier


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
