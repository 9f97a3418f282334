"""Database models (SQLAlchemy 2.x, typed).

Rows hold state; rules live in `server.domain` and the application services in `server.services`.
Migrations in `server/db/migrations` create and upgrade this schema in production; a test keeps the
two in step.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from server.domain.enums import (
    AppointmentStatus,
    Channel,
    CounterState,
    PriorityTier,
    Role,
    TicketStatus,
)

from .types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(enum_cls: type, name: str) -> Enum:
    """Enums stored by value, as plain strings, so migrations never need ALTER TYPE."""
    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda cls: [member.value for member in cls],
    )


class Branch(Base):
    __tablename__ = "branches"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    opens_at: Mapped[time] = mapped_column(Time, default=time(9, 0))
    closes_at: Mapped[time] = mapped_column(Time, default=time(17, 0))
    """Every day `opens_at`-`closes_at`, unless `weekly_hours` says otherwise (the original single setting)."""
    weekly_hours: Mapped[list[list[str]] | None] = mapped_column(JSON, default=None)
    """Seven lists of periods, Monday first (`[["09:00-12:00", "13:30-17:00"], ..., []]`); None: see opens_at."""
    day_end_after_min: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    """The business day ends this long after the day's last closing (at midnight at the latest)."""
    no_show_grace_min: Mapped[int] = mapped_column(Integer, default=15, server_default="15")
    """An appointment not checked in this long after its slot ends is a no-show."""
    day_closed_on: Mapped[date | None] = mapped_column(Date, default=None)
    """The last business day whose end the day-close job has carried out (so it runs once a day)."""
    calling_policy: Mapped[str] = mapped_column(String(32), default="branchq")
    wait_predictor: Mapped[str] = mapped_column(String(32), default="branchq")
    max_recalls: Mapped[int] = mapped_column(Integer, default=2)
    missed_call_return_min: Mapped[int] = mapped_column(Integer, default=30)
    """How long after a missed call (过号) the customer may come back and be put near the front."""
    missed_call_requeue_places: Mapped[int] = mapped_column(Integer, default=3)
    allow_call_specific: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    """Tellers may call a chosen waiting ticket out of turn (each such call records who and why)."""
    """How many places behind the front a customer back after a missed call is put."""
    notice_zh: Mapped[str | None] = mapped_column(String(300), default=None)
    notice_en: Mapped[str | None] = mapped_column(String(300), default=None)
    """The manager's notice on the waiting-room display's strip (None: the display's standard words)."""
    max_open_bookings_per_phone: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    """How many bookings still to come one phone number may hold at this branch (0: no limit)."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    event_seq: Mapped[int] = mapped_column(Integer, default=0)
    """Last event sequence number handed out; bumped in the same transaction as each change."""
    remote_queue_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Customers may join the queue from their phones (`/q/<branch>`) and check in at the kiosk on arrival."""
    remote_daily_cap: Mapped[int] = mapped_column(Integer, default=50, server_default="50")
    """How many remote tickets a business day takes at most."""
    remote_arrive_within_min: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    """The longest a remote customer is given to arrive (sooner when their turn comes sooner)."""

    services: Mapped[list[Service]] = relationship(back_populates="branch", order_by="Service.id")
    counters: Mapped[list[Counter]] = relationship(back_populates="branch", order_by="Counter.number")
    special_days: Mapped[list[SpecialDay]] = relationship(order_by="SpecialDay.day", cascade="all, delete-orphan")


