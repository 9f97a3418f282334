"""Wiring: one object that owns the database, the event hub, the clock and the services.

Built by `build_container(settings)` so tests can build as many as they like, each with its own
database and clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from server.db.engine import Database, make_engine
from server.db.migrate import upgrade_to_head
from server.events.hub import EventHub
from server.domain.phone_keys import PhoneKeys
from server.domain.rate_limit import RateLimit, RatePolicy
from server.services.appointments import AppointmentService
from server.services.auth import Principal
from server.services.caches import GenerationCache
from server.services.booking import BookingOffer
from server.services.codes import CodeSigner
from server.services.counters import CounterService
from server.services.devices import DeviceHealthService
from server.services.estimates import EstimateRefresher
from server.services.faces import FaceConfig, FaceService
from server.services.feedback import FeedbackService
from server.services.idempotency import Idempotency
from server.services.notifications import DeliveryWorker, Notifications
from server.services.phones import PhoneSealer
from server.services.queries import QueueQueries
from server.services.queue_engines import QueueEngines
from server.services.remote_queue import RemoteQueueService
from server.services.service_menu import OpeningWatch
from server.services.sessions import ConnectionTickets, LoginService
from server.services.tickets import TicketService
from server.services.unit_of_work import Changes, Clock
from server.settings import Settings


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Container:
    settings: Settings
    db: Database
    hub: EventHub
    clock: Clock
    changes: Changes
    codes: CodeSigner
    engines: QueueEngines
    estimates: EstimateRefresher
    tickets: TicketService
    counters: CounterService
    queries: QueueQueries
    feedback: FeedbackService
    appointments: AppointmentService
    booking: BookingOffer
    public_reads: RateLimit
    """Requests per client address to the booking pages and their reads (`BRANCHQ_PUBLIC_REQUESTS_PER_MINUTE`)."""
    public_writes: RateLimit
    """Bookings, moves and cancellations per client address (`BRANCHQ_PUBLIC_BOOKINGS_PER_MINUTE`)."""
    faces: FaceService
    devices: DeviceHealthService
    openings: OpeningWatch
    logins: LoginService
    connection_tickets: ConnectionTickets
    idempotency: Idempotency
    notifications: Notifications
    deliveries: DeliveryWorker
    remote: RemoteQueueService
    principals: GenerationCache[Principal] = field(init=False)
    """Accounts as principals, read again after any account change (`server.services.caches`)."""

    def __post_init__(self) -> None:
        self.principals = GenerationCache(self.db)

    def close(self) -> None:
        self.deliveries.stop()
        self.estimates.close()
        self.db.dispose()


def build_container(settings: Settings, clock: Clock = system_clock, migrate: bool = True) -> Container:
    db = Database(make_engine(settings.database_url))
    if migrate:
        upgrade_to_head(db.engine)
    hub = EventHub(settings.event_queue_size)
    changes = Changes(db, hub, clock)
    engines = QueueEngines(db, clock)
    estimates = EstimateRefresher(changes, engines)
    changes.on_commit = estimates.committed
    codes = CodeSigner(settings.secret_key, settings.public_base_url)
    faces = FaceService(changes, FaceConfig.from_settings(settings))
    sealer = PhoneSealer(settings.secret_key)
    deliveries = DeliveryWorker(
        db, clock, sealer, settings.notify_webhook_url, settings.notify_webhook_secret, settings.notify_timeout_seconds
    )
    notifications = Notifications(sealer, deliveries.nudge)
    tickets = TicketService(changes, engines, codes, estimates)
    queries = QueueQueries(db, engines, clock, codes, faces)
    return Container(
        settings=settings,
        db=db,
        hub=hub,
        clock=clock,
        changes=changes,
        codes=codes,
        engines=engines,
        estimates=estimates,
        tickets=tickets,
        counters=CounterService(changes, engines, notifications),
        queries=queries,
        feedback=FeedbackService(changes, codes),
        appointments=AppointmentService(changes, codes, PhoneKeys(settings.secret_key), phones=sealer),
        booking=BookingOffer(changes, clock),
        public_reads=RateLimit(RatePolicy("reads", settings.public_requests_per_minute)),
        public_writes=RateLimit(RatePolicy("writes", settings.public_bookings_per_minute)),
        faces=faces,
        devices=DeviceHealthService(changes),
        openings=OpeningWatch(db, clock, estimates.request),
        logins=LoginService(db, clock),
        connection_tickets=ConnectionTickets(clock),
        idempotency=Idempotency(db, clock, settings.secret_key),
        notifications=notifications,
        deliveries=deliveries,
        remote=RemoteQueueService(changes, engines, codes, estimates, tickets, notifications, queries.services),
    )
