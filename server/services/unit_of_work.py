"""One change to a branch: a write transaction, its event-log entries, and what happens after commit.

Every state change goes through `Changes.begin(branch_id)`. It locks the branch row (so two tellers
never call the same ticket, and event numbers stay gapless), lets the service record events in the
same transaction, and publishes them only once the commit has succeeded.

Every change says who acts (`Changes.begin(branch_id, actor=...)`), and `Change.record` writes that into
every event's payload as `actor`, so a cancel, a move or a priority grant can be traced to an account:

    {"kind": "staff", "id": 3, "username": "teller1", "role": "teller"}   a staff account
    {"kind": "device", "id": 1, "username": "kiosk-1", "role": "kiosk"}   a kiosk or display
    {"kind": "customer"}                                                  the public (online, by token or code)
    {"kind": "system"}                                                    the server itself (day close, ...)

`Actor.of(principal)` gives the first three; services that add events need nothing more than passing the
caller to `begin`. Devices do not receive `actor` over the event stream (see `server.services.views`).

A create request sent with an `Idempotency-Key` claims its key in the same transaction, right after the
branch lock (`server.services.idempotency.claim_pending`): a retry of a request already carried out leaves
`begin` with the stored answer instead of acting again.

What runs after the commit (publishing, predictor observations, asking for the branch's estimates to be
refreshed) can no longer undo the change, so it never fails the request either: each action runs on its
own, and one that raises is logged and skipped.

The branch's queue lives in memory too (`server.services.live_queue`): a change that moves tickets the
way the busy paths do says what it did to it with `Change.follow(update)`, applied after the commit in
the branch's turn; any change that does not (and writes more than estimates) marks every in-memory copy
stale (`Database.bump`), to be read again from the database when next needed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Branch, Event
from server.domain.enums import EventType
from server.domain.errors import NotFound
from server.events.hub import EventHub, PublishedEvent
from server.services.auth import Principal
from server.services.idempotency import claim_pending
from server.services.live_queue import LiveQueues
from server.services.queue_state import QueueState

Clock = Callable[[], datetime]
CommitListener = Callable[[int, Sequence[PublishedEvent]], Any]
"""Told (branch id, events) after every commit; what it returns is kept as `Change.committed`."""

QueueUpdate = Callable[[QueueState], None]
log = logging.getLogger("branchq.changes")
_BRANCHES, _EVENTS = Branch.__table__, Event.__table__
_NEXT_SEQ = (
    update(_BRANCHES)
    .where(_BRANCHES.c.id == bindparam("branch"))
    .values(event_seq=_BRANCHES.c.event_seq + 1)
    .returning(_BRANCHES.c.event_seq)
)
_APPEND_EVENT = insert(_EVENTS)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who made a change: an account (staff or device), the customer, or the system."""

    kind: str  # "staff", "device", "customer" or "system"
    account_id: int | None = None
    username: str | None = None
    role: str | None = None

    @classmethod
    def of(cls, principal: Principal | None) -> Actor:
        """The caller's account, or the customer when the request came without one."""
        if principal is None:
            return CUSTOMER
        return cls(principal.kind, principal.account_id, principal.username, principal.role.value)

    def as_payload(self) -> dict[str, object]:
        if self.account_id is None:
            return {"kind": self.kind}
        return {"kind": self.kind, "id": self.account_id, "username": self.username, "role": self.role}


CUSTOMER = Actor("customer")
SYSTEM = Actor("system")