class SpecialDay(Base):
    """A date whose hours differ from the weekly ones: a holiday, or a make-up working day (调休)."""

    __tablename__ = "special_days"
    __table_args__ = (UniqueConstraint("branch_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    hours: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Explicit periods for the day; empty (and no `like_weekday`) means closed all day."""
    like_weekday: Mapped[int | None] = mapped_column(Integer, default=None)
    """Open with the weekly hours of this weekday (0 is Monday), e.g. a Sunday worked as a Monday."""
    note: Mapped[str] = mapped_column(String(100), default="")


class ServiceCategory(Base):
    """A group of a branch's services on the kiosk's menu (现金业务 / Cash, ...), shown in `sort_order`."""

    __tablename__ = "service_categories"
    __table_args__ = (UniqueConstraint("branch_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (
        UniqueConstraint("branch_id", "code"),
        UniqueConstraint("branch_id", "prefix"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    code: Mapped[str] = mapped_column(String(32))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(1))
    target_wait_min: Mapped[int] = mapped_column(Integer, default=15)
    expected_service_min: Mapped[float] = mapped_column(default=5.0)
    documents_zh: Mapped[list[str]] = mapped_column(JSON, default=list)
    documents_en: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("service_categories.id"), default=None)
    """Its group on the kiosk's menu; None: listed after the categories, under "other services"."""
    booking_capacity: Mapped[int | None] = mapped_column(Integer, default=None)
    """Online bookings one slot of this service takes; None: as many as its active counters (0: not bookable)."""

    branch: Mapped[Branch] = relationship(back_populates="services")
    category: Mapped[ServiceCategory | None] = relationship()


class Counter(Base):
    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("branch_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100), default="")
    zone_zh: Mapped[str] = mapped_column(String(100), default="")
    """Where the counter is, as customers are told in zh-CN ("一楼 A 区")."""
    zone_en: Mapped[str] = mapped_column(String(100), default="")
    """The same place in English ("Floor 1, Zone A")."""
    state: Mapped[CounterState] = mapped_column(_enum(CounterState, "counter_state"), default=CounterState.CLOSED)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    """Who opened the counter and may act at it."""
    state_since: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    pause_reason: Mapped[str | None] = mapped_column(String(16), default=None)
    """While paused: `server.domain.enums.PauseReason`'s value."""
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    branch: Mapped[Branch] = relationship(back_populates="counters")
    skills: Mapped[list[CounterSkill]] = relationship(
        order_by="CounterSkill.rank", cascade="all, delete-orphan"
    )


class CounterSkill(Base):
    """A service a counter serves; lower rank is more preferred."""

    __tablename__ = "counter_skills"
    __table_args__ = (UniqueConstraint("counter_id", "service_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id", ondelete="CASCADE"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    rank: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[Service] = relationship()


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Carried in access tokens; a password change bumps it, so older tokens stop working."""

    branch_links: Mapped[list[StaffBranch]] = relationship(cascade="all, delete-orphan")


class StaffBranch(Base):
    __tablename__ = "staff_branches"
    __table_args__ = (UniqueConstraint("staff_id", "branch_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))


class Device(Base):
    """A kiosk or waiting-room display: an account of its own, bound to one branch."""

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role, "role"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    description: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    token_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Carried in access tokens; a password change bumps it, so older tokens stop working."""
    printer_state: Mapped[str | None] = mapped_column(String(16), default=None)
    """Last reported `PrinterState` (None: never reported); each change is a `device.health` event."""
    camera_state: Mapped[str | None] = mapped_column(String(16), default=None)
    """Last reported `CameraState` (None: never reported)."""
    health_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """The device's last heartbeat or health report (not logged: a heartbeat is not an event)."""


class Customer(Base):
    """One customer across visits, recognised by a keyed hash of their phone number (`phone_key`)."""

    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("phone_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    phone_masked: Mapped[str] = mapped_column(String(32), default="")
    """Only the masked form (138****5678) is ever stored."""
    phone_key: Mapped[str | None] = mapped_column(String(64), default=None)
    """HMAC-SHA256 of the number under a server key (`server.domain.phone_keys`): the same phone finds the same
    customer, and the number cannot be read back. None for customers recorded before it existed."""
    tier: Mapped[PriorityTier] = mapped_column(_enum(PriorityTier, "priority_tier"), default=PriorityTier.REGULAR)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TicketSequence(Base):
    """The daily counter behind ticket numbers: one row per branch, service and business day."""

    __tablename__ = "ticket_sequences"
    __table_args__ = (UniqueConstraint("branch_id", "service_id", "business_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    business_day: Mapped[date] = mapped_column(Date)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("branch_id", "issued_service_id", "business_day", "sequence"),
        UniqueConstraint("token"),
        Index("ix_tickets_branch_status", "branch_id", "status"),
        Index("ix_tickets_branch_day", "branch_id", "business_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    """The service the ticket waits for now (a transfer changes it)."""
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    """The service whose daily sequence gave the number; the number never changes."""
    business_day: Mapped[date] = mapped_column(Date)
    sequence: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(16))
    token: Mapped[str] = mapped_column(String(64))
    channel: Mapped[Channel] = mapped_column(_enum(Channel, "channel"))
    priority: Mapped[PriorityTier] = mapped_column(_enum(PriorityTier, "priority_tier"))
    status: Mapped[TicketStatus] = mapped_column(_enum(TicketStatus, "ticket_status"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointments.id"), default=None)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)
    """Original arrival; transfers keep it so the customer's wait counts from here."""
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    target_counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), default=None)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    estimated_wait_s: Mapped[int | None] = mapped_column(Integer, default=None)
    """Estimate at issue time, kept for accuracy statistics."""
    call_reason: Mapped[str | None] = mapped_column(Text, default=None)
    """Why the calling policy chose this ticket, in a sentence; `call_facts` holds the numbers."""
    call_facts: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """When the customer came back after a missed call (once per ticket)."""
    line_after: Mapped[list[int]] = mapped_column(JSON, default=list)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    """How a finished service ended (`server.domain.enums.FinishOutcome`'s value); None until finished."""
    """Tickets a customer back after a missed call waits behind (`QueuedTicket.line_after`); cleared on call."""
    arrive_by: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """A remote ticket (joined from a phone): check in at the kiosk by then, or it expires. None: on site."""
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """When a remote ticket's customer checked in at the branch; until then it keeps its place uncalled."""
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """The phone number to notify, encrypted (`server.services.phones`); deleted after the visit."""
    phone_masked: Mapped[str | None] = mapped_column(String(32), default=None)
    """The number's masked form (138****5678), kept for display after the number itself is deleted."""
    near_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """When the "three places from the front" message was queued (once per ticket)."""

    service: Mapped[Service] = relationship(foreign_keys=[service_id])
    counter: Mapped[Counter | None] = relationship(foreign_keys=[counter_id])
    appointment: Mapped[Appointment | None] = relationship(foreign_keys=[appointment_id])


class Appointment(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("code"),
        UniqueConstraint("manage_token_hash"),
        Index("ix_appointments_branch_slot", "branch_id", "slot_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    code: Mapped[str] = mapped_column(String(16))
    """Short check-in code the customer types at the kiosk (also inside the signed QR code)."""
    manage_token_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    """SHA-256 of the long token that reads, cancels or changes the booking online (given once, at booking).
    Bookings made before it existed have none and are managed by staff."""
    slot_start: Mapped[datetime] = mapped_column(UTCDateTime)
    slot_end: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[AppointmentStatus] = mapped_column(
        _enum(AppointmentStatus, "appointment_status"), default=AppointmentStatus.BOOKED
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    phone_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """The phone number for the reminder the day before, encrypted; deleted after the slot."""

    service: Mapped[Service] = relationship()


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    """Codes of `server.domain.rating_reasons` the customer picked (given with the score or just after it)."""
    detailed: Mapped[bool] = mapped_column(Boolean, default=False)
    """Reasons or a comment were added after the score; they are added once, like the score."""
    via_counter: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    """Given on the customer screen of the counter that served the ticket (through the counter's session)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CounterPause(Base):
    """One pause of a counter, with its reason; `ended_at` is None while it lasts."""

    __tablename__ = "counter_pauses"
    __table_args__ = (Index("ix_counter_pauses_branch_id_business_day", "branch_id", "business_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    business_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Event(Base):
    """The append-only event log; `seq` is gapless per branch."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("branch_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyKey(Base):
    """A create request's idempotency key (as an HMAC) and its sealed answer, kept 24 hours
    (`server.services.idempotency`)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("scope", "route", "key_hash"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    """`staff:<id>`, `device:<id>` or `anonymous`."""
    route: Mapped[str] = mapped_column(String(80))
    key_hash: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    answer: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """None from the claim (committed with the change) until the answer is stored right after."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Notification(Base):
    """The outbox of customer messages (SMS / WeChat through the bank's gateway), written in the same
    transaction as the change that causes them and delivered after commit (`server.services.notifications`)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("message_id"),
        Index("ix_notifications_due", "delivered_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branches.id"))
    message_id: Mapped[str] = mapped_column(String(80))
    """The idempotency id the gateway sees (`ticket-12-called`): the same message is never queued twice, and
    a gateway that gets it twice (at-least-once delivery) sends it once."""
    kind: Mapped[str] = mapped_column(String(16))
    body_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    """The message (with the phone number), encrypted; deleted once delivered or given up."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    """Given up after the last retry."""
    last_error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
