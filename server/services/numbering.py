"""Allocating a ticket's daily sequence number inside the issuing transaction.

The database does it: make sure the day's counter row exists (an insert that ignores a conflict),
then increment it with `UPDATE ... RETURNING`. The row lock that the update takes serialises
concurrent issuers on PostgreSQL; on SQLite the write transaction already holds the database lock.
Never "highest number plus one", which hands two customers the same number under load.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db.models import TicketSequence


def allocate_sequence(session: Session, branch_id: int, service_id: int, business_day: date) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(TicketSequence)
        .values(branch_id=branch_id, service_id=service_id, business_day=business_day, last_value=0)
        .on_conflict_do_nothing(index_elements=["branch_id", "service_id", "business_day"])
    )
    return session.execute(
        update(TicketSequence)
        .where(
            TicketSequence.branch_id == branch_id,
            TicketSequence.service_id == service_id,
            TicketSequence.business_day == business_day,
        )
        .values(last_value=TicketSequence.last_value + 1)
        .returning(TicketSequence.last_value)
    ).scalar_one()
