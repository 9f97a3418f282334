"""Reading the branch event log back, for clients that resume with `since`."""

from __future__ import annotations

from sqlalchemy import select

from server.db.engine import Database
from server.db.models import Event
from server.events.hub import PublishedEvent

PAGE = 1000


def events_after(db: Database, branch_id: int, after_seq: int, up_to: int | None = None) -> list[PublishedEvent]:
    """Committed events of the branch with `after_seq < seq <= up_to`, in order (one page at most)."""
    query = select(Event).where(Event.branch_id == branch_id, Event.seq > after_seq)
    if up_to is not None:
        query = query.where(Event.seq <= up_to)
    with db.read() as session:
        rows = session.scalars(query.order_by(Event.seq).limit(PAGE)).all()
        return [PublishedEvent(r.branch_id, r.seq, r.type, r.created_at.isoformat(), dict(r.payload)) for r in rows]


def latest_seq(db: Database, branch_id: int) -> int:
    with db.read() as session:
        return session.scalar(select(Event.seq).where(Event.branch_id == branch_id).order_by(Event.seq.desc()).limit(1)) or 0
