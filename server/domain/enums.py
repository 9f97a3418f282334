"""Closed vocabularies of the domain. Modes are enums, never bare strings."""

from __future__ import annotations

from enum import StrEnum


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"

    @property
    def is_final(self) -> bool:
        return self in _FINAL_STATUSES

    @property
    def is_active(self) -> bool:
        """Called or serving: the ticket occupies a counter."""
        return self in (TicketStatus.CALLED, TicketStatus.SERVING)


_FINAL_STATUSES = frozenset(
    {TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED, TicketStatus.EXPIRED}
)


class TicketAction(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    TRANSFER = "transfer"
    CANCEL = "cancel"
    EXPIRE = "expire"
    REQUEUE = "requeue"
    """Back to the line by the floor, not the customer: its counter was released or closed."""
    RETURN = "return"
    """A customer who missed their call came back in time (过号重排)."""


class PriorityTier(StrEnum):
    """Customer tier. Order of declaration is *not* the calling order; see `rank`."""

    REGULAR = "regular"
    VIP = "vip"
    PRIORITY_NEEDS = "priority_needs"

    @property
    def rank(self) -> int:
        """Lower is called first by the baseline policy (elderly/disabled first, then VIP)."""
        return {PriorityTier.PRIORITY_NEEDS: 0, PriorityTier.VIP: 1, PriorityTier.REGULAR: 2}[self]


class Channel(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    ONLINE = "online"
    APPOINTMENT = "appointment"


class CounterState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class CounterAction(StrEnum):
    OPEN = "open"
    PAUSE = "pause"
    RESUME = "resume"
    CLOSE = "close"


class FinishOutcome(StrEnum):
    """How a finished service ended, as the teller says at finish (kept for the day's statistics)."""

    DONE = "done"
    REFERRED = "referred"
    NEEDS_FOLLOW_UP = "needs_follow_up"


class PauseReason(StrEnum):
    """Why a counter is paused, as the teller says at pause (kept for the day's statistics)."""

    BREAK = "break"
    LUNCH = "lunch"
    BACK_OFFICE = "back_office"
    OTHER = "other"
    """A pause requested without a reason (older clients)."""


class Role(StrEnum):
    """Who an account is. `lobby` is the lobby manager (大堂经理): staff on the floor who issue tickets for
    customers at the door (with priority) and move waiting tickets, but hold no counter and configure nothing."""

    TELLER = "teller"
    LOBBY = "lobby"
    MANAGER = "manager"
    ADMIN = "admin"
    KIOSK = "kiosk"
    DISPLAY = "display"

    @property
    def is_device(self) -> bool:
        return self in (Role.KIOSK, Role.DISPLAY)


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CHECKED_IN = "checked_in"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"


class EventType(StrEnum):
    """Everything that is written to the branch's event log and pushed to subscribers."""

    TICKET_ISSUED = "ticket.issued"
    TICKET_CALLED = "ticket.called"
    TICKET_RECALLED = "ticket.recalled"
    TICKET_STARTED = "ticket.started"
    TICKET_TRANSFERRED = "ticket.transferred"
    TICKET_FINISHED = "ticket.finished"
    TICKET_NO_SHOW = "ticket.no_show"
    TICKET_CANCELLED = "ticket.cancelled"
    TICKET_EXPIRED = "ticket.expired"
    TICKET_REQUEUED = "ticket.requeued"
    TICKET_RETURNED = "ticket.returned"
    TICKET_RATED = "ticket.rated"
    TICKET_CHECKED_IN = "ticket.checked_in"
    """A remote ticket's customer checked in at the branch: from now on it may be called."""
    COUNTER_STATE = "counter.state"
    ESTIMATES_CHANGED = "estimates.changed"
    APPOINTMENT_BOOKED = "appointment.booked"
    APPOINTMENT_CHECKED_IN = "appointment.checked_in"
    APPOINTMENT_CANCELLED = "appointment.cancelled"
    APPOINTMENT_NO_SHOW = "appointment.no_show"
    APPOINTMENT_RESCHEDULED = "appointment.rescheduled"
    CONFIG_CHANGED = "config.changed"
    FACE_ENROLLED = "face.enrolled"
    FACE_FORGOTTEN = "face.forgotten"
    SERVICE_SUMMARY = "service.summary"
    """A service's line on the kiosk's menu changed (waiting, newcomer's estimate, state)."""
    DEVICE_HEALTH = "device.health"
    """A kiosk's printer or camera changed state."""
