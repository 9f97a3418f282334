"""Customer messages through the bank's SMS / WeChat gateway: a durable outbox and its delivery worker.

A message is born in the transaction of the change that causes it (a call, the line moving, the day before
an appointment): `Notifications.queue` writes a row to the `notifications` outbox with an idempotency id
(`ticket-12-called`), so either both the change and its message are committed or neither is, and the same
message is never queued twice. After the commit the `DeliveryWorker` (one thread) POSTs due messages to the
gateway as JSON, signed:

    POST <BRANCHQ_NOTIFY_WEBHOOK_URL>
    Content-Type: application/json
    Idempotency-Key: ticket-12-called              (also the body's "id")
    X-BranchQ-Timestamp: 1764640800                (epoch seconds)
    X-BranchQ-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the shared secret>

    {"id", "kind": "near" | "called" | "reminder", "phone", "language", "text", "branch", "ticket"}

A 2xx answer delivers it; anything else (or no answer) is retried after `retry_delay` (10 s doubling, at
most 30 min) until `MAX_ATTEMPTS`, then given up. Delivery is at least once: a crash between the gateway's
answer and recording it sends the message again, with the same id, which the gateway uses to send it once.

Phone numbers live sealed (`server.services.phones`); the outbox body, which carries the number, is deleted
once delivered or given up, and `forget_phones` deletes tickets' and appointments' numbers once the visit is
over by `BRANCHQ_PHONE_RETENTION_HOURS` (the masked form stays).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import String, cast, delete, literal, or_, select, update

from server.db.engine import Database
from server.db.models import Appointment, Branch, Counter, Notification, Ticket
from server.domain.enums import AppointmentStatus, TicketStatus
from server.domain.remote import MAX_ATTEMPTS, NotificationKind, is_near_front, reminder_due, retry_delay
from server.domain.remote import webhook_signature
from server.domain.wait_model import positions_by_service
from server.messages.remote import NOTIFICATION_TEXTS
from server.services.phones import PhoneSealer
from server.services.queue_state import build_snapshot
from server.services.unit_of_work import SYSTEM, Change, Changes, Clock

log = logging.getLogger("branchq.notifications")
BATCH = 50
POLL_SECONDS = 1.0
_REMINDER_ID = literal("appointment-") + cast(Appointment.id, String) + literal("-reminder")


def message_text(template: str, language: str, facts: dict[str, Any]) -> str:
    """The message in the customer's language (`server.messages.remote.NOTIFICATION_TEXTS[template]`)."""
    templates = NOTIFICATION_TEXTS[template]
    return templates.get(language, templates["zh-CN"]).format(**facts)


