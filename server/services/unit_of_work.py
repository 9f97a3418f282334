"""One change to a branch: a write transaction, its event-log entries, and what happens after commit.

Every state change goes through `Changes.begin(branch_id)`. It locks the branch row (so two tellers
never call the same ticket, and event numbers stay gapless), lets the service record events in the
same transaction, and publishes them only once the commit has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from server.db.engine import Database
from server.db.models import Branch, Event
from server.domain.enums import EventType
from server.domain.errors import NotFound
from server.events.hub import EventHub, PublishedEvent

Clock = Callable[[], datetime]


class Change:
    """The open transaction of one change; services record events and after-commit work on it."""

    def __init__(self, session: Session, branch: Branch, now: datetime) -> None:
        self.session = session
        self.branch = branch
        self.now = now
        self.events: list[PublishedEvent] = []
        self._after_commit: list[Callable[[], None]] = []

    def record(self, event_type: EventType, data: dict[str, Any]) -> PublishedEvent:
        seq = self.session.execute(
            update(Branch)
            .where(Branch.id == self.branch.id)
            .values(event_seq=Branch.event_seq + 1)
            .returning(Branch.event_seq)
        ).scalar_one()
        self.session.add(
            Event(branch_id=self.branch.id, seq=seq, type=event_type.value, payload=data, created_at=self.now)
        )
        event = PublishedEvent(self.branch.id, seq, event_type.value, self.now.isoformat(), data)
        self.events.append(event)
        return event

    def after_commit(self, action: Callable[[], None]) -> None:
        self._after_commit.append(action)

    def _finish(self) -> None:
        for action in self._after_commit:
            action()


class Changes:
    def __init__(self, db: Database, hub: EventHub, clock: Clock) -> None:
        self.db = db
        self.hub = hub
        self.clock = clock

    @contextmanager
    def begin(self, branch_id: int) -> Iterator[Change]:
        with self.db.write() as session:
            branch = session.scalars(
                select(Branch).where(Branch.id == branch_id).with_for_update()
            ).one_or_none()
            if branch is None:
                raise NotFound(
                    f"branch {branch_id} does not exist", code="branch.id_not_found",
                    params={"branch_id": branch_id}
                )
            change = Change(session, branch, self.clock())
            yield change
        self.hub.publish(change.events)
        change._finish()
