"""One configuration change: a write transaction that tells every branch it touches.

Configuration changes differ from queue changes in two ways: some touch no branch yet (a new branch,
an administrator without branches) and some touch several (an account moved between branches). Each
branch touched gets one `config.changed` event in the same transaction, so displays and counter apps
reload exactly when the new configuration is committed. The first branch goes through
`Changes.begin` like every other change; further branches are locked in id order in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.db.models import Branch
from server.domain.enums import EventType
from server.domain.errors import NotFound
from server.events.hub import PublishedEvent
from server.services.auth import Principal
from server.services.unit_of_work import SYSTEM, Actor, Change, Changes


class ConfigEntity(StrEnum):
    """What a `config.changed` event is about (its `entity` field)."""

    BRANCH = "branch"
    SERVICE = "service"
    COUNTER = "counter"
    STAFF = "staff"
    DEVICE = "device"
    SPECIAL_DAY = "special_day"
    CATEGORY = "category"


class ConfigAction(StrEnum):
    """What happened to it (the event's `action` field)."""

    CREATED = "created"
    UPDATED = "updated"
    DEACTIVATED = "deactivated"
    DELETED = "deleted"


class ConfigWrite:
    """The open transaction of a configuration change.

    Attributes:
        session: the write session.
        now: the time of the change (the container's clock).
    """

    def __init__(self, session: Session, now: datetime, first: Change | None, actor: Actor) -> None:
        self.session = session
        self.now = now
        self.actor = actor
        self._reported: list[Change] = [first] if first is not None else []
        self._extra: list[Change] = []

    def report_to(self, branch: Branch) -> None:
        """Also announce this change on `branch` (a branch created or newly linked in this change)."""
        if any(change.branch.id == branch.id for change in self._reported):
            return
        change = Change(self.session, branch, self.now, self.actor)
        self._reported.append(change)
        self._extra.append(change)

    def announce(self, entity: ConfigEntity, action: ConfigAction, data: dict[str, Any]) -> None:
        """Record one `config.changed` event on each branch this change reports to."""
        self.session.flush()
        for change in self._reported:
            change.record(EventType.CONFIG_CHANGED, {"entity": entity.value, "action": action.value, **data})

    def extra_events(self) -> list[PublishedEvent]:
        return [event for change in self._extra for event in change.events]


class ConfigChanges:
    """Configuration transactions made by one administrator (`actor`, recorded in their events)."""

    def __init__(self, changes: Changes, principal: Principal | None = None) -> None:
        self.changes = changes
        self.actor = Actor.of(principal) if principal is not None else SYSTEM

    @contextmanager
    def begin(self, branch_ids: Iterable[int] = ()) -> Iterator[ConfigWrite]:
        ids = sorted(set(branch_ids))
        if ids:
            with self.changes.begin(ids[0], actor=self.actor) as first:
                write = ConfigWrite(first.session, first.now, first, self.actor)
                for branch_id in ids[1:]:
                    write.report_to(_locked_branch(first.session, branch_id))
                yield write
        else:
            with self.changes.db.write() as session:
                write = ConfigWrite(session, self.changes.clock(), None, self.actor)
                yield write
        self.changes.hub.publish(write.extra_events())


def _locked_branch(session: Session, branch_id: int) -> Branch:
    branch = session.scalars(select(Branch).where(Branch.id == branch_id).with_for_update()).one_or_none()
    if branch is None:
        raise NotFound(
            f"branch {branch_id} does not exist", code="branch.id_not_found", params={"branch_id": branch_id},
        )
    return branch
