"""Request bodies. Responses are the services' dictionaries, documented by example in the tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, FiniteFloat, field_validator
from pydantic_core import PydanticCustomError

from server.api.deps import MAX_ID
from server.biometrics.encodings import ENCODING_DIMENSION
from server.biometrics.vault import ConsentChannel
from server.domain.device_health import CameraState, PrinterState
from server.domain.enums import Channel, FinishOutcome, PauseReason, PriorityTier
from server.domain.errors import InvalidInput
from server.domain.text import MAX_NOTE_LENGTH, TextRule, clean_text
from server.services.faces import MAX_ENROLLMENT_ENCODINGS


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: object) -> object:
        """PostgreSQL cannot store NUL; refuse it here, naming the field, rather than fail in the database."""
        if _contains_nul(value):
            raise ValueError("must not contain control characters (NUL)")
        return value


def _contains_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_contains_nul(item) for item in value)
    return False


def cleaned(rule: TextRule) -> AfterValidator:
    """A validator applying `server.domain.text` to a field; refusals keep their `text.*` code and params."""

    def clean(value: str) -> str:
        try:
            return clean_text(value, rule)
        except InvalidInput as error:
            raise PydanticCustomError(error.code, error.message, error.params) from None

    return AfterValidator(clean)


PersonName = Annotated[str, cleaned(TextRule(100, required=True, name=True))]
"""A customer's name as typed when booking: one line, nothing invisible."""
Label = Annotated[str, cleaned(TextRule(64, required=True, name=True))]
Note = Annotated[str, cleaned(TextRule(MAX_NOTE_LENGTH))]
"""A teller's note on a transfer."""
Comment = Annotated[str, cleaned(TextRule(500))]
"""A customer's comment with a rating."""

RowIdValue = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A database id in a body: bounded like path ids, so no number overflows a database integer."""

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
Day = Annotated[date, Field(ge=EARLIEST_DAY, le=LATEST_DAY)]
"""A calendar day the branch could have worked or plan for; date arithmetic on it cannot overflow."""


def _within_days(moment: datetime) -> datetime:
    """Judged on the moment's own calendar day, so no time zone conversion is needed (or can overflow)."""
    if not EARLIEST_DAY <= moment.date() <= LATEST_DAY:
        raise ValueError(f"must lie between {EARLIEST_DAY} and {LATEST_DAY}")
    return moment


Moment = Annotated[datetime, AfterValidator(_within_days)]
"""A point in time within the days of `Day`."""


class LoginBody(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)
    cookie: bool = False
    """Set the token as the HttpOnly `branchq_token` cookie (for web pages) instead of returning it."""


class PasswordChangeBody(Body):
    current_password: str = Field(min_length=1, max_length=256)
    new_password: str = Field(min_length=1, max_length=256)


class IssueTicketBody(Body):
    service: str | None = Field(default=None, min_length=1, max_length=32)
    channel: Channel
    priority: PriorityTier | None = None
    """Only staff grant a tier; otherwise it comes from the appointment's customer (or is regular)."""
    appointment: str | None = Field(default=None, min_length=4, max_length=200)
    """The typed check-in code, or the signed code scanned from the confirmation's QR code."""


class TransferBody(Body):
    service: str | None = Field(default=None, min_length=1, max_length=32)
    counter_id: RowIdValue | None = None
    note: Note | None = None


class PauseBody(Body):
    reason: PauseReason | None = None
    """break, lunch or back_office; none given: other."""


class FinishBody(Body):
    outcome: FinishOutcome | None = None
    """done (the default), referred or needs_follow_up."""


class CallChosenBody(Body):
    reason: str = Field(min_length=1, max_length=200)
    """Why this ticket is called out of turn (recorded with who called it)."""


ReasonCode = Annotated[str, Field(min_length=1, max_length=40)]


class RatingDetailsBody(Body):
    """Reasons (codes from `GET /feedback/reasons`) and a comment, with the score or just after it."""

    comment: Comment = ""
    reasons: list[ReasonCode] = Field(default_factory=list, max_length=20)


class RatingBody(RatingDetailsBody):
    score: int = Field(ge=1, le=5)


class BookingBody(Body):
    service: str = Field(min_length=1, max_length=32)
    slot_start: Moment
    name: PersonName
    phone: str = Field(min_length=11, max_length=20)


class RescheduleBody(Body):
    slot_start: Moment


class BookingSettingsBody(Body):
    max_open_bookings_per_phone: int | None = Field(default=None, strict=True)
    capacities: dict[Annotated[str, Field(min_length=1, max_length=32)], Annotated[int, Field(strict=True)] | None] = Field(
        default_factory=dict, max_length=50
    )


# -- administration: types only here; the limits live in server.services.admin.rules ------------

WholeNumber = Annotated[int, Field(strict=True)]
Minutes = Annotated[float, Field(allow_inf_nan=False)]


