"""Special days of a branch: public holidays (closed) and make-up working days (调休, worked with a
weekday's hours or hours of their own). The weekly hours are branch settings (`BranchAdmin.update`).

Setting a day replaces whatever the date had; removing it returns the date to its weekly hours. Each
change is a `config.changed` event (`entity: "special_day"`), so kiosks reload their hours at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from server.db.models import SpecialDay
from server.domain.calendar import weekday_index
from server.domain.errors import InvalidInput, NotFound
from server.services.admin import rules
from server.services.admin.common import any_branch
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.admin.views import special_day_view

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
NOTE = rules.text(100, required=False)


class CalendarAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self, code: str, since: date | None = None) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            branch = any_branch(session, code)
            query = select(SpecialDay).where(SpecialDay.branch_id == branch.id).order_by(SpecialDay.day)
            if since is not None:
                query = query.where(SpecialDay.day >= since)
            return [special_day_view(day) for day in session.scalars(query)]

    def set(self, code: str, day: date, values: dict[str, Any]) -> dict[str, Any]:
        """`{"closed": true}`, `{"hours": ["09:00-12:00"]}` or `{"like": "monday"}`, each with an optional note."""
        _check_range(day)
        hours, like_weekday = _kind(values)
        note = NOTE("note", values.get("note"))
        with self.config.begin([self._branch_id(code)]) as write:
            branch = any_branch(write.session, code)
            row = _row(write.session, branch.id, day)
            action = ConfigAction.UPDATED
            if row is None:
                row = SpecialDay(branch_id=branch.id, day=day)
                write.session.add(row)
                action = ConfigAction.CREATED
            row.hours, row.like_weekday, row.note = hours, like_weekday, note
            write.announce(ConfigEntity.SPECIAL_DAY, action, {"code": branch.code, "date": day.isoformat()})
            return special_day_view(row)

    def remove(self, code: str, day: date) -> dict[str, Any]:
        with self.config.begin([self._branch_id(code)]) as write:
            branch = any_branch(write.session, code)
            row = _row(write.session, branch.id, day)
            if row is None:
                raise NotFound(
                    f"{day.isoformat()} has no special hours at {branch.code!r}", field="date",
                    code="calendar.special_day_missing", params={"date": day.isoformat()},
                )
            view = special_day_view(row)
            write.session.delete(row)
            write.announce(
                ConfigEntity.SPECIAL_DAY, ConfigAction.DELETED, {"code": branch.code, "date": day.isoformat()}
            )
            return view

    def _branch_id(self, code: str) -> int:
        with self.config.changes.db.read() as session:
            return any_branch(session, code).id


def _check_range(day: date) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            f"{day.isoformat()} is outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}", field="date",
            code="calendar.day_out_of_range",
            params={"date": day.isoformat(), "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )


def _kind(values: dict[str, Any]) -> tuple[list[str], int | None]:
    """Exactly one of closed, hours, like."""
    given = [key for key in ("closed", "hours", "like") if values.get(key) not in (None, False)]
    if len(given) != 1:
        raise InvalidInput(
            "give exactly one of closed: true, hours: [...] or like: <weekday>", field="closed",
            code="calendar.special_day_kind",
        )
    if given[0] == "closed":
        if values["closed"] is not True:
            raise InvalidInput(
                "give exactly one of closed: true, hours: [...] or like: <weekday>", field="closed",
                code="calendar.special_day_kind",
            )
        return [], None
    if given[0] == "hours":
        hours = rules.special_day_hours("hours", values["hours"])
        if not hours:
            raise InvalidInput(
                "give at least one period, or closed: true", field="hours", code="calendar.special_day_kind"
            )
        return hours, None
    return [], weekday_index(str(values["like"]), "like")


def _row(session: Any, branch_id: int, day: date) -> SpecialDay | None:
    return session.scalars(
        select(SpecialDay).where(SpecialDay.branch_id == branch_id, SpecialDay.day == day)
    ).one_or_none()