class Change:
    """The open transaction of one change; services record events and after-commit work on it.

    Attributes:
        actor: who makes the change; recorded in every event as `actor`.
    """

    def __init__(self, session: Session, branch: Branch, now: datetime, actor: Actor) -> None:
        self.session = session
        self.branch = branch
        self.now = now
        self.actor = actor
        self.events: list[PublishedEvent] = []
        self._after_commit: list[Callable[[], None]] = []
        self.queue_updates: list[QueueUpdate] | None = None
        """What this change did to the branch's queue (`follow`); None: it did not say."""
        self.committed: Any = None
        """What the commit listener answered (the estimate refresh this change asked for)."""

    def record(self, event_type: EventType, data: dict[str, Any]) -> PublishedEvent:
        """Append an event to the branch's log: the next number of its gapless sequence (the branch row
        counts them, under this transaction's lock), written in this transaction."""
        data = {**data, "actor": self.actor.as_payload()}
        connection = self.session.connection()
        seq = connection.execute(_NEXT_SEQ, {"branch": self.branch.id}).scalar_one()
        connection.execute(
            _APPEND_EVENT,
            {"branch_id": self.branch.id, "seq": seq, "type": event_type.value, "payload": data, "created_at": self.now},
        )
        event = PublishedEvent(self.branch.id, seq, event_type.value, self.now.isoformat(), data)
        self.events.append(event)
        return event

    def follow(self, update: QueueUpdate | None = None) -> None:
        """Say what this change does to the branch's in-memory queue (`live_queue`): `update` is applied to
        it after the commit; `follow()` alone says the change moved nothing there. A change that calls it
        must describe all it did to the queue, else the state goes wrong; one that never calls it makes
        the server read the queue again."""
        if self.queue_updates is None:
            self.queue_updates = []
        if update is not None:
            self.queue_updates.append(update)

    def after_commit(self, action: Callable[[], None]) -> None:
        self._after_commit.append(action)

    def _finish(self) -> None:
        for action in self._after_commit:
            _isolated("after-commit action", action)


class Changes:
    def __init__(self, db: Database, hub: EventHub, clock: Clock, live: LiveQueues | None = None) -> None:
        self.db = db
        self.hub = hub
        self.clock = clock
        self.live = live if live is not None else LiveQueues(db)
        self.on_commit: CommitListener | None = None
        """Set by the container: the estimate refresher hears of every committed change."""

    @contextmanager
    def begin(self, branch_id: int, *, actor: Actor) -> Iterator[Change]:
        """One change of the branch, in the branch's turn (`LiveQueues.turn`) and one write transaction."""
        with self.live.turn(branch_id):
            try:
                with self.db.write(tracked=True) as session:
                    branch = session.scalars(
                        select(Branch).where(Branch.id == branch_id).with_for_update()
                    ).one_or_none()
                    if branch is None:
                        raise NotFound(
                            f"branch {branch_id} does not exist", code="branch.id_not_found",
                            params={"branch_id": branch_id}
                        )
                    change = Change(session, branch, self.clock(), actor)
                    claim_pending(session, change.now)  # the request's idempotency key, claimed with the change
                    yield change
            except BaseException:
                self.db.bump()  # rolled back (or failed to commit): nothing to follow, but be sure
                raise
            self._follow(branch_id, change)
            _isolated("publishing events", self.hub.publish, change.events)
        change._finish()
        if self.on_commit is not None:
            change.committed = _isolated("asking for fresh estimates", self.on_commit, branch_id, change.events)


    def _follow(self, branch_id: int, change: Change) -> None:
        """Bring the in-memory copies up to the committed change (inside the branch's turn)."""
        if change.queue_updates is None:
            if not change.events or any(event.type not in _DERIVED_ONLY for event in change.events):
                self.db.bump()
            return
        state = self.live.current(branch_id)
        if state is None:
            return
        try:
            for queue_update in change.queue_updates:
                queue_update(state)
        except Exception:
            log.exception("following a change of branch %s failed; its queue will be read again", branch_id)
            self.live.forget(branch_id)


_DERIVED_ONLY = frozenset({EventType.ESTIMATES_CHANGED.value, EventType.SERVICE_SUMMARY.value})
"""Events of the estimate refresher: it writes estimates and the menu's summaries, nothing a cache holds."""


def _isolated(what: str, action: Callable[..., Any], *args: Any) -> Any:
    """Run one piece of after-commit work; a failure is logged, never raised (the change is committed)."""
    try:
        return action(*args)
    except Exception:
        log.exception("after commit: %s failed", what)
        return None
