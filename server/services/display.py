"""What the waiting-room display shows: the latest calls, the lines per service, the branch's hours, and the
manager's notices for the strip at the bottom (None where the manager set none: the display's standard words).

The calls come from the branch's event log (`ticket.called` and `ticket.recalled` of the business day), the
same record the display then follows live over the event stream, so a display that starts or reconnects
shows the same last calls as one that never stopped. Only what a device may see: numbers, services,
counters; never names, phones or who called.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.db.models import Event
from server.domain.enums import EventType
from server.domain.numbering import business_day
from server.services.auth import Principal
from server.services.lookups import branch_by_code
from server.services.permissions import Operation, authorize_branch
from server.services.queries import QueueQueries

RECENT_CALLS = 6
"""The latest call, shown large, and the five before it."""
CALL_EVENTS = (EventType.TICKET_CALLED.value, EventType.TICKET_RECALLED.value)


def display_board(queries: QueueQueries, branch_code: str, principal: Principal | None) -> dict[str, Any]:
    with queries.db.read() as session:
        branch = branch_by_code(session, branch_code)
        authorize_branch(principal, Operation.DISPLAY_BOARD, branch.id)
        now = queries.clock()
        zone = ZoneInfo(branch.time_zone)
        day_start = datetime.combine(business_day(now, branch.time_zone), time(0), tzinfo=zone)
        rows = session.scalars(
            select(Event)
            .where(Event.branch_id == branch.id, Event.type.in_(CALL_EVENTS), Event.created_at >= day_start)
            .order_by(Event.seq.desc())
            .limit(RECENT_CALLS)
        ).all()
        calls = [call_view(row.seq, row.type, row.created_at.isoformat(), row.payload) for row in rows]
        seq = branch.event_seq
        notices = {"notice_zh": branch.notice_zh, "notice_en": branch.notice_en}
    services = queries.services(branch_code)
    return {
        "branch": services["branch"],
        "hours": services["hours"],
        "as_of_seq": seq,
        "notices": notices,
        "calls": calls,
        "services": [
            {key: row[key] for key in ("code", "name_zh", "name_en", "prefix", "waiting", "open_counters",
                                       "estimated_wait_s", "estimated_wait_low_s", "estimated_wait_high_s")}
            for row in services["services"]
        ],
    }


def call_view(seq: int, event_type: str, at: str, data: dict[str, Any]) -> dict[str, Any]:
    """One call as the display lists it (the same shape whether read from the log or pushed live)."""
    counter = data.get("counter") or {}
    service = data.get("service") or {}
    return {
        "seq": seq,
        "recall": event_type == EventType.TICKET_RECALLED.value,
        "at": at,
        "number": data.get("number"),
        "counter": counter.get("number"),
        "service_zh": service.get("name_zh"),
        "service_en": service.get("name_en"),
    }
