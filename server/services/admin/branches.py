"""Creating, changing and deactivating branches.

A changed calling policy or wait predictor needs no restart: `QueueEngines.for_branch` builds new
engines the next time the branch is read with a different configuration.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import func, select

from server.db.models import Branch, Counter, Ticket
from server.domain.enums import CounterState, TicketStatus
from server.domain.calendar import day_hours
from server.domain.errors import ConflictError, InvalidInput
from server.domain.numbering import business_day
from server.services.admin import rules
from server.services.admin.common import any_branch, changed_fields
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.admin.views import branch_view

EDITABLE: dict[str, rules.Checker] = {
    "name_zh": rules.text(200),
    "name_en": rules.text(200),
    "time_zone": rules.time_zone,
    "opens_at": rules.clock_time,
    "closes_at": rules.closing_time,
    "weekly_hours": rules.weekly_hours,
    "day_end_after_min": rules.whole_number(0, rules.MAX_DAY_END_AFTER_MIN),
    "no_show_grace_min": rules.whole_number(0, rules.MAX_NO_SHOW_GRACE_MIN),
    "calling_policy": rules.calling_policy,
    "wait_predictor": rules.wait_predictor,
    "max_recalls": rules.whole_number(0, rules.MAX_RECALLS),
    "missed_call_return_min": rules.whole_number(0, rules.MAX_MISSED_CALL_RETURN_MIN),
    "missed_call_requeue_places": rules.whole_number(0, rules.MAX_REQUEUE_PLACES),
    "allow_call_specific": rules.yes_or_no,
}
CREATABLE: dict[str, rules.Checker] = {"code": rules.code, **EDITABLE}
DEFAULTS: dict[str, Any] = {
    "time_zone": "Asia/Shanghai",
    "opens_at": time(9, 0),
    "closes_at": time(17, 0),
    "calling_policy": "fifo",
    "wait_predictor": "ql",
    "max_recalls": 2,
    "missed_call_return_min": 30,
    "missed_call_requeue_places": 3,
}
OPEN_TICKETS = (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)


class BranchAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            return [branch_view(b) for b in session.scalars(select(Branch).order_by(Branch.id))]

    def get(self, code: str) -> dict[str, Any]:
        with self.config.changes.db.read() as session:
            return branch_view(any_branch(session, code))

    def create(self, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "code", "name_zh", "name_en")
        checked = _with_hours(rules.checked(values, CREATABLE), DEFAULTS["opens_at"], DEFAULTS["closes_at"])
        fields = {**DEFAULTS, **checked}
        rules.opening_hours(fields["opens_at"], fields["closes_at"])
        with self.config.begin() as write:
            if write.session.scalar(select(Branch.id).where(Branch.code == fields["code"])) is not None:
                raise ConflictError(
                    f"a branch with code {fields['code']!r} already exists", field="code",
                    code="admin.branch_code_taken", params={"code": fields["code"]},
                )
            branch = Branch(**fields, active=True, event_seq=0)
            write.session.add(branch)
            write.session.flush()
            write.report_to(branch)
            write.announce(ConfigEntity.BRANCH, ConfigAction.CREATED, {"code": branch.code})
            return branch_view(branch)

    def update(self, code: str, values: dict[str, Any]) -> dict[str, Any]:
        checked = rules.checked(values, EDITABLE)
        with self.config.begin([self._branch_id(code)]) as write:
            branch = any_branch(write.session, code)
            fields = _with_hours(checked, branch.opens_at, branch.closes_at)
            rules.opening_hours(
                fields.get("opens_at", branch.opens_at), fields.get("closes_at", branch.closes_at)
            )
            if fields.get("time_zone", branch.time_zone) != branch.time_zone:
                _require_day_kept(write.session, branch, fields["time_zone"], write.now)
            changed = changed_fields(branch, fields)
            if changed:
                write.announce(
                    ConfigEntity.BRANCH, ConfigAction.UPDATED, {"code": branch.code, "fields": changed}
                )
            return branch_view(branch)

    def deactivate(self, code: str) -> dict[str, Any]:
        """Refused while counters are open or tickets are still open: nobody is left in a dead queue."""
        with self.config.begin([self._branch_id(code)]) as write:
            branch = any_branch(write.session, code)
            if branch.active:
                _require_quiet(write.session, branch)
                branch.active = False
                write.announce(ConfigEntity.BRANCH, ConfigAction.DEACTIVATED, {"code": branch.code})
            return branch_view(branch)

    def _branch_id(self, code: str) -> int:
        with self.config.changes.db.read() as session:
            return any_branch(session, code).id


def _require_day_kept(session: Any, branch: Branch, time_zone: str, now: datetime) -> None:
    """A new time zone is refused while it would strand the day's tickets.

    Open tickets belong to the business day of the old zone: a zone whose date differs would expire
    them all at once, and even one whose date agrees moves the day's end under them. Once the line
    is empty, only a zone that keeps today's date is taken while tickets were issued today (another
    date would restart the numbers the customers of today already hold).
    """
    open_tickets = session.scalar(
        select(func.count()).where(Ticket.branch_id == branch.id, Ticket.status.in_(OPEN_TICKETS))
    )
    if open_tickets:
        raise ConflictError(
            f"{open_tickets} ticket(s) of {branch.code!r} are still open; change the time zone after the day closes",
            field="time_zone",
            code="branch.time_zone_open_tickets",
            params={"count": open_tickets},
        )
    today = business_day(now, branch.time_zone)
    issued_today = session.scalar(
        select(func.count()).where(Ticket.branch_id == branch.id, Ticket.business_day == today)
    )
    if issued_today and business_day(now, time_zone) != today:
        raise ConflictError(
            f"{branch.code!r} issued {issued_today} ticket(s) today; a time zone on another date would "
            "restart today's numbers: change it after midnight",
            field="time_zone",
            code="branch.time_zone_changes_day",
            params={"count": issued_today},
        )


def _with_hours(fields: dict[str, Any], opens_at: time, closes_at: time) -> dict[str, Any]:
    """Two ways to give hours: `weekly_hours` per weekday, or the original `opens_at`/`closes_at` for every
    day (which clears the weekly hours). With weekly hours, `opens_at`/`closes_at` become their summary
    (earliest opening, latest closing), so clients that only know those two still read something true."""
    legacy = "opens_at" in fields or "closes_at" in fields
    if "weekly_hours" not in fields:
        return {**fields, "weekly_hours": None} if legacy else fields
    if legacy:
        raise InvalidInput(
            "give either weekly_hours or opens_at/closes_at, not both", field="weekly_hours",
            code="calendar.hours_or_weekly",
        )
    periods = [day_hours(day) for day in fields["weekly_hours"] if day]
    if not periods:
        return {**fields, "opens_at": opens_at, "closes_at": closes_at}
    first = min(hours[0].start for hours in periods)
    last = max(hours[-1].end for hours in periods)
    return {**fields, "opens_at": time(first // 60, first % 60), "closes_at": time(last // 60 % 24, last % 60)}


def _require_quiet(session: Any, branch: Branch) -> None:
    open_counters = session.scalar(
        select(func.count()).where(Counter.branch_id == branch.id, Counter.state != CounterState.CLOSED)
    )
    if open_counters:
        raise ConflictError(
            f"{open_counters} counter(s) of {branch.code!r} are still open; close them first",
            code="admin.branch_counters_open", params={"count": open_counters, "branch": branch.code},
        )
    open_tickets = session.scalar(
        select(func.count()).where(Ticket.branch_id == branch.id, Ticket.status.in_(OPEN_TICKETS))
    )
    if open_tickets:
        raise ConflictError(
            f"{open_tickets} ticket(s) of {branch.code!r} are still open; "
            "serve, transfer or cancel them first",
            code="admin.branch_tickets_open", params={"count": open_tickets, "branch": branch.code},
        )
