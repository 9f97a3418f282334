"""A branch's counters and the services each one serves, in order of preference."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from server.db.models import Branch, Counter, CounterSkill, Service, Ticket
from server.domain.enums import CounterState, TicketStatus
from server.domain.errors import ConflictError, InvalidInput
from server.services.admin import rules
from server.services.admin.common import any_branch, changed_fields, row_by_id
from server.services.admin.config_write import ConfigAction, ConfigChanges, ConfigEntity
from server.services.admin.views import counter_view

FIELDS: dict[str, rules.Checker] = {
    "number": rules.whole_number(1, rules.MAX_COUNTER_NUMBER),
    "name": rules.text(100, required=False),
    "zone_zh": rules.text(100, required=False),
    "zone_en": rules.text(100, required=False),
    "skills": rules.code_list,
}
WITH_SKILLS = [selectinload(Counter.skills).selectinload(CounterSkill.service)]


class CounterAdmin:
    def __init__(self, config: ConfigChanges) -> None:
        self.config = config

    def list(self, branch_code: str) -> list[dict[str, Any]]:
        with self.config.changes.db.read() as session:
            branch = any_branch(session, branch_code)
            rows = session.scalars(
                select(Counter)
                .where(Counter.branch_id == branch.id)
                .options(*WITH_SKILLS)
                .order_by(Counter.number)
            )
            return [counter_view(counter, branch.code) for counter in rows]

    def create(self, branch_code: str, values: dict[str, Any]) -> dict[str, Any]:
        rules.require(values, "number")
        fields = rules.checked(values, FIELDS)
        skills = fields.pop("skills", [])
        with self.config.changes.db.read() as session:
            branch_id = any_branch(session, branch_code).id
        with self.config.begin([branch_id]) as write:
            branch = any_branch(write.session, branch_code)
            _require_unique_number(write.session, branch, fields["number"], None)
            counter = Counter(branch_id=branch.id, state=CounterState.CLOSED, active=True, **fields)
            write.session.add(counter)
            _set_skills(write.session, branch, counter, skills)
            write.announce(
                ConfigEntity.COUNTER, ConfigAction.CREATED, {"id": counter.id, "number": counter.number}
            )
            return counter_view(counter, branch.code)

    def update(self, counter_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """Skills may change while the counter is open; the next call uses them."""
        fields = rules.checked(values, FIELDS)
        skills = fields.pop("skills", None)
        with self.config.begin([self._branch_id(counter_id)]) as write:
            counter = row_by_id(write.session, Counter, counter_id, "counter", options=WITH_SKILLS)
            branch = counter.branch
            if "number" in fields:
                _require_unique_number(write.session, branch, fields["number"], counter.id)
            changed = changed_fields(counter, fields)
            if skills is not None and skills != [skill.service.code for skill in counter.skills]:
                _set_skills(write.session, branch, counter, skills)
                changed.append("skills")
            if changed:
                write.announce(
                    ConfigEntity.COUNTER,
                    ConfigAction.UPDATED,
                    {"id": counter.id, "number": counter.number, "fields": changed},
                )
            return counter_view(counter, branch.code)

    def deactivate(self, counter_id: int) -> dict[str, Any]:
        """Refused while the counter is open or still has a customer; close it first."""
        with self.config.begin([self._branch_id(counter_id)]) as write:
            counter = row_by_id(write.session, Counter, counter_id, "counter", options=WITH_SKILLS)
            if counter.active:
                _require_idle(write.session, counter)
                counter.active = False
                write.announce(
                    ConfigEntity.COUNTER,
                    ConfigAction.DEACTIVATED,
                    {"id": counter.id, "number": counter.number},
                )
            return counter_view(counter, counter.branch.code)

    def _branch_id(self, counter_id: int) -> int:
        with self.config.changes.db.read() as session:
            return row_by_id(session, Counter, counter_id, "counter").branch_id


def _set_skills(session: Session, branch: Branch, counter: Counter, codes: list[str]) -> None:
    services = {s.code: s for s in session.scalars(select(Service).where(Service.branch_id == branch.id))}
    for index, code in enumerate(codes):
        service = services.get(code)
        if service is None or not service.active:
            raise InvalidInput(
                f"branch {branch.code!r} has no active service {code!r}", field=f"skills.{index}",
                code="admin.counter_skill_unknown", params={"branch": branch.code, "service": code},
            )
    counter.skills = []
    session.flush()  # old rows go before new ones take their (counter, service) keys
    counter.skills = [CounterSkill(service=services[code], rank=rank) for rank, code in enumerate(codes)]
    session.flush()


def _require_unique_number(session: Session, branch: Branch, number: int, own_id: int | None) -> None:
    clash = session.scalars(
        select(Counter).where(Counter.branch_id == branch.id, Counter.number == number)
    ).first()
    if clash is not None and clash.id != own_id:
        raise ConflictError(
            f"branch {branch.code!r} already has counter number {number} (id {clash.id}); choose another number",
            field="number", code="admin.counter_number_taken",
            params={"branch": branch.code, "number": number},
        )


def _require_idle(session: Session, counter: Counter) -> None:
    if counter.state is not CounterState.CLOSED:
        raise ConflictError(
            f"counter {counter.number} is {counter.state.value}; close it first", field="id",
            code="admin.counter_not_closed", params={"counter": counter.number, "state": counter.state.value},
        )
    busy = session.scalars(
        select(Ticket).where(
            (Ticket.counter_id == counter.id) & Ticket.status.in_([TicketStatus.CALLED, TicketStatus.SERVING])
            | (Ticket.target_counter_id == counter.id) & (Ticket.status == TicketStatus.WAITING)
        )
    ).first()
    if busy is not None:
        raise ConflictError(
            f"ticket {busy.number} ({busy.status.value}) is still at or sent to counter {counter.number}; "
            "finish or transfer it first",
            field="id", code="admin.counter_has_ticket",
            params={"ticket": busy.number, "status": busy.status.value, "counter": counter.number},
        )
