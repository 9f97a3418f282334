"""Finding branches, services, counters and tickets, with errors that name what was not found."""

from __future__ import annotations

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session, selectinload

from server.db.models import Appointment, Branch, Counter, CounterSkill, Service, Ticket
from server.domain.appointments import normalise_code
from server.domain.errors import InvalidInput, NotFound
from server.services.auth import PermissionDenied, Principal
from server.services.permissions import in_branch

_TICKETS = Ticket.__table__


def branch_by_code(session: Session, code: str) -> Branch:
    branch = session.scalars(select(Branch).where(Branch.code == code)).one_or_none()
    if branch is None or not branch.active:
        raise NotFound(
            f"branch {code!r} does not exist", field="code", code="branch.not_found", params={"code": code},
        )
    return branch


def service_by_code(session: Session, branch: Branch, code: str, field: str = "service") -> Service:
    service = session.scalars(
        select(Service).where(Service.branch_id == branch.id, Service.code == code)
    ).one_or_none()
    if service is None:
        raise InvalidInput(
            f"branch {branch.code!r} has no service {code!r}", field=field,
            code="service.not_in_branch", params={"branch": branch.code, "service": code},
        )
    if not service.active:
        raise InvalidInput(
            f"service {code!r} is not offered at the moment", field=field,
            code="service.unavailable", params={"service": code},
        )
    return service


def counter_by_id(session: Session, counter_id: int, *, with_skills: bool = True) -> Counter:
    """The active counter; `with_skills` loads its services too (two more queries: only when they are shown)."""
    options = [selectinload(Counter.skills).selectinload(CounterSkill.service)] if with_skills else []
    counter = session.get(Counter, counter_id, options=options)
    if counter is None or not counter.active:
        raise NotFound(
            f"counter {counter_id} does not exist", field="counter_id",
            code="counter.not_found", params={"counter_id": counter_id},
        )
    return counter


def ticket_by_id(session: Session, ticket_id: int) -> Ticket:
    ticket = session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(
            f"ticket {ticket_id} does not exist", field="ticket_id", code="ticket.not_found",
            params={"ticket_id": ticket_id}
        )
    return ticket


def branch_of_ticket(connection: Connection | Session, ticket_id: int) -> int:
    """The branch id of a ticket (one column: the ticket itself is read in the change's transaction)."""
    branch_id = connection.scalar(select(_TICKETS.c.branch_id).where(_TICKETS.c.id == ticket_id))
    if branch_id is None:
        raise NotFound(
            f"ticket {ticket_id} does not exist", field="ticket_id", code="ticket.not_found",
            params={"ticket_id": ticket_id}
        )
    return branch_id


def ticket_by_token(session: Session, token: str) -> Ticket:
    ticket = session.scalars(select(Ticket).where(Ticket.token == token)).one_or_none()
    if ticket is None:
        raise NotFound(
            "no ticket has this code; check the link or ask at the reception", field="token",
            code="ticket.code_unknown"
        )
    return ticket


def appointment_by_code(session: Session, code: str) -> Appointment:
    """By the check-in code as the customer typed it (any case, spaces or dashes)."""
    appointment = session.scalars(select(Appointment).where(Appointment.code == normalise_code(code))).one_or_none()
    if appointment is None:
        raise NotFound("no appointment has this code", field="appointment", code="appointment.not_found")
    return appointment


def require_branch_access(principal: Principal, branch_id: int) -> None:
    """The branch scope alone; prefer `permissions.authorize`, which also checks the role for the operation."""
    if not in_branch(principal, branch_id):
        raise PermissionDenied("this account has no access to this branch", code="auth.branch_forbidden")