class Notifications:
    """Queues messages inside changes; `nudge` (set by the container) wakes the worker after the commit."""

    def __init__(self, sealer: PhoneSealer, nudge: Callable[[], None] = lambda: None) -> None:
        self.sealer = sealer
        self.nudge = nudge

    def queue(self, change: Change, kind: NotificationKind, message_id: str, sealed_phone: bytes,
              facts: dict[str, Any], template: str | None = None) -> bool:
        """Write the message to the outbox in `change`'s transaction; False when it was queued before."""
        session = change.session
        if session.scalar(select(Notification.id).where(Notification.message_id == message_id)) is not None:
            return False
        contact = self.sealer.open(sealed_phone)
        if contact is None:
            log.warning("message %s not queued: its phone number cannot be read", message_id)
            return False
        body = {
            "id": message_id, "kind": kind.value, "phone": contact.phone, "language": contact.language,
            "text": message_text(template or kind.value, contact.language, facts), "branch": change.branch.code,
            "ticket": facts.get("number"),
        }
        session.add(Notification(
            branch_id=change.branch.id, message_id=message_id, kind=kind.value, body_sealed=self.sealer.seal_json(body),
            attempts=0, next_attempt_at=change.now, last_error="", created_at=change.now,
        ))
        change.after_commit(self.nudge)
        return True

    def ticket_called(self, change: Change, ticket: Ticket, counter: Counter) -> None:
        """"Please go to counter 5": once per ticket, at its first call."""
        if ticket.phone_sealed is None:
            return
        facts = {"branch": _branch_name(change.branch), "number": ticket.number, "counter": counter.number}
        self.queue(change, NotificationKind.CALLED, f"ticket-{ticket.id}-called", ticket.phone_sealed, facts)

    def queue_moved(self, change: Change) -> None:
        """Tell every waiting customer with a phone number who is now `NEAR_FRONT_PLACES` from the front."""
        session = change.session
        watched = session.scalars(
            select(Ticket).where(
                Ticket.branch_id == change.branch.id, Ticket.status == TicketStatus.WAITING,
                Ticket.phone_sealed.is_not(None), Ticket.near_notified_at.is_(None),
            )
        ).all()
        if not watched:
            return
        session.flush()
        positions = positions_by_service(build_snapshot(session, change.branch, change.now))
        for ticket in watched:
            ahead = positions.get(ticket.id)
            if not is_near_front(ahead):
                continue
            ticket.near_notified_at = change.now
            template = "near_remote" if ticket.arrive_by is not None and ticket.checked_in_at is None else "near"
            facts = {"branch": _branch_name(change.branch), "number": ticket.number, "ahead": ahead,
                     "arrive_by": _local_time(ticket.arrive_by, change.branch)}
            self.queue(change, NotificationKind.NEAR, f"ticket-{ticket.id}-near", ticket.phone_sealed, facts, template)

    def remind_appointments(self, changes: Changes) -> int:
        """Queue tomorrow's appointment reminders (from 10:00 branch time); returns how many were queued."""
        now = changes.clock()
        with changes.db.read() as session:
            rows = session.execute(
                select(Appointment.id, Appointment.branch_id, Appointment.slot_start, Branch.time_zone)
                .join(Branch, Branch.id == Appointment.branch_id)
                .outerjoin(Notification, Notification.message_id == _REMINDER_ID)
                .where(
                    Appointment.status == AppointmentStatus.BOOKED, Appointment.phone_sealed.is_not(None),
                    Appointment.slot_start > now, Appointment.slot_start < now + timedelta(days=2),
                    Notification.id.is_(None),
                )
            ).all()
        due: dict[int, list[int]] = {}
        for appointment_id, branch_id, slot_start, zone in rows:
            local = ZoneInfo(zone)
            if reminder_due(slot_start.astimezone(local), now.astimezone(local)):
                due.setdefault(branch_id, []).append(appointment_id)
        queued = 0
        for branch_id, ids in due.items():
            with changes.begin(branch_id, actor=SYSTEM) as change:
                for appointment in change.session.scalars(select(Appointment).where(Appointment.id.in_(ids))):
                    if appointment.phone_sealed is None:
                        continue
                    facts = {"branch": _branch_name(change.branch), "code": appointment.code,
                             "service_zh": appointment.service.name_zh, "service_en": appointment.service.name_en,
                             "time": _local_time(appointment.slot_start, change.branch)}
                    queued += self.queue(change, NotificationKind.REMINDER, f"appointment-{appointment.id}-reminder",
                                         appointment.phone_sealed, facts)
        return queued


def _branch_name(branch: Branch) -> str:
    return branch.name_zh


def _local_time(moment: datetime | None, branch: Branch) -> str:
    return moment.astimezone(ZoneInfo(branch.time_zone)).strftime("%H:%M") if moment else ""


def forget_phones(db: Database, clock: Clock, retention: timedelta) -> int:
    """Delete phone numbers (and outbox bodies) whose visit ended more than `retention` ago; returns how
    many numbers were deleted. The masked forms stay."""
    before = clock() - retention
    with db.write() as session:
        tickets = session.execute(
            update(Ticket)
            .where(Ticket.phone_sealed.is_not(None), Ticket.finished_at.is_not(None), Ticket.finished_at < before)
            .values(phone_sealed=None)
        ).rowcount
        appointments = session.execute(
            update(Appointment)
            .where(Appointment.phone_sealed.is_not(None), Appointment.slot_end < before)
            .values(phone_sealed=None)
        ).rowcount
        session.execute(
            delete(Notification).where(
                Notification.created_at < before,
                or_(Notification.delivered_at.is_not(None), Notification.failed_at.is_not(None),
                    Notification.created_at < before - timedelta(days=1)),
            )
        )
    return (tickets or 0) + (appointments or 0)