class BranchUpdateBody(Body):
    name_zh: str | None = None
    name_en: str | None = None
    time_zone: str | None = None
    opens_at: str | None = Field(default=None, description="HH:MM, branch-local; the same hours every day")
    closes_at: str | None = Field(default=None, description="HH:MM (24:00 for midnight), branch-local")
    weekly_hours: dict[str, list[str]] | None = Field(
        default=None, description='each weekday\'s periods, e.g. {"monday": ["09:00-12:00", "13:30-17:00"], ...}'
    )
    day_end_after_min: WholeNumber | None = None
    no_show_grace_min: WholeNumber | None = None
    calling_policy: str | None = None
    wait_predictor: str | None = None
    max_recalls: WholeNumber | None = None
    missed_call_return_min: WholeNumber | None = None
    missed_call_requeue_places: WholeNumber | None = None
    allow_call_specific: bool | None = None
    """Tellers may call a chosen waiting ticket out of turn (each call records who and why)."""


class BranchCreateBody(BranchUpdateBody):
    code: str
    name_zh: str
    name_en: str


class SpecialDayBody(Body):
    """A holiday (`closed: true`), or a make-up working day with its own `hours` or those of a weekday (`like`)."""

    closed: bool | None = None
    hours: list[str] | None = Field(default=None, max_length=8)
    like: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, max_length=100)


class ServiceUpdateBody(Body):
    name_zh: str | None = None
    name_en: str | None = None
    prefix: str | None = None
    target_wait_min: WholeNumber | None = None
    expected_service_min: Minutes | None = None
    documents_zh: list[str] | None = None
    documents_en: list[str] | None = None
    category: str | None = Field(default=None, description="the code of its menu category; null: none")


class ServiceCreateBody(ServiceUpdateBody):
    code: str
    name_zh: str
    name_en: str
    prefix: str


class CategoryUpdateBody(Body):
    name_zh: str | None = None
    name_en: str | None = None
    sort_order: WholeNumber | None = Field(default=None, description="lower comes first on the kiosk's menu")


class CategoryCreateBody(CategoryUpdateBody):
    code: str
    name_zh: str
    name_en: str


class CounterUpdateBody(Body):
    number: WholeNumber | None = None
    name: str | None = None
    zone_zh: str | None = Field(default=None, description="where the counter is, in zh-CN (一楼 A 区)")
    zone_en: str | None = Field(default=None, description="the same place in English (Floor 1, Zone A)")
    skills: list[str] | None = Field(default=None, description="service codes, most preferred first")


class CounterCreateBody(CounterUpdateBody):
    number: WholeNumber


class StaffUpdateBody(Body):
    username: str | None = None
    display_name: str | None = None
    role: str | None = None
    branches: list[str] | None = None
    password: str | None = None


class StaffCreateBody(StaffUpdateBody):
    username: str
    role: str
    password: str


class DeviceUpdateBody(Body):
    username: str | None = None
    role: str | None = None
    branch: str | None = None
    description: str | None = None
    password: str | None = None


class DeviceCreateBody(DeviceUpdateBody):
    username: str
    role: str
    branch: str
    password: str


FaceEncoding = Annotated[list[FiniteFloat], Field(min_length=ENCODING_DIMENSION, max_length=ENCODING_DIMENSION)]
"""The 128 numbers the kiosk's face encoder produces; NaN and infinity are refused."""


class FaceConsentBody(Body):
    text_version: Label
    """Which consent text the customer read and agreed to (e.g. "face-checkin-v1")."""
    channel: ConsentChannel
    display_name: str | None = Field(default=None, max_length=100)
    """The name the customer chose to be greeted by at the kiosk (王女士, Ms Wang); never the full name.
    Cleaned and bounded by `server.services.faces.checked_display_name`."""


class FaceEnrollmentBody(Body):
    encodings: list[FaceEncoding] = Field(min_length=1, max_length=MAX_ENROLLMENT_ENCODINGS)
    consent: FaceConsentBody


class FaceIdentifyBody(Body):
    encoding: FaceEncoding


class DeviceHealthBody(Body):
    """What changed on the kiosk; a part left out keeps its last reported state."""

    printer: PrinterState | None = None
    camera: CameraState | None = None


class RemoteJoinBody(Body):
    service: str = Field(min_length=1, max_length=32)
    phone: str | None = Field(default=None, max_length=20, description="to be told when the turn nears; optional")
    language: str | None = Field(default=None, max_length=8, description="of the messages: zh-CN (default) or en")


class RemoteCheckInBody(Body):
    ticket: str = Field(min_length=1, max_length=300, description="the status page's scanned code, or the number")


class RemoteSettingsBody(Body):
    enabled: bool | None = None
    daily_cap: WholeNumber | None = None
    arrive_within_min: WholeNumber | None = None


class PhoneBody(Body):
    phone: str = Field(min_length=1, max_length=20)
    language: str | None = Field(default=None, max_length=8)


class ServiceTargetBody(Body):
    target_wait_min: int = Field(ge=1, le=240, description="the longest a customer should wait, in minutes")


class NoticesBody(Body):
    notice_zh: str = Field(default="", max_length=2000, description="the display strip's notice in Chinese; empty: standard words")
    notice_en: str = Field(default="", max_length=2000, description="the same in English")