class DeliveryWorker:
    """Delivers due outbox messages to the gateway, on its own thread; `nudge()` after a commit wakes it.

    Attributes:
        delivered, failed_attempts: counts since start, for logs and tests.
    """

    def __init__(self, db: Database, clock: Clock, sealer: PhoneSealer, url: str, secret: str,
                 timeout_s: float = 5.0) -> None:
        self.db, self.clock, self.sealer = db, clock, sealer
        self.url, self.secret, self.timeout_s = url, secret, timeout_s
        self.delivered = 0
        self.failed_attempts = 0
        self._recorded = threading.Condition()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def nudge(self) -> None:
        self._wake.set()

    def wait_for_attempts(self, count: int, timeout_s: float) -> bool:
        """Wait until `count` deliveries (taken or not) have been recorded since start; False on timeout."""
        with self._recorded:
            return self._recorded.wait_for(lambda: self.delivered + self.failed_attempts >= count, timeout_s)

    def start(self) -> None:
        if self._thread is None and self.url:
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="branchq-notify", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout_s + 2)
            self._thread = None

    def _run(self) -> None:
        with httpx.Client(timeout=self.timeout_s) as http:
            while not self._stop.is_set():
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                try:
                    while self.deliver_due(http) == BATCH and not self._stop.is_set():
                        pass
                except Exception:  # keep the worker alive; the next round retries
                    log.exception("notification delivery failed")

    def deliver_due(self, http: httpx.Client) -> int:
        """Try every message due now once; returns how many were tried."""
        now = self.clock()
        with self.db.read() as session:
            due = session.execute(
                select(Notification.id, Notification.body_sealed, Notification.attempts).where(
                    Notification.delivered_at.is_(None), Notification.failed_at.is_(None),
                    Notification.body_sealed.is_not(None), Notification.next_attempt_at <= now,
                ).order_by(Notification.id).limit(BATCH)
            ).all()
        for notification_id, sealed, attempts in due:
            error = self._send(http, sealed)
            self._record(notification_id, attempts + 1, error)
        return len(due)

    def _send(self, http: httpx.Client, sealed: bytes) -> str:
        """'' when the gateway took the message, else why not."""
        body = self.sealer.open_json(sealed)
        if body is None:
            return "unreadable"
        raw = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = str(int(self.clock().timestamp()))
        headers = {
            "Content-Type": "application/json; charset=utf-8", "Idempotency-Key": str(body["id"]),
            "X-BranchQ-Timestamp": timestamp,
            "X-BranchQ-Signature": "sha256=" + webhook_signature(self.secret, timestamp, raw),
        }
        try:
            answer = http.post(self.url, content=raw, headers=headers)
        except httpx.HTTPError as failure:
            return f"{type(failure).__name__}: {failure}"[:200]
        return "" if answer.is_success else f"HTTP {answer.status_code}"

    def _record(self, notification_id: int, attempts: int, error: str) -> None:
        with self._recorded:
            self._record_attempt(notification_id, attempts, error)
            self._recorded.notify_all()

    def _record_attempt(self, notification_id: int, attempts: int, error: str) -> None:
        now = self.clock()
        with self.db.write() as session:
            notification = session.get(Notification, notification_id)
            if notification is None:
                return
            notification.attempts = attempts
            if not error:
                notification.delivered_at, notification.body_sealed, notification.last_error = now, None, ""
                self.delivered += 1
                return
            self.failed_attempts += 1
            notification.last_error = error
            if attempts >= MAX_ATTEMPTS:
                notification.failed_at, notification.body_sealed = now, None
                log.warning("message %s given up after %d attempts: %s", notification.message_id, attempts, error)
            else:
                notification.next_attempt_at = now + retry_delay(attempts)
